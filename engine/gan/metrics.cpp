#include "engine/gan/metrics.h"

#include <algorithm>
#include <limits>

#include "engine/core/detmath.h"
#include "engine/gan/trainer.h"

namespace ganstep {
namespace {

constexpr int kGenSamples = 4096;
constexpr int kDataSamples = 65536;
constexpr double kPi = 3.14159265358979323846;

// 1-D Gaussian blur of `count` values spaced `stride` apart, sigma in cells.
void blur_line(double* v, int count, int stride, double sigma_cells, std::vector<double>& tmp) {
  if (sigma_cells < 0.3) return;
  const int radius = std::min(count, static_cast<int>(3.0 * sigma_cells) + 1);
  std::vector<double> w(2 * radius + 1);
  for (int k = -radius; k <= radius; ++k)
    w[k + radius] = det_exp(-0.5 * (k * k) / (sigma_cells * sigma_cells));
  tmp.assign(count, 0.0);
  for (int i = 0; i < count; ++i) {
    const double vi = v[i * stride];
    if (vi == 0.0) continue;
    // spread the mass of cell i over its neighbours, renormalised to the cells in range
    double wsum = 0;
    for (int k = -radius; k <= radius; ++k)
      if (i + k >= 0 && i + k < count) wsum += w[k + radius];
    for (int k = -radius; k <= radius; ++k)
      if (i + k >= 0 && i + k < count) tmp[i + k] += vi * w[k + radius] / wsum;
  }
  for (int i = 0; i < count; ++i) v[i * stride] = tmp[i];
}

}  // namespace

void generator_samples(const Trainer& t, Tensor2& out) {
  const GanConfig& c = t.config();
  Rng rng(0x6d657472696373ULL, 3);  // fixed: "metrics"
  const NoisePrior prior = noise_prior(c);
  Tensor2 z = Tensor2::from_shape({static_cast<std::size_t>(kGenSamples), static_cast<std::size_t>(c.noise_dim)});
  prior.sample(rng, kGenSamples, z.data());
  t.generate(z, out);
}

ModeCoverage mode_coverage(const std::vector<Mode>& modes, const float* xs, int n, int dim) {
  ModeCoverage r;
  r.total = static_cast<int>(modes.size());
  if (modes.empty() || n <= 0) return r;
  std::vector<int> held(modes.size(), 0);
  int near = 0;
  for (int i = 0; i < n; ++i) {
    const float* x = xs + static_cast<std::size_t>(i) * dim;
    int best = -1;
    double best_z = 0;
    for (std::size_t k = 0; k < modes.size(); ++k) {
      double d2 = 0;
      for (int a = 0; a < dim; ++a) {
        const double d = x[a] - modes[k].x[a];
        d2 += d * d;
      }
      const double z2 = d2 / (modes[k].sd * modes[k].sd);  // squared distance in σ units
      if (z2 <= 9.0 && (best < 0 || z2 < best_z)) {
        best = static_cast<int>(k);
        best_z = z2;
      }
    }
    if (best >= 0) {
      ++held[static_cast<std::size_t>(best)];
      ++near;
    }
  }
  int covered = 0;
  for (int h : held)
    if (h * 100 >= n) ++covered;  // >= 1% of the samples
  r.modes = covered;
  r.hq = static_cast<double>(near) / n;
  return r;
}

ModeCoverage measure_modes(const Trainer& t) {
  const std::vector<Mode> modes = t.dataset().modes();
  if (modes.empty()) return ModeCoverage{};
  Tensor2 gen;
  generator_samples(t, gen);
  if (!all_finite(gen)) {
    ModeCoverage r;
    r.total = static_cast<int>(modes.size());
    return r;
  }
  return mode_coverage(modes, gen.data(), kGenSamples, t.dataset().dim());
}

Grid metric_grid(const Dataset& data) {
  Grid g;
  g.dim = data.dim();
  const Bounds b = data.bounds();
  g.n[0] = g.dim == 1 ? 512 : 96;
  g.n[1] = g.dim == 1 ? 1 : 96;
  for (int a = 0; a < 2; ++a) {
    g.lo[a] = b.lo[a];
    g.hi[a] = b.hi[a] > b.lo[a] ? b.hi[a] : b.lo[a] + 1;
  }
  return g;
}

void normalise(std::vector<double>& p) {
  double s = 0;
  for (double v : p) s += v;
  if (s > 0)
    for (double& v : p) v /= s;
}

double kl_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  double kl = 0;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i] > 0) kl += p[i] * det_log(p[i] / std::max(q[i], 1e-12));
  return kl;
}

double js_divergence(const std::vector<double>& p, const std::vector<double>& q) {
  double js = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double m = 0.5 * (p[i] + q[i]);
    if (p[i] > 0) js += 0.5 * p[i] * det_log(p[i] / m);
    if (q[i] > 0) js += 0.5 * q[i] * det_log(q[i] / m);
  }
  return std::max(0.0, js);
}

std::vector<double> density_mass(const Dataset& data, const Grid& g) {
  std::vector<double> p(static_cast<std::size_t>(g.cells()) + 1, 0.0);  // last: outside the grid
  for (int j = 0; j < g.n[1]; ++j)
    for (int i = 0; i < g.n[0]; ++i) {
      const double x[2] = {g.center(0, i), g.center(1, j)};
      p[static_cast<std::size_t>(j) * g.n[0] + i] = data.density(x);
    }
  normalise(p);
  return p;
}

std::vector<double> sample_mass(const float* xs, int n, const Grid& g, const double h[2]) {
  std::vector<double> p(static_cast<std::size_t>(g.cells()) + 1, 0.0);  // last: outside the grid
  for (int s = 0; s < n; ++s) {
    int idx[2] = {0, 0};
    bool inside = true;
    for (int a = 0; a < g.dim; ++a) {
      const double v = xs[s * g.dim + a];
      if (!(v >= g.lo[a] && v < g.hi[a])) { inside = false; break; }
      idx[a] = std::min(g.n[a] - 1, static_cast<int>((v - g.lo[a]) / g.step(a)));
    }
    p[inside ? static_cast<std::size_t>(idx[1]) * g.n[0] + idx[0] : p.size() - 1] += 1.0;
  }
  std::vector<double> tmp;
  for (int j = 0; j < g.n[1]; ++j) blur_line(&p[static_cast<std::size_t>(j) * g.n[0]], g.n[0], 1, h[0] / g.step(0), tmp);
  if (g.dim == 2)
    for (int i = 0; i < g.n[0]; ++i) blur_line(&p[i], g.n[1], g.n[0], h[1] / g.step(1), tmp);
  // Mass outside the grid stays in the last cell, so a G far from the data still scores JS = ln 2.
  normalise(p);
  return p;
}

double silverman_bandwidth(const float* xs, int n, int dim, int axis) {
  if (n < 2) return 1.0;
  double mean = 0;
  for (int i = 0; i < n; ++i) mean += xs[i * dim + axis];
  mean /= n;
  double var = 0;
  for (int i = 0; i < n; ++i) {
    const double d = xs[i * dim + axis] - mean;
    var += d * d;
  }
  const double sd = det_sqrt(var / (n - 1));
  // 1.06 sd n^(-1/5) in 1-D; n^(-1/6) in 2-D (Scott's factor for d = 2)
  const double nexp = dim == 1 ? det_exp(-0.2 * det_log(n)) : det_exp(-det_log(n) / 6.0);
  return std::max(1e-3, (dim == 1 ? 1.06 : 1.0) * sd * nexp);
}

double kde_1d(const float* xs, int n, double h, double x) {
  double s = 0;
  for (int i = 0; i < n; ++i) {
    const double u = (x - xs[i]) / h;
    if (u > -8 && u < 8) s += det_exp(-0.5 * u * u);
  }
  return s / (n * h * det_sqrt(2 * kPi));
}

std::vector<double> data_mass(const Dataset& data, const Grid& g) {
  if (data.has_density()) return density_mass(data, g);
  Rng rng(0x64617461ULL, 4);  // fixed: "data"
  std::vector<float> xs(static_cast<std::size_t>(kDataSamples) * data.dim());
  data.sample(rng, kDataSamples, xs.data());
  const double h[2] = {g.step(0), g.step(1)};  // a cell's width: smooths the histogram's noise only
  return sample_mass(xs.data(), kDataSamples, g, h);
}

Divergences measure_divergences(const Trainer& t) {
  const Dataset& data = t.dataset();
  const Grid g = metric_grid(data);
  Tensor2 gen;
  generator_samples(t, gen);
  Divergences d;
  if (!all_finite(gen)) {
    d.js = d.kl_data_g = d.kl_g_data = std::numeric_limits<double>::quiet_NaN();
    return d;
  }
  double h[2] = {1, 1};
  for (int a = 0; a < g.dim; ++a) h[a] = silverman_bandwidth(gen.data(), kGenSamples, g.dim, a);
  const std::vector<double> p = data_mass(data, g);
  const std::vector<double> q = sample_mass(gen.data(), kGenSamples, g, h);
  d.js = js_divergence(p, q);
  d.kl_data_g = kl_divergence(p, q);
  d.kl_g_data = kl_divergence(q, p);
  return d;
}

std::vector<double> optimal_discriminator_1d(const Trainer& t, const std::vector<double>& xs) {
  std::vector<double> out(xs.size(), std::numeric_limits<double>::quiet_NaN());
  if (t.dataset().dim() != 1) return out;
  Tensor2 gen;
  generator_samples(t, gen);
  const double h = silverman_bandwidth(gen.data(), kGenSamples, 1, 0);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double pd = t.dataset().density(&xs[i]);
    const double pg = kde_1d(gen.data(), kGenSamples, h, xs[i]);
    if (pd + pg > 0) out[i] = pd / (pd + pg);
  }
  return out;
}

}  // namespace ganstep
