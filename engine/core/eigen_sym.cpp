#include "engine/core/eigen_sym.h"

#include <algorithm>
#include <numeric>

#include "engine/core/detmath.h"

namespace ganstep {
namespace {

double abs_d(double x) { return x < 0 ? -x : x; }

// Sum of squares of the entries above the diagonal.
double off_diagonal(int n, const std::vector<double>& a) {
  double s = 0.0;
  for (int p = 0; p < n; ++p)
    for (int q = p + 1; q < n; ++q) s += a[p * n + q] * a[p * n + q];
  return s;
}

// One Jacobi rotation in the (p, q) plane that zeroes a[p][q], applied to both
// triangles of a (kept symmetric) and to the columns of v.
void rotate(int n, std::vector<double>& a, std::vector<double>* v, int p, int q) {
  const double apq = a[p * n + q];
  const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
  const double t = (theta >= 0 ? 1.0 : -1.0) / (abs_d(theta) + det_sqrt(theta * theta + 1.0));
  const double c = 1.0 / det_sqrt(t * t + 1.0), s = t * c, tau = s / (1.0 + c);
  a[p * n + p] -= t * apq;
  a[q * n + q] += t * apq;
  a[p * n + q] = a[q * n + p] = 0.0;
  for (int r = 0; r < n; ++r) {
    if (r == p || r == q) continue;
    const double g = a[r * n + p], h = a[r * n + q];
    const double rp = g - s * (h + g * tau), rq = h + s * (g - h * tau);
    a[r * n + p] = a[p * n + r] = rp;
    a[r * n + q] = a[q * n + r] = rq;
  }
  if (v) {
    double* vm = v->data();
    for (int r = 0; r < n; ++r) {
      const double g = vm[r * n + p], h = vm[r * n + q];
      vm[r * n + p] = g - s * (h + g * tau);
      vm[r * n + q] = h + s * (g - h * tau);
    }
  }
}

}  // namespace

SymEigen eigen_sym(int n, const std::vector<double>& A, bool want_vectors) {
  SymEigen out;
  if (n <= 0 || A.size() < static_cast<std::size_t>(n) * n) return out;
  const std::size_t nn = static_cast<std::size_t>(n) * n;
  std::vector<double> a(nn);
  for (int p = 0; p < n; ++p)
    for (int q = p; q < n; ++q) a[p * n + q] = a[q * n + p] = A[p * n + q];
  std::vector<double> v;
  if (want_vectors) {
    v.assign(nn, 0.0);
    for (int i = 0; i < n; ++i) v[i * n + i] = 1.0;
  }
  double norm2 = 0.0;
  for (double x : a) norm2 += x * x;
  const double tol2 = norm2 * 1e-30;  // (1e-15 ||A||_F)^2
  constexpr int kMaxSweeps = 60;
  for (out.sweeps = 0; out.sweeps < kMaxSweeps; ++out.sweeps) {
    if (off_diagonal(n, a) <= tol2) {
      out.converged = true;
      break;
    }
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q)
        if (a[p * n + q] != 0.0) rotate(n, a, want_vectors ? &v : nullptr, p, q);
  }
  if (!out.converged) out.converged = off_diagonal(n, a) <= tol2;

  // Sort ascending (a stable index sort: ties keep their order).
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int i, int j) { return a[i * n + i] < a[j * n + j]; });
  out.values.resize(n);
  for (int k = 0; k < n; ++k) out.values[k] = a[order[k] * n + order[k]];
  if (want_vectors) {
    out.vectors.resize(nn);
    for (int r = 0; r < n; ++r)
      for (int k = 0; k < n; ++k) out.vectors[r * n + k] = v[r * n + order[k]];
  }
  return out;
}

std::vector<double> sym_sqrt_psd(int n, const std::vector<double>& A) {
  const SymEigen e = eigen_sym(n, A, true);
  std::vector<double> root(static_cast<std::size_t>(n) * n, 0.0);
  if (e.values.empty()) return root;
  std::vector<double> s(n);
  for (int k = 0; k < n; ++k) s[k] = e.values[k] > 0 ? det_sqrt(e.values[k]) : 0.0;
  // root(i, j) = sum_k V(i, k) s_k V(j, k), by rows of the upper triangle.
  for (int i = 0; i < n; ++i)
    for (int j = i; j < n; ++j) {
      double sum = 0.0;
      for (int k = 0; k < n; ++k) sum += e.vectors[i * n + k] * s[k] * e.vectors[j * n + k];
      root[i * n + j] = root[j * n + i] = sum;
    }
  return root;
}

}  // namespace ganstep
