// LeakyReLU: y = x for x > 0, slope * x otherwise (slope >= 0).  x, y: (B, n)
#pragma once

#include "engine/nn/elementwise.h"

namespace ganstep {

class LeakyReLU : public Elementwise<LeakyReLU> {
 public:
  explicit LeakyReLU(float slope = 0.2f) : slope_(slope > 0.0f ? slope : 0.0f) {}
  struct Fn {
    float slope;
    float fwd(float x) const { return x > 0.0f ? x : slope * x; }
    float grad(float y) const { return y > 0.0f ? 1.0f : slope; }  // y > 0 iff x > 0 (slope >= 0)
  };
  Fn fn() const { return {slope_}; }
  std::string describe() const override { return "LeakyReLU(" + std::to_string(slope_) + ")"; }
  float slope() const { return slope_; }
  bool leaky_slope(float& slope) const override {
    slope = slope_;
    return true;
  }

 private:
  float slope_;
};

}  // namespace ganstep
