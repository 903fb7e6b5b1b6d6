// Shared plumbing for activation layers that act element by element.
// Derived provides:  float fwd(float x) const  and  float grad(float y) const
// (dy/dx written in terms of the output y, so only y is cached: every
// activation here is monotonic, so y determines the slope). x, y: (B, n).
#pragma once

#include "engine/nn/layer.h"

namespace ganstep {

template <class Derived>
class Elementwise : public Layer {
 public:
  void forward(const Tensor2& x, Tensor2& y) override {
    ensure_shape(y, x.shape()[0], x.shape()[1]);
    const auto& self = static_cast<const Derived&>(*this);
    const std::size_t n = x.size();
    // __restrict: y cannot alias the layer's own fields (a LeakyReLU's slope),
    // so they are read once and the loop is vectorised (the same operations
    // per element, so the same bits).
    const float* __restrict xp = x.data();
    float* __restrict yp = y.data();
    for (std::size_t i = 0; i < n; ++i) yp[i] = self.fwd(xp[i]);
    y_ = y;
  }
  void backward(const Tensor2& dy, Tensor2& dx, bool) override {
    ensure_shape(dx, dy.shape()[0], dy.shape()[1]);
    const auto& self = static_cast<const Derived&>(*this);
    const std::size_t n = dy.size();
    const float* __restrict dyp = dy.data();
    const float* __restrict yp = y_.data();
    float* __restrict dxp = dx.data();
    for (std::size_t i = 0; i < n; ++i) dxp[i] = dyp[i] * self.grad(yp[i]);
  }
  std::unique_ptr<Layer> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }

 private:
  Tensor2 y_;  // cached output (B, n)
};

}  // namespace ganstep
