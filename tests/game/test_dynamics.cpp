// The saddle-point dynamics against closed forms (engine/game/): these games are
// known exactly, so the tests check identities, not approximations.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/game/game.h"
#include "engine/game/game_run.h"
#include "tests/game/make_game.h"

using namespace ganstep;
using ganstep::testing::make;

namespace {


double norm(GamePoint p) { return std::sqrt(p.x * p.x + p.y * p.y); }

bool rel_close(double got, double want, double tol) {
  return std::fabs(got - want) <= tol * std::fabs(want);
}

}  // namespace

TEST_CASE("simultaneous GDA on x*y: the distance grows by exactly sqrt(1+eta^2) per step", "[game]") {
  for (const char* lr : {"0.01", "0.1", "0.5", "1"}) {
    GameRun run(make({"game=bilinear", "rule=simultaneous", "start_x=1", "start_y=0.5"}));
    REQUIRE(run.retune("lr", lr) == "");
    const double eta = std::stod(lr);
    const double factor = std::sqrt(1 + eta * eta);
    INFO("lr " << lr);
    for (int i = 0; i < 300; ++i) {
      const double before = norm(run.point());
      const GamePoint p = run.point();
      REQUIRE(run.step());
      // The update itself, bit for bit: x <- x - eta*y, y <- y + eta*x (both from the old point).
      REQUIRE(run.point().x == p.x - eta * p.y);
      REQUIRE(run.point().y == p.y + eta * p.x);
      REQUIRE(rel_close(norm(run.point()) / before, factor, 1e-12));
    }
    const double d0 = std::sqrt(1.25);
    CHECK(rel_close(run.distance(), d0 * std::pow(factor, 300), 1e-10));
  }
}

TEST_CASE("alternating GDA on x*y, G first: bounded, x^2 + y^2 - eta*x*y is conserved", "[game]") {
  for (const char* lr : {"0.05", "0.3", "1.5"}) {
    GameRun run(make({"game=bilinear", "rule=alternating", "first=g", "start_x=1", "start_y=0.5"}));
    REQUIRE(run.retune("lr", lr) == "");
    const double eta = std::stod(lr);
    auto q = [eta](GamePoint p) { return p.x * p.x + p.y * p.y - eta * p.x * p.y; };
    const double q0 = q(run.point());
    // |p|^2 (1 - eta/2) <= q, so the trajectory stays in a ball.
    const double bound = std::sqrt(q0 / (1 - eta / 2));
    INFO("lr " << lr);
    for (int i = 0; i < 10000; ++i) {
      const GamePoint p = run.point();
      REQUIRE(run.step());
      const double x1 = p.x - eta * p.y;  // x <- x - eta*y, then y <- y + eta*x with the new x
      REQUIRE(run.point().x == x1);
      REQUIRE(run.point().y == p.y + eta * x1);
      REQUIRE(rel_close(q(run.point()), q0, 1e-12));
      REQUIRE(norm(run.point()) <= bound * (1 + 1e-12));
    }
    CHECK(run.path().size() == 2 * 10000 + 1);  // one point per player update
  }
}

TEST_CASE("alternating GDA on x*y, D first (Algorithm 1): x^2 + y^2 + eta*x*y is conserved", "[game]") {
  GameRun run(make({"game=bilinear", "rule=alternating", "lr=0.2", "start_x=-0.3", "start_y=2"}));
  const double eta = 0.2;
  auto q = [eta](GamePoint p) { return p.x * p.x + p.y * p.y + eta * p.x * p.y; };
  const double q0 = q(run.point());
  for (int i = 0; i < 10000; ++i) {
    const GamePoint p = run.point();
    REQUIRE(run.step());
    const double y1 = p.y + eta * p.x;  // the D-step first, then G from the new y
    REQUIRE(run.point().y == y1);
    REQUIRE(run.point().x == p.x - eta * y1);
    REQUIRE(rel_close(q(run.point()), q0, 1e-12));
  }
}

TEST_CASE("k D-steps per G-step", "[game]") {
  GameRun run(make({"game=bilinear", "rule=alternating", "k=3", "lr=0.1"}));
  const GamePoint p = run.point();
  REQUIRE(run.step());
  double x = p.x, y = p.y;
  for (int i = 0; i < 3; ++i) y = y + 0.1 * x;
  x = x - 0.1 * y;
  CHECK(run.point().x == x);
  CHECK(run.point().y == y);
  CHECK(run.path().size() == 5);  // start, 3 D-moves, 1 G-move
  CHECK(run.path()[3].x == p.x);  // D moves vertically
  CHECK(run.path()[4].y == y);    // G moves horizontally
}

TEST_CASE("Dirac-GAN without regularization does not converge", "[game]") {
  struct Row {
    const char* loss;
    const char* rule;
    double least;  // the distance stays above this
  };
  // minimax and wgan: cycles (alternating) or spirals out (simultaneous). nonsat with
  // simultaneous steps settles on a limit cycle of radius ~0.44 (for lr 0.1).
  const Row rows[] = {{"minimax", "simultaneous", 1}, {"minimax", "alternating", 1},
                      {"wgan", "simultaneous", 1},    {"wgan", "alternating", 1},
                      {"nonsat", "simultaneous", 0.3}};
  for (const Row& r : rows) {
    GameRun run(make({"game=dirac", "lr=0.1", "start_x=1", "start_y=1"}));
    REQUIRE(run.retune("loss", r.loss) == "");
    REQUIRE(run.retune("rule", r.rule) == "");
    INFO(r.loss << " " << r.rule);
    REQUIRE(run.step(20000));
    double least = 1e300;
    for (int i = 0; i < 2000; ++i) {
      REQUIRE(run.step());
      least = std::min(least, run.distance());
    }
    CHECK(least > r.least);
  }
}

TEST_CASE("Dirac-GAN, nonsat, alternating: only sublinear convergence, like 1/sqrt(t)", "[game]") {
  // J's trace is h''(-t) psi^2 + h''(t) theta^2 < 0 off the equilibrium but -> 0 at it,
  // so the distance shrinks like 1/sqrt(t): each doubling of t divides it by ~sqrt(2).
  GameRun run(make({"game=dirac", "loss=nonsat", "rule=alternating", "lr=0.1"}));
  REQUIRE(run.step(10000));
  const double d1 = run.distance();
  REQUIRE(run.step(10000));
  const double d2 = run.distance();
  CHECK(d2 / d1 > 0.65);
  CHECK(d2 / d1 < 0.75);
  CHECK(d2 > 0.05);
}

TEST_CASE("Dirac-GAN with R1 (gamma > 0) and a small step converges to (0, 0)", "[game]") {
  for (const char* loss : {"minimax", "nonsat"}) {
    for (const char* gamma : {"0.3", "1", "3"}) {
      GameRun run(make({"game=dirac", "rule=r1", "lr=0.1", "start_x=1", "start_y=1"}));
      REQUIRE(run.retune("loss", loss) == "");
      REQUIRE(run.retune("gamma", gamma) == "");
      INFO(loss << " gamma " << gamma);
      REQUIRE(run.step(5000));
      CHECK(run.distance() < 1e-8);
      // Monotone in the end: the last distances shrink.
      const auto d = run.distances();
      CHECK(d.back() < d[d.size() - 100]);
    }
  }
  // Alternating updates with R1 converge as well.
  GameRun alt(make({"game=dirac", "rule=alternating", "regularizer=r1", "gamma=1", "lr=0.1"}));
  REQUIRE(alt.step(5000));
  CHECK(alt.distance() < 1e-8);
}

TEST_CASE("consensus optimization converges on x*y and the Dirac-GAN", "[game]") {
  GameRun bil(make({"game=bilinear", "rule=consensus", "gamma=1", "lr=0.1"}));
  REQUIRE(bil.step(2000));
  CHECK(bil.distance() < 1e-8);
  GameRun dirac(make({"game=dirac", "rule=consensus", "gamma=1", "lr=0.1"}));
  REQUIRE(dirac.step(20000));
  CHECK(dirac.distance() < 1e-3);
}

TEST_CASE("Jacobian eigenvalues at the equilibrium", "[game]") {
  struct Row {
    std::initializer_list<const char*> settings;
    double re, im;
  };
  // +-i h'(0) for the Dirac-GAN (h'(0) = 1/2 for the GAN losses, 1 for WGAN), +-i for x*y.
  const Row rows[] = {
      {{"game=dirac", "loss=minimax"}, 0, 0.5},
      {{"game=dirac", "loss=nonsat"}, 0, 0.5},
      {{"game=dirac", "loss=wgan"}, 0, 1},
      {{"game=bilinear"}, 0, 1},
      {{"formula=x*y"}, 0, 1},
      {{"formula=-softplus(-x*y) - log(2)"}, 0, 0.5},
      // R1: (-gamma +- sqrt(gamma^2 - 4 h'(0)^2)) / 2: gamma = 0.6 -> -0.3 +- 0.4i
      {{"game=dirac", "rule=r1", "gamma=0.6"}, -0.3, 0.4},
      // Consensus on x*y: J - gamma J^T J = [[-gamma, -1], [1, -gamma]] -> -gamma +- i
      {{"game=bilinear", "rule=consensus", "gamma=0.5"}, -0.5, 1},
  };
  for (const Row& r : rows) {
    GameRun run(make(r.settings));
    const Eigen2 e = run.eigen_at(0, 0);
    INFO(e.re1 << " " << e.im1 << " " << e.re2 << " " << e.im2);
    CHECK(std::fabs(e.re1 - r.re) < 1e-15);
    CHECK(std::fabs(e.re2 - r.re) < 1e-15);
    CHECK(std::fabs(e.im1 - r.im) < 1e-15);
    CHECK(std::fabs(e.im2 + r.im) < 1e-15);
  }
  // Exactly, for the built-in games.
  GameRun dirac(make({"game=dirac"}));
  CHECK(dirac.eigen_at(0, 0).im1 == 0.5);
  CHECK(dirac.eigen_at(0, 0).re1 == 0.0);
  GameRun bil(make({"game=bilinear"}));
  CHECK(bil.eigen_at(0, 0).im1 == 1.0);
  // R1 with a large gamma: two real negative eigenvalues, (-2 +- sqrt(3)) / 2.
  GameRun r1(make({"game=dirac", "rule=r1", "gamma=2"}));
  const Eigen2 e = r1.eigen_at(0, 0);
  CHECK(e.im1 == 0);
  CHECK(std::fabs(e.re1 - (-2 + std::sqrt(3.0)) / 2) < 1e-15);
  CHECK(std::fabs(e.re2 - (-2 - std::sqrt(3.0)) / 2) < 1e-15);
}

TEST_CASE("the Dirac-GAN's closed forms agree with the same game written as formulas", "[game]") {
  // minimax: f = h(xy) + h(0) with h(t) = -softplus(-t); nonsat: L_G = -h(-xy) = softplus(xy).
  struct Pair {
    std::initializer_list<const char*> builtin, custom;
  };
  const Pair pairs[] = {
      {{"game=dirac", "loss=minimax"}, {"formula=-softplus(-x*y) - log(2)"}},
      {{"game=dirac", "loss=nonsat"}, {"formula=-softplus(-x*y) - log(2)", "formula_g=softplus(x*y)"}},
      {{"game=dirac", "loss=wgan"}, {"formula=x*y"}},
      {{"game=bilinear"}, {"formula=x*y"}},
      {{"game=dirac", "rule=r1", "gamma=0.7"}, {"formula=-softplus(-x*y) - log(2)", "rule=r1", "gamma=0.7"}},
      {{"game=dirac", "rule=consensus"}, {"formula=log(sigmoid(x*y)) - log(2)", "rule=consensus"}},
  };
  const double pts[][2] = {{0, 0}, {1, 1}, {-0.7, 2.5}, {3, -0.2}, {-4, -5}, {0.01, 30}};
  for (const Pair& p : pairs) {
    GameRun a(make(p.builtin)), b(make(p.custom));
    for (const auto& xy : pts) {
      const GameLocal la = a.local_at(xy[0], xy[1]), lb = b.local_at(xy[0], xy[1]);
      const double got[] = {la.value, la.vx, la.vy, la.dx, la.dy, la.jv.a, la.jv.b, la.jv.c, la.jv.d,
                            la.jd.a, la.jd.b, la.jd.c, la.jd.d};
      const double want[] = {lb.value, lb.vx, lb.vy, lb.dx, lb.dy, lb.jv.a, lb.jv.b, lb.jv.c, lb.jv.d,
                             lb.jd.a, lb.jd.b, lb.jd.c, lb.jd.d};
      for (int i = 0; i < 13; ++i) {
        INFO("point (" << xy[0] << ", " << xy[1] << ") component " << i << ": " << got[i] << " vs " << want[i]);
        CHECK(std::fabs(got[i] - want[i]) <= 1e-12 * (1 + std::fabs(want[i])));
      }
    }
  }
}

TEST_CASE("the Jacobian is the derivative of the field (finite differences)", "[game]") {
  for (const char* loss : {"minimax", "nonsat"}) {
    GameRun run(make({"game=dirac"}));
    REQUIRE(run.retune("loss", loss) == "");
    const double h = 1e-6;
    for (const auto& xy : {std::pair<double, double>{0.3, -1.2}, {2, 0.5}, {-1, -1}}) {
      const double x = xy.first, y = xy.second;
      const GameLocal l = run.local_at(x, y);
      const GameLocal px = run.local_at(x + h, y), mx = run.local_at(x - h, y);
      const GameLocal py = run.local_at(x, y + h), my = run.local_at(x, y - h);
      CHECK(l.jv.a == Approx((px.vx - mx.vx) / (2 * h)).margin(1e-8));
      CHECK(l.jv.b == Approx((py.vx - my.vx) / (2 * h)).margin(1e-8));
      CHECK(l.jv.c == Approx((px.vy - mx.vy) / (2 * h)).margin(1e-8));
      CHECK(l.jv.d == Approx((py.vy - my.vy) / (2 * h)).margin(1e-8));
    }
  }
}

TEST_CASE("momentum with beta = 0 is plain GD, bit for bit; Adam's first step has length lr", "[game]") {
  GameRun gd(make({"game=dirac", "rule=simultaneous"}));
  GameRun mom(make({"game=dirac", "rule=momentum", "momentum=0"}));
  REQUIRE(gd.step(500));
  REQUIRE(mom.step(500));
  CHECK(gd.state_hash() == mom.state_hash());

  GameRun adam(make({"game=bilinear", "rule=adam", "lr=0.01", "start_x=2", "start_y=-3"}));
  REQUIRE(adam.step());
  // m_hat = g, v_hat = g^2: each player moves lr / (1 + eps / |g|) against its gradient.
  CHECK(adam.point().x == Approx(2 + 0.01 * 3 / (3 + 1e-8)).epsilon(1e-15));   // g_x = y = -3
  CHECK(adam.point().y == Approx(-3 + 0.01 * 2 / (2 + 1e-8)).epsilon(1e-15));  // g_y = -x = -2
  // Negative momentum (Gidel et al. 2019) is accepted.
  GameRun negative(make({"game=bilinear", "rule=momentum", "momentum=-0.5"}));
  CHECK(negative.step(100));
}

TEST_CASE("instance noise: deterministic per seed, and it stabilises the Dirac-GAN", "[game]") {
  GameRun a(make({"game=dirac", "noise=0.5", "seed=3"})), b(make({"game=dirac", "noise=0.5", "seed=3"}));
  GameRun c(make({"game=dirac", "noise=0.5", "seed=4"}));
  REQUIRE(a.step(300));
  REQUIRE(b.step(300));
  REQUIRE(c.step(300));
  CHECK(a.state_hash() == b.state_hash());
  CHECK(a.state_hash() != c.state_hash());
  // Without noise the seed does not matter (no random numbers are drawn).
  GameRun d(make({"game=dirac", "seed=3"})), e(make({"game=dirac", "seed=4"}));
  REQUIRE(d.step(300));
  REQUIRE(e.step(300));
  CHECK(d.state_hash() == e.state_hash());
  // Instance noise acts like a penalty on psi near the equilibrium (Mescheder et al. 2018):
  // from (1, 1), the unregularised run stays away from (0, 0), the noisy one comes close.
  GameRun noisy(make({"game=dirac", "noise=1", "lr=0.05"}));
  REQUIRE(noisy.step(40000));
  double least = 1e300;
  for (double dist : noisy.distances()) least = std::min(least, dist);
  CHECK(least < 0.25);
}

TEST_CASE("the linearised update map: growth sqrt(1+eta^2) simultaneous, 1 alternating", "[game]") {
  for (double eta : {0.05, 0.3, 1.0}) {
    GameConfig c = make({"game=bilinear"});
    c.lr_g = c.lr_d = eta;
    GameRun sim(c);
    CHECK(std::fabs(spectral_radius(sim.step_eigen_at(0, 0)) - std::sqrt(1 + eta * eta)) < 1e-15);
    c.order = GameOrder::Alternating;
    for (bool g_first : {false, true}) {
      c.g_first = g_first;
      GameRun alt(c);
      const Eigen2 e = alt.step_eigen_at(0, 0);
      CHECK(std::fabs(spectral_radius(e) - 1) < 1e-15);
      CHECK(std::fabs(e.det - 1) < 1e-15);  // area-preserving
    }
  }
  // Dirac-GAN with R1 at the equilibrium: contracting for a small step.
  GameRun r1(make({"game=dirac", "rule=r1", "gamma=1", "lr=0.1"}));
  CHECK(spectral_radius(r1.step_eigen_at(0, 0)) < 1);
  GameRun adam(make({"rule=adam"}));
  CHECK(std::isnan(spectral_radius(adam.step_eigen())));
}
