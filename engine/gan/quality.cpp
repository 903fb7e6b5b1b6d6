#include "engine/gan/quality.h"

#include <algorithm>

namespace ganstep {
namespace {

// Histogram, confidence and top class from class probabilities (N, 10).
void summarise(const Tensor2& probs, QualityReport& r) {
  const std::size_t N = probs.shape()[0];
  constexpr int C = Classifier::kClasses;
  std::array<std::size_t, C> counts{};
  double conf = 0.0;
  std::size_t confident = 0;
  for (std::size_t i = 0; i < N; ++i) {
    const float* p = probs.data() + i * C;
    const int best = static_cast<int>(std::max_element(p, p + C) - p);
    ++counts[best];
    conf += p[best];
    confident += p[best] >= 0.9f;
  }
  r.count = static_cast<int>(N);
  const double inv = N ? 1.0 / static_cast<double>(N) : 0.0;
  for (int c = 0; c < C; ++c) r.class_hist[c] = static_cast<double>(counts[c]) * inv;
  r.confidence = conf * inv;
  r.confident = static_cast<double>(confident) * inv;
  r.top_class = static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

}  // namespace

RealStats real_stats(Classifier& net, const Tensor2& real_images) {
  RealStats s;
  Tensor2 features, probs;
  classify_all(net, real_images, features, probs);
  s.features = gaussian_stats(features);
  with_sqrt(s.features);
  summarise(probs, s.self);
  return s;
}

QualityReport score_samples(Classifier& net, const Tensor2& images, const RealStats& real) {
  QualityReport r;
  r.frechet = 0.0 / 0.0;
  Tensor2 features, probs;
  classify_all(net, images, features, probs);
  if (features.shape()[0] < 2) return r;
  summarise(probs, r);
  r.frechet = frechet_distance(real.features, gaussian_stats(features));
  return r;
}

}  // namespace ganstep
