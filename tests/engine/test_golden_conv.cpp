// Golden test against PyTorch for the image layers: Conv2d, ConvTranspose2d
// (with output padding), BatchNorm2d and BatchNorm1d in training mode,
// forward and backward, against tests/golden/conv_layers.txt (written by the
// developer-only script tests/golden/make_conv_golden.py; see its header).
// Each case: the torch input, weights and output weighting R; we compare y,
// dx = d sum(y R) / dx, every parameter gradient and (batch norm) the running
// statistics. Tolerance 1e-5, relative for values above 1 in magnitude.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "engine/nn/batch_norm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_transpose2d.h"
#include "tests/engine/golden_file.h"

using namespace ganstep;
using namespace ganstep::golden_file;

namespace {

constexpr double kTol = 1e-5;

const GoldenSet kGolden{GANSTEP_SOURCE_DIR "/tests/golden/conv_layers.txt", "tests/golden/make_conv_golden.py"};
const Golden& golden() { return kGolden.golden(); }
const Tensor2& want(const std::string& name) { return kGolden.want(name); }
void compare(const std::string& name, const Tensor2& got) { kGolden.compare(name, got, kTol); }

int geom(const std::string& c, int i) { return static_cast<int>(want(c + ".geom")(0, i)); }

// Loads the parameters, runs forward and backward (dy = R), compares.
void check_case(const std::string& c, Layer& layer) {
  auto params = layer.params();
  for (auto& p : params) {
    const Tensor2& v = want(c + "." + p.name);
    REQUIRE(v.size() == p.value->size());
    std::copy(v.begin(), v.end(), p.value->begin());
  }
  Tensor2 y, dx;
  layer.forward(want(c + ".x"), y);
  compare(c + ".y", y);
  layer.backward(want(c + ".R"), dx, true);
  compare(c + ".dx", dx);
  for (auto& p : params) compare(c + ".d" + p.name, *p.grad);
}

}  // namespace

TEST_CASE("golden conv: the golden file loads", "[golden]") {
  if (!golden().ok) FAIL(golden().error);
  CHECK(golden().tensors.size() >= 70);
}

TEST_CASE("golden conv: Conv2d forward and backward vs torch", "[golden][conv]") {
  for (const char* c : {"conv_s2", "conv_dcgan", "conv_s1"}) {
    Conv2d conv(geom(c, 1), geom(c, 2), geom(c, 3), geom(c, 4), geom(c, 5), geom(c, 6), geom(c, 7));
    INFO(conv.describe());
    check_case(c, conv);
  }
}

TEST_CASE("golden conv: ConvTranspose2d forward and backward vs torch", "[golden][conv]") {
  for (const char* c : {"convt_dcgan", "convt_s1", "convt_s3"}) {
    ConvTranspose2d conv(geom(c, 1), geom(c, 2), geom(c, 3), geom(c, 4), geom(c, 5), geom(c, 6), geom(c, 7),
                         geom(c, 8));
    INFO(conv.describe());
    check_case(c, conv);
  }
}

TEST_CASE("golden conv: BatchNorm2d and BatchNorm1d in training mode vs torch", "[golden][bn]") {
  for (const char* c : {"bn2d", "bn1d"}) {
    BatchNorm bn(geom(c, 1), geom(c, 2), geom(c, 3));
    INFO(bn.describe());
    check_case(c, bn);
    compare(std::string(c) + ".running_mean", bn.running_mean);
    compare(std::string(c) + ".running_var", bn.running_var);
  }
}
