#include "engine/nn/truncation.h"

namespace ganstep {

Truncation::Truncation(int w_dim) { w_mean = xt::zeros<float>({std::size_t{1}, static_cast<std::size_t>(w_dim)}); }

void Truncation::truncate(const Tensor2& w, Tensor2& y) const {
  const std::size_t B = w.shape()[0], D = w.shape()[1];
  ensure_shape(y, B, D);
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t j = 0; j < D; ++j) y(b, j) = w_mean(0, j) + psi * (w(b, j) - w_mean(0, j));
}

void Truncation::forward(const Tensor2& w, Tensor2& y) {
  if (!training_) {
    truncate(w, y);
    return;
  }
  y = w;
  const std::size_t B = w.shape()[0], D = w.shape()[1];
  if (B == 0) return;
  for (std::size_t j = 0; j < D; ++j) {
    double m = 0;
    for (std::size_t b = 0; b < B; ++b) m += w(b, j);
    m /= static_cast<double>(B);
    w_mean(0, j) = static_cast<float>(w_mean(0, j) + (1.0 - kBeta) * (m - w_mean(0, j)));
  }
}

// Training: dw = dy. Inference: dw = psi dy (w_mean is a constant).
void Truncation::backward(const Tensor2& dy, Tensor2& dx, bool) {
  dx = dy;
  if (!training_)
    for (auto& v : dx) v *= psi;
}

std::string Truncation::describe() const { return "Truncation(w " + std::to_string(w_mean.shape()[1]) + ")"; }

}  // namespace ganstep
