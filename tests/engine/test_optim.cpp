// SGD with momentum and Adam against values computed by hand.
#include <catch2/catch.hpp>

#include "tests/engine/parse_table.h"

#include <vector>

#include "engine/optim/optimizer.h"

using namespace ganstep;

namespace {
// The gradients fed at steps 1..3 (fixed, independent of p).
const float kGrads[3][2] = {{0.5f, -2.0f}, {0.5f, 1.0f}, {-1.0f, 0.0f}};
}  // namespace

TEST_CASE("sgd_step with momentum over 3 steps", "[optim]") {
  // PyTorch form: v = mu v + g; p -= lr v.   lr = 0.1, mu = 0.9, p0 = (1, 2)
  // g1 = ( 0.5, -1):  v1 = ( 0.5 , -1   )  p1 = (0.95 , 2.1  )
  // g2 = (0.25, 0.5): v2 = ( 0.7 , -0.4 )  p2 = (0.88 , 2.14 )
  // g3 = (-1  , 2  ): v3 = (-0.37,  1.64)  p3 = (0.917, 1.976)
  float p[2] = {1.0f, 2.0f}, v[2] = {0.0f, 0.0f};
  const float g[3][2] = {{0.5f, -1.0f}, {0.25f, 0.5f}, {-1.0f, 2.0f}};
  const float want_p[3][2] = {{0.95f, 2.1f}, {0.88f, 2.14f}, {0.917f, 1.976f}};
  const float want_v[3][2] = {{0.5f, -1.0f}, {0.7f, -0.4f}, {-0.37f, 1.64f}};
  for (int s = 0; s < 3; ++s) {
    sgd_step(p, g[s], v, 2, 0.1f, 0.9f);
    for (int i = 0; i < 2; ++i) {
      CHECK(p[i] == Approx(want_p[s][i]).margin(1e-6));
      CHECK(v[i] == Approx(want_v[s][i]).margin(1e-6));
    }
  }
  // momentum 0 is plain SGD: p -= lr g
  float q[1] = {1.0f}, w[1] = {0.0f};
  const float gq[1] = {3.0f};
  sgd_step(q, gq, w, 1, 0.5f, 0.0f);
  CHECK(q[0] == -0.5f);
}

// Adam, PyTorch's formulas, lr 0.1, b1 0.9, b2 0.999, eps 1e-8, p0 = (1, -1):
//   m = b1 m + (1-b1) g,  v = b2 v + (1-b2) g^2,
//   p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)
// step 1, g = (0.5, -2): m = (0.05, -0.2), v = (0.00025, 0.004); m^ = g, v^ = g^2,
//   so p moves by lr sign(g):  p1 = (0.9, -0.9)
// step 2, g = (0.5, 1):  m = (0.095, -0.08), v = (0.00049975, 0.004996)
//   m^ = m/0.19 = (0.5, -0.421053), v^ = v/0.001999 = (0.25, 2.499250)
//   step = 0.1 * (0.5/0.5, -0.421053/1.580902) = (0.1, -0.026634)
//   p2 = (0.8, -0.873366)
// step 3, g = (-1, 0):   m = (-0.0145, -0.072), v = (0.00149925025, 0.004991004)
//   m^ = m/0.271 = (-0.053506, -0.265683), v^ = v/0.002997001 = (0.500250, 1.665333)
//   step = 0.1 * (-0.053506/0.707284, -0.265683/1.290478) = (-0.007565, -0.020588)
//   p3 = (0.807565, -0.852778)
namespace {
const float kAdamP[3][2] = {{0.9f, -0.9f}, {0.8f, -0.873366297f}, {0.807564937f, -0.852778367f}};
const float kAdamM[3][2] = {{0.05f, -0.2f}, {0.095f, -0.08f}, {-0.0145f, -0.072f}};
const float kAdamV[3][2] = {{0.00025f, 0.004f}, {0.00049975f, 0.004996f}, {0.00149925025f, 0.004991004f}};
}  // namespace

TEST_CASE("adam_step over 3 steps", "[optim]") {
  float p[2] = {1.0f, -1.0f}, m[2] = {0, 0}, v[2] = {0, 0};
  double b1t = 1, b2t = 1;
  for (int s = 0; s < 3; ++s) {
    b1t *= 0.9;
    b2t *= 0.999;
    adam_step(p, kGrads[s], m, v, 2, 0.1f, 0.9f, 0.999f, 1e-8f, 1 - b1t, 1 - b2t);
    for (int i = 0; i < 2; ++i) {
      INFO("step " << s + 1 << " element " << i);
      CHECK(p[i] == Approx(kAdamP[s][i]).margin(2e-6));
      CHECK(m[i] == Approx(kAdamM[s][i]).margin(1e-7));
      // v carries float's rounding of (1 - 0.999f) = 9.99987e-4: relative 1.3e-5
      CHECK(v[i] == Approx(kAdamV[s][i]).epsilon(1e-4));
    }
  }
}

TEST_CASE("Optimizer with Adam over params (state, t, bias powers)", "[optim]") {
  Tensor2 w = {{1.0f, -1.0f}}, gw = Tensor2::from_shape({1, 2});
  Tensor2 b = {{3.0f}}, gb = {{0.0f}};
  std::vector<Param> params = {{&w, &gw, "w"}, {&b, &gb, "b"}};
  OptimizerConfig c;
  c.kind = OptKind::Adam;
  c.lr = 0.1f;
  c.beta1 = 0.9f;
  c.beta2 = 0.999f;
  c.eps = 1e-8f;
  Optimizer opt(c);
  for (int s = 0; s < 3; ++s) {
    gw(0, 0) = kGrads[s][0];
    gw(0, 1) = kGrads[s][1];
    opt.step(params);
    CHECK(opt.t == s + 1);
    CHECK(w(0, 0) == Approx(kAdamP[s][0]).margin(2e-6));
    CHECK(w(0, 1) == Approx(kAdamP[s][1]).margin(2e-6));
    CHECK(b(0, 0) == 3.0f);  // zero gradient: no move
  }
  CHECK(opt.beta1_pow == Approx(0.9 * 0.9 * 0.9).epsilon(1e-7));
  CHECK(opt.beta2_pow == Approx(0.999 * 0.999 * 0.999).epsilon(1e-7));
  REQUIRE(opt.m.size() == 2);
  CHECK(opt.m[0](0, 1) == Approx(-0.072f).margin(1e-7));
  // A copy continues identically (snapshots rely on it).
  Optimizer copy = opt;
  Tensor2 w2 = w, b2 = b;
  std::vector<Param> params2 = {{&w2, &gw, "w"}, {&b2, &gb, "b"}};
  opt.step(params);
  copy.step(params2);
  CHECK((w == w2));
}

TEST_CASE("Optimizer with SGD momentum over params", "[optim]") {
  Tensor2 w = {{1.0f, 2.0f}}, gw = Tensor2::from_shape({1, 2});
  std::vector<Param> params = {{&w, &gw, "w"}};
  OptimizerConfig c;
  c.kind = OptKind::Sgd;
  c.lr = 0.1f;
  c.momentum = 0.9f;
  Optimizer opt(c);
  const float g[3][2] = {{0.5f, -1.0f}, {0.25f, 0.5f}, {-1.0f, 2.0f}};
  const float want[3][2] = {{0.95f, 2.1f}, {0.88f, 2.14f}, {0.917f, 1.976f}};  // as above
  for (int s = 0; s < 3; ++s) {
    gw(0, 0) = g[s][0];
    gw(0, 1) = g[s][1];
    opt.step(params);
    CHECK(w(0, 0) == Approx(want[s][0]).margin(1e-6));
    CHECK(w(0, 1) == Approx(want[s][1]).margin(1e-6));
  }
}

TEST_CASE("opt names parse and print", "[optim]") {
  check_parses<OptKind>(parse_opt, {{"adam", OptKind::Adam}, {"sgd", OptKind::Sgd}}, {"rmsprop"});
  CHECK(std::string(opt_name(OptKind::Adam)) == "adam");
  CHECK(std::string(opt_name(OptKind::Sgd)) == "sgd");
}
