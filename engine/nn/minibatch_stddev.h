// Minibatch standard deviation (Karras et al. 2018, ProGAN section 3; kept by
// StyleGAN): D's last block sees one extra feature map that tells it how
// varied the images of its minibatch are, so a G that draws the same image
// for every z is easy to tell from the data.
//   x: (B, C, H, W)   y: (B, C + 1, H, W)   NCHW views of (B, C*H*W) rows
//   (a flat input (n, 1, 1) gives (n + 1, 1, 1))
// The rows are split into groups of G consecutive rows (the last group takes
// what is left, so any B works; a group of one row has σ = sqrt(ε)). For the
// group g of row b, over its rows j (n_g of them) and every (c, h, w):
//   μ(c, h, w) = (1/n_g) Σ_j x_j(c, h, w)
//   σ(c, h, w) = sqrt((1/n_g) Σ_j (x_j(c, h, w) − μ)² + ε)     ε = 1e-8 (biased variance)
//   s_g        = (1/(C H W)) Σ_{c,h,w} σ(c, h, w)
//   y(b, c) = x(b, c) for c < C;   y(b, C, h, w) = s_g for every pixel
// Backward, with S_g = Σ_{b in g} Σ_{h,w} dy(b, C, h, w):
//   dx_j(c, h, w) = dy_j(c, h, w) + S_g / (C H W) · (x_j(c, h, w) − μ) / (n_g σ)
// Consecutive rows, not StyleGAN's strided groups (rows b, b + B/G, ...): the
// trainer's D-step batch is [m real; m fake], so with G dividing m every
// group is all real or all fake, as when StyleGAN runs D on each separately.
// No parameters. Sums in double, in a fixed order (the same bits everywhere).
#pragma once

#include <string>
#include <vector>

#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class MinibatchStdDev : public Layer {
 public:
  static constexpr float kEps = 1e-8f;
  // group >= 1; the image shape is the input's.
  MinibatchStdDev(int group, int c, int h, int w) : group_(group), in_{c, h, w} {}

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<MinibatchStdDev>(*this); }
  std::string describe() const override;

  int group() const { return group_; }
  ImageShape in_image() const { return in_; }
  ImageShape out_image() const { return {in_.c + 1, in_.h, in_.w}; }

 private:
  int group_;
  ImageShape in_;
  std::size_t batch_ = 0;  // the forward's rows
  Tensor2 x_;              // (B, C*H*W) the forward's input
  Tensor2 sigma_;          // (groups, C*H*W) σ of each group
  Tensor2 mean_;           // (groups, C*H*W) μ of each group
};

}  // namespace ganstep
