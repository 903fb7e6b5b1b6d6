// LeakyReLU: y = x for x > 0, slope * x otherwise.  x, y: (B, n)
#pragma once

#include "engine/nn/elementwise.h"

namespace ganstep {

class LeakyReLU : public Elementwise<LeakyReLU> {
 public:
  explicit LeakyReLU(float slope = 0.2f) : slope_(slope) {}
  float fwd(float x) const { return x > 0.0f ? x : slope_ * x; }
  float grad(float x, float) const { return x > 0.0f ? 1.0f : slope_; }
  std::string describe() const override { return "LeakyReLU(" + std::to_string(slope_) + ")"; }
  float slope() const { return slope_; }

 private:
  float slope_;
};

}  // namespace ganstep
