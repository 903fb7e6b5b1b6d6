#include "engine/nn/dropout.h"

#include <algorithm>
#include <cstdio>

namespace ganstep {

namespace {

// f[byte][b] = bit b of byte: 1 or 0.
struct Bits {
  float f[256][8];
};
const Bits& bit_table() {
  static const Bits table = [] {
    Bits t{};
    for (int v = 0; v < 256; ++v)
      for (int b = 0; b < 8; ++b) t.f[v][b] = (v >> b) & 1 ? 1.0f : 0.0f;
    return t;
  }();
  return table;
}

}  // namespace

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
  keep_.resize((n + 7) / 8);  // one bit per element (a 32nd of a float mask's memory)
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
    for (std::size_t j = 0; j < count; j += 8) {  // start is a multiple of 8
      unsigned byte = 0;
      for (std::size_t b = 0; b < 8 && j + b < count; ++b) byte |= unsigned(k[j + b]) << b;
      kp[(start + j) / 8] = static_cast<std::uint8_t>(byte);
    }
    const float scale = scale_;
    for (std::size_t i = 0; i < count; ++i) yp[start + i] = xp[start + i] * (k[i] ? scale : 0.0f);
  }
}

void Dropout::backward(const Tensor2& dy, Tensor2& dx, bool) {
  ensure_shape(dx, dy.shape()[0], dy.shape()[1]);
  if (!masked_) {
    if (&dx != &dy) std::copy(dy.begin(), dy.end(), dx.begin());
    return;
  }
  const std::size_t n = dy.size();
  const float* dyp = dy.data();
  const std::uint8_t* kp = keep_.data();
  const float scale = scale_;
  float* dxp = dx.data();
  // Eight elements per mask byte, their factors (scale or 0, exactly) read
  // from a table of the byte's bits: a vectorised multiply, no bit tests.
  const Bits& bits = bit_table();
  const std::size_t whole = n / 8;
  for (std::size_t j = 0; j < whole; ++j) {
    const float* t = bits.f[kp[j]];
    for (int b = 0; b < 8; ++b) dxp[8 * j + b] = dyp[8 * j + b] * (t[b] * scale);
  }
  for (std::size_t i = 8 * whole; i < n; ++i) dxp[i] = dyp[i] * ((kp[i >> 3] >> (i & 7)) & 1u ? scale : 0.0f);
}

std::string Dropout::describe() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "Dropout(%g)", static_cast<double>(p_));
  return buf;
}

}  // namespace ganstep
