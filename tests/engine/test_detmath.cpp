// det_* against the C library over wide ranges, plus edge cases.
// The header promises "a few ulp of double"; we allow a relative 1e-14.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"

using namespace ganstep;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kE = 2.71828182845904523536;
constexpr double kLn2 = 0.69314718055994530942;

struct Worst {
  double rel = 0, x = 0;
};

// Worst relative error of f against ref at n+1 points spread over [lo, hi]
// (log-spaced when log_spaced, both ends > 0).
Worst worst_rel(const std::function<double(double)>& f, const std::function<double(double)>& ref,
                double lo, double hi, bool log_spaced = false, int n = 100000) {
  Worst w;
  for (int i = 0; i <= n; ++i) {
    const double t = static_cast<double>(i) / n;
    const double x = log_spaced ? std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo)))
                                : lo + t * (hi - lo);
    const double a = f(x), b = ref(x);
    const double e = (a == b) ? 0.0 : std::fabs(a - b) / std::fabs(b);
    if (!(e <= w.rel)) { w.rel = e; w.x = x; }
  }
  return w;
}

double ref_softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
double ref_sigmoid(double x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }

}  // namespace

TEST_CASE("det_exp, det_log and det_sigmoid match std within 1e-14 relative", "[detmath]") {
  auto e = worst_rel(det_exp, [](double x) { return std::exp(x); }, -708, 709);
  INFO("exp worst at " << e.x);
  CHECK(e.rel < 1e-14);
  e = worst_rel(det_exp, [](double x) { return std::exp(x); }, -1, 1);
  CHECK(e.rel < 1e-14);
  e = worst_rel(det_log, [](double x) { return std::log(x); }, 1e-300, 1e300, true);
  INFO("log worst at " << e.x);
  CHECK(e.rel < 1e-14);
  // near 1, where ln x -> 0, relative accuracy still holds
  e = worst_rel(det_log, [](double x) { return std::log(x); }, 0.5, 2.0);
  INFO("log near 1 worst at " << e.x);
  CHECK(e.rel < 1e-14);
  e = worst_rel(det_sigmoid, ref_sigmoid, -700, 700);
  INFO("sigmoid worst at " << e.x);
  CHECK(e.rel < 1e-14);
}

TEST_CASE("det_tanh matches std within 1e-14 relative", "[detmath]") {
  // Small |x|: 1 - e^-2|x| would cancel; tanh uses a series for e^y - 1 there.
  auto e = worst_rel(det_tanh, [](double x) { return std::tanh(x); }, -30, 30);
  INFO("tanh worst at " << e.x << " rel " << e.rel);
  CHECK(e.rel < 1e-14);
  e = worst_rel(det_tanh, [](double x) { return std::tanh(x); }, 1e-8, 1.0, true);
  INFO("tanh small worst at " << e.x << " rel " << e.rel);
  CHECK(e.rel < 1e-14);
}

TEST_CASE("det_tanh is float-grade everywhere (what the Tanh layer needs)", "[detmath]") {
  auto e = worst_rel(det_tanh, [](double x) { return std::tanh(x); }, -30, 30);
  CHECK(e.rel < 1e-10);
  e = worst_rel(det_tanh, [](double x) { return std::tanh(x); }, 1e-8, 1.0, true);
  CHECK(e.rel < 1e-10);
}

TEST_CASE("det_log1p_exp matches std within 1e-14 relative", "[detmath]") {
  // -40 <= x < 0: 1 + e^x drops e^x's low bits; the log1p correction restores them.
  auto e = worst_rel(det_log1p_exp, ref_softplus, -700, 700);
  INFO("log1p_exp worst at " << e.x << " rel " << e.rel);
  CHECK(e.rel < 1e-14);
  CHECK(det_log1p_exp(-39.0) > 0.0);
  CHECK(det_log1p_exp(-30.0) == Approx(std::log1p(std::exp(-30.0))).epsilon(1e-14));
}

TEST_CASE("det_log1p_exp outside the cancelling range", "[detmath]") {
  // x >= 0 (x + ln(1 + e^-x)) and x < -40 (e^x, normal range): a few ulp.
  auto e = worst_rel(det_log1p_exp, ref_softplus, 0, 700);
  CHECK(e.rel < 1e-14);
  e = worst_rel(det_log1p_exp, ref_softplus, -708, -40.5);
  CHECK(e.rel < 1e-14);
}

TEST_CASE("det_sin and det_cos match std to a few ulp", "[detmath]") {
  // Reduction by pi/2 in three parts keeps full precision near the zeros
  // (sin(kPi) = 1.2246e-16, cos(kPi/2) = 6.123e-17, kPi being pi rounded).
  auto e = worst_rel(det_sin, [](double x) { return std::sin(x); }, -100, 100);
  INFO("sin worst at " << e.x << " rel " << e.rel);
  CHECK(e.rel < 1e-14);
  e = worst_rel(det_cos, [](double x) { return std::cos(x); }, -100, 100);
  INFO("cos worst at " << e.x << " rel " << e.rel);
  CHECK(e.rel < 1e-14);
  CHECK(det_sin(kPi) == Approx(std::sin(kPi)).epsilon(1e-10));
  CHECK(det_cos(kPi / 2) == Approx(std::cos(kPi / 2)).epsilon(1e-10));
}

TEST_CASE("det_sin and det_cos: absolute error within a few ulp of 1 on [-2pi, 2pi]", "[detmath]") {
  double worst = 0;
  for (int i = 0; i <= 100000; ++i) {
    const double x = -2 * kPi + 4 * kPi * i / 100000.0;
    worst = std::max(worst, std::fabs(det_sin(x) - std::sin(x)));
    worst = std::max(worst, std::fabs(det_cos(x) - std::cos(x)));
  }
  CHECK(worst < 4.5e-16);  // 2 ulp of 1
  // identities and exact points
  CHECK(det_sin(0.0) == 0.0);
  CHECK(det_cos(0.0) == 1.0);
  CHECK(det_sin(kPi / 2) == Approx(1.0).epsilon(1e-16));
  CHECK(det_cos(kPi) == Approx(-1.0).epsilon(1e-16));
  CHECK(det_sin(-0.5) == -det_sin(0.5));
}

TEST_CASE("detmath edge cases: 0, huge, negative, NaN, inf", "[detmath]") {
  // exp
  CHECK(det_exp(0.0) == 1.0);
  CHECK(det_exp(1.0) == Approx(kE).epsilon(1e-15));
  CHECK(det_exp(709.7) == Approx(std::exp(709.7)).epsilon(1e-14));
  CHECK(det_exp(710.0) == kInf);
  CHECK(det_exp(kInf) == kInf);
  CHECK(det_exp(-kInf) == 0.0);
  CHECK(det_exp(-800.0) == 0.0);
  CHECK(std::isnan(det_exp(kNaN)));
  // subnormal results
  CHECK(det_exp(-740.0) == Approx(std::exp(-740.0)).epsilon(1e-10));
  CHECK(det_exp(-740.0) > 0.0);
  // log
  CHECK(det_log(1.0) == 0.0);
  CHECK(det_log(0.0) == -kInf);
  CHECK(det_log(kInf) == kInf);
  CHECK(std::isnan(det_log(-1.0)));
  CHECK(std::isnan(det_log(-kInf)));
  CHECK(std::isnan(det_log(kNaN)));
  CHECK(det_log(kE) == Approx(1.0).epsilon(1e-15));
  CHECK(det_log(1e-310) == Approx(std::log(1e-310)).epsilon(1e-14));              // subnormal
  CHECK(det_log(4.9406564584124654e-324) == Approx(std::log(4.9406564584124654e-324)).epsilon(1e-14));
  CHECK(det_log(1.7976931348623157e308) == Approx(std::log(1.7976931348623157e308)).epsilon(1e-14));
  // softplus
  CHECK(det_log1p_exp(0.0) == Approx(kLn2).epsilon(1e-15));
  CHECK(det_log1p_exp(1000.0) == 1000.0);
  CHECK(det_log1p_exp(-1000.0) == 0.0);
  CHECK(det_log1p_exp(kInf) == kInf);
  CHECK(det_log1p_exp(-kInf) == 0.0);
  CHECK(std::isnan(det_log1p_exp(kNaN)));
  // sigmoid
  CHECK(det_sigmoid(0.0) == 0.5);
  CHECK(det_sigmoid(1000.0) == 1.0);
  CHECK(det_sigmoid(-1000.0) == 0.0);
  CHECK(det_sigmoid(kInf) == 1.0);
  CHECK(det_sigmoid(-kInf) == 0.0);
  CHECK(det_sigmoid(-700.0) == Approx(std::exp(-700.0)).epsilon(1e-14));
  CHECK(det_sigmoid(2.0) + det_sigmoid(-2.0) == Approx(1.0).epsilon(1e-16));
  // tanh
  CHECK(det_tanh(0.0) == 0.0);
  CHECK(det_tanh(1e-300) == 1e-300);
  CHECK(det_tanh(100.0) == 1.0);
  CHECK(det_tanh(-100.0) == -1.0);
  CHECK(det_tanh(kInf) == 1.0);
  CHECK(det_tanh(-kInf) == -1.0);
  CHECK(det_tanh(-0.7) == -det_tanh(0.7));
  // sin / cos
  CHECK(std::isnan(det_sin(kNaN)));
  CHECK(std::isnan(det_sin(kInf)));
  CHECK(std::isnan(det_cos(-kInf)));
  CHECK(std::fabs(det_sin(1e6) - std::sin(1e6)) < 1e-9);  // large argument: still close
  // sqrt
  CHECK(det_sqrt(2.0) == std::sqrt(2.0));
  CHECK(det_sqrt(0.0) == 0.0);
}

TEST_CASE("det_exp at the overflow threshold", "[detmath]") {
  // e^x is finite up to ln(DBL_MAX) = 709.782712893384.
  CHECK(std::isfinite(det_exp(709.782)));
  CHECK(det_exp(709.782) == Approx(std::exp(709.782)).epsilon(1e-14));
}

TEST_CASE("fast_* variants are float-grade (relative 1e-10)", "[detmath]") {
  CHECK(worst_rel(fast_exp, [](double x) { return std::exp(x); }, -700, 700).rel < 1e-10);
  CHECK(worst_rel(fast_log, [](double x) { return std::log(x); }, 1e-300, 1e300, true).rel < 1e-10);
  CHECK(worst_rel(fast_sigmoid, ref_sigmoid, -80, 80).rel < 1e-10);
  CHECK(worst_rel(fast_log1p_exp, ref_softplus, -10, 80).rel < 1e-10);
  double worst = 0;
  for (int i = 0; i <= 100000; ++i) {
    const double x = -8 * kPi + 16 * kPi * i / 100000.0;
    worst = std::max(worst, std::fabs(fast_cos(x) - std::cos(x)));
  }
  CHECK(worst < 1e-10);
}

TEST_CASE("fmath softplus is float-accurate (relative 1e-6)", "[detmath]") {
  // Just above e = 1e-3, 1.0f + e rounds e to float's ulp of 1; log1p_unit
  // corrects for it, so softplus holds ~1e-7 (e.g. at l = -6.9).
  double worst = 0, at = 0;
  for (int i = 0; i <= 200000; ++i) {
    const float x = -80.0f + 160.0f * static_cast<float>(i) / 200000.0f;
    float sp, sig;
    fmath::softplus_sigmoid(x, sp, sig);
    const double e = std::fabs(sp - ref_softplus(x)) / ref_softplus(x);
    if (e > worst) { worst = e; at = x; }
  }
  INFO("softplus worst relative error " << worst << " at " << at);
  CHECK(worst < 1e-6);
  float sp, sig;
  fmath::softplus_sigmoid(-6.9f, sp, sig);
  CHECK(sp == Approx(ref_softplus(-6.9f)).epsilon(1e-6));
}

TEST_CASE("floatmath (branch-free float) functions are float-accurate", "[detmath]") {
  double worst_exp = 0, worst_sig = 0, worst_sp = 0, worst_log = 0, worst_cos = 0;
  for (int i = 0; i <= 20000; ++i) {
    const float x = -80.0f + 160.0f * static_cast<float>(i) / 20000.0f;
    if (x <= 0) {
      const double r = std::exp(static_cast<double>(x));
      worst_exp = std::max(worst_exp, std::fabs(fmath::exp_neg(x) - r) / r);
    }
    float sp, sig;
    fmath::softplus_sigmoid(x, sp, sig);
    worst_sig = std::max(worst_sig, std::fabs(sig - ref_sigmoid(x)) / ref_sigmoid(x));
    worst_sp = std::max(worst_sp, std::fabs(sp - ref_softplus(x)) / ref_softplus(x));
    const float y = std::ldexp(1.0f + static_cast<float>(i) / 20000.0f, i % 60 - 30);
    worst_log = std::max(worst_log, std::fabs(fmath::log_pos(y) - std::log(static_cast<double>(y))) /
                                        std::max(1.0, std::fabs(std::log(static_cast<double>(y)))));
    const float t = static_cast<float>(i) / 20001.0f;
    worst_cos = std::max(worst_cos, std::fabs(fmath::cos_turn(t) - std::cos(2 * kPi * static_cast<double>(t))));
  }
  CHECK(worst_exp < 1e-6);
  CHECK(worst_sig < 1e-6);
  CHECK(worst_sp < 1e-6);
  CHECK(worst_log < 1e-6);
  CHECK(worst_cos < 1e-6);
}
