// The minibatch standard deviation layer (engine/nn/minibatch_stddev.h):
// shapes and groups, a finite-difference gradient check, PyTorch golden values
// (tests/golden/mbstd_layers.txt, written by make_mbstd_golden.py), and the
// layer built from a D's layer list.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/image_spec.h"
#include "engine/nn/minibatch_stddev.h"
#include "engine/nn/sequential.h"
#include "tests/engine/golden_file.h"
#include "tests/engine/gradcheck.h"

using namespace ganstep;
using namespace ganstep::gradcheck;
using namespace ganstep::golden_file;

namespace {

const GoldenSet kGolden{GANSTEP_SOURCE_DIR "/tests/golden/mbstd_layers.txt", "tests/golden/make_mbstd_golden.py"};
const Tensor2& want(const std::string& name) { return kGolden.want(name); }
int geom(const std::string& c, int i) { return static_cast<int>(want(c + ".geom")(0, i)); }

}  // namespace

TEST_CASE("MinibatchStdDev: the extra map is the group's mean standard deviation", "[mbstd]") {
  // 4 rows of 1x1x2, groups of 2: rows 0-1 differ, rows 2-3 are equal
  MinibatchStdDev layer(2, 2, 1, 1);
  Tensor2 x = Tensor2::from_shape({4, 2});
  const float v[] = {1, 4, 3, 0, 5, 5, 5, 5};
  std::copy(v, v + 8, x.data());
  Tensor2 y;
  layer.forward(x, y);
  REQUIRE(y.shape()[0] == 4);
  REQUIRE(y.shape()[1] == 3);
  // σ per feature: |1 - 3| / 2 = 1, |4 - 0| / 2 = 2; mean 1.5
  CHECK(y(0, 2) == Approx(1.5).epsilon(1e-6));
  CHECK(y(1, 2) == Approx(1.5).epsilon(1e-6));
  CHECK(y(2, 2) == Approx(1e-4).epsilon(1e-3));  // sqrt(ε): no spread
  CHECK(y(0, 0) == 1.0f);
  CHECK(y(3, 1) == 5.0f);
}

TEST_CASE("MinibatchStdDev: gradient check (full groups, a short last group, one group)", "[mbstd][gradcheck]") {
  Rng rng(161, 1);
  {
    MinibatchStdDev layer(4, 3, 2, 2);
    check_layer(layer, random_tensor(rng, 8, 12, -1, 1), rng);
  }
  {
    MinibatchStdDev layer(3, 2, 3, 1);
    check_layer(layer, random_tensor(rng, 5, 6, -1, 1), rng);  // groups of 3 and 2
  }
  {
    MinibatchStdDev layer(16, 4, 1, 1);
    check_layer(layer, random_tensor(rng, 6, 4, -1, 1), rng);  // the group is larger than the batch
  }
}

TEST_CASE("Golden: MinibatchStdDev against PyTorch", "[golden][mbstd]") {
  for (const char* c : {"mbstd_g4", "mbstd_rest", "mbstd_flat"}) {
    INFO(c);
    MinibatchStdDev layer(geom(c, 4), geom(c, 1), geom(c, 2), geom(c, 3));
    Tensor2 y, dx;
    layer.forward(want(std::string(c) + ".x"), y);
    kGolden.compare(std::string(c) + ".y", y, 1e-6);
    layer.backward(want(std::string(c) + ".R"), dx, true);
    kGolden.compare(std::string(c) + ".dx", dx, 1e-5);
    CHECK(static_cast<int>(y.shape()[0]) == geom(c, 0));
  }
}

TEST_CASE("mbstd in a D's layer list adds one channel and builds", "[mbstd]") {
  LayerSpec conv;
  conv.kind = LayerKind::Conv;
  conv.units = 4;
  conv.kernel = 4;
  conv.stride = 2;
  conv.padding = 1;
  LayerSpec mb;
  mb.kind = LayerKind::MbStd;
  mb.group = 2;
  LayerSpec flat;
  flat.kind = LayerKind::Flatten;
  LayerSpec dense;
  dense.units = 1;
  const std::vector<LayerSpec> d = {conv, mb, flat, dense};
  std::vector<ImageShape> shapes;
  REQUIRE(infer_shapes(d, ImageShape{1, 8, 8}, shapes) == "");
  CHECK(shapes[1] == (ImageShape{5, 4, 4}));
  CHECK(param_count(d, ImageShape{1, 8, 8}) == 4 * 16 + 4 + 80 + 1);
  Rng init(1, 1);
  Sequential net;
  REQUIRE(build_network(d, ImageShape{1, 8, 8}, init, net) == "");
  Tensor2 x = random_tensor(init, 4, 64, -1, 1);
  CHECK(net.forward(x).shape()[1] == 1);
  mb.group = 0;
  int bad = -1;
  CHECK(infer_shapes({conv, mb}, ImageShape{1, 8, 8}, shapes, &bad).find("group size") != std::string::npos);
  CHECK(bad == 1);
}
