#include "engine/core/rng.h"

#include <cstring>

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"

namespace ganstep {

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  state = 0;
  inc = (stream << 1u) | 1u;
  next_u32();
  state += seed;
  next_u32();
}

std::uint32_t Rng::next_u32() {
  std::uint64_t old = state;
  state = old * 6364136223846793005ULL + inc;
  auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
  auto rot = static_cast<std::uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

float Rng::uniform() { return static_cast<float>(next_u32() >> 8) * 0x1p-24f; }

float Rng::uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }

namespace {

inline float normal_impl(std::uint32_t a, std::uint32_t b) {
  const float u1 = static_cast<float>(static_cast<std::int32_t>((a >> 8) + 1u)) * 0x1p-24f;  // (0, 1]
  const float u2 = static_cast<float>(static_cast<std::int32_t>(b >> 8)) * 0x1p-24f;  // [0, 1)
  return __builtin_sqrtf(-2.0f * fmath::log_pos(u1)) * fmath::cos_turn(u2);
}

}  // namespace

float normal_from_bits(std::uint32_t a, std::uint32_t b) { return normal_impl(a, b); }

float Rng::normal() {
  const std::uint32_t a = next_u32();
  const std::uint32_t b = next_u32();
  return normal_impl(a, b);
}

void Rng::fill_normal(float* out, int n) {
  constexpr int kChunk = 256;
  std::uint32_t a[kChunk], b[kChunk];
  for (int start = 0; start < n; start += kChunk) {
    const int count = n - start < kChunk ? n - start : kChunk;
    for (int i = 0; i < count; ++i) {
      a[i] = next_u32();
      b[i] = next_u32();
    }
    for (int i = 0; i < count; ++i) out[start + i] = normal_impl(a[i], b[i]);
  }
}

void Rng::fill_uniform(float* out, int n, float lo, float hi) {
  for (int i = 0; i < n; ++i) out[i] = uniform(lo, hi);
}

std::uint32_t Rng::below(std::uint32_t n) {
  std::uint32_t threshold = (0u - n) % n;
  for (;;) {
    std::uint32_t r = next_u32();
    if (r >= threshold) return r % n;
  }
}

}  // namespace ganstep
