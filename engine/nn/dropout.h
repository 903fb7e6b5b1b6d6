// Dropout(p): in training, y = x m with m = 0 (probability p) or 1/(1 - p);
// in inference, y = x.  x, y: (B, n)
//
// The mask costs one 32-bit draw of the layer's own Rng per two elements:
// the low 16 bits decide element 2i and the high 16 bits element 2i + 1; an
// element is dropped when its 16-bit number is below t = round(p * 65536).
// So p is used rounded to a multiple of 1/65536 (0.3 -> 19661/65536 =
// 0.3000031) and kept values are scaled by 65536 / (65536 - t), which keeps
// E[y] = x exactly. The draws come from Rng::fill_u32 (four interleaved
// generator copies), so a seed gives the same masks natively and on the web.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/layer.h"

namespace ganstep {

class Dropout : public Layer {
 public:
  // p in [0, 1) (clamped); rng: the layer's own stream (copy it in to seed the masks).
  explicit Dropout(float p, Rng rng = Rng(0x5eed, 0xd70b));

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  // y over x (Sequential, after a (leaky) ReLU: layer.h): the same values.
  bool runs_in_place() const override { return true; }
  bool backward_elementwise() const override { return true; }
  void forward_in_place(Tensor2& xy) override;
  void set_training(bool training) override { training_ = training; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Dropout>(*this); }
  std::string describe() const override;

  bool training() const { return training_; }
  float p() const { return p_; }
  // The drop probability actually used: threshold / 65536.
  double effective_p() const { return threshold_ / 65536.0; }
  // The last mask's factor for element i of x: 0 or the scale.
  float mask(std::size_t i) const { return kept(i) ? scale_ : 0.0f; }

  Rng rng;  // the mask stream: part of the training state (checkpoint it)

 private:
  float p_;
  std::uint32_t threshold_;  // drop when a 16-bit draw is below this
  float scale_;              // 65536 / (65536 - threshold)
  bool training_ = true;
  bool masked_ = false;      // whether the last forward applied a mask
  std::vector<std::uint8_t> keep_;  // (B * n bits): bit i % 8 of byte i / 8 set where the last mask kept element i
  bool kept(std::size_t i) const { return (keep_[i >> 3] >> (i & 7)) & 1u; }

  // y = x m over n elements (y may be x).
  void apply(const float* x, float* y, std::size_t n);
};

}  // namespace ganstep
