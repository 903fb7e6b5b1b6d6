#include "engine/nn/mapping.h"

#include "engine/core/detmath.h"
#include "engine/nn/equalized.h"
#include "engine/nn/linear.h"

namespace ganstep {

MappingNet::MappingNet(int z_dim, int depth, int width) : z_dim_(z_dim), depth_(depth), width_(width) {
  MlpSpec s;
  s.in = z_dim;
  s.hidden.assign(static_cast<std::size_t>(depth - 1), HiddenLayer{width, Act::LeakyReLU});
  s.out = width;
  s.out_act = Act::LeakyReLU;
  s.leaky_slope = 0.2f;
  net_ = build_mlp(s);
}

void MappingNet::init(Rng& rng) {
  for (std::size_t i = 0; i < net_.size(); ++i)
    if (auto* lin = dynamic_cast<Linear*>(&net_.layer(i))) {
      const float bound = static_cast<float>(det_sqrt(6.0 / (1.04 * lin->in())));
      for (auto& v : lin->W) v = rng.uniform(-bound, bound);
      lin->b.fill(0.0f);
    }
}

void MappingNet::equalize(Rng& rng) {
  Sequential eq;
  for (std::size_t i = 0; i < net_.size(); ++i) {
    auto* lin = dynamic_cast<Linear*>(&net_.layer(i));
    if (!lin) {
      eq.add(net_.layer(i).clone());
      continue;
    }
    auto e = std::make_unique<Equalized<Linear>>(lin->in(), lin->out());
    e->b.fill(0.0f);
    e->init_equalized(rng, lin->in(), kHeGain);
    eq.add(std::move(e));
  }
  net_ = std::move(eq);
}

std::vector<Param> MappingNet::params() {
  std::vector<Param> out = net_.params();
  for (Param& p : out) p.lr_scale = lr_scale;
  return out;
}

std::string MappingNet::describe() const {
  return "Mapping(z " + std::to_string(z_dim_) + " -> w " + std::to_string(width_) + ", " + std::to_string(depth_) +
         " x [Linear, LeakyReLU(0.2)])";
}

}  // namespace ganstep
