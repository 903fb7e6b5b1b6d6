#include "engine/gan/trainer.h"

#include <cstdio>
#include <cstring>

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"
#include "engine/gan/resources.h"
#include "engine/nn/loss.h"

namespace ganstep {
namespace {

constexpr std::uint64_t kInitStream = 1;   // weights
constexpr std::uint64_t kTrainStream = 2;  // minibatches

template <class T>
std::size_t sz(T v) { return static_cast<std::size_t>(v); }

double mean_of(const Tensor2& t, std::size_t from, std::size_t count) {
  double s = 0;
  for (std::size_t i = 0; i < count; ++i) s += t.data()[from + i];
  return count ? s / static_cast<double>(count) : 0.0;
}

}  // namespace

const char* phase_name(Phase p) {
  static const char* names[] = {"sample_noise_d", "sample_data", "forward_d", "loss_d", "update_d",
                                "sample_noise_g", "forward_g",   "loss_g",    "update_g"};
  return names[static_cast<int>(p)];
}

int algorithm_line(Phase p) {
  static const int lines[] = {3, 4, 5, 5, 5, 7, 8, 8, 8};
  return lines[static_cast<int>(p)];
}

Trainer::Trainer(const GanConfig& config) : config_(config) {
  error_ = validate(config);
  if (!error_.empty()) return;
  data_ = make_dataset(config.data, error_);
  if (!data_) return;
  error_ = check_memory(estimate_point_memory(config, data_->dim(), 0));  // before the networks exist
  if (!error_.empty()) return;
  noise_.kind = config.noise;
  noise_.dim = config.noise_dim;

  MlpSpec gs;
  gs.in = config.noise_dim;
  gs.hidden = config.g_hidden;
  gs.out = data_->dim();
  MlpSpec ds;
  ds.in = data_->dim();
  ds.hidden = config.d_hidden;
  ds.out = 1;  // a logit; D(x) = sigmoid(logit) inside the loss
  g_ = Mlp(gs);
  d_ = Mlp(ds);
  Rng init(config.seed, kInitStream);
  g_.init(init);
  d_.init(init);
  opt_d_ = Optimizer(config.opt_d);
  opt_g_ = Optimizer(config.opt_g);
  rng_ = Rng(config.seed, kTrainStream);
}

void Trainer::check_finite(const char* what, double value) {
  if (value - value == 0.0) return;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "training diverged at iteration %lld (%s): %s is %s. Likely cause: a learning rate "
                "too high for this setup (lr_d=%g, lr_g=%g); lower it or use adam.",
                static_cast<long long>(iteration_ + 1), phase_name(phase_), what,
                value != value ? "NaN" : "infinite", static_cast<double>(config_.opt_d.lr),
                static_cast<double>(config_.opt_g.lr));
  error_ = buf;
}

void Trainer::run_phase() {
  const std::size_t m = sz(config_.batch);
  const std::size_t dim = sz(data_->dim());
  Batch& b = batch_;
  switch (phase_) {
    case Phase::SampleNoiseD:
    case Phase::SampleNoiseG:
      ensure_shape(b.z, m, sz(noise_.dim));
      noise_.sample(rng_, static_cast<int>(m), b.z.data());
      b.g_step = phase_ == Phase::SampleNoiseG;
      break;
    case Phase::SampleData:
      ensure_shape(b.x, m, dim);
      data_->sample(rng_, static_cast<int>(m), b.x.data());
      break;
    case Phase::ForwardD: {
      b.g_z = g_.forward(b.z);
      ensure_shape(b.d_input, 2 * m, dim);
      std::memcpy(b.d_input.data(), b.x.data(), sizeof(float) * m * dim);
      std::memcpy(b.d_input.data() + m * dim, b.g_z.data(), sizeof(float) * m * dim);
      b.d_logits = d_.forward(b.d_input);
      ensure_shape(b.d_prob, 2 * m, 1);
      ensure_shape(b.targets, 2 * m, 1);
      for (std::size_t i = 0; i < 2 * m; ++i) {
        b.d_prob.data()[i] = fmath::sigmoid(b.d_logits.data()[i]);
        b.targets.data()[i] = i < m ? 1.0f : 0.0f;
      }
      stats_.d_real = mean_of(b.d_prob, 0, m);
      stats_.d_fake = mean_of(b.d_prob, m, m);
      break;
    }
    case Phase::LossD:
      stats_.loss_d = bce_with_logits(b.d_logits, b.targets, b.loss, b.dlogits);
      stats_.loss_d_real = mean_of(b.loss, 0, m);
      stats_.loss_d_fake = mean_of(b.loss, m, m);
      stats_.has_d = true;
      check_finite("the D loss", stats_.loss_d);
      break;
    case Phase::UpdateD: {
      d_.backward_params(b.dlogits);
      auto params = d_.params();
      opt_d_.step(params);
      for (auto& p : params)
        if (!all_finite(*p.value)) { check_finite("a D weight", 0.0 / 0.0); break; }
      break;
    }
    case Phase::ForwardG:
      b.g_z = g_.forward(b.z);
      b.d_logits = d_.forward(b.g_z);
      ensure_shape(b.d_prob, m, 1);
      for (std::size_t i = 0; i < m; ++i)
        b.d_prob.data()[i] = fmath::sigmoid(b.d_logits.data()[i]);
      stats_.d_fake = mean_of(b.d_prob, 0, m);
      break;
    case Phase::LossG:
      stats_.loss_g = config_.g_loss == GLoss::Minimax ? g_loss_minimax(b.d_logits, b.loss, b.dlogits)
                                                       : g_loss_nonsat(b.d_logits, b.loss, b.dlogits);
      stats_.has_g = true;
      check_finite("the G loss", stats_.loss_g);
      break;
    case Phase::UpdateG: {
      d_.backward(b.dlogits, b.g_grad, false);  // D frozen: no D gradients, no D update
      g_.backward_params(b.g_grad);
      auto params = g_.params();
      opt_g_.step(params);
      for (auto& p : params)
        if (!all_finite(*p.value)) { check_finite("a G weight", 0.0 / 0.0); break; }
      break;
    }
  }
}

bool Trainer::at_step_boundary() const {
  return phase_ == Phase::SampleNoiseD || phase_ == Phase::SampleNoiseG;
}

void Trainer::apply_pending() {
  if (!pending_) return;
  config_ = *pending_;
  pending_.reset();
  opt_d_.config = config_.opt_d;
  opt_g_.config = config_.opt_g;
  if (phase_ == Phase::SampleNoiseD && dstep_ >= config_.k) phase_ = Phase::SampleNoiseG;
}

bool Trainer::step_phase() {
  if (!error_.empty()) return false;
  if (at_step_boundary()) apply_pending();
  run_phase();
  if (!error_.empty()) return false;
  ++phases_done_;
  const StepPosition next = StepPosition{phase_, dstep_, iteration_}.after(config_.k);
  phase_ = next.phase;
  dstep_ = next.dstep;
  iteration_ = next.iteration;
  return true;
}

StepPosition StepPosition::after(int k) const {
  StepPosition n = *this;
  switch (phase) {
    case Phase::UpdateD:  // line 5 done: the next D-step, or line 7
      ++n.dstep;
      n.phase = n.dstep < k ? Phase::SampleNoiseD : Phase::SampleNoiseG;
      break;
    case Phase::UpdateG:  // line 8 done: the iteration is complete
      ++n.iteration;
      n.dstep = 0;
      n.phase = Phase::SampleNoiseD;
      break;
    default:
      n.phase = static_cast<Phase>(static_cast<int>(phase) + 1);
  }
  return n;
}

bool Trainer::step_update() {
  for (;;) {
    const Phase p = phase_;
    if (!step_phase()) return false;
    if (p == Phase::UpdateD || p == Phase::UpdateG) return true;
  }
}

bool Trainer::step_iteration() {
  const std::int64_t target = iteration_ + 1;
  while (iteration_ < target)
    if (!step_phase()) return false;
  return true;
}

bool Trainer::step_iterations(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (!step_iteration()) return false;
  return true;
}

std::string Trainer::retune(const std::string& key, const std::string& value) {
  if (!is_live_setting(key)) return key + " cannot change during a run (it needs a reset)";
  GanConfig c = pending_ ? *pending_ : config_;
  std::string e = apply_setting(c, key, value);
  if (e.empty()) e = check_memory(estimate_point_memory(c, data_dim(), 0));
  if (!e.empty()) return e;
  pending_ = std::make_shared<const GanConfig>(c);
  if (at_step_boundary()) apply_pending();
  return "";
}

void Trainer::generate(const Tensor2& z, Tensor2& out) const {
  Mlp g = g_;
  out = g.forward(z);
}

void Trainer::discriminate(const Tensor2& x, Tensor2& prob) const {
  Mlp d = d_;
  prob = d.forward(x);
  for (auto& v : prob) v = fmath::sigmoid(v);
}

std::uint64_t Trainer::state_hash() const {
  std::uint64_t h = kFnvOffset;
  for (auto& p : const_cast<Mlp&>(g_).params()) fnv1a_mix(h, *p.value);  // read only
  for (auto& p : const_cast<Mlp&>(d_).params()) fnv1a_mix(h, *p.value);
  return h;
}

std::string Trainer::state_hash_hex() const { return hash_hex(state_hash()); }

}  // namespace ganstep
