#!/usr/bin/env bash
# Native vs WebAssembly on an image lesson: a short dcgan-mnist run (real
# MNIST) must give the same state_hash, metrics (Fréchet distance included),
# checkpoint, sample PNGs, .npy files and metrics.csv (but for its
# images_per_s column), byte for byte. Then a short run of the growing lesson
# across its three resolutions: the same state_hash, FD per stage and checkpoint;
# then a short style-mapping run (a style-based G) likewise.
#   usage: check_image_native_wasm.sh NATIVE_GANSTEP WASM_CLI_JS MNIST_FOLDER SCRATCH_DIR
set -uo pipefail
# shellcheck source=native_wasm_lib.sh
source "$(dirname "$0")/native_wasm_lib.sh"
need_native_wasm "$0 NATIVE_GANSTEP WASM_CLI_JS MNIST_FOLDER SCRATCH_DIR" "${1:-}" "${2:-}"
if [ $# -lt 4 ]; then
  echo "usage: $0 NATIVE_GANSTEP WASM_CLI_JS MNIST_FOLDER SCRATCH_DIR" >&2
  exit 2
fi
NATIVE=$1
WASM_JS=$2
DATA=$3
TMP=$4/image_native_wasm
rm -rf "$TMP"
mkdir -p "$TMP"
args=(run dcgan-mnist --steps 6 --batch 8 --sample-every 3 --data "$DATA" --json)
# images_per_s and out differ by nature
strip() { sed -E 's/,"images_per_s":[^,}]*//; s/,"out":"[^"]*"//'; }
native=$("$NATIVE" "${args[@]}" --out "$TMP/native" 2>/dev/null) || { echo "native run failed" >&2; exit 2; }
wasm=$("$NODE" "$WASM_JS" "${args[@]}" --out "$TMP/wasm" 2>/dev/null) || { echo "wasm run failed" >&2; exit 2; }
failures=0
same() {  # same DESCRIPTION A B
  if [ "$2" == "$3" ]; then echo "ok    $1"; else echo "FAIL  $1"; echo "  native: $2"; echo "  wasm:   $3"; failures=$((failures + 1)); fi
}
same "--json (state_hash $(echo "$native" | grep -o '"state_hash":"[0-9a-f]*"'))" "$(echo "$native" | strip)" \
  "$(echo "$wasm" | strip)"
for f in checkpoint.gsck samples/iter-000003.png samples/iter-000006.png samples/latest.png \
  $(cd "$TMP/native" && ls generator/*); do
  same "$f" "$(md5sum <"$TMP/native/$f")" "$(md5sum <"$TMP/wasm/$f" 2>&1)"
done
same "metrics.csv without images_per_s" "$(cut -d, -f1-5,7- "$TMP/native/metrics.csv")" \
  "$(cut -d, -f1-5,7- "$TMP/wasm/metrics.csv")"
# The growing lesson (7x7 -> 14x14 -> 28x28, a stage every 2 iterations): the
# training seconds in its report differ by nature.
gargs=(run growing --steps 6 --batch 8 --set grow_stage=2 --set grow_fade=1 --fd-every 2 --no-compare
       --sample-every 3 --data "$DATA" --json)
gstrip() { strip | sed -E 's/(\[[0-9]+,[-0-9.e]+),[-0-9.e]+\]/\1]/g; s/"(train_seconds|seconds_to_target)":[^,}]*,?//g'; }
gnative=$("$NATIVE" "${gargs[@]}" --out "$TMP/gnative" 2>/dev/null) || { echo "native growing run failed" >&2; exit 2; }
gwasm=$("$NODE" "$WASM_JS" "${gargs[@]}" --out "$TMP/gwasm" 2>/dev/null) || { echo "wasm growing run failed" >&2; exit 2; }
same "growing --json (state_hash $(echo "$gnative" | grep -o '"state_hash":"[0-9a-f]*"'))" \
  "$(echo "$gnative" | gstrip)" "$(echo "$gwasm" | gstrip)"
for f in checkpoint.gsck samples/iter-000003.png samples/latest.png; do
  same "growing $f" "$(md5sum <"$TMP/gnative/$f")" "$(md5sum <"$TMP/gwasm/$f" 2>&1)"
done
# The style-based G (lesson style-mapping): its hash, metrics and latent
# measures (--json), checkpoint and interpolation images.
sargs=(run style-mapping --steps 3 --batch 8 --sample-every 3 --data "$DATA" --json)
native=$("$NATIVE" "${sargs[@]}" --out "$TMP/native-style" 2>/dev/null) || { echo "native style run failed" >&2; exit 2; }
wasm=$("$NODE" "$WASM_JS" "${sargs[@]}" --out "$TMP/wasm-style" 2>/dev/null) || { echo "wasm style run failed" >&2; exit 2; }
same "style-mapping --json (state_hash $(echo "$native" | grep -o '"state_hash":"[0-9a-f]*"'))" \
  "$(echo "$native" | strip)" "$(echo "$wasm" | strip)"
for f in checkpoint.gsck samples/latest.png disentangle/interpolation.png disentangle/pca.csv; do
  same "style-mapping $f" "$(md5sum <"$TMP/native-style/$f")" "$(md5sum <"$TMP/wasm-style/$f" 2>&1)"
done
[ $failures -eq 0 ]
