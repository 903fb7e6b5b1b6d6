#include "engine/gan/latent_search.h"

#include <algorithm>
#include <cmath>

namespace ganstep {

std::string check_latent_config(const LatentSearchConfig& c) {
  if (!(c.lr > 0.0f && c.lr <= 10.0f)) return "lr must be in (0, 10]";
  if (!(c.pixel_weight >= 0.0f && c.pixel_weight <= 1000.0f)) return "pixel_weight must be in [0, 1000]";
  if (!(c.feature_weight >= 0.0f && c.feature_weight <= 1000.0f)) return "feature_weight must be in [0, 1000]";
  if (c.pixel_weight == 0.0f && c.feature_weight == 0.0f) return "pixel_weight and feature_weight are both 0: nothing to find";
  if (c.starts < 1 || c.starts > 16) return "starts must be 1..16";
  return "";
}

LatentSearch::LatentSearch(LatentNets nets, const LatentSearchConfig& config)
    : nets_(std::move(nets)), config_(config) {
  error_ = check_latent_config(config_);
  if (!error_.empty()) return;
  if (nets_.prior.dim < 1) {
    error_ = "the generator has no noise input";
    return;
  }
  if (config_.feature_weight > 0.0f && !nets_.f) {
    error_ = "feature_weight > 0 needs the quality classifier";
    return;
  }
  nets_.g.set_training(false);
  Tensor2 probe = Tensor2::from_shape({std::size_t(1), std::size_t(nets_.prior.dim)});
  probe.fill(0.0f);
  const Tensor2& y = nets_.g.forward(probe);
  if (y.shape()[1] != std::size_t(kPixels)) {
    error_ = "the generator draws " + std::to_string(y.shape()[1]) + " values, not a 28x28 image";
    return;
  }
  target_ = Tensor2::from_shape({std::size_t(1), std::size_t(kPixels)});
  target_.fill(-1.0f);
  set_target(target_);
}

std::size_t LatentSearch::code_rows() const {
  return per_row_ ? target_.shape()[0] : std::size_t(config_.starts);
}

void LatentSearch::draw_codes() {
  const std::size_t rows = code_rows(), dim = std::size_t(nets_.prior.dim);
  state_.z = Tensor2::from_shape({rows, dim});
  Rng rng(config_.seed, kStartStream + std::uint64_t(state_.restart));
  nets_.prior.sample(rng, static_cast<int>(rows), state_.z.data());
  state_.z_grad = xt::zeros<float>({rows, dim});
  state_.opt = Optimizer(OptimizerConfig{OptKind::Adam, config_.lr, 0.0f, 0.9f, 0.999f, 1e-8f});
  state_.updates = 0;
  state_.loss = loss_at(state_.z, nullptr);
}

void LatentSearch::set_target(const Tensor2& x) { assign_targets(x, false); }

void LatentSearch::set_targets(const Tensor2& x) { assign_targets(x, true); }

void LatentSearch::assign_targets(const Tensor2& x, bool per_row) {
  per_row_ = per_row;
  target_ = x;
  forward_fresh_ = false;
  if (nets_.f) {
    nets_.f->forward(target_);
    target_feat_ = nets_.f->features();
  }
  state_.restart = 0;
  draw_codes();
}

void LatentSearch::start_from(const Tensor2& z) {
  draw_codes();
  const std::size_t n = std::min(z.size(), state_.z.size());
  std::copy_n(z.data(), n, state_.z.data());
  state_.loss = loss_at(state_.z, nullptr);
}

void LatentSearch::restart() {
  ++state_.restart;
  draw_codes();
}

std::string LatentSearch::set_config(const LatentSearchConfig& c) {
  std::string e = check_latent_config(c);
  if (e.empty() && c.feature_weight > 0.0f && !nets_.f) e = "feature_weight > 0 needs the quality classifier";
  if (!e.empty()) return e;
  const bool fresh = c.starts != config_.starts || c.seed != config_.seed;
  config_ = c;
  forward_fresh_ = false;  // the loss's weights may have changed
  state_.opt.config.lr = c.lr;
  if (fresh) {
    state_.restart = 0;
    draw_codes();
  } else {
    state_.loss = loss_at(state_.z, nullptr);
  }
  return "";
}

void LatentSearch::generate(const Tensor2& z, Tensor2& out) {
  forward_fresh_ = false;  // G's caches are this pass's now
  out = nets_.g.forward(z);
}

LatentLoss LatentSearch::loss_at(const Tensor2& z, Tensor2* grad) {
  LatentLoss out = forward_loss(z);
  if (grad) backward_loss(*grad, false);
  return out;
}

LatentLoss LatentSearch::forward_loss(const Tensor2& z) {
  const std::size_t rows = z.shape()[0];
  const std::size_t P = std::size_t(kPixels);
  gz_ = nets_.g.forward(z);
  LatentLoss out;
  out.total.assign(rows, 0.0);
  out.pixel.assign(rows, 0.0);
  out.feature.assign(rows, 0.0);
  ensure_shape(dgz_, rows, P);
  const float* g = gz_.data();
  const float* x = target_.data();
  float* d = dgz_.data();
  const float pw = config_.pixel_weight, fw = config_.feature_weight;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t t = per_row_ ? r : 0;  // the row's target
    double acc = 0;
    for (std::size_t i = 0; i < P; ++i) {
      const float e = g[r * P + i] - x[t * P + i];
      acc += double(e) * e;
      d[r * P + i] = 2.0f * pw * e / float(P);
    }
    out.pixel[r] = acc / double(P);
  }
  if (fw > 0.0f && nets_.f) {
    nets_.f->forward(gz_);
    const Tensor2& h = nets_.f->features();
    const std::size_t H = h.shape()[1];
    ensure_shape(dfeat_, rows, H);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::size_t t = per_row_ ? r : 0;
      double acc = 0;
      for (std::size_t j = 0; j < H; ++j) {
        const float e = h(r, j) - target_feat_(t, j);
        acc += double(e) * e;
        dfeat_(r, j) = 2.0f * fw * e / float(H);
      }
      out.feature[r] = acc / double(H);
    }
  }
  for (std::size_t r = 0; r < rows; ++r) out.total[r] = double(pw) * out.pixel[r] + double(fw) * out.feature[r];
  forward_z_ = z;
  forward_fresh_ = true;
  return out;
}

void LatentSearch::backward_loss(Tensor2& grad, bool refresh_features) {
  if (config_.feature_weight > 0.0f && nets_.f) {
    // The classifier is shared (the run scores with it too): after another
    // call its caches are not this pass's, so its forward pass runs again.
    if (refresh_features) nets_.f->forward(gz_);
    nets_.f->input_gradient(dfeat_, dx_);
    const float* a = dx_.data();
    float* d = dgz_.data();
    for (std::size_t i = 0; i < dgz_.size(); ++i) d[i] += a[i];
  }
  nets_.g.backward(dgz_, grad, false);  // the classifier's pass kept its own caches
  forward_fresh_ = false;               // dgz_ now holds the features' part too
}

void LatentSearch::step() {
  // The last pass (the loss reported after the previous update) ran at these
  // very codes: its buffers and the nets' caches are this update's forward pass.
  const bool fresh = forward_fresh_ && forward_z_.shape() == state_.z.shape() &&
                     std::equal(state_.z.begin(), state_.z.end(), forward_z_.begin());
  if (!fresh) forward_loss(state_.z);
  backward_loss(state_.z_grad, fresh);
  std::vector<Param> params{{&state_.z, &state_.z_grad, "z"}};
  state_.opt.step(params);
  ++state_.updates;
  state_.loss = loss_at(state_.z, nullptr);
}

int LatentSearch::best_row() const {
  const auto& t = state_.loss.total;
  return t.empty() ? 0 : static_cast<int>(std::min_element(t.begin(), t.end()) - t.begin());
}

double LatentSearch::best_loss() const {
  const auto& t = state_.loss.total;
  return t.empty() ? 0.0 : t[std::size_t(best_row())];
}

std::string LatentSearch::state_hash_hex() const {
  std::uint64_t h = kFnvOffset;
  fnv1a_mix(h, state_.z);
  return hash_hex(h);
}

}  // namespace ganstep
