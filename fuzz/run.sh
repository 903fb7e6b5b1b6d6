#!/usr/bin/env bash
# Builds the lesson-format fuzzer with clang (libFuzzer + AddressSanitizer +
# UndefinedBehaviorSanitizer), outside the CMake build, and runs it for a
# bounded time.
#   usage: fuzz/run.sh [SECONDS] [extra libFuzzer flags...]     (default 60 s)
# Output: build/fuzz/fuzz_lesson, the corpus in build/fuzz/corpus (seeded from
# lessons/library and fuzz/seeds), crashes as build/fuzz/crash-*.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${1:-60}"
shift || true
OUT="$ROOT/build/fuzz"
CXX="${CXX_FUZZ:-clang++}"
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
mkdir -p "$OUT/obj" "$OUT/corpus"

# The embedded library (library.cpp needs it), generated the way CMake does.
files=$(ls "$ROOT"/lessons/library/*.toml | sort | paste -sd'|')
cmake -DOUT="$OUT/library_embedded.cpp" "-DFILES=$files" -DFUNCTION=embedded_library \
      -DHEADER=lessons/format/library.h -DNAMESPACE=ganstep::lessons -P "$ROOT/lessons/format/embed.cmake"

FLAGS=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -ffp-contract=off -I"$ROOT" -isystem /usr/include/stb -DGANSTEP_ASSETS_DIR="\"$ROOT/assets\"" -DTOML_EXCEPTIONS=0 -DTOML_MAX_NESTED_VALUES=8 -DTOML_ENABLE_FORMATTERS=0)
sources=($(cd "$ROOT" && find engine -name '*.cpp' | sort) $(cd "$ROOT" && ls lessons/format/*.cpp))
# Compile each source once (again only when it or any header is newer than its object).
objs=()
stale=()
for s in "${sources[@]}"; do
  o="$OUT/obj/$(echo "$s" | tr '/' '_').o"
  objs+=("$o")
  if [ ! -f "$o" ] || [ "$ROOT/$s" -nt "$o" ] || [ "$0" -nt "$o" ] ||
     [ -n "$(find "$ROOT/engine" "$ROOT/lessons/format" -name '*.h' -newer "$o" -print -quit)" ]; then
    stale+=("$s")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "fuzz: compiling ${#stale[@]} files"
  jobs_max=$(nproc)
  for s in "${stale[@]}"; do
    "$CXX" "${FLAGS[@]}" -fsanitize=fuzzer-no-link -c "$ROOT/$s" -o "$OUT/obj/$(echo "$s" | tr '/' '_').o" &
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
  done
  wait
fi
"$CXX" "${FLAGS[@]}" -fsanitize=fuzzer "$ROOT/fuzz/fuzz_lesson.cpp" "$OUT/library_embedded.cpp" "${objs[@]}" -lz \
       -o "$OUT/fuzz_lesson"

cp -u "$ROOT"/lessons/library/*.toml "$ROOT"/fuzz/seeds/* "$OUT/corpus/" 2>/dev/null || true
cd "$OUT"
echo "fuzz: running for ${SECONDS_TO_RUN}s"
./fuzz_lesson -max_total_time="$SECONDS_TO_RUN" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -dict="$ROOT/fuzz/lesson.dict" -print_final_stats=1 "$@" corpus
