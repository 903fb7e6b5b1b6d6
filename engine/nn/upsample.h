// Nearest-neighbour upsampling by 2 (PyTorch's nn.Upsample(scale_factor=2,
// mode="nearest")): every pixel becomes a 2 x 2 block of itself.
//   x: (B, C, H, W)   y: (B, C, 2H, 2W)   NCHW views of (B, C*H*W) rows
//   forward   y(b, c, 2i + di, 2j + dj) = x(b, c, i, j)        di, dj in {0, 1}
//   backward  dx(b, c, i, j) = dy(.., 2i, 2j) + dy(.., 2i, 2j+1) + dy(.., 2i+1, 2j) + dy(.., 2i+1, 2j+1)
//             summed in that order (the same bits everywhere)
// No parameters. The growing G (growing.h) doubles its image with it.
#pragma once

#include <string>

#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class Upsample2x : public Layer {
 public:
  Upsample2x(int c, int h, int w) : in_{c, h, w} {}

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Upsample2x>(*this); }
  std::string describe() const override { return "Upsample2x(" + in_.text() + ")"; }

  ImageShape in_image() const { return in_; }
  ImageShape out_image() const { return {in_.c, 2 * in_.h, 2 * in_.w}; }

 private:
  ImageShape in_;
  std::size_t batch_ = 0;  // the forward's rows
};

}  // namespace ganstep
