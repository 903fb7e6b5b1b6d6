// The truncation trick in W (Karras et al. 2019, section 3.1 and appendix B):
// w' = w_mean + psi (w - w_mean). w_mean, the centre of W, is tracked while
// training as a running average of the mapping network's outputs
// (w_mean <- w_mean + (1 - beta) (mean_b w - w_mean), beta = 0.995, as the
// paper's code does); psi < 1 pulls samples towards the average image:
// better-looking, less varied digits. Training passes w through unchanged
// (psi applies only when drawing samples, in inference mode).
//   w, w': (B, w_dim)   w_mean: (1, w_dim), a buffer (not trained; checkpointed)
#pragma once

#include "engine/nn/layer.h"

namespace ganstep {

class Truncation : public Layer {
 public:
  static constexpr float kBeta = 0.995f;
  explicit Truncation(int w_dim);

  void forward(const Tensor2& w, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  std::vector<Param> buffers() override { return {{&w_mean, nullptr, "w_mean"}}; }
  void set_training(bool training) override { training_ = training; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Truncation>(*this); }
  std::string describe() const override;

  // w_mean + psi (w - w_mean) into y (any rows, any mode).
  void truncate(const Tensor2& w, Tensor2& y) const;

  float psi = 1.0f;  // inference only
  Tensor2 w_mean;    // (1, w_dim)

 private:
  bool training_ = true;
};

}  // namespace ganstep
