// LeakyReLU: y = x for x > 0, slope * x otherwise (slope >= 0).  x, y: (B, n)
#pragma once

#include "engine/nn/elementwise.h"

namespace ganstep {

class LeakyReLU : public Elementwise<LeakyReLU> {
 public:
  explicit LeakyReLU(float slope = 0.2f) : slope_(slope > 0.0f ? slope : 0.0f) {}
  // Both sides computed, then chosen (no load under a branch), so the loops
  // in Elementwise vectorise; the values are those of the plain ternary.
  float fwd(float x) const {
    const float negative = slope_ * x;
    return x > 0.0f ? x : negative;
  }
  float grad(float y) const {  // y > 0 iff x > 0 (slope >= 0)
    const float slope = slope_;
    return y > 0.0f ? 1.0f : slope;
  }
  std::string describe() const override { return "LeakyReLU(" + std::to_string(slope_) + ")"; }
  float slope() const { return slope_; }

 private:
  float slope_;
};

}  // namespace ganstep
