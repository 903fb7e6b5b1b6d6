#!/usr/bin/env bash
# find-latent from the command line: `ganstep invert` on malformed input (a
# table of PNG and checkpoint cases: exit code and message), a small
# inversion through a 2-iteration run's checkpoint (code .npy and
# reconstruction PNG written); run find-latent's settings checked (its
# hashes: tests/cli/determinism.sh).
#   usage: latent.sh PATH/TO/ganstep SCRATCH_DIR
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}/cli_latent
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0

ok() { echo "ok    $1"; }
fail() { echo "FAIL  $1"; failures=$((failures + 1)); }

# png (tests/cli/lib.sh): test PNGs made by zlib alone.
source "$(dirname "$0")/lib.sh"

# expect CODE FRAGMENT ARGS...: exit code and a fragment of stderr.
expect() {
  local want=$1 fragment=$2
  shift 2
  "$bin" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt"
  local code=$?
  if [[ $code -eq $want && $(cat "$tmp/err.txt") == *"$fragment"* ]]; then
    ok "exit $code: ganstep $*"
  else
    fail "ganstep $* (wanted exit $want and \"$fragment\"; got exit $code: $(head -c 300 "$tmp/err.txt"))"
  fi
}

png "$tmp/digit.png" 28 28 8 0
png "$tmp/light.png" 28 28 8 6 light
png "$tmp/small.png" 27 28 8 0
png "$tmp/deep.png" 28 28 16 0
head -c 60 "$tmp/digit.png" >"$tmp/truncated.png"
echo "not an image" >"$tmp/text.png"

# A 2-iteration run of lesson 8 for its checkpoint (a second of training).
"$bin" run dcgan-mnist --steps 2 --batch 8 --sample-every 0 --out "$tmp/run8" >/dev/null 2>&1 || fail "dcgan-mnist --steps 2"
ck="$tmp/run8/checkpoint.gsck"
head -c 100 "$ck" >"$tmp/truncated.gsck"
# A checkpoint of a lesson that is not in the library.
sed 's/^id = "dcgan-mnist"/id = "my-digits"/' "$(dirname "$0")/../../lessons/library/dcgan-mnist.toml" >"$tmp/my-digits.toml"
"$bin" run "$tmp/my-digits.toml" --steps 1 --batch 8 --sample-every 0 --out "$tmp/mine" >/dev/null 2>&1 || fail "my-digits --steps 1"

#      code fragment                                   args
expect 2 "--image is required"                         invert --out "$tmp/x"
expect 1 "cannot open"                                 invert --image "$tmp/none.png" --out "$tmp/x"
expect 1 "not a PNG file"                              invert --image "$tmp/text.png" --out "$tmp/x"
expect 1 "truncated or corrupt PNG"                    invert --image "$tmp/truncated.png" --out "$tmp/x"
expect 1 "27x28 pixels; a digit is 28x28"              invert --image "$tmp/small.png" --out "$tmp/x"
expect 1 "16 bits per channel"                         invert --image "$tmp/deep.png" --out "$tmp/x"
expect 1 "--out:"                                      invert --image "$tmp/digit.png" --out "$tmp/no/such/dir/x"
expect 1 "none.gsck"                                   invert --image "$tmp/digit.png" --checkpoint "$tmp/none.gsck" --out "$tmp/x"
expect 1 "truncated checkpoint"                        invert --image "$tmp/digit.png" --checkpoint "$tmp/truncated.gsck" --out "$tmp/x"
expect 1 "not a ganstep checkpoint"                   invert --image "$tmp/digit.png" --checkpoint "$tmp/digit.png" --out "$tmp/x"
expect 1 "not an image lesson of the library"          invert --image "$tmp/digit.png" --checkpoint "$tmp/mine/checkpoint.gsck" --out "$tmp/x"
expect 2 "out of range"                                invert --image "$tmp/digit.png" --updates 0 --out "$tmp/x"
expect 2 "out of range"                                invert --image "$tmp/digit.png" --starts 17 --out "$tmp/x"
expect 1 "is not a number"                             run find-latent --steps 1 --compare-digits 0 --set lr=abc
expect 1 "unknown latent setting"                      run find-latent --steps 1 --compare-digits 0 --set bogus=1
expect 1 "the held-out set has"                        run find-latent --steps 1 --compare-digits 0 --set target=test:99999
expect 2 "do not apply"                                run find-latent --steps 1 --out "$tmp/x"
expect 2 "--from-scratch applies"                      run gauss-1d --steps 1 --from-scratch

# A small inversion through the checkpoint's G: the code and the reconstruction.
for img in digit light; do
  if "$bin" invert --image "$tmp/$img.png" --checkpoint "$ck" --out "$tmp/$img-code" --updates 20 --starts 2 --json \
      >"$tmp/out.txt" 2>"$tmp/err.txt" && [[ -s $tmp/$img-code.npy && -s $tmp/$img-code.png ]] &&
      grep -q '"loss":' "$tmp/out.txt"; then
    ok "invert $img.png: $(head -c 200 "$tmp/out.txt")"
  else
    fail "invert $img.png: $(cat "$tmp/err.txt")"
  fi
done
grep -q "inverted" "$tmp/err.txt" && ok "a light image is inverted, with a notice" || fail "no notice for a light image"
# 64 float32 after the .npy header (128 bytes): 384 bytes.
[[ $(stat -c %s "$tmp/digit-code.npy") -eq 384 ]] && ok "the code is 1x64 float32" || fail "code size $(stat -c %s "$tmp/digit-code.npy")"

if [[ $failures -ne 0 ]]; then
  echo "$failures latent check(s) failed"
  exit 1
fi
echo "all latent checks passed"
