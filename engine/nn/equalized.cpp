#include "engine/nn/equalized.h"

#include "engine/core/detmath.h"

namespace ganstep {

void EqualizedWeight::init(Rng& rng, Tensor2& W, int fan_in, float gain) {
  v = Tensor2::from_shape(W.shape());
  rng.fill_normal(v.data(), static_cast<int>(v.size()));
  dv = xt::zeros<float>(W.shape());
  c = static_cast<float>(double(gain) / det_sqrt(double(fan_in > 0 ? fan_in : 1)));
  on = true;
  load(W);
}

void EqualizedWeight::load(Tensor2& W) const {
  if (!on) return;
  const float* src = v.data();
  float* dst = W.data();
  for (std::size_t i = 0; i < v.size(); ++i) dst[i] = c * src[i];
}

void EqualizedWeight::take_grad(const Tensor2& dW) {
  if (!on) return;
  ensure_shape(dv, dW.shape()[0], dW.shape()[1]);
  const float* src = dW.data();
  float* dst = dv.data();
  for (std::size_t i = 0; i < dW.size(); ++i) dst[i] = c * src[i];
}

}  // namespace ganstep
