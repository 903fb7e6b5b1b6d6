#!/usr/bin/env bash
# Fast mode (--fast, --set mode=fast) on the real MNIST of set-up:
#   - exact mode's recorded dcgan-mnist hash at 6 steps on 1 and 2 threads, also
#     with --set mode=exact; "mode" in --json; the lesson's hashes before its prior
#     (--set noise=gaussian), and before its Adam settings and its two added layers changed
#     (its file without their lines, --set overrides)
#   - fast mode: the same hash twice on a thread count, a different one from exact
#   - a checkpoint records the mode; resuming in the other mode is allowed, with a
#     notice and a settings.csv row
#   - quality: after FD_STEPS iterations (default 150; the full check is 300,
#     README) fast mode's Fréchet distance is within 10% of exact mode's (one Gaussian)
#   usage: fast_mode.sh PATH/TO/ganstep SCRATCH_DIR [FD_STEPS]
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}/fast_mode
fd_steps=${3:-150}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0
cli=("$bin")
# shellcheck source=lib.sh
source "$here/lib.sh"  # check, expect, field
run_lesson() {  # run_lesson LESSON OUT STEPS [ARGS...]: the JSON line of a run of LESSON (an id or a file)
  local lesson=$1 out=$2 steps=$3
  shift 3
  "$bin" run "$lesson" --steps "$steps" --out "$out" --sample-every 0 --json "$@" 2>"$tmp/stderr.txt"
}
run() { run_lesson dcgan-mnist "$@"; }  # run OUT STEPS [ARGS...]

# ---- exact mode's hashes -------------------------------------------------------------
recorded=c07191587ee44854
# Lesson 8 before z came from a mixture of 64 Gaussians (README, "z from a mixture"): --set noise=gaussian
recorded_gaussian=bbc8546b34c31860
# Lesson 8 before its Adam settings, the average of G, G's 3 x 3 convolution at 7 x 7 and D's third
# convolution (README, "Lesson 8's quality per FLOP"): the lesson's file without those two layers'
# lines, on the DCGAN paper's settings from these overrides.
grep -v -e '^  "conv(64, kernel=3, stride=1, padding=1, bias=false)", "batchnorm", "relu",$' \
  -e '^  "conv(128, kernel=4, stride=2, padding=1)", "leakyrelu(0.2)",$' \
  "$here/../../lessons/library/dcgan-mnist.toml" >"$tmp/light.toml"
check "the lesson's file has the two layers' lines (removed for the light networks)" \
  '[[ $(wc -l <"$tmp/light.toml") -eq $(( $(wc -l <"$here/../../lessons/library/dcgan-mnist.toml") - 2 )) ]]'
paper=(--set noise=gaussian --set lr_d=0.0002 --set lr_g=0.0002 --set beta1_d=0.5 --set beta1_g=0.5 --set beta2_d=0.999
       --set beta2_g=0.999 --set ema_g=0)
recorded_paper=0a3c31eef5638568
for threads in 1 2; do
  j=$(run "$tmp/exact$threads" 6 --threads "$threads")
  check "exact, $threads thread(s): the recorded hash ($(field state_hash "$j"))" \
    '[[ $(field state_hash "$j") == "$recorded" ]]'
  check "exact, $threads thread(s): \"mode\":\"exact\"" '[[ $(field mode "$j") == exact ]]'
  j=$(run "$tmp/gaussian$threads" 6 --threads "$threads" --set noise=gaussian)
  check "exact, $threads thread(s), one Gaussian: lesson 8's hash before its prior ($(field state_hash "$j"))" \
    '[[ $(field state_hash "$j") == "$recorded_gaussian" ]]'
  j=$(run_lesson "$tmp/light.toml" "$tmp/paper$threads" 6 --threads "$threads" "${paper[@]}")
  check "exact, $threads thread(s), the paper's Adam settings: lesson 8's hash before ($(field state_hash "$j"))" \
    '[[ $(field state_hash "$j") == "$recorded_paper" ]]'
done
j=$(run "$tmp/exact_set" 6 --threads 2 --set mode=exact)
check "--set mode=exact: the recorded hash" '[[ $(field state_hash "$j") == "$recorded" ]]'

# ---- fast mode: deterministic for a thread count ---------------------------------------
for threads in 1 2; do
  a=$(run "$tmp/fast${threads}a" 6 --threads "$threads" --fast)
  b=$(run "$tmp/fast${threads}b" 6 --threads "$threads" --set mode=fast)
  ha=$(field state_hash "$a")
  check "fast, $threads thread(s): \"mode\":\"fast\"" '[[ $(field mode "$a") == fast ]]'
  check "fast, $threads thread(s): --fast and --set mode=fast give one hash ($ha)" \
    '[[ $ha =~ ^[0-9a-f]{16}$ && $ha == "$(field state_hash "$b")" ]]'
  check "fast, $threads thread(s): not exact mode's bits" '[[ $ha != "$recorded" ]]'
done

# ---- checkpoints record the mode; resuming across modes -----------------------------
run "$tmp/cross" 4 --threads 2 >/dev/null
check "an exact checkpoint records mode=exact" 'grep -aq "mode=exact" "$tmp/cross/checkpoint.gsck"'
j=$(run "$tmp/cross" 6 --threads 2 --resume --fast)
code=$?
check "resume in fast mode exits 0 ($code)" '[[ $code -eq 0 && $(field mode "$j") == fast ]]'
check "resume prints the change of mode" 'grep -q "mode" "$tmp/stderr.txt" || [[ $j == *mode* ]]'
check "settings.csv records exact -> fast" 'grep -q "^4,mode,exact,fast" "$tmp/cross/settings.csv"'
check "the fast checkpoint records mode=fast" 'grep -aq "mode=fast" "$tmp/cross/checkpoint.gsck"'
j=$(run "$tmp/cross" 8 --threads 2 --resume)
check "resume without --fast keeps the checkpoint's mode (fast)" '[[ $(field mode "$j") == fast ]]'

# ---- quality: fast within 10% of exact's Fréchet distance --------------------------
# On the one-Gaussian prior: with lesson 8's mixture the two runs drift apart sooner
# (README, on `--fast`), so early Fréchet distances differ by more than the arithmetic does.
e=$(run "$tmp/fd_exact" "$fd_steps" --threads 2 --set noise=gaussian)
f=$(run "$tmp/fd_fast" "$fd_steps" --threads 2 --fast --set noise=gaussian)
fe=$(field frechet "$e")
ff=$(field frechet "$f")
echo "Fréchet distance after $fd_steps iterations: exact $fe, fast $ff"
check "fast mode's Fréchet distance ($ff) within 10% of exact's ($fe)" \
  "awk -v a=\"$fe\" -v b=\"$ff\" 'BEGIN { d = b - a; if (d < 0) d = -d; exit !(a > 0 && d <= 0.1 * a) }'"

if [[ $failures -ne 0 ]]; then
  echo "$failures fast mode check(s) failed"
  exit 1
fi
echo "all fast mode checks passed"
