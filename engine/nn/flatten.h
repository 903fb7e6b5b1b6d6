// Flatten: an image C x H x W becomes a plain feature row (before a Linear).
//   x: (B, C*H*W) NCHW   y: (B, C*H*W)
// A Reshape from {C, H, W} to {C*H*W}; describe() says "Flatten(64x7x7 -> 3136)".
#pragma once

#include "engine/nn/reshape.h"

namespace ganstep {

class Flatten : public Reshape {
 public:
  // The sizes must be in 1 .. 2^26 with C*H*W <= 2^26 (see Reshape::check).
  Flatten(int c, int h, int w) : Reshape({c, h, w}, {c * h * w}) { name_ = "Flatten"; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<Flatten>(*this); }
};

}  // namespace ganstep
