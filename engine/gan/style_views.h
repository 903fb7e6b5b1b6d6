// A style-based G (engine/nn/style_generator.h) seen from outside the
// trainer: codes z -> w, images from one w per level (style mixing), in
// inference mode. The net is a copy of G (a "style" layer first, then the
// lesson's other layers, e.g. tanh), so the run's state is never touched.
//   z: (n, noise_dim)   w: (n, w_dim)   images: (n, C*H*W)
#pragma once

#include <array>
#include <cstdint>

#include "engine/nn/sequential.h"
#include "engine/nn/style_generator.h"

namespace ganstep {

class Trainer;

// The run's G in inference mode with truncation psi, or an empty net when
// G is not style-based (style_generator() of it is then nullptr).
Sequential style_net(const Trainer& t, float psi);

// w = truncation(mapping(z)) (psi as the net's).
void style_map(Sequential& g, const Tensor2& z, Tensor2& w);
// The images of one w per level (coarse 7x7, middle 14x14, fine 28x28),
// through the layers after the style layer.
void style_synthesize(Sequential& g, const std::array<const Tensor2*, StyleGenerator::kLevels>& w, Tensor2& images);

// Style mixing: a grid of na x nb images, row i, column j (row-major) drawn
// with the styles of code a_i at every level except those in from_b (bit l:
// level l), which come from code b_j.
constexpr unsigned kMixCoarse = 1, kMixMiddle = 2, kMixFine = 4;
void style_mixing_grid(Sequential& g, const Tensor2& z_a, const Tensor2& z_b, unsigned from_b, Tensor2& images);

}  // namespace ganstep
