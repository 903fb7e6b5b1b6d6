// Tanh: y = tanh(x), dy/dx = 1 - y^2.  x, y: (B, n)
#pragma once

#include "engine/core/detmath.h"
#include "engine/nn/elementwise.h"

namespace ganstep {

class Tanh : public Elementwise<Tanh> {
 public:
  struct Fn {
    float fwd(float x) const { return static_cast<float>(det_tanh(x)); }
    float grad(float y) const { return 1.0f - y * y; }
  };
  Fn fn() const { return {}; }
  std::string describe() const override { return "Tanh"; }
};

}  // namespace ganstep
