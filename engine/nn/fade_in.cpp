#include "engine/nn/fade_in.h"

#include <stdexcept>

namespace ganstep {

void fade_in_forward(const Tensor2& old_path, const Tensor2& new_path, float alpha, Tensor2& out) {
  if (old_path.shape() != new_path.shape())
    throw std::logic_error("fade_in_forward: the old path's rows (" + std::to_string(old_path.shape()[0]) + "x" +
                           std::to_string(old_path.shape()[1]) + ") and the new path's (" +
                           std::to_string(new_path.shape()[0]) + "x" + std::to_string(new_path.shape()[1]) +
                           ") differ");
  ensure_shape(out, old_path.shape()[0], old_path.shape()[1]);
  const float keep = 1.0f - alpha;
  const float* o = old_path.data();
  const float* n = new_path.data();
  float* y = out.data();
  for (std::size_t i = 0, size = out.size(); i < size; ++i) y[i] = keep * o[i] + alpha * n[i];
}

void fade_in_backward(const Tensor2& dy, float alpha, Tensor2& d_old, Tensor2& d_new) {
  ensure_shape(d_old, dy.shape()[0], dy.shape()[1]);
  ensure_shape(d_new, dy.shape()[0], dy.shape()[1]);
  const float keep = 1.0f - alpha;
  const float* g = dy.data();
  for (std::size_t i = 0, size = dy.size(); i < size; ++i) {
    d_old.data()[i] = keep * g[i];
    d_new.data()[i] = alpha * g[i];
  }
}

}  // namespace ganstep
