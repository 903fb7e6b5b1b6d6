// ReLU: y = max(0, x).  x, y: (B, n)
#pragma once

#include "engine/nn/elementwise.h"

namespace ganstep {

class ReLU : public Elementwise<ReLU> {
 public:
  struct Fn {
    float fwd(float x) const { return x > 0.0f ? x : 0.0f; }
    float grad(float y) const { return y > 0.0f ? 1.0f : 0.0f; }
  };
  Fn fn() const { return {}; }
  std::string describe() const override { return "ReLU"; }
  bool leaky_slope(float& slope) const override {
    slope = 0.0f;
    return true;
  }
};

}  // namespace ganstep
