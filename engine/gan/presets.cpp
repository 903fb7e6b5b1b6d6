#include "engine/gan/presets.h"

#include <sstream>

namespace ganstep {
namespace {

// A preset is the default config with settings applied through the one key
// table (config_keys()), written as `key=value` words.
Preset preset(const char* id, const char* summary, const char* settings) {
  Preset p{id, summary, {}};
  std::istringstream words(settings);
  std::string kv;
  while (words >> kv) {
    const std::string e = apply_setting(p.config, kv);
    if (!e.empty()) throw std::logic_error(std::string("preset ") + id + ": " + e);  // a typo in this file
  }
  return p;
}

std::vector<Preset> build() {
  return {
      preset("gauss-1d", "1-D Gaussian data N(4, 0.5), uniform 1-D noise: the paper's Figure 1",
             "data=gaussian(4,0.5) noise=uniform noise_dim=1 g_hidden=32:leaky_relu "
             "d_hidden=32:leaky_relu,32:leaky_relu opt_d=sgd lr_d=0.05 momentum_d=0.5 opt_g=sgd lr_g=0.05 "
             "momentum_g=0.5 k=1 batch=64 g_loss=nonsat seed=1"),
      preset("ring-2d", "2-D ring of 8 Gaussians, Gaussian 2-D noise",
             "data=ring8 noise=gaussian noise_dim=2 g_hidden=64:relu,64:relu d_hidden=64:relu,64:relu "
             "opt_d=adam lr_d=0.001 beta1_d=0.5 beta2_d=0.999 opt_g=adam lr_g=0.001 beta1_g=0.5 beta2_g=0.999 "
             "k=1 batch=128 g_loss=nonsat seed=1"),
      preset("tiny-2d", "the benchmark: one hidden layer of 14 ReLU units each, batch 256, SGD",
             "data=ring8 noise=gaussian noise_dim=2 g_hidden=14:relu d_hidden=14:relu opt_d=sgd lr_d=0.05 "
             "momentum_d=0 opt_g=sgd lr_g=0.05 momentum_g=0 k=1 batch=256 seed=1"),
  };
}

}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = build();
  return all;
}

const Preset* find_preset(const std::string& id) {
  for (const auto& p : presets())
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace ganstep
