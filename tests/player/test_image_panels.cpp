// The image panels' pieces without ImGui (their layout: test_layout.cpp): SampleQuality
// trains its classifier in slices, then scores samples; it declines images it
// cannot read.
#include <catch2/catch.hpp>

#include "engine/gan/classifier_cache.h"

#include <cstdlib>
#include <filesystem>

#include "lessons/player/panel_image.h"
#include "lessons/run/sample_quality.h"

using namespace ganstep;
using namespace ganstep::ui;
using ganstep::run::SampleQuality;

namespace {

// n images of 28 x 28 with labels 0..9 (a bar whose row gives the class).
std::shared_ptr<LabeledImages> bars(int n, int side = 28) {
  auto d = std::make_shared<LabeledImages>();
  d->images = Tensor2::from_shape({std::size_t(n), std::size_t(side * side)});
  for (int i = 0; i < n; ++i) {
    const int label = i % 10;
    d->labels.push_back(static_cast<std::uint8_t>(label));
    for (int p = 0; p < side * side; ++p) {
      const int y = p / side;
      d->images(i, p) = (y >= 2 + 2 * label && y < 4 + 2 * label) ? 1.0f : -1.0f;
    }
  }
  return d;
}

struct NoCache {  // an empty GANSTEP_CACHE_DIR: SampleQuality trains its own
  std::string dir = (std::filesystem::temp_directory_path() / "ganstep_image_panels_cache").string();
  NoCache() {
    std::filesystem::create_directories(dir);
    ganstep::set_classifier_cache_dir(dir);
  }
  ~NoCache() {
    ganstep::set_classifier_cache_dir("");
    std::filesystem::remove_all(dir);
  }
};

}  // namespace

TEST_CASE("sample quality: trains in slices, then scores; declines other images", "[image_panels]") {
  NoCache cache;
  SampleQuality q;
  CHECK_FALSE(q.usable());
  CHECK(q.score(Tensor2::from_shape({4, 784})).count == 0);
  q.start(bars(640));  // 10 minibatches an epoch
  REQUIRE(q.usable());
  CHECK_FALSE(q.ready());
  CHECK_FALSE(q.from_cache());
  CHECK(q.progress() == 0.0);
  double last = 0;
  int slices = 0;
  while (!q.ready() && slices < 100) {
    q.train_for(0.0);  // one minibatch per slice
    CHECK(q.progress() >= last);
    last = q.progress();
    ++slices;
  }
  REQUIRE(q.ready());
  CHECK(slices >= SampleQuality::kEpochs * 10);  // every minibatch of both epochs, one at a time
  CHECK(slices <= SampleQuality::kEpochs * 10 + 1);
  CHECK(q.progress() == 1.0);
  // The real bars: the classifier learnt them, and its histogram of them is their label mix.
  double sum = 0;
  for (double f : q.real().self.class_hist) sum += f;
  CHECK(sum == Approx(1.0));
  CHECK(q.real().self.confidence > 0.5);
  // Real bars score close to the reference; noise scores far.
  auto real = bars(64);
  const QualityReport near = q.score(real->images);
  Tensor2 noise = Tensor2::from_shape({64, 784});
  Rng r(5, 6);
  for (auto& v : noise) v = 2.0f * static_cast<float>(r.below(1000)) / 1000.0f - 1.0f;
  const QualityReport far = q.score(noise);
  CHECK(near.count == 64);
  CHECK(far.count == 64);
  CHECK(near.frechet < far.frechet);
  // The floor the panel shows beside the samples' score: 64 real digits scored the same way
  // (here the first 64 bars, as 640 leave no 64 beyond the 640 behind the statistics).
  CHECK(q.real().self.frechet == near.frechet);
  CHECK(q.real().self.frechet > 0);
  // Not 28 x 28 digits, or too few: no judge.
  SampleQuality small;
  small.start(bars(640, 8));
  CHECK_FALSE(small.usable());
  CHECK_FALSE(small.train_for(1.0));
  SampleQuality few;
  few.start(bars(10));
  CHECK_FALSE(few.usable());
  SampleQuality none;
  none.start(nullptr);
  CHECK_FALSE(none.usable());
}
