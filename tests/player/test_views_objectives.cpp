// What the 1-D and 2-D views show under each objective, and for compared runs:
// D's axis is [0, 1.05] for a probability and the critic's own range
// otherwise; D* is drawn only where the objective has a pointwise optimum
// (the ratio for gan and lsgan, its sign for hinge, none for wgan-gp); the
// 2-D map puts a critic's score on its colour scale; compared runs get their
// p_g / samples.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/trainer.h"
#include "lessons/player/views.h"

using namespace ganstep;
using namespace ganstep::ui;

namespace {

Trainer trained(const std::string& data, const std::string& objective, int iterations) {
  GanConfig c;
  c.data = data;
  c.noise_dim = data == "ring8" ? 2 : 1;
  REQUIRE(apply_setting(c, "objective", objective).empty());
  REQUIRE(apply_setting(c, "opt_d=adam").empty());
  REQUIRE(apply_setting(c, "opt_g=adam").empty());
  REQUIRE(apply_setting(c, "lr_d=0.005").empty());
  Trainer t(c);
  REQUIRE(t.step_iterations(iterations));
  return t;
}

ViewOptions cheap() {
  ViewOptions o;
  o.dstar_points = 24;
  o.exact_dstar = false;
  o.gen_samples = 512;
  o.dmap_cells = 16;
  return o;
}

int finite_count(const std::vector<float>& v) {
  int n = 0;
  for (float x : v) n += std::isfinite(x) ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("1-D view: D's axis and D* follow the objective", "[views][objectives]") {
  for (const char* o : {"gan", "lsgan", "hinge", "wgan-gp"}) {
    INFO(o);
    const std::string obj = o;
    Trainer t = trained("gaussian(4,0.5)", obj, 60);
    View1dData v;
    compute_view1d(t, cheap(), v);
    if (obj == "gan") {
      CHECK(v.d0 == 0);
      CHECK(v.d1 == Approx(1.05));
    } else {  // the curve fits the axis
      for (float d : v.d) {
        CHECK(d >= v.d0);
        CHECK(d <= v.d1);
      }
    }
    if (obj == "wgan-gp") CHECK(finite_count(v.d_star) == 0);  // no pointwise optimum
    else CHECK(finite_count(v.d_star) > 0);
    if (obj == "hinge") {
      CHECK(v.d0 <= -1.0);
      for (float d : v.d_star)
        if (std::isfinite(d)) CHECK((d == 1.0f || d == -1.0f || d == 0.0f));
    }
    if (obj == "gan" || obj == "lsgan")
      for (float d : v.d_star)
        if (std::isfinite(d)) {
          CHECK(d >= 0.0f);
          CHECK(d <= 1.0f);
        }
  }
}

TEST_CASE("views: compared runs get their p_g and samples, inside the range", "[views][objectives]") {
  Trainer main = trained("gaussian(4,0.5)", "gan", 20);
  std::vector<Trainer> runs = {trained("gaussian(4,0.5)", "lsgan", 20), trained("gaussian(4,0.5)", "hinge", 20)};
  View1dData v;
  compute_view1d(main, cheap(), v, runs);
  REQUIRE(v.p_g_runs.size() == 2);
  for (const auto& p : v.p_g_runs) {
    REQUIRE(p.size() == v.xs.size());
    double mass = 0;
    for (std::size_t i = 1; i < p.size(); ++i) mass += 0.5 * (p[i] + p[i - 1]) * (v.xs[i] - v.xs[i - 1]);
    CHECK(mass > 0.5);  // most of each run's samples fall inside the shown range
  }
  Trainer ring = trained("ring8", "wgan-gp", 20);
  std::vector<Trainer> ring_runs = {trained("ring8", "gan", 20)};
  View2dData w;
  std::string spec;
  compute_view2d(ring, cheap(), w, spec, ring_runs);
  REQUIRE(w.fake_runs.size() == 1);
  CHECK(w.fake_runs[0].size() == w.fake_xy.size());
  // A critic's map: its own range on the colour scale, every cell in [0, 1].
  CHECK(w.map_hi > w.map_lo);
  for (float d : w.dmap) {
    CHECK(d >= 0.0f);
    CHECK(d <= 1.0f);
  }
}
