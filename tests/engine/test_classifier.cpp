// The quality classifier and score on synthetic "digits" (no data files:
// runs in wasm too): ten random 28 x 28 templates plus noise. The real-MNIST
// figures are checked by tests/quality (native only).
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/quality.h"

using namespace ganstep;

namespace {

// n images: class i % 10's template (pixels +-1) with uniform noise of +-0.5.
LabeledImages synthetic(std::size_t n, Rng& noise) {
  Rng templ(77, 1);  // the same templates for every call
  std::vector<float> t(10 * Classifier::kPixels);
  for (auto& v : t) v = templ.uniform() < 0.3f ? 1.0f : -1.0f;
  LabeledImages d;
  d.images = Tensor2::from_shape({n, static_cast<std::size_t>(Classifier::kPixels)});
  for (std::size_t i = 0; i < n; ++i) {
    d.labels.push_back(static_cast<std::uint8_t>(i % 10));
    for (int p = 0; p < Classifier::kPixels; ++p) {
      const float v = t[(i % 10) * Classifier::kPixels + p] + noise.uniform(-0.5f, 0.5f);
      d.images(i, p) = v < -1 ? -1 : v > 1 ? 1 : v;
    }
  }
  return d;
}

ClassifierConfig small_config() {
  ClassifierConfig c;
  c.hidden1 = 32;
  c.hidden2 = 16;
  c.epochs = 3;
  c.batch = 10;
  c.shift = 0;  // random-pixel templates are not shift-invariant
  return c;
}

}  // namespace

TEST_CASE("Classifier: learns separable classes, deterministically", "[classifier]") {
  Rng noise(78, 1);
  const LabeledImages train = synthetic(400, noise), test = synthetic(200, noise);
  Classifier a(small_config()), b(small_config());
  std::vector<double> losses;
  train_classifier(a, train, [&](int epoch, double loss) {
    CHECK(epoch == static_cast<int>(losses.size()) + 1);
    losses.push_back(loss);
  });
  REQUIRE(losses.size() == 3);
  CHECK(losses[2] < losses[0]);
  CHECK(classifier_accuracy(a, test) > 0.95);
  train_classifier(b, train);
  auto pa = a.params(), pb = b.params();
  REQUIRE(pa.size() == pb.size());
  for (std::size_t i = 0; i < pa.size(); ++i) {
    const bool same_bits = *pa[i].value == *pb[i].value;
    CHECK(same_bits);
  }
  CHECK(describe(a.config()) == "mlp 784-32-16-10 relu, epochs 3, batch 10, adam lr 0.002000, shift 0, "
                                "seed 7, train_limit 0");
}

TEST_CASE("score_samples: real beats noise and collapse; histogram and confidence", "[classifier]") {
  Rng noise(79, 1);
  const LabeledImages train = synthetic(400, noise);
  Classifier net(small_config());
  train_classifier(net, train);
  const LabeledImages real = synthetic(300, noise), held_out = synthetic(300, noise);
  const RealStats rs = real_stats(net, real.images);
  CHECK(rs.self.count == 300);
  for (double h : rs.self.class_hist) CHECK(h == Approx(0.1).margin(0.02));
  const QualityReport good = score_samples(net, held_out.images, rs);
  Tensor2 uniform = Tensor2::from_shape({300, 784});
  for (auto& v : uniform) v = noise.uniform(-1.0f, 1.0f);
  const QualityReport bad = score_samples(net, uniform, rs);
  Tensor2 collapsed = held_out.images;  // every row the first (class 0) image
  for (std::size_t i = 0; i < 300; ++i)
    for (int p = 0; p < 784; ++p) collapsed(i, p) = held_out.images(0, p);
  const QualityReport one = score_samples(net, collapsed, rs);
  INFO("FD held-out " << good.frechet << ", noise " << bad.frechet << ", collapsed " << one.frechet);
  CHECK(good.frechet * 10 < bad.frechet);
  CHECK(good.frechet * 10 < one.frechet);
  CHECK(one.class_hist[0] == 1.0);
  CHECK(one.top_class == 0);
  CHECK(good.confidence > bad.confidence);
  CHECK(good.confident >= 0.9);

  // Not 28 x 28, or fewer than two images: no score, no crash.
  const QualityReport wrong = score_samples(net, Tensor2::from_shape({5, 100}), rs);
  CHECK(wrong.count == 0);
  CHECK(std::isnan(wrong.frechet));
  CHECK(std::isnan(score_samples(net, Tensor2::from_shape({1, 784}), rs).frechet));
}

TEST_CASE("classifier: trains on at most kMaxClassifierImages images", "[classifier]") {
  // A tiny network and one epoch: the images past the cap change nothing.
  ClassifierConfig c;
  c.hidden1 = 4;
  c.hidden2 = 2;
  c.epochs = 1;
  c.shift = 0;
  auto weights = [&](std::size_t n) {
    LabeledImages data;
    data.images = xt::zeros<float>({n, std::size_t(Classifier::kPixels)});
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < std::size_t(Classifier::kPixels); j += 97)
        data.images(i, j) = float((i * 7 + j) % 13) / 6.0f - 1.0f;
    data.labels.resize(n);
    for (std::size_t i = 0; i < n; ++i) data.labels[i] = std::uint8_t(i % 10);
    Classifier net(c);
    train_classifier(net, data);
    std::vector<float> all;
    for (const Param& p : net.params()) all.insert(all.end(), p.value->begin(), p.value->end());
    return all;
  };
  const std::vector<float> capped = weights(kMaxClassifierImages);
  CHECK(weights(kMaxClassifierImages + 50) == capped);
  CHECK(weights(kMaxClassifierImages - 50) != capped);
}
