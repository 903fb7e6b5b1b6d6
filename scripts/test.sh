#!/usr/bin/env bash
# Installs everything, builds native and web, and runs every test. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten finds acorn there
# Each stage says when it starts (seconds since this script started): where CI's time goes.
stage() { echo "== $1 (at ${SECONDS} s)"; }

bash scripts/setup.sh

stage "native build"
cmake --preset native >/dev/null
cmake --build --preset native -j "$JOBS"
stage "the quality metric's classifier (trained on first use, cached in assets/data)"
build/native/ganstep quality
stage "the starting models (lesson 8's G after its iterations, the encoder, the growing lesson's G): trained once, cached in assets/data"
build/native/ganstep models
stage "native tests"
ctest --preset native -j "$JOBS"

stage "web build"
cmake --preset web >/dev/null
cmake --build --preset web -j "$JOBS"
stage "web tests (node, headless chromium, native-vs-wasm determinism)"
ctest --preset web -j "$JOBS"   # browser tests run alone (RUN_SERIAL), node tests side by side
stage "all tests passed"
