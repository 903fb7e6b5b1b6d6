// 2-D transposed convolution (PyTorch's nn.ConvTranspose2d), no dilation or groups:
// the adjoint of a Conv2d with the same kernel, stride and padding.
//   x: (B, Cin, H, W)   y: (B, Cout, Ho, Wo)   NCHW views of (B, C*H*W) rows
//   W: (Cin, Cout*k*k)   PyTorch's weight (Cin, Cout, k, k), flattened
//   b: (1, Cout)
//   Ho = (H - 1) stride - 2 pad + k + output_padding, likewise Wo
// Batched: one GEMM for the whole batch, then one col2im (no per-sample loop).
#pragma once

#include <string>
#include <vector>

#include "engine/core/im2col.h"
#include "engine/core/rng.h"
#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class ConvTranspose2d : public Layer {
 public:
  // "" when the geometry is valid (output_padding < stride), else what is wrong.
  static std::string check(int in_c, int h, int w, int out_c, int k, int stride, int pad, int output_padding);
  // The arguments must pass check().
  ConvTranspose2d(int in_c, int h, int w, int out_c, int k, int stride = 1, int pad = 0,
                  int output_padding = 0);
  // PyTorch's default: W and b uniform in +-1/sqrt(Cout*k*k) (its fan-in of the weight).
  void init(Rng& rng);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  void backward_params(const Tensor2& dy) override;
  // Fast mode inside a Sequential: the input is the Sequential's, kept until
  // backward_kept (no copy); exact mode keeps its channel-major copy either way.
  void forward_kept(const Tensor2& x, Tensor2& y) override;
  void backward_kept(const Tensor2& x, const Tensor2& y, const Tensor2& dy, Tensor2& dx,
                     bool param_grads) override;
  void set_math_mode(MathMode mode) override { mode_ = mode; }
  std::vector<Param> params() override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<ConvTranspose2d>(*this); }
  std::string describe() const override;

  int out_h() const { return g_.H; }
  int out_w() const { return g_.W; }
  ImageShape in_image() const { return {in_c_, g_.Ho, g_.Wo}; }
  ImageShape out_image() const { return {g_.C, g_.H, g_.W}; }
  int in_features() const { return in_c_ * g_.Ho * g_.Wo; }
  int out_features() const { return static_cast<int>(g_.image_size()); }

  Tensor2 W, b;    // parameters
  Tensor2 dW, db;  // gradients

 private:
  // dcol (Cout*k*k, B*H*W) = im2col(dy); also writes dW, db.
  void param_grads_from(const Tensor2& dy, float* dcol);
  // The forward pass; exact mode also keeps xcm_.
  void forward_from(const Tensor2& x, Tensor2& y);
  // Fast mode's backward pass, a few images at a time: dx (when not null) and,
  // with param_grads, dW and db. x (the forward's input), dy, dx: NCHW data of the batch.
  void backward_chunked(const float* x, const float* dy, float* dx, bool param_grads);

  // The adjoint convolution: image Cout x Ho x Wo (our output), window k,
  // stride, pad; its g_.Ho x g_.Wo is our input's H x W.
  ConvGeom g_;
  int in_c_, output_padding_;
  int batch_ = 0;
  MathMode mode_ = MathMode::Exact;
  bool fast_ = false;       // the last forward pass ran in fast mode (its backward does too)
  std::vector<float> xcm_;  // exact mode: (Cin, B*H*W), the last input, channel-major
  std::vector<float> x_;    // fast mode's forward(): (B, Cin*H*W), the last input (forward_kept keeps none)
};

}  // namespace ganstep
