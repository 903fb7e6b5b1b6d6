// Algorithm 1 on images: an image GAN (image_spec.h) trained a whole D-step or
// G-step at a time, for full-speed native training (ganstep run) and the
// image lessons.
//
//   D-step (k per iteration)  z ~ p_z (m rows); x: m real images drawn uniformly
//                             with replacement; G(z) in training mode; D on the
//                             2m rows [x; G(z)]; loss_d = mean BCE-with-logits
//                             (targets 1 then 0); D's gradients; Adam/SGD on D.
//                             (A batch norm in D normalises the 2m mixed rows,
//                             while the G-step shows it m fake rows: DCGANs
//                             built this way, like the TensorFlow tutorial's,
//                             keep batch norm out of D.)
//   G-step                    z ~ p_z; G(z); D(G(z)) (D in training mode, its
//                             weights frozen); loss_g = non-saturating
//                             -log D(G(z)) (or the minimax log(1 - D(G(z))));
//                             gradients through D into G; update G.
//
// Determinism: weights from Rng(seed, 1), minibatches from Rng(seed, 2), the
// fixed noise batch from Rng(seed, 3); layers that draw random numbers
// (Dropout) are reseeded before every forward pass from the seed and a counter
// of passes, so the whole state is the networks, the optimizers, the minibatch
// generator and that counter: exactly what a checkpoint holds.
//   images: (N, C*H*W) in [-1, 1]   z: (m, noise_dim)
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/gan/classifier.h"  // LabeledImages
#include "engine/gan/config.h"
#include "engine/gan/image_spec.h"
#include "engine/nn/sequential.h"
#include "engine/optim/optimizer.h"

namespace ganstep {

struct ImageStats {
  double loss_d = 0, loss_d_real = 0, loss_d_fake = 0;
  double loss_g = 0;
  double d_real = 0;  // mean D(x) over the last D minibatch
  double d_fake = 0;  // mean D(G(z)) over the last G minibatch
};

// Model state for checkpoints: names and shapes of every saved tensor.
struct NamedTensor {
  std::string name;
  Tensor2* value;
};

class ImageTrainer {
 public:
  static constexpr int kFixedSamples = 64;  // rows of the fixed noise batch

  // Builds the networks; on a bad spec, ok() is false and error() says why.
  ImageTrainer(const ImageGanSpec& spec, const GanConfig& config, std::shared_ptr<const LabeledImages> data);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Each returns false (and does nothing) once the run has diverged.
  bool step_d();
  bool step_g();
  bool step_iteration();  // k D-steps, then one G-step
  // The next update of the current iteration: a D-step while dstep < k, else
  // the G-step, which completes the iteration (dstep back to 0).
  bool step_update(int& dstep);
  bool step_iterations(std::int64_t n);

  std::int64_t iteration() const { return iteration_; }
  const ImageStats& stats() const { return stats_; }
  // The statistics are not part of a checkpoint: a snapshot that wants them restores them.
  void set_stats(const ImageStats& s) { stats_ = s; }
  const GanConfig& config() const { return config_; }
  const ImageGanSpec& spec() const { return spec_; }
  const LabeledImages& data() const { return *data_; }

  // G(z) in inference mode (batch norm's running statistics, no dropout),
  // without changing the run's state. images: (rows of z, C*H*W).
  void generate(const Tensor2& z, Tensor2& images);
  // D's probability for images in inference mode.
  void discriminate(const Tensor2& images, Tensor2& prob);
  // The fixed noise batch (kFixedSamples, noise_dim), the same for a seed.
  const Tensor2& fixed_noise() const { return fixed_z_; }

  // FNV-1a 64 over the bytes of every parameter and buffer, G then D.
  std::uint64_t state_hash();
  std::string state_hash_hex();

  // Every tensor of the state, in a fixed order: G and D parameters and
  // buffers, then the optimizers' moments. The scalars (iteration, optimizer
  // step counts, minibatch generator, pass counter) go in ScalarState.
  std::vector<NamedTensor> state_tensors();
  struct ScalarState {
    std::int64_t iteration = 0, passes = 0;
    std::int64_t opt_d_t = 0, opt_g_t = 0;
    double opt_d_b1 = 1, opt_d_b2 = 1, opt_g_b1 = 1, opt_g_b2 = 1;
    std::uint64_t rng_state = 0, rng_inc = 0;
  };
  ScalarState scalars() const;
  void set_scalars(const ScalarState& s);

  Sequential& generator() { return g_; }
  Sequential& discriminator() { return d_; }

 private:
  void begin_pass();
  void sample_real(int m);
  void check(const char* what, double value);
  void check_weights(Sequential& net, const char* what);

  ImageGanSpec spec_;
  GanConfig config_;
  std::shared_ptr<const LabeledImages> data_;
  Sequential g_, d_;
  Optimizer opt_d_, opt_g_;
  Rng rng_;
  std::int64_t iteration_ = 0;
  std::int64_t passes_ = 0;  // forward passes so far: the dropout streams
  ImageStats stats_;
  std::string error_;
  Tensor2 fixed_z_;
  // scratch
  Tensor2 z_, x_, d_input_, targets_, loss_, dlogits_, g_grad_, unused_;
};

// Builds a network from its spec (image_net.cpp); "" or an error.
std::string build_network(const std::vector<LayerSpec>& layers, ImageShape in, Rng& init, Sequential& out);

}  // namespace ganstep
