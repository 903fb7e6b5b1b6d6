// StyleGAN's learned constant input: the synthesis network starts from one
// learned C x H x W tensor, the same for every sample (Karras et al. 2019,
// section 2: with styles and noise carrying everything, z need not enter at
// the bottom). Here 7 x 7, the coarsest of MNIST's three resolutions.
//   value: (1, C*H*W)   y: (B, C*H*W), B copies of it   dvalue = sum over b of dy(b)
// It has no input, so it is not a Layer: the style generator calls it.
#pragma once

#include <string>

#include "engine/core/rng.h"
#include "engine/nn/image.h"
#include "engine/nn/layer.h"

namespace ganstep {

class ConstInput {
 public:
  explicit ConstInput(ImageShape shape);
  void init(Rng& rng);  // N(0, 1), as the paper's code

  void forward(std::size_t batch, Tensor2& y) const;
  void backward_params(const Tensor2& dy);
  std::vector<Param> params() { return {{&value, &dvalue, "const"}}; }
  ImageShape shape() const { return shape_; }
  std::string describe() const { return "ConstInput(" + shape_.text() + ")"; }

  Tensor2 value, dvalue;  // (1, C*H*W)

 private:
  ImageShape shape_;
};

}  // namespace ganstep
