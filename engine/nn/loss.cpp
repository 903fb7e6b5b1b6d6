#include "engine/nn/loss.h"

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"
#include "engine/core/simd_clones.h"

namespace ganstep {
namespace {

enum class Kind { Bce, Minimax, NonSat };

// Per-sample losses and gradients in one vectorisable float loop, then the
// mean summed in double in row order. softplus and sigmoid of each logit come
// from `terms` (logit_terms) when given, else they are computed here: the
// same function of the same logit either way, so the same bits.
template <Kind kind>
double mean_loss(const Tensor2& logits, const Tensor2* targets, const Tensor2* softplus,
                 const Tensor2* sigmoid, Tensor2& per_sample, Tensor2& dlogits) {
  const std::size_t n = logits.shape()[0];
  ensure_shape(per_sample, n, 1);
  ensure_shape(dlogits, n, 1);
  const float* l = logits.data();
  const float* t = targets ? targets->data() : nullptr;
  float* loss = per_sample.data();
  float* grad = dlogits.data();
  const float inv_n = n ? 1.0f / static_cast<float>(n) : 0.0f;
  auto term = [&](std::size_t i, float sp, float sig) {
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
  };
  if (softplus) {
    const float* sp = softplus->data();
    const float* sig = sigmoid->data();
    for (std::size_t i = 0; i < n; ++i) term(i, sp[i], sig[i]);
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      float sp, sig;
      fmath::softplus_sigmoid(l[i], sp, sig);
      term(i, sp, sig);
    }
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += loss[i];
  return n ? sum / static_cast<double>(n) : 0.0;
}

}  // namespace

GANSTEP_SIMD_CLONES
void logit_terms(const Tensor2& logits, Tensor2& softplus, Tensor2& sigmoid) {
  const std::size_t n = logits.size();
  ensure_shape(softplus, logits.shape()[0], logits.shape()[1]);
  ensure_shape(sigmoid, logits.shape()[0], logits.shape()[1]);
  const float* l = logits.data();
  float* sp = softplus.data();
  float* sig = sigmoid.data();
  for (std::size_t i = 0; i < n; ++i) fmath::softplus_sigmoid(l[i], sp[i], sig[i]);
}

double bce_with_logits(const Tensor2& logits, const Tensor2& targets, Tensor2& per_sample,
                       Tensor2& dlogits) {
  return mean_loss<Kind::Bce>(logits, &targets, nullptr, nullptr, per_sample, dlogits);
}

double g_loss_minimax(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss<Kind::Minimax>(logits, nullptr, nullptr, nullptr, per_sample, dlogits);
}

double g_loss_nonsat(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss<Kind::NonSat>(logits, nullptr, nullptr, nullptr, per_sample, dlogits);
}

double bce_from_terms(const Tensor2& logits, const Tensor2& softplus, const Tensor2& sigmoid,
                      const Tensor2& targets, Tensor2& per_sample, Tensor2& dlogits) {
  return mean_loss<Kind::Bce>(logits, &targets, &softplus, &sigmoid, per_sample, dlogits);
}

double g_loss_from_terms(bool minimax, const Tensor2& logits, const Tensor2& softplus,
                         const Tensor2& sigmoid, Tensor2& per_sample, Tensor2& dlogits) {
  return minimax
             ? mean_loss<Kind::Minimax>(logits, nullptr, &softplus, &sigmoid, per_sample, dlogits)
             : mean_loss<Kind::NonSat>(logits, nullptr, &softplus, &sigmoid, per_sample, dlogits);
}

namespace {

enum class Raw { LsganD, HingeD, WassersteinD, LsganG, CriticG };

// A loss of D's raw output f, row by row: the loss and its derivative in f.
// real: the row is a real sample (D losses).
template <Raw kind>
void raw_loss(float f, bool real, float& loss, float& grad) {
  if constexpr (kind == Raw::LsganD) {
    const float t = real ? 1.0f : 0.0f;
    loss = 0.5f * (f - t) * (f - t);
    grad = f - t;
  } else if constexpr (kind == Raw::HingeD) {
    const float margin = real ? 1.0f - f : 1.0f + f;  // relu(1 - f(x)), relu(1 + f(G(z)))
    loss = margin > 0.0f ? margin : 0.0f;
    grad = margin > 0.0f ? (real ? -1.0f : 1.0f) : 0.0f;
  } else if constexpr (kind == Raw::WassersteinD) {
    loss = real ? -f : f;
    grad = real ? -1.0f : 1.0f;
  } else if constexpr (kind == Raw::LsganG) {
    loss = 0.5f * (f - 1.0f) * (f - 1.0f);
    grad = f - 1.0f;
  } else {
    loss = -f;
    grad = -1.0f;
  }
}

double row_sum(const float* v, std::size_t from, std::size_t count) {
  double s = 0.0;
  for (std::size_t i = from; i < from + count; ++i) s += v[i];
  return s;
}

// D's losses: rows [0, m) real, [m, 2m) fake; each half's mean has weight 1/m.
template <Raw kind>
LossHalves raw_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  const std::size_t n = out.shape()[0], m = n / 2;
  ensure_shape(per_sample, n, 1);
  ensure_shape(dout, n, 1);
  const float inv_m = m ? 1.0f / static_cast<float>(m) : 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    float l, g;
    raw_loss<kind>(out.data()[i], i < m, l, g);
    per_sample.data()[i] = l;
    dout.data()[i] = g * inv_m;
  }
  LossHalves h;
  if (m == 0) return h;
  h.real = row_sum(per_sample.data(), 0, m) / static_cast<double>(m);
  h.fake = row_sum(per_sample.data(), m, m) / static_cast<double>(m);
  return h;
}

template <Raw kind>
double raw_loss_g(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  const std::size_t n = out.shape()[0];
  ensure_shape(per_sample, n, 1);
  ensure_shape(dout, n, 1);
  const float inv_n = n ? 1.0f / static_cast<float>(n) : 0.0f;
  for (std::size_t i = 0; i < n; ++i) {
    float l, g;
    raw_loss<kind>(out.data()[i], false, l, g);
    per_sample.data()[i] = l;
    dout.data()[i] = g * inv_n;
  }
  return n ? row_sum(per_sample.data(), 0, n) / static_cast<double>(n) : 0.0;
}

}  // namespace

LossHalves lsgan_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  return raw_loss_d<Raw::LsganD>(out, per_sample, dout);
}
LossHalves hinge_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  return raw_loss_d<Raw::HingeD>(out, per_sample, dout);
}
LossHalves wasserstein_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  return raw_loss_d<Raw::WassersteinD>(out, per_sample, dout);
}
double lsgan_loss_g(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  return raw_loss_g<Raw::LsganG>(out, per_sample, dout);
}
double critic_loss_g(const Tensor2& out, Tensor2& per_sample, Tensor2& dout) {
  return raw_loss_g<Raw::CriticG>(out, per_sample, dout);
}

namespace {

// Writes softmax(row) into p[0..C), the row's maximum into mx, and returns
// log(sum(exp(row - max))), so logsumexp(row) = mx + the result.
// (exp is evaluated twice per entry rather than buffered: C is small.)
double softmax_row(const float* row, std::size_t C, float* p, double& mx) {
  mx = row[0];
  for (std::size_t c = 1; c < C; ++c) mx = row[c] > mx ? row[c] : mx;
  double sum = 0.0;
  for (std::size_t c = 0; c < C; ++c) sum += fast_exp(static_cast<double>(row[c]) - mx);
  for (std::size_t c = 0; c < C; ++c)
    p[c] = static_cast<float>(fast_exp(static_cast<double>(row[c]) - mx) / sum);
  return fast_log(sum);
}

}  // namespace

double softmax_cross_entropy(const Tensor2& logits, const std::uint8_t* labels,
                             Tensor2& per_sample, Tensor2& dlogits) {
  const std::size_t B = logits.shape()[0], C = logits.shape()[1];
  ensure_shape(per_sample, B, 1);
  ensure_shape(dlogits, B, C);
  const float inv_b = B ? 1.0f / static_cast<float>(B) : 0.0f;
  double total = 0.0;
  for (std::size_t i = 0; i < B; ++i) {
    const float* row = logits.data() + i * C;
    float* g = dlogits.data() + i * C;
    double mx;
    const double log_sum = softmax_row(row, C, g, mx);
    const std::size_t y = labels[i] < C ? labels[i] : 0;  // callers pass valid labels
    const float li = static_cast<float>(log_sum + (mx - static_cast<double>(row[y])));
    per_sample.data()[i] = li;
    total += li;  // the mean of the stored per-sample losses, in row order
    g[y] -= 1.0f;
    for (std::size_t c = 0; c < C; ++c) g[c] *= inv_b;
  }
  return B ? total / static_cast<double>(B) : 0.0;
}

void softmax_rows(const Tensor2& logits, Tensor2& probs) {
  const std::size_t B = logits.shape()[0], C = logits.shape()[1];
  ensure_shape(probs, B, C);
  double mx;
  for (std::size_t i = 0; i < B; ++i) softmax_row(logits.data() + i * C, C, probs.data() + i * C, mx);
}

}  // namespace ganstep
