// Branch-free float maths for hot loops (losses, sigmoids, sampling).
//
// Only + - * / sqrt, selects and bit casts, so the same bits come out natively
// and in WebAssembly, and loops that call these vectorise. Relative error is
// about 1e-7 (float's own precision), which the golden tests allow.
#pragma once

#include <cstdint>
#include <cstring>

namespace ganstep::fmath {

inline float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// e^x for x <= 0 (0 below -87).
inline float exp_neg(float x) {
  const bool tiny = x < -87.0f;
  x = tiny ? -87.0f : x;
  const float t = x * 1.44269504f;
  const auto k = static_cast<std::int32_t>(t - 0.5f);  // rounds to nearest for t <= 0
  const float kf = static_cast<float>(k);
  const float r = (x - kf * 0.693145752f) - kf * 1.42860677e-6f;  // |r| <= ln2/2
  const float p = 1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 + r * (1.0f / 24 + r * (1.0f / 120 +
                  r * (1.0f / 720 + r * (1.0f / 5040)))))));
  const float scale = from_bits(static_cast<std::uint32_t>(k + 127) << 23);
  // tiny ? 0 : p * scale, as a mask: GCC keeps `?:` here as a branch for
  // AVX2, and a branch stops the loop from vectorising.
  const std::uint32_t keep = tiny ? 0u : 0xffffffffu;
  return from_bits(to_bits(p * scale) & keep);
}

// ln m for m in [1/sqrt2 .. 2 sqrt2) given as mantissa work: internal helper.
inline float log_series(float m, float e) {
  const bool big = m > 1.41421356f;
  m = big ? m * 0.5f : m;
  e = big ? e + 1.0f : e;
  const float s = (m - 1.0f) / (m + 1.0f), s2 = s * s;
  const float p = 1.0f + s2 * (1.0f / 3 + s2 * (1.0f / 5 + s2 * (1.0f / 7 + s2 * (1.0f / 9))));
  return 2.0f * s * p + e * 0.693147182f;
}

// ln x for x > 0 and finite.
inline float log_pos(float x) {
  const std::uint32_t bits = to_bits(x);
  const float e = static_cast<float>(static_cast<std::int32_t>(bits >> 23) - 127);
  return log_series(from_bits((bits & 0x7fffffu) | 0x3f800000u), e);
}

// ln(1 + e) for e in [0, 1].
// Above 1e-3, w = 1 + e loses e's low bits; ln w + (e - (w - 1)) / w puts
// them back (the rounding of w is exact in w - 1).
inline float log1p_unit(float e) {
  const float small = e * (1.0f - e * (0.5f - e * (1.0f / 3)));
  const float w = 1.0f + e;
  const float big = log_series(w, 0.0f) + (e - (w - 1.0f)) / w;
  return e < 1e-3f ? small : big;
}

// softplus(l) = ln(1 + e^l) and sigmoid(l), sharing e^-|l|.
inline void softplus_sigmoid(float l, float& softplus, float& sigmoid) {
  const float a = l < 0 ? -l : l;
  const float e = exp_neg(-a);
  softplus = (l > 0 ? l : 0.0f) + log1p_unit(e);
  const float inv = 1.0f / (1.0f + e);
  sigmoid = l >= 0 ? inv : e * inv;
}

inline float sigmoid(float l) {
  float sp, s;
  softplus_sigmoid(l, sp, s);
  return s;
}

// cos(2 pi t) for t in [0, 1).
inline float cos_turn(float t) {
  float a = 6.28318531f * (t - 0.5f);  // [-pi, pi): cos(2 pi t) = -cos(a)
  const float abs_a = a < 0 ? -a : a;
  const bool far = abs_a > 1.57079633f;
  a = far ? 3.14159265f - abs_a : abs_a;  // cos(a) = -cos(pi - |a|) when |a| > pi/2
  const float a2 = a * a;
  const float c = 1.0f + a2 * (-1.0f / 2 + a2 * (1.0f / 24 + a2 * (-1.0f / 720 + a2 * (1.0f / 40320 +
                  a2 * (-1.0f / 3628800 + a2 * (1.0f / 479001600))))));
  return far ? c : -c;
}

}  // namespace ganstep::fmath
