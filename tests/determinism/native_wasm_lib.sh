# Sourced by the native-vs-WebAssembly scripts: checks that both CLIs and node
# are there, exiting 2 with a message naming what to build when not.
#   need_native_wasm USAGE NATIVE_GANSTEP WASM_CLI_JS
# Sets NODE (default: node).
need_native_wasm() {
  local usage=$1 native=${2:-} wasm_js=${3:-}
  NODE="${NODE:-node}"
  if [ -z "$native" ] || [ -z "$wasm_js" ]; then
    echo "usage: $usage" >&2
    exit 2
  fi
  if [ ! -x "$native" ]; then
    echo "error: native CLI '$native' not found: build it first (cmake --preset native && cmake --build --preset native)" >&2
    exit 2
  fi
  if [ ! -f "$wasm_js" ]; then
    echo "error: wasm CLI '$wasm_js' not found: build it first (cmake --preset web && cmake --build --preset web)" >&2
    exit 2
  fi
  if ! command -v "$NODE" >/dev/null 2>&1; then
    echo "error: node ('$NODE') not found" >&2
    exit 2
  fi
}
