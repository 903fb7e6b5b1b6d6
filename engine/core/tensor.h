// Tensor types used across the engine. Row-major, float32.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include <xtensor/xtensor.hpp>

namespace ganstep {

// A batch of row vectors: shape (rows, cols). Parameters use it too (a bias
// is a 1 x n row) so one type serves layers, optimizers and snapshots.
using Tensor2 = xt::xtensor<float, 2>;

// Resize only when the shape changes (no allocation in the steady state).
inline void ensure_shape(Tensor2& t, std::size_t rows, std::size_t cols) {
  if (t.shape()[0] != rows || t.shape()[1] != cols) t.resize({rows, cols});
}

inline bool all_finite(const Tensor2& t) {
  for (float v : t)
    if (!(v - v == 0.0f)) return false;  // NaN or inf
  return true;
}

// FNV-1a 64 state hashes: h starts at kFnvOffset and mixes tensors' bytes in order.
constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
inline std::uint64_t fnv1a_bytes(std::uint64_t h, const void* p, std::size_t n) {
  const auto* bytes = static_cast<const unsigned char*>(p);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= bytes[i];
    h *= 1099511628211ULL;
  }
  return h;
}
inline void fnv1a_mix(std::uint64_t& h, const Tensor2& t) { h = fnv1a_bytes(h, t.data(), t.size() * sizeof(float)); }
inline std::string hash_hex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace ganstep
