// The layer interface: forward() and backward() side by side, llm.c style.
//   x, y:   (B, in), (B, out)       B = batch rows
//   dy, dx: gradients of the same shapes
// forward() caches what backward() needs; backward() overwrites the layer's
// parameter gradients (when param_grads is true) and writes dx.
// Image layers take rows in NCHW order: x(b, (c * H + y) * W + x), and see
// them as 4-D (B, C, H, W) tensors at their interface (engine/nn/image.h):
// image_in() checks the row length against the layer's C x H x W and adapts
// the row buffer as an NCHW view, image_out() sizes y and does the same.
// Why views over rows, not a Tensor4 or a shape-carrying interface: the rows
// are already the NCHW bytes, so a view costs no copy and changes no bit,
// and Sequential, Mlp, the optimizers, snapshots and the trainer keep one
// type (Tensor2). The kernels behind the views (GEMM, im2col, channel sums)
// stay hand-written loops over data(): their summation order is fixed so the
// results are the same bits natively, in wasm and for any thread count, and
// they are faster than the equivalent xtensor expressions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/math_mode.h"
#include "engine/core/rng.h"
#include "engine/core/tensor.h"

namespace ganstep {

struct Param {
  Tensor2* value;
  Tensor2* grad;
  std::string name;
  float lr_scale = 1.0f;  // the optimizer's learning rate times this (StyleGAN's mapping network: 0.01)
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual void forward(const Tensor2& x, Tensor2& y) = 0;
  virtual void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) = 0;
  // Parameter gradients only, when nobody needs dx (the first layer of a net).
  virtual void backward_params(const Tensor2& dy) {
    Tensor2 unused;
    backward(dy, unused, true);
  }
  // The same two inside a Sequential, which keeps every layer's input x and
  // output y until the backward pass that follows: a layer whose backward
  // needs only those (Linear, the element-wise activations) overrides both and
  // caches no copy of its own. Between the two calls x and y must not change.
  // The defaults are forward() and backward() with their own caches.
  virtual void forward_kept(const Tensor2& x, Tensor2& y) { forward(x, y); }
  virtual void backward_kept(const Tensor2& x, const Tensor2& y, const Tensor2& dy, Tensor2& dx,
                             bool param_grads) {
    (void)x;
    (void)y;
    backward(dy, dx, param_grads);
  }
  // A layer that may write its output over its input inside a Sequential
  // (forward_in_place; its backward then gets that tensor as both x and y),
  // when its output keeps the input's sign wherever its gradient can be
  // non-zero (Dropout). Sequential runs it so after a (leaky) ReLU only.
  virtual bool runs_in_place() const { return false; }
  virtual void forward_in_place(Tensor2& xy) { forward(Tensor2(xy), xy); }
  // Each element of dx depends on the same element of dy (and of the
  // layer's x and y) only, so backward may write dx over dy (activations, Dropout).
  virtual bool backward_elementwise() const { return false; }
  virtual std::vector<Param> params() { return {}; }
  // Training (the default) or inference mode: BatchNorm uses batch or running
  // statistics, Dropout drops or passes through. Other layers ignore it.
  virtual void set_training(bool) {}
  // Exact (the default) or fast arithmetic for the layer's large products
  // (engine/core/math_mode.h). Layers without GEMMs ignore it.
  virtual void set_math_mode(MathMode) {}
  // Fast mode's activation fusion (Sequential::set_math_mode(MathMode::Fast)).
  // A leaky ReLU (ReLU: slope 0; fused, its negative outputs are -0 instead
  // of +0) says its slope through leaky_slope(). The
  // layer before it may take it in: fuse_activation(true, slope) returns true
  // when it can, and from then on its forward() writes the activation's
  // output (the same values as the two layers one after the other);
  // Sequential then skips the activation's forward. When fused, a layer may
  // also take the activation's backward pass in: backward_through_activation
  // gets the layer's input x (null when the Sequential does not keep it: the
  // first layer), the activation's output and the gradient at it (dx may be
  // that gradient's own tensor: Sequential reuses its two buffers), and returns
  // false where it does not (Sequential then runs the activation's backward first).
  // fuse_activation(false, 0) undoes the fusion.
  virtual bool leaky_slope(float& slope) const {
    (void)slope;
    return false;
  }
  virtual bool fuse_activation(bool on, float slope) {
    (void)on;
    (void)slope;
    return false;
  }
  virtual bool backward_through_activation(const Tensor2* x, const Tensor2& y_act, const Tensor2& dy_act,
                                           Tensor2& dx, bool param_grads) {
    (void)x;
    (void)y_act;
    (void)dy_act;
    (void)dx;
    (void)param_grads;
    return false;
  }
  // State that is not trained but belongs to the model (BatchNorm's running
  // statistics), grad = nullptr: checkpoints and state hashes include it.
  virtual std::vector<Param> buffers() { return {}; }
  // Layers that draw random numbers (Dropout) restart their generator from
  // here; trainers call it before each forward pass, so a run's randomness is
  // a function of the seed and the step alone (and resumes exactly).
  virtual void reseed(const Rng& rng) { (void)rng; }
  // A growing net's position (growing.h): the resolution stage it runs at and
  // the fade-in weight α of its newest block. Other layers ignore it.
  virtual void set_growth(int stage, float alpha) {
    (void)stage;
    (void)alpha;
  }
  virtual std::unique_ptr<Layer> clone() const = 0;
  virtual std::string describe() const = 0;
};

}  // namespace ganstep
