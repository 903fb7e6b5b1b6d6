// Reshape: the same numbers, read with another shape (rows are already flat,
// so forward and backward copy; the shapes are carried for describe() and
// for checking how layers connect).
//   x: (B, prod(in_shape))   y: (B, prod(out_shape)), prod(in_shape) == prod(out_shape)
// e.g. Reshape({12544}, {256, 7, 7}) after a Linear that feeds a ConvTranspose2d.
#pragma once

#include <string>
#include <vector>

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

}  // namespace ganstep
