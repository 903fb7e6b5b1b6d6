// Fully connected layer: y = x W + b (y = x W without a bias).
//   W: (in, out)   b: (1, out)   x: (B, in)   y: (B, out)
// W is stored (in, out), the transpose of PyTorch's nn.Linear.weight.
#pragma once

#include "engine/core/rng.h"
#include "engine/nn/layer.h"

namespace ganstep {

class Linear : public Layer {
 public:
  Linear(int in, int out, bool bias = true);
  // PyTorch's default: W and b uniform in +-1/sqrt(in).
  void init(Rng& rng);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  void backward_params(const Tensor2& dy) override;
  void forward_kept(const Tensor2& x, Tensor2& y) override;  // no copy of x
  void backward_kept(const Tensor2& x, const Tensor2& y, const Tensor2& dy, Tensor2& dx,
                     bool param_grads) override;
  void set_math_mode(MathMode mode) override { mode_ = mode; }
  std::vector<Param> params() override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Linear>(*this); }
  std::string describe() const override;

  int in() const { return in_; }
  int out() const { return out_; }
  bool has_bias() const { return bias_; }
  Tensor2 W, b;    // parameters
  Tensor2 dW, db;  // gradients

 private:
  int in_, out_;
  bool bias_;
  Tensor2 x_;  // forward()'s cached input (B, in)
  MathMode mode_ = MathMode::Exact;

  void params_grad(const Tensor2& x, const Tensor2& dy);  // dW, db
  void input_grad(const Tensor2& dy, Tensor2& dx) const;  // dx
};

}  // namespace ganstep
