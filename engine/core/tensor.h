// Tensor types used across the engine. Row-major, float32.
#pragma once

#include <xtensor/xtensor.hpp>

namespace ganstep {

// A batch of row vectors: shape (rows, cols). Parameters use it too (a bias
// is a 1 x n row) so one type serves layers, optimizers and snapshots.
using Tensor2 = xt::xtensor<float, 2>;

// Resize only when the shape changes (no allocation in the steady state).
inline void ensure_shape(Tensor2& t, std::size_t rows, std::size_t cols) {
  if (t.shape()[0] != rows || t.shape()[1] != cols) t.resize({rows, cols});
}

inline bool all_finite(const Tensor2& t) {
  for (float v : t)
    if (!(v - v == 0.0f)) return false;  // NaN or inf
  return true;
}

}  // namespace ganstep
