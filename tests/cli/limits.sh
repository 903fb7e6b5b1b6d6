#!/usr/bin/env bash
# The resource model at every entry point (engine/gan/resources.h): each run
# that would need more memory (or weights) than the limit is refused before
# it allocates: exit 1, a message naming the setting, in under 5 s (10 s
# under node, which compiles the module at every start), never an abort
# (134) or an uncaught exception.
#   usage: limits.sh SCRATCH_DIR MNIST_FOLDER CLI...
#   e.g.   limits.sh /tmp/t assets/data/mnist build/native/ganstep
#          limits.sh /tmp/t assets/data/mnist node build/web/ganstep-cli.js
# The native CLI runs under a 4 GB address-space limit (ulimit -v), so a
# refusal that came too late would end in std::bad_alloc; node reserves more
# address space than that for WebAssembly, whose heap stops at 2 GB anyway.
set -u
tmp=$1/limits
mnist=$2
shift 2
cli=("$@")
native=1 max_ms=5000
[[ ${cli[0]} == *node* ]] && native=0 max_ms=10000
rm -rf "$tmp"
mkdir -p "$tmp"
failures=0
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
library=$here/../../lessons/library

# expect CODE FRAGMENT ARGS...: runs the CLI (environment from $env_set),
# checks the exit code, that its output holds FRAGMENT, the time, and no abort.
env_set=()
expect() {
  local want=$1 fragment=$2
  shift 2
  local start end code err ms
  start=$(date +%s%N)
  (
    [[ $native -eq 1 ]] && ulimit -v 4194304
    exec env "${env_set[@]}" "${cli[@]}" "$@" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
  )
  code=$?
  end=$(date +%s%N)
  ms=$(((end - start) / 1000000))
  err=$(cat "$tmp/stderr.txt" "$tmp/stdout.txt" | head -c 2000)  # check prints problems on stdout
  local ok=1
  [[ $code -eq $want ]] || ok=0
  [[ $err == *"$fragment"* ]] || ok=0
  [[ $ms -lt $max_ms ]] || ok=0
  [[ $err != *"exiting due to exception"* && $err != *"terminate called"* && $err != *"bad_alloc"* ]] || ok=0
  if [[ $ok -eq 1 ]]; then
    echo "ok    exit $code in ${ms} ms: ${env_set[*]} ganstep $(echo "$*" | cut -c 1-100)"
  else
    echo "FAIL  ${env_set[*]} ganstep $(echo "$*" | cut -c 1-100)"
    echo "      wanted exit $want in under $max_ms ms, output containing: $fragment"
    echo "      got exit $code in ${ms} ms, stderr: $err"
    failures=$((failures + 1))
  fi
}

# A lesson file and a share link asking lesson 8 for a minibatch of 4096.
sed 's/^batch = .*/batch = 4096/' "$library/dcgan-mnist.toml" >"$tmp/big-batch.toml"
link=$(python3 - "$tmp/big-batch.toml" <<'EOF'
import base64, sys, zlib
text = open(sys.argv[1], "rb").read()
z = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw DEFLATE, as lessons/format/share.h
print("#lesson=1." + base64.urlsafe_b64encode(z.compress(text) + z.flush()).decode().rstrip("="))
EOF
)
# An IDX "bomb": a 28x28 image file whose header declares 1,360,000 images
# (4.3 GB as floats) with 64 MB of blank images gzipped behind it.
mkdir -p "$tmp/bomb"
python3 - "$tmp/bomb" <<'EOF'
import gzip, struct, sys
d = sys.argv[1]
with gzip.open(d + "/train-images-idx3-ubyte.gz", "wb", compresslevel=1) as f:
    f.write(struct.pack(">BBBBIII", 0, 0, 8, 3, 1360000, 28, 28))
    zeros = bytes(1 << 20)
    for _ in range(64):
        f.write(zeros)
with open(d + "/train-labels-idx1-ubyte", "wb") as f:
    f.write(struct.pack(">BBBBI", 0, 0, 8, 1, 5) + bytes(5))
EOF

# --set on a point GAN: activations, then weights.
expect 1 "batch 65536 needs about" run gauss-1d --set batch=65536 --set g_hidden=4096:relu
expect 1 "batch 65536 needs about" run gauss-1d --beats --set batch=65536 --set g_hidden=4096:relu
expect 1 "g_hidden 4096:relu,4096:relu gives G and D 16.8M weights; the limit is 2,000,000" \
  run gauss-1d --set g_hidden=4096:relu,4096:relu
expect 1 "d_hidden 2048:relu,2048:relu gives G and D" run ring-2d --set d_hidden=2048:relu,2048:relu
# Image lessons: --batch, --set batch, a lesson file, a share link, a --data folder.
expect 1 "batch 4096 needs about" run mnist-dcgan --batch 4096 --data "$mnist" --out "$tmp/run1" --steps 1
expect 1 "batch 65536 needs about" run dcgan-mnist --set batch=65536 --data "$mnist" --out "$tmp/run2" --steps 1
expect 1 "batch 4096 needs about" check "$tmp/big-batch.toml"
expect 1 "batch 4096 needs about" run "$tmp/big-batch.toml" --data "$mnist" --out "$tmp/run3" --steps 1
expect 1 "batch 4096 needs about" check --link "$link"
expect 1 "image data is capped at 512 MB" run dcgan-mnist --data "$tmp/bomb" --out "$tmp/run4" --steps 1
# A checkpoint: made at batch 1024 without training (--steps 0, on 70 random
# digits so the quality classifier trains in a moment), resumed under a
# limit it does not fit.
mkdir -p "$tmp/tiny"
python3 - "$tmp/tiny" <<'EOF'
import random, struct, sys
d, n = sys.argv[1], 70
random.seed(1)
with open(d + "/train-images-idx3-ubyte", "wb") as f:
    f.write(struct.pack(">BBBBIII", 0, 0, 8, 3, n, 28, 28) + bytes(random.randrange(256) for _ in range(n * 784)))
with open(d + "/train-labels-idx1-ubyte", "wb") as f:
    f.write(struct.pack(">BBBBI", 0, 0, 8, 1, n) + bytes(i % 10 for i in range(n)))
EOF
GANSTEP_CACHE_DIR=$tmp/cache "${cli[@]}" run dcgan-mnist --data "$tmp/tiny" --batch 1024 --steps 0 \
  --out "$tmp/ckpt" >/dev/null 2>&1 || { echo "FAIL  could not make the checkpoint"; failures=$((failures + 1)); }
env_set=(GANSTEP_MAX_MEMORY=512M GANSTEP_CACHE_DIR=$tmp/cache)
expect 1 "batch 1024 needs about" run dcgan-mnist --data "$tmp/tiny" --steps 1 --resume --out "$tmp/ckpt"
# GANSTEP_MAX_MEMORY sets the limit; a value that is not a size is bad usage.
env_set=(GANSTEP_MAX_MEMORY=64M)
expect 1 "the limit here is 64 MB (GANSTEP_MAX_MEMORY" run gauss-1d --set batch=4096 --set g_hidden=256:relu
env_set=(GANSTEP_MAX_MEMORY=lots)
expect 2 "GANSTEP_MAX_MEMORY: \"lots\" is not a memory size" run gauss-1d --steps 1
env_set=()

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
