#include "engine/nn/r1_penalty.h"

#include <cmath>

namespace ganstep {

double r1_value(Sequential& d, const Tensor2& x, float gamma, R1Work& work) {
  const std::size_t m = x.shape()[0];
  if (m == 0) return 0.0;
  d.forward(x);
  ensure_shape(work.ones, m, 1);
  work.ones.fill(1.0f);
  d.backward(work.ones, work.g, false);  // g = ∇_x Σ_i f(x_i)
  double s = 0;
  for (float v : work.g) s += double(v) * double(v);
  return 0.5 * double(gamma) * s / double(m);
}

double r1_penalty(Sequential& d, const Tensor2& x, float gamma, float weight, R1Work& work,
                  const std::function<void()>& before_pass) {
  const std::size_t m = x.shape()[0];
  if (m == 0 || gamma == 0.0f) return 0.0;
  const std::vector<Param>& params = d.param_list();
  work.loss.resize(params.size());
  for (std::size_t p = 0; p < params.size(); ++p) work.loss[p] = *params[p].grad;  // the passes overwrite them
  if (before_pass) before_pass();
  const double r1 = r1_value(d, x, gamma, work);
  const double sum_sq = 2.0 * r1 / double(gamma) * double(m);
  const double rms = std::sqrt(sum_sq / double(work.g.size()));
  if (!(rms > 0.0) || !std::isfinite(rms)) return r1;  // a flat D: no gradient (or a NaN the trainer reports)
  // (the backward above computed no parameter gradients: params still hold the loss's)
  const float eps = static_cast<float>(double(kR1Step) / rms);
  const float c = static_cast<float>(double(weight) * double(gamma) / (2.0 * double(eps) * double(m)));
  work.acc.resize(params.size());
  for (int side = 0; side < 2; ++side) {
    const float sign = side == 0 ? 1.0f : -1.0f;
    ensure_shape(work.shifted, m, x.shape()[1]);
    const float* xs = x.data();
    const float* gs = work.g.data();
    float* out = work.shifted.data();
    for (std::size_t i = 0; i < work.shifted.size(); ++i) out[i] = xs[i] + sign * eps * gs[i];
    if (before_pass) before_pass();
    d.forward(work.shifted);
    work.ones.fill(sign * c);
    d.backward_params(work.ones);
    for (std::size_t p = 0; p < params.size(); ++p) {
      if (side == 0) work.acc[p] = *params[p].grad;
      else work.acc[p] += *params[p].grad;  // the difference of the two sides, before it meets the loss's gradient
    }
  }
  for (std::size_t p = 0; p < params.size(); ++p) {
    work.loss[p] += work.acc[p];
    *params[p].grad = work.loss[p];
  }
  return r1;
}

}  // namespace ganstep
