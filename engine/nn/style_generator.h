// A style-based generator (StyleGAN, Karras et al. 2019, with StyleGAN 2's
// modulated convolutions) at MNIST scale: the three resolutions 7x7, 14x14
// and 28x28 are the paper's coarse, middle and fine styles.
//
//   z (B, z_dim) -> mapping (mapping.h) -> truncation (truncation.h) -> w (B, w_dim)
//   level 0, coarse 7x7:   const (C, 7, 7) -> modconv 3x3 (w0) -> noise -> LeakyReLU   (C, 7, 7)
//   level 1, middle 14x14: upsample x2 -> modconv 3x3 (w1) -> noise -> LeakyReLU      (C, 14, 14)
//   level 2, fine 28x28:   upsample x2 -> modconv 3x3 (w2) -> noise -> LeakyReLU      (C/2, 28, 28)
//                          toRGB: modconv 1x1 (w2), not demodulated                   (1, 28, 28)
// forward() uses one w for the three levels; synthesize() takes one per level
// (style mixing: the coarse styles from one code, the others from another).
// Upsampling is nearest-neighbour (each pixel to a 2x2 block; its gradient
// sums the block). The output is G's raw image; the lesson's layer list puts
// a tanh after it.
//   y: (B, 1*28*28)
#pragma once

#include <array>
#include <string>

#include "engine/nn/const_input.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/mapping.h"
#include "engine/nn/modulated_conv.h"
#include "engine/nn/noise_input.h"
#include "engine/nn/truncation.h"

namespace ganstep {

struct StyleGeneratorSpec {
  int z_dim = 64;
  int mapping_depth = 4, mapping_width = 64;  // w_dim = mapping_width
  float mapping_lr = 1.0f;                    // the mapping network's learning-rate multiplier
  int channels = 32;                          // C at 7x7 and 14x14; C/2 at 28x28
  bool noise = true;                          // per-pixel noise inputs
  bool equalized = false;                     // equalized learning rate (equalized.h) in every weight
  static constexpr int kLevels = 3;
  static constexpr int kSide = 7;             // the constant's side; the output is 4x that
};

class StyleGenerator : public Layer {
 public:
  static constexpr int kLevels = StyleGeneratorSpec::kLevels;
  explicit StyleGenerator(const StyleGeneratorSpec& spec);
  void init(Rng& rng);

  void forward(const Tensor2& z, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dz, bool param_grads) override;
  void backward_params(const Tensor2& dy) override;
  std::vector<Param> params() override;
  std::vector<Param> buffers() override { return truncation_.buffers(); }
  void set_training(bool training) override;
  void set_math_mode(MathMode mode) override;
  void reseed(const Rng& rng) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<StyleGenerator>(*this); }
  std::string describe() const override;

  // z -> w through the mapping and (in inference mode) the truncation.
  void map(const Tensor2& z, Tensor2& w);
  // The image from one w per level (rows: the same batch in each).
  void synthesize(const std::array<const Tensor2*, kLevels>& w, Tensor2& y);
  // d loss / d w of each level for the last synthesize() (after backward_synthesis).
  void backward_synthesis(const Tensor2& dy, std::array<Tensor2, kLevels>& dw, bool param_grads);

  const StyleGeneratorSpec& spec() const { return spec_; }
  MappingNet& mapping() { return mapping_; }
  Truncation& truncation() { return truncation_; }
  void set_noise(bool on);
  void set_psi(float psi) { truncation_.psi = psi; }
  ImageShape out_image() const { return {1, 4 * StyleGeneratorSpec::kSide, 4 * StyleGeneratorSpec::kSide}; }

 private:
  StyleGeneratorSpec spec_;
  MappingNet mapping_;
  Truncation truncation_;
  ConstInput const_;
  std::vector<ModulatedConv2d> conv_;  // kLevels, then toRGB
  std::vector<NoiseInput> noise_;      // kLevels
  std::vector<LeakyReLU> act_;         // kLevels
  // caches: level l's input (the constant or the upsampled map), its conv,
  // noise and activation outputs; the mapping's output
  std::array<Tensor2, kLevels> in_, conv_out_, noised_, act_out_;
  Tensor2 w_raw_, w_;
};

}  // namespace ganstep
