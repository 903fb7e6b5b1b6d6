// Golden test against PyTorch for the style-based generator's layers:
// ModulatedConv2d (demodulated and not; PyTorch computes it in the paper's
// fused form, per-sample weights and a grouped convolution), MappingNet,
// NoiseInput (its formula with the noise it drew) and Truncation, forward and backward, against
// tests/golden/style_layers.txt (written by the developer-only script
// tests/golden/make_style_golden.py). Tolerance 1e-5, relative above 1.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "engine/nn/style_generator.h"
#include "tests/engine/golden_file.h"

using namespace ganstep;
using namespace ganstep::golden_file;

namespace {

constexpr double kTol = 1e-5;

const GoldenSet kGolden{GANSTEP_SOURCE_DIR "/tests/golden/style_layers.txt", "tests/golden/make_style_golden.py"};
const Tensor2& want(const std::string& name) { return kGolden.want(name); }
void compare(const std::string& name, const Tensor2& got) { kGolden.compare(name, got, kTol); }

int geom(const std::string& c, int i) { return static_cast<int>(want(c + ".geom")(0, i)); }

void modconv_case(const std::string& c) {
  const int B = geom(c, 0), cin = geom(c, 1), h = geom(c, 2), w = geom(c, 3), cout = geom(c, 4), k = geom(c, 5),
            wd = geom(c, 6);
  const bool demod = geom(c, 7) != 0;
  ModulatedConv2d m(cin, h, w, cout, k, wd, demod);
  m.affine.W = want(c + ".A");
  m.affine.b = want(c + ".a");
  m.conv().W = want(c + ".W");
  m.bias = want(c + ".bias");
  Tensor2 y, dx, dw;
  m.forward(want(c + ".x"), want(c + ".w"), y);
  compare(c + ".y", y);
  m.backward(want(c + ".R"), dx, dw, true);
  compare(c + ".dx", dx);
  compare(c + ".dw", dw);
  compare(c + ".dA", m.affine.dW);
  compare(c + ".da", m.affine.db);
  compare(c + ".dW", m.conv().dW);
  compare(c + ".dbias", m.dbias);
  CHECK(B == static_cast<int>(y.shape()[0]));
}

}  // namespace

TEST_CASE("Golden: ModulatedConv2d against PyTorch (fused per-sample weights)", "[golden][style]") {
  modconv_case("modconv3");
  modconv_case("modconv1_rgb");
  modconv_case("modconv3_plain");
}

TEST_CASE("Golden: MappingNet, NoiseInput and Truncation against PyTorch", "[golden][style]") {
  const int depth = geom("mapping", 2);
  MappingNet map(geom("mapping", 1), depth, geom("mapping", 3));
  auto ps = map.params();
  REQUIRE(ps.size() == static_cast<std::size_t>(2 * depth));
  for (int i = 0; i < depth; ++i) {
    *ps[2 * i].value = want("mapping.W" + std::to_string(i));
    *ps[2 * i + 1].value = want("mapping.b" + std::to_string(i));
  }
  Tensor2 y, dz;
  map.forward(want("mapping.z"), y);
  compare("mapping.y", y);
  map.backward(want("mapping.R"), dz, true);
  compare("mapping.dz", dz);
  for (int i = 0; i < depth; ++i) {
    compare("mapping.dW" + std::to_string(i), *ps[2 * i].grad);
    compare("mapping.db" + std::to_string(i), *ps[2 * i + 1].grad);
  }

  // the noise layer draws its own noise (from its stream): check y = x + scale(c) n(b, p) with the drawn n
  NoiseInput n(geom("noise", 1), geom("noise", 2), geom("noise", 3));
  n.scale = want("noise.scale");
  Tensor2 ny;
  n.set_training(false);
  const Tensor2& x = want("noise.x");
  n.forward(x, ny);
  const std::size_t C = n.scale.shape()[1], S = n.noise().shape()[1];
  for (std::size_t b = 0; b < x.shape()[0]; ++b)
    for (std::size_t ch = 0; ch < C; ++ch)
      for (std::size_t p = 0; p < S; ++p)
        CHECK(ny(b, ch * S + p) == x(b, ch * S + p) + n.scale(0, ch) * n.noise()(b, p));

  Truncation t(static_cast<int>(want("trunc.w").shape()[1]));
  t.w_mean = want("trunc.w_mean");
  t.psi = want("trunc.psi")(0, 0);
  t.set_training(false);
  Tensor2 ty, tdw;
  t.forward(want("trunc.w"), ty);
  compare("trunc.y", ty);
  t.backward(want("trunc.R"), tdw, true);
  compare("trunc.dw", tdw);
}
