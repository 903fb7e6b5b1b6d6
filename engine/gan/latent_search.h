// Finding the latent code of a given image (inverting G): gradient descent on
// z through the frozen generator,
//   L(z) = pixel_weight   * mean_i (G(z)_i - x_i)^2                (784 pixels)
//        + feature_weight * mean_j (f(G(z))_j - f(x)_j)^2          (f: the quality
//                                      classifier's hidden features, classifier.h)
// one Adam update of z per step. G runs in inference mode (batch norm's
// running statistics), so each row of z is inverted on its own: `starts` rows
// are random restarts run side by side, and the best row is the answer.
//   x: (1, 784) in [-1, 1]    z: (starts, noise_dim)    G(z): (starts, 784)
// The gradient w.r.t. z is the nets' own backward (Sequential::backward with
// param_grads = false gives d input; Classifier::input_gradient the same for
// the classifier), checked against finite differences in
// tests/engine/test_latent_search.cpp.
// Determinism: the start codes come from Rng(seed, kStartStream + restart),
// standard normal (lesson 8's prior).
// Many images at once (set_targets: x is (B, 784)): row r of z finds row r of
// x, one code per image (starts is unused), as independent as B searches
// (engine/gan/detect.h scores many digits this way).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/gan/classifier.h"
#include "engine/gan/dataset.h"  // NoisePrior
#include "engine/nn/sequential.h"
#include "engine/optim/optimizer.h"

namespace ganstep {

struct LatentSearchConfig {
  float lr = 0.05f;            // Adam's learning rate on z
  float pixel_weight = 1.0f;
  float feature_weight = 0.1f; // 0: pixels only
  int starts = 1;              // codes optimised side by side (random restarts), 1..16
  std::uint64_t seed = 1;
};
// "" or what is wrong with the settings.
std::string check_latent_config(const LatentSearchConfig& c);

// The loss at z and its parts, per row.
struct LatentLoss {
  std::vector<double> total, pixel, feature;  // (starts)
};

// The frozen nets an inversion runs through. Their caches change with each
// pass, so a search owns them (copies are cheap next to a training run).
struct LatentNets {
  Sequential g;                  // noise_dim -> 784, inference mode
  std::shared_ptr<Classifier> f; // may be null when feature_weight is 0
  NoisePrior prior;              // the codes' p_z (prior.dim: a code's length); random starts are drawn from it
};

// The search's state: small, a value (snapshots copy it).
struct LatentState {
  Tensor2 z;            // (starts, noise_dim)
  Tensor2 z_grad;       // (starts, noise_dim) dL/dz of the last update
  Optimizer opt;        // Adam over z
  std::int64_t updates = 0;
  int restart = 0;      // how many times the codes were drawn again
  LatentLoss loss;      // at z
};

class LatentSearch {
 public:
  static constexpr std::uint64_t kStartStream = 0x7a57;  // "zs"
  static constexpr int kPixels = 784;

  // nets.g must map (B, noise_dim) to (B, 784). On a bad config or nets, error() says why.
  LatentSearch(LatentNets nets, const LatentSearchConfig& config);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // The image to find: (1, 784) in [-1, 1]. Starts over from fresh codes
  // (or from `start`, (starts, noise_dim), e.g. an encoder's guess).
  void set_target(const Tensor2& x);
  // B images (B, 784), one code each (row r of z finds row r of x); fresh codes.
  void set_targets(const Tensor2& x);
  void start_from(const Tensor2& z);
  // New random codes (restart + 1), Adam's moments cleared.
  void restart();
  // One Adam update of every row of z; then the loss at the new z.
  void step();
  // G(z) of the last loss (the codes as they are now, after step()).
  const Tensor2& reconstruction() const { return gz_; }

  // L(z) and, when grad, dL/dz (rows independent: each row's loss is its own).
  LatentLoss loss_at(const Tensor2& z, Tensor2* grad);
  // G(z) in inference mode.
  void generate(const Tensor2& z, Tensor2& out);

  const LatentSearchConfig& config() const { return config_; }
  // Settings that keep the codes (lr, weights) take effect at the next step;
  // starts or seed start over. "" or an error (nothing changed).
  std::string set_config(const LatentSearchConfig& c);
  const Tensor2& target() const { return target_; }
  const LatentState& state() const { return state_; }
  void set_state(const LatentState& s) {
    state_ = s;
    forward_fresh_ = false;
  }
  int best_row() const;  // the row of lowest total loss (the last update's)
  double best_loss() const;
  LatentNets& nets() {
    forward_fresh_ = false;  // the caller may run them
    return nets_;
  }

  std::string state_hash_hex() const;  // FNV-1a 64 over z

 private:
  void draw_codes();
  // loss_at's two halves: the forward pass (G(z), the loss, d loss / d G(z))
  // and the backward pass through the nets' caches of that forward pass
  // (refresh_features: the classifier's forward pass again first).
  LatentLoss forward_loss(const Tensor2& z);
  void backward_loss(Tensor2& grad, bool refresh_features);
  void assign_targets(const Tensor2& x, bool per_row);
  std::size_t code_rows() const;  // starts, or one per target (set_targets)
  LatentNets nets_;
  bool per_row_ = false;  // set_targets: a target per row
  LatentSearchConfig config_;
  Tensor2 target_;       // (1, 784), or (B, 784) after set_targets
  Tensor2 target_feat_;  // (1, h2), or (B, h2)
  LatentState state_;
  Tensor2 gz_, dgz_, dfeat_, dx_, feats_;
  // The codes of the last forward pass, and whether its buffers and G's
  // caches are still that pass's: step() then starts at its backward pass (a
  // third less work per update; the same bits).
  Tensor2 forward_z_;
  bool forward_fresh_ = false;
  std::string error_;
};

}  // namespace ganstep
