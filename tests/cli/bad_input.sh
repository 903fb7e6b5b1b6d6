#!/usr/bin/env bash
# The ganstep CLI on bad input: the exit code and the message for each case.
#   usage: bad_input.sh PATH/TO/ganstep SCRATCH_DIR
# Exit codes (native/cli/commands.h): 1 bad input or files, 2 bad usage, 3 diverged.
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}
mkdir -p "$tmp"
failures=0

# expect CODE FRAGMENT ARGS...: runs the CLI, checks the exit code, that stderr
# contains FRAGMENT (skipped when empty) and that stdout has no JSON (every
# case here is a failure).
expect() {
  local want=$1 fragment=$2
  shift 2
  local out err code
  out=$("$bin" "$@" 2>"$tmp/stderr.txt")
  code=$?
  err=$(cat "$tmp/stderr.txt")
  local ok=1
  [[ $code -eq $want ]] || ok=0
  [[ -z $fragment || $err == *"$fragment"* ]] || ok=0
  [[ $out != *"{"* ]] || ok=0
  if [[ $ok -eq 1 ]]; then
    echo "ok    exit $code: ganstep $*"
  else
    echo "FAIL  ganstep $*"
    echo "      wanted exit $want and stderr containing: $fragment"
    echo "      got exit $code, stderr: $err"
    echo "      stdout: ${out:0:300}"
    failures=$((failures + 1))
  fi
}

expect 2 "--bogus"                 run gauss-1d --bogus
expect 2 ""                        run gauss-1d --steps abc
expect 2 ""                        run
expect 2 "out of range"            run gauss-1d --steps -1
expect 1 "unknown lesson"          run nosuchlesson --steps 1
expect 1 'did you mean "gauss-1d"' run gauss1d --steps 1
expect 1 "unknown data set"        run gauss-1d --steps 1 --set data=nosuchset
expect 1 "out of range"            run gauss-1d --steps 1 --set batch=-5
expect 1 "batch"                   run gauss-1d --steps 1 --set batch=-5
expect 1 "not a number"            run gauss-1d --steps 1 --set lr_d=abc
expect 1 'unknown setting "bogus"' run gauss-1d --steps 1 --set bogus=1
expect 1 'did you mean "lr_d"'     run gauss-1d --steps 1 --set lr-d=0.1
expect 1 "expected key=value"      run gauss-1d --steps 1 --set lr_d
expect 1 "seed"                    run gauss-1d --steps 1 --set seed=-1

# CSV data: a bad row names FILE:LINE; a missing file names the file.
csv="$tmp/cli_bad_row.csv"
printf 'x,y\n1,2\n3,oops\n' >"$csv"
expect 1 "$csv:3:"                 run tiny-2d --steps 1 --set data=csv:"$csv"
missing="$tmp/cli_no_such_file.csv"
rm -f "$missing"
expect 1 "$missing: cannot open"   run tiny-2d --steps 1 --set data=csv:"$missing"
empty="$tmp/cli_empty.csv"
: >"$empty"
expect 1 "no points"               run tiny-2d --steps 1 --set data=csv:"$empty"
good="$tmp/cli_good.csv"
printf '0,0\n1,1\n2,0\n' >"$good"
if out=$("$bin" run tiny-2d --steps 2 --json --set data=csv:"$good") && [[ $out == *'"state_hash"'* ]]; then
  echo "ok    exit 0 with JSON: a good CSV file"
else
  echo "FAIL  a good CSV file: $out"
  failures=$((failures + 1))
fi

# A diverging run: exit 3, 'diverged' on stderr, no JSON on stdout.
expect 3 "diverged"                run gauss-1d --steps 2000 --json --set lr_d=10 --set lr_g=10
expect 3 "diverged"                run tiny-2d --steps 2000 --json --set lr_d=10 --set lr_g=10
expect 3 "diverged at iteration"   run gauss-1d --steps 2000 --set opt_d=sgd --set lr_d=10 --set momentum_d=0.99

# --answer BEAT=VALUE (lessons/run/preview.h): named by id or number, checked against the lesson.
expect 2 'no beat "hal" (did you mean "half"?)'       run two-players --steps 1 --answer hal=1
expect 2 'beat "welcome" asks no question'             run two-players --steps 1 --answer 1=0
expect 2 "beat \"half\"'s question has choices 0..3" run two-players --steps 1 --answer half=4
expect 2 "expected BEAT=VALUE"                       run two-players --steps 1 --json --answer half
expect 2 "that beat is answered twice"                run two-players --steps 1 --answer half=1 --answer 5=0

# --json reports the beats with or without --beats; --answer is the student's choice.
out=$("$bin" run two-players --steps 8 --json 2>&1)
if [[ $out == *'"beats_followed":false'* && $out == *'"id":"detective-wins","iteration":6,'*'"metric":"d_real","value":0.9048'* ]]; then
  echo "ok    --json without --beats lists the beats fired"
else
  echo "FAIL  --json without --beats: ${out:0:300}"
  failures=$((failures + 1))
fi
out=$("$bin" run two-players --steps 301 --json --answer half=0 2>&1)
if [[ $out == *'"beats_followed":true'* && $out == *'"answers":[{"beat":5,"id":"half","choice":0,"right":false}]'* ]]; then
  echo "ok    --answer half=0 is recorded as given"
else
  echo "FAIL  --answer half=0: ${out:0:300}"
  failures=$((failures + 1))
fi

# --samples OUT.csv: G's samples of a 1-D / 2-D lesson, written atomically; never through a link.
expect 2 "is a [game] lesson"                          run saddle-points --steps 1 --samples "$tmp/s.csv"
expect 1 "cannot use the folder"                       run gauss-1d --steps 1 --samples "$tmp/no/such/dir/s.csv"
expect 2 "is not one of this machine's"                 bench dcgan-mnist --iterations 1 --repeats 1 --gemm-kernel "$(printf 'k%.0s' {1..200})"
rm -f "$tmp/target.txt" "$tmp/link.csv"
ln -s "$tmp/target.txt" "$tmp/link.csv"
expect 1 "is a symbolic link"                          run tiny-2d --steps 1 --samples "$tmp/link.csv"
if [[ -e $tmp/target.txt ]]; then
  echo "FAIL  --samples wrote through a symbolic link"
  failures=$((failures + 1))
fi
"$bin" run tiny-2d --steps 3 --samples "$tmp/s.csv" >/dev/null 2>&1
if [[ $(head -1 "$tmp/s.csv") == "x,y" && $(wc -l <"$tmp/s.csv") -eq 4097 ]]; then
  echo "ok    --samples writes x,y and 4096 rows"
else
  echo "FAIL  --samples: $(head -2 "$tmp/s.csv" 2>&1)"
  failures=$((failures + 1))
fi

if [[ $failures -ne 0 ]]; then
  echo "$failures CLI case(s) failed"
  exit 1
fi
echo "all CLI bad-input cases passed"
