// Tensor types used across the engine. Row-major, float32.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include <memory>
#include <vector>

#include <xtensor/xtensor.hpp>

namespace ganstep {

// std::allocator, except that resize() leaves new floats uninitialised (as
// xtensor's own uvector does): growing a buffer back within its capacity
// costs nothing.
template <class T>
struct UninitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAllocator<U>;
  };
  UninitAllocator() = default;
  template <class U>
  UninitAllocator(const UninitAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// A batch of row vectors: shape (rows, cols). Parameters use it too (a bias
// is a 1 x n row) so one type serves layers, optimizers and snapshots.
// The storage is a std::vector, which keeps its capacity when the shape
// shrinks: a buffer that alternates between two sizes (D sees 2m rows in a
// D-step, m in a G-step) is allocated once, not twice per iteration.
using Tensor2 = xt::xtensor_container<std::vector<float, UninitAllocator<float>>, 2, xt::layout_type::row_major>;

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
