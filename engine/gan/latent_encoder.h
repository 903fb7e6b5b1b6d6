// An encoder E: image -> code, the "further step" of finding a latent code:
// its guess E(x) is where the search (latent_search.h) starts. E learns from
// G's own samples, whose codes are known:
//   z ~ p_z (G's own prior: N(0, I) or a mixture),  x = G(z),  z_hat = E(x)
//   L = mean_rows( |z_hat - z|^2 / noise_dim + recon_weight |G(z_hat) - x|^2 / 784 )
// the second term back through the frozen G (inference mode) into z_hat.
//   E: Linear 784 -> hidden, ReLU, Linear hidden -> hidden, ReLU, Linear hidden -> noise_dim
//   x: (B, 784) in [-1, 1]    z, z_hat: (B, noise_dim)
// Adam; weights from Rng(seed, kInitStream), codes from Rng(seed, kCodeStream).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/gan/dataset.h"  // NoisePrior
#include "engine/nn/mlp.h"
#include "engine/nn/sequential.h"
#include "engine/optim/optimizer.h"

namespace ganstep {

struct EncoderConfig {
  int hidden = 256;
  int steps = 400;
  int batch = 64;
  float lr = 1e-3f;
  float recon_weight = 1.0f;
  std::uint64_t seed = 1;
};
// One line naming every setting: part of the cache key.
std::string describe(const EncoderConfig& c);

class LatentEncoder {
 public:
  static constexpr std::uint64_t kInitStream = 0x656e63;  // "enc"
  static constexpr std::uint64_t kCodeStream = 0x656e637a;

  LatentEncoder(const EncoderConfig& c, NoisePrior prior);
  // z_hat (B, noise_dim) for images (B, 784).
  void encode(const Tensor2& x, Tensor2& z_hat);
  // One Adam step on a batch of G's samples (g in inference mode); the batch's mean loss.
  double train_step(Sequential& g, Rng& codes, Optimizer& opt);

  std::vector<Param> params() { return net_.params(); }
  const EncoderConfig& config() const { return config_; }
  int noise_dim() const { return prior_.dim; }

 private:
  EncoderConfig config_;
  NoisePrior prior_;  // the codes G is trained on: E learns G's own p_z
  Mlp net_;
  Tensor2 z_, x_, z_hat_, dz_hat_, dgx_, dz_from_g_;
};

// Trains a fresh encoder on g's samples (config.steps steps);
// progress(step, mean loss of the last 50 steps) every 50 steps.
void train_encoder(LatentEncoder& e, Sequential& g, const std::function<void(int, double)>& progress = nullptr);

}  // namespace ganstep
