// 2-D convolution (cross-correlation, as PyTorch's nn.Conv2d), no dilation or groups.
//   x: (B, Cin, H, W)   y: (B, Cout, Ho, Wo)   NCHW views of (B, C*H*W) rows
//   W: (Cout, Cin*k*k)   PyTorch's weight (Cout, Cin, k, k), flattened
//   b: (1, Cout)
//   Ho = (H + 2 pad - k) / stride + 1, likewise Wo
// Batched: one im2col of the whole batch, one GEMM (no per-sample loop).
#pragma once

#include <string>

#include "engine/core/im2col.h"
#include "engine/core/rng.h"
#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class Conv2d : public Layer {
 public:
  // "" when the geometry is valid, else what is wrong.
  static std::string check(int in_c, int h, int w, int out_c, int k, int stride, int pad);
  // The arguments must pass check().
  Conv2d(int in_c, int h, int w, int out_c, int k, int stride = 1, int pad = 0);
  // PyTorch's default: W and b uniform in +-1/sqrt(Cin*k*k).
  void init(Rng& rng);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  void backward_params(const Tensor2& dy) override;
  void forward_kept(const Tensor2& x, Tensor2& y) override;  // no copy of x
  void backward_kept(const Tensor2& x, const Tensor2& y, const Tensor2& dy, Tensor2& dx,
                     bool param_grads) override;
  void set_math_mode(MathMode mode) override { mode_ = mode; }
  // Fast mode: the following activation in the GEMM's epilogue (layer.h).
  bool fuse_activation(bool on, float slope) override;
  std::vector<Param> params() override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Conv2d>(*this); }
  std::string describe() const override;

  const ConvGeom& geom() const { return g_; }
  int out_channels() const { return out_c_; }
  ImageShape in_image() const { return {g_.C, g_.H, g_.W}; }
  ImageShape out_image() const { return {out_c_, g_.Ho, g_.Wo}; }
  int in_features() const { return static_cast<int>(g_.image_size()); }
  int out_features() const { return out_c_ * g_.Ho * g_.Wo; }

  Tensor2 W, b;    // parameters
  Tensor2 dW, db;  // gradients

 private:
  // dW, db from the input x and dy; exact mode also leaves dycm (Cout, B*Ho*Wo), dy in
  // channel-major order, in scratch slot 0 (backward reuses it).
  void weight_grads(const float* x, const Tensor2& dy);
  // backward with the forward pass's input x (B, Cin*H*W).
  void backward_from(const float* x, const Tensor2& dy, Tensor2& dx, bool param_grads);

  ConvGeom g_;  // input image and window; g_.Ho, g_.Wo = output size
  int out_c_;
  int batch_ = 0;
  MathMode mode_ = MathMode::Exact;
  bool act_fused_ = false;  // forward() writes LeakyReLU(slope_) of the output
  float slope_ = 0.0f;
  std::vector<float> x_;  // (B, Cin*H*W): the last input given to forward() (forward_kept keeps none)
};

}  // namespace ganstep
