// Shared plumbing for activation layers that act element by element.
// Derived provides  Fn fn() const, a small value with  float fwd(float x) const
// and  float grad(float y) const  (dy/dx written in terms of the output y, so
// only y is cached: every activation here is monotonic, so y determines the
// slope). x, y: (B, n). The loops work on a copy of Fn held in registers (a
// parameter read through the layer could alias the output, which stops GCC
// from vectorising them).
// Inside a Sequential (forward_kept / backward_kept) y is the Sequential's
// copy: no cache of its own. The loops have AVX2 clones natively (the same bits).
// Large tensors (image nets) are split into ranges on the thread pool: each
// element is computed alone, so the split never changes a bit.
#pragma once

#include "engine/core/parallel.h"
#include "engine/core/simd_clones.h"
#include "engine/nn/layer.h"

namespace ganstep {

template <class Derived>
class Elementwise : public Layer {
 public:
  void forward(const Tensor2& x, Tensor2& y) override {
    forward_kept(x, y);
    y_ = y;
  }
  void backward(const Tensor2& dy, Tensor2& dx, bool) override { backward_of(y_, dy, dx); }
  void forward_kept(const Tensor2& x, Tensor2& y) override {
    ensure_shape(y, x.shape()[0], x.shape()[1]);
    const auto f = static_cast<const Derived&>(*this).fn();
    const float* xp = x.data();
    float* yp = y.data();
    in_ranges(x.size(), [&](std::size_t i0, std::size_t n) { apply(f, xp + i0, yp + i0, n); });
  }
  void backward_kept(const Tensor2&, const Tensor2& y, const Tensor2& dy, Tensor2& dx, bool) override {
    backward_of(y, dy, dx);
  }
  bool backward_elementwise() const override { return true; }  // dx may be dy (Sequential)
  std::unique_ptr<Layer> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }

 private:
  void backward_of(const Tensor2& y, const Tensor2& dy, Tensor2& dx) const {
    ensure_shape(dx, dy.shape()[0], dy.shape()[1]);
    const auto f = static_cast<const Derived&>(*this).fn();
    const float *yp = y.data(), *dyp = dy.data();
    float* dxp = dx.data();
    in_ranges(dy.size(), [&](std::size_t i0, std::size_t n) { slope(f, yp + i0, dyp + i0, dxp + i0, n); });
  }
  // body(start, count) over [0, n): once, or in ranges on the thread pool.
  template <class F>
  static void in_ranges(std::size_t n, F body) {
    constexpr std::size_t kSplit = std::size_t(1) << 16;  // smaller: not worth waking threads
    if (n < kSplit || thread_count() < 2) {
      body(std::size_t(0), n);
      return;
    }
    const int tasks = 2 * thread_count();
    parallel_for(tasks, [&](int t) {
      const std::size_t a = n * std::size_t(t) / std::size_t(tasks), b = n * std::size_t(t + 1) / std::size_t(tasks);
      body(a, b - a);
    });
  }
  template <class Fn>
  GANSTEP_SIMD_CLONES static void apply(const Fn f, const float* xp, float* yp, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) yp[i] = f.fwd(xp[i]);
  }
  template <class Fn>
  GANSTEP_SIMD_CLONES static void slope(const Fn f, const float* yp, const float* dyp, float* dxp, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) dxp[i] = dyp[i] * f.grad(yp[i]);
  }

  Tensor2 y_;  // forward()'s cached output (B, n)
};

}  // namespace ganstep
