// `ganstep quality`: the quality metric's MNIST classifier (engine/gan/
// classifier_cache.h), trained on the train split on first use and cached,
// then checked on the held-out split:
//   accuracy     the fraction of held-out digits classified right
//   frechet      the Fréchet distance of up to 1000 held-out digits to the
//                training digits: the floor that samples of a perfect G would
//                reach with the same sample count (ganstep run scores 1000)
#include <chrono>
#include <cstdio>
#include <memory>

#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_data.h"
#include "engine/gan/quality.h"
#include "engine/io/json.h"
#include "native/cli/commands.h"

namespace ganstep::cli {

int quality_command(const QualityOptions& o) {
  const ImageShape shape{1, Classifier::kSide, Classifier::kSide};
  LabeledImages train, test;
  std::string e = load_image_data("mnist", o.data, shape, ImageSplit::Train, train);
  if (e.empty()) e = load_image_data("mnist", o.data, shape, ImageSplit::Test, test);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  const ClassifierConfig config;
  Classifier net(config);
  CacheResult cache;
  e = cached_classifier(
      train, config, classifier_cache_dir(), net,
      [](const std::string& s) { std::fprintf(stderr, "ganstep: %s\n", s.c_str()); }, &cache);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  const double accuracy = classifier_accuracy(net, test);
  const std::size_t n = std::min<std::size_t>(1000, test.size());
  Tensor2 held_out = Tensor2::from_shape({n, std::size_t(Classifier::kPixels)});
  std::copy_n(test.images.data(), n * Classifier::kPixels, held_out.data());
  const RealStats real = real_stats(net, train.images);
  const QualityReport q = score_samples(net, held_out, real);
  if (o.json) {
    Json j;
    j.field("classifier", describe(config)).field("cache", cache.path).field("trained", cache.trained);
    j.field("train_images", static_cast<long long>(train.size()));
    j.field("test_images", static_cast<long long>(test.size())).field("accuracy", accuracy);
    j.field("frechet_samples", static_cast<long long>(n)).field("frechet", q.frechet);
    j.field("confidence", q.confidence);
    std::printf("%s\n", j.str().c_str());
    return 0;
  }
  std::printf("classifier: %s\n", describe(config).c_str());
  if (cache.trained)
    std::printf("trained on %zu digits in %.1f s; cached in %s\n", train.size(), cache.seconds,
                cache.path.c_str());
  else
    std::printf("loaded from %s\n", cache.path.c_str());
  std::printf("accuracy on the %zu held-out digits: %.2f%%\n", test.size(), 100.0 * accuracy);
  std::printf(
      "Frechet distance of %zu held-out digits to the training digits: %.3f (the floor for %zu samples)\n", n,
      q.frechet, n);
  std::printf("held-out digits' mean top-class confidence: %.3f\n", q.confidence);
  return 0;
}

}  // namespace ganstep::cli
