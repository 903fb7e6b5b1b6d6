// Finding a latent code (engine/gan/latent_search.h), the encoder
// (latent_encoder.h) and the starting models' cache (starting_models.h):
// dL/dz through the whole G by finite differences (pixel and feature loss),
// the classifier's input gradient, the known-z sanity case, determinism, and
// the cache (trains once, loads the same bits, refuses without training).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <mutex>

#include "engine/core/parallel.h"
#include "engine/gan/detect.h"
#include "engine/gan/image_checkpoint.h"
#include "engine/gan/latent_encoder.h"
#include "engine/gan/latent_search.h"
#include "engine/gan/starting_models.h"
#include "tests/engine/gradcheck.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::testing;

namespace {

constexpr int kZ = 8;

// Lesson 8's generator at a small width: dense, batch norm, two transposed convolutions.
std::vector<LayerSpec> small_g() {
  return {dense(7 * 7 * 8, false),         act(LayerKind::BatchNorm), act(LayerKind::ReLU), reshape(8, 7, 7),
          [] {
            LayerSpec l = conv(LayerKind::ConvT, 4, 4, 2, 1);
            l.bias = false;
            return l;
          }(),
          act(LayerKind::BatchNorm),       act(LayerKind::ReLU),      conv(LayerKind::ConvT, 1, 4, 2, 1),
          act(LayerKind::Tanh)};
}

// The small G with batch-norm running statistics that are not the identity.
Sequential small_generator(std::uint64_t seed) {
  Sequential g;
  Rng init(seed, 1);
  REQUIRE(build_network(small_g(), ImageShape{kZ, 1, 1}, init, g) == "");
  // Digits with contrast: a fresh G draws nearly flat grey, so scale its last weights up.
  Tensor2* last = nullptr;
  for (const Param& p : g.params())
    if (p.value->shape()[0] > 1 && p.value->shape()[1] > 1) last = p.value;
  REQUIRE(last);
  for (auto& v : *last) v *= 6.0f;
  g.set_training(true);
  Rng noise(seed, 2);
  Tensor2 z = Tensor2::from_shape({std::size_t(32), std::size_t(kZ)});
  for (int i = 0; i < 5; ++i) {
    noise.fill_normal(z.data(), static_cast<int>(z.size()));
    g.forward(z);
  }
  g.set_training(false);
  return g;
}

std::shared_ptr<Classifier> small_classifier() {
  ClassifierConfig c;
  c.hidden1 = 32;
  c.hidden2 = 16;
  auto f = std::make_shared<Classifier>(c);
  Rng rng(3, 4);
  f->init(rng);
  return f;
}

LatentNets nets(bool with_classifier) {
  LatentNets n;
  n.g = small_generator(11);
  if (with_classifier) n.f = small_classifier();
  n.prior = make_noise_prior(NoiseKind::Gaussian, kZ, 0);
  return n;
}

Tensor2 image_of(LatentSearch& s, std::uint64_t seed, Tensor2* z_out = nullptr) {
  Tensor2 z = Tensor2::from_shape({std::size_t(1), std::size_t(kZ)});
  Rng rng(seed, 9);
  rng.fill_normal(z.data(), kZ);
  Tensor2 x;
  s.generate(z, x);
  if (z_out) *z_out = z;
  return x;
}

// dL/dz (summed over rows) against central differences.
void check_z_gradient(float pixel_weight, float feature_weight) {
  LatentSearchConfig c;
  c.pixel_weight = pixel_weight;
  c.feature_weight = feature_weight;
  c.starts = 2;
  LatentSearch s(nets(feature_weight > 0), c);
  REQUIRE(s.ok());
  s.set_target(image_of(s, 5));
  Tensor2 z = s.state().z;
  Tensor2 grad;
  s.loss_at(z, &grad);
  auto f = [&]() {
    const LatentLoss l = s.loss_at(z, nullptr);
    return l.total[0] + l.total[1];
  };
  double largest = 0;
  for (float g : grad) largest = std::max(largest, double(std::fabs(g)));
  CHECK(largest > 0.01);  // the check below is not lost in its absolute tolerance
  gradcheck::Stats st;
  gradcheck::check_entries(z, grad, f, st, "dL/dz", true, 1e-3f);
  CHECK(st.failed == 0);
  CHECK(st.checked >= 8);  // of 16: the rest cross a ReLU kink
}

}  // namespace

TEST_CASE("latent search: dL/dz through the whole G matches finite differences (pixel, feature, both)",
          "[latent]") {
  SECTION("pixel MSE") { check_z_gradient(100.0f, 0.0f); }
  SECTION("feature loss") { check_z_gradient(0.0f, 100.0f); }
  SECTION("both") { check_z_gradient(50.0f, 50.0f); }
}

TEST_CASE("classifier: input_gradient is d(features . R)/dx", "[latent][classifier]") {
  auto f = small_classifier();
  Rng rng(1, 2);
  Tensor2 x = gradcheck::random_tensor(rng, 2, 784, -1.0f, 1.0f);
  f->forward(x);
  const Tensor2 R = gradcheck::random_tensor(rng, 2, 16, -1.0f, 1.0f);
  Tensor2 dx;
  f->input_gradient(R, dx);
  auto obj = [&]() {
    f->forward(x);
    return gradcheck::dot(f->features(), R);
  };
  // 784 x 2 entries: check every 7th.
  Tensor2 some = Tensor2::from_shape({std::size_t(1), std::size_t(224)});
  Tensor2 some_grad = some;
  for (std::size_t i = 0; i < 224; ++i) some_grad.data()[i] = dx.data()[i * 7];
  gradcheck::Stats st;
  for (std::size_t i = 0; i < 224; ++i) {
    Tensor2 one = Tensor2::from_shape({std::size_t(1), std::size_t(1)});
    Tensor2 one_grad = one;
    one_grad(0, 0) = some_grad.data()[i];
    float& v = x.data()[i * 7];
    one(0, 0) = v;
    auto fi = [&]() {
      const float keep = v;
      v = one(0, 0);
      const double r = obj();
      v = keep;
      return r;
    };
    gradcheck::check_entries(one, one_grad, fi, st, "dx", true);
  }
  CHECK(st.failed == 0);
  CHECK(st.checked > 150);
}

TEST_CASE("latent search: a digit G made from a known z is found again (MSE < 1e-3)", "[latent]") {
  LatentSearchConfig c;
  c.lr = 0.05f;
  c.feature_weight = 0.0f;
  c.starts = 4;
  c.seed = 3;
  LatentSearch s(nets(false), c);
  REQUIRE(s.ok());
  Tensor2 z_true;
  s.set_target(image_of(s, 21, &z_true));
  const double start = s.best_loss();
  int updates = 0;
  while (s.best_loss() >= 1e-3 && updates < 600) {
    s.step();
    ++updates;
  }
  INFO("start MSE " << start << ", after " << updates << " updates " << s.best_loss());
  CHECK(start > 1e-2);
  CHECK(s.best_loss() < 1e-3);
  CHECK(s.state().updates == updates);
}

TEST_CASE("latent search: deterministic, restarts draw new codes, settings are checked", "[latent]") {
  LatentSearchConfig c;
  c.starts = 3;
  LatentSearch a(nets(true), c), b(nets(true), c);
  const Tensor2 x = image_of(a, 4);
  a.set_target(x);
  b.set_target(x);
  for (int i = 0; i < 5; ++i) {
    a.step();
    b.step();
  }
  CHECK(a.state_hash_hex() == b.state_hash_hex());
  const std::string before = a.state_hash_hex();
  a.restart();
  CHECK(a.state().restart == 1);
  CHECK(a.state().updates == 0);
  CHECK(a.state_hash_hex() != before);
  // A saved state restores exactly.
  const LatentState saved = b.state();
  b.step();
  const std::string next = b.state_hash_hex();
  b.set_state(saved);
  b.step();
  CHECK(b.state_hash_hex() == next);

  LatentSearchConfig bad = c;
  bad.starts = 0;
  CHECK(a.set_config(bad) == "starts must be 1..16");
  bad = c;
  bad.pixel_weight = 0;
  bad.feature_weight = 0;
  CHECK_THAT(a.set_config(bad), Catch::Contains("nothing to find"));
  bad = c;
  bad.feature_weight = 1;
  LatentSearch no_f(nets(false), bad);
  CHECK(no_f.error() == "feature_weight > 0 needs the quality classifier");
}

TEST_CASE("latent search: set_targets inverts each row on its own (as one search per digit)", "[latent][detect]") {
  LatentSearchConfig c;
  c.seed = 5;
  LatentSearch many(nets(true), c);
  Tensor2 x = Tensor2::from_shape({std::size_t(3), std::size_t(784)});
  for (std::size_t r = 0; r < 3; ++r) {
    const Tensor2 one = image_of(many, 40 + r);
    std::copy_n(one.data(), 784, x.data() + r * 784);
  }
  many.set_targets(x);
  REQUIRE(many.state().z.shape()[0] == 3);
  const Tensor2 z0 = many.state().z;
  for (int i = 0; i < 8; ++i) many.step();
  for (std::size_t r = 0; r < 3; ++r) {
    LatentSearch one(nets(true), c);
    Tensor2 xr = Tensor2::from_shape({std::size_t(1), std::size_t(784)});
    std::copy_n(x.data() + r * 784, 784, xr.data());
    one.set_target(xr);
    Tensor2 zr = Tensor2::from_shape({std::size_t(1), std::size_t(kZ)});
    std::copy_n(z0.data() + r * kZ, kZ, zr.data());
    one.start_from(zr);
    for (int i = 0; i < 8; ++i) one.step();
    INFO("row " << r);
    CHECK(many.state().loss.total[r] == Approx(one.state().loss.total[0]).epsilon(1e-4));
    CHECK(many.state().loss.pixel[r] == Approx(one.state().loss.pixel[0]).epsilon(1e-4));
  }
  // A single target still means `starts` codes for it.
  many.set_target(image_of(many, 40));
  CHECK(many.state().z.shape()[0] == 1);
}

TEST_CASE("detect: G's own digits re-synthesise closer than other images; rows scored independently",
          "[latent][detect]") {
  LatentNets n = nets(true);
  Sequential d;
  Rng init(9, 1);
  REQUIRE(build_network({dense(1)}, ImageShape{784, 1, 1}, init, d) == "");
  d.set_training(false);
  DetectNets dn{n, nullptr, &d};
  DetectConfig c;
  c.search.lr = 0.05f;
  c.search.feature_weight = 0.0f;
  c.updates = 150;
  // 4 of G's digits, and 4 images G cannot draw (blocks of ink at random places).
  LatentSearch probe(nets(false), c.search);
  Tensor2 fakes = Tensor2::from_shape({std::size_t(4), std::size_t(784)});
  Tensor2 others = Tensor2::from_shape({std::size_t(4), std::size_t(784)});
  others.fill(-1.0f);
  Rng place(3, 3);
  for (std::size_t r = 0; r < 4; ++r) {
    const Tensor2 one = image_of(probe, 60 + r);
    std::copy_n(one.data(), 784, fakes.data() + r * 784);
    const int x0 = static_cast<int>(place.uniform() * 18), y0 = static_cast<int>(place.uniform() * 18);
    for (int y = y0; y < y0 + 10; ++y)
      for (int x = x0; x < x0 + 10; ++x) others(r, std::size_t(y * 28 + x)) = 1.0f;
  }
  std::vector<DigitScore> fake_scores, other_scores;
  REQUIRE(score_digits(dn, c, fakes, fake_scores) == "");
  REQUIRE(score_digits(dn, c, others, other_scores) == "");
  REQUIRE(fake_scores.size() == 4);
  REQUIRE(other_scores.size() == 4);
  const RocCurve roc = detector_roc(other_scores, fake_scores, Detector::Resynthesis);
  INFO("fake errors " << fake_scores[0].error << " " << fake_scores[1].error << ", others " << other_scores[0].error);
  CHECK(roc.auc == 1.0);  // every fake re-synthesised closer than every block
  for (const auto& s : fake_scores) {
    CHECK(s.confidence > 0.1);
    CHECK(s.confidence <= 1.0);
  }
  // A digit's scores do not depend on its batch.
  Tensor2 first = Tensor2::from_shape({std::size_t(1), std::size_t(784)});
  std::copy_n(fakes.data(), 784, first.data());
  std::vector<DigitScore> alone;
  REQUIRE(score_digits(dn, c, first, alone) == "");
  CHECK(alone[0].error == Approx(fake_scores[0].error).epsilon(1e-3));
  CHECK(alone[0].d == Approx(fake_scores[0].d).epsilon(1e-5));
  // Bad input.
  CHECK(score_digits(dn, c, Tensor2::from_shape({std::size_t(1), std::size_t(10)}), alone) ==
        "digits must be rows of 784 pixels");
  DetectConfig bad = c;
  bad.updates = -1;
  CHECK(check_detect_config(bad) == "updates must be 0..10000");
}

TEST_CASE("encoder: learns G's codes (its loss falls), and E(x) starts the search closer", "[latent][encoder]") {
  Sequential g = small_generator(11);
  EncoderConfig c;
  c.hidden = 64;
  c.steps = 150;
  c.batch = 32;
  LatentEncoder e(c, make_noise_prior(NoiseKind::Gaussian, kZ, 0));
  std::vector<double> losses;
  train_encoder(e, g, [&](int, double l) { losses.push_back(l); });
  REQUIRE(losses.size() == 3);
  CHECK(losses.back() < 0.7 * losses.front());

  LatentSearchConfig sc;
  sc.feature_weight = 0;
  LatentSearch s(nets(false), sc);
  s.set_target(image_of(s, 77));
  const double random_start = s.best_loss();
  Tensor2 z_hat;
  e.encode(s.target(), z_hat);
  s.start_from(z_hat);
  CHECK(s.best_loss() < random_start);
}

// A trained run's networks, as the starting models' cache holds them.
std::vector<std::uint8_t> nets_of(Trainer& t) { return checkpoint_bytes(t, "tiny", CheckpointContent::Nets); }

// A tiny image lesson's recipe ("tiny", 6 iterations) on 64 random images drawn from data_seed.
GanRecipe tiny_recipe(std::uint64_t data_seed) {
  auto data = std::make_shared<LabeledImages>();
  data->images = Tensor2::from_shape({std::size_t(64), std::size_t(784)});
  Rng rng(data_seed, data_seed);
  for (auto& v : data->images) v = rng.uniform(-1.0f, 1.0f);
  data->labels.assign(64, 1);
  GanRecipe r;
  r.lesson_id = "tiny";
  r.spec.shape = ImageShape{1, 28, 28};
  r.spec.g = small_g();
  r.spec.d = {act(LayerKind::Flatten), dense(8), act(LayerKind::LeakyReLU), dense(1)};
  r.config = adam_test_config(8, 3);
  r.iterations = 6;
  r.data = data;
  return r;
}

TEST_CASE("starting models: trained once, loaded with the same bits, refused without training", "[latent][cache]") {
  const GanRecipe r = tiny_recipe(2);
  const std::string dir = std::string(GANSTEP_TEST_TMP_DIR) + "/starting-models";
  std::string e;
  const std::string key = gan_recipe_key(r, e);
  REQUIRE(e == "");
  std::remove(cache_file_path(dir, "gan", "gsck", key).c_str());

  std::vector<std::string> notices;
  auto notice = [&](const std::string& s) { notices.push_back(s); };
  std::unique_ptr<Trainer> t;
  CHECK_THAT(cached_gan(r, dir, false, t, notice), Catch::StartsWith("no trained tiny in " + dir));
  CHECK(!t);
  CacheResult res;
  REQUIRE(cached_gan(r, dir, true, t, notice, nullptr, &res) == "");
  CHECK(res.trained);
  REQUIRE(t);
  CHECK(t->iteration() == 6);
  const std::string trained = t->state_hash_hex();
  std::unique_ptr<Trainer> loaded;
  REQUIRE(cached_gan(r, dir, false, loaded, notice, nullptr, &res) == "");
  CHECK(!res.trained);
  CHECK(nets_of(*loaded) == nets_of(*t));  // the cache holds the networks (no optimizer state), bit for bit
  CHECK(loaded->iteration() == 6);
  std::unique_ptr<Trainer> scratch;
  REQUIRE(train_gan(r, scratch) == "");
  CHECK(scratch->state_hash_hex() == trained);

  // Other settings: another key, another file.
  GanRecipe longer = r;
  longer.iterations = 7;
  CHECK(gan_recipe_key(longer, e) != key);

  // A corrupt file is trained again, with a notice.
  {
    std::FILE* f = std::fopen(res.path.c_str(), "r+b");
    REQUIRE(f);
    std::fseek(f, 40, SEEK_SET);
    std::fputc(0x5a, f);
    std::fclose(f);
  }
  notices.clear();
  REQUIRE(cached_gan(r, dir, true, loaded, notice, nullptr, &res) == "");
  CHECK(res.trained);
  REQUIRE(!notices.empty());
  CHECK_THAT(notices[0], Catch::EndsWith("; training it again"));
  CHECK(loaded->state_hash_hex() == trained);  // trained now: the whole run

  // The encoder of that G.
  EncoderConfig ec;
  ec.hidden = 16;
  ec.steps = 50;
  ec.batch = 8;
  LatentEncoder a(ec, make_noise_prior(NoiseKind::Gaussian, kZ, 0)), b(ec, make_noise_prior(NoiseKind::Gaussian, kZ, 0));
  std::remove(cache_file_path(dir, "encoder", "gsenc", encoder_key(ec, key)).c_str());
  CHECK_THAT(cached_encoder(key, loaded->generator(), dir, false, a, notice),
             Catch::StartsWith("no trained encoder in " + dir));
  REQUIRE(cached_encoder(key, loaded->generator(), dir, true, a, notice, &res) == "");
  CHECK(res.trained);
  REQUIRE(cached_encoder(key, loaded->generator(), dir, false, b, notice, &res) == "");
  CHECK(!res.trained);
  CHECK(gradcheck::same(*a.params()[0].value, *b.params()[0].value));
}

TEST_CASE("starting models side by side: cache_gans trains each recipe once, the bits of one at a time",
          "[latent][cache]") {
  GanRecipe a = tiny_recipe(3);
  GanRecipe b = a;  // another seed, fewer iterations: another file
  b.config.seed = 9;
  b.iterations = 4;
  const std::string dir = std::string(GANSTEP_TEST_TMP_DIR) + "/starting-models-side-by-side";
  std::string e;
  std::vector<std::string> paths;
  for (const GanRecipe* r : {&a, &b}) {
    paths.push_back(cache_file_path(dir, "gan", "gsck", gan_recipe_key(*r, e)));
    REQUIRE(e == "");
    std::remove(paths.back().c_str());
  }
  std::vector<std::string> notices;
  std::mutex m;
  auto notice = [&](const std::string& s) {
    std::lock_guard<std::mutex> l(m);  // the runs report from their threads
    notices.push_back(s);
  };
  const int threads = thread_count();
  set_thread_count(2);
  const std::string made = cache_gans({a, b, a}, dir, notice);  // a twice: trained once
  set_thread_count(threads);
  REQUIRE(made == "");
  CHECK(std::count_if(notices.begin(), notices.end(),
                      [](const std::string& s) { return s.rfind("training tiny for", 0) == 0; }) == 2);
  CHECK(std::find(notices.begin(), notices.end(), "tiny (seed 9): iteration 4/4") != notices.end());
  for (const GanRecipe* r : {&a, &b}) {  // loaded from the cache: the run trained alone
    std::unique_ptr<Trainer> loaded, alone;
    CacheResult res;
    REQUIRE(cached_gan(*r, dir, false, loaded, nullptr, nullptr, &res) == "");
    REQUIRE(train_gan(*r, alone) == "");
    CHECK(nets_of(*loaded) == nets_of(*alone));
  }
  // A recipe that does not build: its error, nothing trained.
  GanRecipe broken = a;
  broken.data = nullptr;
  CHECK(cache_gans({broken}, dir, notice) == "tiny: no training data");
}
