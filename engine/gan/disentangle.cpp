#include "engine/gan/disentangle.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/core/detmath.h"
#include "engine/core/rng.h"
#include "engine/gan/frechet.h"
#include "engine/gan/style_views.h"
#include "engine/gan/trainer.h"

namespace ganstep {
namespace {

constexpr std::uint64_t kCodeStream = 0xd15e, kPplStream = 0xd15f;

// acos(c) for c in [-1, 1] by Newton's method on det_cos (no libm: the same bits everywhere).
double det_acos(double c) {
  c = std::clamp(c, -1.0, 1.0);
  const double pi = 3.14159265358979323846;
  double x = pi / 2 - c;  // a start within the basin for every c
  for (int i = 0; i < 40; ++i) {
    const double s = det_sin(x);
    if (std::fabs(s) < 1e-12) break;
    const double nx = std::clamp(x + (det_cos(x) - c) / s, 0.0, pi);
    if (nx == x) break;
    x = nx;
  }
  return x;
}

// Spherical interpolation of the rows a, b at t (the paper's path in Z).
void slerp(const float* a, const float* b, std::size_t d, double t, float* out) {
  double na = 0, nb = 0, ab = 0;
  for (std::size_t i = 0; i < d; ++i) {
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
    ab += double(a[i]) * b[i];
  }
  const double omega = det_acos(ab / det_sqrt(na * nb + 1e-30));
  const double so = det_sin(omega);
  if (so < 1e-9) {
    for (std::size_t i = 0; i < d; ++i) out[i] = static_cast<float>((1 - t) * a[i] + t * b[i]);
    return;
  }
  const double ca = det_sin((1 - t) * omega) / so, cb = det_sin(t * omega) / so;
  for (std::size_t i = 0; i < d; ++i) out[i] = static_cast<float>(ca * a[i] + cb * b[i]);
}

void lerp(const float* a, const float* b, std::size_t d, double t, float* out) {
  for (std::size_t i = 0; i < d; ++i) out[i] = static_cast<float>(a[i] + t * (double(b[i]) - a[i]));
}

// Images of codes w (n rows), kChunk rows at a time: the synthesis network's
// activations for 2,000 codes at once would take gigabytes (and more than a
// WebAssembly page may have). Rows are independent (inference mode, one
// noise image for every row), so the chunks give the same images.
constexpr std::size_t kChunk = 64;

void images_of_w(Sequential& g, const Tensor2& w, Tensor2& images) {
  const std::size_t n = w.shape()[0], d = w.shape()[1];
  Tensor2 part, out;
  for (std::size_t a = 0; a < n; a += kChunk) {
    const std::size_t k = std::min(kChunk, n - a);
    part = Tensor2::from_shape({k, d});
    std::copy(w.data() + a * d, w.data() + (a + k) * d, part.data());
    style_synthesize(g, {&part, &part, &part}, out);
    const std::size_t p = out.shape()[1];
    if (a == 0) images = Tensor2::from_shape({n, p});
    std::copy(out.data(), out.data() + k * p, images.data() + a * p);
  }
}

// Images of codes z (n rows): the mapping network, then G's synthesis.
void images_of_z(Sequential& g, const Tensor2& z, Tensor2& images) {
  Tensor2 w;
  style_map(g, z, w);
  images_of_w(g, w, images);
}

// Mean of the distances without the lowest and highest 1% (the paper's filter).
double filtered_mean(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t cut = v.size() / 100;
  double s = 0;
  std::size_t n = 0;
  for (std::size_t i = cut; i + cut < v.size(); ++i, ++n) s += v[i];
  return n ? s / double(n) : 0.0;
}

// Squared feature distances between row k of `from` and row k of `to`, over
// eps^2 (both ends drawn with the same fixed noise: inference mode).
void path_terms(Classifier& judge, const Tensor2& from, const Tensor2& to, double eps, std::vector<double>& out) {
  Tensor2 fa, fb, probs;
  classify_all(judge, from, fa, probs);
  classify_all(judge, to, fb, probs);
  const std::size_t m = fa.shape()[0], d = fa.shape()[1];
  for (std::size_t k = 0; k < m; ++k) {
    double s = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const double diff = double(fa(k, j)) - fb(k, j);
      s += diff * diff;
    }
    out.push_back(s / (eps * eps));
  }
}

}  // namespace

void pca_2d(const Tensor2& x, Tensor2& projected, double& explained) {
  const std::size_t n = x.shape()[0], d = x.shape()[1];
  const GaussianStats st = gaussian_stats(x);
  std::vector<double> cov = st.cov, axes[2];
  double total = 0, kept = 0;
  for (std::size_t i = 0; i < d; ++i) total += cov[i * d + i];
  for (int a = 0; a < 2; ++a) {
    std::vector<double> v(d), nv(d);
    for (std::size_t i = 0; i < d; ++i) v[i] = 1.0 / det_sqrt(double(d)) * (1.0 + 0.01 * double(i % 7));  // a fixed start
    double lambda = 0;
    for (int it = 0; it < 300; ++it) {
      double norm = 0;
      for (std::size_t i = 0; i < d; ++i) {
        double s = 0;
        for (std::size_t j = 0; j < d; ++j) s += cov[i * d + j] * v[j];
        nv[i] = s;
        norm += s * s;
      }
      norm = det_sqrt(norm);
      if (norm == 0) break;
      lambda = norm;
      for (std::size_t i = 0; i < d; ++i) v[i] = nv[i] / norm;
    }
    // a fixed sign: the largest component positive
    std::size_t big = 0;
    for (std::size_t i = 1; i < d; ++i)
      if (std::fabs(v[i]) > std::fabs(v[big])) big = i;
    if (v[big] < 0)
      for (auto& e : v) e = -e;
    kept += lambda;
    for (std::size_t i = 0; i < d; ++i)
      for (std::size_t j = 0; j < d; ++j) cov[i * d + j] -= lambda * v[i] * v[j];
    axes[a] = v;
  }
  explained = total > 0 ? kept / total : 0;
  projected = Tensor2::from_shape({n, std::size_t{2}});
  for (std::size_t r = 0; r < n; ++r)
    for (int a = 0; a < 2; ++a) {
      double s = 0;
      for (std::size_t j = 0; j < d; ++j) s += (double(x(r, j)) - st.mean[j]) * axes[a][j];
      projected(r, a) = static_cast<float>(s);
    }
}

double linear_separability(const Tensor2& x, const std::vector<std::uint8_t>& labels, int epochs) {
  const std::size_t n = x.shape()[0], d = x.shape()[1], K = 10;
  std::vector<std::size_t> train, test;
  for (std::size_t i = 0; i < n; ++i) (i % 2 ? test : train).push_back(i);
  if (train.empty() || test.empty()) return 0;
  // standardise on the training half
  std::vector<double> mean(d, 0), sd(d, 0);
  for (std::size_t i : train)
    for (std::size_t j = 0; j < d; ++j) mean[j] += x(i, j);
  for (auto& m : mean) m /= double(train.size());
  for (std::size_t i : train)
    for (std::size_t j = 0; j < d; ++j) sd[j] += (x(i, j) - mean[j]) * (x(i, j) - mean[j]);
  for (auto& s : sd) s = det_sqrt(s / double(train.size())) + 1e-8;
  auto feat = [&](std::size_t i, std::size_t j) { return (x(i, j) - mean[j]) / sd[j]; };
  // softmax regression, full-batch gradient descent with a small L2 penalty
  std::vector<double> W(d * K, 0), b(K, 0), gW(d * K), gb(K), p(K);
  const double lr = 0.5, l2 = 1e-4;
  for (int e = 0; e < epochs; ++e) {
    std::fill(gW.begin(), gW.end(), 0.0);
    std::fill(gb.begin(), gb.end(), 0.0);
    for (std::size_t i : train) {
      double mx = -1e300;
      for (std::size_t k = 0; k < K; ++k) {
        double s = b[k];
        for (std::size_t j = 0; j < d; ++j) s += feat(i, j) * W[j * K + k];
        p[k] = s;
        mx = std::max(mx, s);
      }
      double z = 0;
      for (auto& v : p) z += (v = det_exp(v - mx));
      for (std::size_t k = 0; k < K; ++k) {
        const double g = p[k] / z - (labels[i] == k ? 1.0 : 0.0);
        gb[k] += g;
        for (std::size_t j = 0; j < d; ++j) gW[j * K + k] += g * feat(i, j);
      }
    }
    const double inv = 1.0 / double(train.size());
    for (std::size_t q = 0; q < W.size(); ++q) W[q] -= lr * (gW[q] * inv + l2 * W[q]);
    for (std::size_t k = 0; k < K; ++k) b[k] -= lr * gb[k] * inv;
  }
  std::size_t right = 0;
  for (std::size_t i : test) {
    std::size_t best = 0;
    double bs = -1e300;
    for (std::size_t k = 0; k < K; ++k) {
      double s = b[k];
      for (std::size_t j = 0; j < d; ++j) s += feat(i, j) * W[j * K + k];
      if (s > bs) {
        bs = s;
        best = k;
      }
    }
    right += best == labels[i];
  }
  return double(right) / double(test.size());
}

std::string measure_disentanglement(const Trainer& t, Classifier& judge, const DisentangleSettings& s,
                                    Disentanglement& out) {
  Sequential g = style_net(t, 1.0f);
  if (!style_generator(g)) return "the run's G is not style-based (no \"style\" layer)";
  const std::size_t zd = static_cast<std::size_t>(t.config().noise_dim);
  NoisePrior prior;
  prior.kind = t.config().noise;
  prior.dim = t.config().noise_dim;
  // codes, their w, the digit of G(z)
  Rng rng(s.seed, kCodeStream);
  const std::size_t n = static_cast<std::size_t>(s.codes);
  Tensor2 z = Tensor2::from_shape({n, zd}), w, images, feats, probs;
  prior.sample(rng, static_cast<int>(n), z.data());
  style_map(g, z, w);
  images_of_w(g, w, images);
  classify_all(judge, images, feats, probs);
  out.labels.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t best = 0;
    for (std::size_t k = 1; k < probs.shape()[1]; ++k)
      if (probs(i, k) > probs(i, best)) best = k;
    out.labels[i] = static_cast<std::uint8_t>(best);
  }
  pca_2d(z, out.z_pca, out.z_explained);
  pca_2d(w, out.w_pca, out.w_explained);
  out.separability_z = linear_separability(z, out.labels, s.logreg_epochs);
  out.separability_w = linear_separability(w, out.labels, s.logreg_epochs);
  std::array<std::size_t, 10> count{};
  for (std::size_t i = 1; i < n; i += 2) ++count[out.labels[i]];
  out.chance = n > 1 ? double(*std::max_element(count.begin(), count.end())) / double(n / 2) : 0;

  // interpolation between codes 0 and 1, in Z (slerp) and in W (lerp)
  const std::size_t steps = static_cast<std::size_t>(std::max(2, s.interp_steps)), wd = w.shape()[1];
  Tensor2 zl = Tensor2::from_shape({steps, zd}), wl = Tensor2::from_shape({steps, wd});
  for (std::size_t k = 0; k < steps; ++k) {
    const double tt = double(k) / double(steps - 1);
    slerp(z.data(), z.data() + zd, zd, tt, zl.data() + k * zd);
    lerp(w.data(), w.data() + wd, wd, tt, wl.data() + k * wd);
  }
  images_of_z(g, zl, out.interp_z);
  images_of_w(g, wl, out.interp_w);

  // perceptual path length: l(t) and l(t + eps) for m pairs of codes
  Rng pr(s.seed, kPplStream);
  const std::size_t m = static_cast<std::size_t>(s.ppl_pairs);
  Tensor2 a = Tensor2::from_shape({m, zd}), b = Tensor2::from_shape({m, zd});
  prior.sample(pr, static_cast<int>(m), a.data());
  prior.sample(pr, static_cast<int>(m), b.data());
  std::vector<double> tt(m);
  for (auto& v : tt) v = pr.uniform() * (1.0 - s.ppl_eps);
  Tensor2 wa, wb;
  style_map(g, a, wa);
  style_map(g, b, wb);
  Tensor2 z0 = Tensor2::from_shape({m, zd}), z1 = z0, w0 = Tensor2::from_shape({m, wd}), w1 = w0;
  for (std::size_t k = 0; k < m; ++k) {
    slerp(a.data() + k * zd, b.data() + k * zd, zd, tt[k], z0.data() + k * zd);
    slerp(a.data() + k * zd, b.data() + k * zd, zd, tt[k] + s.ppl_eps, z1.data() + k * zd);
    lerp(wa.data() + k * wd, wb.data() + k * wd, wd, tt[k], w0.data() + k * wd);
    lerp(wa.data() + k * wd, wb.data() + k * wd, wd, tt[k] + s.ppl_eps, w1.data() + k * wd);
  }
  std::vector<double> dz, dw;
  Tensor2 i0, i1;
  images_of_z(g, z0, i0);
  images_of_z(g, z1, i1);
  path_terms(judge, i0, i1, s.ppl_eps, dz);
  images_of_w(g, w0, i0);
  images_of_w(g, w1, i1);
  path_terms(judge, i0, i1, s.ppl_eps, dw);
  out.ppl_z = filtered_mean(dz);
  out.ppl_w = filtered_mean(dw);
  return "";
}

}  // namespace ganstep
