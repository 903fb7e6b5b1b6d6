// Batch normalisation (PyTorch's BatchNorm1d / BatchNorm2d conventions).
//   x, y: (B, C, H, W) NCHW views of (B, C*S) rows; S = H*W pixels per channel
//         (H = W = 1: 1-D, C features)
//   gamma, beta: (1, C) parameters (init 1 and 0)
//   running_mean, running_var: (1, C) state (init 0 and 1), not trained
// Training:  mean_c, var_c over the n = B*S values of channel c (var biased),
//            xhat = (x - mean) / sqrt(var + eps),  y = gamma xhat + beta;
//            running = (1 - momentum) running + momentum stat, with the
//            unbiased var n/(n-1) var (left unchanged when n = 1).
// Inference: the same with running_mean and running_var.
// Statistics are accumulated in double in a fixed order (b, then pixel);
// large tensors are split over channels on the thread pool (each channel in
// one task, in that order: the same bits on any thread count).
#pragma once

#include <string>

#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class BatchNorm : public Layer {
 public:
  // channels >= 1, h, w >= 1 (h = w = 1 for 1-D inputs).
  explicit BatchNorm(int channels, int h = 1, int w = 1, float momentum = 0.1f, float eps = 1e-5f);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  // Inside a Sequential, which keeps x until backward: xhat is not stored but
  // made again from x in the backward passes (the same expression, so the
  // same bits; a tensor of the batch's size less memory).
  void forward_kept(const Tensor2& x, Tensor2& y) override;
  void backward_kept(const Tensor2& x, const Tensor2& y, const Tensor2& dy, Tensor2& dx,
                     bool param_grads) override;
  std::vector<Param> params() override;
  void set_training(bool training) override { training_ = training; }
  // Fast mode: the following activation inside the normalising pass, and its
  // backward inside this one's (layer.h; the same bits as apart).
  bool fuse_activation(bool on, float slope) override;
  bool backward_through_activation(const Tensor2* x, const Tensor2& y_act, const Tensor2& dy_act, Tensor2& dx,
                                   bool param_grads) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<BatchNorm>(*this); }
  std::string describe() const override;

  bool training() const { return training_; }
  int channels() const { return channels_; }
  int features() const { return channels_ * h_ * w_; }
  ImageShape image() const { return {channels_, h_, w_}; }
  // Whether the last forward pass stored xhat (forward(); forward_kept does not).
  bool stores_xhat() const { return xhat_stored_; }

  Tensor2 gamma, beta;                // parameters (1, C)
  Tensor2 dgamma, dbeta;              // gradients (1, C)
  Tensor2 running_mean, running_var;  // state (1, C)

 private:
  int channels_, h_, w_;
  float momentum_, eps_;
  bool training_ = true;
  bool batch_stats_ = true;      // whether the last forward used batch statistics
  Tensor2 xhat_;                 // (B, C*S): the normalised last input (forward(); forward_kept keeps none)
  bool xhat_stored_ = false;     // whether the last forward stored xhat_ (else backward gets x)
  std::size_t batch_ = 0;        // B of the last forward
  std::vector<double> inv_std_;  // (C): 1 / sqrt(var + eps) of the last forward
  std::vector<double> scale_;    // (C): gamma inv_std, in backward
  std::vector<double> mean_, var_;            // (C): forward's statistics, kept to reuse their memory
  std::vector<double> sum_dy_, sum_dy_xhat_;  // (C): backward's sums, likewise
  bool act_fused_ = false;       // forward() writes LeakyReLU(slope_) of y
  float slope_ = 0.0f;

  // The forward pass; stores xhat_ when store_xhat.
  void forward_with(const Tensor2& x, Tensor2& y, bool store_xhat);
  // x: the forward's input when xhat_ was not stored (else null).
  void backward_with(const float* x, const Tensor2& dy, const float* y_act, Tensor2& dx, bool param_grads);
  template <class Xhat>
  void backward_passes(std::size_t B, std::size_t C, std::size_t S, const float* dyp, Tensor2& dx, bool param_grads,
                       Xhat xhat);
};

}  // namespace ganstep
