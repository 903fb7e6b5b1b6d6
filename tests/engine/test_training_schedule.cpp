// The learning-rate decay at the end of a run (config lr_decay_start,
// lr_decay_end) and one-sided label smoothing (real_target): what they
// compute, that they leave a run's bits alone until they act, and their
// settings' checks.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "engine/gan/image_checkpoint.h"
#include "engine/gan/trainer.h"
#include "engine/nn/loss.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::testing;

namespace {

GanConfig decaying(int start, int end) {
  GanConfig c = adam_test_config(8, 3);
  c.lr_decay_start = start;
  c.lr_decay_end = end;
  return c;
}

std::vector<Tensor2> params_of(Sequential& net) {
  std::vector<Tensor2> out;
  for (auto& p : net.params()) out.push_back(*p.value);
  return out;
}

}  // namespace

TEST_CASE("lr decay: f(t) is 1 before lr_decay_start, then falls linearly to 0 at lr_decay_end", "[config][schedule]") {
  GanConfig off;
  CHECK(lr_decay_factor(off, 0) == 1.0f);
  CHECK(lr_decay_factor(off, 1000000) == 1.0f);
  const GanConfig c = decaying(100, 300);
  CHECK(lr_decay_factor(c, 0) == 1.0f);
  CHECK(lr_decay_factor(c, 99) == 1.0f);
  CHECK(lr_decay_factor(c, 100) == 1.0f);
  CHECK(lr_decay_factor(c, 200) == 0.5f);
  CHECK(lr_decay_factor(c, 250) == 0.25f);
  CHECK(lr_decay_factor(c, 299) == 1.0f / 200.0f);
  CHECK(lr_decay_factor(c, 300) == 0.0f);
  CHECK(lr_decay_factor(c, 5000) == 0.0f);
}

TEST_CASE("lr decay: the same run as lr_d and lr_g retuned by hand before each iteration", "[image][schedule]") {
  auto data = block_images(30);
  const GanConfig plain_config = adam_test_config(8, 3);
  Trainer plain(bn_dcgan_8x8(), plain_config, data);
  Trainer decayed(bn_dcgan_8x8(), decaying(2, 6), data);
  REQUIRE(decayed.ok());
  // Up to lr_decay_start: the same bits as without the schedule.
  REQUIRE(plain.step_iterations(2));
  REQUIRE(decayed.step_iterations(2));
  CHECK(decayed.state_hash() == plain.state_hash());
  for (int t = 2; t < 8; ++t) {
    const float f = lr_decay_factor(decayed.config(), t);
    for (const char* key : {"lr_d", "lr_g"}) {
      const float lr = plain_config.opt_d.lr * f;
      // a learning rate must be > 0: at f = 0 the plain run is compared by its weights below
      if (lr > 0) REQUIRE(plain.retune(key, shortest_text(lr, true)) == "");
    }
    if (f == 0.0f) break;
    REQUIRE(plain.step_iteration());
    REQUIRE(decayed.step_iteration());
    CHECK(decayed.state_hash() == plain.state_hash());
  }
  // The decay acts: the rates have fallen, so the run differs from one at the full rate.
  Trainer full(bn_dcgan_8x8(), plain_config, data);
  REQUIRE(full.step_iterations(6));
  CHECK(full.state_hash() != decayed.state_hash());
  // From lr_decay_end on the rates are 0: no weight of G or D moves (batch norm's running statistics still do).
  REQUIRE(decayed.iteration() == 6);
  const std::vector<Tensor2> g = params_of(decayed.generator()), d = params_of(decayed.discriminator());
  REQUIRE(decayed.step_iterations(3));
  CHECK(bool(params_of(decayed.generator()) == g));
  CHECK(bool(params_of(decayed.discriminator()) == d));
  // The optimizers' own settings stay what the student set (the schedule scales them per update).
  CHECK(decayed.config().opt_d.lr == plain_config.opt_d.lr);
  CHECK(decayed.config().opt_g.lr == plain_config.opt_g.lr);
}

TEST_CASE("lr decay: a checkpoint records the schedule and resumes exactly", "[image][schedule]") {
  auto data = block_images(30);
  Trainer straight(bn_dcgan_8x8(), decaying(2, 9), data);
  REQUIRE(straight.step_iterations(7));
  Trainer first(bn_dcgan_8x8(), decaying(2, 9), data);
  REQUIRE(first.step_iterations(4));
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(first, "t");
  Trainer resumed(bn_dcgan_8x8(), decaying(2, 9), data);
  REQUIRE(load_checkpoint_bytes(bytes.data(), bytes.size(), "t.gsck", resumed) == "");
  REQUIRE(resumed.step_iterations(3));
  CHECK(resumed.state_hash() == straight.state_hash());
  // Another schedule is another run: refused, naming the setting.
  Trainer other(bn_dcgan_8x8(), decaying(3, 9), data);
  const std::string e = load_checkpoint_bytes(bytes.data(), bytes.size(), "t.gsck", other, true);
  CHECK(e.find("lr_decay_start") != std::string::npos);
}

TEST_CASE("lr decay: settings range-checked, the end after the start", "[config][schedule]") {
  GanConfig c;
  CHECK(apply_setting(c, "lr_decay_start=3500") == "");
  CHECK(apply_setting(c, "lr_decay_end=5000") == "");
  CHECK(c.lr_decay_start == 3500);
  CHECK(c.lr_decay_end == 5000);
  CHECK(validate(c) == "");
  CHECK(apply_setting(c, "lr_decay_end=-1").find("out of range") != std::string::npos);
  CHECK(apply_setting(c, "lr_decay_start=x").find("not an integer") != std::string::npos);
  CHECK_FALSE(is_live_setting("lr_decay_start"));
  CHECK_FALSE(is_live_setting("lr_decay_end"));
  c.lr_decay_end = 3500;  // not after the start
  CHECK(validate(c).find("lr_decay_end: 3500 must be after lr_decay_start = 3500") == 0);
  Trainer image(bn_dcgan_8x8(), decaying(10, 10), block_images(10));
  CHECK_FALSE(image.ok());
  CHECK(image.error().find("lr_decay_end") == 0);
  Trainer point(c);
  CHECK_FALSE(point.ok());
  // lr_decay_end = 0 is off, whatever the start.
  CHECK(validate(decaying(4000, 0)) == "");
  // The settings panel shows them in image lessons (the start once the decay is on).
  const ConfigKey* start = config_key("lr_decay_start");
  const ConfigKey* end = config_key("lr_decay_end");
  REQUIRE(start);
  REQUIRE(end);
  CHECK(end->hide_unless_applies);
  CHECK_FALSE(end->applies(GanConfig{}));
  Trainer off(bn_dcgan_8x8(), decaying(0, 0), block_images(10));
  CHECK(end->applies(off.config()));
  CHECK_FALSE(start->applies(off.config()));
  Trainer on(bn_dcgan_8x8(), decaying(1, 5), block_images(10));
  CHECK(start->applies(on.config()));
}

TEST_CASE("real_target: D's real rows get the smoothed target, its loss and gradient follow", "[image][schedule]") {
  auto data = block_images(30);
  GanConfig smooth = adam_test_config(8, 3);
  smooth.real_target = 0.9f;
  Trainer plain(bn_dcgan_8x8(), adam_test_config(8, 3), data);
  Trainer smoothed(bn_dcgan_8x8(), smooth, data);
  REQUIRE(smoothed.ok());
  // Through D's loss phase: the same minibatch, targets 0.9 for the m real rows, 0 for the m fakes.
  for (Trainer* t : {&plain, &smoothed})
    while (t->phase() != Phase::UpdateD) REQUIRE(t->step_phase());
  const Batch& b = smoothed.batch();
  REQUIRE(b.targets.size() == 16);
  for (std::size_t i = 0; i < 16; ++i) CHECK(b.targets.data()[i] == (i < 8 ? 0.9f : 0.0f));
  CHECK(bool(b.d_logits == plain.batch().d_logits));
  // The loss is BCE against those targets: a real row's is softplus(f) − 0.9 f, its gradient (σ(f) − 0.9) / 2m.
  Tensor2 loss, grad;
  const double expected = bce_with_logits(b.d_logits, b.targets, loss, grad);
  CHECK(smoothed.stats().loss_d == expected);
  CHECK(bool(b.dlogits == grad));
  const float f0 = b.d_logits.data()[0];
  const double sig = 1.0 / (1.0 + std::exp(-double(f0)));
  CHECK(b.dlogits.data()[0] == Approx((sig - 0.9) / 16.0).epsilon(1e-5));
  CHECK(smoothed.stats().loss_d != plain.stats().loss_d);
  // Fakes' halves are the same loss as without smoothing.
  CHECK(smoothed.stats().loss_d_fake == plain.stats().loss_d_fake);
  // After the update the runs part ways; with real_target = 1 they would not.
  REQUIRE(smoothed.step_iteration());
  REQUIRE(plain.step_iteration());
  CHECK(smoothed.state_hash() != plain.state_hash());
  GanConfig one = adam_test_config(8, 3);
  one.real_target = 1.0f;
  Trainer same(bn_dcgan_8x8(), one, data);
  REQUIRE(same.step_iterations(1));
  CHECK(same.state_hash() == plain.state_hash());
}

TEST_CASE("real_target: range-checked, live, image lessons' panel", "[config][schedule]") {
  GanConfig c;
  CHECK(apply_setting(c, "real_target=0.9") == "");
  CHECK(c.real_target == 0.9f);
  CHECK(apply_setting(c, "real_target=0.4").find("out of range") != std::string::npos);
  CHECK(apply_setting(c, "real_target=1.1").find("out of range") != std::string::npos);
  CHECK(apply_setting(c, "real_target=abc").find("not a number") != std::string::npos);
  CHECK(is_live_setting("real_target"));
  const ConfigKey* k = config_key("real_target");
  REQUIRE(k);
  CHECK(k->hide_unless_applies);
  CHECK_FALSE(k->applies(GanConfig{}));
  Trainer image(bn_dcgan_8x8(), adam_test_config(8, 3), block_images(10));
  CHECK(k->applies(image.config()));
}
