#include "engine/gan/frechet.h"

#include "engine/core/detmath.h"
#include "engine/core/eigen_sym.h"

namespace ganstep {

GaussianStats gaussian_stats(const Tensor2& rows) {
  GaussianStats g;
  const std::size_t N = rows.shape()[0], D = rows.shape()[1];
  g.dim = static_cast<int>(D);
  g.count = static_cast<int>(N);
  g.mean.assign(D, 0.0);
  g.cov.assign(D * D, 0.0);
  if (N == 0) return g;
  const float* x = rows.data();
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t d = 0; d < D; ++d) g.mean[d] += x[i * D + d];
  for (std::size_t d = 0; d < D; ++d) g.mean[d] /= static_cast<double>(N);
  if (N < 2) return g;
  // Upper triangle, rows added in order; centred first (no cancellation).
  std::vector<double> c(D);
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t d = 0; d < D; ++d) c[d] = x[i * D + d] - g.mean[d];
    for (std::size_t p = 0; p < D; ++p) {
      const double cp = c[p];
      double* row = g.cov.data() + p * D;
      for (std::size_t q = p; q < D; ++q) row[q] += cp * c[q];
    }
  }
  const double inv = 1.0 / static_cast<double>(N - 1);
  for (std::size_t p = 0; p < D; ++p)
    for (std::size_t q = p; q < D; ++q) g.cov[q * D + p] = g.cov[p * D + q] *= inv;
  return g;
}

void with_sqrt(GaussianStats& a) { a.sqrt_cov = sym_sqrt_psd(a.dim, a.cov); }

double frechet_distance(const GaussianStats& a, const GaussianStats& b) {
  const int D = a.dim;
  const std::size_t n = static_cast<std::size_t>(D);
  if (D != b.dim || a.mean.size() != n || b.mean.size() != n || a.cov.size() != n * n ||
      b.cov.size() != n * n)
    return 0.0 / 0.0;
  double mean_term = 0.0, trace = 0.0;
  for (std::size_t d = 0; d < n; ++d) {
    const double diff = a.mean[d] - b.mean[d];
    mean_term += diff * diff;
    trace += a.cov[d * n + d] + b.cov[d * n + d];
  }
  const std::vector<double> root = a.sqrt_cov.size() == n * n ? a.sqrt_cov : sym_sqrt_psd(D, a.cov);
  // M = R S2 R with R = S1^(1/2): T = R S2, then M = T R (upper triangle).
  std::vector<double> T(n * n, 0.0), M(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < n; ++k) {
      const double r = root[i * n + k];
      const double* s2 = b.cov.data() + k * n;
      double* t = T.data() + i * n;
      for (std::size_t j = 0; j < n; ++j) t[j] += r * s2[j];
    }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t k = 0; k < n; ++k) sum += T[i * n + k] * root[k * n + j];  // R symmetric
      M[i * n + j] = M[j * n + i] = sum;
    }
  const SymEigen e = eigen_sym(D, M, false);
  double tr_sqrt = 0.0;
  for (double l : e.values) tr_sqrt += l > 0 ? det_sqrt(l) : 0.0;
  const double fd = mean_term + trace - 2.0 * tr_sqrt;
  return fd > 0 ? fd : 0.0;  // rounding can leave -1e-16 for identical sets
}

}  // namespace ganstep
