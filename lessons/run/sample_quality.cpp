#include "lessons/run/sample_quality.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <numeric>

#include "engine/gan/classifier_cache.h"

namespace ganstep::run {
namespace {

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

void SampleQuality::start(std::shared_ptr<const LabeledImages> data) {
  *this = SampleQuality();
  if (!data || data->size() < static_cast<std::size_t>(kBatch) ||
      data->images.shape()[1] != static_cast<std::size_t>(Classifier::kPixels))
    return;  // not 28 x 28 digits: no judge
  data_ = std::move(data);
  // The quality metric's classifier, when its cache file for these digits exists.
  {
    const ClassifierConfig metric;
    auto net = std::make_unique<Classifier>(metric);
    if (load_cached_classifier(*data_, metric, classifier_cache_dir(), *net).empty()) {
      net_ = std::move(net);
      finish();
      from_cache_ = true;
      return;
    }
  }
  ClassifierConfig c;
  c.epochs = kEpochs;
  net_ = std::make_unique<Classifier>(c);
  rng_ = Rng(c.seed, 0x636c617373ULL);  // "class", as train_classifier
  net_->init(rng_);
  OptimizerConfig oc;
  oc.kind = OptKind::Adam;
  oc.lr = c.lr;
  opt_ = Optimizer(oc);
  order_.resize(data_->size());
  std::iota(order_.begin(), order_.end(), 0u);
  next_ = order_.size();  // shuffle first
  y_.resize(kBatch);
}

double SampleQuality::progress() const {
  if (ready_) return 1.0;
  if (!usable() || order_.empty()) return 0.0;
  const double per = static_cast<double>(order_.size());
  if (epoch_ < 0) return 0.0;
  return std::min(1.0, (epoch_ + std::min(1.0, static_cast<double>(next_) / per)) / kEpochs);
}

bool SampleQuality::train_for(double budget_ms) {
  if (ready_ || !usable()) return ready_;
  const auto t0 = std::chrono::steady_clock::now();
  const std::size_t n = order_.size(), B = kBatch;
  do {
    if (next_ + B > n) {  // an epoch ends (the ragged tail waits for the next shuffle)
      if (++epoch_ >= kEpochs) break;
      opt_.config.lr = net_->config().lr * (epoch_ == 0 ? 1.0f : 0.1f);
      for (std::size_t i = n; i > 1; --i) std::swap(order_[i - 1], order_[rng_.below(static_cast<std::uint32_t>(i))]);
      next_ = 0;
    }
    ensure_shape(x_, B, Classifier::kPixels);
    for (std::size_t r = 0; r < B; ++r) {
      const std::uint32_t k = order_[next_ + r];
      std::memcpy(x_.data() + r * Classifier::kPixels, data_->images.data() + std::size_t(k) * Classifier::kPixels,
                  sizeof(float) * Classifier::kPixels);
      y_[r] = data_->labels[k];
    }
    net_->train_step(x_, y_.data(), opt_);
    next_ += B;
  } while (ms_since(t0) < budget_ms);
  if (epoch_ >= kEpochs) finish();
  train_ms_ += ms_since(t0);
  return ready_;
}

void SampleQuality::finish() {
  const std::size_t m = std::min<std::size_t>(kRealForStats, data_->size());
  Tensor2 real = Tensor2::from_shape({m, std::size_t(Classifier::kPixels)});
  std::memcpy(real.data(), data_->images.data(), sizeof(float) * m * Classifier::kPixels);
  real_ = real_stats(*net_, real);
  // The floor for the panel's 64 samples: 64 other real digits scored the same way.
  const std::size_t k = kFloorSamples, from = data_->size() >= m + k ? m : 0;
  Tensor2 others = Tensor2::from_shape({k, std::size_t(Classifier::kPixels)});
  std::memcpy(others.data(), data_->images.data() + from * Classifier::kPixels, sizeof(float) * k * Classifier::kPixels);
  real_.self.frechet = score_samples(*net_, others, real_).frechet;
  ready_ = true;
}

QualityReport SampleQuality::score(const Tensor2& images) {
  if (!ready_) return QualityReport{};
  return score_samples(*net_, images, real_);
}

}  // namespace ganstep::run
