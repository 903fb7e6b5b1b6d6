// The equalized learning rate (engine/nn/equalized.h): gradient checks of
// equalized dense, convolution and transposed convolution layers (their
// parameter is the stored v), PyTorch golden values
// (tests/golden/equalized_layers.txt, written by make_equalized_golden.py),
// and the setting equalized_lr building such nets (and refused for point runs).
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/image_spec.h"
#include "engine/gan/trainer.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_transpose2d.h"
#include "engine/nn/equalized.h"
#include "engine/nn/linear.h"
#include "engine/nn/style_generator.h"
#include "tests/engine/golden_file.h"
#include "tests/engine/gradcheck.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::gradcheck;
using namespace ganstep::golden_file;

namespace {

const GoldenSet kGolden{GANSTEP_SOURCE_DIR "/tests/golden/equalized_layers.txt",
                        "tests/golden/make_equalized_golden.py"};
const Tensor2& want(const std::string& name) { return kGolden.want(name); }
float geom(const std::string& c, int i) { return want(c + ".geom")(0, i); }

template <class L>
void golden_case(L& layer, const std::string& c, int fan_in, float gain) {
  Rng unused(1, 1);
  layer.init_equalized(unused, fan_in, gain);
  layer.eq.v = want(c + ".v");
  layer.b = want(c + ".b");
  Tensor2 y, dx;
  layer.forward(want(c + ".x"), y);
  kGolden.compare(c + ".y", y, 1e-5);
  layer.backward(want(c + ".R"), dx, true);
  kGolden.compare(c + ".dx", dx, 1e-5);
  auto ps = layer.params();
  REQUIRE(ps[0].name == "W");
  REQUIRE(ps[0].value == &layer.eq.v);
  kGolden.compare(c + ".dv", *ps[0].grad, 1e-5);
  kGolden.compare(c + ".db", *ps[1].grad, 1e-5);
}

}  // namespace

TEST_CASE("Equalized dense, conv and convT layers: gradient checks of x, v and b", "[equalized][gradcheck]") {
  Rng rng(171, 1);
  {
    Equalized<Linear> l(6, 3);
    l.init(rng);
    l.init_equalized(rng, 6, kHeGain);
    CHECK(l.eq.c == Approx(std::sqrt(2.0 / 6)).epsilon(1e-6));
    check_layer(l, random_tensor(rng, 4, 6, -1, 1), rng);
  }
  {
    Equalized<Conv2d> c(2, 5, 5, 3, 3, 2, 1);
    c.init(rng);
    c.init_equalized(rng, 2 * 9, kHeGain);
    check_layer(c, random_tensor(rng, 2, 50, -1, 1), rng);
  }
  {
    Equalized<ConvTranspose2d> t(3, 3, 3, 2, 4, 2, 1, 0);
    t.init(rng);
    t.init_equalized(rng, 3 * 16, 1.0f);
    check_layer(t, random_tensor(rng, 2, 27, -1, 1), rng);
  }
}

TEST_CASE("Golden: equalized dense and conv layers against PyTorch", "[golden][equalized]") {
  for (const char* c : {"dense", "dense_out"}) {
    INFO(c);
    Equalized<Linear> l(static_cast<int>(geom(c, 1)), static_cast<int>(geom(c, 2)));
    golden_case(l, c, static_cast<int>(geom(c, 1)), geom(c, 3));
  }
  const std::string c = "conv";
  const int cin = static_cast<int>(geom(c, 1)), k = static_cast<int>(geom(c, 5));
  Equalized<Conv2d> conv(cin, static_cast<int>(geom(c, 2)), static_cast<int>(geom(c, 3)),
                         static_cast<int>(geom(c, 4)), k, static_cast<int>(geom(c, 6)), static_cast<int>(geom(c, 7)));
  golden_case(conv, c, cin * k * k, geom(c, 8));
}

TEST_CASE("equalized_lr: image nets store N(0, 1) weights; off by default; point runs refuse it", "[equalized]") {
  using namespace ganstep::testing;
  ImageGanSpec s = dense_g_conv_d_8x8();
  auto data = block_images(20);
  GanConfig c = adam_test_config(4, 5);
  Trainer plain(s, c, data);
  REQUIRE(apply_setting(c, "equalized_lr=true") == "");
  Trainer eq(s, c, data);
  REQUIRE(eq.ok());
  CHECK(plain.discriminator().describe().find("equalized") == std::string::npos);
  CHECK(eq.discriminator().describe().find("equalized") != std::string::npos);
  // the stored D conv weight: N(0, 1), so its mean square is near 1 (64 values)
  const Tensor2& v = *eq.discriminator().params()[0].value;
  double sq = 0;
  for (float x : v) sq += double(x) * x;
  CHECK(sq / double(v.size()) == Approx(1.0).margin(0.4));
  REQUIRE(eq.step_iterations(2));
  CHECK(eq.state_hash() != plain.state_hash());
  GanConfig point;
  REQUIRE(apply_setting(point, "equalized_lr=true") == "");
  Trainer p(point);
  CHECK_FALSE(p.ok());
  CHECK(p.error().find("image lessons") != std::string::npos);
  // a style G: its mapping, affine and modulated weights are equalized too
  StyleGeneratorSpec gs;
  gs.z_dim = 3;
  gs.mapping_depth = 2;
  gs.mapping_width = 4;
  gs.channels = 2;
  gs.equalized = true;
  StyleGenerator g(gs);
  Rng init(1, 1);
  g.init(init);
  CHECK(g.mapping().describe().find("Mapping") != std::string::npos);
  // the stored weights (the mapping's 2, each modulated conv's A and W): N(0, 1) pooled
  int stored = 0;
  double sq_all = 0, count = 0;
  for (auto& p2 : g.params())
    if (p2.name.back() == 'W') {
      ++stored;
      for (float x : *p2.value) sq_all += double(x) * x;
      count += double(p2.value->size());
    }
  CHECK(stored == 2 + 4 * 2);
  CHECK(sq_all / count == Approx(1.0).margin(0.3));
}
