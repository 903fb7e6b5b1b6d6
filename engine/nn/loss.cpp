#include "engine/nn/loss.h"

#include "engine/core/detmath.h"

namespace ganstep {
namespace {

// Shared loop: f(l, i) returns {loss_i, dloss_i/dl}; the mean is summed in
// double in row order.
template <class F>
double mean_loss(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits, F f) {
  const std::size_t n = logits.shape()[0];
  ensure_shape(per_sample, n, 1);
  ensure_shape(dlogits, n, 1);
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double loss, grad;
    f(static_cast<double>(logits.data()[i]), i, loss, grad);
    per_sample.data()[i] = static_cast<float>(loss);
    dlogits.data()[i] = static_cast<float>(grad / static_cast<double>(n));
    sum += loss;
  }
  return n ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace

double bce_with_logits(const Tensor2& logits, const Tensor2& targets, Tensor2& per_sample,
                       Tensor2& dlogits) {
  return mean_loss(logits, per_sample, dlogits, [&](double l, std::size_t i, double& loss, double& g) {
    const double t = targets.data()[i];
    loss = fast_log1p_exp(l) - t * l;
    g = fast_sigmoid(l) - t;
  });
}

double g_loss_minimax(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss(logits, per_sample, dlogits, [](double l, std::size_t, double& loss, double& g) {
    loss = -fast_log1p_exp(l);
    g = -fast_sigmoid(l);
  });
}

double g_loss_nonsat(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss(logits, per_sample, dlogits, [](double l, std::size_t, double& loss, double& g) {
    loss = fast_log1p_exp(-l);
    g = fast_sigmoid(l) - 1.0;
  });
}

}  // namespace ganstep
