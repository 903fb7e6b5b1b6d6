#!/usr/bin/env bash
# Builds the checkpoint fuzzer (fuzz/fuzz_checkpoint.cpp + the engine) with
# clang (libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer), outside
# the CMake build, and runs it for a bounded time.
#   usage: fuzz/run_checkpoint.sh [SECONDS] [extra libFuzzer flags...]   (default 60 s)
# Output: build/fuzz-checkpoint/fuzz_checkpoint, the corpus in
# build/fuzz-checkpoint/corpus (seeded with a valid checkpoint), crashes as
# build/fuzz-checkpoint/crash-*.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${1:-60}"
shift || true
OUT="$ROOT/build/fuzz-checkpoint"
CXX="${CXX_FUZZ:-clang++}"
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
mkdir -p "$OUT/obj" "$OUT/corpus"

FLAGS=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -ffp-contract=off -I"$ROOT" -isystem /usr/include/stb -DGANSTEP_ASSETS_DIR="\"$ROOT/assets\"")
sources=($(cd "$ROOT" && find engine -name '*.cpp' | sort))
# Compile each source once (again only when it or any engine header is newer than its object).
objs=()
stale=()
for s in "${sources[@]}"; do
  o="$OUT/obj/$(echo "$s" | tr '/' '_').o"
  objs+=("$o")
  if [ ! -f "$o" ] || [ "$ROOT/$s" -nt "$o" ] || [ "$0" -nt "$o" ] ||
     [ -n "$(find "$ROOT/engine" -name '*.h' -newer "$o" -print -quit)" ]; then
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
"$CXX" "${FLAGS[@]}" -fsanitize=fuzzer "$ROOT/fuzz/fuzz_checkpoint.cpp" "${objs[@]}" -lz -lpthread \
       -o "$OUT/fuzz_checkpoint"

cd "$OUT"
GANSTEP_FUZZ_SEED_DIR="$OUT/corpus" ./fuzz_checkpoint -runs=0 corpus >/dev/null 2>&1 || true
echo "fuzz: running for ${SECONDS_TO_RUN}s"
./fuzz_checkpoint -max_total_time="$SECONDS_TO_RUN" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$@" corpus
