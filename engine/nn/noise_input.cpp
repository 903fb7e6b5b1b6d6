#include "engine/nn/noise_input.h"

#include <algorithm>

namespace ganstep {
namespace {
constexpr std::uint64_t kInferenceNoiseSeed = 0x4e015e;  // every row: Rng(this, 0)
}

NoiseInput::NoiseInput(int c, int h, int w) : shape_{c, h, w} {
  scale = xt::zeros<float>({std::size_t{1}, static_cast<std::size_t>(c)});
  dscale = xt::zeros<float>(scale.shape());
}

void NoiseInput::forward(const Tensor2& x, Tensor2& y) {
  const auto xi = image_in(x, shape_, *this);
  const std::size_t B = xi.shape()[0], C = shape_.c, S = static_cast<std::size_t>(shape_.h) * shape_.w;
  ensure_shape(n_, B, S);
  if (!enabled) {
    n_.fill(0.0f);
    y = x;
    return;
  }
  for (std::size_t b = 0; b < B; ++b) {
    if (training_) {
      rng_.fill_normal(n_.data() + b * S, static_cast<int>(S));
    } else if (b == 0) {
      Rng r(kInferenceNoiseSeed, 0);
      r.fill_normal(n_.data(), static_cast<int>(S));
    } else {
      std::copy(n_.data(), n_.data() + S, n_.data() + b * S);
    }
  }
  ensure_shape(y, B, C * S);
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t c = 0; c < C; ++c) {
      const float s = scale(0, c);
      const float* xp = x.data() + (b * C + c) * S;
      const float* np = n_.data() + b * S;
      float* yp = y.data() + (b * C + c) * S;
      for (std::size_t p = 0; p < S; ++p) yp[p] = xp[p] + s * np[p];
    }
}

void NoiseInput::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  dx = dy;
  if (!param_grads) return;
  const std::size_t B = dy.shape()[0], C = shape_.c, S = static_cast<std::size_t>(shape_.h) * shape_.w;
  for (std::size_t c = 0; c < C; ++c) {
    double g = 0;
    for (std::size_t b = 0; b < B; ++b) {
      const float* d = dy.data() + (b * C + c) * S;
      const float* np = n_.data() + b * S;
      for (std::size_t p = 0; p < S; ++p) g += static_cast<double>(d[p]) * np[p];
    }
    dscale(0, c) = static_cast<float>(g);
  }
}

std::string NoiseInput::describe() const {
  return "NoiseInput(" + shape_.text() + (enabled ? ")" : ", off)");
}

}  // namespace ganstep
