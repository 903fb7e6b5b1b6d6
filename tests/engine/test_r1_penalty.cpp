// The R1 penalty (engine/nn/r1_penalty.h): its value against ‖∇_x f‖² summed
// by hand, and its parameter gradient (the directional central difference)
// against a full finite difference of R1 over every parameter of two tiny Ds:
// a smooth MLP (tanh) and a convolution with a leaky ReLU. Then the trainer's
// hook: off by default, lazy every N D-steps, reported.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/image_spec.h"
#include "engine/gan/trainer.h"
#include "engine/nn/r1_penalty.h"
#include "engine/nn/sequential.h"
#include "tests/engine/gradcheck.h"
#include "tests/engine/layer_specs.h"

#include <string>
#include <vector>

using namespace ganstep;
using namespace ganstep::gradcheck;

namespace {

LayerSpec spec(LayerKind k, int units = 0) {
  LayerSpec l;
  l.kind = k;
  l.units = units;
  return l;
}

// dR1/dθ from r1_penalty (with zero loss gradients before it) against central
// differences of r1_value over every parameter entry.
void check_r1_gradient(Sequential& d, const Tensor2& x, float gamma, bool allow_kinks) {
  Tensor2 zero = Tensor2::from_shape({x.shape()[0], 1});
  zero.fill(0.0f);
  d.forward(x);
  d.backward_params(zero);  // every gradient 0
  R1Work work;
  const double r1 = r1_penalty(d, x, gamma, 1.0f, work);
  R1Work probe;
  CHECK(r1 == Approx(r1_value(d, x, gamma, probe)).epsilon(1e-12));
  CHECK(r1 > 0);
  std::vector<Tensor2> ana;
  for (auto& p : d.params()) ana.push_back(*p.grad);
  auto f = [&]() { return r1_value(d, x, gamma, probe); };
  Stats st;
  auto params = d.params();
  std::size_t total = 0;
  for (std::size_t k = 0; k < params.size(); ++k) {
    check_entries(*params[k].value, ana[k], f, st, params[k].name.c_str(), allow_kinks, 1e-2f);
    total += params[k].value->size();
  }
  INFO(d.describe() << ": " << st.kinks << " kinks of " << total);
  CHECK(st.checked + st.kinks == static_cast<int>(total));
  CHECK(st.kinks * 10 <= static_cast<int>(total));
  CHECK(st.failed == 0);
}

}  // namespace

TEST_CASE("R1: the value is (γ/2) mean ‖∇_x f‖² (an MLP with tanh)", "[r1]") {
  Rng init(7, 1);
  Sequential d;
  REQUIRE(build_network({spec(LayerKind::Dense, 6), spec(LayerKind::Tanh), spec(LayerKind::Dense, 1)},
                        ImageShape{5, 1, 1}, init, d) == "");
  const Tensor2 x = random_tensor(init, 4, 5, -1, 1);
  // ∇_x f row by row, by central differences of f
  double want = 0;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 5; ++j) {
      Tensor2 xp = x, xm = x;
      xp(i, j) += 1e-2f;
      xm(i, j) -= 1e-2f;
      const double gij = (double(d.forward(xp)(i, 0)) - double(d.forward(xm)(i, 0))) /
                         (double(xp(i, j)) - double(xm(i, j)));
      want += gij * gij;
    }
  want *= 0.5 * 10.0 / 4.0;
  R1Work work;
  CHECK(r1_value(d, x, 10.0f, work) == Approx(want).epsilon(1e-3));
}

TEST_CASE("R1: parameter gradient against a full finite difference (smooth MLP)", "[r1][gradcheck]") {
  Rng init(11, 1);
  Sequential d;
  REQUIRE(build_network({spec(LayerKind::Dense, 6), spec(LayerKind::Tanh), spec(LayerKind::Dense, 1)},
                        ImageShape{5, 1, 1}, init, d) == "");
  check_r1_gradient(d, random_tensor(init, 4, 5, -1, 1), 10.0f, false);
}

TEST_CASE("R1: parameter gradient against a full finite difference (conv, leaky ReLU)", "[r1][gradcheck]") {
  Rng init(13, 1);
  LayerSpec conv = spec(LayerKind::Conv, 3);
  conv.kernel = 3;
  conv.padding = 1;
  conv.stride = 2;
  Sequential d;
  REQUIRE(build_network({conv, spec(LayerKind::LeakyReLU), spec(LayerKind::Flatten), spec(LayerKind::Dense, 4),
                         spec(LayerKind::LeakyReLU), spec(LayerKind::Dense, 1)},
                        ImageShape{1, 6, 6}, init, d) == "");
  check_r1_gradient(d, random_tensor(init, 3, 36, -1, 1), 5.0f, true);
}

TEST_CASE("R1: the loss's gradient is kept and R1's weighted one added", "[r1]") {
  Rng init(17, 1);
  Sequential d;
  REQUIRE(build_network({spec(LayerKind::Dense, 6), spec(LayerKind::Tanh), spec(LayerKind::Dense, 1)},
                        ImageShape{5, 1, 1}, init, d) == "");
  const Tensor2 x = random_tensor(init, 4, 5, -1, 1);
  const Tensor2 R = random_tensor(init, 4, 1, -1, 1);
  Tensor2 zero = R;
  zero.fill(0.0f);
  R1Work work;
  auto grads_after = [&](const Tensor2& seed, float weight) {
    d.forward(x);
    d.backward_params(seed);
    r1_penalty(d, x, 2.0f, weight, work);
    std::vector<Tensor2> out;
    for (auto& p : d.params()) out.push_back(*p.grad);
    return out;
  };
  const auto r1_only = grads_after(zero, 1.0f), r1_x4 = grads_after(zero, 4.0f), both = grads_after(R, 1.0f);
  d.forward(x);
  d.backward_params(R);
  auto params = d.params();
  for (std::size_t k = 0; k < params.size(); ++k)
    for (std::size_t i = 0; i < r1_only[k].size(); ++i) {
      CHECK(both[k].data()[i] == Approx(params[k].grad->data()[i] + r1_only[k].data()[i]).margin(1e-5));
      CHECK(r1_x4[k].data()[i] == Approx(4.0 * r1_only[k].data()[i]).margin(1e-5));
    }
}

TEST_CASE("R1 in the trainer: off by default, lazy every N D-steps, reported", "[r1][trainer]") {
  using namespace ganstep::testing;
  ImageGanSpec s = dense_g_conv_d_8x8();
  auto data = block_images(20);
  auto make = [&](std::vector<std::string> settings) {
    GanConfig c = adam_test_config(4, 5);
    for (const std::string& kv : settings) REQUIRE(apply_setting(c, kv) == "");
    return Trainer(s, c, data);
  };
  Trainer plain = make({}), zero = make({"r1_gamma=0"}), on = make({"r1_gamma=10"});
  REQUIRE(plain.ok());
  for (Trainer* t : {&plain, &zero, &on}) REQUIRE(t->step_iterations(2));
  CHECK(plain.state_hash() == zero.state_hash());
  CHECK(plain.stats().loss_r1 == 0.0);
  CHECK(on.state_hash() != plain.state_hash());
  CHECK(on.stats().loss_r1 > 0.0);
  // lazy, every 3rd D-step (k = 1): computed at D-steps 0 and 3 only
  Trainer lazy = make({"r1_gamma=10", "r1_every=3"});
  REQUIRE(lazy.step_iterations(1));
  const double first = lazy.stats().loss_r1;
  CHECK(first > 0.0);
  REQUIRE(lazy.step_iterations(2));
  CHECK(lazy.stats().loss_r1 == first);  // D-steps 1 and 2 left it
  REQUIRE(lazy.step_iterations(1));
  CHECK(lazy.stats().loss_r1 != first);  // D-step 3
  // the penalty's gradient is weighted by the interval: its first D update differs from every = 1's
  Trainer every1 = make({"r1_gamma=10"});
  Trainer lazy3 = make({"r1_gamma=10", "r1_every=3"});
  REQUIRE(every1.step_update());
  REQUIRE(lazy3.step_update());
  CHECK(every1.state_hash() != lazy3.state_hash());
  CHECK(every1.stats().loss_r1 == lazy3.stats().loss_r1);
}
