#!/usr/bin/env bash
# The native player in a real (virtual) window: every built-in lesson is
# opened under Xvfb (Mesa's llvmpipe OpenGL), stepped, rendered for 30 frames
# and saved as a PNG, which must not be blank.
#   window_test.sh GANSTEP_PLAYER PNG_CHECK OUT_DIR
# Exit 77 (CTest: skipped) when xvfb-run is not installed.
set -uo pipefail
PLAYER="$1"; CHECK="$2"; OUT="$3"
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "window_test: xvfb-run not found (apt-get install xvfb xauth): skipped"
  exit 77
fi
mkdir -p "$OUT"
fail=0
run() {  # NAME, then player arguments
  local name="$1"; shift
  local png="$OUT/$name.png"
  rm -f "$png"
  if ! xvfb-run -a -s "-screen 0 1280x800x24" "$PLAYER" "$@" --screenshot "$png" --frames 30; then
    echo "window_test: $name: the player failed"; fail=1; return
  fi
  "$CHECK" "$png" 50 1280 800 || fail=1
}
run gauss-1d gauss-1d --steps 300
run ring-2d ring-2d --steps 200
run tiny-2d tiny-2d --steps 200
run gauss-1d-pt gauss-1d --steps 40 --lang pt
run ring-2d-playing ring-2d --steps 50 --play
run saddle-points saddle-points --steps 200
run saddle-points-pt saddle-points --steps 30 --lang pt --play

# Bad input: exit 2 for bad arguments, 1 for an unknown lesson.
"$PLAYER" --frames 0 >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || { echo "window_test: --frames 0 exited $rc, expected 2"; fail=1; }
"$PLAYER" --bogus >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || { echo "window_test: --bogus exited $rc, expected 2"; fail=1; }
"$PLAYER" no-such-lesson >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || { echo "window_test: an unknown lesson exited $rc, expected 1"; fail=1; }

[ "$fail" = 0 ] && echo "window_test: ok ($OUT)"
exit "$fail"
