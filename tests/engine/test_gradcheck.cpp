// Finite-difference gradient checks for the dense layers, the activations,
// the Mlp and the losses (method and tolerances: tests/engine/gradcheck.h).
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <vector>

#include "engine/core/rng.h"
#include "tests/engine/gradcheck.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/linear.h"
#include "engine/nn/loss.h"
#include "engine/nn/mlp.h"
#include "engine/nn/relu.h"
#include "engine/nn/sigmoid.h"
#include "engine/nn/tanh.h"

using namespace ganstep;
using namespace ganstep::gradcheck;


TEST_CASE("Linear: dx, dW, db by finite differences", "[grad]") {
  Rng rng(10, 1);
  for (auto shape : {std::vector<int>{4, 3, 5}, {1, 1, 1}, {7, 1, 9}, {3, 9, 1}}) {
    Linear lin(shape[1], shape[2]);
    lin.init(rng);
    check_layer(lin, random_tensor(rng, shape[0], shape[1], -2.0f, 2.0f), rng);
  }
}

TEST_CASE("Linear: backward_params equals backward's parameter gradients", "[grad]") {
  Rng rng(10, 2);
  Linear lin(5, 3);
  lin.init(rng);
  Tensor2 x = random_tensor(rng, 6, 5, -1, 1), y, dx;
  lin.forward(x, y);
  const Tensor2 R = random_tensor(rng, 6, 3, -1, 1);
  lin.backward(R, dx, true);
  const Tensor2 dW = lin.dW, db = lin.db;
  lin.dW.fill(123.0f);
  lin.db.fill(123.0f);
  lin.backward(R, dx, false);  // no parameter gradients: dW, db untouched
  CHECK(lin.dW(0, 0) == 123.0f);
  CHECK(lin.db(0, 0) == 123.0f);
  lin.backward_params(R);
  CHECK(same(lin.dW, dW));
  CHECK(same(lin.db, db));
}

TEST_CASE("Activations: dx by finite differences", "[grad]") {
  Rng rng(11, 1);
  Tensor2 x = random_tensor(rng, 5, 4, -3.0f, 3.0f);
  push_off_zero(x, 0.1f);  // step 1e-2 never crosses the kink at 0
  SECTION("ReLU") { ReLU a; check_layer(a, x, rng); }
  SECTION("LeakyReLU") { LeakyReLU a(0.2f); check_layer(a, x, rng); }
  SECTION("LeakyReLU slope 0.01") { LeakyReLU a(0.01f); check_layer(a, x, rng); }
  SECTION("Tanh") { Tanh a; check_layer(a, x, rng); }
  SECTION("Sigmoid") { Sigmoid a; check_layer(a, x, rng); }
}

TEST_CASE("Activations: forward values", "[grad]") {
  Tensor2 x = {{-2.0f, -0.5f, 0.0f, 0.5f, 3.0f}}, y;
  ReLU r;
  r.forward(x, y);
  CHECK(same(y, Tensor2{{0.0f, 0.0f, 0.0f, 0.5f, 3.0f}}));
  LeakyReLU l(0.2f);
  l.forward(x, y);
  CHECK(y(0, 0) == Approx(-0.4f));
  CHECK(y(0, 4) == 3.0f);
  CHECK(LeakyReLU(-1.0f).slope() == 0.0f);  // negative slopes are clamped to 0
  Tanh t;
  t.forward(x, y);
  for (int i = 0; i < 5; ++i) CHECK(y(0, i) == Approx(std::tanh(x(0, i))).epsilon(1e-6));
  Sigmoid s;
  s.forward(x, y);
  for (int i = 0; i < 5; ++i) CHECK(y(0, i) == Approx(1.0 / (1.0 + std::exp(-x(0, i)))).epsilon(1e-6));
}

TEST_CASE("Mlp: dx and every parameter by finite differences", "[grad]") {
  Rng rng(12, 1);
  MlpSpec spec;
  spec.in = 3;
  REQUIRE(parse_hidden("6:leaky_relu,5:tanh,4:sigmoid,4:relu", spec.hidden) == "");
  spec.out = 2;
  for (Act out_act : {Act::None, Act::Tanh}) {
    spec.out_act = out_act;
    Mlp net(spec);
    net.init(rng);
    Tensor2 x = random_tensor(rng, 4, 3, -2.0f, 2.0f);
    const Tensor2 y = net.forward(x);
    const Tensor2 R = random_tensor(rng, y.shape()[0], y.shape()[1], -1.0f, 1.0f);
    Tensor2 dx;
    net.backward(R, dx, true);
    auto params = net.params();
    std::vector<Tensor2> grads;
    for (auto& p : params) grads.push_back(*p.grad);
    auto f = [&]() { return dot(net.forward(x), R); };
    Stats st;
    check_entries(x, dx, f, st, "dx", true);
    for (std::size_t k = 0; k < params.size(); ++k)
      check_entries(*params[k].value, grads[k], f, st, params[k].name.c_str(), true);
    INFO(net.describe() << ": checked " << st.checked << ", kinks " << st.kinks);
    CHECK(st.failed == 0);
    CHECK(st.kinks * 20 <= st.checked);  // kinks are rare: at most 5% skipped
    CHECK(st.checked == static_cast<int>(net.param_count() + x.size()) - st.kinks);

    // backward_params gives the same parameter gradients (it skips dx only).
    net.forward(x);
    for (auto& p : params) p.grad->fill(0.0f);
    net.backward_params(R);
    for (std::size_t k = 0; k < params.size(); ++k) CHECK(same(*params[k].grad, grads[k]));
    // backward without parameter gradients leaves them alone.
    for (auto& p : params) p.grad->fill(7.0f);
    Tensor2 dx2;
    net.backward(R, dx2, false);
    CHECK(same(dx2, dx));
    for (auto& p : params) CHECK((*p.grad)(0, 0) == 7.0f);
  }
}

TEST_CASE("Mlp: shapes, param count, copies are independent", "[grad]") {
  MlpSpec spec;
  spec.in = 2;
  spec.hidden = {{14, Act::ReLU}};
  spec.out = 2;
  Mlp a(spec);
  CHECK(a.param_count() == 2 * 14 + 14 + 14 * 2 + 2);
  Rng rng(1, 1);
  a.init(rng);
  Mlp b = a;
  Tensor2 x = {{0.5f, -0.25f}};
  const Tensor2 ya = a.forward(x);
  CHECK(same(b.forward(x), ya));
  (*b.params()[0].value)(0, 0) += 1.0f;
  CHECK(same(a.forward(x), ya));  // a unchanged by editing b
  Mlp c;
  c = b;
  CHECK(same(c.forward(x), b.forward(x)));
}

// ---- losses -----------------------------------------------------------------

namespace {

double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

}  // namespace

TEST_CASE("bce_with_logits: values and gradient", "[grad][loss]") {
  Rng rng(13, 1);
  Tensor2 logits = random_tensor(rng, 8, 1, -4.0f, 4.0f);
  Tensor2 targets = Tensor2::from_shape({8, 1});
  for (std::size_t i = 0; i < 8; ++i) targets(i, 0) = i % 2 ? 1.0f : 0.0f;
  LossFn fn = [&](const Tensor2& l, Tensor2& p, Tensor2& d) { return bce_with_logits(l, targets, p, d); };
  check_loss(fn, logits);
  Tensor2 per, dl;
  bce_with_logits(logits, targets, per, dl);
  for (std::size_t i = 0; i < 8; ++i) {
    const double l = logits(i, 0), t = targets(i, 0);
    const double s = 1 / (1 + std::exp(-l));
    CHECK(per(i, 0) == Approx(-(t * std::log(s) + (1 - t) * std::log(1 - s))).epsilon(1e-6).margin(1e-7));
    CHECK(dl(i, 0) == Approx((s - t) / 8).epsilon(1e-6).margin(1e-8));
  }
}

TEST_CASE("bce_with_logits: extreme logits stay finite and exact", "[grad][loss]") {
  Tensor2 logits = {{30.0f}, {-30.0f}, {30.0f}, {-30.0f}, {100.0f}, {-100.0f}, {1e30f}, {-1e30f}};
  Tensor2 targets = {{1.0f}, {1.0f}, {0.0f}, {0.0f}, {0.0f}, {1.0f}, {1.0f}, {1.0f}};
  Tensor2 per, dl;
  const double mean = bce_with_logits(logits, targets, per, dl);
  CHECK(std::isfinite(mean));
  CHECK(all_finite(per));
  CHECK(all_finite(dl));
  CHECK(per(0, 0) == Approx(0.0).margin(1e-7));   // confident and right
  CHECK(per(1, 0) == Approx(30.0).epsilon(1e-6)); // confident and wrong
  CHECK(per(2, 0) == Approx(30.0).epsilon(1e-6));
  CHECK(per(3, 0) == Approx(0.0).margin(1e-7));
  CHECK(per(4, 0) == Approx(100.0).epsilon(1e-6));
  CHECK(per(5, 0) == Approx(100.0).epsilon(1e-6));
  CHECK(per(6, 0) == Approx(0.0).margin(1e-7));
  CHECK(per(7, 0) == Approx(1e30).epsilon(1e-6));
  CHECK(dl(0, 0) == Approx(0.0).margin(1e-9));
  CHECK(dl(1, 0) == Approx(-1.0 / 8).epsilon(1e-6));
  CHECK(dl(2, 0) == Approx(1.0 / 8).epsilon(1e-6));
  CHECK(dl(7, 0) == Approx(-1.0 / 8).epsilon(1e-6));
  Tensor2 mid = {{30.0f}, {-30.0f}, {29.0f}, {-29.0f}};
  Tensor2 t01 = {{0.0f}, {1.0f}, {1.0f}, {0.0f}};
  check_loss([&](const Tensor2& l, Tensor2& p, Tensor2& d) { return bce_with_logits(l, t01, p, d); }, mid);
}

TEST_CASE("g_loss_minimax: values and gradient", "[grad][loss]") {
  Rng rng(14, 1);
  check_loss(g_loss_minimax, random_tensor(rng, 7, 1, -5.0f, 5.0f));
  check_loss(g_loss_minimax, Tensor2{{30.0f}, {-30.0f}});
  Tensor2 logits = {{-2.0f}, {0.0f}, {3.0f}, {-30.0f}, {30.0f}}, per, dl;
  g_loss_minimax(logits, per, dl);
  for (std::size_t i = 0; i < 5; ++i) {
    const double l = logits(i, 0);
    CHECK(per(i, 0) == Approx(-softplus(l)).epsilon(1e-6).margin(1e-12));  // ln(1 - s(l))
    CHECK(dl(i, 0) == Approx(-1 / (1 + std::exp(-l)) / 5).epsilon(1e-6).margin(1e-12));
  }
}

TEST_CASE("g_loss_nonsat: values and gradient", "[grad][loss]") {
  Rng rng(15, 1);
  check_loss(g_loss_nonsat, random_tensor(rng, 7, 1, -5.0f, 5.0f));
  check_loss(g_loss_nonsat, Tensor2{{30.0f}, {-30.0f}});
  Tensor2 logits = {{-2.0f}, {0.0f}, {3.0f}, {-30.0f}, {30.0f}}, per, dl;
  g_loss_nonsat(logits, per, dl);
  for (std::size_t i = 0; i < 5; ++i) {
    const double l = logits(i, 0);
    CHECK(per(i, 0) == Approx(softplus(-l)).epsilon(1e-6).margin(1e-12));  // -ln s(l)
    CHECK(dl(i, 0) == Approx((1 / (1 + std::exp(-l)) - 1) / 5).epsilon(1e-6).margin(1e-12));
  }
}

TEST_CASE("softmax_cross_entropy: values and gradient", "[grad][loss]") {
  Rng rng(16, 1);
  const std::uint8_t labels[6] = {0, 3, 9, 5, 5, 1};
  Tensor2 logits = random_tensor(rng, 6, 10, -4.0f, 4.0f);
  Tensor2 per, dl, probs;
  const double mean = softmax_cross_entropy(logits, labels, per, dl);
  softmax_rows(logits, probs);
  double sum = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    double z = 0, psum = 0;
    for (std::size_t c = 0; c < 10; ++c) z += std::exp(static_cast<double>(logits(i, c)));
    const double expect = std::log(z) - logits(i, labels[i]);
    CHECK(per(i, 0) == Approx(expect).epsilon(1e-6));
    sum += expect;
    for (std::size_t c = 0; c < 10; ++c) {
      const double p = std::exp(static_cast<double>(logits(i, c))) / z;
      CHECK(probs(i, c) == Approx(p).epsilon(1e-6).margin(1e-9));
      CHECK(dl(i, c) == Approx((p - (c == labels[i] ? 1.0 : 0.0)) / 6).epsilon(1e-5).margin(1e-9));
      psum += probs(i, c);
    }
    CHECK(psum == Approx(1.0).epsilon(1e-6));
  }
  CHECK(mean == Approx(sum / 6).epsilon(1e-7));
  check_loss([&](const Tensor2& l, Tensor2& p, Tensor2& d) { return softmax_cross_entropy(l, labels, p, d); },
             logits);
}

TEST_CASE("softmax_cross_entropy: extreme logits stay finite", "[grad][loss]") {
  // Huge equal shifts change nothing (the row maximum is subtracted); a class
  // 1000 below the winner has probability 0 and loss 1000 when it is the label.
  Tensor2 logits = {{1000.0f, 0.0f, 0.0f}, {-1000.0f, 0.0f, -1e30f}, {1e30f, 1e30f, 0.0f}};
  const std::uint8_t labels[3] = {1, 1, 0};
  Tensor2 per, dl;
  const double mean = softmax_cross_entropy(logits, labels, per, dl);
  CHECK(std::isfinite(mean));
  CHECK(all_finite(per));
  CHECK(all_finite(dl));
  CHECK(per(0, 0) == Approx(1000.0).epsilon(1e-6));
  CHECK(per(1, 0) == Approx(0.0).margin(1e-7));
  CHECK(per(2, 0) == Approx(std::log(2.0)).epsilon(1e-6));
  CHECK(dl(0, 0) == Approx(1.0 / 3).epsilon(1e-6));
  CHECK(dl(0, 1) == Approx(-1.0 / 3).epsilon(1e-6));
  CHECK(dl(2, 0) == Approx(-0.5 / 3).epsilon(1e-6));
  Tensor2 shifted = {{30.0f, 31.0f, 29.5f}, {-30.0f, -29.0f, -31.0f}};
  const std::uint8_t l2[2] = {2, 0};
  check_loss([&](const Tensor2& l, Tensor2& p, Tensor2& d) { return softmax_cross_entropy(l, l2, p, d); },
             shifted);
}
