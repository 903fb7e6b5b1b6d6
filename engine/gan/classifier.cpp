#include "engine/gan/classifier.h"

#include <algorithm>
#include <numeric>

#include "engine/nn/loss.h"

namespace ganstep {
namespace {

MlpSpec body_spec(const ClassifierConfig& c) {
  MlpSpec s;
  s.in = Classifier::kPixels;
  s.hidden = {{c.hidden1, Act::ReLU}};
  s.out = c.hidden2;
  s.out_act = Act::ReLU;
  return s;
}

// dst = src shifted by (dx, dy) pixels, vacated pixels set to -1 (background).
void shifted_copy(const float* src, float* dst, int dx, int dy) {
  constexpr int S = Classifier::kSide;
  for (int y = 0; y < S; ++y)
    for (int x = 0; x < S; ++x) {
      const int sx = x - dx, sy = y - dy;
      dst[y * S + x] = (sx >= 0 && sx < S && sy >= 0 && sy < S) ? src[sy * S + sx] : -1.0f;
    }
}

}  // namespace

std::string describe(const ClassifierConfig& c) {
  return "mlp 784-" + std::to_string(c.hidden1) + "-" + std::to_string(c.hidden2) +
         "-10 relu, epochs " + std::to_string(c.epochs) + ", batch " + std::to_string(c.batch) +
         ", adam lr " + std::to_string(c.lr) + ", shift " + std::to_string(c.shift) + ", seed " +
         std::to_string(c.seed) + ", train_limit " + std::to_string(c.train_limit);
}

Classifier::Classifier(const ClassifierConfig& c)
    : config_(c), body_(body_spec(c)), head_(c.hidden2, kClasses) {}

void Classifier::init(Rng& rng) {
  body_.init(rng);
  head_.init(rng);
}

void Classifier::forward(const Tensor2& x) {
  // [-1, 1] -> [0, 1]: a background of 0 trains faster than one of -1.
  ensure_shape(x01_, x.shape()[0], x.shape()[1]);
  const float* xp = x.data();
  float* up = x01_.data();
  for (std::size_t i = 0; i < x.size(); ++i) up[i] = 0.5f * xp[i] + 0.5f;
  features_ = body_.forward(x01_);
  head_.forward(features_, logits_);
}

double Classifier::train_step(const Tensor2& x, const std::uint8_t* labels, Optimizer& opt) {
  forward(x);
  const double loss = softmax_cross_entropy(logits_, labels, per_sample_, dlogits_);
  head_.backward(dlogits_, dfeatures_, true);
  body_.backward_params(dfeatures_);
  auto ps = params();
  opt.step(ps);
  return loss;
}

void Classifier::input_gradient(const Tensor2& dfeatures, Tensor2& dx) {
  body_.backward(dfeatures, dx, false);
  float* d = dx.data();
  for (std::size_t i = 0; i < dx.size(); ++i) d[i] *= 0.5f;  // x01 = x / 2 + 1 / 2
}

std::vector<Param> Classifier::params() {
  std::vector<Param> all = body_.params();
  for (auto& p : head_.params()) {
    p.name = "head." + p.name;
    all.push_back(p);
  }
  return all;
}

void train_classifier(Classifier& net, const LabeledImages& train,
                      const std::function<void(int, double)>& progress) {
  const ClassifierConfig& c = net.config();
  Rng rng(c.seed, 0x636c617373ULL);  // "class"
  net.init(rng);
  OptimizerConfig oc;
  oc.kind = OptKind::Adam;
  oc.lr = c.lr;
  Optimizer opt(oc);
  std::size_t n = std::min(train.size(), kMaxClassifierImages);
  if (c.train_limit > 0) n = std::min(n, static_cast<std::size_t>(c.train_limit));
  const std::size_t B = static_cast<std::size_t>(std::max(1, c.batch));
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  Tensor2 x;
  std::vector<std::uint8_t> y(B);
  for (int epoch = 0; epoch < c.epochs; ++epoch) {
    // Learning rate decays linearly from lr to lr / 10 over the epochs.
    const float frac = c.epochs > 1 ? static_cast<float>(epoch) / static_cast<float>(c.epochs - 1) : 0.0f;
    opt.config.lr = c.lr * (1.0f - 0.9f * frac);
    for (std::size_t i = n; i > 1; --i)  // Fisher-Yates
      std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);
    double sum = 0.0;
    std::size_t batches = 0;
    for (std::size_t start = 0; start + B <= n; start += B) {  // the ragged tail waits for the next shuffle
      ensure_shape(x, B, Classifier::kPixels);
      for (std::size_t r = 0; r < B; ++r) {
        const std::uint32_t k = order[start + r];
        const int span = 2 * c.shift + 1;
        const int dx = c.shift ? static_cast<int>(rng.below(span)) - c.shift : 0;
        const int dy = c.shift ? static_cast<int>(rng.below(span)) - c.shift : 0;
        shifted_copy(train.images.data() + static_cast<std::size_t>(k) * Classifier::kPixels,
                     x.data() + r * Classifier::kPixels, dx, dy);
        y[r] = train.labels[k];
      }
      sum += net.train_step(x, y.data(), opt);
      ++batches;
    }
    if (progress) progress(epoch + 1, batches ? sum / static_cast<double>(batches) : 0.0);
  }
}

void classify_all(Classifier& net, const Tensor2& images, Tensor2& features, Tensor2& probs) {
  const std::size_t N = images.shape()[0], D = static_cast<std::size_t>(net.feature_dim());
  const bool fits = images.shape()[1] == static_cast<std::size_t>(Classifier::kPixels);
  features = Tensor2::from_shape({fits ? N : 0, D});
  probs = Tensor2::from_shape({fits ? N : 0, static_cast<std::size_t>(Classifier::kClasses)});
  if (!fits) return;  // not 28 x 28 images: nothing to classify
  constexpr std::size_t kChunk = 500;
  Tensor2 x, p;
  for (std::size_t start = 0; start < N; start += kChunk) {
    const std::size_t m = std::min(kChunk, N - start);
    ensure_shape(x, m, Classifier::kPixels);
    std::copy_n(images.data() + start * Classifier::kPixels, m * Classifier::kPixels, x.data());
    net.forward(x);
    softmax_rows(net.logits(), p);
    std::copy_n(net.features().data(), m * D, features.data() + start * D);
    std::copy_n(p.data(), m * Classifier::kClasses, probs.data() + start * Classifier::kClasses);
  }
}

double classifier_accuracy(Classifier& net, const LabeledImages& test) {
  Tensor2 features, probs;
  classify_all(net, test.images, features, probs);
  std::size_t right = 0;
  for (std::size_t i = 0; i < test.size(); ++i) {
    const float* p = probs.data() + i * Classifier::kClasses;
    const int best = static_cast<int>(std::max_element(p, p + Classifier::kClasses) - p);
    right += best == test.labels[i];
  }
  return test.size() ? static_cast<double>(right) / static_cast<double>(test.size()) : 0.0;
}

}  // namespace ganstep
