// Everything that names a GAN run, and the one table of keys that reads,
// validates and writes it (used by --set, lessons and share links).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/math_mode.h"
#include "engine/core/text.h"  // did_you_mean, for code that includes only this header
#include "engine/gan/dataset.h"
#include "engine/nn/mlp.h"
#include "engine/optim/optimizer.h"

namespace ganstep {

enum class GLoss { Minimax, NonSaturating };
const char* gloss_name(GLoss g);
bool parse_gloss(const std::string& s, GLoss& out);

// The game D and G play (engine/gan/trainer.h has each one's losses):
//   gan      Goodfellow et al. 2014: D outputs a probability, log losses (G's by g_loss)
//   wgan-gp  Gulrajani et al. 2017: D is a critic (a raw score), Wasserstein
//            losses plus a gradient penalty of weight gp_lambda
//   lsgan    Mao et al. 2017: least squares, D's raw score pulled to 1 on data, 0 on fakes
//   hinge    Lim & Ye 2017 / Miyato et al. 2018: hinge losses on D's raw score
enum class Objective { Gan, WganGp, Lsgan, Hinge };
const char* objective_name(Objective o);
bool parse_objective(const std::string& s, Objective& out);
// D's output is a probability (sigmoid of the logit) only under gan; the
// others read the raw output (a critic score).
inline bool d_outputs_probability(Objective o) { return o == Objective::Gan; }

struct GanConfig {
  std::string data = "gaussian(4,0.5)";
  NoiseKind noise = NoiseKind::Uniform;
  int noise_components = 0;  // noise mixture(K): K
  int noise_dim = 1;
  std::vector<HiddenLayer> g_hidden = {{16, Act::ReLU}};
  std::vector<HiddenLayer> d_hidden = {{16, Act::ReLU}};
  OptimizerConfig opt_d;
  OptimizerConfig opt_g;
  int k = 1;
  int batch = 64;
  GLoss g_loss = GLoss::NonSaturating;
  Objective objective = Objective::Gan;
  float gp_lambda = 10.0f;  // wgan-gp: the gradient penalty's weight
  // The R1 penalty on real data (engine/nn/r1_penalty.h), (r1_gamma / 2) E ‖∇_x f(x)‖²,
  // added to D's update every r1_every-th D-step (lazy, StyleGAN 2), weighted
  // by r1_every there. r1_gamma = 0: off.
  float r1_gamma = 0.0f;
  int r1_every = 1;
  // Equalized learning rate (ProGAN, StyleGAN; engine/nn/equalized.h): image
  // nets' dense and convolution weights stored N(0, 1) and scaled at run time
  // by He's constant sqrt(2 / fan_in), the style G's mapping, affine and
  // modulated weights too.
  bool equalized_lr = false;
  // A growing image GAN (engine/nn/growing.h): iterations per resolution (0:
  // full size from iteration 0) and how many of them fade the new block in.
  int grow_stage = 0;
  int grow_fade = 0;
  std::uint64_t seed = 1;
  MathMode mode = MathMode::Exact;  // exact or fast arithmetic (engine/core/math_mode.h)
  // A style-based G (an image lesson's "style(C)" layer, engine/nn/style_generator.h):
  int mapping_depth = 4;    // the mapping network's layers
  int mapping_width = 64;   // its width, the dimension of w
  float mapping_lr = 1.0f;  // its learning-rate multiplier (StyleGAN: 0.01)
  bool style_noise = true;  // per-pixel noise inputs
  float psi = 1.0f;         // truncation when drawing samples (not in training): w or, without a style G, z
  // An exponential moving average of G's weights (Karras et al. 2018, kept by
  // StyleGAN), image runs only: after iteration ema_start, every G update also
  // moves the average θ̄ ← θ̄ + (1 − ema_g)(θ − θ̄) (batch norm's running
  // statistics too); before it θ̄ = θ. Samples, metrics and the models other
  // lessons start from are drawn from θ̄. ema_g = 0: off (G itself is drawn).
  float ema_g = 0.0f;
  int ema_start = 0;
  // A learning-rate schedule for the end of a run: the updates of iteration
  // t (t iterations done before it) use lr × f(t), f = 1 for t < lr_decay_start,
  // then (lr_decay_end − t) / (lr_decay_end − lr_decay_start), falling linearly
  // to 0 at lr_decay_end and staying there. lr_decay_end = 0: off (f = 1).
  // Both nets, both optimizers; the student's lr_d and lr_g are what it scales.
  int lr_decay_start = 0;
  int lr_decay_end = 0;
  // One-sided label smoothing (Salimans et al. 2016): D's target for its real
  // rows under objective gan (fakes stay 0). 1: none.
  float real_target = 1.0f;
  bool image_g = false;     // not a key: an image run (its keys apply; set by the trainer)
  bool style_g = false;     // not a key: the run's G is style-based (its keys apply; set by the trainer)
};

// p_z as the config names it (noise, noise_dim, noise_components).
NoisePrior noise_prior(const GanConfig& c);

// How a setting is edited: the settings panel's widget for it.
enum class KeyType { Text, Int, Real, Choice, Layers, Data, Seed };

// A value a Choice key accepts, and how the panel shows it (language-neutral).
struct KeyChoice {
  const char* value;
  const char* label;
};

// One row of the key table: everything about a setting, read by the CLI's
// help, the lesson checker, the share links, checkpoints and the player's
// settings panel (which draws every row from it).
struct ConfigKey {
  const char* key = "";
  const char* help = "";  // one line, English: CLI help, messages
  // Parses text into the config; returns "" or an error message.
  std::function<std::string(GanConfig&, const std::string&)> set;
  std::function<std::string(const GanConfig&)> get;
  // May change during a run (the player's settings, a beat's set, --resume):
  // learning rates, momenta, betas, k, batch, G's loss, the objective and
  // its penalty weight. The others (data,
  // networks, noise, optimizers, seed) need a fresh run.
  bool live = false;
  // A numeric key's range (its parser's, and what the settings panel offers);
  // lo == hi for the others.
  double lo = 0, hi = 0;

  // How people see it.
  KeyType type = KeyType::Text;
  const char* label = "";     // the panel's row label (English)
  const char* label_pt = "";  // ... in Brazilian Portuguese
  const char* help_pt = "";   // help in Brazilian Portuguese (the panel's tooltip)
  const char* unit = "";      // what the number counts ("" when nothing)
  std::vector<KeyChoice> choices;  // Choice: the accepted values, in the panel's order
  double step = 1;                 // Int: the +/- step; Real: the drag speed
  bool log_scale = false;          // Real: a logarithmic drag
  // 'D' or 'G' for one of a pair the panel shows side by side (lr_d, lr_g:
  // same label, the G row found by the _g suffix); 0 for the others.
  char net = 0;
  // False when the setting has no effect under this config (momentum with
  // Adam): the panel greys it out. Null: always applies.
  std::function<bool(const GanConfig&)> applies;
  // Hidden (not greyed out) where applies() is false: keys of one kind of lesson only.
  bool hide_unless_applies = false;
  // Data keys: specs the panel offers in a list (any spec may be typed).
  std::vector<const char*> presets;
};

const std::vector<ConfigKey>& config_keys();
// The row of a key, or nullptr.
const ConfigKey* config_key(const std::string& key);
// The key is in config_keys() and live.
bool is_live_setting(const std::string& key);
// Applies "key=value"; returns "" or a message (with "did you mean" for typos).
std::string apply_setting(GanConfig& c, const std::string& key_equals_value);
std::string apply_setting(GanConfig& c, const std::string& key, const std::string& value);
// "key: help (unit) [live]", one line of the CLI's help.
std::string describe_key(const ConfigKey& k);
// Checks cross-field rules (e.g. the data set exists). "" when valid.
std::string validate(const GanConfig& c);
// The cross-field rules of the schedules (grow_fade within grow_stage,
// lr_decay_end after lr_decay_start), which image runs check too. "" when valid.
std::string validate_schedules(const GanConfig& c);
// f(t) of the learning-rate decay (GanConfig::lr_decay_start): 1 before it or when off.
float lr_decay_factor(const GanConfig& c, std::int64_t iterations_done);

}  // namespace ganstep
