// The symmetric eigen-solver (cyclic Jacobi) against known matrices, and the
// Fréchet distance against closed forms.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/core/eigen_sym.h"
#include "engine/core/rng.h"
#include "engine/gan/frechet.h"

using namespace ganstep;

namespace {

using Mat = std::vector<double>;

Mat matmul(int n, const Mat& a, const Mat& b) {
  Mat c(static_cast<std::size_t>(n) * n, 0.0);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < n; ++k)
      for (int j = 0; j < n; ++j) c[i * n + j] += a[i * n + k] * b[k * n + j];
  return c;
}

Mat transpose(int n, const Mat& a) {
  Mat t(a.size());
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) t[j * n + i] = a[i * n + j];
  return t;
}

// A random orthogonal matrix: a product of n Householder reflections.
Mat random_orthogonal(int n, Rng& rng) {
  Mat q(static_cast<std::size_t>(n) * n, 0.0);
  for (int i = 0; i < n; ++i) q[i * n + i] = 1.0;
  for (int r = 0; r < n; ++r) {
    std::vector<double> v(n);
    double norm2 = 0;
    for (auto& x : v) { x = rng.normal(); norm2 += x * x; }
    Mat h(q.size(), 0.0);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) h[i * n + j] = (i == j ? 1.0 : 0.0) - 2.0 * v[i] * v[j] / norm2;
    q = matmul(n, q, h);
  }
  return q;
}

// Q diag(d) Q^T
Mat with_spectrum(int n, const Mat& q, const std::vector<double>& d) {
  Mat a(q.size(), 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      for (int k = 0; k < n; ++k) a[i * n + j] += q[i * n + k] * d[k] * q[j * n + k];
  return a;
}

double max_abs_diff(const Mat& a, const Mat& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

GaussianStats gaussian(std::vector<double> mean, Mat cov) {
  GaussianStats g;
  g.dim = static_cast<int>(mean.size());
  g.mean = std::move(mean);
  g.cov = std::move(cov);
  return g;
}

}  // namespace

TEST_CASE("eigen_sym: small known matrices", "[eigen]") {
  SymEigen e = eigen_sym(2, {2, 1, 1, 2}, true);
  REQUIRE(e.converged);
  CHECK(e.values[0] == Approx(1.0).epsilon(1e-15));
  CHECK(e.values[1] == Approx(3.0).epsilon(1e-15));
  // Eigenvectors (1, -1)/sqrt2 and (1, 1)/sqrt2 up to sign.
  CHECK(std::fabs(e.vectors[0 * 2 + 0]) == Approx(std::sqrt(0.5)).epsilon(1e-15));
  CHECK(e.vectors[0 * 2 + 0] * e.vectors[1 * 2 + 0] < 0);
  CHECK(e.vectors[0 * 2 + 1] * e.vectors[1 * 2 + 1] > 0);

  e = eigen_sym(3, {4, 0, 0, 0, -1, 0, 0, 0, 2.5}, false);  // already diagonal
  CHECK(e.sweeps == 0);
  CHECK(e.values == std::vector<double>{-1, 2.5, 4});
  CHECK(e.vectors.empty());

  e = eigen_sym(1, {7}, true);
  CHECK(e.values == std::vector<double>{7});
  CHECK(e.vectors == std::vector<double>{1});

  e = eigen_sym(3, Mat(9, 0.0), true);  // zero matrix
  CHECK(e.converged);
  CHECK(e.values == std::vector<double>{0, 0, 0});

  // The 3x3 second-difference matrix: eigenvalues 2 - sqrt2, 2, 2 + sqrt2.
  e = eigen_sym(3, {2, -1, 0, -1, 2, -1, 0, -1, 2}, false);
  CHECK(e.values[0] == Approx(2 - std::sqrt(2.0)).epsilon(1e-14));
  CHECK(e.values[1] == Approx(2.0).epsilon(1e-14));
  CHECK(e.values[2] == Approx(2 + std::sqrt(2.0)).epsilon(1e-14));

  CHECK(eigen_sym(0, {}, true).values.empty());
  CHECK(eigen_sym(3, {1, 2}, true).values.empty());  // too short: nothing, no crash
}

TEST_CASE("eigen_sym: a prescribed spectrum is recovered, A V = V diag", "[eigen]") {
  Rng rng(31, 1);
  for (int n : {5, 24, 128}) {
    const Mat q = random_orthogonal(n, rng);
    std::vector<double> d(n);
    for (int k = 0; k < n; ++k) d[k] = (k % 3 == 0 ? -1.0 : 1.0) * (0.5 + k) / n;  // mixed signs
    d[n / 2] = d[n / 2 + 1];  // a repeated eigenvalue
    const Mat a = with_spectrum(n, q, d);
    const SymEigen e = eigen_sym(n, a, true);
    INFO("n = " << n << ", sweeps " << e.sweeps);
    REQUIRE(e.converged);
    CHECK(e.sweeps <= 15);
    std::vector<double> sorted = d;
    std::sort(sorted.begin(), sorted.end());
    for (int k = 0; k < n; ++k) CHECK(e.values[k] == Approx(sorted[k]).margin(1e-12));
    // Orthonormal vectors and A V = V diag(values).
    const Mat& v = e.vectors;
    Mat vtv = matmul(n, transpose(n, v), v), eye(vtv.size(), 0.0);
    for (int i = 0; i < n; ++i) eye[i * n + i] = 1.0;
    CHECK(max_abs_diff(vtv, eye) < 1e-12);
    Mat av = matmul(n, a, v), vl = v;
    for (int i = 0; i < n; ++i)
      for (int k = 0; k < n; ++k) vl[i * n + k] *= e.values[k];
    CHECK(max_abs_diff(av, vl) < 1e-12);
  }
}

TEST_CASE("sym_sqrt_psd: R R = A, negative rounding clamped", "[eigen]") {
  Rng rng(32, 1);
  const int n = 16;
  const Mat q = random_orthogonal(n, rng);
  std::vector<double> d(n);
  for (int k = 0; k < n; ++k) d[k] = k * 0.25;  // one zero eigenvalue
  const Mat a = with_spectrum(n, q, d);
  const Mat r = sym_sqrt_psd(n, a);
  CHECK(max_abs_diff(matmul(n, r, r), a) < 1e-12);
  CHECK(max_abs_diff(r, transpose(n, r)) == 0.0);
  d[0] = -1e-14;  // slightly negative: treated as 0
  const Mat r2 = sym_sqrt_psd(n, with_spectrum(n, q, d));
  for (double x : r2) CHECK(std::isfinite(x));
  CHECK(max_abs_diff(r2, r) < 1e-6);
}

TEST_CASE("gaussian_stats: mean and unbiased covariance", "[frechet]") {
  const Tensor2 rows = {{1, 2}, {3, 6}, {5, 4}};
  const GaussianStats g = gaussian_stats(rows);
  CHECK(g.dim == 2);
  CHECK(g.count == 3);
  CHECK(g.mean == std::vector<double>{3, 4});
  // centred: (-2,-2), (0,2), (2,0); sums of products /2
  CHECK(g.cov == std::vector<double>{4, 2, 2, 4});
  const GaussianStats one = gaussian_stats(Tensor2{{1, 2}});
  CHECK(one.cov == std::vector<double>{0, 0, 0, 0});
}

TEST_CASE("frechet_distance: closed forms", "[frechet]") {
  SECTION("1-D: (mu1 - mu2)^2 + (s1 - s2)^2") {
    const double fd = frechet_distance(gaussian({1.5}, {4.0}), gaussian({-0.5}, {0.25}));
    CHECK(fd == Approx(4.0 + 1.5 * 1.5).epsilon(1e-14));
  }
  SECTION("diagonal covariances: |mu1 - mu2|^2 + sum (s1_i - s2_i)^2") {
    const int n = 6;
    std::vector<double> m1(n), m2(n);
    Mat c1(n * n, 0.0), c2(n * n, 0.0);
    double expect = 0;
    for (int i = 0; i < n; ++i) {
      m1[i] = i * 0.5;
      m2[i] = 1.0 - i;
      const double s1 = 0.5 + i, s2 = 2.0 / (1 + i);
      c1[i * n + i] = s1 * s1;
      c2[i * n + i] = s2 * s2;
      expect += (m1[i] - m2[i]) * (m1[i] - m2[i]) + (s1 - s2) * (s1 - s2);
    }
    CHECK(frechet_distance(gaussian(m1, c1), gaussian(m2, c2)) == Approx(expect).epsilon(1e-13));
  }
  SECTION("2-D, non-commuting: Tr sqrt(S1 S2) = sqrt(tr(S1 S2) + 2 sqrt(det(S1 S2)))") {
    const Mat s1 = {2.0, 0.8, 0.8, 1.0}, s2 = {0.5, -0.3, -0.3, 3.0};
    const Mat p = matmul(2, s1, s2);
    const double tr = p[0] + p[3], det = p[0] * p[3] - p[1] * p[2];
    const double expect = 1.0 + 4.0 + (3.0 + 3.5) - 2.0 * std::sqrt(tr + 2.0 * std::sqrt(det));
    GaussianStats a = gaussian({1, 2}, s1), b = gaussian({0, 0}, s2);
    CHECK(frechet_distance(a, b) == Approx(expect).epsilon(1e-13));
    CHECK(frechet_distance(b, a) == Approx(expect).epsilon(1e-13));  // symmetric
    with_sqrt(a);
    CHECK(frechet_distance(a, b) == Approx(expect).epsilon(1e-13));
  }
  SECTION("identical sets: 0 within 1e-9") {
    Rng rng(33, 1);
    Tensor2 rows = Tensor2::from_shape({300, 64});
    for (auto& v : rows) v = rng.normal();
    GaussianStats a = gaussian_stats(rows), b = gaussian_stats(rows);
    CHECK(frechet_distance(a, b) < 1e-9);
    with_sqrt(a);
    CHECK(frechet_distance(a, b) < 1e-9);
    // A shift by c in every coordinate adds D c^2 (up to the float rounding of the shift).
    for (auto& v : rows) v += 0.5f;
    CHECK(frechet_distance(a, gaussian_stats(rows)) == Approx(64 * 0.25).epsilon(1e-7));
  }
  SECTION("rank-deficient covariances (fewer rows than dimensions) stay finite") {
    Rng rng(34, 1);
    Tensor2 x = Tensor2::from_shape({10, 40}), y = Tensor2::from_shape({12, 40});
    for (auto& v : x) v = rng.normal();
    for (auto& v : y) v = rng.normal() * 2.0f;
    const double fd = frechet_distance(gaussian_stats(x), gaussian_stats(y));
    CHECK(std::isfinite(fd));
    CHECK(fd > 0);
  }
  SECTION("mismatched dimensions give NaN") {
    CHECK(std::isnan(frechet_distance(gaussian({0}, {1}), gaussian({0, 0}, {1, 0, 0, 1}))));
  }
}
