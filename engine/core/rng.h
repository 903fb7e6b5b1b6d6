// Deterministic random numbers: PCG32 (O'Neill 2014) with explicit state, and
// our own uniform/normal transforms, so a seed gives the same stream natively
// and in WebAssembly. std::*_distribution is never used (it differs between
// libstdc++ and libc++).
#pragma once

#include <cstdint>
#include <string>

namespace ganstep {

// Seeds are integers 0..2^53 (exact in a double: JSON, JavaScript and share
// links carry them unchanged). Every way a seed enters (--seed, --set seed=,
// lesson files, share links, the page's ?seed=) goes through parse_seed.
constexpr std::uint64_t kMaxSeed = std::uint64_t(1) << 53;
// "" (out set) or a message: "\"TEXT\" is not a seed (an integer 0..2^53)".
std::string parse_seed(const std::string& text, std::uint64_t& out);

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
  // Standard normal by Box-Muller from two 24-bit uniforms (one value per
  // call; the pair's second value is discarded so the state is the only state).
  float normal();
  // n values, the same as n calls of normal() / uniform(lo, hi), computed in
  // vectorisable batches.
  void fill_normal(float* out, int n);
  void fill_uniform(float* out, int n, float lo, float hi);
  // n raw draws, the same as n calls of next_u32(), computed on four
  // interleaved copies of the generator (jumped ahead by 4 steps each) so the
  // multiplications overlap instead of waiting on each other.
  void fill_u32(std::uint32_t* out, int n);
  // Uniform integer in [0, n) without modulo bias. n > 0.
  std::uint32_t below(std::uint32_t n);
  // count values, the same as count calls of below(n) (rejected draws
  // included), drawn in batches through fill_u32.
  void fill_below(std::uint32_t* out, int count, std::uint32_t n);

  bool operator==(const Rng& o) const { return state == o.state && inc == o.inc; }
};

// Box-Muller in float with our own branch-free log and cos: the same bits on
// every platform (only + - * / sqrt and bit casts), relative error ~1e-7.
float normal_from_bits(std::uint32_t a, std::uint32_t b);

}  // namespace ganstep
