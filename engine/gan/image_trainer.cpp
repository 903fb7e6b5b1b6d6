#include "engine/gan/image_trainer.h"

#include <cstdio>
#include <cstring>

#include "engine/core/floatmath.h"
#include "engine/gan/dataset.h"
#include "engine/gan/resources.h"
#include "engine/nn/loss.h"

namespace ganstep {
namespace {

constexpr std::uint64_t kInitStream = 1;     // weights
constexpr std::uint64_t kTrainStream = 2;    // noise and minibatches
constexpr std::uint64_t kFixedStream = 3;    // the fixed sample batch
constexpr std::uint64_t kDropoutStream = 1000;  // + 4096 * pass + layer (G: +0, D: +2048)

double mean_of(const Tensor2& t, std::size_t from, std::size_t count) {
  double s = 0;
  for (std::size_t i = 0; i < count; ++i) s += t.data()[from + i];
  return count ? s / static_cast<double>(count) : 0.0;
}

double mean_prob(const Tensor2& logits, std::size_t from, std::size_t count) {
  double s = 0;
  for (std::size_t i = 0; i < count; ++i) s += fmath::sigmoid(logits.data()[from + i]);
  return count ? s / static_cast<double>(count) : 0.0;
}

}  // namespace

ImageTrainer::ImageTrainer(const ImageGanSpec& spec, const GanConfig& config,
                           std::shared_ptr<const LabeledImages> data)
    : spec_(spec), config_(config), data_(std::move(data)) {
  if (!data_ || data_->size() == 0) { error_ = "no images"; return; }
  if (static_cast<std::int64_t>(data_->images.shape()[1]) != spec.shape.size()) {
    error_ = "the images have " + std::to_string(data_->images.shape()[1]) + " values each, the lesson's shape " +
             spec.shape.text() + " has " + std::to_string(spec.shape.size());
    return;
  }
  error_ = check_image_gan(spec, config.noise_dim);
  if (error_.empty())  // before the networks exist
    error_ = check_memory(estimate_image_memory(spec, config, static_cast<std::int64_t>(data_->size())));
  if (!error_.empty()) return;
  Rng init(config.seed, kInitStream);
  error_ = build_network(spec.g, ImageShape{config.noise_dim, 1, 1}, init, g_);
  if (error_.empty()) error_ = build_network(spec.d, spec.shape, init, d_);
  if (!error_.empty()) return;
  opt_d_ = Optimizer(config.opt_d);
  opt_g_ = Optimizer(config.opt_g);
  rng_ = Rng(config.seed, kTrainStream);
  NoisePrior noise{config.noise, config.noise_dim};
  Rng fixed(config.seed, kFixedStream);
  fixed_z_ = Tensor2::from_shape({std::size_t(kFixedSamples), std::size_t(config.noise_dim)});
  noise.sample(fixed, kFixedSamples, fixed_z_.data());
}

void ImageTrainer::check(const char* what, double value) {
  if (value - value == 0.0 || !error_.empty()) return;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "training diverged at iteration %lld: %s is %s. Likely cause: a learning rate too high "
                "(lr_d=%g, lr_g=%g); lower it, or resume from an earlier checkpoint.",
                static_cast<long long>(iteration_ + 1), what, value != value ? "NaN" : "infinite",
                static_cast<double>(config_.opt_d.lr), static_cast<double>(config_.opt_g.lr));
  error_ = buf;
}

void ImageTrainer::check_weights(Sequential& net, const char* what) {
  for (auto& p : net.params())
    if (!all_finite(*p.value)) { check(what, 0.0 / 0.0); return; }
}

void ImageTrainer::sample_real(int m) {
  const std::size_t dim = data_->images.shape()[1];
  ensure_shape(x_, std::size_t(m), dim);
  const std::uint32_t n = static_cast<std::uint32_t>(data_->size());
  for (int i = 0; i < m; ++i) {
    const std::uint32_t k = rng_.below(n);
    std::memcpy(x_.data() + std::size_t(i) * dim, data_->images.data() + std::size_t(k) * dim, sizeof(float) * dim);
  }
}

// Noise for this step; both nets in training mode with fresh dropout streams.
void ImageTrainer::begin_pass() {
  const std::size_t m = std::size_t(config_.batch);
  NoisePrior noise{config_.noise, config_.noise_dim};
  ensure_shape(z_, m, std::size_t(config_.noise_dim));
  noise.sample(rng_, static_cast<int>(m), z_.data());
  g_.set_training(true);
  d_.set_training(true);
  g_.reseed(config_.seed, kDropoutStream + 4096 * std::uint64_t(passes_));
  d_.reseed(config_.seed, kDropoutStream + 4096 * std::uint64_t(passes_) + 2048);
  ++passes_;
}

bool ImageTrainer::step_d() {
  if (!error_.empty()) return false;
  const std::size_t m = std::size_t(config_.batch);
  const std::size_t dim = std::size_t(spec_.shape.size());
  begin_pass();
  sample_real(static_cast<int>(m));
  const Tensor2& g_z = g_.forward(z_);
  ensure_shape(d_input_, 2 * m, dim);
  std::memcpy(d_input_.data(), x_.data(), sizeof(float) * m * dim);
  std::memcpy(d_input_.data() + m * dim, g_z.data(), sizeof(float) * m * dim);
  const Tensor2& logits = d_.forward(d_input_);
  ensure_shape(targets_, 2 * m, 1);
  for (std::size_t i = 0; i < 2 * m; ++i) targets_.data()[i] = i < m ? 1.0f : 0.0f;
  stats_.loss_d = bce_with_logits(logits, targets_, loss_, dlogits_);
  stats_.loss_d_real = mean_of(loss_, 0, m);
  stats_.loss_d_fake = mean_of(loss_, m, m);
  stats_.d_real = mean_prob(logits, 0, m);
  check("the D loss", stats_.loss_d);
  if (!error_.empty()) return false;
  d_.backward_params(dlogits_);
  auto params = d_.params();
  opt_d_.step(params);
  check_weights(d_, "a D weight");
  return error_.empty();
}

bool ImageTrainer::step_g() {
  if (!error_.empty()) return false;
  const std::size_t m = std::size_t(config_.batch);
  begin_pass();
  const Tensor2& g_z = g_.forward(z_);
  const Tensor2& logits = d_.forward(g_z);
  stats_.d_fake = mean_prob(logits, 0, m);
  stats_.loss_g = config_.g_loss == GLoss::Minimax ? g_loss_minimax(logits, loss_, dlogits_)
                                                   : g_loss_nonsat(logits, loss_, dlogits_);
  check("the G loss", stats_.loss_g);
  if (!error_.empty()) return false;
  d_.backward(dlogits_, g_grad_, false);  // D frozen: no D gradients
  g_.backward_params(g_grad_);
  auto params = g_.params();
  opt_g_.step(params);
  check_weights(g_, "a G weight");
  return error_.empty();
}

bool ImageTrainer::step_iteration() {
  for (int i = 0; i < config_.k; ++i)
    if (!step_d()) return false;
  if (!step_g()) return false;
  ++iteration_;
  return true;
}

bool ImageTrainer::step_update(int& dstep) {
  if (dstep < config_.k) {
    if (!step_d()) return false;
    ++dstep;
    return true;
  }
  if (!step_g()) return false;
  ++iteration_;
  dstep = 0;
  return true;
}

bool ImageTrainer::step_iterations(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (!step_iteration()) return false;
  return true;
}

void ImageTrainer::generate(const Tensor2& z, Tensor2& images) {
  Sequential g = g_;
  g.set_training(false);
  images = g.forward(z);
}

void ImageTrainer::discriminate(const Tensor2& images, Tensor2& prob) {
  Sequential d = d_;
  d.set_training(false);
  prob = d.forward(images);
  for (auto& v : prob) v = fmath::sigmoid(v);
}

std::uint64_t ImageTrainer::state_hash() {
  std::uint64_t h = kFnvOffset;
  for (Sequential* net : {&g_, &d_}) {
    for (auto& p : net->params()) fnv1a_mix(h, *p.value);
    for (auto& p : net->buffers()) fnv1a_mix(h, *p.value);
  }
  return h;
}

std::string ImageTrainer::state_hash_hex() { return hash_hex(state_hash()); }

std::vector<NamedTensor> ImageTrainer::state_tensors() {
  std::vector<NamedTensor> out;
  const char* names[] = {"g.", "d."};
  Sequential* nets[] = {&g_, &d_};
  for (int n = 0; n < 2; ++n) {
    for (auto& p : nets[n]->params()) out.push_back({names[n] + p.name, p.value});
    for (auto& p : nets[n]->buffers()) out.push_back({names[n] + p.name, p.value});
  }
  // The optimizers' moments exist after their first step; before it, size them now.
  Optimizer* opts[] = {&opt_g_, &opt_d_};
  for (int n = 0; n < 2; ++n) {
    auto params = nets[n]->params();
    Optimizer& o = *opts[n];
    if (o.m.size() != params.size()) {
      o.m.clear();
      o.v.clear();
      for (auto& p : params) {
        o.m.push_back(xt::zeros<float>(p.value->shape()));
        o.v.push_back(xt::zeros<float>(p.value->shape()));
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      out.push_back({std::string("opt_") + names[n] + params[i].name + ".m", &o.m[i]});
      out.push_back({std::string("opt_") + names[n] + params[i].name + ".v", &o.v[i]});
    }
  }
  return out;
}

ImageTrainer::ScalarState ImageTrainer::scalars() const {
  ScalarState s;
  s.iteration = iteration_;
  s.passes = passes_;
  s.opt_d_t = opt_d_.t;
  s.opt_g_t = opt_g_.t;
  s.opt_d_b1 = opt_d_.beta1_pow;
  s.opt_d_b2 = opt_d_.beta2_pow;
  s.opt_g_b1 = opt_g_.beta1_pow;
  s.opt_g_b2 = opt_g_.beta2_pow;
  s.rng_state = rng_.state;
  s.rng_inc = rng_.inc;
  return s;
}

void ImageTrainer::set_scalars(const ScalarState& s) {
  iteration_ = s.iteration;
  passes_ = s.passes;
  opt_d_.t = s.opt_d_t;
  opt_g_.t = s.opt_g_t;
  opt_d_.beta1_pow = s.opt_d_b1;
  opt_d_.beta2_pow = s.opt_d_b2;
  opt_g_.beta1_pow = s.opt_g_b1;
  opt_g_.beta2_pow = s.opt_g_b2;
  rng_.state = s.rng_state;
  rng_.inc = s.rng_inc;
}

}  // namespace ganstep
