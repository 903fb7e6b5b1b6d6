// The R1 penalty (Mescheder, Geiger and Nowozin 2018; StyleGAN, StyleGAN 2):
// D is penalised for the size of its gradient at real data,
//   R1 = (γ / 2) · (1/m) Σ_i ‖g_i‖²,   g = ∇_x Σ_i f(x_i)   (f: D's logit, x: m real rows)
// so that near the data D stays flat and G's updates do not overshoot.
//   x, g: (m, data_dim)   D: any Sequential ending in one output
//
// R1 depends on θ (D's parameters) through g, so its gradient is second
// order. Instead of a double backward through every kind of layer, it uses
// the identity ∇_θ ‖g‖² = 2 ∇_θ (g · ḡ) with ḡ = g held fixed, and the
// directional derivative g · ḡ as a central difference along ḡ:
//   ∇_θ R1 = (γ/m) Σ_i ∇_θ (g_i · ḡ_i)
//          ≈ (γ / (2 ε m)) [∇_θ Σ_i f(x_i + ε ḡ_i) − ∇_θ Σ_i f(x_i − ε ḡ_i)]
// three first-order passes (one for g, one forward and backward on each
// side), whatever D's layers are. ε = h / rms(ḡ) with h = kR1Step, so the
// perturbed images move by h per pixel (root mean square). For a D made of
// convolutions, dense layers and (leaky) ReLUs, f and ∇_θ f are piecewise
// polynomials in x of degree at most 1 along ḡ's line wherever no unit
// changes sign, so the difference is exact but for rounding and the few
// units whose sign flips within ±h; for smooth layers its error is O(h²).
// tests/engine/test_r1_penalty.cpp compares it with a full finite
// difference of R1 over D's parameters.
//
// Layers that couple rows (batch norm, minibatch standard deviation) make g
// the gradient of the sum over the batch, as StyleGAN computes it
// (autograd.grad(f(x).sum(), x)). Random layers (dropout) must draw the same
// masks in the three passes: before_pass() is called before each (the
// trainer reseeds them there).
#pragma once

#include <functional>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/nn/sequential.h"

namespace ganstep {

constexpr float kR1Step = 1e-3f;  // h: the root-mean-square step per input value

struct R1Work {
  Tensor2 g;                 // (m, data_dim) ∇_x Σ f
  Tensor2 ones;              // (m, 1) the backward's seed, then ± c
  Tensor2 shifted;           // (m, data_dim) x ± ε ḡ
  std::vector<Tensor2> acc;   // per D parameter: the two sides' gradients, summed
  std::vector<Tensor2> loss;  // per D parameter: the gradient it held before (the D loss's)
};

// Returns R1 (γ/2)(1/m) Σ ‖g_i‖² (0 for no rows or γ = 0) and adds
// weight · ∇_θ R1 to every D parameter's gradient (*grad: they must hold the
// D loss's gradient already, e.g. right after backward_params). weight is
// the lazy regularisation's interval (StyleGAN 2: every 16 minibatches, × 16),
// 1 otherwise. Leaves D's forward caches at the last pass's.
double r1_penalty(Sequential& d, const Tensor2& x, float gamma, float weight, R1Work& work,
                  const std::function<void()>& before_pass = nullptr);

// R1 alone, (γ/2)(1/m) Σ ‖∇_x Σ f‖², without touching any gradient but D's
// caches (two passes; for tests and reports). Writes g into work.g.
double r1_value(Sequential& d, const Tensor2& x, float gamma, R1Work& work);

}  // namespace ganstep
