#!/usr/bin/env bash
# `ganstep run growing` (a growing GAN, engine/nn/growing.h) on the real MNIST
# of set-up, short: a stage every 2 iterations, so 6 iterations cross all three
# resolutions. Checks the JSON's FD per stage and the comparison with the same
# nets at full size, the text report, and a bad schedule refused.
#   usage: growing.sh PATH/TO/ganstep SCRATCH_DIR
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}/growing
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0
cli=("$bin")
# shellcheck source=lib.sh
source "$here/lib.sh"  # check, expect, field
short=(--steps 6 --batch 8 --set grow_stage=2 --set grow_fade=1 --fd-every 2 --sample-every 0)

json=$("$bin" run growing "${short[@]}" --threads 2 --out "$tmp/a" --json 2>"$tmp/stderr.txt")
code=$?
check "growing --json exits 0 ($code; $(head -c 200 "$tmp/stderr.txt"))" '[[ $code -eq 0 ]]'
report=$(echo "$json" | "$python" -c '
import json, sys
d = json.load(sys.stdin)
g = d["growth"]
stages = [(s["side"], s["iteration"]) for s in g["stages"]]
c = g["comparison"]
ok = all(isinstance(s["frechet"], float) and s["frechet"] > 0 for s in g["stages"])
grown, full = c["growing"], c["full_size"]
ok = ok and [p[0] for p in grown["curve"]] == [2, 4, 6] and [p[0] for p in full["curve"]] == [2, 4, 6]
ok = ok and abs(c["target_frechet"] - max(grown["final_frechet"], full["final_frechet"])) < 1e-3
ok = ok and all(isinstance(r["iterations_to_target"], int) and r["iterations_to_target"] <= 6 for r in (grown, full))
ok = ok and g["stage_iterations"] == 2 and g["fade_iterations"] == 1
print(stages, "ok" if ok else "bad", d["state_hash"])
' 2>&1)
check "FD per stage at 7, 14, 28 and the comparison ($report)" \
  '[[ $report == "[(7, 2), (14, 4), (28, 6)] ok "* ]]'

# The same run on one thread: the same bits; the comparison skipped.
one=$("$bin" run growing "${short[@]}" --threads 1 --no-compare --out "$tmp/b" --json 2>/dev/null)
check "threads 1 and 2 give the same state_hash ($(field state_hash "$one"))" \
  '[[ -n $(field state_hash "$one") && $(field state_hash "$one") == $(field state_hash "$json") ]]'
check "--no-compare: no comparison" '[[ $one == *"\"stages\":"* && $one != *"\"comparison\":"* ]]'

# The text report.
"$bin" run growing "${short[@]}" --out "$tmp/c" --fd-target 5000 >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
code=$?
text=$(cat "$tmp/stdout.txt")
check "text: FD per stage and both runs reaching FD 5000 at iteration 2 (exit $code)" \
  '[[ $code -eq 0 && $text == *"stage 1 (7 x 7) ends at iteration 2: FD"* && $text == *"stage 3 (28 x 28) ends at iteration 6: FD"* && $text == *"growing: FD 5000.00 reached at iteration 2"* && $text == *"full size from iteration 0: FD 5000.00 reached at iteration 2"* ]]'

# A fade-in longer than a stage is refused before anything is trained.
expect 1 "grow_fade: 5 fade-in iterations do not fit in grow_stage = 2" \
  run growing --steps 2 --set grow_stage=2 --set grow_fade=5 --out "$tmp/bad"
check "nothing written for the refused run" '[[ ! -e $tmp/bad/checkpoint.gsck ]]'

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
