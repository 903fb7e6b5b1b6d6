#include "engine/optim/optimizer.h"

namespace ganstep {

void sgd_step(float* p, const float* g, float* v, std::size_t n, float lr, float momentum) {
  for (std::size_t i = 0; i < n; ++i) {
    v[i] = momentum * v[i] + g[i];
    p[i] -= lr * v[i];
  }
}

}  // namespace ganstep
