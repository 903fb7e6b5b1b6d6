// Average pooling by 2 (PyTorch's nn.AvgPool2d(2)): every 2 x 2 block of
// pixels becomes its mean. H and W must be even.
//   x: (B, C, H, W)   y: (B, C, H/2, W/2)   NCHW views of (B, C*H*W) rows
//   forward   y(b, c, i, j) = 0.25 (((x(2i, 2j) + x(2i, 2j+1)) + x(2i+1, 2j)) + x(2i+1, 2j+1))
//   backward  dx(b, c, 2i + di, 2j + dj) = 0.25 dy(b, c, i, j)
// No parameters. The growing D (growing.h) halves its image with it, and
// brings a full-size image down to the resolution it works at.
#pragma once

#include <string>

#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class AvgPool2x : public Layer {
 public:
  // "" when H and W are even and positive, else what is wrong.
  static std::string check(int c, int h, int w);
  // The arguments must pass check().
  AvgPool2x(int c, int h, int w) : in_{c, h, w} {}

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<AvgPool2x>(*this); }
  std::string describe() const override { return "AvgPool2x(" + in_.text() + ")"; }

  ImageShape in_image() const { return in_; }
  ImageShape out_image() const { return {in_.c, in_.h / 2, in_.w / 2}; }

 private:
  ImageShape in_;
  std::size_t batch_ = 0;  // the forward's rows
};

}  // namespace ganstep
