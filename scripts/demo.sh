#!/usr/bin/env bash
# Installs everything, builds, and runs the main job: a headless training run
# of the 1-D lesson that prints its progress. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
cmake --preset native >/dev/null
cmake --build --preset native -j "$(nproc)"
./build/native/ganstep run gauss-1d --steps "${STEPS:-2000}"
