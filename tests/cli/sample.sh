#!/usr/bin/env bash
# `ganstep sample`: N samples of an image lesson's G or of a checkpoint's, as
# a .npy file or PNGs (checked with numpy and zlib), and a table of bad inputs
# that must fail with a clear message before any training, writing nothing.
#   usage: sample.sh PATH/TO/ganstep SCRATCH_DIR
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}/sample
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0
cli=("$bin")
# shellcheck source=lib.sh
source "$here/lib.sh"  # check, expect, field

# ---- a lesson: trained first, then sampled -------------------------------------------
expect 0 "training dcgan-mnist for 2 iterations" sample dcgan-mnist --steps 2 --threads 2 --n 5 --out "$tmp/a.npy"
check "stdout names the run ($(cat "$tmp/stdout.txt"))" \
  'grep -q "wrote 5 samples of dcgan-mnist (iteration 2, noise seed 1, state_hash [0-9a-f]\{16\}) to $tmp/a.npy: float32 5 x 28 x 28" "$tmp/stdout.txt"'
# The same training as `ganstep run` (its state_hash).
ran=$("$bin" run dcgan-mnist --steps 2 --threads 2 --sample-every 0 --out "$tmp/same" --json 2>/dev/null)
check "the run sampled is ganstep run's ($(field state_hash "$ran"))" \
  'grep -q "state_hash $(field state_hash "$ran"))" "$tmp/stdout.txt"'
check "stderr shows the training's progress" 'grep -q "iteration 2/2" "$tmp/stderr.txt"'
# The same run with more samples: the first 5 are the same (the quality metric's noise, one row each).
expect 0 "" sample dcgan-mnist --steps 2 --threads 1 --n 7 --out "$tmp/b.npy"
# PNGs of the same 5 samples: one sample-NNNNN.png each, round((v + 1) * 127.5).
expect 0 "" sample dcgan-mnist --steps 2 --n 5 --out "$tmp/png"
# Another seed: another run and other noise.
expect 0 "" sample dcgan-mnist --steps 2 --seed 5 --n 5 --out "$tmp/c.npy"
"$python" - "$tmp" <<'PY' || failures=$((failures + 1))
import struct, sys, zlib
import numpy as np
tmp = sys.argv[1]
a, b, c = (np.load(f"{tmp}/{n}.npy") for n in "abc")
ok = True
def check(what, cond):
    global ok
    print(("ok    " if cond else "FAIL  ") + what)
    ok = ok and bool(cond)
check(f"a.npy is float32 (5, 28, 28) in [-1, 1] ({a.dtype} {a.shape})",
      a.dtype == np.float32 and a.shape == (5, 28, 28) and a.min() >= -1 and a.max() <= 1)
check("samples differ from each other", np.abs(a[0] - a[1]).max() > 0)
check("the first 5 of 7 samples are the 5 (threads 1 == threads 2)", b.shape == (7, 28, 28) and np.array_equal(a, b[:5]))
check("another seed gives other samples", np.abs(a - c).max() > 0.01)

def png_gray(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (w, h, depth, colour) == (28, 28, 8, 0), (w, h, depth, colour)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, rows, prev = zlib.decompress(idat), [], [0] * w
    for r in range(28):
        f, line = raw[r * (w + 1)], list(raw[r * (w + 1) + 1:(r + 1) * (w + 1)])
        for i in range(w):  # PNG filters 0-4
            left = line[i - 1] if i else 0
            up, ul = prev[i], prev[i - 1] if i else 0
            if f == 1: line[i] = (line[i] + left) & 255
            elif f == 2: line[i] = (line[i] + up) & 255
            elif f == 3: line[i] = (line[i] + (left + up) // 2) & 255
            elif f == 4:
                p = left + up - ul
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - ul)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else ul)) & 255
        rows.append(line)
        prev = line
    return np.array(rows)

want = np.clip(np.floor((a.astype(np.float64) + 1) * 127.5 + 0.5), 0, 255)
pngs = [png_gray(f"{tmp}/png/sample-{i:05d}.png") for i in range(5)]
check("5 PNGs hold the .npy's samples as 8-bit gray", all(np.abs(p - w).max() <= 1 for p, w in zip(pngs, want)))
sys.exit(0 if ok else 1)
PY

# ---- a checkpoint: G as saved; --seed picks the noise ---------------------------------
"$bin" run dcgan-mnist --steps 2 --batch 8 --threads 2 --sample-every 0 --out "$tmp/run" >/dev/null 2>&1
expect 0 "" sample "$tmp/run/checkpoint.gsck" --n 3 --out "$tmp/ck.npy"
check "checkpoint: iteration 2 ($(cat "$tmp/stdout.txt"))" 'grep -q "of dcgan-mnist (iteration 2, noise seed 1" "$tmp/stdout.txt"'
expect 0 "" sample "$tmp/run/checkpoint.gsck" --n 3 --seed 9 --out "$tmp/ck9.npy"
check "checkpoint --seed 9: the noise's seed" 'grep -q "noise seed 9" "$tmp/stdout.txt"'

# ---- bad inputs: a clear message, exit 1 (input) or 2 (usage), nothing written -------
printf 'junk' >"$tmp/junk.gsck"
head -c 200 "$tmp/run/checkpoint.gsck" >"$tmp/cut.gsck"
mkdir -p "$tmp/full" "$tmp/ro"
: >"$tmp/full/sample-00001.png"
: >"$tmp/afile"
chmod 555 "$tmp/ro"
expect 2 "--n 0 is out of range 1..60000"        sample dcgan-mnist --n 0 --out "$tmp/x.npy"
expect 2 "--n -3 is out of range"                sample dcgan-mnist --n -3 --out "$tmp/x.npy"
expect 2 "--n 60001 is out of range"             sample dcgan-mnist --n 60001 --out "$tmp/x.npy"
expect 2 "--n"                                   sample dcgan-mnist --n lots --out "$tmp/x.npy"
expect 2 "--out is required"                     sample dcgan-mnist --n 3
expect 2 "--steps -1 is out of range"            sample dcgan-mnist --steps -1 --n 3 --out "$tmp/x.npy"
expect 1 'unknown lesson "nosuch"'               sample nosuch --n 3 --out "$tmp/x.npy"
expect 1 'did you mean "dcgan-mnist"'            sample dcgan-mnst --n 3 --out "$tmp/x.npy"
expect 1 '"gauss-1d" is not an image lesson'     sample gauss-1d --n 3 --out "$tmp/x.npy"
expect 1 "$tmp/none.gsck: cannot open"           sample "$tmp/none.gsck" --n 3 --out "$tmp/x.npy"
expect 1 "$tmp/junk.gsck: not a ganstep checkpoint" sample "$tmp/junk.gsck" --n 3 --out "$tmp/x.npy"
expect 1 "$tmp/cut.gsck"                         sample "$tmp/cut.gsck" --n 3 --out "$tmp/x.npy"
expect 2 "a checkpoint is sampled as saved"      sample "$tmp/run/checkpoint.gsck" --steps 5 --n 3 --out "$tmp/x.npy"
expect 1 "$tmp/nodir: cannot use the folder"     sample dcgan-mnist --n 3 --out "$tmp/nodir/x.npy"
expect 1 "is neither FILE.npy nor a folder"      sample dcgan-mnist --n 3 --out "$tmp/x.png"
expect 1 "exists and is not a folder"            sample dcgan-mnist --n 3 --out "$tmp/afile"
mkdir -p "$tmp/dir.npy"
expect 1 "$tmp/dir.npy"                          sample dcgan-mnist --n 3 --out "$tmp/dir.npy"
expect 1 "already holds $tmp/full/sample-00001.png of the 3 names" sample dcgan-mnist --n 3 --out "$tmp/full"
check "the existing PNG is kept, no other written" '[[ ! -s $tmp/full/sample-00001.png && ! -e $tmp/full/sample-00000.png ]]'
expect 1 "already holds $tmp/png/sample-00000.png and 4 more" sample dcgan-mnist --n 9 --out "$tmp/png"
if [[ $(id -u) -ne 0 ]]; then
  expect 1 "$tmp/ro" sample dcgan-mnist --n 3 --out "$tmp/ro/x.npy"
fi
expect 1 "seed"                                  sample dcgan-mnist --seed -1 --n 3 --out "$tmp/x.npy"
check "no x.npy was written" '[[ ! -e $tmp/x.npy ]]'
chmod 755 "$tmp/ro"

if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all sample cases passed"
