#include "engine/nn/batch_norm.h"

#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "engine/core/detmath.h"
#include "engine/core/parallel.h"
#include "engine/core/simd_clones.h"
#include "engine/nn/channel_chains.h"
#include "engine/nn/reshape.h"

namespace ganstep {

namespace {

// Runs body(c0, c1) over a split of the channels [0, C) into ranges, on the
// thread pool when the tensor is large. Each channel's values are still
// visited in (b, s) order by one task, so the sums do not depend on the split.
template <class F>
void for_channel_ranges(std::size_t B, std::size_t C, std::size_t S, F body) {
  const std::size_t work = B * C * S;
  const int tasks = work < (std::size_t(1) << 15) || C < 2 ? 1 : static_cast<int>(std::min<std::size_t>(C, 8));
  if (tasks == 1) {
    body(std::size_t(0), C);
    return;
  }
  parallel_for(tasks, [&](int t) { body(C * std::size_t(t) / std::size_t(tasks), C * std::size_t(t + 1) / std::size_t(tasks)); });
}

// body(i, c) for every element i = (b, c, s) of the channels [c0, c1), in
// (b, c, s) order; one pixel per channel (1-D, S = 1) as a loop over c that
// the compiler vectorises.
template <class F>
inline void for_elements(std::size_t B, std::size_t C, std::size_t S, std::size_t c0, std::size_t c1, F body) {
  if (S == 1) {
    for (std::size_t b = 0; b < B; ++b)
      for (std::size_t c = c0; c < c1; ++c) body(b * C + c, c);
    return;
  }
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t c = c0; c < c1; ++c) {
      const std::size_t o = (b * C + c) * S;
      for (std::size_t s = 0; s < S; ++s) body(o + s, c);
    }
}

// sums[c] += f(x(b, c, s)) over b, then s; x: B rows of C*S.
template <class F>
void channel_accumulate(const float* x, std::size_t B, std::size_t C, std::size_t S,
                        std::vector<double>& sums, F f) {
  sums.assign(C, 0.0);
  double* sp = sums.data();
  for_channel_ranges(B, C, S, [&](std::size_t c0, std::size_t c1) {
    if (S == 1) {  // 1-D: a loop over c inside (vectorised)
      for_elements(B, C, S, c0, c1, [&](std::size_t i, std::size_t c) { sp[c] += f(x[i], c); });
      return;
    }
    double* const out[1] = {sp};
    channel_chains<1>(B, C, S, c0, c1, out, [&](std::size_t i, std::size_t c, double* acc) { acc[0] += f(x[i], c); });
  });
}

// out = dy * (y > 0 ? 1 : slope): LeakyReLU's backward (restrict pointers and
// the slope by value, so the select is vectorised, not a branch per element).
GANSTEP_SIMD_CLONES void leaky_relu_grad(const float* __restrict dy, const float* __restrict y, float slope,
                                         float* __restrict out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = dy[i] * (y[i] > 0.0f ? 1.0f : slope);
}

}  // namespace

BatchNorm::BatchNorm(int channels, int h, int w, float momentum, float eps)
    : channels_(channels), h_(h), w_(w), momentum_(momentum), eps_(eps) {
  const std::size_t C = static_cast<std::size_t>(channels);
  gamma = xt::ones<float>({std::size_t{1}, C});
  beta = xt::zeros<float>({std::size_t{1}, C});
  dgamma = xt::zeros<float>({std::size_t{1}, C});
  dbeta = xt::zeros<float>({std::size_t{1}, C});
  running_mean = xt::zeros<float>({std::size_t{1}, C});
  running_var = xt::ones<float>({std::size_t{1}, C});
}

void BatchNorm::forward(const Tensor2& x, Tensor2& y) { forward_with(x, y, true); }

void BatchNorm::forward_kept(const Tensor2& x, Tensor2& y) { forward_with(x, y, false); }

void BatchNorm::forward_with(const Tensor2& x, Tensor2& y, bool store_xhat) {
  const auto xi = image_in(x, image(), *this);
  const std::size_t B = xi.shape()[0], C = static_cast<std::size_t>(channels_);
  const std::size_t S = static_cast<std::size_t>(h_) * w_;
  batch_ = B;
  xhat_stored_ = store_xhat;
  if (store_xhat) ensure_shape(xhat_, B, C * S);
  else if (xhat_.size()) xhat_ = Tensor2();  // kept inputs from now on: free it
  auto yo = image_out(y, B, image());
  std::vector<double>& mean = mean_;
  std::vector<double>& var = var_;
  mean.resize(C);
  var.resize(C);
  batch_stats_ = training_;
  if (training_) {
    const double n = static_cast<double>(B * S);
    channel_accumulate(xi.data(), B, C, S, mean, [](float v, std::size_t) { return static_cast<double>(v); });
    for (auto& m : mean) m /= n;
    const double* mp = mean.data();
    channel_accumulate(xi.data(), B, C, S, var, [mp](float v, std::size_t c) {
      const double d = v - mp[c];
      return d * d;
    });
    for (auto& v : var) v /= n;
    const float keep = 1.0f - momentum_;
    for (std::size_t c = 0; c < C; ++c) {
      running_mean(0, c) = keep * running_mean(0, c) + momentum_ * static_cast<float>(mean[c]);
      if (n > 1)
        running_var(0, c) = keep * running_var(0, c) + momentum_ * static_cast<float>(var[c] * n / (n - 1));
    }
  } else {
    for (std::size_t c = 0; c < C; ++c) {
      mean[c] = running_mean(0, c);
      var[c] = running_var(0, c);
    }
  }
  inv_std_.resize(C);
  for (std::size_t c = 0; c < C; ++c) inv_std_[c] = 1.0 / det_sqrt(var[c] + static_cast<double>(eps_));
  const float* xp = xi.data();
  float* hp = store_xhat ? xhat_.data() : nullptr;
  float* yp = yo.data();
  const double *mp = mean.data(), *isp = inv_std_.data();
  const float *gp = gamma.data(), *bp = beta.data();
  // One normalising pass; Store: whether xhat is written too (a template: no test per element).
  auto pass = [&](auto store, std::size_t c0, std::size_t c1) {
    if (act_fused_) {
      const float slope = slope_;
      for_elements(B, C, S, c0, c1, [&](std::size_t i, std::size_t c) {
        const float h = static_cast<float>((xp[i] - mp[c]) * isp[c]);
        if constexpr (decltype(store)::value) hp[i] = h;
        const float v = gp[c] * h + bp[c];
        yp[i] = v > 0.0f ? v : slope * v;  // LeakyReLU's formula
      });
      return;
    }
    for_elements(B, C, S, c0, c1, [&](std::size_t i, std::size_t c) {
      const float h = static_cast<float>((xp[i] - mp[c]) * isp[c]);
      if constexpr (decltype(store)::value) hp[i] = h;
      yp[i] = gp[c] * h + bp[c];
    });
  };
  for_channel_ranges(B, C, S, [&](std::size_t c0, std::size_t c1) {
    if (store_xhat) pass(std::true_type{}, c0, c1);
    else pass(std::false_type{}, c0, c1);
  });
}

bool BatchNorm::fuse_activation(bool on, float slope) {
  act_fused_ = on;
  slope_ = on ? slope : 0.0f;
  return on;
}

bool BatchNorm::backward_through_activation(const Tensor2* x, const Tensor2& y_act, const Tensor2& dy_act,
                                            Tensor2& dx, bool param_grads) {
  if (!act_fused_ || (!xhat_stored_ && !x)) return false;
  backward_with(xhat_stored_ ? nullptr : x->data(), dy_act, y_act.data(), dx, param_grads);
  return true;
}

void BatchNorm::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  if (!xhat_stored_) throw std::logic_error(describe() + ": backward() after forward_kept() needs backward_kept()");
  backward_with(nullptr, dy, nullptr, dx, param_grads);
}

void BatchNorm::backward_kept(const Tensor2& x, const Tensor2&, const Tensor2& dy, Tensor2& dx, bool param_grads) {
  backward_with(xhat_stored_ ? nullptr : x.data(), dy, nullptr, dx, param_grads);
}

// dgamma = sum dy xhat, dbeta = sum dy.  Batch statistics:
//   dx = gamma inv_std (dy - mean(dy) - xhat mean(dy xhat));  running statistics: dx = gamma inv_std dy.
// With y_act (the fused activation's output), dy is the gradient at that
// output, and each element's gradient at this layer's output is
// dy * (y_act > 0 ? 1 : slope), as the activation's own backward computes it
// (the same bits), here in this layer's call instead of a layer of its own
// (measured: computed inside the passes below it made them 3-5 times slower
// than this pass). That gradient is written into dx, which the passes then
// read and overwrite element by element (no buffer of its own). Both sums are
// taken in one pass (each in its own (b, s) order, so the bits are those of
// two passes). dx may be dy itself: each element is read before it is
// written. xhat is xhat_, or, with x, made again from it as forward made it.
void BatchNorm::backward_with(const float* x, const Tensor2& dy, const float* y_act, Tensor2& dx,
                              bool param_grads) {
  const auto dyi = image_in(dy, image(), *this, batch_);
  const std::size_t B = dyi.shape()[0], C = static_cast<std::size_t>(channels_);
  const std::size_t S = static_cast<std::size_t>(h_) * w_;
  const float* dyp = dyi.data();
  const float slope = slope_;
  auto dxo = image_out(dx, B, image());
  if (y_act) {  // the activation's gradient first, one vectorised pass over the threads
    float* dp = dxo.data();
    for_channel_ranges(B, C, S, [&](std::size_t c0, std::size_t c1) {
      for (std::size_t b = 0; b < B; ++b) {
        const std::size_t i = (b * C + c0) * S;
        leaky_relu_grad(dyp + i, y_act + i, slope, dp + i, (c1 - c0) * S);
      }
    });
    dyp = dp;
  }
  if (x) {
    const double *mp = mean_.data(), *isp = inv_std_.data();
    backward_passes(B, C, S, dyp, dx, param_grads, [x, mp, isp](std::size_t i, std::size_t c) {
      return static_cast<float>((x[i] - mp[c]) * isp[c]);  // forward's expression
    });
    return;
  }
  const float* hp = xhat_.data();
  backward_passes(B, C, S, dyp, dx, param_grads, [hp](std::size_t i, std::size_t) { return hp[i]; });
}

// The two passes of backward_with, dyp the gradient at this layer's output
// (may be dx's own data) and xhat(i, c) the normalised input (templates: the
// loops have no test of the case inside).
template <class Xhat>
void BatchNorm::backward_passes(std::size_t B, std::size_t C, std::size_t S, const float* dyp, Tensor2& dx,
                                bool param_grads, Xhat xhat) {
  std::vector<double>& sum_dy = sum_dy_;
  std::vector<double>& sum_dy_xhat = sum_dy_xhat_;
  sum_dy.assign(C, 0.0);
  sum_dy_xhat.assign(C, 0.0);
  double *sp = sum_dy.data(), *sxp = sum_dy_xhat.data();
  // The sums feed dgamma, dbeta and batch statistics' dx: running statistics
  // without parameter gradients (a frozen G inverted) need neither.
  if (param_grads || batch_stats_) for_channel_ranges(B, C, S, [&](std::size_t c0, std::size_t c1) {
    if (S == 1) {  // 1-D: loops over c inside (vectorised), one sum each
      for_elements(B, C, S, c0, c1, [&](std::size_t i, std::size_t c) { sp[c] += static_cast<double>(dyp[i]); });
      for_elements(B, C, S, c0, c1,
                   [&](std::size_t i, std::size_t c) { sxp[c] += static_cast<double>(dyp[i]) * xhat(i, c); });
      return;
    }
    double* const out[2] = {sp, sxp};  // both sums of a channel in registers, each in (b, s) order
    channel_chains<2>(B, C, S, c0, c1, out, [&](std::size_t i, std::size_t c, double* acc) {
      const float d = dyp[i];
      acc[0] += static_cast<double>(d);
      acc[1] += static_cast<double>(d) * xhat(i, c);
    });
  });
  if (param_grads)
    for (std::size_t c = 0; c < C; ++c) {
      dgamma(0, c) = static_cast<float>(sum_dy_xhat[c]);
      dbeta(0, c) = static_cast<float>(sum_dy[c]);
    }
  float* dxp = dx.data();
  const double n = static_cast<double>(B * S);
  // Per channel: k = gamma inv_std, and (in place of the sums) the batch means of dy and dy xhat.
  scale_.resize(C);
  for (std::size_t c = 0; c < C; ++c) {
    scale_[c] = gamma(0, c) * inv_std_[c];
    sum_dy[c] /= n;
    sum_dy_xhat[c] /= n;
  }
  const double *kp = scale_.data(), *mdyp = sum_dy.data(), *mdyhp = sum_dy_xhat.data();
  for_channel_ranges(B, C, S, [&](std::size_t c0, std::size_t c1) {
    if (!batch_stats_)
      for_elements(B, C, S, c0, c1,
                   [&](std::size_t i, std::size_t c) { dxp[i] = static_cast<float>(kp[c] * dyp[i]); });
    else
      for_elements(B, C, S, c0, c1, [&](std::size_t i, std::size_t c) {
        dxp[i] = static_cast<float>(kp[c] * (dyp[i] - mdyp[c] - xhat(i, c) * mdyhp[c]));
      });
  });
}

std::vector<Param> BatchNorm::params() { return {{&gamma, &dgamma, "gamma"}, {&beta, &dbeta, "beta"}}; }

std::string BatchNorm::describe() const {
  if (h_ == 1 && w_ == 1) return "BatchNorm(" + std::to_string(channels_) + ")";
  return "BatchNorm(" + shape_text({channels_, h_, w_}) + ")";
}

}  // namespace ganstep
