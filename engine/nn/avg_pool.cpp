#include "engine/nn/avg_pool.h"

namespace ganstep {

std::string AvgPool2x::check(int c, int h, int w) {
  if (c < 1 || h < 2 || w < 2) return "average pooling needs an image of at least 2x2";
  if (h % 2 || w % 2) return "average pooling by 2 needs an even height and width, got " + std::to_string(h) + "x" +
                             std::to_string(w);
  return "";
}

void AvgPool2x::forward(const Tensor2& x, Tensor2& y) {
  (void)image_in(x, in_, *this);  // checks the row length
  batch_ = x.shape()[0];
  (void)image_out(y, batch_, out_image());
  const std::size_t planes = batch_ * std::size_t(in_.c);
  const std::size_t Ho = std::size_t(in_.h / 2), Wo = std::size_t(in_.w / 2), W = std::size_t(in_.w);
  const float* src = x.data();
  float* dst = y.data();
  for (std::size_t p = 0; p < planes; ++p, src += 4 * Ho * Wo, dst += Ho * Wo)
    for (std::size_t i = 0; i < Ho; ++i) {
      const float* row0 = src + (2 * i) * W;
      const float* row1 = row0 + W;
      for (std::size_t j = 0; j < Wo; ++j)
        dst[i * Wo + j] = 0.25f * (((row0[2 * j] + row0[2 * j + 1]) + row1[2 * j]) + row1[2 * j + 1]);
    }
}

void AvgPool2x::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  (void)param_grads;  // no parameters
  (void)image_in(dy, out_image(), *this, batch_);
  (void)image_out(dx, batch_, in_);
  const std::size_t planes = batch_ * std::size_t(in_.c);
  const std::size_t Ho = std::size_t(in_.h / 2), Wo = std::size_t(in_.w / 2), W = std::size_t(in_.w);
  const float* src = dy.data();
  float* dst = dx.data();
  for (std::size_t p = 0; p < planes; ++p, src += Ho * Wo, dst += 4 * Ho * Wo)
    for (std::size_t i = 0; i < Ho; ++i) {
      float* row0 = dst + (2 * i) * W;
      float* row1 = row0 + W;
      for (std::size_t j = 0; j < Wo; ++j) {
        const float g = 0.25f * src[i * Wo + j];
        row0[2 * j] = row0[2 * j + 1] = row1[2 * j] = row1[2 * j + 1] = g;
      }
    }
}

}  // namespace ganstep
