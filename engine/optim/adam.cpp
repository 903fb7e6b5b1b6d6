#include "engine/optim/optimizer.h"

#include "engine/core/detmath.h"

namespace ganstep {

void adam_step(float* p, const float* g, float* m, float* v, std::size_t n, float lr,
               float beta1, float beta2, float eps, double bias1, double bias2) {
  // PyTorch: p -= lr / bias1 * m / (sqrt(v) / sqrt(bias2) + eps)
  const double step_size = static_cast<double>(lr) / bias1;
  const double bias2_sqrt = det_sqrt(bias2);
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = beta1 * m[i] + (1.0f - beta1) * g[i];
    v[i] = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
    const double denom = det_sqrt(static_cast<double>(v[i])) / bias2_sqrt + eps;
    p[i] = static_cast<float>(p[i] - step_size * (m[i] / denom));
  }
}

}  // namespace ganstep
