#!/usr/bin/env bash
# Installs everything, builds native and web, and runs every test. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten finds acorn there

bash scripts/setup.sh

echo "== native build"
cmake --preset native >/dev/null
cmake --build --preset native -j "$JOBS"
echo "== the quality metric's classifier (trained on first use, cached in assets/data)"
build/native/ganstep quality
echo "== the starting models (lesson 8's G after its iterations, the encoder, the growing lesson's G): trained once, cached in assets/data"
build/native/ganstep models
echo "== native tests"
ctest --preset native -j "$JOBS"

echo "== web build"
cmake --preset web >/dev/null
cmake --build --preset web -j "$JOBS"
echo "== web tests (node, headless chromium, native-vs-wasm determinism)"
ctest --preset web -j "$JOBS"   # browser tests run alone (RUN_SERIAL), node tests side by side
