// Reshape: the same numbers, read with another shape (rows are already flat,
// so forward and backward copy; the shapes are carried for describe(), for
// checking how layers connect and for the NCHW views of x and y).
//   x: (B, prod(in_shape))   y: (B, prod(out_shape)), prod(in_shape) == prod(out_shape)
//   seen as (B, C, H, W) with image_of(shape): {C, H, W} as is, {n} as n x 1 x 1
// e.g. Reshape({12544}, {256, 7, 7}) after a Linear that feeds a ConvTranspose2d.
#pragma once

#include <string>
#include <vector>

#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class Reshape : public Layer {
 public:
  // "" when both shapes are non-empty, positive and of equal size, else what is wrong.
  static std::string check(const std::vector<int>& in_shape, const std::vector<int>& out_shape);
  // The arguments must pass check().
  Reshape(std::vector<int> in_shape, std::vector<int> out_shape);

  void forward(const Tensor2& x, Tensor2& y) override;
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) override;
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Reshape>(*this); }
  std::string describe() const override;

  const std::vector<int>& in_shape() const { return in_; }
  const std::vector<int>& out_shape() const { return out_; }
  int features() const;

 protected:
  std::string name_ = "Reshape";

 private:
  std::vector<int> in_, out_;
};

// "8x7x7"
std::string shape_text(const std::vector<int>& shape);
// {C, H, W} as C x H x W, {n} as n x 1 x 1, {a, b} as a x b x 1, {a, b, H, W} as ab x H x W.
ImageShape image_of(const std::vector<int>& shape);

}  // namespace ganstep
