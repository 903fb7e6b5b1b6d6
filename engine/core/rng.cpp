#include "engine/core/rng.h"

#include "engine/core/detmath.h"

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

float Rng::normal() {
  // u1 in (0, 1] so the log is finite.
  double u1 = (static_cast<double>(next_u32() >> 8) + 1.0) * 0x1p-24;
  double u2 = static_cast<double>(next_u32() >> 8) * 0x1p-24;
  double r = det_sqrt(-2.0 * fast_log(u1));
  return static_cast<float>(r * fast_cos(6.28318530717958647692 * u2));
}

std::uint32_t Rng::below(std::uint32_t n) {
  std::uint32_t threshold = (0u - n) % n;
  for (;;) {
    std::uint32_t r = next_u32();
    if (r >= threshold) return r % n;
  }
}

}  // namespace ganstep
