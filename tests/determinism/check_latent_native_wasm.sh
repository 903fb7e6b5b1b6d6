#!/usr/bin/env bash
# Native vs WebAssembly on find-latent and detect-fakes: the search through
# the page's starting models (MODELS_DIR, the models packed in images.data)
# must give the same --json, bit for byte: from random codes and from the
# encoder's guess; detect-fakes' scores (and so its AUCs and state hash).
#   usage: check_latent_native_wasm.sh NATIVE_GANSTEP WASM_CLI_JS MODELS_DIR
set -uo pipefail
# shellcheck source=native_wasm_lib.sh
source "$(dirname "$0")/native_wasm_lib.sh"
need_native_wasm "$0 NATIVE_GANSTEP WASM_CLI_JS MODELS_DIR" "${1:-}" "${2:-}"
if [ $# -lt 3 ]; then
  echo "usage: $0 NATIVE_GANSTEP WASM_CLI_JS MODELS_DIR" >&2
  exit 2
fi
NATIVE=$1
WASM_JS=$2
export GANSTEP_CACHE_DIR=$3
strip() { sed -E 's/,"load_seconds":[^,}]*//; s/,"seconds":[^,}]*//; s/,"score_seconds":[^,}]*//'; }
failures=0
for run in "find-latent" "find-latent --set encoder=true" "find-latent --set starts=3 --set target=test:7" \
           "detect-fakes --set detect=20"; do
  # shellcheck disable=SC2086
  if [[ $run == detect-fakes* ]]; then args=(run $run --steps 2 --json); else args=(run $run --steps 40 --compare-digits 0 --json); fi
  native=$("$NATIVE" "${args[@]}" 2>/dev/null) || { echo "native run failed: ${args[*]}" >&2; exit 2; }
  wasm=$("$NODE" "$WASM_JS" "${args[@]}" 2>/dev/null) || { echo "wasm run failed: ${args[*]}" >&2; exit 2; }
  if [ "$(echo "$native" | strip)" == "$(echo "$wasm" | strip)" ]; then
    echo "ok    $run ($(echo "$native" | grep -o '"state_hash":"[0-9a-f]*"'))"
  else
    echo "FAIL  $run"
    echo "  native: $native"
    echo "  wasm:   $wasm"
    failures=$((failures + 1))
  fi
done
[ $failures -eq 0 ]
