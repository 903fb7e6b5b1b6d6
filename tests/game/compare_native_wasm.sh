#!/usr/bin/env bash
# Native vs WebAssembly for `ganstep run saddle-points`: the same settings must
# print the same JSON, byte for byte (state_hash and every metric, 17 digits).
#   usage: compare_native_wasm.sh NATIVE_GANSTEP WASM_CLI_JS [STEPS]
# Exit 0 when all agree, 1 on a difference (both JSONs printed), 2 on a
# usage or run error.
set -uo pipefail
# shellcheck source=../determinism/native_wasm_lib.sh
source "$(dirname "$0")/../determinism/native_wasm_lib.sh"
need_native_wasm "$0 NATIVE_GANSTEP WASM_CLI_JS [STEPS]" "${1:-}" "${2:-}"
NATIVE="$1"
WASM_JS="$2"
STEPS="${3:-500}"

CASES=(
  ""
  "--set loss=nonsat --set rule=alternating --set k=2"
  "--set loss=wgan --set rule=momentum --set momentum=-0.5"
  "--set rule=adam --set lr=0.05"
  "--set rule=consensus --set gamma=0.5"
  "--set rule=r1 --set noise=0.5 --seed 9"
  "--set game=bilinear --set rule=alternating --set first=g --set lr=0.3"
  "--set formula=sin(x)*tanh(y)+0.1*x^2-sqrt(1+y^2) --set formula_g=softplus(x*y)+exp(-x^2) --set rule=adam --set noise=0.2"
)
status=0
for args in "${CASES[@]}"; do
  # shellcheck disable=SC2086  # the settings are split on purpose (no spaces inside values)
  native="$("$NATIVE" run saddle-points --steps "$STEPS" $args --json)" || { echo "error: native run failed: $args" >&2; exit 2; }
  # shellcheck disable=SC2086
  wasm="$("$NODE" "$WASM_JS" run saddle-points --steps "$STEPS" $args --json)" || { echo "error: wasm run failed: $args" >&2; exit 2; }
  if [ "$native" == "$wasm" ]; then
    echo "same  saddle-points $args"
  else
    echo "DIFFERENT  saddle-points $args"
    echo "  native: $native"
    echo "  wasm:   $wasm"
    status=1
  fi
done
exit $status
