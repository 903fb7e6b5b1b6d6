// StyleGAN's per-pixel noise input: one N(0, 1) value per pixel, shared by
// the channels, scaled by a learned factor per channel and added to the
// feature maps (Karras et al. 2019, section 3.2: stochastic detail, such as
// where exactly a stroke's edge falls, without spending latent dimensions).
//   x, y: (B, C, H, W)   n: (B, 1, H, W) ~ N(0, 1)   scale: (1, C) (init 0)
//   y(b, c, p) = x(b, c, p) + scale(c) n(b, p)
// Training: n comes from the layer's stream, which the trainer restarts
// before every pass (reseed(): a function of the seed and the step).
// Inference: one fixed noise image for every row (StyleGAN 2's "const"
// noise mode), so a grid is redrawn the same every time and two codes
// compared (style mixing, path lengths) differ by their styles alone.
// Disabled (enabled = false): y = x (the noise setting off).
#pragma once

#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class NoiseInput : public Layer {
 public:
  NoiseInput(int c, int h, int w);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  std::vector<Param> params() override { return {{&scale, &dscale, "scale"}}; }
  void set_training(bool training) override { training_ = training; }
  void reseed(const Rng& rng) override { rng_ = rng; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<NoiseInput>(*this); }
  std::string describe() const override;

  bool enabled = true;
  Tensor2 scale, dscale;  // (1, C)
  const Tensor2& noise() const { return n_; }  // the last forward's n (B, H*W)

 private:
  ImageShape shape_;
  bool training_ = true;
  Rng rng_{0x5eed, 0x4e01};
  Tensor2 n_;  // (B, H*W)
};

}  // namespace ganstep
