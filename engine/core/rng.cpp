#include "engine/core/rng.h"

#include <cstring>

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"
#include "engine/core/simd_clones.h"
#include "engine/core/text.h"

namespace ganstep {

std::string parse_seed(const std::string& text, std::uint64_t& out) {
  std::uint64_t v = 0;
  bool ok = !text.empty() && text.size() <= 16;  // 2^53 has 16 digits
  for (char ch : text) {
    if (ch < '0' || ch > '9') {
      ok = false;
      break;
    }
    v = v * 10 + std::uint64_t(ch - '0');
  }
  if (!ok || v > kMaxSeed) {
    return quote_input(text) + " is not a seed (an integer 0..2^53)";
  }
  out = v;
  return "";
}

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  state = 0;
  inc = (stream << 1u) | 1u;
  next_u32();
  state += seed;
  next_u32();
}

namespace {

constexpr std::uint64_t kMul = 6364136223846793005ULL;

inline std::uint32_t pcg_output(std::uint64_t old) {
  auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
  auto rot = static_cast<std::uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((32u - rot) & 31u));
}

}  // namespace

std::uint32_t Rng::next_u32() {
  std::uint64_t old = state;
  state = old * kMul + inc;
  return pcg_output(old);
}

// Eight generators, each jumped ahead by 8 steps: s -> A8 s + C8 with
// A8 = a^8, C8 = inc (a^7 + ... + a + 1) (mod 2^64). The eight states and
// outputs are lanes of one loop, which vectorises (64-bit multiplies and
// variable rotates: AVX2 natively where the CPU has it); the stream is the
// same as next_u32's, draw by draw.
GANSTEP_SIMD_CLONES
void Rng::fill_u32(std::uint32_t* out, int n) {
#ifdef __EMSCRIPTEN__
  constexpr int L = 4;  // WebAssembly engines hold fewer 64-bit values in registers (measured)
#else
  constexpr int L = 8;
#endif
  std::uint64_t aL = 1, cL = 0;  // after the loop: a^L, and a^(L-1) + ... + 1
  for (int j = 0; j < L; ++j) {
    cL += aL;
    aL *= kMul;
  }
  cL *= inc;
  int i = 0;
  if (n >= 2 * L) {
    std::uint64_t s[L];
    s[0] = state;
    for (int j = 1; j < L; ++j) s[j] = s[j - 1] * kMul + inc;
    for (; i + L <= n; i += L)
      for (int j = 0; j < L; ++j) {
        out[i + j] = pcg_output(s[j]);
        s[j] = s[j] * aL + cL;
      }
    state = s[0];  // the state after i draws
  }
  for (; i < n; ++i) out[i] = next_u32();
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

// Draws in chunks through fill_u32 (the same stream as next_u32, four
// generators interleaved), then the transform over the whole chunk, which
// vectorises (AVX2 natively where the CPU has it: the same bits).
GANSTEP_SIMD_CLONES
void Rng::fill_normal(float* out, int n) {
  constexpr int kChunk = 256;
  std::uint32_t ab[2 * kChunk];  // ab[2i], ab[2i + 1]: the two draws of value i
  for (int start = 0; start < n; start += kChunk) {
    const int count = n - start < kChunk ? n - start : kChunk;
    fill_u32(ab, 2 * count);
    for (int i = 0; i < count; ++i) out[start + i] = normal_impl(ab[2 * i], ab[2 * i + 1]);
  }
}

GANSTEP_SIMD_CLONES
void Rng::fill_uniform(float* out, int n, float lo, float hi) {
  constexpr int kChunk = 512;
  std::uint32_t u[kChunk];
  const float span = hi - lo;
  for (int start = 0; start < n; start += kChunk) {
    const int count = n - start < kChunk ? n - start : kChunk;
    fill_u32(u, count);
    for (int i = 0; i < count; ++i)  // as uniform(lo, hi)
      out[start + i] = lo + span * (static_cast<float>(u[i] >> 8) * 0x1p-24f);
  }
}

std::uint32_t Rng::below(std::uint32_t n) {
  std::uint32_t threshold = (0u - n) % n;
  for (;;) {
    std::uint32_t r = next_u32();
    if (r >= threshold) return r % n;
  }
}

void Rng::fill_below(std::uint32_t* out, int count, std::uint32_t n) {
  const std::uint32_t threshold = (0u - n) % n;
  int done = 0;  // accepted values in out[0, done)
  while (done < count) {
    // As many draws as values missing: below() would consume at least these,
    // in this order, and no more unless some are rejected.
    const int drawn = count - done;
    fill_u32(out + done, drawn);
    int kept = done;
    for (int i = done; i < done + drawn; ++i)
      if (out[i] >= threshold) out[kept++] = out[i] % n;
    done = kept;
  }
}

}  // namespace ganstep
