#!/usr/bin/env bash
# The native player in a real (virtual) window: every built-in lesson (the
# library, from `ganstep lessons`, in both languages, and the engine aliases) is
# opened under Xvfb (Mesa's llvmpipe OpenGL), stepped, rendered for 30 frames
# and saved as a PNG, which must not be blank. A lesson file and a share link
# open too; a broken lesson file exits 1 with FILE:LINE:COL.
#   window_test.sh GANSTEP_PLAYER PNG_CHECK OUT_DIR
# Exit 77 (CTest: skipped) when xvfb-run is not installed.
set -uo pipefail
PLAYER="$1"; CHECK="$2"; OUT="$3"
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "window_test: xvfb-run not found (apt-get install xvfb xauth): skipped"
  exit 77
fi
mkdir -p "$OUT"
export XDG_CONFIG_HOME="$OUT/config"   # never the user's remembered language
fail=0
CLI="$(dirname "$PLAYER")/ganstep"
run() {  # NAME, then player arguments
  local name="$1"; shift
  local png="$OUT/$name.png"
  rm -f "$png"
  if ! xvfb-run -a -s "-screen 0 1280x800x24" "$PLAYER" "$@" --screenshot "$png" --frames 30; then
    echo "window_test: $name: the player failed"; fail=1; return
  fi
  "$CHECK" "$png" 50 1280 800 || fail=1
}
ids=$("$CLI" lessons | awk 'NF && $1 != "aliases" {print $1}')
[ -n "$ids" ] || { echo "window_test: $CLI lessons listed nothing"; fail=1; }
LIBRARY="$(cd "$(dirname "$0")/../../lessons/library" && pwd)"
for id in $ids; do
  steps=60
  # Image lessons: an iteration of the standard DCGAN takes most of a second.
  grep -q '^images *=' "$LIBRARY/$id.toml" 2>/dev/null && steps=3
  run "lesson-$id" "$id" --steps "$steps"
  run "lesson-$id-pt" "$id" --steps "$((steps < 20 ? steps : 20))" --lang pt
done
# Lesson 8 (images, textures): trained a while, then playing; its PNG must show digits' grey levels.
run dcgan-mnist dcgan-mnist --steps 200
run dcgan-mnist-playing dcgan-mnist --steps 20 --play
run gauss-1d gauss-1d --steps 300
run ring-2d ring-2d --steps 200
run tiny-2d tiny-2d --steps 200
run ring-2d-playing ring-2d --steps 50 --play
run saddle-points saddle-points --steps 200
run saddle-points-pt saddle-points --steps 30 --lang pt --play

# A lesson file, and the same lesson as a share link.
"$CLI" share two-players > "$OUT/link.txt" 2>/dev/null || { echo "window_test: ganstep share failed"; fail=1; }
run share-link "$(cat "$OUT/link.txt")" --steps 10
printf 'format = 1\n[meta]\nid = "x"\n[training]\nlr_d = "fast"\n' > "$OUT/broken.toml"
"$PLAYER" "$OUT/broken.toml" > /dev/null 2> "$OUT/broken.err"; rc=$?
[ "$rc" = 1 ] || { echo "window_test: a broken lesson file exited $rc, expected 1"; fail=1; }
grep -q "broken.toml:[0-9]*:[0-9]*: error: " "$OUT/broken.err" || { echo "window_test: no FILE:LINE:COL for a broken lesson:"; cat "$OUT/broken.err"; fail=1; }

# Bad input: exit 2 for bad arguments, 1 for an unknown lesson.
"$PLAYER" --frames 0 >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || { echo "window_test: --frames 0 exited $rc, expected 2"; fail=1; }
"$PLAYER" --bogus >/dev/null 2>&1; rc=$?
[ "$rc" = 2 ] || { echo "window_test: --bogus exited $rc, expected 2"; fail=1; }
"$PLAYER" no-such-lesson >/dev/null 2>&1; rc=$?
[ "$rc" = 1 ] || { echo "window_test: an unknown lesson exited $rc, expected 1"; fail=1; }

# The remembered language file is read past a UTF-8 BOM (line 1 is its "lang" line).
mkdir -p "$OUT/bom-config/ganstep"
printf '\xef\xbb\xbflang = "xx"\n' > "$OUT/bom-config/ganstep/player.toml"
XDG_CONFIG_HOME="$OUT/bom-config" xvfb-run -a -s "-screen 0 1280x800x24" "$PLAYER" gauss-1d --steps 1 \
  --screenshot "$OUT/bom-config.png" --frames 2 > /dev/null 2> "$OUT/bom-config.err"
grep -q "player.toml:1:1: lang must be" "$OUT/bom-config.err" ||
  { echo "window_test: a BOM before lang = ... was not read past:"; cat "$OUT/bom-config.err"; fail=1; }

# The interactive window (no --screenshot) draws only the frames it needs
# (lessons/player/frame_pacer.h): open and idle for 8 s (start-up included),
# it takes under half the CPU the same window takes playing for 8 s. ring-2d:
# its first beat lights no panel (a light pulses, every frame, for 6 s).
cpu_of() {  # player arguments; prints the player's user+system CPU seconds over 8 s
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c \
    'TIMEFORMAT="%U %S"; { time timeout -s TERM 8 "$0" "${@:2}" > /dev/null 2>&1; } 2> "$1"' \
    "$PLAYER" "$OUT/cpu.txt" "$@"
  awk '{print $1 + $2}' "$OUT/cpu.txt"
}
idle_cpu=$(cpu_of ring-2d)
playing_cpu=$(cpu_of ring-2d --play)
echo "window_test: interactive window over 8 s: ${idle_cpu} s of CPU idle, ${playing_cpu} s playing"
awk -v i="$idle_cpu" -v p="$playing_cpu" 'BEGIN { exit !(i != "" && p > 0 && i * 2 < p) }' ||
  { echo "window_test: the idle window used ${idle_cpu} s of CPU, not under half of playing's ${playing_cpu} s"; fail=1; }

[ "$fail" = 0 ] && echo "window_test: ok ($OUT)"
exit "$fail"
