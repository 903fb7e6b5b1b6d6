# WebAssembly (Emscripten) settings, included by the top-level CMakeLists.txt
# when EMSCRIPTEN (the `web` preset). Debian 12's emscripten 3.1.6.

# emcc runs tools/acorn-optimizer.js with node when it links at -O1 and above,
# and that script needs acorn from NODE_PATH. The web presets set NODE_PATH,
# but a plain `cmake --build build/web` (or an IDE) would not: every link step
# is therefore run through `cmake -E env NODE_PATH=...`.
if(DEFINED ENV{NODE_PATH} AND NOT "$ENV{NODE_PATH}" STREQUAL "")
  set(_node_path "$ENV{NODE_PATH}")
else()
  set(_node_path "/usr/share/nodejs")
endif()
set(GANSTEP_NODE_PATH "${_node_path}" CACHE PATH "NODE_PATH for emcc's link step (must contain acorn)")
if(NOT EXISTS "${GANSTEP_NODE_PATH}/acorn")
  message(WARNING "acorn not found in GANSTEP_NODE_PATH=${GANSTEP_NODE_PATH}: emcc links will fail (apt install node-acorn)")
endif()
set(CMAKE_C_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;NODE_PATH=${GANSTEP_NODE_PATH}")
set(CMAKE_CXX_LINKER_LAUNCHER "${CMAKE_COMMAND};-E;env;NODE_PATH=${GANSTEP_NODE_PATH}")

# 128-bit wasm SIMD lets clang auto-vectorise the element-wise loops and the
# GEMM kernels. Lane-wise IEEE add/mul/div/sqrt/min/max give the same bits as
# scalar code, and with -ffp-contract=off and no -ffast-math nothing is
# contracted or reassociated: the state hashes stay identical to the native
# build (checked by the determinism_native_wasm test). Needs node >= 16 and
# Chrome 91 / Firefox 89 / Safari 16.4.
option(GANSTEP_WASM_SIMD "Build WebAssembly with -msimd128" ON)
if(GANSTEP_WASM_SIMD)
  add_compile_options(-msimd128)
  add_link_options(-msimd128)
endif()

# ganstep_node_executable(<target>): make <target> a command-line program for
# node: <target>.js + <target>.wasm in build/web, run as `node <target>.js ARGS`
# (CTest runs add_test(COMMAND <target>) through node by itself: the toolchain
# sets CMAKE_CROSSCOMPILING_EMULATOR to node).
#   NODERAWFS       the real file system (relative paths from the cwd)
#   EXIT_RUNTIME    main's return value is the process exit code, stdout flushed
#   ENVIRONMENT=node + WASM_ASYNC_COMPILATION=0: read the .wasm with fs and
#                   compile it synchronously. Emscripten 3.1.6 would otherwise
#                   fetch() it, and node >= 18 has a fetch() that rejects plain
#                   paths ("Failed to parse URL from .../x.wasm").
#   node_env.js     the shell's GANSTEP_* variables reach getenv()
#   node_clock.js   clock() and the CPU-time clocks measure the process's CPU time
#   -fexceptions    catching C++ exceptions (CLI11's parse errors, Catch2).
#                   Only the target's own sources get it: the engine throws
#                   nothing, and JS-based exception catching would put an
#                   invoke_* JS trampoline around calls in its hot loops.
function(ganstep_node_executable target)
  set_target_properties(${target} PROPERTIES SUFFIX ".js")
  target_compile_options(${target} PRIVATE -fexceptions)
  target_link_options(${target} PRIVATE
    -fexceptions
    -sENVIRONMENT=node -sNODERAWFS=1 -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1
    -sWASM_ASYNC_COMPILATION=0
    "--pre-js=${PROJECT_SOURCE_DIR}/cmake/node_env.js"
    "--js-library=${PROJECT_SOURCE_DIR}/cmake/node_clock.js")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${PROJECT_SOURCE_DIR}/cmake/node_env.js"
                                                              "${PROJECT_SOURCE_DIR}/cmake/node_clock.js")
endfunction()
