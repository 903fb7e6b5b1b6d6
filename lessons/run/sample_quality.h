// The classes panel's judge: the MNIST classifier of the quality metric
// (engine/gan/classifier.h, quality.h). When the quality metric's cached
// classifier for these digits is at hand (classifier_cache.h: made natively
// by `ganstep run` or `ganstep quality`) it is loaded; otherwise (always in
// the web page without its data package) one is trained beside the run
// (RunHost: a views command trains a little), a minibatch or so at a
// time (2 epochs, no augmentation), so training never stalls long. Once ready it scores G's
// samples: the predicted-class histogram and the Fréchet distance of their
// features to those of real digits. No ImGui; deterministic (its own Rng).
//   images: (N, 784) in [-1, 1]
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/core/rng.h"
#include "engine/gan/classifier.h"
#include "engine/gan/quality.h"
#include "engine/optim/optimizer.h"

namespace ganstep::run {

class SampleQuality {
 public:
  static constexpr int kEpochs = 2;
  static constexpr int kBatch = 64;
  static constexpr int kRealForStats = 1000;  // real digits behind the reference statistics
  static constexpr int kFloorSamples = 64;    // as many real digits as the sample grid, for real().self.frechet

  // Starts over on a data set (images must be (N, 784); otherwise usable() is false).
  void start(std::shared_ptr<const LabeledImages> data);
  bool usable() const { return data_ != nullptr; }
  bool ready() const { return ready_; }
  bool from_cache() const { return from_cache_; }  // the cached classifier of the quality metric
  // Trains minibatches for about budget_ms (at least one); true once ready.
  bool train_for(double budget_ms);
  // 0..1 of the training done.
  double progress() const;
  double train_ms() const { return train_ms_; }   // spent so far
  // The real digits' statistics; self.frechet is the Fréchet distance of 64
  // other real digits to them: the floor of a 64-sample score (biased upwards
  // like the samples'), which the classes panel shows beside the samples'.
  const RealStats& real() const { return real_; }
  // Scores samples; count 0 when not ready.
  QualityReport score(const Tensor2& images);
  // The classifier itself (once ready): the judge of other measures (engine/gan/disentangle.h).
  Classifier& classifier() { return *net_; }

 private:
  void finish();  // the real digits' statistics; ready
  std::shared_ptr<const LabeledImages> data_;
  std::unique_ptr<Classifier> net_;
  Optimizer opt_;
  Rng rng_;
  std::vector<std::uint32_t> order_;
  std::size_t next_ = 0;  // position in order_
  int epoch_ = -1;  // -1: not started
  bool ready_ = false;
  bool from_cache_ = false;
  double train_ms_ = 0;
  RealStats real_;
  Tensor2 x_;
  std::vector<std::uint8_t> y_;
};

}  // namespace ganstep::run
