#include "engine/gan/style_views.h"

#include <cstring>

#include "engine/gan/trainer.h"

namespace ganstep {

Sequential style_net(const Trainer& t, float psi) {
  Sequential g = t.sample_net();
  g.set_training(false);
  StyleGenerator* s = style_generator(g);
  if (!s) return Sequential();
  s->set_psi(psi);
  return g;
}

void style_map(Sequential& g, const Tensor2& z, Tensor2& w) { style_generator(g)->map(z, w); }

void style_synthesize(Sequential& g, const std::array<const Tensor2*, StyleGenerator::kLevels>& w, Tensor2& images) {
  Tensor2 a, b;
  style_generator(g)->synthesize(w, a);
  for (std::size_t i = 1; i < g.size(); ++i) {
    g.layer(i).forward(a, b);
    std::swap(a, b);
  }
  images = std::move(a);
}

void style_mixing_grid(Sequential& g, const Tensor2& z_a, const Tensor2& z_b, unsigned from_b, Tensor2& images) {
  Tensor2 wa, wb;
  style_map(g, z_a, wa);
  style_map(g, z_b, wb);
  const std::size_t na = wa.shape()[0], nb = wb.shape()[0], d = wa.shape()[1];
  // every (i, j) pair as rows: A's w repeated along a row, B's along a column
  Tensor2 ra = Tensor2::from_shape({na * nb, d}), rb = Tensor2::from_shape({na * nb, d});
  for (std::size_t i = 0; i < na; ++i)
    for (std::size_t j = 0; j < nb; ++j) {
      std::memcpy(ra.data() + (i * nb + j) * d, wa.data() + i * d, sizeof(float) * d);
      std::memcpy(rb.data() + (i * nb + j) * d, wb.data() + j * d, sizeof(float) * d);
    }
  std::array<const Tensor2*, StyleGenerator::kLevels> w;
  for (int l = 0; l < StyleGenerator::kLevels; ++l) w[l] = (from_b >> l) & 1u ? &rb : &ra;
  style_synthesize(g, w, images);
}

}  // namespace ganstep
