// Equalized learning rate (Karras et al. 2018, ProGAN section 4.1; kept by
// StyleGAN 1 and 2): a weight is stored as v ~ N(0, 1) and used as
//   W = c v,   c = gain / sqrt(fan_in)   (He's constant; gain sqrt(2) before a
//                                          (leaky) ReLU, 1 for a linear output)
// so every layer's stored weights have the same scale. Adam's step is about
// lr per stored weight whatever its gradient's size, so each layer's
// effective step on W is lr · c: proportional to its weights' scale, where
// with W stored directly a layer with a large fan-in (small weights) moves
// relatively faster than one with a small fan-in. The gradient is dv = c dW.
//   v, dv: shaped like the layer's W   (Linear: (in, out); Conv2d: (Cout, Cin*k*k))
// Multiplied per element in float (the same bits everywhere). StyleGAN's
// mapping network also scales its learning rate by 0.01: that is the run's
// mapping_lr (Param::lr_scale), which with Adam has the same effect as its
// runtime multiplier.
#pragma once

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"
#include "engine/nn/layer.h"

namespace ganstep {

constexpr float kHeGain = 1.41421356f;  // sqrt(2): before a (leaky) ReLU

struct EqualizedWeight {
  Tensor2 v, dv;   // the stored weight and its gradient, shaped like W
  float c = 1.0f;  // gain / sqrt(fan_in)
  bool on = false;

  // v ~ N(0, 1) shaped like W, c from fan_in and gain; then W = c v.
  void init(Rng& rng, Tensor2& W, int fan_in, float gain);
  // W = c v (before every pass that reads W).
  void load(Tensor2& W) const;
  // dv = c dW (after every backward pass that wrote dW).
  void take_grad(const Tensor2& dW);
};

// A dense or convolution layer (Linear, Conv2d, ConvTranspose2d: public W and
// dW) with its weight equalized. params() lists v under W's name, in W's place.
template <class Base>
class Equalized : public Base {
 public:
  using Base::Base;
  // Base::init (for the bias), then W's equalization.
  void init_equalized(Rng& rng, int fan_in, float gain) {
    eq.init(rng, this->W, fan_in, gain);
  }
  void forward(const Tensor2& x, Tensor2& y) override {
    eq.load(this->W);
    Base::forward(x, y);
  }
  void forward_kept(const Tensor2& x, Tensor2& y) override {
    eq.load(this->W);
    Base::forward_kept(x, y);
  }
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override {
    Base::backward(dy, dx, param_grads);
    if (param_grads) eq.take_grad(this->dW);
  }
  void backward_params(const Tensor2& dy) override {
    Base::backward_params(dy);
    eq.take_grad(this->dW);
  }
  void backward_kept(const Tensor2& x, const Tensor2& y, const Tensor2& dy, Tensor2& dx, bool param_grads) override {
    Base::backward_kept(x, y, dy, dx, param_grads);
    if (param_grads) eq.take_grad(this->dW);
  }
  bool backward_through_activation(const Tensor2* x, const Tensor2& y_act, const Tensor2& dy_act, Tensor2& dx,
                                   bool param_grads) override {
    const bool done = Base::backward_through_activation(x, y_act, dy_act, dx, param_grads);
    if (done && param_grads) eq.take_grad(this->dW);
    return done;
  }
  std::vector<Param> params() override {
    std::vector<Param> ps = Base::params();
    for (Param& p : ps)
      if (p.value == &this->W) {
        p.value = &eq.v;
        p.grad = &eq.dv;
      }
    return ps;
  }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Equalized>(*this); }
  std::string describe() const override { return Base::describe() + " equalized"; }

  EqualizedWeight eq;
};

}  // namespace ganstep
