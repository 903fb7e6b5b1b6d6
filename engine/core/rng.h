// Deterministic random numbers: PCG32 (O'Neill 2014) with explicit state, and
// our own uniform/normal transforms, so a seed gives the same stream natively
// and in WebAssembly. std::*_distribution is never used (it differs between
// libstdc++ and libc++).
#pragma once

#include <cstdint>

namespace ganstep {

struct Rng {
  std::uint64_t state = 0;
  std::uint64_t inc = 1;  // stream selector, always odd

  Rng() = default;
  Rng(std::uint64_t seed, std::uint64_t stream);

  std::uint32_t next_u32();
  // Uniform in [0, 1) with 24 random bits (exactly representable in float).
  float uniform();
  // Uniform in [lo, hi).
  float uniform(float lo, float hi);
  // Standard normal by Box-Muller from two uniforms (one value per call; the
  // pair's second value is discarded so the state is the only state).
  float normal();
  // Uniform integer in [0, n) without modulo bias. n > 0.
  std::uint32_t below(std::uint32_t n);

  bool operator==(const Rng& o) const { return state == o.state && inc == o.inc; }
};

}  // namespace ganstep
