#include "engine/nn/dropout.h"

#include <algorithm>
#include <cstdio>

namespace ganstep {

Dropout::Dropout(float p, Rng r) : rng(r) {
  p_ = p > 0.0f ? (p < 1.0f ? p : 0.0f) : 0.0f;  // NaN, negative or >= 1: no dropout
  double t = static_cast<double>(p_) * 65536.0 + 0.5;
  threshold_ = static_cast<std::uint32_t>(t);
  if (threshold_ > 65535) threshold_ = 65535;
  scale_ = static_cast<float>(65536.0 / (65536.0 - threshold_));
}

void Dropout::forward(const Tensor2& x, Tensor2& y) {
  ensure_shape(y, x.shape()[0], x.shape()[1]);
  apply(x.data(), y.data(), x.size());
}

void Dropout::forward_in_place(Tensor2& xy) { apply(xy.data(), xy.data(), xy.size()); }

void Dropout::apply(const float* xp, float* yp, std::size_t n) {
  masked_ = training_ && threshold_ > 0;
  if (!masked_) {
    if (yp != xp) std::copy(xp, xp + n, yp);
    return;
  }
  keep_.resize(n);
  constexpr int kChunk = 256;  // draws per batch: 512 elements
  std::uint32_t draws[kChunk];
  std::uint8_t* kp = keep_.data();
  for (std::size_t start = 0; start < n; start += 2 * kChunk) {
    const std::size_t count = std::min<std::size_t>(n - start, 2 * kChunk);
    const std::size_t pairs = (count + 1) / 2;  // an odd last element leaves a high half unused
    rng.fill_u32(draws, static_cast<int>(pairs));
    std::uint8_t k[2 * kChunk];
    for (std::size_t j = 0; j < pairs; ++j) {
      k[2 * j] = (draws[j] & 0xffffu) >= threshold_;
      k[2 * j + 1] = (draws[j] >> 16) >= threshold_;
    }
    std::copy(k, k + count, kp + start);
    const float scale = scale_;
    for (std::size_t i = 0; i < count; ++i) yp[start + i] = xp[start + i] * (k[i] ? scale : 0.0f);
  }
}

void Dropout::backward(const Tensor2& dy, Tensor2& dx, bool) {
  ensure_shape(dx, dy.shape()[0], dy.shape()[1]);
  if (!masked_) {
    std::copy(dy.begin(), dy.end(), dx.begin());
    return;
  }
  const std::size_t n = dy.size();
  const float* dyp = dy.data();
  const std::uint8_t* kp = keep_.data();
  const float scale = scale_;
  float* dxp = dx.data();
  for (std::size_t i = 0; i < n; ++i) dxp[i] = dyp[i] * (kp[i] ? scale : 0.0f);
}

std::string Dropout::describe() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "Dropout(%g)", static_cast<double>(p_));
  return buf;
}

}  // namespace ganstep
