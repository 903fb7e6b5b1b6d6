// The image GAN: shape inference, FLOP count, and the trainer's determinism,
// finiteness and exact resume (state_tensors + scalars), on small synthetic images.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <memory>

#include "engine/core/parallel.h"
#include "engine/gan/trainer.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::testing;

namespace {

// An MLP GAN on 1x6x6 images: two bright bars, horizontal or vertical.
ImageGanSpec mlp_spec() {
  ImageGanSpec s;
  s.shape = ImageShape{1, 6, 6};
  s.g = {dense(32), act(LayerKind::LeakyReLU), dense(36), act(LayerKind::Tanh), reshape(1, 6, 6)};
  s.d = {act(LayerKind::Flatten), dense(32), act(LayerKind::LeakyReLU), dense(1)};
  return s;
}

std::shared_ptr<LabeledImages> bars(int n) {
  auto d = std::make_shared<LabeledImages>();
  d->images = Tensor2::from_shape({std::size_t(n), 36});
  d->images.fill(-1.0f);
  for (int i = 0; i < n; ++i) {
    const int pos = i % 6;
    for (int j = 0; j < 6; ++j) d->images(i, i % 2 ? pos * 6 + j : j * 6 + pos) = 1.0f;
  }
  d->labels.assign(std::size_t(n), 0);
  return d;
}

GanConfig adam_config() { return testing::adam_test_config(16, 5); }

}  // namespace

TEST_CASE("image GAN shapes: the TensorFlow tutorial's DCGAN", "[image]") {
  ImageGanSpec s;
  s.g = {dense(12544, false), act(LayerKind::BatchNorm), act(LayerKind::LeakyReLU), reshape(256, 7, 7),
         conv(LayerKind::ConvT, 128, 5, 1, 2), conv(LayerKind::ConvT, 64, 5, 2, 2, 1),
         conv(LayerKind::ConvT, 1, 5, 2, 2, 1), act(LayerKind::Tanh)};
  s.d = {conv(LayerKind::Conv, 64, 5, 2, 2), act(LayerKind::LeakyReLU), conv(LayerKind::Conv, 128, 5, 2, 2),
         act(LayerKind::Flatten), dense(1)};
  REQUIRE(check_image_gan(s, 100) == "");
  std::vector<ImageShape> shapes;
  REQUIRE(infer_shapes(s.g, ImageShape{100, 1, 1}, shapes) == "");
  CHECK(shapes[4] == (ImageShape{128, 7, 7}));
  CHECK(shapes[5] == (ImageShape{64, 14, 14}));
  CHECK(shapes[6] == (ImageShape{1, 28, 28}));
  // multiply-adds per sample, by hand: G 1,254,400 + 40,140,800 + 10,035,200 + 313,600; D 313,600 + 10,035,200 + 6,272
  const auto g = forward_macs(s.g, ImageShape{100, 1, 1});
  CHECK(g[0] == 1254400);
  CHECK(g[4] == 40140800);
  CHECK(g[5] == 10035200);
  CHECK(g[6] == 313600);
  const auto d = forward_macs(s.d, s.shape);
  CHECK(d[0] == 313600);
  CHECK(d[2] == 10035200);
  CHECK(d[4] == 6272);
  // one iteration at m = 64: D-step 64 G + 2*64 (D fwd + D wgrad + D dgrad less conv1's), G-step 64 (G + D + D dgrad
  // + G wgrad + G dgrad less dense's)
  const double G = 51744000, D = 10355072, D1 = 313600, G1 = 1254400;
  const double want = 2 * (64 * G + 128 * (3 * D - D1) + 64 * (G + 2 * D + 2 * G - G1));
  CHECK(iteration_flops(s, 100, 64) == want);
  CHECK(want / 1e9 == Approx(36.856).epsilon(0.0001));
}

TEST_CASE("image trainer: finite losses, same seed same bits, other seed differs", "[image]") {
  auto data = bars(60);
  Trainer a(mlp_spec(), adam_config(), data);
  REQUIRE(a.ok());
  Trainer b(mlp_spec(), adam_config(), data);
  GanConfig other = adam_config();
  other.seed = 6;
  Trainer c(mlp_spec(), other, data);
  for (int i = 0; i < 30; ++i) {
    REQUIRE(a.step_iteration());
    REQUIRE(std::isfinite(a.stats().loss_d));
    REQUIRE(std::isfinite(a.stats().loss_g));
  }
  REQUIRE(b.step_iterations(30));
  REQUIRE(c.step_iterations(30));
  CHECK(a.state_hash() == b.state_hash());
  CHECK(a.state_hash() != c.state_hash());
  CHECK(a.iteration() == 30);
  CHECK(a.stats().loss_d == Approx(a.stats().loss_d_real / 2 + a.stats().loss_d_fake / 2));
  Tensor2 img;
  a.generate(a.fixed_noise(), img);
  CHECK(img.shape()[0] == std::size_t(Trainer::kFixedSamples));
  CHECK(img.shape()[1] == 36u);
  for (float v : img) CHECK((v >= -1.0f && v <= 1.0f));
  CHECK(a.state_hash() == b.state_hash());  // generate() does not change the state
}

TEST_CASE("image trainer: truncation psi on a mixture prior pulls z toward its nearest centre", "[image]") {
  auto data = bars(60);
  GanConfig c = adam_config();
  REQUIRE(parse_noise_prior("mixture(5)", c.noise, c.noise_components).empty());
  Trainer a(mlp_spec(), c, data);
  REQUIRE(a.step_iterations(10));
  const Tensor2 z = a.fixed_noise();
  const NoisePrior prior = noise_prior(c);
  const std::size_t dim = z.shape()[1];
  Tensor2 pulled = z;  // mu + 0.5 (z - mu), mu the centre nearest each row
  for (std::size_t i = 0; i < z.shape()[0]; ++i) {
    const int k = prior.nearest_component(&z(i, 0));
    REQUIRE(k >= 0);
    for (std::size_t j = 0; j < dim; ++j) {
      const float mu = prior.centers[std::size_t(k) * dim + j];
      pulled(i, j) = mu + 0.5f * (z(i, j) - mu);
    }
  }
  Tensor2 truncated, by_hand, scaled_toward_0;
  a.generate(z, truncated, 0.5f);
  a.generate(pulled, by_hand, 1.0f);
  CHECK(std::memcmp(truncated.data(), by_hand.data(), truncated.size() * sizeof(float)) == 0);
  Tensor2 half = z;
  for (auto& v : half) v *= 0.5f;
  a.generate(half, scaled_toward_0, 1.0f);  // not the plain G's truncation
  CHECK(std::memcmp(truncated.data(), scaled_toward_0.data(), truncated.size() * sizeof(float)) != 0);
}

TEST_CASE("image trainer: truncation psi on a plain G draws G(psi z); psi 1 is G(z)", "[image]") {
  auto data = bars(60);
  Trainer a(mlp_spec(), adam_config(), data);
  REQUIRE(a.step_iterations(10));
  const Tensor2 z = a.fixed_noise();
  Tensor2 scaled = z;
  for (auto& v : scaled) v *= 0.5f;
  Tensor2 truncated, by_hand, plain, at_one;
  a.generate(z, truncated, 0.5f);
  a.generate(scaled, by_hand, 1.0f);
  a.generate(z, plain);  // the config's psi, 1
  a.generate(z, at_one, 1.0f);
  CHECK(std::memcmp(truncated.data(), by_hand.data(), truncated.size() * sizeof(float)) == 0);
  CHECK(std::memcmp(plain.data(), at_one.data(), plain.size() * sizeof(float)) == 0);
  CHECK(std::memcmp(plain.data(), truncated.data(), plain.size() * sizeof(float)) != 0);
  GanConfig c = adam_config();  // the config's psi is the default one
  c.psi = 0.5f;
  Trainer b(mlp_spec(), c, data);
  REQUIRE(b.step_iterations(10));
  Tensor2 from_config;
  b.generate(z, from_config);
  CHECK(std::memcmp(from_config.data(), truncated.data(), truncated.size() * sizeof(float)) == 0);
}

TEST_CASE("image trainer: restoring state tensors and scalars resumes exactly", "[image]") {
  auto data = bars(60);
  Trainer straight(mlp_spec(), adam_config(), data);
  REQUIRE(straight.step_iterations(25));
  Trainer first(mlp_spec(), adam_config(), data);
  REQUIRE(first.step_iterations(10));
  Trainer resumed(mlp_spec(), adam_config(), data);
  auto from = first.state_tensors();
  auto to = resumed.state_tensors();
  REQUIRE(from.size() == to.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    CHECK(from[i].name == to[i].name);
    *to[i].value = *from[i].value;
  }
  resumed.set_scalars(first.scalars());
  REQUIRE(resumed.step_iterations(15));
  CHECK(resumed.iteration() == 25);
  CHECK(resumed.state_hash() == straight.state_hash());
}

TEST_CASE("image trainer: a bad spec or mismatched data is an error, a huge learning rate diverges", "[image]") {
  auto data = bars(20);
  ImageGanSpec bad = mlp_spec();
  bad.g[2].units = 35;
  Trainer t(bad, adam_config(), data);
  CHECK_FALSE(t.ok());
  CHECK(t.error().find("generator") != std::string::npos);
  ImageGanSpec wrong = mlp_spec();
  wrong.shape = ImageShape{1, 5, 5};
  Trainer w(wrong, adam_config(), data);
  CHECK_FALSE(w.ok());
  CHECK(w.error().find("36 values") != std::string::npos);
  GanConfig hot = adam_config();
  hot.opt_d.kind = hot.opt_g.kind = OptKind::Sgd;
  hot.opt_d.lr = hot.opt_g.lr = 1e30f;
  Trainer h(mlp_spec(), hot, data);
  REQUIRE(h.ok());
  bool diverged = false;
  for (int i = 0; i < 50 && !diverged; ++i) diverged = !h.step_iteration();
  CHECK(diverged);
  INFO(h.error());
  // The iteration, the phase that failed and its line of Algorithm 1, as in a point run.
  const std::string want = "diverged at iteration " + std::to_string(h.iteration() + 1) + ", phase " +
                           phase_name(h.phase()) + " (Algorithm 1 line " + std::to_string(algorithm_line(h.phase())) +
                           "): ";
  CHECK(h.error().find(want) != std::string::npos);
  CHECK(h.error().find("resume from an earlier checkpoint") != std::string::npos);
  // Stepping phase by phase stops at the same place with the same message.
  Trainer by_phase(mlp_spec(), hot, data);
  while (by_phase.step_phase()) {}
  CHECK(by_phase.error() == h.error());
  CHECK(by_phase.phases_done() == h.phases_done());
}

namespace {

// A small DCGAN on 1x8x8 images: convT with batch norm in G, strided conv with dropout in D.
ImageGanSpec conv_spec() {
  ImageGanSpec s;
  s.shape = ImageShape{1, 8, 8};
  LayerSpec d1 = dense(4 * 4 * 4, false);
  LayerSpec ct = conv(LayerKind::ConvT, 1, 4, 2, 1);
  LayerSpec drop;
  drop.kind = LayerKind::Dropout;
  drop.p = 0.3f;
  s.g = {d1, act(LayerKind::BatchNorm), act(LayerKind::ReLU), reshape(4, 4, 4), ct, act(LayerKind::Tanh)};
  s.d = {conv(LayerKind::Conv, 4, 4, 2, 1), act(LayerKind::LeakyReLU), drop, act(LayerKind::BatchNorm),
         act(LayerKind::Flatten), dense(1)};
  return s;
}

}  // namespace

TEST_CASE("conv image trainer: batch norm buffers and dropout streams resume exactly", "[image]") {
  auto data = block_images(40);
  Trainer straight(conv_spec(), adam_config(), data);
  REQUIRE(straight.ok());
  CHECK(straight.generator().buffers().size() == 2);  // running mean and variance
  REQUIRE(straight.step_iterations(12));
  for (int i = 0; i < 3; ++i) {
    INFO("resume at " << 4 * i);
    Trainer first(conv_spec(), adam_config(), data);
    REQUIRE(first.step_iterations(4 * i));
    Trainer resumed(conv_spec(), adam_config(), data);
    auto from = first.state_tensors();
    auto to = resumed.state_tensors();
    for (std::size_t j = 0; j < from.size(); ++j) *to[j].value = *from[j].value;
    resumed.set_scalars(first.scalars());
    REQUIRE(resumed.step_iterations(12 - 4 * i));
    CHECK(resumed.state_hash() == straight.state_hash());
  }
  // inference-mode sampling changes nothing, and uses the running statistics
  const auto before = straight.state_hash();
  Tensor2 a, b;
  straight.generate(straight.fixed_noise(), a);
  straight.generate(straight.fixed_noise(), b);
  CHECK(straight.state_hash() == before);
  CHECK(bool(a == b));
}

TEST_CASE("conv image trainer: 1 and 2 threads give the same state", "[image]") {
  auto data = block_images(40);
  std::uint64_t h[2];
  for (int threads : {1, 2}) {
    set_thread_count(threads);
    Trainer t(conv_spec(), adam_config(), data);
    REQUIRE(t.step_iterations(6));
    h[threads - 1] = t.state_hash();
  }
  set_thread_count(0);
  CHECK(h[0] == h[1]);
}
