#!/usr/bin/env bash
# `ganstep run` on an image lesson with the real MNIST of set-up: a short run
# of dcgan-mnist, its files (checked by check_run_outputs.py with numpy and
# zlib), exact resume, the quality classifier's cache, and bad cases that must
# fail with a clear message without touching existing files.
#   usage: image_run.sh PATH/TO/ganstep SCRATCH_DIR
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}/image_run
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0

cli=("$bin")
# shellcheck source=lib.sh
source "$here/lib.sh"  # check, expect, field
run() {  # run OUT STEPS [ARGS...]: the JSON line of a run of dcgan-mnist (batch 8)
  local out=$1 steps=$2
  shift 2
  "$bin" run dcgan-mnist --steps "$steps" --batch 8 --threads 2 --out "$out" --json "$@" 2>"$tmp/stderr.txt"
}

# ---- a straight run of 6 iterations, samples every 2 ---------------------------------
straight=$(run "$tmp/straight" 6 --sample-every 2)
code=$?
check "straight run exits 0 ($code)" '[[ $code -eq 0 ]]'
h6=$(field state_hash "$straight")
check "state_hash is 16 hex digits ($h6)" '[[ $h6 =~ ^[0-9a-f]{16}$ ]]'
check "steps 6, lesson dcgan-mnist" '[[ $(field steps "$straight") == 6 && $(field lesson "$straight") == dcgan-mnist ]]'
for k in loss_d loss_g d_real d_fake frechet; do
  v=$(field $k "$straight")
  check "metrics.$k is a finite number ($v)" '[[ $v =~ ^-?[0-9.]+(e-?[0-9]+)?$ ]]'
done
"$python" "$here/check_run_outputs.py" "$tmp/straight" dcgan-mnist 6 2,4,6 242 242 || failures=$((failures + 1))
# The beats that fired, as for a point lesson: "load" at 0, { at_iteration = 1 } at 1, the rest later.
shown=$(echo "$straight" | "$python" -c 'import json,sys; d=json.load(sys.stdin); print(d["shown"], [(b["id"], b["iteration"], b["phase"]) for b in d["beats_fired"]], d["beats"], d["beats_followed"])')
check "image lesson --json reports its beats ($shown)" \
  '[[ $shown == "['"'"'intro'"'"', '"'"'strided'"'"'] [('"'"'intro'"'"', 0, '"'"'sample_noise_d'"'"'), ('"'"'strided'"'"', 1, '"'"'sample_noise_d'"'"')] 8 False" ]]'
"$bin" run dcgan-mnist --steps 1 --batch 8 --out "$tmp/answer" --answer activations=0 >/dev/null 2>"$tmp/stderr.txt"
code=$?
check "--answer without --json on an image lesson: exit 2 ($code), says why" \
  '[[ $code -eq 2 ]] && grep -q "needs --json" "$tmp/stderr.txt"'

# ---- the same run, stopped at 3 and resumed to 6 -----------------------------------
run "$tmp/resumed" 3 --sample-every 2 >/dev/null
again=$(run "$tmp/resumed" 6 --sample-every 2 --resume)
check "resumed 3 -> 6 equals the straight run ($(field state_hash "$again") vs $h6)" \
  '[[ $(field state_hash "$again") == "$h6" ]]'
rows=$(cut -d, -f1 "$tmp/resumed/metrics.csv" | tr '\n' ' ')
check "resumed metrics.csv rows: $rows" '[[ $rows == "iteration 2 3 4 6 " ]]'
# A row written after the last checkpoint (a kill between the two) is dropped on resume.
cp -r "$tmp/resumed" "$tmp/torn"
echo "8,0.5,0.5,0.5,0.5,1,,,,,,,,,,,,," >>"$tmp/torn/metrics.csv"
run "$tmp/torn" 8 --sample-every 2 --resume >/dev/null
rows=$(cut -d, -f1 "$tmp/torn/metrics.csv" | tr '\n' ' ')
check "a row past the checkpoint is replaced: $rows" '[[ $rows == "iteration 2 3 4 6 8 " ]]'
"$python" "$here/check_run_outputs.py" "$tmp/torn" dcgan-mnist 8 2,3,4,6,8 242 242 >/dev/null ||
  { echo "FAIL  outputs after a resumed run"; failures=$((failures + 1)); }
# --resume with the checkpoint's own step count: nothing to train, the same hash
same=$(run "$tmp/straight" 6 --resume)
check "--resume at --steps keeps the hash" '[[ $(field state_hash "$same") == "$h6" ]]'

# ---- Ctrl-C: stops after the iteration, saves, exits 130; the resumed run is exact ----------
"$bin" run dcgan-mnist --steps 3000 --batch 8 --threads 2 --sample-every 0 --out "$tmp/interrupted" --json \
  >/dev/null 2>"$tmp/stderr.txt" &
pid=$!
sleep 2.5
kill -INT $pid
wait $pid
code=$?
stopped=$(tail -n 1 "$tmp/interrupted/metrics.csv" | cut -d, -f1)
check "SIGINT: exit $code, stopped at iteration $stopped ($(head -c 100 "$tmp/stderr.txt"))" \
  '[[ $code -eq 130 && $stopped -gt 0 && $stopped -lt 3000 && $(cat "$tmp/stderr.txt") == *"interrupted at iteration $stopped; saved"* ]]'
goal=$((stopped + 3))
check "interrupted at $stopped, resumed to $goal: the same as a straight run" \
  '[[ $(field state_hash "$(run "$tmp/interrupted" $goal --resume)") == \
      $(field state_hash "$(run "$tmp/uninterrupted" $goal --sample-every 0)") ]]'

# ---- the quality classifier's cache ----------------------------------------------------
cache="$tmp/cache"
q1=$(GANSTEP_CACHE_DIR=$cache "$bin" quality --json 2>/dev/null)
q2=$(GANSTEP_CACHE_DIR=$cache "$bin" quality --json 2>/dev/null)
check "quality trains, then loads ($(field trained "$q1"), $(field trained "$q2"))" \
  '[[ $(field trained "$q1") == true && $(field trained "$q2") == false ]]'
acc=$(field accuracy "$q1")
check "classifier accuracy on held-out digits > 0.95 ($acc)" '$python -c "import sys; sys.exit(not $acc > 0.95)"'
check "loaded classifier gives the same accuracy and FD" \
  '[[ $(field accuracy "$q2") == "$acc" && $(field frechet "$q2") == $(field frechet "$q1") ]]'
file=$(field cache "$q1")
head -c 1000 "$file" >"$file.cut" && mv "$file.cut" "$file"
q3=$(GANSTEP_CACHE_DIR=$cache "$bin" quality --json 2>"$tmp/stderr.txt")
check "a corrupt cache is retrained with a notice: $(head -c 160 "$tmp/stderr.txt")" \
  '[[ $(field trained "$q3") == true && $(cat "$tmp/stderr.txt") == *"truncated classifier file"* ]]'
check "the retrained classifier is the same (deterministic)" '[[ $(field accuracy "$q3") == "$acc" ]]'
check "the cache is whole again" '[[ $(field trained "$(GANSTEP_CACHE_DIR=$cache "$bin" quality --json)") == false ]]'

# ---- bad cases: non-zero exit, a clear message, files untouched --------------------------
expect 1 "$tmp/none: no train-images-idx3-ubyte" run dcgan-mnist --steps 2 --data "$tmp/none" --out "$tmp/bad1"
check "a failed run makes no --out folder" '[[ ! -e $tmp/bad1 ]]'
expect 2 "--batch 0 is out of range 1..4096" run dcgan-mnist --steps 2 --batch 0 --out "$tmp/bad2"
expect 2 "--threads -1 is out of range" run dcgan-mnist --steps 2 --threads -1 --out "$tmp/bad2"
expect 2 "--sample-every -5 is out of range" run dcgan-mnist --steps 2 --sample-every -5 --out "$tmp/bad2"
check "bad options make no --out folder" '[[ ! -e $tmp/bad2 ]]'
expect 1 "no checkpoint to resume" run dcgan-mnist --steps 2 --resume --out "$tmp/bad3"
expect 1 "already holds a run" run dcgan-mnist --steps 8 --out "$tmp/straight"

cp -r "$tmp/straight" "$tmp/corrupt"
printf '\x55' | dd of="$tmp/corrupt/checkpoint.gsck" bs=1 seek=5000 conv=notrunc status=none
sum_before=$(md5sum "$tmp/corrupt/checkpoint.gsck" "$tmp/corrupt/metrics.csv" "$tmp/corrupt/samples/latest.png")
expect 1 "checkpoint.gsck: corrupt checkpoint (CRC-32 mismatch" run dcgan-mnist --steps 8 --resume --out "$tmp/corrupt"
check "the corrupt checkpoint and the other files are untouched" \
  '[[ $(md5sum "$tmp/corrupt/checkpoint.gsck" "$tmp/corrupt/metrics.csv" "$tmp/corrupt/samples/latest.png") == "$sum_before" ]]'
head -c 300 "$tmp/straight/checkpoint.gsck" >"$tmp/corrupt/checkpoint.gsck"
expect 1 "truncated checkpoint (300 of" run dcgan-mnist --steps 8 --resume --out "$tmp/corrupt"
echo "not a checkpoint" >"$tmp/corrupt/checkpoint.gsck"
expect 1 "not a ganstep checkpoint" run dcgan-mnist --steps 8 --resume --out "$tmp/corrupt"
expect 1 "trained with other settings (the checkpoint has \"batch=8\", this run \"batch=16\")" \
  run dcgan-mnist --steps 8 --batch 16 --resume --out "$tmp/straight"
expect 1 "a checkpoint of lesson \"dcgan-mnist\", not \"mnist-dcgan\"" \
  run mnist-dcgan --steps 8 --resume --out "$tmp/straight"
expect 1 "the checkpoint is at iteration 6, beyond --steps 4" run dcgan-mnist --steps 4 --resume --out "$tmp/straight"
check "refused resumes leave the run intact" \
  '[[ $(field state_hash "$(run "$tmp/straight" 6 --resume)") == "$h6" ]]'

# ---- a diverging run stops with exit 3 and keeps its last good checkpoint ----------------
diverge="--set opt_d=sgd --set opt_g=sgd --set lr_d=10 --set lr_g=10"
"$bin" run dcgan-mnist --steps 40 --batch 8 --sample-every 1 $diverge --out "$tmp/diverge" >/dev/null 2>"$tmp/stderr.txt"
code=$?
check "SGD with lr 10 diverges: exit $code, $(head -c 100 "$tmp/stderr.txt")" \
  '[[ $code -eq 3 && $(cat "$tmp/stderr.txt") == *"training diverged at iteration"*"last good checkpoint is kept"* ]]'
last=$(tail -n 1 "$tmp/diverge/metrics.csv" | cut -d, -f1)
kept=$(run "$tmp/diverge" "$last" --resume)
code=$?
check "the last good checkpoint (iteration $last) loads" '[[ $code -eq 0 && $(field steps "$kept") == "$last" ]]'

# ---- without --steps, an image lesson runs its own [training] iterations ------------------
sed -e 's/^iterations = .*/iterations = 3/' -e '/^\[\[beat\]\]/,$d' "$here/../../lessons/library/dcgan-mnist.toml" >"$tmp/three.toml"
own=$("$bin" run "$tmp/three.toml" --batch 8 --threads 2 --sample-every 0 --out "$tmp/own" --json 2>"$tmp/stderr.txt")
check "no --steps: the lesson's iterations (3)" '[[ $(field steps "$own") == 3 ]]'

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
