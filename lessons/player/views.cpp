#include "lessons/player/views.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/gan/metrics.h"
#include "lessons/player/plot_transform.h"

namespace ganstep::ui {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The same noise every refresh, so points move only because G changes.
void fixed_noise(const GanConfig& c, int n, Tensor2& z) {
  Rng rng(0x7669657773ULL, 5);  // "views"
  const NoisePrior prior = noise_prior(c);
  z = Tensor2::from_shape({static_cast<std::size_t>(n), static_cast<std::size_t>(c.noise_dim)});
  prior.sample(rng, n, z.data());
}

// The q-quantile of a copy of values (q in [0, 1]).
double quantile(std::vector<float> v, double q) {
  if (v.empty()) return 0;
  const std::size_t k = std::min(v.size() - 1, static_cast<std::size_t>(q * (v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Data bounds grown to hold the bulk of G's samples, but never more than
// `max_factor` times the data's width around its centre (a far-off G is clipped).
void union_range(double& lo, double& hi, const std::vector<float>& gen, double max_factor) {
  const double c = 0.5 * (lo + hi), w = std::max(hi - lo, 1e-6);
  double glo = quantile(gen, 0.01), ghi = quantile(gen, 0.99);
  if (!(glo == glo) || !(ghi == ghi)) return;
  const double pad = 0.08 * std::max(ghi - glo, 0.05 * w);
  glo -= pad;
  ghi += pad;
  lo = std::max(std::min(lo, glo), c - 0.5 * max_factor * w);
  hi = std::min(std::max(hi, ghi), c + 0.5 * max_factor * w);
}

std::vector<float> column(const Tensor2& t, std::size_t col) {
  const std::size_t n = t.shape()[0], d = t.shape()[1];
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = t.data()[i * d + col];
  return out;
}

// G of the same fixed noise for each compared run (an empty tensor where not finite).
std::vector<Tensor2> compared_samples(const std::vector<Trainer>& runs, int n) {
  std::vector<Tensor2> out;
  for (const Trainer& t : runs) {
    Tensor2 z, gen;
    fixed_noise(t.config(), n, z);
    t.generate(z, gen);
    out.push_back(all_finite(gen) ? gen : Tensor2());
  }
  return out;
}

// p_g on v's grid: a Gaussian KDE of G's samples (binned on the grid, then blurred).
std::vector<float> kde_on_grid(const Tensor2& gen, int count, const View1dData& v) {
  const int n = static_cast<int>(v.xs.size());
  std::vector<float> out(static_cast<std::size_t>(n), 0.0f);
  Grid kg;
  kg.dim = 1;
  kg.n[0] = n;
  const double step = (v.x1 - v.x0) / (n - 1);
  kg.lo[0] = v.x0 - 0.5 * step;
  kg.hi[0] = v.x1 + 0.5 * step;
  const double h[2] = {silverman_bandwidth(gen.data(), count, 1, 0), 1.0};
  const std::vector<double> mass = sample_mass(gen.data(), count, kg, h);
  for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = static_cast<float>(mass[static_cast<std::size_t>(i)] / step);
  return out;
}

}  // namespace

DOptimum d_optimum(Objective o) {
  switch (o) {
    case Objective::Gan:
    case Objective::Lsgan: return DOptimum::Ratio;
    case Objective::Hinge: return DOptimum::Sign;
    case Objective::WganGp: return DOptimum::None;
  }
  return DOptimum::None;
}

void noise_range(const GanConfig& c, float& z0, float& z1) {
  if (c.noise == NoiseKind::Uniform) {
    z0 = -1;
    z1 = 1;
  } else {
    z0 = -3;
    z1 = 3;
  }
}

float interpolate(const std::vector<float>& xs, const std::vector<float>& ys, float x) {
  if (xs.size() < 2 || ys.size() != xs.size() || !(x >= xs.front() && x <= xs.back())) return kNaN;
  const auto it = std::upper_bound(xs.begin(), xs.end(), x);
  const std::size_t i = std::min(xs.size() - 1, static_cast<std::size_t>(it - xs.begin()));
  const std::size_t a = i == 0 ? 0 : i - 1;
  const float t = xs[i] > xs[a] ? (x - xs[a]) / (xs[i] - xs[a]) : 0.0f;
  return ys[a] + t * (ys[i] - ys[a]);
}

void compute_view1d(const Trainer& t, const ViewOptions& o, View1dData& v, const std::vector<Trainer>& compared) {
  const GanConfig& c = t.config();
  const Dataset& data = t.dataset();
  Tensor2 z, gen;
  fixed_noise(c, o.gen_samples, z);
  t.generate(z, gen);
  std::vector<float> g = column(gen, 0);
  v.finite = all_finite(gen);

  const Bounds b = data.bounds();
  v.x0 = b.lo[0];
  v.x1 = b.hi[0] > b.lo[0] ? b.hi[0] : b.lo[0] + 1;
  if (v.finite) union_range(v.x0, v.x1, g, 4.0);
  const std::vector<Tensor2> runs = compared_samples(compared, o.gen_samples);
  for (const Tensor2& r : runs)
    if (r.size()) union_range(v.x0, v.x1, column(r, 0), 4.0);

  const int n = std::max(8, o.grid_1d);
  v.xs.resize(static_cast<std::size_t>(n));
  Tensor2 grid = Tensor2::from_shape({static_cast<std::size_t>(n), std::size_t{1}});
  for (int i = 0; i < n; ++i) {
    v.xs[static_cast<std::size_t>(i)] = static_cast<float>(v.x0 + (v.x1 - v.x0) * i / (n - 1));
    grid.data()[i] = v.xs[static_cast<std::size_t>(i)];
  }
  // p_data: analytic.
  v.p_data.assign(static_cast<std::size_t>(n), 0.0f);
  if (data.has_density())
    for (int i = 0; i < n; ++i) {
      const double x = v.xs[static_cast<std::size_t>(i)];
      v.p_data[static_cast<std::size_t>(i)] = static_cast<float>(data.density(&x));
    }
  // p_g: a Gaussian KDE of the generator samples (binned on a fine grid, then blurred).
  v.p_g.assign(static_cast<std::size_t>(n), 0.0f);
  if (v.finite) v.p_g = kde_on_grid(gen, o.gen_samples, v);
  v.p_g_runs.clear();
  for (const Tensor2& r : runs) v.p_g_runs.push_back(r.size() ? kde_on_grid(r, o.gen_samples, v) : std::vector<float>());
  // D(x): a probability under gan, a critic's score under the other objectives.
  Tensor2 prob;
  t.discriminate(grid, prob);
  v.d.assign(prob.data(), prob.data() + n);
  // D*(x), on a coarser grid (a KDE over 4096 samples per point), where the objective has one.
  const DOptimum optimum = d_optimum(c.objective);
  const int ns = std::max(2, o.dstar_points);
  std::vector<double> sx(static_cast<std::size_t>(ns));
  for (int i = 0; i < ns; ++i) sx[static_cast<std::size_t>(i)] = v.x0 + (v.x1 - v.x0) * i / (ns - 1);
  v.d_star_x.assign(sx.begin(), sx.end());
  v.d_star.assign(static_cast<std::size_t>(ns), kNaN);
  if (v.finite && data.has_density() && optimum != DOptimum::None) {
    std::vector<double> ds(sx.size());
    if (o.exact_dstar) ds = optimal_discriminator_1d(t, sx);
    else
      for (std::size_t i = 0; i < sx.size(); ++i) {
        const float x = static_cast<float>(sx[i]);
        const double pd = interpolate(v.xs, v.p_data, x), pg = interpolate(v.xs, v.p_g, x);
        ds[i] = pd + pg > 0 ? pd / (pd + pg) : std::numeric_limits<double>::quiet_NaN();
      }
    // D* is only meaningful where there is some mass: hide it where both
    // densities are below 1% of their peak (else it jumps to 0 or 1 on noise).
    float peak = 0;
    for (int i = 0; i < n; ++i)
      peak = std::max(peak, v.p_data[static_cast<std::size_t>(i)] + v.p_g[static_cast<std::size_t>(i)]);
    for (int i = 0; i < ns; ++i) {
      const float x = static_cast<float>(sx[static_cast<std::size_t>(i)]);
      const float mass = interpolate(v.xs, v.p_data, x) + interpolate(v.xs, v.p_g, x);
      if (mass >= 0.01f * peak) v.d_star[static_cast<std::size_t>(i)] = static_cast<float>(ds[static_cast<std::size_t>(i)]);
    }
    if (optimum == DOptimum::Sign)  // the hinge loss's minimiser: the side of ½ the ratio is on
      for (float& d : v.d_star)
        if (d == d) d = d > 0.5f ? 1.0f : d < 0.5f ? -1.0f : 0.0f;
  }
  // D's axis: [0, 1.05] for a probability; else the curve's and the optimum's span.
  v.d0 = 0;
  v.d1 = 1.05;
  if (!d_outputs_probability(c.objective)) {
    double lo = optimum == DOptimum::Sign ? -1.0 : 0.0, hi = optimum == DOptimum::None ? 0.0 : 1.0;
    for (float d : v.d)
      if (std::isfinite(d)) {
        lo = std::min(lo, static_cast<double>(d));
        hi = std::max(hi, static_cast<double>(d));
      }
    const double pad = 0.05 * std::max(hi - lo, 1e-3);
    v.d0 = lo - pad;
    v.d1 = hi + pad;
  }
  // Density axis: both curves, but a collapsed G's spike may not flatten p_data.
  float pmax = 0, gmax = 0;
  for (float p : v.p_data) pmax = std::max(pmax, p);
  for (float p : v.p_g) gmax = std::max(gmax, p);
  v.y1 = std::max(pmax > 0 ? std::min(gmax, 2.5f * pmax) : gmax, pmax) * 1.1;
  if (!(v.y1 > 0)) v.y1 = 1;

  // The z -> G(z) mapping: evenly spaced z on the first coordinate.
  noise_range(c, v.z0, v.z1);
  const int nm = 29;
  Tensor2 mz = Tensor2::from_shape({static_cast<std::size_t>(nm), static_cast<std::size_t>(c.noise_dim)});
  std::fill(mz.begin(), mz.end(), 0.0f);
  v.map_z.resize(static_cast<std::size_t>(nm));
  for (int i = 0; i < nm; ++i) {
    const float zi = v.z0 + (v.z1 - v.z0) * (i + 0.5f) / nm;
    v.map_z[static_cast<std::size_t>(i)] = zi;
    mz.data()[static_cast<std::size_t>(i) * static_cast<std::size_t>(c.noise_dim)] = zi;
  }
  Tensor2 mg;
  t.generate(mz, mg);
  v.map_gz = column(mg, 0);
  const int rug = std::min(o.gen_samples, 400);
  v.rug_gz.assign(g.begin(), g.begin() + rug);
}

void compute_view2d(const Trainer& t, const ViewOptions& o, View2dData& v, std::string& spec_of_real,
                    const std::vector<Trainer>& compared) {
  const GanConfig& c = t.config();
  const Dataset& data = t.dataset();
  const int ns = std::min(o.gen_samples / 2, 1000);
  if (spec_of_real != data.spec() || v.real_xy.empty()) {
    Rng rng(0x7265616cULL, 6);  // "real"
    v.real_xy.resize(static_cast<std::size_t>(ns) * 2);
    data.sample(rng, ns, v.real_xy.data());
    spec_of_real = data.spec();
  }
  Tensor2 z, gen;
  fixed_noise(c, ns, z);
  t.generate(z, gen);
  v.finite = all_finite(gen);
  v.fake_xy.assign(gen.data(), gen.data() + gen.size());

  const Bounds b = data.bounds();
  for (int a = 0; a < 2; ++a) {
    v.lo[a] = b.lo[a];
    v.hi[a] = b.hi[a] > b.lo[a] ? b.hi[a] : b.lo[a] + 1;
    if (v.finite) union_range(v.lo[a], v.hi[a], column(gen, static_cast<std::size_t>(a)), 3.0);
  }
  v.fake_runs.clear();
  for (const Tensor2& r : compared_samples(compared, ns)) {
    v.fake_runs.emplace_back(r.data(), r.data() + r.size());
    if (r.size())
      for (int a = 0; a < 2; ++a) union_range(v.lo[a], v.hi[a], column(r, static_cast<std::size_t>(a)), 3.0);
  }
  fit_equal_aspect(v.lo[0], v.hi[0], v.lo[1], v.hi[1], std::max(1e-3f, o.aspect), 1.0f);
  for (int a = 0; o.fixed_range && a < 2; ++a) {
    v.lo[a] = o.lo[a];
    v.hi[a] = o.hi[a];
  }
  // D's map at cell centres.
  v.nx = std::max(4, o.dmap_cells);
  v.ny = std::max(4, static_cast<int>(std::lround(v.nx / std::max(0.25f, o.aspect))));
  const std::size_t cells = static_cast<std::size_t>(v.nx) * static_cast<std::size_t>(v.ny);
  Tensor2 pts = Tensor2::from_shape({cells, std::size_t{2}});
  for (int j = 0; j < v.ny; ++j)
    for (int i = 0; i < v.nx; ++i) {
      const std::size_t k = static_cast<std::size_t>(j) * static_cast<std::size_t>(v.nx) + static_cast<std::size_t>(i);
      pts.data()[2 * k] = static_cast<float>(v.lo[0] + (v.hi[0] - v.lo[0]) * (i + 0.5) / v.nx);
      pts.data()[2 * k + 1] = static_cast<float>(v.lo[1] + (v.hi[1] - v.lo[1]) * (j + 0.5) / v.ny);
    }
  Tensor2 prob;
  t.discriminate(pts, prob);
  v.dmap.assign(prob.data(), prob.data() + cells);
  // A critic's score on the map's [0, 1] colour scale (views.h, View2dData::map_lo).
  v.map_lo = 0;
  v.map_hi = 1;
  if (c.objective == Objective::Hinge) v.map_lo = -1;
  if (c.objective == Objective::WganGp) {
    v.map_lo = v.map_hi = 0;
    bool first = true;
    for (float f : v.dmap)
      if (std::isfinite(f)) {
        v.map_lo = first ? f : std::min(v.map_lo, f);
        v.map_hi = first ? f : std::max(v.map_hi, f);
        first = false;
      }
    if (!(v.map_hi > v.map_lo)) v.map_hi = v.map_lo + 1;
  }
  if (!d_outputs_probability(c.objective))
    for (float& f : v.dmap) f = std::clamp((f - v.map_lo) / (v.map_hi - v.map_lo), 0.0f, 1.0f);

  // G applied to a regular z grid (noise_dim 2): lines of constant z1, then of constant z2.
  v.warp_xy.clear();
  v.warp_lines = v.warp_points = 0;
  if (c.noise_dim == 2) {
    float z0, z1;
    noise_range(c, z0, z1);
    if (c.noise != NoiseKind::Uniform) { z0 = -2.5f; z1 = 2.5f; }
    const int L = std::max(2, o.warp_lines), P = std::max(2, o.warp_points);
    Tensor2 wz = Tensor2::from_shape({static_cast<std::size_t>(2 * L * P), std::size_t{2}});
    std::size_t r = 0;
    for (int dir = 0; dir < 2; ++dir)
      for (int l = 0; l < L; ++l)
        for (int p = 0; p < P; ++p, ++r) {
          const float a = z0 + (z1 - z0) * l / (L - 1), s = z0 + (z1 - z0) * p / (P - 1);
          wz.data()[2 * r] = dir == 0 ? a : s;
          wz.data()[2 * r + 1] = dir == 0 ? s : a;
        }
    Tensor2 wg;
    t.generate(wz, wg);
    v.warp_xy.assign(wg.data(), wg.data() + wg.size());
    v.warp_lines = 2 * L;
    v.warp_points = P;
  }
}

}  // namespace ganstep::ui
