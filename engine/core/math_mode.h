// The engine's two speeds (the setting `mode`, engine/gan/config.cpp):
//   Exact  the default: every product and sum rounded separately, in a fixed
//          order, so the bits are the same natively, in WebAssembly and for
//          any thread count.
//   Fast   native only: the large products (the image nets' convolutions and
//          dense layers) use fused multiply-adds and the widest vectors the
//          CPU has (AVX-512, AVX2+FMA; chosen at run time), with their own
//          blocking. Deterministic for a given machine and thread count, and
//          within about 1e-6 of Exact per product (tests/engine/test_fast_mode.cpp).
// Layers take the mode through Layer::set_math_mode (the Trainer passes its
// config's), and hand it to the GEMM (engine/core/gemm.h).
#pragma once

#include <string>

namespace ganstep {

enum class MathMode { Exact, Fast };

inline const char* math_mode_name(MathMode m) { return m == MathMode::Fast ? "fast" : "exact"; }

inline bool parse_math_mode(const std::string& s, MathMode& out) {
  if (s == "exact") out = MathMode::Exact;
  else if (s == "fast") out = MathMode::Fast;
  else return false;
  return true;
}

// Fast mode's kernels are compiled in (not in the WebAssembly build).
constexpr bool fast_mode_compiled() {
#ifdef __EMSCRIPTEN__
  return false;
#else
  return true;
#endif
}

}  // namespace ganstep
