#include "engine/gan/presets.h"

namespace ganstep {
namespace {

std::vector<Preset> build() {
  std::vector<Preset> all;
  {
    Preset p{"gauss-1d", "1-D Gaussian data N(4, 0.5), uniform 1-D noise: the paper's Figure 1", {}};
    GanConfig& c = p.config;
    c.data = "gaussian(4,0.5)";
    c.noise = NoiseKind::Uniform;
    c.noise_dim = 1;
    c.g_hidden = {{32, Act::LeakyReLU}};
    c.d_hidden = {{32, Act::LeakyReLU}, {32, Act::LeakyReLU}};
    c.opt_d = {OptKind::Sgd, 0.05f, 0.5f};
    c.opt_g = {OptKind::Sgd, 0.05f, 0.5f};
    c.k = 1;
    c.batch = 64;
    c.g_loss = GLoss::NonSaturating;
    c.seed = 1;
    all.push_back(p);
  }
  {
    Preset p{"ring-2d", "2-D ring of 8 Gaussians, Gaussian 2-D noise", {}};
    GanConfig& c = p.config;
    c.data = "ring8";
    c.noise = NoiseKind::Gaussian;
    c.noise_dim = 2;
    c.g_hidden = {{64, Act::ReLU}, {64, Act::ReLU}};
    c.d_hidden = {{64, Act::ReLU}, {64, Act::ReLU}};
    c.opt_d = {OptKind::Adam, 1e-3f, 0.0f, 0.5f, 0.999f};
    c.opt_g = {OptKind::Adam, 1e-3f, 0.0f, 0.5f, 0.999f};
    c.k = 1;
    c.batch = 128;
    c.g_loss = GLoss::NonSaturating;
    c.seed = 1;
    all.push_back(p);
  }
  {
    Preset p{"tiny-2d", "the benchmark: one hidden layer of 14 ReLU units each, batch 256, SGD", {}};
    GanConfig& c = p.config;
    c.data = "ring8";
    c.noise = NoiseKind::Gaussian;
    c.noise_dim = 2;
    c.g_hidden = {{14, Act::ReLU}};
    c.d_hidden = {{14, Act::ReLU}};
    c.opt_d = {OptKind::Sgd, 0.05f, 0.0f};
    c.opt_g = {OptKind::Sgd, 0.05f, 0.0f};
    c.k = 1;
    c.batch = 256;
    c.seed = 1;
    all.push_back(p);
  }
  return all;
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
