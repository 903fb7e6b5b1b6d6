// StyleGAN's mapping network f: z -> w, an MLP of `depth` fully connected
// layers of `width` units, each followed by LeakyReLU(0.2) (Karras et al.
// 2019, section 2; the paper's is 8 x 512, MNIST's 7x7 / 14x14 / 28x28 images
// need far less). w lives in an intermediate latent space W that need not
// follow the fixed distribution of z, so it can "unwarp" the factors of
// variation (the paper's Figure 6); the synthesis network reads only w.
//   z: (B, z_dim)   w: (B, width)
// Built from Linear and LeakyReLU (build_mlp, mlp.h): the same layers as any MLP here.
// The paper's 0.01 learning-rate multiplier for the mapping network is
// lr_scale (the run's mapping_lr): the optimizer steps its weights with the
// net's learning rate times it (Param::lr_scale). Its equalized learning
// rate: equalize() (equalized.h; with Adam, lr_scale then matches the
// paper's runtime multiplier).
#pragma once

#include <string>

#include "engine/nn/mlp.h"

namespace ganstep {

class MappingNet : public Layer {
 public:
  // depth >= 1, width >= 1.
  MappingNet(int z_dim, int depth, int width);
  // He (Kaiming) uniform for LeakyReLU(0.2): W in +-sqrt(6 / (1.04 fan_in)), b = 0,
  // so w keeps z's scale through the layers (PyTorch's default, +-1/sqrt(fan_in),
  // shrinks it about 2.5x per layer: w would be nearly constant and the
  // styles all alike, and G collapses onto one image).
  void init(Rng& rng);
  // After init: every Linear equalized (equalized.h, gain sqrt(2), biases 0).
  void equalize(Rng& rng);

  void forward(const Tensor2& z, Tensor2& w) override { w = net_.forward(z); }
  void backward(const Tensor2& dw, Tensor2& dz, bool param_grads) override { net_.backward(dw, dz, param_grads); }
  void backward_params(const Tensor2& dw) override { net_.backward_params(dw); }
  std::vector<Param> params() override;
  void set_math_mode(MathMode mode) override { net_.set_math_mode(mode); }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<MappingNet>(*this); }
  std::string describe() const override;

  int depth() const { return depth_; }
  int width() const { return width_; }
  float lr_scale = 1.0f;  // the learning-rate multiplier of every parameter (params())

 private:
  int z_dim_, depth_, width_;
  Sequential net_;
};

}  // namespace ganstep
