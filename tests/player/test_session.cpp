// The player's Session: history by iteration, exact step-back and seek,
// live retunes versus restarts.
#include <catch2/catch.hpp>

#include <cmath>

#include "lessons/player/session.h"

using namespace ganstep;
using namespace ganstep::ui;

TEST_CASE("session: loading lessons", "[session]") {
  Session s;
  std::string e;
  CHECK_FALSE(s.load("gaus-1d", false, 0, e));
  CHECK(e.find("did you mean \"gauss-1d\"") != std::string::npos);
  REQUIRE(s.load("gauss-1d", true, 42, e));
  CHECK(s.lesson() == "gauss-1d");
  CHECK(s.trainer().config().seed == 42);
  CHECK(s.trainer().iteration() == 0);
}

TEST_CASE("session: history follows the current iteration; step-back is exact", "[session]") {
  Session s;
  std::string e;
  REQUIRE(s.load("gauss-1d", false, 0, e));
  s.js_every = 10;
  REQUIRE(s.step_iterations(30));
  REQUIRE(s.history().size() == 30);
  CHECK(s.visible_history() == 30);
  CHECK(std::isfinite(s.history()[9].js));
  CHECK(std::isnan(s.history()[10].js));
  CHECK(s.history()[29].loss_d == Approx(s.trainer().stats().loss_d));
  const std::uint64_t h30 = s.trainer().state_hash();
  REQUIRE(s.seek_iteration(12));
  const std::uint64_t h12 = s.trainer().state_hash();
  CHECK(s.visible_history() == 12);
  CHECK(s.history().size() == 30);  // the recorded future stays (replay is exact)
  REQUIRE(s.seek_iteration(30));
  CHECK(s.trainer().state_hash() == h30);
  REQUIRE(s.back_iterations(18));
  CHECK(s.trainer().iteration() == 12);
  CHECK(s.trainer().state_hash() == h12);
  // Phases: forward 3 then back 3 is the same state.
  const std::int64_t done = s.trainer().phases_done();
  REQUIRE(s.step_phases(3));
  REQUIRE(s.back_phases(3));
  CHECK(s.trainer().phases_done() == done);
  CHECK(s.trainer().state_hash() == h12);
  // Stepping forward again re-records nothing new and keeps the history.
  REQUIRE(s.step_iterations(5));
  CHECK(s.history().size() == 30);
  CHECK(s.visible_history() == 17);
}

TEST_CASE("session: a live change after stepping back drops the recorded future", "[session]") {
  Session s;
  std::string e;
  REQUIRE(s.load("ring-2d", false, 0, e));
  REQUIRE(s.step_iterations(20));
  REQUIRE(s.seek_iteration(8));
  bool restarted = true;
  CHECK(s.set("lr_d", "0.0005", &restarted) == "");
  CHECK_FALSE(restarted);
  CHECK(s.history().size() == 8);
  CHECK(s.furthest_iteration() == 8);
  CHECK(s.trainer().config().opt_d.lr == Approx(0.0005f));
  REQUIRE(s.step_iterations(2));
  CHECK(s.history().size() == 10);
}

TEST_CASE("session: a live change mid-step is shown before the trainer applies it", "[session]") {
  Session s;
  std::string e;
  REQUIRE(s.load("gauss-1d", false, 0, e));
  REQUIRE(s.step_phases(2));  // mid D-step
  CHECK(s.set("k", "3") == "");
  CHECK(s.shown_config().k == 3);
  REQUIRE(s.step_phases(3));  // through the update, to the next step boundary
  CHECK(s.trainer().config().k == 1);  // applied when the next phase runs
  CHECK(s.shown_config().k == 3);
  REQUIRE(s.step_phases(1));
  CHECK(s.trainer().config().k == 3);
  CHECK(s.shown_config().k == 3);
  // Going back before the change shows the configuration of that moment.
  REQUIRE(s.seek_iteration(0));
  CHECK(s.shown_config().k == 1);
}

TEST_CASE("session: other keys restart the run; bad values change nothing", "[session]") {
  Session s;
  std::string e;
  REQUIRE(s.load("gauss-1d", false, 0, e));
  REQUIRE(s.step_iterations(5));
  bool restarted = false;
  CHECK(s.set("d_hidden", "8:tanh", &restarted) == "");
  CHECK(restarted);
  CHECK(s.trainer().iteration() == 0);
  CHECK(s.history().empty());
  CHECK(s.trainer().config().d_hidden.size() == 1);
  CHECK(s.trainer().config().opt_d.lr == Approx(0.05f));  // the rest is kept
  REQUIRE(s.step_iterations(3));
  const std::uint64_t v = s.version();
  CHECK(s.set("lr_d", "abc") != "");
  CHECK(s.set("data", "gausian(1,2)") != "");
  CHECK(s.set("no_such_key", "1") != "");
  CHECK(s.trainer().iteration() == 3);
  CHECK(s.version() == v);
  CHECK(s.set("opt_d", "adam", &restarted) == "");  // not live in the engine: a restart
  CHECK(restarted);
  CHECK(s.trainer().config().opt_d.kind == OptKind::Adam);
  CHECK(is_live_key("lr_g"));
  CHECK_FALSE(is_live_key("seed"));
}
