// The Fréchet distance between two Gaussians fitted to sets of feature rows
// (FID's formula, with our classifier's features in place of Inception's):
//   FD = ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))
//   Tr((S1 S2)^(1/2)) = sum_k sqrt(eig_k(S1^(1/2) S2 S1^(1/2)))
// (S1^(1/2) S2 S1^(1/2) is symmetric PSD and similar to S1 S2; eigenvalues
// below zero from rounding are clamped to 0). All in double, fixed order.
//   rows: (N, D) float; mean: D; cov: (D, D) row-major, unbiased (N - 1)
#pragma once

#include <vector>

#include "engine/core/tensor.h"

namespace ganstep {

struct GaussianStats {
  int dim = 0;
  int count = 0;                // rows the statistics came from
  std::vector<double> mean;     // (D)
  std::vector<double> cov;      // (D, D)
  std::vector<double> sqrt_cov; // (D, D) cov^(1/2); filled by with_sqrt() for repeated use
};

// Mean and covariance of the rows (N >= 2 for a covariance; N = 1 gives 0).
GaussianStats gaussian_stats(const Tensor2& rows);
// Computes a.sqrt_cov (one eigen-decomposition), so that many frechet_distance
// calls against `a` each need one decomposition only.
void with_sqrt(GaussianStats& a);

// FD between a and b; uses a.sqrt_cov when present. Dimensions must agree
// (returns NaN otherwise).
double frechet_distance(const GaussianStats& a, const GaussianStats& b);

}  // namespace ganstep
