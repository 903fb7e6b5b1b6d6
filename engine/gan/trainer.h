// The Algorithm 1 step machine (Goodfellow et al. 2014), as explicit phases
// the player can stop between:
//
//   for number of training iterations do                       line 1
//     for k steps do                                           line 2
//       SampleNoiseD  sample m noise samples z ~ p_z           line 3
//       SampleData    sample m examples x ~ p_data             line 4
//       ForwardD      G(z), D(x), D(G(z))                      line 5
//       LossD         per-sample log loss, mean                line 5
//       UpdateD       backward, ascend D's objective           line 5
//     end for                                                  line 6
//     SampleNoiseG    sample m noise samples z ~ p_z           line 7
//     ForwardG        G(z), D(G(z)) with D frozen              line 8
//     LossG           minimax log(1-D(G(z))) or -log D(G(z))   line 8
//     UpdateG         backward through D into G, descend       line 8
//   end for                                                    line 9
//
// D's loss is the mean binary cross-entropy over the 2m rows of its minibatch
// (m real with target 1, then m fake with target 0): exactly the negative mean
// of the course's log-loss table. loss_d_real and loss_d_fake are the means
// over each half, so loss_d = (loss_d_real + loss_d_fake) / 2 and the paper's
// value V(D, G) = -(loss_d_real + loss_d_fake) = -2 loss_d (-log 4 at the
// equilibrium, where D = 1/2 everywhere).
//
// A Trainer is a value: copying it is an exact snapshot, at any phase.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/gan/config.h"
#include "engine/gan/dataset.h"
#include "engine/nn/mlp.h"
#include "engine/optim/optimizer.h"

namespace ganstep {

enum class Phase : int {
  SampleNoiseD, SampleData, ForwardD, LossD, UpdateD,
  SampleNoiseG, ForwardG, LossG, UpdateG
};
constexpr int kPhaseCount = 9;
const char* phase_name(Phase p);
// The line of Algorithm 1 (as numbered above) that a phase runs.
int algorithm_line(Phase p);

// Where the step machine stands: the phase that runs next, the D-steps done
// in this iteration, the iterations done. after(k) is where it stands once
// that phase has run (k D-steps per iteration).
struct StepPosition {
  Phase phase = Phase::SampleNoiseD;
  int dstep = 0;
  std::int64_t iteration = 0;
  StepPosition after(int k) const;
};

// The current minibatch. m = batch; rows of the D-step tensors are (m real, then m fake).
struct Batch {
  Tensor2 z;          // (m, noise_dim)  noise of the current step
  Tensor2 x;          // (m, data_dim)   real samples (D-step)
  Tensor2 g_z;        // (m, data_dim)   G(z)
  Tensor2 d_input;    // (2m, data_dim)  D-step: [x; G(z)]
  Tensor2 targets;    // (2m, 1)         1 for real, 0 for fake
  Tensor2 d_logits;   // (2m, 1) in a D-step, (m, 1) in a G-step
  Tensor2 d_prob;     // same rows: D(.) = sigmoid(logit)
  Tensor2 loss;       // same rows: per-sample loss
  Tensor2 dlogits;    // gradient of the mean loss w.r.t. each logit
  Tensor2 g_grad;     // (m, data_dim)   G-step: d loss_g / d G(z), the push on each fake sample
  bool g_step = false;  // true when the tensors hold a G-step
};

struct StepStats {
  double loss_d = 0, loss_d_real = 0, loss_d_fake = 0;
  double loss_g = 0;
  double d_real = 0;  // mean D(x) over the last D minibatch
  double d_fake = 0;  // mean D(G(z)) over the last minibatch (D- or G-step)
  bool has_d = false, has_g = false;
};

class Trainer {
 public:
  // Builds the nets and data set; on a bad config, ok() is false and error() says why.
  explicit Trainer(const GanConfig& config);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Each returns false (and does nothing) once the run has diverged or failed.
  bool step_phase();
  // Runs to the end of the next optimizer update (a D-step, or the G-step).
  bool step_update();
  // Runs to the end of the current iteration (the next G update).
  bool step_iteration();
  bool step_iterations(std::int64_t n);

  Phase phase() const { return phase_; }      // the phase that runs next
  int dstep() const { return dstep_; }        // D-steps done in this iteration, 0..k
  std::int64_t iteration() const { return iteration_; }  // completed iterations
  std::int64_t phases_done() const { return phases_done_; }
  const Batch& batch() const { return batch_; }
  const StepStats& stats() const { return stats_; }
  const GanConfig& config() const { return config_; }
  // The config with a retune that waits for the next step boundary applied.
  const GanConfig& next_config() const { return pending_ ? *pending_ : config_; }
  const Dataset& dataset() const { return *data_; }
  int data_dim() const { return data_->dim(); }

  // Changes a hyperparameter mid-run (learning rates, k, batch, G loss, momentum, betas).
  // It takes effect at the next step boundary (before noise is sampled), so a
  // minibatch never mixes two settings. Architecture, data and noise changes
  // need a new Trainer. Returns "" or an error.
  std::string retune(const std::string& key, const std::string& value);

  // G(z) for given noise rows (m, noise_dim), without touching the run's state.
  void generate(const Tensor2& z, Tensor2& out) const;
  // D's probability for given points (n, data_dim), without touching the run's state.
  void discriminate(const Tensor2& x, Tensor2& prob) const;

  // FNV-1a 64 over every parameter's bytes (G then D, in layer order).
  std::uint64_t state_hash() const;
  std::string state_hash_hex() const;

  Mlp& generator() { return g_; }
  Mlp& discriminator() { return d_; }

 private:
  void run_phase();
  bool at_step_boundary() const;
  void apply_pending();
  void check_finite(const char* what, double value);

  GanConfig config_;
  std::shared_ptr<const Dataset> data_;
  NoisePrior noise_;
  Mlp g_, d_;
  Optimizer opt_d_, opt_g_;
  Rng rng_;
  Phase phase_ = Phase::SampleNoiseD;
  int dstep_ = 0;
  std::int64_t iteration_ = 0;
  std::int64_t phases_done_ = 0;
  Batch batch_;
  StepStats stats_;
  std::string error_;
  std::shared_ptr<const GanConfig> pending_;  // a retune waiting for the step boundary
};

}  // namespace ganstep
