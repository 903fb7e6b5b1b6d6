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
// The objective (config.h, Objective) picks D's and G's losses; the phases
// stay the same. D's raw output is f; "D(.)" below is sigmoid(f) under gan
// and f itself (a critic score, not a probability) under the others.
//   objective  LossD (line 5, D descends)                          LossG (line 8, G descends)
//   gan        mean BCE over the 2m rows (above)                   log(1 − D(G(z))) or −log D(G(z))
//   wgan-gp    E f(G(z)) − E f(x) + λ E (‖∇f(x̂)‖ − 1)²              −E f(G(z))
//              x̂ = ε x + (1 − ε) G(z), ε ~ U(0, 1) per row (drawn in SampleData, line 4)
//   lsgan      ½ E (f(x) − 1)² + ½ E f(G(z))²                       ½ E (f(G(z)) − 1)²
//   hinge      E relu(1 − f(x)) + E relu(1 + f(G(z)))              −E f(G(z))
// For these three loss_d = loss_d_real + loss_d_fake (+ loss_gp), each the
// mean over its m rows, as the papers write them. WGAN-GP's penalty is
// computed in LossD (engine/nn/gradient_penalty.h, a double backward through
// D) and its gradient added to D's in UpdateD. WGAN-GP's paper uses Adam
// with β1 = 0, β2 = 0.9 and k = 5 (n_critic) D-steps per G-step.
// With r1_gamma > 0 (config.h; any objective) UpdateD also adds the gradient
// of the R1 penalty (γ/2) E ‖∇_x f(x)‖² on the step's real rows before the
// optimizer steps, on every r1_every-th D-step (engine/nn/r1_penalty.h: three
// more passes of D on the m real rows; they reuse D after its backward).
//
// One Trainer runs every GAN lesson: G and D are Sequential nets, and only
// three small pieces depend on the kind of run:
//   where x comes from   a point run's Dataset (1-D/2-D, analytic or csv:);
//                        an image run's LabeledImages, m rows drawn uniformly
//                        with replacement (image_dataset(), trainer.cpp)
//   layer modes          image nets may hold batch norm and dropout: before each
//                        forward pass (SampleNoise*) both nets go to training
//                        mode and dropout is reseeded from the seed and a count
//                        of passes (begin_pass()); point MLPs have neither
//   the nets             MLPs from config's g_hidden/d_hidden, or the image
//                        spec's layer lists (build_network, image_net.cpp)
//   growth               a growing image GAN (ProGAN, engine/nn/growing.h): before
//                        each forward pass both nets are put at the resolution
//                        stage and fade-in α of the iteration (growth(), from
//                        config's grow_stage and grow_fade); the phases do not change
//   averaging            with ema_g > 0 an image run also keeps an exponential
//                        moving average of G's weights (config.h), updated after
//                        each G update (update_average()); samples come from it
//   schedule             lr_decay_start/lr_decay_end scale both learning rates
//                        in UpdateD and UpdateG by lr_decay_factor(iterations done);
//                        real_target is D's target for real rows (label smoothing)
// Divergence: a loss that is not finite (LossD, LossG) or a weight that is not
// finite after an update stops the run with a message naming the iteration,
// the phase and its line of Algorithm 1.
//
// Determinism: weights from Rng(seed, 1), noise and minibatches from
// Rng(seed, 2), an image run's fixed noise batch from Rng(seed, 3).
//
// A Trainer is a value: copying it is an exact snapshot, at any phase.
//   x, G(z): (m, data_dim), image rows NCHW (m, C*H*W) in [-1, 1]   z: (m, noise_dim)
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <vector>

#include "engine/gan/classifier.h"  // LabeledImages
#include "engine/gan/config.h"
#include "engine/gan/dataset.h"
#include "engine/gan/image_spec.h"
#include "engine/nn/growing.h"  // Growth
#include "engine/nn/r1_penalty.h"
#include "engine/nn/sequential.h"
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
// Phases of one iteration with k D-steps: 5 per D-step, 4 for the G-step.
inline std::int64_t phases_per_iteration(int k) { return 5 * std::int64_t(k) + 4; }

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
  Tensor2 d_logits;   // (2m, 1) in a D-step, (m, 1) in a G-step: D's raw output f
  Tensor2 d_prob;     // same rows: D(.), sigmoid(f) under gan, f under the other objectives
  Tensor2 d_softplus; // same rows under gan: softplus(f), taken with D(.) for the loss phase
  Tensor2 loss;       // same rows: per-sample loss
  Tensor2 dlogits;    // gradient of the mean loss w.r.t. each logit
  Tensor2 g_grad;     // (m, data_dim)   G-step: d loss_g / d G(z), the push on each fake sample
  // wgan-gp D-steps only:
  Tensor2 eps;        // (m, 1)          ε ~ U(0, 1), one per row
  Tensor2 x_hat;      // (m, data_dim)   x̂ = ε x + (1 − ε) G(z)
  Tensor2 gp_norm;    // (m, 1)          ‖∇_x f(x̂)‖
  std::vector<Tensor2> gp_grads;  // d loss_gp / d θ_D, one per D parameter
  bool g_step = false;  // true when the tensors hold a G-step
};

struct StepStats {
  double loss_d = 0, loss_d_real = 0, loss_d_fake = 0;
  double loss_g = 0;
  double loss_gp = 0;  // wgan-gp: λ E (‖∇f(x̂)‖ − 1)², part of loss_d
  double loss_r1 = 0;  // r1_gamma > 0: (γ/2) E ‖∇f(x)‖² at its last D-step (not part of loss_d)
  double d_real = 0;  // mean D(x) over the last D minibatch
  double d_fake = 0;  // mean D(G(z)) over the last minibatch (D- or G-step)
  bool has_d = false, has_g = false;
};

// A tensor of the model state, named for checkpoints.
struct NamedTensor {
  std::string name;
  Tensor2* value;
};

class Trainer {
 public:
  static constexpr int kFixedSamples = 64;  // rows of an image run's fixed noise batch

  // A point run: MLPs and data set from the config. On a bad config, ok() is
  // false and error() says why.
  explicit Trainer(const GanConfig& config);
  // An image run: the spec's networks on `images` (N, C*H*W).
  Trainer(const ImageGanSpec& spec, const GanConfig& config, std::shared_ptr<const LabeledImages> images);

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
  StepPosition position() const { return {phase_, dstep_, iteration_}; }
  // Between two optimizer updates (or at the start): the next phase samples noise.
  bool at_step_boundary() const;
  const Batch& batch() const { return batch_; }
  const StepStats& stats() const { return stats_; }
  const GanConfig& config() const { return config_; }
  // The config with a retune that waits for the next step boundary applied.
  const GanConfig& next_config() const { return pending_ ? *pending_ : config_; }
  const Dataset& dataset() const { return *data_; }
  int data_dim() const { return data_->dim(); }

  // Image runs only: the spec, the images, the fixed noise batch (kFixedSamples, noise_dim).
  bool is_image() const { return images_ != nullptr; }
  const ImageGanSpec& spec() const { return spec_; }
  const LabeledImages& images() const { return *images_; }
  const Tensor2& fixed_noise() const { return fixed_z_; }
  // A growing image GAN's stage and α at the current iteration (the next
  // forward pass's; generate() draws with it); {0, 1} for the others.
  bool grows() const { return is_image() && growth_stages(spec_) > 1; }
  Growth growth() const;

  // Changes a hyperparameter mid-run (learning rates, k, batch, G loss, momentum, betas).
  // It takes effect at the next step boundary (before noise is sampled), so a
  // minibatch never mixes two settings. Architecture, data and noise changes
  // need a new Trainer. Returns "" or an error.
  std::string retune(const std::string& key, const std::string& value);

  // G(z) for given noise rows (m, noise_dim) and D(.) (d_output) for given
  // rows (n, data_dim), in inference mode (batch norm's running statistics, no
  // dropout), without touching the run's state.
  void generate(const Tensor2& z, Tensor2& out) const;
  // The same with truncation psi (a style-based G: w = w_mean + psi (w - w_mean); any other G: z pulled
  // toward its prior's mode, 0 or a mixture's nearest centre mu: mu + psi (z - mu)); the first uses the config's psi.
  void generate(const Tensor2& z, Tensor2& out, float psi) const;
  void discriminate(const Tensor2& x, Tensor2& prob) const;
  // D(.) from D's raw output f: sigmoid(f) under gan, f (a critic score) otherwise.
  float d_output(float f) const;
  void d_scores(Batch& b) const;  // b.d_prob (and b.d_softplus under gan) from b.d_logits

  // FNV-1a 64 over every parameter's and buffer's bytes (G then D, in layer
  // order; then the average of G once it differs from G, after ema_start).
  std::uint64_t state_hash() const;
  std::string state_hash_hex() const;

  // Every tensor of the state, in a fixed order: G and D parameters and
  // buffers, the average of G (ema_g > 0), then the optimizers' state. The scalars (iteration, optimizer
  // step counts, minibatch generator, pass counter) go in ScalarState.
  // Checkpoints (image_checkpoint.h) hold both, taken at iteration starts.
  std::vector<NamedTensor> state_tensors();
  struct ScalarState {
    std::int64_t iteration = 0, passes = 0;
    std::int64_t opt_d_t = 0, opt_g_t = 0;
    double opt_d_b1 = 1, opt_d_b2 = 1, opt_g_b1 = 1, opt_g_b2 = 1;
    std::uint64_t rng_state = 0, rng_inc = 0;
  };
  ScalarState scalars() const;
  // Sets the scalars and puts the step machine at that iteration's start
  // (phases_done counted as if every iteration had today's k).
  void set_scalars(const ScalarState& s);
  // What a checkpoint leaves out, for a restore between two updates: where
  // in the iteration, the phase count and the last statistics.
  void set_progress(int dstep, std::int64_t phases_done, const StepStats& stats);

  Sequential& generator() { return g_; }
  const Sequential& generator_net() const { return g_; }
  // The G samples are drawn from: the average of G's weights when the run
  // keeps one (config ema_g > 0), else G itself. generate() draws from it, and
  // so should anything that uses the trained G (inversion, starting models).
  bool has_average() const { return config_.ema_g > 0 && is_image(); }
  const Sequential& sample_net() const { return has_average() ? ema_g_ : g_; }
  Sequential& discriminator() { return d_; }

 private:
  void init_training();  // optimizers, minibatch stream; after the nets exist
  void run_phase();
  void begin_pass();
  void apply_growth(Sequential& g, Sequential& d) const;  // growth() into the nets
  void apply_pending();
  void update_average();  // after G's update: ema_g_ follows G (config ema_g, ema_start)
  void check_finite(const char* what, double value);
  template <class T, class S, class Op>
  static void each_scalar(T& t, S& s, Op op);

  GanConfig config_;
  std::shared_ptr<const Dataset> data_;
  std::shared_ptr<const LabeledImages> images_;  // image runs
  ImageGanSpec spec_;                            // image runs
  Tensor2 fixed_z_;                              // image runs: (kFixedSamples, noise_dim)
  NoisePrior noise_;
  Sequential g_, d_;
  Sequential ema_g_;  // image runs with ema_g > 0: the moving average of G (its parameters and buffers)
  Optimizer opt_d_, opt_g_;
  Rng rng_;
  Phase phase_ = Phase::SampleNoiseD;
  int dstep_ = 0;
  std::int64_t iteration_ = 0;
  std::int64_t phases_done_ = 0;
  std::int64_t passes_ = 0;  // image runs: forward passes so far (the dropout streams)
  Batch batch_;
  R1Work r1_work_;  // the R1 penalty's scratch (r1_gamma > 0)
  StepStats stats_;
  std::string error_;
  std::shared_ptr<const GanConfig> pending_;  // a retune waiting for the step boundary
};

}  // namespace ganstep
