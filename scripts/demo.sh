#!/usr/bin/env bash
# The main job: installs what is missing, builds the native programs and the web
# page, installs the page into its site folder (build/web/site) and serves it on
# http://localhost:8000/ until Ctrl-C. Idempotent.
#
#   bash scripts/demo.sh              the web player (the course) in a browser
#   PORT=8001 bash scripts/demo.sh    another port; HOST=0.0.0.0 lets other machines in
#   bash scripts/demo.sh --native     the desktop player (a window), lesson 1
#   bash scripts/demo.sh --headless   a headless training run of the 1-D lesson that
#                                     prints its progress (STEPS=2000 iterations)
set -euo pipefail
mode=web
case "${1:-}" in
  "") ;;
  --native) mode=native ;;
  --headless) mode=headless ;;
  -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "demo.sh: unknown option ${1:0:80} (use --native, --headless, or nothing for the web player)" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
export NODE_PATH=/usr/share/nodejs   # Debian's emscripten finds acorn there

bash scripts/setup.sh
cmake --preset native >/dev/null
cmake --build --preset native -j "$JOBS" --target ganstep ganstep-player   # the CLI, the desktop player
case "$mode" in
  headless) exec ./build/native/ganstep run gauss-1d --steps "${STEPS:-2000}" ;;
  native) exec ./build/native/ganstep-player two-players ;;
esac

cmake --preset web >/dev/null
cmake --build --preset web -j "$JOBS" --target ganstep-web
rm -rf build/web/site
cmake --install build/web --prefix build/web/site >/dev/null
echo "ganstep: the site is in build/web/site (copy it to any static web server)."
exec node scripts/serve.mjs build/web/site --port "${PORT:-8000}" --host "${HOST:-127.0.0.1}"
