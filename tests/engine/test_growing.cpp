// A growing GAN's pieces (engine/nn/upsample.h, avg_pool.h, fade_in.h,
// growing.h): finite-difference gradient checks, PyTorch golden values
// (tests/golden/growing_layers.txt, written by make_growing_golden.py), the
// schedule, and the spec's markers built into nets (image_spec.h).
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/image_spec.h"
#include "engine/nn/avg_pool.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/fade_in.h"
#include "engine/nn/growing.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/upsample.h"
#include "tests/engine/golden_file.h"
#include "tests/engine/gradcheck.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::gradcheck;
using namespace ganstep::golden_file;

namespace {

const GoldenSet kGolden{GANSTEP_SOURCE_DIR "/tests/golden/growing_layers.txt", "tests/golden/make_growing_golden.py"};
const Golden& golden() { return kGolden.golden(); }
const Tensor2& want(const std::string& name) { return kGolden.want(name); }
void compare(const std::string& name, const Tensor2& got) { kGolden.compare(name, got); }

// A 1x1 or 3x3 (padding 1) convolution with the golden file's weights.
std::unique_ptr<Conv2d> golden_conv(const std::string& name, int cin, int h, int w, int cout, int k) {
  auto c = std::make_unique<Conv2d>(cin, h, w, cout, k, 1, k / 2);
  c->W = want(name + ".W");
  c->b = want(name + ".b");
  return c;
}

// The Conv2d at position i of a Growing layer's parameters, by name prefix.
const Tensor2* grad_of(Growing& g, const std::string& name) {
  for (const Param& p : g.params())
    if (p.name == name) return p.grad;
  return nullptr;
}

// G's growing part 3x3 -> 6x6: block 1 = upsample, conv 3x3 (2 -> 3); to-image 0 = 1x1 (2 -> 1), upsample;
// to-image 1 = 1x1 (3 -> 1). Golden weights when `golden_weights`, else random.
Growing small_g(bool golden_weights, Rng& rng) {
  std::vector<Sequential> blocks(1), ends(2);
  auto conv = [&](const std::string& n, int cin, int h, int w, int cout, int k) {
    if (golden_weights) return golden_conv("fadeg." + n, cin, h, w, cout, k);
    auto c = std::make_unique<Conv2d>(cin, h, w, cout, k, 1, k / 2);
    c->init(rng);
    return c;
  };
  blocks[0].add(std::make_unique<Upsample2x>(2, 3, 3));
  blocks[0].add(conv("conv", 2, 6, 6, 3, 3));
  ends[0].add(conv("toimage0", 2, 3, 3, 1, 1));
  ends[0].add(std::make_unique<Upsample2x>(1, 3, 3));
  ends[1].add(conv("toimage1", 3, 6, 6, 1, 1));
  return Growing(Growing::Net::Generator, std::move(blocks), std::move(ends), ImageShape{2, 3, 3},
                 ImageShape{1, 6, 6});
}

// D's growing part 6x6 -> 3x3: from-image 1 = 1x1 (1 -> 2), leaky; block 1 = conv 3x3 (2 -> 3), avgpool;
// from-image 0 = avgpool, 1x1 (1 -> 3), leaky.
Growing small_d(bool golden_weights, Rng& rng) {
  std::vector<Sequential> blocks(1), ends(2);
  auto conv = [&](const std::string& n, int cin, int h, int w, int cout, int k) {
    if (golden_weights) return golden_conv("faded." + n, cin, h, w, cout, k);
    auto c = std::make_unique<Conv2d>(cin, h, w, cout, k, 1, k / 2);
    c->init(rng);
    return c;
  };
  blocks[0].add(conv("conv", 2, 6, 6, 3, 3));
  blocks[0].add(std::make_unique<AvgPool2x>(3, 6, 6));
  ends[0].add(std::make_unique<AvgPool2x>(1, 6, 6));
  ends[0].add(conv("fromimage0", 1, 3, 3, 3, 1));
  ends[0].add(std::make_unique<LeakyReLU>(0.2f));
  ends[1].add(conv("fromimage1", 1, 6, 6, 2, 1));
  ends[1].add(std::make_unique<LeakyReLU>(0.2f));
  return Growing(Growing::Net::Discriminator, std::move(blocks), std::move(ends), ImageShape{1, 6, 6},
                 ImageShape{3, 3, 3});
}

}  // namespace

TEST_CASE("Upsample2x and AvgPool2x: dx by finite differences, shapes", "[grad][growing]") {
  Rng rng(7, 1);
  Upsample2x up(3, 3, 4);
  check_layer(up, random_tensor(rng, 2, 36, -1, 1), rng);
  AvgPool2x pool(2, 4, 6);
  check_layer(pool, random_tensor(rng, 3, 48, -1, 1), rng);
  CHECK(AvgPool2x::check(1, 7, 7) != "");
  CHECK(AvgPool2x::check(1, 14, 14) == "");
  Tensor2 y;
  CHECK_THROWS_AS(up.forward(random_tensor(rng, 2, 35, -1, 1), y), std::logic_error);  // not 3x3x4 rows
}

TEST_CASE("fade-in blend: values at alpha 0, 1 and between; gradients", "[grad][growing]") {
  Rng rng(8, 1);
  const Tensor2 old = random_tensor(rng, 2, 5, -1, 1), grown = random_tensor(rng, 2, 5, -1, 1);
  Tensor2 out;
  fade_in_forward(old, grown, 0.0f, out);
  CHECK(same(out, old));
  fade_in_forward(old, grown, 1.0f, out);
  CHECK(same(out, grown));
  fade_in_forward(old, grown, 0.25f, out);
  for (std::size_t i = 0; i < out.size(); ++i)
    CHECK(out.data()[i] == Approx(0.75 * old.data()[i] + 0.25 * grown.data()[i]).epsilon(1e-6));
  const Tensor2 dy = random_tensor(rng, 2, 5, -1, 1);
  Tensor2 d_old, d_new;
  fade_in_backward(dy, 0.25f, d_old, d_new);
  for (std::size_t i = 0; i < dy.size(); ++i) {
    CHECK(d_old.data()[i] == 0.75f * dy.data()[i]);
    CHECK(d_new.data()[i] == 0.25f * dy.data()[i]);
  }
  CHECK_THROWS_AS(fade_in_forward(old, random_tensor(rng, 2, 4, -1, 1), 0.5f, out), std::logic_error);
}

TEST_CASE("Growing G and D: dx and every parameter by finite differences at each stage", "[grad][growing]") {
  for (float alpha : {1.0f, 0.35f}) {
    for (int stage : {0, 1}) {
      if (stage == 0 && alpha < 1) continue;
      INFO("stage " << stage << " alpha " << alpha);
      Rng rng(11 + stage, 1);
      Growing g = small_g(false, rng);
      g.set_growth(stage, alpha);
      // Parameters a stage does not run get zero gradients: checked as any other.
      check_layer(g, random_tensor(rng, 2, 18, -1, 1), rng);
      Growing d = small_d(false, rng);
      d.set_growth(stage, alpha);
      check_layer(d, random_tensor(rng, 2, 36, -1, 1), rng, true);  // leaky ReLUs: kinks allowed
    }
  }
}

TEST_CASE("Growing: parameters a stage does not run get zero gradients, stale ones included", "[growing]") {
  Rng rng(3, 1);
  Growing g = small_g(false, rng);
  Tensor2 x = random_tensor(rng, 2, 18, -1, 1), y, dx;
  g.set_growth(1, 0.5f);  // everything runs: every gradient set
  g.forward(x, y);
  g.backward(y, dx, true);
  CHECK(xt::amax(xt::abs(*grad_of(g, "toimage0.layer0.W")))() > 0.0f);
  g.set_growth(1, 1.0f);  // the old path is idle now
  g.forward(x, y);
  g.backward(y, dx, true);
  CHECK(xt::amax(xt::abs(*grad_of(g, "toimage0.layer0.W")))() == 0.0f);
  CHECK(xt::amax(xt::abs(*grad_of(g, "block1.layer0.W")))() > 0.0f);
  g.set_growth(0, 1.0f);
  g.forward(x, y);
  g.backward(y, dx, true);
  CHECK(xt::amax(xt::abs(*grad_of(g, "block1.layer0.W")))() == 0.0f);
  CHECK(xt::amax(xt::abs(*grad_of(g, "toimage1.layer0.W")))() == 0.0f);
}

TEST_CASE("Upsample2x, AvgPool2x and the fade-in match PyTorch", "[golden][growing]") {
  REQUIRE(golden().error == "");
  Tensor2 y, dx;
  Upsample2x up(3, 3, 4);
  up.forward(want("up.x"), y);
  up.backward(want("up.R"), dx, true);
  compare("up.y", y);
  compare("up.dx", dx);
  AvgPool2x pool(2, 4, 6);
  pool.forward(want("pool.x"), y);
  pool.backward(want("pool.R"), dx, true);
  compare("pool.y", y);
  compare("pool.dx", dx);

  Rng unused(1, 1);
  for (const char* c : {"fadeg", "faded"}) {
    INFO(c);
    const std::string n = c;
    Growing net = n == "fadeg" ? small_g(true, unused) : small_d(true, unused);
    net.set_growth(1, want(n + ".alpha")(0, 0));
    net.forward(want(n + ".x"), y);
    net.backward(want(n + ".R"), dx, true);
    compare(n + ".y", y);
    compare(n + ".dx", dx);
    // Growing's parameter names -> the golden file's.
    const std::vector<std::pair<std::string, std::string>> names =
        n == "fadeg" ? std::vector<std::pair<std::string, std::string>>{{"toimage0.layer0", "toimage0"},
                                                                         {"block1.layer0", "conv"},
                                                                         {"toimage1.layer0", "toimage1"}}
                     : std::vector<std::pair<std::string, std::string>>{{"fromimage0.layer0", "fromimage0"},
                                                                         {"fromimage1.layer0", "fromimage1"},
                                                                         {"block1.layer0", "conv"}};
    for (const auto& [ours, theirs] : names) {
      const Tensor2* dw = grad_of(net, ours + ".W");
      const Tensor2* db = grad_of(net, ours + ".b");
      REQUIRE(dw);
      REQUIRE(db);
      compare(n + "." + theirs + ".dW", *dw);
      compare(n + "." + theirs + ".db", *db);
    }
  }
}

TEST_CASE("growth_at: stages, fade-in alpha, no growth", "[growing]") {
  CHECK(growth_at(3, 0, 0, 0) == Growth{2, 1.0f});        // full size from iteration 0
  CHECK(growth_at(3, 100, 40, 0) == Growth{0, 1.0f});
  CHECK(growth_at(3, 100, 40, 99) == Growth{0, 1.0f});
  CHECK(growth_at(3, 100, 40, 100) == Growth{1, 0.0f});   // the new block comes in at alpha 0
  CHECK(growth_at(3, 100, 40, 110) == Growth{1, 0.25f});
  CHECK(growth_at(3, 100, 40, 140) == Growth{1, 1.0f});
  CHECK(growth_at(3, 100, 40, 230) == Growth{2, 0.75f});
  CHECK(growth_at(3, 100, 40, 1000000) == Growth{2, 1.0f});
  CHECK(growth_at(3, 100, 0, 200) == Growth{2, 1.0f});    // no fade: a block comes in at once
  CHECK(growth_at(1, 100, 40, 150) == Growth{0, 1.0f});   // a net that does not grow
}

TEST_CASE("image spec: growing markers checked and built", "[growing]") {
  using namespace ganstep::testing;
  auto grow = [] { return act(LayerKind::Grow); };
  auto up = [] { return act(LayerKind::Upsample); };
  auto pool = [] { return act(LayerKind::AvgPool); };
  auto c3 = [](int ch) { return conv(LayerKind::Conv, ch, 3, 1, 1); };
  LayerSpec to_image = act(LayerKind::ToImage);
  to_image.units = 1;
  LayerSpec from_image = act(LayerKind::FromImage);
  from_image.units = 4;
  ImageGanSpec s;
  s.g = {dense(8 * 7 * 7), reshape(8, 7, 7), act(LayerKind::ReLU), grow(), up(), c3(6), act(LayerKind::ReLU),
         grow(), up(), c3(4), act(LayerKind::ReLU), to_image, act(LayerKind::Tanh)};
  s.d = {from_image, c3(6), act(LayerKind::LeakyReLU), pool(), grow(), c3(8), act(LayerKind::LeakyReLU), pool(),
         grow(), act(LayerKind::Flatten), dense(1)};
  REQUIRE(check_image_gan(s, 8) == "");
  CHECK(growth_stages(s) == 3);
  CHECK(stage_sides(s) == std::vector<int>{7, 14, 28});

  Rng init(1, 1);
  Sequential g, d;
  REQUIRE(build_network(s.g, ImageShape{8, 1, 1}, init, g) == "");
  REQUIRE(build_network(s.d, s.shape, init, d) == "");
  Rng rng(2, 1);
  const Tensor2 z = random_tensor(rng, 3, 8, -1, 1);
  for (int stage = 0; stage < 3; ++stage) {
    g.set_growth(stage, 0.5f);
    d.set_growth(stage, 0.5f);
    const Tensor2 img = g.forward(z);
    REQUIRE(img.shape()[1] == 784u);
    CHECK(d.forward(img).shape()[1] == 1u);
    if (stage == 0) {  // a 7x7 image drawn with 4x4 squares
      for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) CHECK(img(1, y * 28 + x) == img(1, (y / 4 * 4) * 28 + x / 4 * 4));
    }
  }

  // Malformed growing specs name the layer.
  char net = 0;
  int bad = -1;
  ImageGanSpec t = s;
  t.g.pop_back();
  t.g.pop_back();  // no toimage
  CHECK(check_image_gan(t, 8, &net, &bad).find("toimage") != std::string::npos);
  CHECK(net == 'g');
  t = s;
  t.d.erase(t.d.begin() + 8);  // D has one grow fewer
  CHECK(check_image_gan(t, 8, &net, &bad) != "");
  t = s;
  t.g.erase(t.g.begin() + 4);  // a block that does not double: the 7x7 block has no upsample
  const std::string e = check_image_gan(t, 8, &net, &bad);
  CHECK(e != "");
  CHECK(net == 'g');
  t = s;
  t.d.erase(t.d.begin() + 3);  // a D block that does not halve
  CHECK(check_image_gan(t, 8, &net, &bad) != "");
  CHECK(net == 'd');
}
