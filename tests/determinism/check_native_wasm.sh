#!/usr/bin/env bash
# Native vs WebAssembly determinism: the same lesson, seed and step count must
# give the same state_hash and the same metrics, bit for bit.
#   usage: check_native_wasm.sh NATIVE_GANSTEP WASM_CLI_JS [STEPS]
#   e.g.   check_native_wasm.sh build/native/ganstep build/web/ganstep-cli.js
# Runs `run LESSON --steps STEPS --json` for gauss-1d, ring-2d, tiny-2d (its
# 14-wide hidden layers) and mode-collapse (64-wide ones: the narrow-output
# products' WebAssembly kernel over longer sums) in both and exits 1 on any difference (printing both JSONs), 2 on a usage/run error.
set -uo pipefail

# shellcheck source=native_wasm_lib.sh
source "$(dirname "$0")/native_wasm_lib.sh"
need_native_wasm "$0 NATIVE_GANSTEP WASM_CLI_JS [STEPS]" "${1:-}" "${2:-}"
NATIVE="$1"
WASM_JS="$2"
STEPS="${3:-500}"
LESSONS=(gauss-1d ring-2d tiny-2d mode-collapse)

# compare.js NATIVE_JSON WASM_JSON: state_hash and every metric must match
# exactly (both sides print doubles with 17 significant digits, so parsing
# them back gives the exact doubles).
COMPARE='
const [a, b] = [process.argv[1], process.argv[2]].map((s) => JSON.parse(s));
const diffs = [];
for (const k of ["lesson", "seed", "steps", "state_hash"])
  if (a[k] !== b[k]) diffs.push(`${k}: native ${a[k]} != wasm ${b[k]}`);
const ma = a.metrics || {}, mb = b.metrics || {};
for (const k of new Set([...Object.keys(ma), ...Object.keys(mb)])) {
  const x = ma[k], y = mb[k];
  const same = x === y || (Number.isNaN(x) && Number.isNaN(y));
  if (!same) {
    const rel = (typeof x === "number" && typeof y === "number" && x !== 0)
      ? ` (relative difference ${Math.abs((x - y) / x).toExponential(2)})` : "";
    diffs.push(`metrics.${k}: native ${x} != wasm ${y}${rel}`);
  }
}
if (diffs.length) { console.log(diffs.map((d) => "  " + d).join("\n")); process.exit(1); }
'

status=0
for lesson in "${LESSONS[@]}"; do
  native_json="$("$NATIVE" run "$lesson" --steps "$STEPS" --json)"
  rc=$?
  if [ $rc -ne 0 ] || [ -z "$native_json" ]; then
    echo "error: '$NATIVE run $lesson --steps $STEPS --json' failed (exit $rc)" >&2
    exit 2
  fi
  wasm_json="$("$NODE" "$WASM_JS" run "$lesson" --steps "$STEPS" --json)"
  rc=$?
  if [ $rc -ne 0 ] || [ -z "$wasm_json" ]; then
    echo "error: '$NODE $WASM_JS run $lesson --steps $STEPS --json' failed (exit $rc)" >&2
    exit 2
  fi
  if report="$("$NODE" -e "$COMPARE" "$native_json" "$wasm_json" 2>&1)"; then
    hash="$("$NODE" -e 'console.log(JSON.parse(process.argv[1]).state_hash)' "$native_json")"
    echo "ok   $lesson --steps $STEPS: native and wasm agree, state_hash $hash"
  else
    status=1
    echo "FAIL $lesson --steps $STEPS: native and wasm differ:"
    echo "$report"
    echo "  native ($NATIVE):"
    echo "    $native_json"
    echo "  wasm ($WASM_JS):"
    echo "    $wasm_json"
  fi
done

if [ $status -ne 0 ]; then
  echo "determinism check FAILED: the WebAssembly build does not reproduce the native run." >&2
  echo "Look for libm calls (std::exp/log/tanh/pow...) in engine/ instead of the det_* functions of engine/core/detmath.h." >&2
fi
exit $status
