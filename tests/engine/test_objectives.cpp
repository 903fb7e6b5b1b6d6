// The point GAN's objectives (config.h, Objective): each new loss and WGAN-GP's
// gradient penalty (a double backward through D) against finite differences,
// against PyTorch (tests/golden/objectives.txt, written by
// tests/golden/make_objectives_golden.py), and short training runs.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <string>

#include "engine/gan/config.h"
#include "engine/gan/report.h"
#include "engine/gan/trainer.h"
#include "engine/nn/gradient_penalty.h"
#include "engine/nn/loss.h"
#include "engine/nn/mlp.h"
#include "tests/engine/golden_file.h"
#include "tests/engine/gradcheck.h"

using namespace ganstep;
using namespace ganstep::gradcheck;

namespace {

using DLossFn = std::function<LossHalves(const Tensor2&, Tensor2&, Tensor2&)>;

// d(real + fake)/d out by central differences; the halves are the row means.
void check_d_loss(const DLossFn& fn, Tensor2 out) {
  Tensor2 per, dout;
  const LossHalves h = fn(out, per, dout);
  const std::size_t m = out.shape()[0] / 2;
  double r = 0, f = 0;
  for (std::size_t i = 0; i < m; ++i) {
    r += per(i, 0);
    f += per(m + i, 0);
  }
  CHECK(h.real == Approx(r / m).epsilon(1e-12));
  CHECK(h.fake == Approx(f / m).epsilon(1e-12));
  const Tensor2 ana = dout;
  auto total = [&]() {
    Tensor2 p, d;
    const LossHalves x = fn(out, p, d);
    return x.real + x.fake;
  };
  Stats st;
  check_entries(out, ana, total, st, "dout");
  CHECK(st.checked == static_cast<int>(out.size()));
  CHECK(st.failed == 0);
}

Sequential critic(const std::string& hidden, Rng& rng) {
  MlpSpec s;
  s.in = 2;
  REQUIRE(parse_hidden(hidden, s.hidden).empty());
  s.out = 1;
  Sequential net = build_mlp(s);
  init_mlp(net, rng);
  for (auto& p : net.params())  // larger weights: the norms reach both sides of 1
    for (auto& v : *p.value) v *= 2.5f;
  return net;
}

}  // namespace

TEST_CASE("lsgan, hinge and Wasserstein D losses: values and gradient", "[objectives][grad]") {
  Tensor2 out = {{0.3f}, {1.7f}, {-0.6f}, {2.4f}, {-1.8f}, {0.4f}, {-0.2f}, {1.3f}};  // 4 real, 4 fake
  check_d_loss(lsgan_loss_d, out);
  check_d_loss(hinge_loss_d, out);  // every margin is away from the kink at 0
  check_d_loss(wasserstein_loss_d, out);
  Tensor2 per, d;
  const LossHalves ls = lsgan_loss_d(out, per, d);
  CHECK(ls.real == Approx((0.49 + 0.49 + 2.56 + 1.96) / 8).epsilon(1e-6));  // ½ (f − 1)²
  CHECK(ls.fake == Approx((3.24 + 0.16 + 0.04 + 1.69) / 8).epsilon(1e-6));  // ½ f²
  const LossHalves hi = hinge_loss_d(out, per, d);
  CHECK(hi.real == Approx((0.7 + 0 + 1.6 + 0) / 4).epsilon(1e-6));  // relu(1 − f)
  CHECK(hi.fake == Approx((0 + 1.4 + 0.8 + 2.3) / 4).epsilon(1e-6));  // relu(1 + f)
  CHECK(d(1, 0) == 0.0f);  // real, f > 1: no push
  const LossHalves wa = wasserstein_loss_d(out, per, d);
  CHECK(wa.real == Approx(-(0.3 + 1.7 - 0.6 + 2.4) / 4).epsilon(1e-6));
  CHECK(wa.fake == Approx((-1.8 + 0.4 - 0.2 + 1.3) / 4).epsilon(1e-6));
}

TEST_CASE("lsgan and critic G losses: values and gradient", "[objectives][grad]") {
  Rng rng(41, 1);
  check_loss(lsgan_loss_g, random_tensor(rng, 6, 1, -3.0f, 3.0f));
  check_loss(critic_loss_g, random_tensor(rng, 6, 1, -3.0f, 3.0f));
  Tensor2 out = {{0.0f}, {3.0f}}, per, d;
  CHECK(lsgan_loss_g(out, per, d) == Approx((0.5 + 2.0) / 2));
  CHECK(critic_loss_g(out, per, d) == Approx(-1.5));
}

TEST_CASE("gradient penalty: the norms are ‖∇x f‖ and dP/dθ matches finite differences", "[objectives][grad]") {
  for (const char* hidden : {"6:tanh,5:sigmoid", "6:leaky_relu,4:tanh", "8:relu,6:relu", "5:sigmoid"}) {
    INFO(hidden);
    Rng rng(42, 1);
    Sequential d = critic(hidden, rng);
    REQUIRE(gradient_penalty_support(d).empty());
    const bool kinked = std::string(hidden).find("relu") != std::string::npos;
    Tensor2 x_hat = random_tensor(rng, 5, 2, -1.5f, 1.5f);
    const float lambda = 10.0f;
    Tensor2 norms;
    std::vector<Tensor2> grads;
    const double P = gradient_penalty(d, x_hat, lambda, norms, grads);
    REQUIRE(grads.size() == d.params().size());
    // The norms: central differences of f along each input coordinate (f is piecewise smooth).
    double below = 0, above = 0;
    for (std::size_t i = 0; i < 5; ++i) {
      double sq = 0;
      for (std::size_t j = 0; j < 2; ++j) {
        Tensor2 a = Tensor2::from_shape({1, 2}), b = Tensor2::from_shape({1, 2});
        a(0, 0) = b(0, 0) = x_hat(i, 0);
        a(0, 1) = b(0, 1) = x_hat(i, 1);
        const float h = 1e-3f;
        a(0, j) += h;
        b(0, j) -= h;
        const double fa = d.forward(a)(0, 0), fb = d.forward(b)(0, 0);
        const double g = (fa - fb) / (static_cast<double>(a(0, j)) - b(0, j));
        sq += g * g;
      }
      CHECK(norms(i, 0) == Approx(std::sqrt(sq)).epsilon(2e-2).margin(2e-3));
      (norms(i, 0) < 1 ? below : above) += 1;
    }
    // P from the norms.
    double p = 0;
    for (std::size_t i = 0; i < 5; ++i) p += lambda * (norms(i, 0) - 1.0) * (norms(i, 0) - 1.0);
    CHECK(P == Approx(p / 5).epsilon(1e-6));
    // dP/dθ: P re-evaluated (its own forward and input gradient) at perturbed weights.
    auto params = d.params();
    Stats st;
    for (std::size_t k = 0; k < params.size(); ++k) {
      auto f = [&]() {
        Tensor2 n2;
        std::vector<Tensor2> g2;
        return gradient_penalty(d, x_hat, lambda, n2, g2);
      };
      // A step of 1e-3: P is a function of D's gradient, so second-order (its
      // curvature shows at larger steps); entries whose step crosses a ReLU
      // kink are skipped in the piecewise-linear nets only.
      check_entries(*params[k].value, grads[k], f, st, params[k].name.c_str(), kinked, 1e-3f);
    }
    CHECK(st.failed == 0);
    CHECK(st.checked > 4 * st.kinks);  // most entries checked, not skipped at kinks
  }
}

TEST_CASE("gradient penalty: the output bias gets no gradient; unsupported nets say why", "[objectives][grad]") {
  Rng rng(43, 1);
  Sequential d = critic("4:tanh", rng);
  Tensor2 x_hat = random_tensor(rng, 3, 2, -1.0f, 1.0f), norms;
  std::vector<Tensor2> grads;
  gradient_penalty(d, x_hat, 10.0f, norms, grads);
  REQUIRE(grads.size() == 4);
  CHECK(grads[3](0, 0) == 0.0f);  // f's constant term does not change ∇x f
  MlpSpec two;
  two.in = 2;
  two.out = 2;
  Sequential wide = build_mlp(two);
  CHECK(gradient_penalty_support(wide).find("one output") != std::string::npos);
}

// ---- PyTorch golden values ------------------------------------------------------------------

namespace {

const golden_file::Golden& golden() {
  static const golden_file::Golden g =
      golden_file::load_golden(GANSTEP_SOURCE_DIR "/tests/golden/objectives.txt", "tests/golden/make_objectives_golden.py");
  return g;
}

const Tensor2& want(const std::string& name) {
  static const Tensor2 none;
  auto it = golden().tensors.find(name);
  if (it == golden().tensors.end()) {
    FAIL("tensor \"" << name << "\" is missing from tests/golden/objectives.txt");
    return none;
  }
  return it->second;
}

// 1e-5 absolute, or relative above 1 in magnitude (as the GAN step goldens).
void compare(const std::string& name, const Tensor2& got) {
  const Tensor2& w = want(name);
  INFO(name);
  REQUIRE(got.shape()[0] == w.shape()[0]);
  REQUIRE(got.shape()[1] == w.shape()[1]);
  for (std::size_t i = 0; i < w.size(); ++i) {
    INFO("element " << i << ": engine " << got.data()[i] << " torch " << w.data()[i]);
    CHECK(std::fabs(got.data()[i] - w.data()[i]) <= 1e-5 * std::max(1.0, std::fabs(double(w.data()[i]))));
  }
}

void compare_scalar(const std::string& name, double v) {
  Tensor2 t = Tensor2::from_shape({1, 1});
  t(0, 0) = static_cast<float>(v);
  compare(name, t);
}

Sequential golden_critic() {
  MlpSpec s;
  s.in = 2;
  s.hidden = {{5, Act::Tanh}, {4, Act::LeakyReLU}, {3, Act::Sigmoid}};
  s.out = 1;
  s.leaky_slope = 0.2f;
  Sequential d = build_mlp(s);
  for (auto& p : d.params()) {
    const Tensor2& w = want("init." + p.name);
    REQUIRE(p.value->shape() == w.shape());
    *p.value = w;
  }
  return d;
}

Tensor2 rows_of(const Tensor2& a, const Tensor2& b) {
  Tensor2 out = Tensor2::from_shape({a.shape()[0] + b.shape()[0], a.shape()[1]});
  std::copy(a.begin(), a.end(), out.begin());
  std::copy(b.begin(), b.end(), out.begin() + static_cast<std::ptrdiff_t>(a.size()));
  return out;
}

}  // namespace

TEST_CASE("objectives against PyTorch: D losses, gradient penalty, G losses", "[objectives][golden]") {
  if (!golden().ok) FAIL(golden().error);
  Sequential d = golden_critic();
  const Tensor2 x = want("x"), gz = want("gz"), eps = want("eps");
  const Tensor2 input = rows_of(x, gz);

  const std::pair<const char*, DLossFn> d_losses[] = {
      {"lsgan", lsgan_loss_d}, {"hinge", hinge_loss_d}, {"wasserstein", wasserstein_loss_d}};
  for (const auto& [name, fn] : d_losses) {
    const std::string n = name;
    const Tensor2 f = d.forward(input);
    compare(n + ".f", f);
    Tensor2 per, dout;
    const LossHalves h = fn(f, per, dout);
    compare(n + ".loss", per);
    compare_scalar(n + ".real", h.real);
    compare_scalar(n + ".fake", h.fake);
    compare(n + ".dout", dout);
    d.backward_params(dout);
    for (auto& p : d.params()) compare(n + ".grad." + p.name, *p.grad);
  }

  // The penalty, on x̂ = ε x + (1 − ε) G(z) as the trainer forms it.
  Tensor2 x_hat = Tensor2::from_shape(x.shape());
  for (std::size_t i = 0; i < x.shape()[0]; ++i)
    for (std::size_t j = 0; j < 2; ++j) x_hat(i, j) = eps(i, 0) * x(i, j) + (1.0f - eps(i, 0)) * gz(i, j);
  compare("gp.x_hat", x_hat);
  Tensor2 norms;
  std::vector<Tensor2> grads;
  const double gp = gradient_penalty(d, x_hat, 10.0f, norms, grads);
  compare("gp.norms", norms);
  compare_scalar("gp.value", gp);
  auto params = d.params();
  REQUIRE(grads.size() == params.size());
  for (std::size_t k = 0; k < params.size(); ++k) compare("gp.grad." + params[k].name, grads[k]);

  const std::pair<const char*, LossFn> g_losses[] = {{"lsgan_g", lsgan_loss_g}, {"critic_g", critic_loss_g}};
  for (const auto& [name, fn] : g_losses) {
    const std::string n = name;
    const Tensor2 f = d.forward(gz);
    compare(n + ".f", f);
    Tensor2 per, dout, dgz;
    compare_scalar(n + ".mean", fn(f, per, dout));
    compare(n + ".loss", per);
    compare(n + ".dout", dout);
    d.backward(dout, dgz, false);
    compare(n + ".dgz", dgz);
  }
}

// ---- training ------------------------------------------------------------------------------

namespace {

GanConfig objective_config(const std::string& objective) {
  GanConfig c;
  c.data = "ring8";
  c.noise_dim = 2;
  REQUIRE(apply_setting(c, "objective", objective).empty());
  if (objective == "wgan-gp")
    for (const char* kv : {"k=5", "opt_d=adam", "opt_g=adam", "beta1_d=0", "beta2_d=0.9", "beta1_g=0",
                           "beta2_g=0.9", "lr_d=0.001", "lr_g=0.001"})
      REQUIRE(apply_setting(c, kv).empty());
  return c;
}

}  // namespace

TEST_CASE("each objective trains 300 iterations on ring8 without diverging", "[objectives][trainer]") {
  for (const char* o : {"gan", "wgan-gp", "lsgan", "hinge"}) {
    INFO(o);
    Trainer t(objective_config(o));
    REQUIRE(t.ok());
    REQUIRE(t.step_iterations(300));
    const StepStats& s = t.stats();
    CHECK(std::isfinite(s.loss_d));
    CHECK(std::isfinite(s.loss_g));
    if (std::string(o) == "gan") {
      CHECK(s.loss_d == Approx((s.loss_d_real + s.loss_d_fake) / 2).epsilon(1e-9));
      CHECK(s.d_real > 0);
      CHECK(s.d_real < 1);
    } else {
      CHECK(s.loss_d == Approx(s.loss_d_real + s.loss_d_fake + s.loss_gp).epsilon(1e-9));
    }
    if (std::string(o) == "wgan-gp") {
      CHECK(s.loss_gp > 0);
      CHECK(t.batch().gp_norm.shape()[0] == static_cast<std::size_t>(t.config().batch));
    }
    // D(.) is a probability under gan only; the others show the raw output.
    Tensor2 pt = Tensor2::from_shape({1, 2}), out;
    pt(0, 0) = 0.3f;
    pt(0, 1) = -0.2f;
    t.discriminate(pt, out);
    Trainer copy = t;
    Tensor2 raw = copy.discriminator().forward(pt);
    if (std::string(o) == "gan") CHECK(out(0, 0) == Approx(1.0 / (1.0 + std::exp(-double(raw(0, 0))))).epsilon(1e-6));
    else CHECK(out(0, 0) == raw(0, 0));
  }
}

TEST_CASE("objective is live: a switch waits for the step boundary; gan's stream is untouched", "[objectives][trainer]") {
  GanConfig c;
  Trainer a(c), b(c);
  REQUIRE(b.retune("objective", "gan").empty());  // the same objective: the same bits
  a.step_iterations(20);
  b.step_iterations(20);
  CHECK(a.state_hash() == b.state_hash());
  Trainer w(c);
  w.step_phase();  // mid D-step
  REQUIRE(w.retune("objective", "wgan-gp").empty());
  CHECK(w.config().objective == Objective::Gan);
  CHECK(w.next_config().objective == Objective::WganGp);
  REQUIRE(w.step_iteration());
  CHECK(w.config().objective == Objective::WganGp);
  CHECK(w.retune("objective", "wgan").find("expected gan, wgan-gp, lsgan or hinge") != std::string::npos);
}

TEST_CASE("objective and gp_lambda: settings rows, round trip, messages", "[objectives][config]") {
  for (const char* o : {"gan", "wgan-gp", "lsgan", "hinge"}) {
    GanConfig c;
    REQUIRE(apply_setting(c, std::string("objective=") + o).empty());
    CHECK(config_key("objective")->get(c) == o);
  }
  GanConfig c;
  CHECK(apply_setting(c, "objectiv=lsgan").find("did you mean \"objective\"") != std::string::npos);
  CHECK(apply_setting(c, "gp_lambda=-1").find("out of range 0..1000") != std::string::npos);
  REQUIRE(apply_setting(c, "gp_lambda=2.5").empty());
  CHECK(config_key("gp_lambda")->get(c) == "2.5");
  CHECK(is_live_setting("objective"));
  CHECK(is_live_setting("gp_lambda"));
  // gp_lambda applies to wgan-gp only, g_loss to gan only (the settings panel greys them out).
  CHECK_FALSE(config_key("gp_lambda")->applies(c));
  REQUIRE(apply_setting(c, "objective=wgan-gp").empty());
  CHECK(config_key("gp_lambda")->applies(c));
  CHECK_FALSE(config_key("g_loss")->applies(c));
  CHECK(std::string(config_key("objective")->help).find("beta2") != std::string::npos);  // WGAN-GP's usual Adam
}

TEST_CASE("a wgan-gp D-step descends the Wasserstein loss plus the penalty on x̂ = ε x + (1 − ε) G(z)", "[objectives][trainer]") {
  GanConfig c = objective_config("wgan-gp");
  REQUIRE(apply_setting(c, "opt_d=sgd").empty());
  REQUIRE(apply_setting(c, "momentum_d=0").empty());
  REQUIRE(apply_setting(c, "lr_d=0.01").empty());
  Trainer t(c);
  REQUIRE(t.step_iterations(3));
  while (t.phase() != Phase::UpdateD) REQUIRE(t.step_phase());
  // By hand, from the batch the trainer drew: the losses' and the penalty's gradients.
  Trainer hand = t;
  const Batch& b = t.batch();
  const std::size_t m = b.x.shape()[0];
  Sequential& d = hand.discriminator();
  Tensor2 per, dout, norms, x_hat = Tensor2::from_shape(b.x.shape());
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < 2; ++j) x_hat(i, j) = b.eps(i, 0) * b.x(i, j) + (1.0f - b.eps(i, 0)) * b.g_z(i, j);
  CHECK(same(x_hat, b.x_hat));
  std::vector<Tensor2> gp;
  const double penalty = gradient_penalty(d, x_hat, c.gp_lambda, norms, gp);
  CHECK(penalty == t.stats().loss_gp);
  d.forward(b.d_input);
  const LossHalves h = wasserstein_loss_d(d.forward(b.d_input), per, dout);
  CHECK(t.stats().loss_d == Approx(h.real + h.fake + penalty).epsilon(1e-12));
  d.backward_params(dout);
  std::vector<Tensor2> want;
  auto params = d.params();
  for (std::size_t k = 0; k < params.size(); ++k) want.push_back(*params[k].value - 0.01f * (*params[k].grad + gp[k]));
  REQUIRE(t.step_phase());  // UpdateD
  auto after = t.discriminator().params();
  for (std::size_t k = 0; k < after.size(); ++k) {
    INFO(after[k].name);
    const bool close = xt::allclose(*after[k].value, want[k], 1e-6, 1e-7);
    CHECK(close);
  }
}
