#include "engine/gan/latent_encoder.h"

namespace ganstep {
namespace {

MlpSpec encoder_spec(const EncoderConfig& c, int noise_dim) {
  MlpSpec s;
  s.in = 784;
  s.hidden = {{c.hidden, Act::ReLU}, {c.hidden, Act::ReLU}};
  s.out = noise_dim;
  s.out_act = Act::None;
  return s;
}

}  // namespace

std::string describe(const EncoderConfig& c) {
  return "encoder mlp 784-" + std::to_string(c.hidden) + "-" + std::to_string(c.hidden) + "-z relu, steps " +
         std::to_string(c.steps) + ", batch " + std::to_string(c.batch) + ", adam lr " + std::to_string(c.lr) +
         ", recon_weight " + std::to_string(c.recon_weight) + ", seed " + std::to_string(c.seed);
}

LatentEncoder::LatentEncoder(const EncoderConfig& c, NoisePrior prior)
    : config_(c), prior_(std::move(prior)), net_(encoder_spec(c, prior_.dim)) {
  Rng init(c.seed, kInitStream);
  net_.init(init);
}

void LatentEncoder::encode(const Tensor2& x, Tensor2& z_hat) { z_hat = net_.forward(x); }

double LatentEncoder::train_step(Sequential& g, Rng& codes, Optimizer& opt) {
  const std::size_t B = std::size_t(config_.batch), Z = std::size_t(prior_.dim), P = 784;
  ensure_shape(z_, B, Z);
  prior_.sample(codes, static_cast<int>(B), z_.data());
  x_ = g.forward(z_);
  z_hat_ = net_.forward(x_);
  const Tensor2& gx = g.forward(z_hat_);
  ensure_shape(dz_hat_, B, Z);
  ensure_shape(dgx_, B, P);
  const float rw = config_.recon_weight;
  double loss = 0;
  for (std::size_t b = 0; b < B; ++b) {
    double lz = 0, lx = 0;
    for (std::size_t j = 0; j < Z; ++j) {
      const float e = z_hat_(b, j) - z_(b, j);
      lz += double(e) * e;
      dz_hat_(b, j) = 2.0f * e / float(Z * B);
    }
    for (std::size_t i = 0; i < P; ++i) {
      const float e = gx(b, i) - x_(b, i);
      lx += double(e) * e;
      dgx_(b, i) = 2.0f * rw * e / float(P * B);
    }
    loss += lz / double(Z) + double(rw) * lx / double(P);
  }
  g.backward(dgx_, dz_from_g_, false);
  const float* a = dz_from_g_.data();
  float* d = dz_hat_.data();
  for (std::size_t i = 0; i < dz_hat_.size(); ++i) d[i] += a[i];
  net_.backward_params(dz_hat_);
  opt.step(net_.params());
  return loss / double(B);
}

void train_encoder(LatentEncoder& e, Sequential& g, const std::function<void(int, double)>& progress) {
  const EncoderConfig& c = e.config();
  g.set_training(false);
  Rng codes(c.seed, LatentEncoder::kCodeStream);
  Optimizer opt(OptimizerConfig{OptKind::Adam, c.lr, 0.0f, 0.9f, 0.999f, 1e-8f});
  double window = 0;
  for (int s = 1; s <= c.steps; ++s) {
    window += e.train_step(g, codes, opt);
    if (s % 50 == 0) {
      if (progress) progress(s, window / 50.0);
      window = 0;
    }
  }
}

}  // namespace ganstep
