#include "engine/nn/upsample.h"

namespace ganstep {

void Upsample2x::forward(const Tensor2& x, Tensor2& y) {
  (void)image_in(x, in_, *this);  // checks the row length
  batch_ = x.shape()[0];
  (void)image_out(y, batch_, out_image());
  const std::size_t planes = batch_ * std::size_t(in_.c), H = std::size_t(in_.h), W = std::size_t(in_.w);
  const float* src = x.data();
  float* dst = y.data();
  for (std::size_t p = 0; p < planes; ++p, src += H * W, dst += 4 * H * W)
    for (std::size_t i = 0; i < H; ++i) {
      float* row0 = dst + (2 * i) * (2 * W);
      float* row1 = row0 + 2 * W;
      for (std::size_t j = 0; j < W; ++j) {
        const float v = src[i * W + j];
        row0[2 * j] = row0[2 * j + 1] = row1[2 * j] = row1[2 * j + 1] = v;
      }
    }
}

void Upsample2x::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  (void)param_grads;  // no parameters
  (void)image_in(dy, out_image(), *this, batch_);
  (void)image_out(dx, batch_, in_);
  const std::size_t planes = batch_ * std::size_t(in_.c), H = std::size_t(in_.h), W = std::size_t(in_.w);
  const float* src = dy.data();
  float* dst = dx.data();
  for (std::size_t p = 0; p < planes; ++p, src += 4 * H * W, dst += H * W)
    for (std::size_t i = 0; i < H; ++i) {
      const float* row0 = src + (2 * i) * (2 * W);
      const float* row1 = row0 + 2 * W;
      for (std::size_t j = 0; j < W; ++j)
        dst[i * W + j] = ((row0[2 * j] + row0[2 * j + 1]) + row1[2 * j]) + row1[2 * j + 1];
    }
}

}  // namespace ganstep
