// Losses on D's logits l (one logit per row), numerically stable for any l.
//   logits, targets, per_sample, dlogits: (B, 1)
// Each returns the mean loss and writes the per-sample losses and the
// gradient of the mean with respect to each logit.
//
//   bce_with_logits:  -[t log s(l) + (1-t) log(1-s(l))] = softplus(l) - t l
//   g_loss_minimax:   log(1 - D(G(z))) = -softplus(l)       (the paper's, minimised by G)
//   g_loss_nonsat:    -log D(G(z))     =  softplus(-l)      (the "-log D trick")
//
// The other objectives (engine/gan/config.h, Objective) read D's raw output
// f (no sigmoid). D's losses take the 2m rows of a D-step, m real then m
// fake (out, per_sample, dout: (2m, 1)), and return the mean over each half;
// the gradient is that of loss_d = real + fake (each half's mean, weight 1/m):
//   lsgan_loss_d:        ½ (f(x) − 1)²  and  ½ f(G(z))²       (Mao et al. 2017, a = 0, b = 1)
//   hinge_loss_d:        relu(1 − f(x)) and  relu(1 + f(G(z)))
//   wasserstein_loss_d:  −f(x)          and  f(G(z))          (the critic's, without its penalty)
// G's losses take m rows and return the mean:
//   lsgan_loss_g:        ½ (f(G(z)) − 1)²                      (c = 1)
//   critic_loss_g:       −f(G(z))                              (wgan-gp and hinge)
// Written in float per row, summed in double in row order, like the log losses.
//
// Softmax cross-entropy over C classes (a classifier's loss):
//   logits, dlogits: (B, C)   labels: B class indices in [0, C)   per_sample: (B, 1)
//   loss_i = -log softmax(l_i)[y_i] = logsumexp(l_i) - l_i[y_i]
//   dloss/dl_i = (softmax(l_i) - onehot(y_i)) / B
// Evaluated in double with the row's maximum subtracted first (stable for any
// logits), with our deterministic exp/log.
#pragma once

#include <cstdint>

#include "engine/core/tensor.h"

namespace ganstep {

double bce_with_logits(const Tensor2& logits, const Tensor2& targets, Tensor2& per_sample,
                       Tensor2& dlogits);
double g_loss_minimax(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits);
double g_loss_nonsat(const Tensor2& logits, Tensor2& per_sample, Tensor2& dlogits);

struct LossHalves {
  double real = 0, fake = 0;  // the mean loss over the real rows, over the fake rows
};
LossHalves lsgan_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout);
LossHalves hinge_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout);
LossHalves wasserstein_loss_d(const Tensor2& out, Tensor2& per_sample, Tensor2& dout);
double lsgan_loss_g(const Tensor2& out, Tensor2& per_sample, Tensor2& dout);
double critic_loss_g(const Tensor2& out, Tensor2& per_sample, Tensor2& dout);
// The exp behind softplus and sigmoid, taken once per logit: logit_terms
// writes softplus(l) and sigmoid(l) = D(.) (softplus, sigmoid: (B, 1)) where
// D's forward pass needs D(.) anyway, and the loss of the same logits reads
// them. The results are the same bits as the three functions above.
void logit_terms(const Tensor2& logits, Tensor2& softplus, Tensor2& sigmoid);
double bce_from_terms(const Tensor2& logits, const Tensor2& softplus, const Tensor2& sigmoid,
                      const Tensor2& targets, Tensor2& per_sample, Tensor2& dlogits);
// g_loss_minimax (minimax) or g_loss_nonsat.
double g_loss_from_terms(bool minimax, const Tensor2& logits, const Tensor2& softplus,
                         const Tensor2& sigmoid, Tensor2& per_sample, Tensor2& dlogits);

double softmax_cross_entropy(const Tensor2& logits, const std::uint8_t* labels,
                             Tensor2& per_sample, Tensor2& dlogits);
// Row-wise softmax probabilities, probs: (B, C), computed as in the loss.
void softmax_rows(const Tensor2& logits, Tensor2& probs);

}  // namespace ganstep
