// StyleGAN 2's modulated convolution with demodulation (Karras et al. 2020,
// "Analyzing and Improving the Image Quality of StyleGAN", eq. 1-3): a style
// vector w scales the convolution's input channels, and each output channel is
// then divided by the norm its weights have under that scaling.
//   x: (B, Cin, H, W)   w: (B, w_dim)   y: (B, Cout, Ho, Wo)  (Ho = H + 2 pad - k + 1, stride 1)
//   s = w A + a          A: (w_dim, Cin), a: (1, Cin) (init 1)   s: (B, Cin), the style
//   W: (Cout, Cin*k*k)   the convolution's weight (PyTorch's (Cout, Cin, k, k), flattened)
//   d(b, o) = 1 / sqrt(sum_{i,k} (W(o, i, k) s(b, i))^2 + 1e-8)   (1 without demodulation)
//   y(b, o) = d(b, o) * conv(x(b) * s(b), W)(o) + bias(o)          bias: (1, Cout)
// This is the paper's "non-fused" form: modulating the input channels and
// scaling the output channels equals convolving with the per-sample weight
// W'(b, o, i, k) = W(o, i, k) s(b, i) d(b, o), and it reuses Conv2d's one
// batched GEMM instead of B small ones.
//
// Why this and not AdaIN (StyleGAN 1): AdaIN normalises each feature map by
// its own mean and variance, which throws away the maps' relative magnitudes;
// the generator learned to sneak that information past it with a strong local
// spike, the "droplet" artefacts of StyleGAN 1's images. Demodulation scales by
// the weights' expected effect instead of the measured statistics of the
// data, so nothing is normalised away and the droplets disappear (section 2 of
// the paper).
//
// The layer has two inputs, so it is not a Layer (one input): the style-based
// generator (style_generator.h) calls forward() and backward() with both.
#pragma once

#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/equalized.h"
#include "engine/nn/linear.h"

namespace ganstep {

class ModulatedConv2d {
 public:
  // 'same' padding (k odd), stride 1. demodulate: false for the toRGB layer, as in the paper.
  ModulatedConv2d(int in_c, int h, int w, int out_c, int k, int w_dim, bool demodulate = true);
  // W as PyTorch's Conv2d default; A as Linear's default; a = 1; bias = 0.
  void init(Rng& rng);
  // Equalized learning rate (equalized.h) for A (gain 1, fan-in w_dim) and W
  // (fan-in Cin*k*k; gain sqrt(2) when demodulated, 1 for toRGB): after init.
  void equalize(Rng& rng);

  void forward(const Tensor2& x, const Tensor2& w, Tensor2& y);
  // dx (B, Cin*H*W) and dw (B, w_dim); parameter gradients when param_grads.
  void backward(const Tensor2& dy, Tensor2& dx, Tensor2& dw, bool param_grads);

  // "affine.W", "affine.b", "W", "bias" (A's and W's stored v when equalized).
  std::vector<Param> params();
  void set_math_mode(MathMode mode);
  std::string describe() const;
  ImageShape in_image() const { return conv_.in_image(); }
  ImageShape out_image() const { return conv_.out_image(); }
  bool demodulates() const { return demod_; }
  const Tensor2& style() const { return s_; }  // the last forward's s (B, Cin)

  Linear affine;        // w -> s
  Tensor2 bias, dbias;  // (1, Cout)
  Conv2d& conv() { return conv_; }
  const Conv2d& conv() const { return conv_; }

 private:
  Conv2d conv_;   // W, dW; its own bias stays 0 and is not a parameter
  bool demod_;
  int k2_;        // k*k
  EqualizedWeight eq_affine_, eq_conv_;  // off unless equalize()
  // forward()'s caches
  Tensor2 x_;     // (B, Cin*H*W)  the input
  Tensor2 s_;     // (B, Cin)      the style
  Tensor2 xs_;    // (B, Cin*H*W)  x * s
  Tensor2 c_;     // (B, Cout*S)   conv(x * s, W)
  Tensor2 d_;     // (B, Cout)     demodulation factors
};

}  // namespace ganstep
