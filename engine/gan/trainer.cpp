#include "engine/gan/trainer.h"
#include "engine/nn/style_generator.h"

#include <cstdio>
#include <cstring>

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"
#include "engine/nn/gradient_penalty.h"
#include "engine/gan/resources.h"
#include "engine/nn/loss.h"
#include "engine/nn/mlp.h"

namespace ganstep {
namespace {

constexpr std::uint64_t kInitStream = 1;        // weights
constexpr std::uint64_t kTrainStream = 2;       // noise and minibatches
constexpr std::uint64_t kFixedStream = 3;       // an image run's fixed sample batch
constexpr std::uint64_t kDropoutStream = 1000;  // + 4096 * pass + layer (G: +0, D: +2048, D's R1 passes: +3072)

// The other objectives are for the point GAN: the gradient penalty's double
// backward is written for MLPs (gradient_penalty.h), and the image panels read
// D's output as a probability.
constexpr const char* kImageGanOnly =
    "objectives other than gan are for 1-D/2-D lessons (the point GAN); an image lesson trains with objective gan";

template <class T>
std::size_t sz(T v) { return static_cast<std::size_t>(v); }

double mean_of(const Tensor2& t, std::size_t from, std::size_t count) {
  double s = 0;
  for (std::size_t i = 0; i < count; ++i) s += t.data()[from + i];
  return count ? s / static_cast<double>(count) : 0.0;
}

// mean_of(t, 0, m) and mean_of(t, m, m) as two interleaved sums (each still
// in row order): one pass, the two chains of additions overlap.
void half_means(const Tensor2& t, std::size_t m, double& first, double& second) {
  double a = 0, b = 0;
  const float* p = t.data();
  for (std::size_t i = 0; i < m; ++i) {
    a += p[i];
    b += p[m + i];
  }
  first = m ? a / static_cast<double>(m) : 0.0;
  second = m ? b / static_cast<double>(m) : 0.0;
}

// An image run's p_data: m rows of the image set drawn uniformly with replacement.
class ImageSet final : public Dataset {
 public:
  explicit ImageSet(std::shared_ptr<const LabeledImages> images, const std::string& spec) : images_(std::move(images)) {
    spec_ = spec;
  }
  int dim() const override { return static_cast<int>(images_->images.shape()[1]); }
  void sample(Rng& rng, int m, float* out) const override {
    const std::size_t dim = images_->images.shape()[1];
    const std::uint32_t n = static_cast<std::uint32_t>(images_->size());
    for (int i = 0; i < m; ++i) {
      const std::uint32_t k = rng.below(n);
      std::memcpy(out + std::size_t(i) * dim, images_->images.data() + std::size_t(k) * dim, sizeof(float) * dim);
    }
  }
  Bounds bounds() const override { return Bounds{{-1, -1}, {1, 1}}; }  // pixels in [-1, 1]

 private:
  std::shared_ptr<const LabeledImages> images_;
};

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
  if (error_.empty() && config.ema_g > 0) error_ = "ema_g: the average of G's weights is for image lessons";
  if (error_.empty() && config.equalized_lr) error_ = "equalized_lr: the equalized learning rate is for image lessons";
  if (!error_.empty()) return;
  data_ = make_dataset(config.data, error_);
  if (!data_) return;
  error_ = check_memory(estimate_point_memory(config, data_->dim(), 0));  // before the networks exist
  if (!error_.empty()) return;
  MlpSpec gs;
  gs.in = config.noise_dim;
  gs.hidden = config.g_hidden;
  gs.out = data_->dim();
  MlpSpec ds;
  ds.in = data_->dim();
  ds.hidden = config.d_hidden;
  ds.out = 1;  // a logit; D(x) = sigmoid(logit) inside the loss
  g_ = build_mlp(gs);
  d_ = build_mlp(ds);
  Rng init(config.seed, kInitStream);
  init_mlp(g_, init);
  init_mlp(d_, init);
  init_training();
}

namespace {
// The spec with the run's style settings in its style layers and
// equalized_lr in every layer (image_spec.h).
ImageGanSpec with_style_settings(ImageGanSpec spec, const GanConfig& c) {
  for (auto* net : {&spec.g, &spec.d})
    for (LayerSpec& l : *net) l.equalized = c.equalized_lr;
  for (LayerSpec& l : spec.g)
    if (l.kind == LayerKind::Style) {
      l.mapping_depth = c.mapping_depth;
      l.mapping_width = c.mapping_width;
      l.mapping_lr = c.mapping_lr;
      l.noise = c.style_noise;
    }
  return spec;
}
}  // namespace

Trainer::Trainer(const ImageGanSpec& spec_in, const GanConfig& config, std::shared_ptr<const LabeledImages> images)
    : config_(config), images_(std::move(images)), spec_(with_style_settings(spec_in, config)) {
  const ImageGanSpec& spec = spec_;
  config_.style_g = has_style_layer(spec);
  config_.image_g = true;
  if (!images_ || images_->size() == 0) { error_ = "no images"; return; }
  if (static_cast<std::int64_t>(images_->images.shape()[1]) != spec.shape.size()) {
    error_ = "the images have " + std::to_string(images_->images.shape()[1]) + " values each, the lesson's shape " +
             spec.shape.text() + " has " + std::to_string(spec.shape.size());
    return;
  }
  error_ = check_image_gan(spec, config.noise_dim);
  if (error_.empty() && config.objective != Objective::Gan) error_ = kImageGanOnly;
  if (error_.empty()) error_ = validate_schedules(config);
  if (error_.empty())  // before the networks exist
    error_ = check_memory(estimate_image_memory(spec, config, static_cast<std::int64_t>(images_->size())));
  if (!error_.empty()) return;
  data_ = std::make_shared<ImageSet>(images_, spec.data);
  Rng init(config.seed, kInitStream);
  error_ = build_network(spec.g, ImageShape{config.noise_dim, 1, 1}, init, g_);
  if (error_.empty()) error_ = build_network(spec.d, spec.shape, init, d_);
  if (!error_.empty()) return;
  g_.share_backward_buffers(d_);  // G's backward pass runs after D's (UpdateG), never during it
  init_training();
  if (has_average()) ema_g_ = g_;
  apply_growth(g_, d_);
  Rng fixed(config.seed, kFixedStream);
  fixed_z_ = Tensor2::from_shape({std::size_t(kFixedSamples), std::size_t(config.noise_dim)});
  noise_.sample(fixed, kFixedSamples, fixed_z_.data());
}

void Trainer::init_training() {
  noise_ = noise_prior(config_);
  opt_d_ = Optimizer(config_.opt_d);
  opt_g_ = Optimizer(config_.opt_g);
  rng_ = Rng(config_.seed, kTrainStream);
  g_.set_math_mode(config_.mode);
  d_.set_math_mode(config_.mode);
}

void Trainer::check_finite(const char* what, double value) {
  if (value - value == 0.0 || !error_.empty()) return;
  const bool d_side = static_cast<int>(phase_) <= static_cast<int>(Phase::UpdateD);
  const OptimizerConfig& o = d_side ? config_.opt_d : config_.opt_g;
  char buf[600];
  std::snprintf(buf, sizeof buf,
                "training diverged at iteration %lld, phase %s (Algorithm 1 line %d): %s is %s. Likely cause: "
                "a learning rate too high for this setup (lr_d=%g, lr_g=%g); lower %s%s%s.",
                static_cast<long long>(iteration_ + 1), phase_name(phase_), algorithm_line(phase_), what,
                value != value ? "NaN" : "infinite", static_cast<double>(config_.opt_d.lr),
                static_cast<double>(config_.opt_g.lr), d_side ? "lr_d" : "lr_g",
                o.kind == OptKind::Sgd ? " or use adam" : "",
                is_image() ? ", or resume from an earlier checkpoint" : "");
  error_ = buf;
}

// Image nets: training mode, and dropout streams that are a function of the
// seed and the pass count (so a resumed run draws what the first one did).
void Trainer::begin_pass() {
  if (!is_image()) return;  // MLPs have neither batch norm nor dropout
  g_.set_training(true);
  d_.set_training(true);
  g_.reseed(config_.seed, kDropoutStream + 4096 * std::uint64_t(passes_));
  d_.reseed(config_.seed, kDropoutStream + 4096 * std::uint64_t(passes_) + 2048);
  ++passes_;
  apply_growth(g_, d_);
}

Growth Trainer::growth() const {
  if (!grows()) return Growth{};
  return growth_at(growth_stages(spec_), config_.grow_stage, config_.grow_fade, iteration_);
}

void Trainer::apply_growth(Sequential& g, Sequential& d) const {
  if (!grows()) return;
  const Growth at = growth();
  g.set_growth(at.stage, at.alpha);
  d.set_growth(at.stage, at.alpha);
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
      begin_pass();
      break;
    case Phase::SampleData:
      ensure_shape(b.x, m, dim);
      data_->sample(rng_, static_cast<int>(m), b.x.data());
      if (config_.objective == Objective::WganGp) {  // and the interpolation weights
        ensure_shape(b.eps, m, 1);
        for (auto& e : b.eps) e = rng_.uniform(0.0f, 1.0f);
      }
      break;
    case Phase::ForwardD: {
      b.g_z = g_.forward(b.z);
      // D's input [x; G(z)] is one contiguous 2m-row buffer, not a view over
      // x and G(z): its first layer (a GEMM or im2col) reads one buffer. x
      // and G(z) stay tensors of their own, which the panels show.
      ensure_shape(b.d_input, 2 * m, dim);
      std::memcpy(b.d_input.data(), b.x.data(), sizeof(float) * m * dim);
      std::memcpy(b.d_input.data() + m * dim, b.g_z.data(), sizeof(float) * m * dim);
      b.d_logits = d_.forward(b.d_input);
      d_scores(b);
      ensure_shape(b.targets, 2 * m, 1);
      {  // 1 (or real_target, one-sided label smoothing) for real, 0 for fake
        const float real = config_.objective == Objective::Gan ? config_.real_target : 1.0f;
        for (std::size_t i = 0; i < 2 * m; ++i) b.targets.data()[i] = i < m ? real : 0.0f;
      }
      half_means(b.d_prob, m, stats_.d_real, stats_.d_fake);
      break;
    }
    case Phase::LossD:
      if (config_.objective == Objective::Gan) {  // mean BCE over the 2m rows
        stats_.loss_d = bce_from_terms(b.d_logits, b.d_softplus, b.d_prob, b.targets, b.loss, b.dlogits);
        half_means(b.loss, m, stats_.loss_d_real, stats_.loss_d_fake);
      } else {
        // lsgan: ½ (f(x) − 1)², ½ f(G(z))²; hinge: relu(1 − f(x)), relu(1 + f(G(z)));
        // wgan-gp: −f(x), f(G(z)), plus the penalty below
        const LossHalves h = config_.objective == Objective::Lsgan   ? lsgan_loss_d(b.d_logits, b.loss, b.dlogits)
                             : config_.objective == Objective::Hinge ? hinge_loss_d(b.d_logits, b.loss, b.dlogits)
                                                                     : wasserstein_loss_d(b.d_logits, b.loss, b.dlogits);
        stats_.loss_d_real = h.real;
        stats_.loss_d_fake = h.fake;
        stats_.loss_gp = 0;
        if (config_.objective == Objective::WganGp) {  // λ E (‖∇f(x̂)‖ − 1)², x̂ = ε x + (1 − ε) G(z)
          ensure_shape(b.x_hat, m, dim);
          for (std::size_t i = 0; i < m; ++i) {
            const float e = b.eps.data()[i];
            for (std::size_t j = 0; j < dim; ++j)
              b.x_hat.data()[i * dim + j] = e * b.x.data()[i * dim + j] + (1.0f - e) * b.g_z.data()[i * dim + j];
          }
          stats_.loss_gp = gradient_penalty(d_, b.x_hat, config_.gp_lambda, b.gp_norm, b.gp_grads);
        }
        stats_.loss_d = stats_.loss_d_real + stats_.loss_d_fake + stats_.loss_gp;
      }
      stats_.has_d = true;
      check_finite("the D loss", stats_.loss_d);
      break;
    case Phase::UpdateD: {
      d_.backward_params(b.dlogits);
      const std::vector<Param>& params = d_.param_list();
      if (config_.objective == Objective::WganGp)  // + d loss_gp / d θ_D
        for (std::size_t i = 0; i < params.size() && i < b.gp_grads.size(); ++i) *params[i].grad += b.gp_grads[i];
      if (config_.r1_gamma > 0 && (iteration_ * config_.k + dstep_) % config_.r1_every == 0) {
        // + r1_every · d R1 / d θ_D; D's random layers draw one set of masks for its three passes
        const std::uint64_t stream = kDropoutStream + 4096 * std::uint64_t(passes_ - 1) + 3072;
        stats_.loss_r1 = r1_penalty(d_, b.x, config_.r1_gamma, float(config_.r1_every), r1_work_,
                                    [&] { if (is_image()) d_.reseed(config_.seed, stream); });
        check_finite("the R1 penalty", stats_.loss_r1);
        if (!error_.empty()) break;
      }
      opt_d_.config.lr = config_.opt_d.lr * lr_decay_factor(config_, iteration_);  // lr_d itself when no decay
      opt_d_.step(params);
      for (const auto& p : params)
        if (!all_finite(*p.value)) { check_finite("a D weight", 0.0 / 0.0); break; }
      break;
    }
    case Phase::ForwardG:
      b.g_z = g_.forward(b.z);
      b.d_logits = d_.forward(b.g_z);
      d_scores(b);
      stats_.d_fake = mean_of(b.d_prob, 0, m);
      break;
    case Phase::LossG:
      switch (config_.objective) {
        case Objective::Gan:  // log(1 − D(G(z))) or −log D(G(z))
          stats_.loss_g = g_loss_from_terms(config_.g_loss == GLoss::Minimax, b.d_logits, b.d_softplus, b.d_prob,
                                            b.loss, b.dlogits);
          break;
        case Objective::Lsgan:  // ½ (f(G(z)) − 1)²
          stats_.loss_g = lsgan_loss_g(b.d_logits, b.loss, b.dlogits);
          break;
        case Objective::WganGp:
        case Objective::Hinge:  // −f(G(z))
          stats_.loss_g = critic_loss_g(b.d_logits, b.loss, b.dlogits);
          break;
      }
      stats_.has_g = true;
      check_finite("the G loss", stats_.loss_g);
      break;
    case Phase::UpdateG: {
      d_.backward(b.dlogits, b.g_grad, false);  // D frozen: no D gradients, no D update
      g_.backward_params(b.g_grad);
      const std::vector<Param>& params = g_.param_list();
      opt_g_.config.lr = config_.opt_g.lr * lr_decay_factor(config_, iteration_);
      opt_g_.step(params);
      for (const auto& p : params)
        if (!all_finite(*p.value)) { check_finite("a G weight", 0.0 / 0.0); break; }
      if (has_average()) update_average();
      break;
    }
  }
}

// Runs in UpdateG, before iteration_ counts the iteration it completes: up to
// update ema_start the average is G; after it θ̄ ← θ̄ + (1 − ema_g)(θ − θ̄),
// one float expression per element (the same bits everywhere).
void Trainer::update_average() {
  const bool copy = iteration_ + 1 <= config_.ema_start;
  const float rate = 1.0f - config_.ema_g;
  std::vector<Param> from = g_.params(), to = ema_g_.params();
  const std::vector<Param> from_buffers = g_.buffers(), to_buffers = ema_g_.buffers();
  from.insert(from.end(), from_buffers.begin(), from_buffers.end());
  to.insert(to.end(), to_buffers.begin(), to_buffers.end());
  for (std::size_t i = 0; i < from.size() && i < to.size(); ++i) {
    const float* p = from[i].value->data();
    float* a = to[i].value->data();
    const std::size_t n = from[i].value->size();
    if (copy) {
      std::memcpy(a, p, sizeof(float) * n);
    } else {
      for (std::size_t j = 0; j < n; ++j) a[j] += rate * (p[j] - a[j]);
    }
  }
}

bool Trainer::at_step_boundary() const {  // the next phase samples noise
  return phase_ == Phase::SampleNoiseD || phase_ == Phase::SampleNoiseG;
}

void Trainer::apply_pending() {
  if (!pending_) return;
  config_ = *pending_;
  pending_.reset();
  opt_d_.config = config_.opt_d;
  opt_g_.config = config_.opt_g;
  g_.set_math_mode(config_.mode);
  d_.set_math_mode(config_.mode);
  if (has_average()) ema_g_.set_math_mode(config_.mode);
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
  if (e.empty() && is_image() && c.objective != Objective::Gan) e = kImageGanOnly;
  if (e.empty())
    e = check_memory(is_image() ? estimate_image_memory(spec_, c, static_cast<std::int64_t>(images_->size()))
                                : estimate_point_memory(c, data_dim(), 0));
  if (!e.empty()) return e;
  pending_ = std::make_shared<const GanConfig>(c);
  if (at_step_boundary()) apply_pending();
  return "";
}

void Trainer::generate(const Tensor2& z, Tensor2& out) const { generate(z, out, config_.psi); }

void Trainer::generate(const Tensor2& z, Tensor2& out, float psi) const {
  Sequential g = sample_net();
  g.set_training(false);
  Sequential none;
  apply_growth(g, none);
  if (StyleGenerator* s = style_generator(g)) {
    s->set_psi(psi);
  } else if (psi != 1.0f) {  // the truncation trick on z itself: toward the prior's mode z came from
    Tensor2 truncated = z;     // 0, or a mixture's nearest centre mu: mu + psi (z - mu)
    const std::size_t rows = z.shape()[0], dim = z.shape()[1];
    for (std::size_t i = 0; i < rows; ++i) {
      const bool centred = dim == std::size_t(noise_.dim) && noise_.centers.size() == std::size_t(noise_.components) * dim;
      const int k = centred ? noise_.nearest_component(&z(i, 0)) : -1;
      const float* mu = k >= 0 ? noise_.centers.data() + std::size_t(k) * dim : nullptr;
      for (std::size_t j = 0; j < dim; ++j)
        truncated(i, j) = mu ? mu[j] + psi * (z(i, j) - mu[j]) : psi * z(i, j);
    }
    out = g.forward(truncated);
    return;
  }
  out = g.forward(z);
}

void Trainer::discriminate(const Tensor2& x, Tensor2& prob) const {
  Sequential d = d_;
  d.set_training(false);
  Sequential none;
  apply_growth(none, d);
  prob = d.forward(x);
  for (auto& v : prob) v = d_output(v);
}

// D(.) for the batch's logits: under gan sigmoid(f), with softplus(f) for the
// loss phase (one exp per logit); a critic's score f itself otherwise.
void Trainer::d_scores(Batch& b) const {
  if (d_outputs_probability(config_.objective)) {
    logit_terms(b.d_logits, b.d_softplus, b.d_prob);
  } else {
    b.d_prob = b.d_logits;
  }
}

float Trainer::d_output(float f) const {
  return d_outputs_probability(config_.objective) ? fmath::sigmoid(f) : f;
}

std::uint64_t Trainer::state_hash() const {
  std::uint64_t h = kFnvOffset;
  // Then the average of G once it has started moving (before that it is G).
  const bool average = has_average() && iteration_ > config_.ema_start;
  for (const Sequential* net : {&g_, &d_, average ? &ema_g_ : nullptr}) {
    if (!net) continue;
    Sequential& n = const_cast<Sequential&>(*net);  // read only
    for (auto& p : n.params()) fnv1a_mix(h, *p.value);
    for (auto& p : n.buffers()) fnv1a_mix(h, *p.value);
  }
  return h;
}

std::string Trainer::state_hash_hex() const { return hash_hex(state_hash()); }

// ---- checkpoint state

std::vector<NamedTensor> Trainer::state_tensors() {
  std::vector<NamedTensor> out;
  const char* names[] = {"g.", "d."};
  Sequential* nets[] = {&g_, &d_};
  for (int n = 0; n < 2; ++n) {
    for (auto& p : nets[n]->params()) out.push_back({names[n] + p.name, p.value});
    for (auto& p : nets[n]->buffers()) out.push_back({names[n] + p.name, p.value});
  }
  if (has_average()) {
    for (auto& p : ema_g_.params()) out.push_back({"ema_g." + p.name, p.value});
    for (auto& p : ema_g_.buffers()) out.push_back({"ema_g." + p.name, p.value});
  }
  Optimizer* opts[] = {&opt_g_, &opt_d_};
  for (int n = 0; n < 2; ++n) {
    const auto params = nets[n]->params();
    Optimizer& o = *opts[n];
    o.size_state(params);  // before the first step too
    for (std::size_t i = 0; i < params.size(); ++i) {
      out.push_back({std::string("opt_") + names[n] + params[i].name + ".m", &o.m[i]});
      out.push_back({std::string("opt_") + names[n] + params[i].name + ".v", &o.v[i]});
    }
  }
  return out;
}

// Each scalar of the state with its place in ScalarState, in one list for
// both directions: op(field of s, field of the trainer).
template <class T, class S, class Op>
void Trainer::each_scalar(T& t, S& s, Op op) {
  op(s.iteration, t.iteration_);
  op(s.passes, t.passes_);
  op(s.opt_d_t, t.opt_d_.t);
  op(s.opt_g_t, t.opt_g_.t);
  op(s.opt_d_b1, t.opt_d_.beta1_pow);
  op(s.opt_d_b2, t.opt_d_.beta2_pow);
  op(s.opt_g_b1, t.opt_g_.beta1_pow);
  op(s.opt_g_b2, t.opt_g_.beta2_pow);
  op(s.rng_state, t.rng_.state);
  op(s.rng_inc, t.rng_.inc);
}

Trainer::ScalarState Trainer::scalars() const {
  ScalarState s;
  each_scalar(*this, s, [](auto& out, const auto& field) { out = field; });
  return s;
}

void Trainer::set_scalars(const ScalarState& s) {
  each_scalar(*this, s, [](const auto& in, auto& field) { field = in; });
  phase_ = Phase::SampleNoiseD;
  dstep_ = 0;
  phases_done_ = iteration_ * phases_per_iteration(config_.k);
}

void Trainer::set_progress(int dstep, std::int64_t phases_done, const StepStats& stats) {
  dstep_ = dstep;
  phase_ = dstep < config_.k ? Phase::SampleNoiseD : Phase::SampleNoiseG;
  phases_done_ = phases_done;
  stats_ = stats;
}

}  // namespace ganstep
