#!/usr/bin/env bash
# Fuzzes one parser with libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer
# (clang, built outside the CMake build), for a bounded time.
#
#   usage: scripts/fuzz.sh TARGET [SECONDS] [extra libFuzzer flags...]   (default 60 s)
#   TARGET: lesson idx checkpoint csv share expr   (fuzz/fuzz_TARGET.cpp)
#
# The corpus is fuzz/corpus/TARGET: the run reads it, writes new inputs into
# build/fuzz/work/TARGET, and every crash, leak or timeout into
# fuzz/corpus/TARGET/crash-* (and so on). At the end the old corpus and the new
# inputs are merged into a minimal set that keeps their coverage, which
# replaces fuzz/corpus/TARGET (crash-*, timeout-*, oom-*, leak-* and
# regression-* files are always kept). CTest replays every file of every
# corpus through the same target functions built by the normal compiler
# (fuzz/replay.cpp, the fuzz_replay_* tests).
# Needs clang and libclang-rt-14-dev (apt-get install clang libclang-rt-14-dev).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGETS="lesson idx checkpoint csv share expr"
TARGET="${1:-}"
if [ -z "$TARGET" ] || [ ! -f "$ROOT/fuzz/fuzz_$TARGET.cpp" ]; then
  echo "usage: scripts/fuzz.sh TARGET [SECONDS] [libFuzzer flags...]; TARGET is one of: $TARGETS" >&2
  exit 2
fi
SECONDS_TO_RUN="${2:-60}"
shift $(( $# >= 2 ? 2 : 1 ))
OUT="$ROOT/build/fuzz"
CORPUS="$ROOT/fuzz/corpus/$TARGET"
WORK="$OUT/work/$TARGET"
CXX="${CXX_FUZZ:-clang++}"
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
mkdir -p "$OUT/obj" "$WORK" "$CORPUS"

# The embedded lesson library (lessons/format/library.cpp needs it), generated the way CMake does.
files=$(ls "$ROOT"/lessons/library/*.toml | sort | paste -sd'|')
cmake -DOUT="$OUT/library_embedded.cpp" "-DFILES=$files" -DFUNCTION=embedded_library \
      -DHEADER=lessons/format/library.h -DNAMESPACE=ganstep::lessons -P "$ROOT/lessons/format/embed.cmake"

FLAGS=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -ffp-contract=off -I"$ROOT" -isystem /usr/include/stb -DGANSTEP_ASSETS_DIR="\"$ROOT/assets\""
       -DTOML_EXCEPTIONS=0 -DTOML_MAX_NESTED_VALUES=8 -DTOML_ENABLE_FORMATTERS=0)
sources=($(cd "$ROOT" && find engine lessons/format -name '*.cpp' | sort))
# Each source compiled once (again only when it or any header is newer than its
# object, or the flags changed).
[ "$(cat "$OUT/obj/flags.txt" 2>/dev/null)" = "${FLAGS[*]}" ] || rm -f "$OUT"/obj/*.o
echo "${FLAGS[*]}" > "$OUT/obj/flags.txt"
objs=("$OUT/obj/library_embedded.o")
stale=()
for s in "${sources[@]}"; do
  o="$OUT/obj/$(echo "$s" | tr '/' '_').o"
  objs+=("$o")
  if [ ! -f "$o" ] || [ "$ROOT/$s" -nt "$o" ] ||
     [ -n "$(find "$ROOT/engine" "$ROOT/lessons/format" -name '*.h' -newer "$o" -print -quit)" ]; then
    stale+=("$s")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "fuzz: compiling ${#stale[@]} files"
  for s in "${stale[@]}"; do
    "$CXX" "${FLAGS[@]}" -fsanitize=fuzzer-no-link -c "$ROOT/$s" -o "$OUT/obj/$(echo "$s" | tr '/' '_').o" &
    while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
  done
  wait
fi
"$CXX" "${FLAGS[@]}" -fsanitize=fuzzer-no-link -c "$OUT/library_embedded.cpp" -o "$OUT/obj/library_embedded.o"
"$CXX" "${FLAGS[@]}" -fsanitize=fuzzer "$ROOT/fuzz/fuzz_$TARGET.cpp" "${objs[@]}" -lz -lpthread -o "$OUT/fuzz_$TARGET"

# Inputs as long as the parser needs, and a corpus of a few hundred KB at most.
case "$TARGET" in
  checkpoint) max_len=4096 ;;
  share) max_len=2048 ;;
  lesson) max_len=1024 ;;  # (the library lessons are longer: their first KiB seeds it)
  expr | idx) max_len=1100 ;;  # a formula is at most 1000 bytes
  csv) max_len=512 ;;
esac
opts=(-max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$CORPUS/")
[ -f "$ROOT/fuzz/$TARGET.dict" ] && opts+=(-dict="$ROOT/fuzz/$TARGET.dict")
cd "$OUT"
echo "fuzz: running fuzz_$TARGET for ${SECONDS_TO_RUN}s"
status=0
GANSTEP_FUZZ_SEED_DIR="$WORK" ./"fuzz_$TARGET" -max_total_time="$SECONDS_TO_RUN" "${opts[@]}" "$@" "$WORK" "$CORPUS" \
  2>&1 | tee "$OUT/fuzz_$TARGET.log" | grep -v '^#[0-9]' || status=$?
grep -h 'stat::number_of_executed_units\|^==.*ERROR\|SUMMARY' "$OUT/fuzz_$TARGET.log" || true

# A minimal corpus with the coverage of the old one and the new inputs.
keep='^(crash|timeout|oom|leak|slow-unit|regression)-'
rm -rf "$OUT/merged/$TARGET" && mkdir -p "$OUT/merged/$TARGET"
mkdir -p "$OUT/plain/$TARGET" && rm -f "$OUT/plain/$TARGET"/*
for f in "$CORPUS"/*; do [ -f "$f" ] && ! basename "$f" | grep -Eq "$keep" && cp "$f" "$OUT/plain/$TARGET/"; done
if ./"fuzz_$TARGET" -merge=1 "${opts[@]}" "$OUT/merged/$TARGET" "$OUT/plain/$TARGET" "$WORK" >"$OUT/merge_$TARGET.log" 2>&1; then
  for f in "$CORPUS"/*; do [ -f "$f" ] && ! basename "$f" | grep -Eq "$keep" && rm -f "$f"; done
  cp "$OUT/merged/$TARGET"/* "$CORPUS/" 2>/dev/null || true
  echo "fuzz: corpus fuzz/corpus/$TARGET: $(ls "$CORPUS" | wc -l) files, $(cat "$CORPUS"/* | wc -c) bytes"
else
  echo "fuzz: merging failed (see $OUT/merge_$TARGET.log); fuzz/corpus/$TARGET unchanged" >&2
fi
exit "$status"
