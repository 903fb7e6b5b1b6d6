// Finite-difference gradient checks shared by the layer tests.
// Objective: f = sum(y * R) for a fixed random R, so backward(dy = R) must give
// df/dx and df/dparams. Central differences with a step of 1e-2 (scaled by the
// value's size), f evaluated in double from the float outputs; tolerance
// |num - ana| <= 1e-2 max(|num|, |ana|) + 2e-3 (float forward noise floor).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/layer.h"

namespace ganstep {
namespace gradcheck {

constexpr double kRelTol = 1e-2;
constexpr double kAbsTol = 2e-3;

inline Tensor2 random_tensor(Rng& rng, std::size_t r, std::size_t c, float lo, float hi) {
  Tensor2 t = Tensor2::from_shape({r, c});
  for (auto& v : t) v = rng.uniform(lo, hi);
  return t;
}

// Keeps inputs at least `gap` away from 0 (the ReLU / LeakyReLU kink).
inline void push_off_zero(Tensor2& t, float gap) {
  for (auto& v : t)
    if (std::fabs(v) < gap) v = v < 0 ? v - gap : v + gap;
}

// Same shape and the same values (xtensor's == yields a bool).
inline bool same(const Tensor2& a, const Tensor2& b) { return a == b; }

inline double dot(const Tensor2& y, const Tensor2& R) {
  double s = 0;
  for (std::size_t i = 0; i < y.size(); ++i) s += static_cast<double>(y.data()[i]) * R.data()[i];
  return s;
}

struct Stats {
  int checked = 0, failed = 0, kinks = 0;
};

// Compares analytic gradient `ana` of f with central differences over the
// entries of `value`. f() re-evaluates the objective with the current values.
// With allow_kinks, an entry whose one-sided differences disagree (the step
// crossed a ReLU kink somewhere in a net) is counted as a kink, not checked.
// step: the relative finite-difference step (smaller for second-order objectives).
inline void check_entries(Tensor2& value, const Tensor2& ana, const std::function<double()>& f,
                   Stats& st, const char* what, bool allow_kinks = false, float step = 1e-2f) {
  REQUIRE(value.shape() == ana.shape());
  for (std::size_t i = 0; i < value.size(); ++i) {
    float& v = value.data()[i];
    const float v0 = v;
    const float h = step * std::max(1.0f, std::fabs(v0));
    const float vp = v0 + h, vm = v0 - h;
    v = vp;
    const double fp = f();
    v = vm;
    const double fm = f();
    v = v0;
    const double num = (fp - fm) / (static_cast<double>(vp) - vm);
    const double a = ana.data()[i];
    const double tol = kRelTol * std::max(std::fabs(num), std::fabs(a)) + kAbsTol;
    if (allow_kinks) {
      const double f0 = f();
      const double fwd = (fp - f0) / (static_cast<double>(vp) - v0);
      const double bwd = (f0 - fm) / (static_cast<double>(v0) - vm);
      if (std::fabs(fwd - bwd) > tol) { ++st.kinks; continue; }
    }
    ++st.checked;
    if (std::fabs(num - a) > tol) {
      ++st.failed;
      UNSCOPED_INFO(what << "[" << i << "]: numeric " << num << " analytic " << a);
    }
  }
}

// A loss over logits: returns the mean, writes per-sample losses and d mean / d logit.
using LossFn = std::function<double(const Tensor2&, Tensor2&, Tensor2&)>;

// d(mean loss)/d(logit) by finite differences against the returned dlogits.
inline void check_loss(const LossFn& fn, Tensor2 logits) {
  Tensor2 per, dl;
  const double mean = fn(logits, per, dl);
  double s = 0;
  for (float v : per) s += v;
  CHECK(mean == Approx(s / per.size()).epsilon(1e-12));
  const Tensor2 ana = dl;
  auto f = [&]() {
    Tensor2 p2, d2;
    return fn(logits, p2, d2);
  };
  Stats st;
  check_entries(logits, ana, f, st, "dlogit");
  CHECK(st.failed == 0);
}

// Full check of one layer: dx and every parameter. With allow_kinks (nets
// with (leaky) ReLUs), an entry whose finite difference crosses a kink is
// counted, not checked: at most one in 20.
inline void check_layer(Layer& layer, Tensor2 x, Rng& rng, bool allow_kinks = false) {
  Tensor2 y;
  layer.forward(x, y);
  const Tensor2 R = random_tensor(rng, y.shape()[0], y.shape()[1], -1.0f, 1.0f);
  Tensor2 dx;
  layer.backward(R, dx, true);
  std::vector<Tensor2> pgrads;
  for (auto& p : layer.params()) pgrads.push_back(*p.grad);

  auto f = [&]() {
    Tensor2 out;
    layer.forward(x, out);
    return dot(out, R);
  };
  Stats st;
  check_entries(x, dx, f, st, "dx", allow_kinks);
  auto params = layer.params();
  std::size_t total = x.size();
  for (std::size_t k = 0; k < params.size(); ++k) {
    check_entries(*params[k].value, pgrads[k], f, st, params[k].name.c_str(), allow_kinks);
    total += params[k].value->size();
  }
  INFO(layer.describe() << ": " << st.kinks << " kinks of " << total);
  CHECK(st.checked + st.kinks == static_cast<int>(total));
  CHECK(st.kinks * 20 <= static_cast<int>(total));
  CHECK(st.failed == 0);
}

}  // namespace gradcheck
}  // namespace ganstep
