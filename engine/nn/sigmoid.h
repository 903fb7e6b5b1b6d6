// Sigmoid: y = 1 / (1 + e^-x), dy/dx = y (1 - y).  x, y: (B, n)
#pragma once

#include "engine/core/floatmath.h"
#include "engine/nn/elementwise.h"

namespace ganstep {

class Sigmoid : public Elementwise<Sigmoid> {
 public:
  struct Fn {
    float fwd(float x) const { return fmath::sigmoid(x); }
    float grad(float y) const { return y * (1.0f - y); }
  };
  Fn fn() const { return {}; }
  std::string describe() const override { return "Sigmoid"; }
};

}  // namespace ganstep
