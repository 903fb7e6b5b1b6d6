// The image panels' pieces without ImGui: their layout tiles the viewport
// (hidden panels get no room and the columns close up), and SampleQuality
// trains its classifier in slices, then scores samples; it declines images it
// cannot read.
#include <catch2/catch.hpp>

#include "engine/gan/classifier_cache.h"

#include <cstdlib>
#include <filesystem>

#include "lessons/player/panel_image.h"
#include "lessons/player/sample_quality.h"

using namespace ganstep;
using namespace ganstep::ui;

TEST_CASE("image layout: panels tile the viewport without overlapping", "[image_panels]") {
  struct Size { float w, h, font; };
  struct Case { const char* what; ImageShown shown; int visible; };
  ImageShown no_right;
  no_right.d_outputs = no_right.latent = no_right.classes = false;
  ImageShown no_left;
  no_left.narration = no_left.algorithm = false;
  ImageShown grid_only;
  grid_only.narration = grid_only.algorithm = grid_only.charts = grid_only.d_outputs = grid_only.latent =
      grid_only.classes = false;
  ImageShown no_latent;
  no_latent.latent = false;
  const Case cases[] = {{"all", ImageShown{}, 8}, {"no right column", no_right, 5}, {"no left column", no_left, 6},
                        {"grid only", grid_only, 2}, {"no latent walk", no_latent, 7}};
  for (const Size& s : {Size{1280, 800, 15}, Size{1920, 1080, 15}, Size{2560, 1600, 30}, Size{1024, 700, 15}}) {
    for (const Case& c : cases) {
      INFO(s.w << "x" << s.h << ": " << c.what);
      const ImageLayout l = image_layout(0, 0, s.w, s.h, s.font, c.shown);
      const Rect all[] = {l.controls, l.narration, l.algorithm, l.samples, l.charts, l.d_outputs, l.latent, l.classes};
      float area = 0;
      int visible = 0;
      for (int i = 0; i < 8; ++i) {
        if (all[i].w <= 0 || all[i].h <= 0) continue;
        ++visible;
        CHECK(all[i].x >= 0);
        CHECK(all[i].y >= 0);
        CHECK(all[i].x + all[i].w <= s.w + 0.5f);
        CHECK(all[i].y + all[i].h <= s.h + 0.5f);
        area += all[i].w * all[i].h;
        for (int j = i + 1; j < 8; ++j)
          if (all[j].w > 0 && all[j].h > 0) CHECK_FALSE(overlaps(all[i], all[j]));
      }
      CHECK(visible == c.visible);
      CHECK(area == Approx(s.w * s.h).epsilon(1e-3));  // no gaps: the columns close up
      // The sample grid gets at least a third of the width, and a square of 8 x 29 + 1 pixels fits at 1280 x 800.
      CHECK(l.samples.w >= s.w / 3.0f - 1.0f);
      CHECK(l.samples.h >= 233.0f);
    }
  }
}

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
