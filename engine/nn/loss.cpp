#include "engine/nn/loss.h"

#include "engine/core/floatmath.h"

namespace ganstep {
namespace {

enum class Kind { Bce, Minimax, NonSat };

// Per-sample losses and gradients in one vectorisable float loop, then the
// mean summed in double in row order.
template <Kind kind>
double mean_loss(const Tensor2& logits, const Tensor2* targets, Tensor2& per_sample,
                 Tensor2& dlogits) {
  const std::size_t n = logits.shape()[0];
  ensure_shape(per_sample, n, 1);
  ensure_shape(dlogits, n, 1);
  const float* l = logits.data();
  const float* t = targets ? targets->data() : nullptr;
  float* loss = per_sample.data();
  float* grad = dlogits.data();
  const float inv_n = n ? 1.0f / static_cast<float>(n) : 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    float sp, sig;
    fmath::softplus_sigmoid(l[i], sp, sig);
    float li, gi;
    if constexpr (kind == Kind::Bce) {
      li = sp - t[i] * l[i];   // -[t ln s + (1-t) ln(1-s)]
      gi = sig - t[i];
    } else if constexpr (kind == Kind::Minimax) {
      li = -sp;                // ln(1 - s(l))
      gi = -sig;
    } else {
      li = sp - l[i];          // -ln s(l) = softplus(-l)
      gi = sig - 1.0f;
    }
    loss[i] = li;
    grad[i] = gi * inv_n;
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += loss[i];
  return n ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace

double bce_with_logits(const Tensor2& logits, const Tensor2& targets, Tensor2& per_sample,
                       Tensor2& dlogits) {
  return mean_loss<Kind::Bce>(logits, &targets, per_sample, dlogits);
}

double g_loss_minimax(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss<Kind::Minimax>(logits, nullptr, per_sample, dlogits);
}

double g_loss_nonsat(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss<Kind::NonSat>(logits, nullptr, per_sample, dlogits);
}

}  // namespace ganstep
