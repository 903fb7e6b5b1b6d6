// GameRun as a value: snapshots by copy (every rule, with retunes), divergence,
// the quiver grid, the key table, the JSON report and golden state hashes (the
// same in the native and the WebAssembly build). Stepping back is the lesson
// runtime's (tests/run).
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "engine/game/game_report.h"
#include "engine/game/game_run.h"
#include "tests/game/make_game.h"

using namespace ganstep;
using ganstep::testing::make;

TEST_CASE("a copy is an exact snapshot", "[run]") {
  GameRun run(make({"game=dirac", "rule=adam", "noise=0.3"}));
  REQUIRE(run.step(37));
  GameRun copy = run;
  REQUIRE(run.step(63));
  REQUIRE(copy.step(63));
  CHECK(run.state_hash() == copy.state_hash());
  CHECK(run.trajectory().size() == 101);
  REQUIRE(copy.trajectory().size() == 101);
  for (std::size_t i = 0; i < 101; ++i) {
    CHECK(run.trajectory()[i].x == copy.trajectory()[i].x);
    CHECK(run.trajectory()[i].y == copy.trajectory()[i].y);
  }
}

TEST_CASE("a copy taken at any iteration continues exactly (optimizer state, noise, every rule)", "[run]") {
  const std::initializer_list<const char*> configs[] = {
      {"game=dirac", "rule=adam", "noise=0.3"},
      {"game=dirac", "loss=nonsat", "rule=momentum", "noise=0.1"},
      {"game=bilinear", "rule=alternating", "k=3", "noise=0.2"},
      {"formula=sin(x)*y - 0.1*y^2", "rule=consensus"},
  };
  for (const auto& settings : configs) {
    for (bool record : {true, false}) {
      GameRun run(make(settings), record);
      std::vector<GameRun> copies;
      for (int i = 0; i < 300; ++i) {
        if (i % 37 == 0) copies.push_back(run);
        REQUIRE(run.step());
      }
      for (auto& c : copies) {
        const std::int64_t from = c.iteration();
        REQUIRE(c.step(300 - from));
        CHECK(c.state_hash() == run.state_hash());
        if (record) CHECK(c.trajectory().size() == 301);
      }
    }
  }
}

TEST_CASE("a retune changes the run from the current iteration on; a copy keeps its settings", "[run]") {
  GameRun run(make({"game=dirac", "rule=r1", "gamma=0.2"}));
  REQUIRE(run.step(50));
  const GameRun at50 = run;
  REQUIRE(run.retune("lr", "0.05") == "");
  REQUIRE(run.step(30));
  REQUIRE(run.retune("rule", "alternating") == "");
  REQUIRE(run.step(20));
  const std::uint64_t h100 = run.state_hash();

  // The same schedule in one go from scratch.
  GameRun fresh(make({"game=dirac", "rule=r1", "gamma=0.2"}));
  REQUIRE(fresh.step(50));
  REQUIRE(fresh.retune("lr", "0.05") == "");
  REQUIRE(fresh.step(30));
  REQUIRE(fresh.retune("rule", "alternating") == "");
  REQUIRE(fresh.step(20));
  CHECK(fresh.state_hash() == h100);
  CHECK(run.config().lr_g == 0.05);
  CHECK(run.config().order == GameOrder::Alternating);

  // The copy from before the retunes goes on with the old settings.
  GameRun old = at50;
  CHECK(old.config().lr_g == 0.1);
  REQUIRE(old.step(50));
  CHECK(old.state_hash() != h100);

  CHECK(run.retune("start_x", "3") == "start_x: cannot change during a run (start a new run)");
  CHECK(run.retune("seed", "3") == "seed: cannot change during a run (start a new run)");
  CHECK(run.retune("lr", "-1") == "lr: -1 is out of range 0..100");
  CHECK(run.retune("formula", "x*") ==
        "formula:3: error: expected a number, a variable, a function or '(' but the formula ended");
}

TEST_CASE("divergence is reported; a copy from before it recovers", "[run]") {
  // Simultaneous GD on x*y with lr 1 grows by sqrt(2) per step: inf after ~2050 steps.
  GameRun run(make({"game=bilinear", "lr=1"}));
  REQUIRE(run.step(1900));
  const GameRun before = run;
  CHECK_FALSE(run.step(3100));
  CHECK_FALSE(run.ok());
  CHECK(run.diverged());
  CHECK(run.error().find("the run diverged at iteration ") == 0);
  // The message names the update and a likely cause.
  CHECK_THAT(run.error(), Catch::Contains(" in the simultaneous update: (x, y) = ("));
  CHECK_THAT(run.error(), Catch::Contains("Likely cause: a step too large for this game (lr_g=1, lr_d=1, gd); "
                                          "lower the learning rates, or use alternating order"));
  const std::int64_t at = run.iteration();
  CHECK(at > 2000);
  CHECK_FALSE(run.step());
  CHECK(run.iteration() == at);
  GameRun again = before;
  CHECK(again.ok());
  REQUIRE(again.step(at - 10 - 1900));
  CHECK(std::isfinite(again.point().x));

  // A formula undefined at the start: NaN at once.
  GameRun bad(make({"formula=log(x)*y", "start_x=-1"}));
  CHECK_FALSE(bad.step());
  CHECK(bad.error() ==
        "the run diverged at iteration 1 in the simultaneous update: (x, y) = (-0.9, nan). Likely cause: the "
        "game's gradient is not finite at (x, y) = (-1, 1): the formula f = \"log(x)*y\" is undefined or "
        "overflows there (a log, division, root or power outside its domain); change the formula or "
        "start_x/start_y");
  // Alternating: the G-step after two D-steps meets log of a negative y.
  GameRun alt(make({"formula=log(y)*x", "start_y=-1", "order=alternating", "k=2"}));
  CHECK_FALSE(alt.step());
  CHECK_THAT(alt.error(), Catch::StartsWith("the run diverged at iteration 1 in the G-step: (x, y) = (nan, -1.19091)"));
  CHECK_THAT(alt.error(), Catch::Contains("gradient is not finite at (x, y) = (1, -1.19091):"));

  // A bad config never steps.
  GameConfig c;
  c.formula = "x+";
  c.game = GameKind::Custom;
  GameRun broken(c);
  CHECK_FALSE(broken.ok());
  CHECK_FALSE(broken.diverged());
  CHECK(broken.error() ==
        "formula:3: error: expected a number, a variable, a function or '(' but the formula ended");
  CHECK_FALSE(broken.step());
}

TEST_CASE("the vector field on a grid", "[run]") {
  GameRun run(make({"game=dirac", "rule=r1", "gamma=0.5"}));
  FieldGrid g;
  g.x0 = -2;
  g.x1 = 2;
  g.nx = 5;
  g.y0 = -1;
  g.y1 = 1;
  g.ny = 3;
  const auto f = run.field(g);
  REQUIRE(f.size() == 15);
  CHECK(f[0].x == -2);
  CHECK(f[0].y == -1);
  CHECK(f[1].x == -1);
  CHECK(f[5].y == 0);
  CHECK(f[14].x == 2);
  CHECK(f[14].y == 1);
  for (const auto& s : f) {
    const GameLocal l = run.local_at(s.x, s.y);
    CHECK(s.u == l.dx);
    CHECK(s.w == l.dy);
  }
  const auto raw = run.field(g, /*with_rule=*/false);
  CHECK(raw[14].w == run.local_at(2, 1).vy);
  CHECK(raw[14].w != f[14].w);  // R1 pulls psi back
  // Degenerate and oversized grids are clamped, never unbounded.
  g.nx = 1;
  g.ny = 100000;
  const auto column = run.field(g);
  CHECK(column.size() == 512);
  CHECK(column[0].x == 0);
}

TEST_CASE("the key table: round trips, shorthands, errors", "[run]") {
  GameConfig c = make({"game=custom", "formula=x*y - 0.1*y^2", "formula_g=x*y", "optimizer=adam",
                       "order=alternating", "first=g", "k=2", "regularizer=consensus", "gamma=0.25",
                       "lr_g=0.01", "lr_d=0.02", "momentum=-0.3", "beta1=0.5", "beta2=0.9", "eps=1e-6",
                       "noise=0.1", "start_x=-1.5", "start_y=0.1", "eq_x=0", "eq_y=0", "seed=42"});
  GameConfig d;
  for (const auto& k : game_keys()) {
    if (k.shorthand) continue;
    INFO(k.key);
    CHECK(apply_game_setting(d, k.key, k.get(c)) == "");
  }
  for (const auto& k : game_keys()) {
    INFO(k.key);
    CHECK(k.get(d) == k.get(c));
  }
  CHECK(d.lr_d == 0.02);
  CHECK(d.beta1 == 0.5);
  CHECK(d.seed == 42);

  // rule= sets optimizer, order and regularizer; its getter names the rule or describes it.
  GameConfig r;
  REQUIRE(apply_game_setting(r, "rule=consensus") == "");
  CHECK(r.regularizer == GameRegularizer::Consensus);
  CHECK(r.order == GameOrder::Simultaneous);
  for (const auto& name : rule_names()) {
    REQUIRE(apply_game_setting(r, "rule", name) == "");
    for (const auto& k : game_keys())
      if (std::string(k.key) == "rule") CHECK(k.get(r) == name);
  }
  REQUIRE(apply_game_setting(r, "rule=alternating") == "");
  REQUIRE(apply_game_setting(r, "regularizer=r1") == "");
  CHECK(rule_label(r) == "alternating GD (k=1, D first) + R1 gamma=1");
  // formula= implies game=custom.
  GameConfig f;
  REQUIRE(apply_game_setting(f, "formula=x^2 - y^2") == "");
  CHECK(f.game == GameKind::Custom);

  const struct {
    const char* kv;
    const char* error;
  } bad[] = {
      {"lrr=0.1", "unknown setting \"lrr\" (did you mean \"lr\"?)"},
      {"game=dirak", "game: unknown value \"dirak\" (expected dirac, bilinear, custom); did you mean \"dirac\"?"},
      {"loss=hinge", "loss: unknown value \"hinge\" (expected minimax, nonsat, wgan)"},
      {"rule=sgd", "rule: unknown value \"sgd\" (expected simultaneous, alternating, momentum, adam, consensus, r1)"},
      {"lr=0", "lr: learning rate must be > 0"},
      {"lr=abc", "lr: \"abc\" is not a number"},
      {"lr=nan", "lr: \"nan\" is not a number"},
      {"lr=1e999", "lr: \"1e999\" is not a number"},
      {"gamma=-1", "gamma: -1 is out of range 0..1000"},
      {"k=0", "k: 0 is out of range 1..1000"},
      {"k=1.5", "k: \"1.5\" is not an integer"},
      {"momentum=1", "momentum: 1 is out of range -0.999999..0.999999"},
      {"first=both", "first: unknown value \"both\" (expected d, g)"},
      {"seed=-1", "seed: \"-1\" is not a seed (an integer 0..2^53)"},
      {"formula=x*(y", "formula:5: error: missing ')' for the '(' at column 3"},
      {"formula_g=2y", "formula_g:2: error: expected an operator (+ - * / ^) but found \"y\""},
      {"start_x", "expected key=value, got \"start_x\""},
  };
  for (const auto& b : bad) {
    GameConfig x;
    CHECK(apply_game_setting(x, b.kv) == b.error);
  }
}

TEST_CASE("the JSON report", "[run]") {
  GameRun run(make({}));
  REQUIRE(run.step(10));
  const std::string j = game_state_json(run, "saddle-points", false);
  CHECK(j.find("{\"lesson\":\"saddle-points\",\"seed\":1,\"steps\":10,\"state_hash\":\"" + run.state_hash_hex() +
               "\",\"metrics\":{\"theta\":") == 0);
  for (const char* k : {"\"psi\":", "\"distance\":", "\"eig1_re\":", "\"eig1_im\":", "\"eig2_re\":",
                        "\"eig2_im\":", "\"value\":", "\"speed\":"})
    CHECK(j.find(k) != std::string::npos);
  CHECK(j.find("\"game\"") == std::string::npos);
  GameRun bil(make({"game=bilinear"}));
  const std::string jb = game_state_json(bil, "saddle-points", true);
  CHECK(jb.find("\"metrics\":{\"x\":1,\"y\":1,") != std::string::npos);
  CHECK(jb.find("\"game\":\"bilinear\",\"rule\":\"simultaneous GD\"}") != std::string::npos);
}

// Golden state hashes, recorded from the native build. The WebAssembly build
// runs this same test (ganstep_game_tests.js), so a match there means the
// runs are bit-identical on both targets. A deliberate change of the numerics
// must update them (run the test and copy the printed hashes).
TEST_CASE("golden state hashes (native and wasm agree)", "[run][golden]") {
  struct Row {
    std::initializer_list<const char*> settings;
    int steps;
    const char* hash;
  };
  const Row rows[] = {
      {{}, 500, "9085799bc01e11b1"},
      {{"loss=nonsat", "rule=alternating", "k=2"}, 500, "1f7c3c5e2b349380"},
      {{"loss=wgan", "rule=momentum", "momentum=-0.5"}, 500, "82d492634a650838"},
      {{"rule=adam", "lr=0.05"}, 500, "cbf92121ca6da3ff"},
      {{"rule=consensus", "gamma=0.5"}, 500, "5fdc93080168b4e5"},
      {{"rule=r1", "noise=0.5", "seed=9"}, 500, "ce5045464695030b"},
      {{"game=bilinear", "rule=alternating", "first=g", "lr=0.3"}, 1000, "e0358585578cfec9"},
      {{"formula=sin(x)*tanh(y) + 0.1*x^2 - sqrt(1 + y^2)", "formula_g=softplus(x*y) + exp(-x^2)",
        "rule=adam", "noise=0.2"},
       500, "06e4be3b448009d0"},
  };
  for (const Row& r : rows) {
    GameRun run(make(r.settings));
    REQUIRE(run.step(r.steps));
    std::string settings;
    for (const char* s : r.settings) settings += std::string(s) + " ";
    INFO("settings: " << settings << "-> " << run.state_hash_hex());
    CHECK(run.state_hash_hex() == r.hash);
  }
}
