#!/usr/bin/env bash
# The CLI against hostile input and faults: each case reproduces a defect that
# once lost data, aborted or could not be followed, and expects the clean
# outcome (exit code, message, files untouched).
#   usage: hostile.sh native SCRATCH_DIR PATH/TO/ganstep [PATH/TO/ganstep-player]
#          hostile.sh wasm   SCRATCH_DIR NODE PATH/TO/ganstep-cli.js
# The wasm mode runs the cases that do not need a file system trick or a
# process limit (seeds, escaped exceptions, a CRLF metrics.csv on resume).
#
# Root (CI runs as root) ignores file permissions, so "an --out that cannot be
# written" is made with what fails for every user: an output that is a folder
# or a symbolic link, or a folder under a regular file. The permission case
# (a read-only --out) runs only for other users.
set -u
mode=$1
tmp=$2/hostile_$mode
shift 2
if [[ $mode == wasm ]]; then
  cli=("$1" "$2")
  player=""
else
  cli=("$1")
  player=${2:-}
fi
here=$(cd "$(dirname "$0")" && pwd)
mnist="$here/../../assets/data/mnist"
python=/usr/bin/python3
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0

# shellcheck source=lib.sh
source "$here/lib.sh"  # check, expect
# A short dcgan-mnist run (batch 8) into OUT; extra ARGS follow.
image() {
  local out=$1 steps=$2
  shift 2
  "${cli[@]}" run dcgan-mnist --steps "$steps" --batch 8 --threads 2 --data "$mnist" --out "$out" --json "$@" \
    2>"$tmp/stderr.txt"
}
rows() { tail -n +2 "$1" | cut -d, -f1 | tr -d '\r' | tr '\n' ' '; }
sum() { md5sum <"$1" | cut -c1-32; }

# ---- seeds: 0..2^53 wherever a seed enters; out of range never wraps -------------------
expect 1 '--seed "-1" is not a seed (an integer 0..2^53)' run gauss-1d --steps 2 --seed -1
expect 1 '"9007199254740993" is not a seed' run gauss-1d --steps 2 --seed 9007199254740993
expect 1 '"18446744073709551615" is not a seed' run gauss-1d --steps 2 --seed 18446744073709551615
expect 1 '"-1" is not a seed' run saddle-points --steps 2 --seed -1
expect 1 '"-1" is not a seed' run dcgan-mnist --steps 1 --batch 8 --seed -1 --out "$tmp/seed-image"
check "a refused seed makes no --out folder" '[[ ! -e $tmp/seed-image ]]'
top=$("${cli[@]}" run gauss-1d --steps 2 --seed 9007199254740992 --json 2>/dev/null)
check "seed 2^53 is accepted and printed as given" '[[ $top == *"\"seed\":9007199254740992"* ]]'
sed -e 's/^seed = .*/seed = 9007199254740993/' "$here/../../lessons/library/algorithm-1.toml" >"$tmp/seed.toml"
expect 1 '"9007199254740993" is not a seed' run "$tmp/seed.toml" --steps 2
if [[ $mode == native ]]; then  # a share link (format 1: raw DEFLATE, base64url) carrying the same lesson
  link=$("$python" -c "import base64,sys,zlib; c=zlib.compressobj(9,zlib.DEFLATED,-15); d=c.compress(open(sys.argv[1],'rb').read())+c.flush()
print('#lesson=1.'+base64.urlsafe_b64encode(d).decode().rstrip('='))" "$tmp/seed.toml")
  "${cli[@]}" check --link "$link" >"$tmp/stdout.txt" 2>&1
  code=$?
  check "a share link with seed 2^53 + 1: exit $code, $(head -c 100 "$tmp/stdout.txt")" \
    '[[ $code -eq 1 && $(cat "$tmp/stdout.txt") == *'"'"'"9007199254740993" is not a seed'"'"'* ]]'
fi

# ---- escaped exceptions: exit 1 and a message, never an abort (134) --------------------
for fault in bad_alloc runtime_error worker; do
  GANSTEP_TEST_THROW=$fault "${cli[@]}" run gauss-1d --steps 2 >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
  code=$?
  check "GANSTEP_TEST_THROW=$fault: exit $code, $(head -c 90 "$tmp/stderr.txt")" \
    '[[ $code -eq 1 && $(cat "$tmp/stderr.txt") == "ganstep: error: "* ]]'
done
if [[ $mode == wasm ]]; then  # memory running out for real: a 16.7M-weight G on a batch of 65536 (> 2 GB)
  "${cli[@]}" run gauss-1d --steps 1 --set batch=65536 --set g_hidden=4096:relu,4096:relu >/dev/null 2>"$tmp/stderr.txt"
  code=$?
  check "wasm, more than its 2 GB: exit $code, $(head -c 90 "$tmp/stderr.txt")" \
    '[[ $code -eq 1 && $(cat "$tmp/stderr.txt") == "ganstep: error: "* ]]'
fi
check "std::bad_alloc names what to lower" '[[ $(GANSTEP_TEST_THROW=bad_alloc "${cli[@]}" run gauss-1d 2>&1) == *"out of memory"*"batch"* ]]'

# ---- metrics.csv on resume: CRLF, a BOM, no last newline: every row kept -----------------
image "$tmp/crlf" 4 --sample-every 1 >/dev/null
before=$(rows "$tmp/crlf/metrics.csv")
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$tmp/crlf/metrics.csv" | head -c -1; } >"$tmp/crlf/m" && mv "$tmp/crlf/m" "$tmp/crlf/metrics.csv"
image "$tmp/crlf" 6 --sample-every 1 --resume >/dev/null
code=$?
check "a spreadsheet's CRLF + BOM metrics.csv (rows $before) resumes: exit $code, rows $(rows "$tmp/crlf/metrics.csv")" \
  '[[ $code -eq 0 && $(rows "$tmp/crlf/metrics.csv") == "1 2 3 4 5 6 " ]]'
check "no .bak for a file that could be read" '[[ ! -e $tmp/crlf/metrics.csv.bak-1 ]]'

if [[ $mode == native ]]; then
  # ---- metrics.csv that cannot be parsed or is too big: kept aside as .bak-N -------------
  cp -r "$tmp/crlf" "$tmp/semi"
  tr ',' ';' <"$tmp/crlf/metrics.csv" >"$tmp/semi/metrics.csv"
  sum_semi=$(sum "$tmp/semi/metrics.csv")
  image "$tmp/semi" 7 --sample-every 1 --resume >/dev/null
  code=$?
  check "an unparseable metrics.csv: exit $code, $(head -c 160 "$tmp/stderr.txt")" \
    '[[ $code -eq 0 && $(cat "$tmp/stderr.txt") == *"not metrics.csv'"'"'s header"*"kept as $tmp/semi/metrics.csv.bak-1"* ]]'
  check "... the original is kept byte for byte in .bak-1" '[[ $(sum "$tmp/semi/metrics.csv.bak-1") == "$sum_semi" ]]'
  check "... and the new metrics.csv has the new row: $(rows "$tmp/semi/metrics.csv")" \
    '[[ $(rows "$tmp/semi/metrics.csv") == "7 " ]]'
  tr ',' ';' <"$tmp/crlf/metrics.csv" >"$tmp/semi/metrics.csv"
  image "$tmp/semi" 8 --sample-every 1 --resume >/dev/null
  check "a second unparseable file goes to the first free name (.bak-2), .bak-1 untouched" \
    '[[ -e $tmp/semi/metrics.csv.bak-2 && $(sum "$tmp/semi/metrics.csv.bak-1") == "$sum_semi" ]]'
  cp -r "$tmp/crlf" "$tmp/big"
  head -c $((65 << 20)) /dev/zero | tr '\0' '7' >>"$tmp/big/metrics.csv"
  sum_big=$(sum "$tmp/big/metrics.csv")
  image "$tmp/big" 7 --sample-every 1 --resume >/dev/null
  code=$?
  check "a metrics.csv over 64 MiB: exit $code, $(head -c 160 "$tmp/stderr.txt")" \
    '[[ $code -eq 0 && $(cat "$tmp/stderr.txt") == *"larger than"*"kept as"*".bak-1"* ]]'
  check "... kept aside whole" '[[ $(sum "$tmp/big/metrics.csv.bak-1") == "$sum_big" ]]'
  rm -rf "$tmp/big"
  # Rows after the checkpoint: dropped with a notice, as many as there were.
  cp -r "$tmp/crlf" "$tmp/later"
  rm "$tmp/later/checkpoint.gsck"
  cp "$tmp/later/checkpoint-000004.gsck" "$tmp/later/checkpoint.gsck"
  image "$tmp/later" 5 --sample-every 1 --resume >/dev/null
  check "rows after the checkpoint are dropped with a notice: $(head -c 140 "$tmp/stderr.txt")" \
    '[[ $(cat "$tmp/stderr.txt") == *"dropped 2 row(s) after iteration 4"* && $(rows "$tmp/later/metrics.csv") == "1 2 3 4 5 " ]]'

  # ---- temporary files: a symlink planted under the old temp name is never followed -------
  echo precious >"$tmp/victim"
  cp -r "$tmp/crlf" "$tmp/planted"
  for f in checkpoint.gsck metrics.csv samples/latest.png; do ln -s "$tmp/victim" "$tmp/planted/$f.tmp"; done
  image "$tmp/planted" 7 --sample-every 1 --resume >/dev/null
  code=$?
  check "planted *.tmp symlinks: exit $code, the link's target untouched" \
    '[[ $code -eq 0 && $(cat "$tmp/victim") == precious ]]'
  check "... checkpoint.gsck and metrics.csv are regular files" \
    '[[ -f $tmp/planted/checkpoint.gsck && ! -L $tmp/planted/checkpoint.gsck && ! -L $tmp/planted/metrics.csv ]]'
  # Our own stale temporary files (a kill mid-write) are cleaned at start.
  echo partial >"$tmp/planted/checkpoint.gsck.tmp-Zz9Yy8"
  echo partial >"$tmp/planted/samples/latest.png.tmp-Qq1Ww2"
  image "$tmp/planted" 8 --sample-every 1 --resume >/dev/null
  check "stale temporary files are removed with a notice: $(head -c 120 "$tmp/stderr.txt")" \
    '[[ ! -e $tmp/planted/checkpoint.gsck.tmp-Zz9Yy8 && ! -e $tmp/planted/samples/latest.png.tmp-Qq1Ww2 &&
        $(cat "$tmp/stderr.txt") == *"removed 2 unfinished temporary file(s)"* ]]'
  # A symlink AT a target: refused before iteration 1, nothing written.
  cp -r "$tmp/crlf" "$tmp/linked"
  rm "$tmp/linked/metrics.csv"
  ln -s "$tmp/victim" "$tmp/linked/metrics.csv"
  sum_ckpt=$(sum "$tmp/linked/checkpoint.gsck")
  expect 1 "$tmp/linked/metrics.csv: is a symbolic link; refusing to replace it" \
    run dcgan-mnist --steps 8 --batch 8 --data "$mnist" --sample-every 1 --resume --out "$tmp/linked"
  check "... the link, its target and the checkpoint are untouched, no new samples" \
    '[[ -L $tmp/linked/metrics.csv && $(cat "$tmp/victim") == precious && $(sum "$tmp/linked/checkpoint.gsck") == "$sum_ckpt" && ! -e $tmp/linked/samples/iter-000007.png ]]'

  # ---- an --out that cannot be written: refused before iteration 1 ------------------------
  echo file >"$tmp/plain-file"
  expect 1 "$tmp/plain-file/run: cannot create the folder (Not a directory) (nothing was trained" \
    run dcgan-mnist --steps 2 --batch 8 --data "$mnist" --out "$tmp/plain-file/run"
  cp -r "$tmp/crlf" "$tmp/blocked"
  rm "$tmp/blocked/metrics.csv"
  mkdir "$tmp/blocked/metrics.csv"
  sum_ckpt=$(sum "$tmp/blocked/checkpoint.gsck")
  expect 1 "metrics.csv: is a folder, not a file; cannot replace it (nothing was trained" \
    run dcgan-mnist --steps 50 --batch 8 --data "$mnist" --sample-every 0 --resume --out "$tmp/blocked"
  check "... refused before iteration 1: no progress printed, the checkpoint untouched" \
    '[[ $(cat "$tmp/stdout.txt") != *"iteration"* && $(sum "$tmp/blocked/checkpoint.gsck") == "$sum_ckpt" ]]'
  if [[ $(id -u) -ne 0 ]]; then
    cp -r "$tmp/crlf" "$tmp/readonly"
    chmod a-w "$tmp/readonly"
    expect 1 "$tmp/readonly: cannot write in this folder" \
      run dcgan-mnist --steps 50 --batch 8 --data "$mnist" --resume --out "$tmp/readonly"
    chmod u+w "$tmp/readonly"
  else
    echo "skip  a read-only --out (root ignores permissions; the cases above fail for root too)"
  fi

  # ---- --sample-every 0 still checkpoints every --checkpoint-minutes ----------------------
  "${cli[@]}" run dcgan-mnist --steps 100000 --batch 8 --threads 2 --data "$mnist" --sample-every 0 \
    --checkpoint-minutes 0.01 --out "$tmp/timed" >/dev/null 2>"$tmp/stderr.txt" &
  pid=$!
  for _ in $(seq 1 120); do  # the first timed checkpoint, within a minute even when the classifier trains first
    sleep 0.5
    [[ -n $(ls "$tmp/timed"/checkpoint-*.gsck 2>/dev/null) ]] && sleep 0.5 && break
  done
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  check "--sample-every 0, killed: a timed checkpoint is there ($(ls "$tmp/timed" | tr '\n' ' '))" \
    '[[ -f $tmp/timed/checkpoint.gsck ]]'
  at=$("$python" -c "import struct,sys; b=open(sys.argv[1],'rb').read(); o=20
for _ in range(3): o+=4+struct.unpack_from('<I',b,o)[0]
print(struct.unpack_from('<q',b,o)[0])" "$tmp/timed/checkpoint.gsck" 2>/dev/null)
  resumed=$(image "$tmp/timed" $((at + 1)) --sample-every 0 --resume)
  check "... and it resumes (from iteration $at)" '[[ $? -eq 0 && $resumed == *"\"steps\":$((at + 1))"* ]]'
  expect 2 "--checkpoint-minutes 0 is out of range 0.01..1440" \
    run dcgan-mnist --steps 2 --batch 8 --checkpoint-minutes 0 --out "$tmp/never"

  # ---- resume with a changed learning rate after a divergence -----------------------------
  image "$tmp/calm" 3 --sample-every 1 >/dev/null
  image "$tmp/calm" 4 --sample-every 1 --resume --set lr_d=0.0001 --set beta1_g=0.6 --set k=2 >/dev/null
  code=$?
  check "--resume --set lr_d beta1_g k: exit $code, printed: $(head -c 100 "$tmp/stderr.txt")" \
    '[[ $code -eq 0 && $(cat "$tmp/stderr.txt") == *"resuming at iteration 3 with lr_d 0.0001 (was 0.001)"* ]]'
  check "... recorded in settings.csv" \
    '[[ $(cat "$tmp/calm/settings.csv") == "iteration,setting,from,to"$'"'"'\n'"'"'"3,lr_d,0.001,0.0001"* && $(wc -l <"$tmp/calm/settings.csv") -eq 4 ]]'
  check "... metrics.csv keeps its columns: $(head -n 1 "$tmp/calm/metrics.csv" | cut -c1-40)" \
    '[[ $(head -n 1 "$tmp/calm/metrics.csv") == "$(head -n 1 "$tmp/crlf/metrics.csv")" && $(rows "$tmp/calm/metrics.csv") == "1 2 3 4 " ]]'
  expect 1 "trained with other settings (the checkpoint has \"opt_d=adam\", this run \"opt_d=sgd\")" \
    run dcgan-mnist --steps 5 --batch 8 --data "$mnist" --resume --set opt_d=sgd --out "$tmp/calm"
  expect 1 "this run \"seed=2\"" run dcgan-mnist --steps 5 --batch 8 --data "$mnist" --resume --seed 2 --out "$tmp/calm"

  diverge="--set opt_d=sgd --set opt_g=sgd --set lr_d=10 --set lr_g=10"
  # shellcheck disable=SC2086
  image "$tmp/diverge" 40 --sample-every 1 $diverge >/dev/null
  code=$?
  kept=$(cd "$tmp/diverge" && ls checkpoint-*.gsck | tr '\n' ' ')
  check "lr 10 diverges (exit $code) and keeps the last 3 checkpoints: $kept" \
    '[[ $code -eq 3 && $(echo $kept | wc -w) -eq 3 && $(cat "$tmp/stderr.txt") == *"--resume-from"* ]]'
  first=$(cd "$tmp/diverge" && ls checkpoint-*.gsck | head -n 1)
  image "$tmp/diverge" 12 --sample-every 1 --resume-from "$tmp/diverge/$first" --set lr_d=0.0002 --set lr_g=0.0002 \
    >/dev/null
  code=$?
  check "--resume-from $first with lr 0.0002: exit $code" '[[ $code -eq 0 ]]'
  check "... the change is printed and recorded" \
    '[[ $(cat "$tmp/stderr.txt") == *"with lr_d 0.0002 (was 10)"* && $(cat "$tmp/diverge/settings.csv") == *",lr_g,10,0.0002"* ]]'
  expect 1 "no checkpoint to resume" \
    run dcgan-mnist --steps 5 --batch 8 --data "$mnist" --resume-from "$tmp/nothing.gsck" --out "$tmp/diverge"

  # ---- a checkpoint with a non-finite weight (CRC valid) is refused, naming the tensor -----
  cp -r "$tmp/calm" "$tmp/nan"
  tensor=$("$python" - "$tmp/nan/checkpoint.gsck" <<'EOF'
import struct, sys, zlib
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
o = 20
for _ in range(3):
    o += 4 + struct.unpack_from('<I', b, o)[0]
o += 10 * 8 + 4
n = struct.unpack_from('<I', b, o)[0]
name = b[o + 4:o + 4 + n].decode()
o += 4 + n + 4 + 16
struct.pack_into('<f', b, o + 4 * 3, float('nan'))
struct.pack_into('<I', b, len(b) - 4, zlib.crc32(bytes(b[:-4])) & 0xffffffff)
open(p, 'wb').write(b)
print(name)
EOF
)
  expect 1 "checkpoint.gsck: tensor $tensor holds a non-finite value (NaN or infinity) at element 3" \
    run dcgan-mnist --steps 6 --batch 8 --data "$mnist" --resume --out "$tmp/nan"

  # ---- memory running out for real (an address-space limit): exit 1, never 134 -------------
  start=$(date +%s)
  (ulimit -v 1500000 && exec "${cli[@]}" run mnist-dcgan --steps 1 --batch 1024 --threads 1 --data "$mnist" \
    --sample-every 0 --out "$tmp/oom") >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
  code=$?
  secs=$(($(date +%s) - start))
  check "ulimit -v 1.5 GB, batch 1024: exit $code in ${secs}s, $(head -c 100 "$tmp/stderr.txt")" \
    '[[ $code -eq 1 && $secs -lt 30 && $(cat "$tmp/stderr.txt") == *"ganstep: error: "* ]]'

  # ---- the native player's seed ------------------------------------------------------------
  if [[ -n $player && -x $player ]]; then
    "$player" --seed -1 >/dev/null 2>"$tmp/stderr.txt"
    code=$?
    check "ganstep-player --seed -1: exit $code, $(head -n 1 "$tmp/stderr.txt")" \
      '[[ $code -eq 2 && $(cat "$tmp/stderr.txt") == *"\"-1\" is not a seed (an integer 0..2^53)"* ]]'
  fi
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
