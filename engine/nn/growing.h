// The growing part of a progressive GAN's G or D (Karras et al. 2018,
// ProGAN): nets that start at a low resolution and grow block by block, each
// new block faded in (fade_in.h) while the old output path fades out.
//
// S resolutions r_0 < r_1 < ... < r_{S-1} (MNIST: 7, 14, 28), S - 1 blocks.
//   G   in: features (C_0, r_0, r_0)        out: the image (c, R, R), R = r_{S-1}
//       block i       (C_{i-1}, r_{i-1}) -> (C_i, r_i)            i = 1 .. S-1
//       to-image s    1x1 conv C_s -> c, then nearest upsampling to R (upsample.h)
//   D   in: the image (c, R, R)              out: features (C_0, r_0, r_0)
//       block i       (C_i, r_i) -> (C_{i-1}, r_{i-1})             i = 1 .. S-1
//       from-image s  average pooling from R down to r_s (avg_pool.h), 1x1 conv c -> C_s, leaky ReLU 0.2
// At stage s with fade-in weight α (set_growth):
//   G   h = block_{s-1}(... block_1(x))
//       y = (1 − α) to_image_{s-1}(h) + α to_image_s(block_s(h))      (s = 0: y = to_image_0(x))
//   D   h = (1 − α) from_image_{s-1}(x) + α block_s(from_image_s(x))  (s = 0: h = from_image_0(x))
//       y = block_1(... block_{s-1}(h))
// With α = 1 the old path is not run at all. G's output is always full size
// (a coarse stage's image drawn with R/r_s-pixel squares) and D always takes
// full-size images, pooling them down as ProGAN downsamples its real images:
// the Trainer, the data and the panels do not change with the stage.
//
// Every block and path exists from iteration 0, so the parameters are the same
// at every stage (checkpoints, optimizers, state hashes); the ones a stage
// does not run get zero gradients. Blocks are Sequentials of any layers.
//   x, y: (B, features) NCHW rows
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/nn/image.h"
#include "engine/nn/layer.h"
#include "engine/nn/sequential.h"

namespace ganstep {

// Where a growing net stands at an iteration: stage s in 0 .. stages-1, α in [0, 1].
struct Growth {
  int stage = 0;
  float alpha = 1.0f;
  bool operator==(const Growth& o) const { return stage == o.stage && alpha == o.alpha; }
};
// The schedule: each resolution lasts stage_iterations iterations, the first
// fade_iterations of them fading its block in (α = (t − start) / fade, from 0
// up to 1); the last resolution lasts for ever. stage_iterations 0: the last
// stage (full size) from iteration 0.
Growth growth_at(int stages, int stage_iterations, int fade_iterations, std::int64_t iteration);

class Growing : public Layer {
 public:
  enum class Net { Generator, Discriminator };
  // blocks: S - 1 (block i at index i - 1); ends: S (to-image or from-image
  // paths, index s); in and out: the layer's shapes at full size.
  Growing(Net net, std::vector<Sequential> blocks, std::vector<Sequential> ends, ImageShape in, ImageShape out);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  void backward_params(const Tensor2& dy) override;
  std::vector<Param> params() override;
  std::vector<Param> buffers() override;
  void set_training(bool training) override;
  void set_math_mode(MathMode mode) override;
  void reseed(const Rng& rng) override;
  void set_growth(int stage, float alpha) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Growing>(*this); }
  std::string describe() const override;

  int stages() const { return static_cast<int>(ends_.size()); }
  Growth growth() const { return {stage_, alpha_}; }
  bool fading() const { return stage_ > 0 && alpha_ < 1.0f; }

 private:
  void zero_idle_grads();  // the parameters this stage does not run
  template <class List>
  std::vector<Param> named(List list);  // params() or buffers() of every block and path
  void backward_g(const Tensor2& dy, Tensor2* dx, bool param_grads);
  void backward_d(const Tensor2& dy, Tensor2* dx, bool param_grads);

  Net net_;
  std::vector<Sequential> blocks_, ends_;
  ImageShape in_, out_;
  int stage_;
  float alpha_ = 1.0f;
  Tensor2 blend_, d_old_, d_new_, g0_, g1_;  // scratch (the blend is kept for D's blocks)
};

}  // namespace ganstep
