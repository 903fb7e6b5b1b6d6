// A small MNIST classifier trained with our own engine, the feature extractor
// of the quality metric (engine/gan/quality.h).
//   x: (B, 784) images in [-1, 1] (G's tanh range; real pixels p map to p/127.5 - 1)
//   body:  Linear 784 -> h1, ReLU, Linear h1 -> h2, ReLU     features: (B, h2)
//   head:  Linear h2 -> 10                                   logits:   (B, 10)
// The body sees (x + 1) / 2 in [0, 1]. Trained with softmax cross-entropy and
// Adam (lr decaying linearly to lr / 10), minibatches from a seeded
// shuffle, each image shifted by up to `shift` pixels (deterministic: our Rng).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/linear.h"
#include "engine/nn/mlp.h"
#include "engine/optim/optimizer.h"

namespace ganstep {

// Images with their labels: images (N, 784) in [-1, 1], labels N values 0..9.
struct LabeledImages {
  Tensor2 images;
  std::vector<std::uint8_t> labels;
  std::size_t size() const { return labels.size(); }
};

// The classifier trains on at most this many images (the first ones): a
// data set's size never makes its training longer than Fashion-MNIST's
// 60,000 (MNIST's 8,995 set-up digits are all used).
constexpr std::size_t kMaxClassifierImages = 60000;

struct ClassifierConfig {
  int hidden1 = 256;
  int hidden2 = 128;       // the feature dimension
  int epochs = 8;
  int batch = 64;
  float lr = 2e-3f;
  int shift = 1;           // augmentation: random shift of up to this many pixels
  std::uint64_t seed = 7;
  int train_limit = 0;     // train on the first N images only (0: all, up to kMaxClassifierImages)
};

// One line naming every setting: part of the cache key.
std::string describe(const ClassifierConfig& c);

class Classifier {
 public:
  static constexpr int kSide = 28, kPixels = 784, kClasses = 10;

  explicit Classifier(const ClassifierConfig& c = {});
  void init(Rng& rng);

  // Forward pass of a batch; the results stay valid until the next call.
  void forward(const Tensor2& x);
  const Tensor2& features() const { return features_; }  // (B, h2)
  const Tensor2& logits() const { return logits_; }      // (B, 10)
  // dx (B, 784) = d(sum of dfeatures * features) / dx at the last forward's x
  // (the body's input gradient; no parameter gradients): what a loss on the
  // features asks of the image (engine/gan/latent_search.h).
  void input_gradient(const Tensor2& dfeatures, Tensor2& dx);

  // One Adam step on a labelled batch; returns the batch's mean loss.
  double train_step(const Tensor2& x, const std::uint8_t* labels, Optimizer& opt);

  std::vector<Param> params();
  const ClassifierConfig& config() const { return config_; }
  int feature_dim() const { return config_.hidden2; }

 private:
  ClassifierConfig config_;
  Mlp body_;
  Linear head_;
  Tensor2 x01_, features_, logits_, per_sample_, dlogits_, dfeatures_;
};

// Trains a freshly initialised classifier on `train` (config.epochs epochs).
// progress(epoch, mean loss of that epoch) is called after each epoch.
void train_classifier(Classifier& net, const LabeledImages& train,
                      const std::function<void(int, double)>& progress = nullptr);

// Fraction of `test` classified correctly.
double classifier_accuracy(Classifier& net, const LabeledImages& test);

// Features (N, h2) and class probabilities (N, 10) of many images, in batches.
// Images that are not (N, 784) give empty (0-row) results.
void classify_all(Classifier& net, const Tensor2& images, Tensor2& features, Tensor2& probs);

// Pixels 0..255 to the classifier's [-1, 1] input range.
inline float pixel_to_unit(std::uint8_t p) { return static_cast<float>(p) / 127.5f - 1.0f; }

}  // namespace ganstep
