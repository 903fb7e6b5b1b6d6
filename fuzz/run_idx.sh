#!/usr/bin/env bash
# Builds the IDX fuzzer (fuzz/fuzz_idx.cpp + engine/io/idx.cpp) with clang
# (libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer) and runs it for
# a bounded time.
#   usage: fuzz/run_idx.sh [SECONDS] [extra libFuzzer flags...]     (default 60 s)
# Output: build/fuzz/fuzz_idx, the corpus in build/fuzz/corpus_idx (seeded with
# small raw and gzip IDX files), crashes as build/fuzz/crash-*.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${1:-60}"
shift || true
OUT="$ROOT/build/fuzz"
CXX="${CXX_FUZZ:-clang++}"
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
mkdir -p "$OUT/corpus_idx"

"$CXX" -std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
       -I"$ROOT" "$ROOT/fuzz/fuzz_idx.cpp" "$ROOT/engine/io/idx.cpp" -lz -o "$OUT/fuzz_idx"

# Seeds: labels (1-D), a 2x3x3 image stack, 4-D, and gzip of each.
seed() { printf "$2" > "$OUT/corpus_idx/$1"; gzip -9nc "$OUT/corpus_idx/$1" > "$OUT/corpus_idx/$1.gz"; }
seed labels '\x00\x00\x08\x01\x00\x00\x00\x05\x01\x07\x03\x06\x00'
seed images '\x00\x00\x08\x03\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00\x03\x00\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0\xff\x01'
seed four_d '\x00\x00\x08\x04\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x01\x05\x06'
cd "$OUT"
echo "fuzz: running for ${SECONDS_TO_RUN}s"
./fuzz_idx -max_total_time="$SECONDS_TO_RUN" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$@" corpus_idx
