// Golden test against PyTorch: two iterations of a tiny MLP GAN (D step, then
// G step) with SGD+momentum and with Adam, compared value by value with
// tests/golden/tiny_gan_step.txt (written by tests/golden/make_golden.py, a
// developer-only script; see its header for the exact computation and format).
//
//   G: 2 -> 5 leaky_relu(0.2) -> 4 sigmoid -> 2      D: 2 -> 4 relu -> 4 tanh -> 1 (logit)
//
// Compared: G(z), D's logits, per-sample and mean losses (BCE for D, both G
// variants), d loss / d G(z), every parameter gradient, and every parameter
// after each optimizer step. Tolerance: 1e-5 absolute, or 1e-5 relative for
// values above 1 in magnitude.
//
// Run with -s to see the largest error of each group.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "tests/engine/golden_file.h"
#include "engine/nn/loss.h"
#include "engine/nn/mlp.h"
#include "engine/optim/optimizer.h"

using namespace ganstep;
using namespace ganstep::golden_file;

namespace {

const char* const kGoldenPath = GANSTEP_SOURCE_DIR "/tests/golden/tiny_gan_step.txt";
constexpr double kTol = 1e-5;

const Golden& golden() {
  static const Golden g = load_golden(kGoldenPath, "tests/golden/make_golden.py");
  return g;
}

// Largest absolute error seen per group, across the test cases of this file.
std::map<std::string, double>& max_errors() {
  static std::map<std::string, double> m;
  return m;
}

const Tensor2& expected(const std::string& name) {
  const auto& t = golden().tensors;
  auto it = t.find(name);
  if (it == t.end()) {
    FAIL("tensor \"" << name << "\" is missing from " << kGoldenPath);
    static const Tensor2 none;
    return none;
  }
  return it->second;
}

void compare(const std::string& group, const std::string& name, const Tensor2& actual) {
  const Tensor2& want = expected(name);
  INFO(name);
  REQUIRE(actual.shape()[0] == want.shape()[0]);
  REQUIRE(actual.shape()[1] == want.shape()[1]);
  double worst_excess = -1.0, worst_abs = 0.0;
  std::size_t worst_i = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const double a = actual.data()[i], e = want.data()[i];
    const double err = std::fabs(a - e);
    const double excess = err - kTol * std::max(1.0, std::fabs(e));
    if (!(err <= worst_abs)) worst_abs = err;  // also catches NaN
    if (!(excess <= worst_excess)) {
      worst_excess = excess;
      worst_i = i;
    }
  }
  double& m = max_errors()[group];
  m = std::max(m, worst_abs);
  const std::size_t cols = want.shape()[1];
  INFO("worst element (" << worst_i / cols << ", " << worst_i % cols << "): engine " << actual.data()[worst_i]
                         << " vs torch " << want.data()[worst_i] << ", abs error "
                         << std::fabs(actual.data()[worst_i] - want.data()[worst_i]));
  CHECK(worst_excess <= 0.0);
}

void compare_scalar(const std::string& group, const std::string& name, double actual) {
  Tensor2 t = xt::zeros<float>({std::size_t(1), std::size_t(1)});
  t(0, 0) = static_cast<float>(actual);
  compare(group, name, t);
}

// prefix.<param name> for every parameter: the gradients, or the values.
void compare_params(const std::string& group, const std::string& prefix, Mlp& net, bool grads) {
  for (auto& p : net.params()) compare(group, prefix + "." + p.name, grads ? *p.grad : *p.value);
}

void set_params(Mlp& net, const std::string& prefix) {
  for (auto& p : net.params()) {
    const Tensor2& w = expected(prefix + "." + p.name);
    INFO(prefix + "." + p.name);
    REQUIRE(p.value->shape()[0] == w.shape()[0]);
    REQUIRE(p.value->shape()[1] == w.shape()[1]);
    *p.value = w;
  }
}

MlpSpec g_spec() {
  MlpSpec s;
  s.in = 2;
  s.hidden = {{5, Act::LeakyReLU}, {4, Act::Sigmoid}};
  s.out = 2;
  s.out_act = Act::None;
  s.leaky_slope = 0.2f;
  return s;
}

MlpSpec d_spec() {
  MlpSpec s;
  s.in = 2;
  s.hidden = {{4, Act::ReLU}, {4, Act::Tanh}};
  s.out = 1;
  s.out_act = Act::None;
  return s;
}

enum class Variant { NonSat, Minimax };

double g_loss(Variant v, const Tensor2& logits, Tensor2& per, Tensor2& dl) {
  return v == Variant::NonSat ? g_loss_nonsat(logits, per, dl) : g_loss_minimax(logits, per, dl);
}

// Two iterations (D step, G step) of run `run`, G updated with `update_variant`.
void run_golden(const std::string& run, const OptimizerConfig& cfg, Variant update_variant) {
  if (!golden().ok) FAIL(golden().error);

  Mlp g(g_spec()), d(d_spec());
  REQUIRE(g.params().size() == 6);
  REQUIRE(d.params().size() == 6);
  set_params(g, "init.g");
  set_params(d, "init.d");
  Optimizer opt_d(cfg), opt_g(cfg);

  for (int s = 1; s <= 2; ++s) {
    const std::string step = "step" + std::to_string(s);
    const std::string p = run + "." + step;
    const Tensor2 z = expected(step + ".z");
    const Tensor2 x = expected(step + ".x");
    const std::size_t m = z.shape()[0];
    REQUIRE(x.shape()[0] == m);

    // ---- D step: logits = D([x; G(z)]), targets 1 (real) then 0 (fake) ----
    {
      const Tensor2 gz = g.forward(z);
      compare("forward G(z)", p + ".d.gz", gz);
      Tensor2 input = xt::zeros<float>({2 * m, x.shape()[1]});
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < x.shape()[1]; ++j) {
          input(i, j) = x(i, j);
          input(m + i, j) = gz(i, j);
        }
      const Tensor2 logits = d.forward(input);
      compare("forward D logits", p + ".d.logits", logits);
      Tensor2 targets = xt::zeros<float>({2 * m, std::size_t(1)});
      for (std::size_t i = 0; i < m; ++i) targets(i, 0) = 1.0f;
      Tensor2 per, dl;
      const double loss = bce_with_logits(logits, targets, per, dl);
      compare("per-sample losses", p + ".d.loss", per);
      compare_scalar("mean losses", p + ".d.loss_mean", loss);

      Tensor2 dx;
      d.backward(dl, dx, true);
      compare_params("D gradients", p + ".d.grad", d, true);
      // The Trainer's path (no dx for the input) must give the same gradients.
      d.backward_params(dl);
      compare_params("D gradients", p + ".d.grad", d, true);

      auto params = d.params();
      opt_d.step(params);
      compare_params("D params after step", p + ".d.after", d, false);
    }

    // ---- G step: the same z, D frozen ----
    {
      // Snapshot D's values and (stale) gradients: the G step must touch neither.
      std::vector<Tensor2> d_values, d_grads;
      for (auto& q : d.params()) {
        d_values.push_back(*q.value);
        d_grads.push_back(*q.grad);
      }

      const Tensor2 gz = g.forward(z);
      compare("forward G(z)", p + ".g.gz", gz);
      const Tensor2 logits = d.forward(gz);
      compare("forward D logits", p + ".g.logits", logits);

      for (Variant v : {Variant::NonSat, Variant::Minimax}) {
        const std::string q = p + (v == Variant::NonSat ? ".g.nonsat" : ".g.minimax");
        Tensor2 per, dl, dgz, dz;
        const double loss = g_loss(v, logits, per, dl);
        compare("per-sample losses", q + ".loss", per);
        compare_scalar("mean losses", q + ".loss_mean", loss);
        d.backward(dl, dgz, false);
        compare("dloss/dG(z)", q + ".dgz", dgz);
        g.backward(dgz, dz, true);
        compare_params("G gradients", q + ".grad", g, true);
      }

      // The update, as the Trainer does it (G's first layer without dx).
      Tensor2 per, dl, dgz;
      g_loss(update_variant, logits, per, dl);
      d.backward(dl, dgz, false);
      g.backward_params(dgz);
      compare_params("G gradients",
                     p + (update_variant == Variant::NonSat ? ".g.nonsat" : ".g.minimax") + ".grad", g, true);
      auto params = g.params();
      opt_g.step(params);
      compare_params("G params after step", p + ".g.after", g, false);

      auto dp = d.params();
      for (std::size_t i = 0; i < dp.size(); ++i) {
        INFO("D " << dp[i].name << " during the G step");
        const bool value_kept = *dp[i].value == d_values[i];
        const bool grad_kept = *dp[i].grad == d_grads[i];
        CHECK(value_kept);
        CHECK(grad_kept);
      }
    }
  }

  std::ostringstream report;
  report << "largest abs error vs torch so far:";
  for (const auto& kv : max_errors()) report << "\n  " << kv.first << ": " << kv.second;
  SUCCEED(report.str());
}

}  // namespace

TEST_CASE("golden: the golden file loads", "[golden]") {
  if (!golden().ok) FAIL(golden().error);
  CHECK(golden().tensors.size() > 100);
}

TEST_CASE("golden: SGD momentum 0.5 lr 0.1, G on the minimax loss, 2 iterations vs torch", "[golden]") {
  OptimizerConfig c;
  c.kind = OptKind::Sgd;
  c.lr = 0.1f;
  c.momentum = 0.5f;
  run_golden("sgd", c, Variant::Minimax);
}

TEST_CASE("golden: Adam lr 0.01 betas (0.5, 0.999), G on the non-saturating loss, 2 iterations vs torch",
          "[golden]") {
  OptimizerConfig c;
  c.kind = OptKind::Adam;
  c.lr = 0.01f;
  c.beta1 = 0.5f;
  c.beta2 = 0.999f;
  c.eps = 1e-8f;
  run_golden("adam", c, Variant::NonSat);
}
