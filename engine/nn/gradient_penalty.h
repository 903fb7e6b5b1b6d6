// WGAN-GP's gradient penalty (Gulrajani et al. 2017) for an MLP critic f: a
// Sequential of Linear layers, each followed by at most one elementwise
// activation (ReLU, LeakyReLU, Tanh, Sigmoid), ending in one output.
//   x_hat: (m, in)   norms: (m, 1)   grads[j]: shaped like d.params()[j]
//
//   P = λ · mean_i (‖∇_x f(x̂_i)‖ − 1)²
//
// P depends on D's parameters θ through ∇_x f, so dP/dθ is a double
// backward: the backward pass that gives ∇_x f is itself differentiated.
// With u_l = h_{l−1} W_l + b_l, h_l = σ_l(u_l) (h_0 = x̂, l = 1..n, σ_n the
// identity for a critic), the input gradient is the backward recursion
//   e_n = 1,   s_l = e_l ⊙ σ_l'(u_l),   e_{l−1} = s_l W_lᵀ,   ∇_x f = e_0.
// Its adjoints (ā = dP/da), from ē_0 = (2λ/m) (‖e_0‖ − 1) e_0 / ‖e_0‖ up:
//   s̄_l = ē_{l−1} W_l           W̄_l += ē_{l−1}ᵀ s_l        (through e_{l−1} = s_l W_lᵀ)
//   ē_l = s̄_l ⊙ σ_l'(u_l)       ū_l  = s̄_l ⊙ e_l ⊙ σ_l''(u_l)   (through s_l)
// then ū_l flows back through the forward pass as in an ordinary backward:
//   ũ_l = ū_l + h̄_l ⊙ σ_l'(u_l) (h̄_n = 0)   W̄_l += h_{l−1}ᵀ ũ_l   b̄_l += Σ_rows ũ_l   h̄_{l−1} = ũ_l W_lᵀ
// (b_l enters only the forward pass; σ'' is 0 for ReLU and LeakyReLU,
// −2 y σ' for tanh, σ' (1 − 2y) for the sigmoid, y the activation's output).
//
// It reads the net's weights only: the layers' forward caches (what the
// D-step's backward uses) are not touched.
#pragma once

#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/nn/sequential.h"

namespace ganstep {

// "" when gradient_penalty can run on this net, else why not.
std::string gradient_penalty_support(Sequential& d);

// Returns P (0 for no rows); writes each row's ‖∇_x f(x̂_i)‖ and dP/dθ.
// The net must be supported (gradient_penalty_support).
double gradient_penalty(Sequential& d, const Tensor2& x_hat, float lambda, Tensor2& norms,
                        std::vector<Tensor2>& grads);

}  // namespace ganstep
