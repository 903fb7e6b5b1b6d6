// The average of G's weights (config ema_g, ema_start) and the mapping
// network's learning-rate multiplier (mapping_lr, Param::lr_scale): what they
// compute, that they leave a run's bits alone until they start, that samples
// come from the average and that checkpoints carry it.
#include <catch2/catch.hpp>

#include <memory>

#include "engine/gan/image_checkpoint.h"
#include "engine/gan/trainer.h"
#include "engine/optim/optimizer.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::testing;

namespace {

GanConfig averaged(float decay, int start) {
  GanConfig c = adam_test_config(8, 3);
  c.ema_g = decay;
  c.ema_start = start;
  return c;
}

// G's parameters then buffers, as copies.
std::vector<Tensor2> weights(const Sequential& net) {
  Sequential n = net;
  std::vector<Tensor2> out;
  for (auto& p : n.params()) out.push_back(*p.value);
  for (auto& p : n.buffers()) out.push_back(*p.value);
  return out;
}

}  // namespace

TEST_CASE("G's average: equal to G until ema_start, then avg += (1 - decay)(G - avg) per update", "[image][ema]") {
  auto data = block_images(30);
  Trainer plain(bn_dcgan_8x8(), adam_test_config(8, 3), data);
  Trainer avg(bn_dcgan_8x8(), averaged(0.9f, 2), data);
  REQUIRE(avg.ok());
  REQUIRE(avg.has_average());
  CHECK_FALSE(plain.has_average());
  // Up to ema_start: the same bits and the same hash as the run without it (G's training is untouched).
  REQUIRE(plain.step_iterations(2));
  REQUIRE(avg.step_iterations(2));
  CHECK(avg.state_hash() == plain.state_hash());
  std::vector<Tensor2> a = weights(avg.sample_net());
  const std::vector<Tensor2> g2 = weights(avg.generator_net());
  REQUIRE(a.size() == 7);  // dense W, batch norm γ and β, convT W and b; the running mean and variance
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(bool(a[i] == g2[i]));
  // After it: the average moves a tenth of the way to G at each update (1 - 0.9 as a float);
  // G itself trains as before.
  const float rate = 1.0f - 0.9f;
  for (int it = 3; it <= 5; ++it) {
    REQUIRE(plain.step_iteration());
    REQUIRE(avg.step_iteration());
    const std::vector<Tensor2> g = weights(avg.generator_net());
    CHECK(bool(g == weights(plain.generator_net())));
    for (std::size_t i = 0; i < a.size(); ++i)
      for (std::size_t j = 0; j < a[i].size(); ++j) a[i].data()[j] += rate * (g[i].data()[j] - a[i].data()[j]);
    const std::vector<Tensor2> got = weights(avg.sample_net());
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(bool(got[i] == a[i]));
    // The hash now covers the average, so it differs from the plain run's.
    CHECK(avg.state_hash() != plain.state_hash());
  }
  // Samples come from the average (inference mode: the average's running statistics).
  Sequential from_avg = avg.sample_net(), from_g = avg.generator_net();
  from_avg.set_training(false);
  from_g.set_training(false);
  Tensor2 drawn;
  avg.generate(avg.fixed_noise(), drawn);
  CHECK(bool(drawn == from_avg.forward(avg.fixed_noise())));
  CHECK_FALSE(bool(drawn == from_g.forward(avg.fixed_noise())));
}

TEST_CASE("G's average: a checkpoint carries it and resumes exactly", "[image][ema]") {
  auto data = block_images(30);
  Trainer straight(bn_dcgan_8x8(), averaged(0.8f, 1), data);
  REQUIRE(straight.step_iterations(7));
  Trainer first(bn_dcgan_8x8(), averaged(0.8f, 1), data);
  REQUIRE(first.step_iterations(4));
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(first, "t");
  Trainer resumed(bn_dcgan_8x8(), averaged(0.8f, 1), data);
  REQUIRE(load_checkpoint_bytes(bytes.data(), bytes.size(), "t.gsck", resumed) == "");
  REQUIRE(resumed.step_iterations(3));
  CHECK(resumed.state_hash() == straight.state_hash());
  bool named = false;
  for (const NamedTensor& n : resumed.state_tensors()) named = named || n.name.rfind("ema_g.", 0) == 0;
  CHECK(named);
  // A run without the average does not take its checkpoint (another setting, named).
  Trainer plain(bn_dcgan_8x8(), adam_test_config(8, 3), data);
  const std::string e = load_checkpoint_bytes(bytes.data(), bytes.size(), "t.gsck", plain);
  CHECK(e.find("ema_g") != std::string::npos);
}

TEST_CASE("G's average: settings range-checked, image lessons only", "[config][ema]") {
  GanConfig c;
  CHECK(apply_setting(c, "ema_g=0.999") == "");
  CHECK(c.ema_g == 0.999f);
  CHECK(apply_setting(c, "ema_start=1000") == "");
  CHECK(c.ema_start == 1000);
  CHECK(apply_setting(c, "ema_g=1").find("out of range") != std::string::npos);
  CHECK(apply_setting(c, "ema_g=-0.5").find("out of range") != std::string::npos);
  CHECK(apply_setting(c, "ema_start=-1").find("out of range") != std::string::npos);
  CHECK(apply_setting(c, "ema_start=x").find("not an integer") != std::string::npos);
  CHECK_FALSE(is_live_setting("ema_g"));
  Trainer point(c);  // a 1-D run
  CHECK_FALSE(point.ok());
  CHECK(point.error().find("image lessons") != std::string::npos);
  // The settings panel shows the keys for image runs only (ema_start once the average is on).
  const ConfigKey* decay = config_key("ema_g");
  const ConfigKey* start = config_key("ema_start");
  REQUIRE(decay);
  REQUIRE(start);
  CHECK(decay->hide_unless_applies);
  CHECK_FALSE(decay->applies(GanConfig{}));
  Trainer image(bn_dcgan_8x8(), averaged(0.0f, 0), block_images(10));
  CHECK(decay->applies(image.config()));
  CHECK_FALSE(start->applies(image.config()));
  Trainer on(bn_dcgan_8x8(), averaged(0.99f, 0), block_images(10));
  CHECK(start->applies(on.config()));
}

TEST_CASE("mapping_lr: the optimizer steps a parameter with lr times its lr_scale", "[optim][style]") {
  for (OptKind kind : {OptKind::Adam, OptKind::Sgd}) {
    Tensor2 w1 = Tensor2::from_shape({2, 3}), w2 = w1, g = w1;
    for (std::size_t i = 0; i < 6; ++i) {
      w1.data()[i] = w2.data()[i] = 0.1f * float(i) - 0.2f;
      g.data()[i] = 0.3f - 0.07f * float(i);
    }
    OptimizerConfig scaled{kind, 0.5f, 0.9f}, direct{kind, 0.5f * 0.01f, 0.9f};
    Optimizer a(scaled), b(direct);
    for (int s = 0; s < 3; ++s) {
      a.step({Param{&w1, &g, "w", 0.01f}});
      b.step({Param{&w2, &g, "w"}});
    }
    CHECK(bool(w1 == w2));
  }
  GanConfig c;
  CHECK(apply_setting(c, "mapping_lr=0.01") == "");
  CHECK(c.mapping_lr == 0.01f);
  CHECK(apply_setting(c, "mapping_lr=0").find("> 0") != std::string::npos);
  CHECK(apply_setting(c, "mapping_lr=2").find("out of range") != std::string::npos);
}

TEST_CASE("mapping_lr: a style G's mapping weights move by the factor, the rest as before", "[image][style]") {
  auto data = std::make_shared<LabeledImages>();
  data->images = Tensor2::from_shape({10, 784});
  for (std::size_t i = 0; i < data->images.size(); ++i) data->images.data()[i] = (i * 37 % 11) / 5.5f - 1.0f;
  data->labels.assign(10, 0);
  ImageGanSpec s;
  s.shape = ImageShape{1, 28, 28};
  s.g = {layer(LayerKind::Style, 4), act(LayerKind::Tanh)};
  s.d = {conv(LayerKind::Conv, 4, 4, 2, 1), act(LayerKind::LeakyReLU), act(LayerKind::Flatten), dense(1)};
  GanConfig one = adam_test_config(4, 2), slow = one;
  one.mapping_depth = slow.mapping_depth = 2;
  one.mapping_width = slow.mapping_width = 8;
  slow.mapping_lr = 0.01f;
  Trainer a(s, one, data), b(s, slow, data);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  const std::vector<Tensor2> before = weights(a.generator_net());
  REQUIRE(a.step_iteration());
  REQUIRE(b.step_iteration());
  const std::vector<Tensor2> wa = weights(a.generator_net()), wb = weights(b.generator_net());
  // The first G update: Adam's step is lr per weight (bias-corrected m / sqrt(v) is ±1), so the
  // mapping's weights (the style layer's first parameters) move 100 times less.
  const std::vector<Param> ps = a.generator().params();
  REQUIRE(ps[0].lr_scale == 1.0f);
  REQUIRE(b.generator().params()[0].lr_scale == 0.01f);
  double move_a = 0, move_b = 0;
  for (std::size_t j = 0; j < wa[0].size(); ++j) {
    move_a = std::max(move_a, double(std::abs(wa[0].data()[j] - before[0].data()[j])));
    move_b = std::max(move_b, double(std::abs(wb[0].data()[j] - before[0].data()[j])));
  }
  CHECK(move_a == Approx(2e-3).epsilon(0.01));
  CHECK(move_b == Approx(2e-5).epsilon(0.01));
}
