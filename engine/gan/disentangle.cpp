#include "engine/gan/disentangle.h"

#include <algorithm>
#include <array>
#include <chrono>
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

namespace {

// A softmax regression from x (n, d) to labels (0..9), trained on the even
// rows a number of epochs at a time (DisentangleJob slices it), scored on the odd ones.
struct LinearProbe {
  const Tensor2* x = nullptr;
  const std::vector<std::uint8_t>* labels = nullptr;
  std::size_t d = 0;
  static constexpr std::size_t K = 10;
  std::vector<std::size_t> train, test;
  std::vector<double> mean, sd, W, b, gW, gb, p;
  int epochs_done = 0;

  LinearProbe(const Tensor2& xs, const std::vector<std::uint8_t>& ys) : x(&xs), labels(&ys), d(xs.shape()[1]) {
    const std::size_t n = xs.shape()[0];
    for (std::size_t i = 0; i < n; ++i) (i % 2 ? test : train).push_back(i);
    if (train.empty() || test.empty()) return;
    // standardise on the training half
    mean.assign(d, 0);
    sd.assign(d, 0);
    for (std::size_t i : train)
      for (std::size_t j = 0; j < d; ++j) mean[j] += xs(i, j);
    for (auto& m : mean) m /= double(train.size());
    for (std::size_t i : train)
      for (std::size_t j = 0; j < d; ++j) sd[j] += (xs(i, j) - mean[j]) * (xs(i, j) - mean[j]);
    for (auto& s : sd) s = det_sqrt(s / double(train.size())) + 1e-8;
    W.assign(d * K, 0);
    b.assign(K, 0);
    gW.resize(d * K);
    gb.resize(K);
    p.resize(K);
  }
  double feat(std::size_t i, std::size_t j) const { return ((*x)(i, j) - mean[j]) / sd[j]; }
  // softmax regression, full-batch gradient descent with a small L2 penalty
  void run(int epochs) {
    if (train.empty() || test.empty()) return;
    const double lr = 0.5, l2 = 1e-4;
    for (int e = 0; e < epochs; ++e, ++epochs_done) {
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
          const double g = p[k] / z - ((*labels)[i] == k ? 1.0 : 0.0);
          gb[k] += g;
          for (std::size_t j = 0; j < d; ++j) gW[j * K + k] += g * feat(i, j);
        }
      }
      const double inv = 1.0 / double(train.size());
      for (std::size_t q = 0; q < W.size(); ++q) W[q] -= lr * (gW[q] * inv + l2 * W[q]);
      for (std::size_t k = 0; k < K; ++k) b[k] -= lr * gb[k] * inv;
    }
  }
  double accuracy() const {
    if (train.empty() || test.empty()) return 0;
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
      right += best == (*labels)[i];
    }
    return double(right) / double(test.size());
  }
};

}  // namespace

double linear_separability(const Tensor2& x, const std::vector<std::uint8_t>& labels, int epochs) {
  LinearProbe probe(x, labels);
  probe.run(epochs);
  return probe.accuracy();
}

// ---- the measure in slices (DisentangleJob): the stages below, each run
// over a chunk of rows (G: kChunk images; the classifier: its own chunks of
// 500, as classify_all runs them), so the result is the one-go result.
struct DisentangleJob::Work {
  enum Stage { Images, Classify, Projection, SeparabilityZ, SeparabilityW, Interpolation, PplSetup, PplImages, PplTerms, Done };
  Stage stage = Images;
  Sequential g;
  Classifier* judge = nullptr;
  DisentangleSettings s;
  NoisePrior prior;
  std::size_t zd = 0, wd = 0, n = 0, m = 0, at = 0;
  Tensor2 z, w, images, probs;
  // path length: the four sets of codes' w (z0, z1 through the mapping) and their images
  std::array<Tensor2, 4> ppl_w, ppl_images;
  int ppl_set = 0;
  std::unique_ptr<LinearProbe> probe;  // the separability under way
  Disentanglement out;
  std::string error;
};

namespace {

// Rows [at, at + k) of x.
Tensor2 rows_at(const Tensor2& x, std::size_t at, std::size_t k) {
  const std::size_t d = x.shape()[1];
  Tensor2 part = Tensor2::from_shape({k, d});
  std::copy(x.data() + at * d, x.data() + (at + k) * d, part.data());
  return part;
}

// One chunk of images_of_w: rows [at, at + kChunk) of w into images (n rows); the next row.
std::size_t images_chunk(Sequential& g, const Tensor2& w, std::size_t at, Tensor2& images) {
  const std::size_t n = w.shape()[0], k = std::min(kChunk, n - at);
  Tensor2 part = rows_at(w, at, k), out;
  style_synthesize(g, {&part, &part, &part}, out);
  const std::size_t p = out.shape()[1];
  if (images.shape()[0] != n || images.shape()[1] != p) images = Tensor2::from_shape({n, p});
  std::copy(out.data(), out.data() + k * p, images.data() + at * p);
  return at + k;
}

}  // namespace

DisentangleJob::DisentangleJob(const Trainer& t, Classifier& judge, const DisentangleSettings& s)
    : w_(std::make_unique<Work>()) {
  Work& k = *w_;
  k.g = style_net(t, 1.0f);
  if (!style_generator(k.g)) {
    k.error = "the run's G is not style-based (no \"style\" layer)";
    k.stage = Work::Done;
    return;
  }
  k.judge = &judge;
  k.s = s;
  k.zd = static_cast<std::size_t>(t.config().noise_dim);
  k.prior = noise_prior(t.config());
  // codes and their w (the mapping network: cheap); the digit of G(z) comes in the stages
  Rng rng(s.seed, kCodeStream);
  k.n = static_cast<std::size_t>(s.codes);
  k.z = Tensor2::from_shape({k.n, k.zd});
  k.prior.sample(rng, static_cast<int>(k.n), k.z.data());
  style_map(k.g, k.z, k.w);
  k.wd = k.w.shape()[1];
}

DisentangleJob::~DisentangleJob() = default;

bool DisentangleJob::done() const { return w_->stage == Work::Done; }
const std::string& DisentangleJob::error() const { return w_->error; }
Disentanglement& DisentangleJob::result() { return w_->out; }

bool DisentangleJob::run_for(double ms) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + std::chrono::duration<double, std::milli>(ms);
  do slice();
  while (!done() && Clock::now() < end);
  return done();
}

void DisentangleJob::slice() {
  Work& k = *w_;
  Disentanglement& out = k.out;
  switch (k.stage) {
    case Work::Images:  // G(z) of every code, a chunk at a time
      k.at = images_chunk(k.g, k.w, k.at, k.images);
      if (k.at >= k.n) {
        k.at = 0;
        k.probs = Tensor2::from_shape({k.n, static_cast<std::size_t>(Classifier::kClasses)});
        k.stage = Work::Classify;
      }
      return;
    case Work::Classify: {  // the classifier's digit, 500 images at a time (as classify_all)
      const std::size_t c = std::min<std::size_t>(500, k.n - k.at);
      Tensor2 feats, probs;
      classify_all(*k.judge, rows_at(k.images, k.at, c), feats, probs);
      std::copy(probs.data(), probs.data() + probs.size(), k.probs.data() + k.at * probs.shape()[1]);
      k.at += c;
      if (k.at < k.n) return;
      out.labels.assign(k.n, 0);
      for (std::size_t i = 0; i < k.n; ++i) {
        std::size_t best = 0;
        for (std::size_t j = 1; j < k.probs.shape()[1]; ++j)
          if (k.probs(i, j) > k.probs(i, best)) best = j;
        out.labels[i] = static_cast<std::uint8_t>(best);
      }
      k.stage = Work::Projection;
      return;
    }
    case Work::Projection: {
      pca_2d(k.z, out.z_pca, out.z_explained);
      pca_2d(k.w, out.w_pca, out.w_explained);
      std::array<std::size_t, 10> count{};
      for (std::size_t i = 1; i < k.n; i += 2) ++count[out.labels[i]];
      out.chance = k.n > 1 ? double(*std::max_element(count.begin(), count.end())) / double(k.n / 2) : 0;
      k.stage = Work::SeparabilityZ;
      return;
    }
    case Work::SeparabilityZ:
    case Work::SeparabilityW: {  // 10 epochs of the regression a slice
      const bool in_z = k.stage == Work::SeparabilityZ;
      if (!k.probe) k.probe = std::make_unique<LinearProbe>(in_z ? k.z : k.w, out.labels);
      k.probe->run(std::min(10, k.s.logreg_epochs - k.probe->epochs_done));
      if (k.probe->epochs_done < k.s.logreg_epochs) return;
      (in_z ? out.separability_z : out.separability_w) = k.probe->accuracy();
      k.probe.reset();
      k.stage = in_z ? Work::SeparabilityW : Work::Interpolation;
      return;
    }
    case Work::Interpolation: {  // between codes 0 and 1, in Z (slerp) and in W (lerp)
      const std::size_t steps = static_cast<std::size_t>(std::max(2, k.s.interp_steps));
      Tensor2 zl = Tensor2::from_shape({steps, k.zd}), wl = Tensor2::from_shape({steps, k.wd});
      for (std::size_t i = 0; i < steps; ++i) {
        const double tt = double(i) / double(steps - 1);
        slerp(k.z.data(), k.z.data() + k.zd, k.zd, tt, zl.data() + i * k.zd);
        lerp(k.w.data(), k.w.data() + k.wd, k.wd, tt, wl.data() + i * k.wd);
      }
      images_of_z(k.g, zl, out.interp_z);
      images_of_w(k.g, wl, out.interp_w);
      k.stage = Work::PplSetup;
      return;
    }
    case Work::PplSetup: {  // l(t) and l(t + eps) for m pairs of codes
      Rng pr(k.s.seed, kPplStream);
      k.m = static_cast<std::size_t>(k.s.ppl_pairs);
      const std::size_t m = k.m, zd = k.zd, wd = k.wd;
      Tensor2 a = Tensor2::from_shape({m, zd}), b = Tensor2::from_shape({m, zd});
      k.prior.sample(pr, static_cast<int>(m), a.data());
      k.prior.sample(pr, static_cast<int>(m), b.data());
      std::vector<double> tt(m);
      for (auto& v : tt) v = pr.uniform() * (1.0 - k.s.ppl_eps);
      Tensor2 wa, wb;
      style_map(k.g, a, wa);
      style_map(k.g, b, wb);
      Tensor2 z0 = Tensor2::from_shape({m, zd}), z1 = z0, w0 = Tensor2::from_shape({m, wd}), w1 = w0;
      for (std::size_t i = 0; i < m; ++i) {
        slerp(a.data() + i * zd, b.data() + i * zd, zd, tt[i], z0.data() + i * zd);
        slerp(a.data() + i * zd, b.data() + i * zd, zd, tt[i] + k.s.ppl_eps, z1.data() + i * zd);
        lerp(wa.data() + i * wd, wb.data() + i * wd, wd, tt[i], w0.data() + i * wd);
        lerp(wa.data() + i * wd, wb.data() + i * wd, wd, tt[i] + k.s.ppl_eps, w1.data() + i * wd);
      }
      style_map(k.g, z0, k.ppl_w[0]);  // the Z path's images go through the mapping (images_of_z)
      style_map(k.g, z1, k.ppl_w[1]);
      k.ppl_w[2] = std::move(w0);
      k.ppl_w[3] = std::move(w1);
      k.ppl_set = 0;
      k.at = 0;
      k.stage = Work::PplImages;
      return;
    }
    case Work::PplImages:
      k.at = images_chunk(k.g, k.ppl_w[std::size_t(k.ppl_set)], k.at, k.ppl_images[std::size_t(k.ppl_set)]);
      if (k.at < k.m) return;
      k.at = 0;
      if (++k.ppl_set == 4) {
        k.ppl_set = 0;
        k.stage = Work::PplTerms;
      }
      return;
    case Work::PplTerms: {  // Z's pairs, then W's
      std::vector<double> d;
      path_terms(*k.judge, k.ppl_images[std::size_t(2 * k.ppl_set)], k.ppl_images[std::size_t(2 * k.ppl_set + 1)],
                 k.s.ppl_eps, d);
      (k.ppl_set == 0 ? out.ppl_z : out.ppl_w) = filtered_mean(d);
      if (++k.ppl_set == 2) k.stage = Work::Done;
      return;
    }
    case Work::Done: return;
  }
}

std::string measure_disentanglement(const Trainer& t, Classifier& judge, const DisentangleSettings& s,
                                    Disentanglement& out) {
  DisentangleJob job(t, judge, s);
  while (!job.run_for(1e12)) {
  }
  out = std::move(job.result());
  return job.error();
}

}  // namespace ganstep
