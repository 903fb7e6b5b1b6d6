// A game lesson on the Session (lessons/run: GameRuns) and the saddle
// panel's data (saddle_data.h): exact stepping back and seeking, equal to
// fresh runs; the quiver equals the engine's field; the saddle-points lesson
// loads and its beats fire.
#include <catch2/catch.hpp>

#include "lessons/format/library.h"
#include <memory>

#include "lessons/run/game_runs.h"
#include "lessons/run/session.h"
#include "lessons/player/saddle_data.h"

using namespace ganstep;
using namespace ganstep::ui;

namespace {

// The Session as the saddle panels see it, in the words of these tests.
struct GameSession {
  std::unique_ptr<run::Session> s = std::make_unique<run::Session>();
  const run::GameRuns& g() const { return *s->as<run::GameRuns>(); }
  const std::vector<GameRun>& runs() const { return g().runs(); }
  const GameRun& main() const { return g().main(); }
  const GameConfig& settings() const { return g().settings(); }
  std::int64_t iteration() const { return g().iteration(); }
  std::int64_t furthest_iteration() const { return s->furthest_iterations(); }
  bool step(std::int64_t n) { return s->step_iterations(n); }
  bool back(std::int64_t n) { return s->back_iterations(n); }
  bool seek(std::int64_t it) { return s->seek_iteration(it); }
  void reset() { s->reset(); }
  std::string set(const std::string& k, const std::string& v) { return s->set(k, v); }
  void set_start(double x, double y) {
    REQUIRE(s->set({{"start_x", std::to_string(x)}, {"start_y", std::to_string(y)}}).empty());
  }
  std::vector<int> fired() const {
    std::vector<int> out;
    for (const auto& f : s->narration().fired) out.push_back(f.beat);
    return out;
  }
  const lessons::BeatEvaluator& script() const { return s->narration().script; }
  bool answer(int c) { return s->answer(c); }
  bool take_pause_request() { return s->take_pause_request(); }
};

GameSession loaded() {
  lessons::LoadResult r = lessons::find_lesson("saddle-points");
  REQUIRE(r.ok());
  REQUIRE(r.lesson.game);
  GameSession s;
  std::string e;
  REQUIRE(s.s->load(r.lesson, std::nullopt, e));
  return s;
}

}  // namespace

TEST_CASE("game session: the saddle-points lesson loads with its compare runs", "[game_session]") {
  GameSession s = loaded();
  REQUIRE(s.runs().size() == 4);
  CHECK(rule_text(s.main().config(), false) == "simultaneous GD");
  CHECK(rule_text(s.main().config(), true) == "GD simultâneo");
  CHECK(rule_text(s.runs()[1].config(), true) == "GD alternado (k=1, D primeiro)");
  CHECK(s.runs()[1].config().order == GameOrder::Alternating);
  CHECK(s.runs()[2].config().regularizer == GameRegularizer::R1);
  CHECK(s.runs()[3].config().regularizer == GameRegularizer::Consensus);
  CHECK(s.fired() == std::vector<int>{0});  // the load beat, with its question
  CHECK(s.script().awaiting_answer());
  CHECK(s.take_pause_request());
  CHECK_FALSE(s.take_pause_request());
}

TEST_CASE("game session: step, back and seek are exact and equal fresh runs", "[game_session]") {
  GameSession s = loaded();
  REQUIRE(s.step(150));
  std::vector<std::uint64_t> at150;
  for (const auto& r : s.runs()) at150.push_back(r.state_hash());
  for (std::size_t i = 0; i < s.runs().size(); ++i) {
    GameRun fresh(s.runs()[i].config());
    REQUIRE(fresh.step(150));
    CHECK(fresh.state_hash() == at150[i]);
  }
  REQUIRE(s.back(1));
  CHECK(s.iteration() == 149);
  REQUIRE(s.seek(37));
  GameRun fresh37(s.runs()[0].config());
  fresh37.step(37);
  CHECK(s.main().state_hash() == fresh37.state_hash());
  CHECK(s.furthest_iteration() == 150);
  REQUIRE(s.seek(150));
  for (std::size_t i = 0; i < s.runs().size(); ++i) CHECK(s.runs()[i].state_hash() == at150[i]);
  s.reset();
  CHECK(s.iteration() == 0);
  CHECK(s.furthest_iteration() == 0);
}

TEST_CASE("game session: simultaneous steps grow the distance by sqrt(1 + eta^2)", "[game_session]") {
  GameSession s = loaded();
  const double d0 = s.main().distance();
  REQUIRE(s.step(10));
  CHECK(s.main().distance() == Approx(d0 * std::pow(1.01, 5.0)).epsilon(1e-12));
}

TEST_CASE("game session: answering lets the beats fire; a reset beat restarts every run", "[game_session]") {
  GameSession s = loaded();
  s.take_pause_request();
  CHECK(s.answer(2));
  REQUIRE(s.step(70));
  CHECK(s.fired().size() == 2);  // distance above 2 at iteration 70
  REQUIRE(s.step(90));           // iteration 160: learning-rate beat, reset with lr = 0.3
  CHECK(s.fired().size() == 4);
  CHECK(s.iteration() == 0);
  CHECK(s.settings().lr_g == 0.3);
  for (const auto& r : s.runs()) CHECK(r.config().lr_d == 0.3);
}

TEST_CASE("game session: set_start moves every run's start; set retunes or restarts", "[game_session]") {
  GameSession s = loaded();
  s.step(5);
  s.set_start(-0.5, 2.0);
  CHECK(s.iteration() == 0);
  for (const auto& r : s.runs()) {
    CHECK(r.start().x == -0.5);
    CHECK(r.start().y == 2.0);
  }
  s.step(3);
  CHECK(s.set("lr", "0.2").empty());
  CHECK(s.iteration() == 3);
  CHECK(s.main().config().lr_d == 0.2);
  CHECK_FALSE(s.set("lr", "-1").empty());
  CHECK(s.set("start_x", "0.5").empty());
  CHECK(s.iteration() == 0);
}

TEST_CASE("saddle panel data: the quiver is the engine's field at the grid points", "[game_session]") {
  GameSession s = loaded();
  const SaddleRange r = saddle_range(s.g());
  CHECK(r.x0 < -1.0);
  CHECK(r.x1 > 1.0);
  std::vector<float> xy, dxy;
  const int n = quiver_data(s.main(), r, 9, xy, dxy);
  REQUIRE(n == 81);
  for (int i = 0; i < n; ++i) {
    const GameLocal l = s.main().local_at(xy[2 * i], xy[2 * i + 1]);
    CHECK(dxy[2 * i] == Approx(l.dx).margin(1e-6));
    CHECK(dxy[2 * i + 1] == Approx(l.dy).margin(1e-6));
    // Dirac-WGAN: the field is (-psi, theta)
    CHECK(dxy[2 * i] == Approx(-xy[2 * i + 1]).margin(1e-5));
    CHECK(dxy[2 * i + 1] == Approx(xy[2 * i]).margin(1e-5));
  }
  quiver_display_scale(dxy);
  float longest = 0;
  for (int i = 0; i < n; ++i) longest = std::max(longest, std::hypot(dxy[2 * i], dxy[2 * i + 1]));
  CHECK(longest == Approx(1.0f));
  s.step(100);
  const SaddleRange grown = saddle_range(s.g());
  CHECK(grown.x1 >= 1.08 * std::fabs(s.main().point().x) - 1e-9);
}
