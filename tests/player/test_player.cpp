// The whole player, headless: a real ImGui context without a window (frames
// are built and rendered to draw lists), the scripting API, keyboard
// shortcuts and every panel in both languages.
#include <catch2/catch.hpp>

#include "tests/engine/parse_table.h"

#include <string>

#include "imgui.h"
#include "lessons/player/player.h"
#include "tests/player/headless.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

TEST_CASE("player: parse helpers", "[player]") {
  check_parses<StepSize>(
      parse_step_size,
      {{"phase", StepSize::Phase}, {"dstep", StepSize::DStep}, {"iteration", StepSize::Iteration}}, {"epoch"});
  check_parses<Lang>(parse_lang, {{"pt-BR", Lang::Pt}, {"en", Lang::En}}, {"fr"});
}

TEST_CASE("player: scripting API steps, goes back and seeks exactly", "[player]") {
  Player p(options("gauss-1d"));
  CHECK(p.lesson_ids().size() >= 3);
  CHECK(p.last_error().empty());
  REQUIRE(p.step(StepSize::Iteration, 4));
  const std::string at4 = p.state_json();
  CHECK(field(at4, "steps") == "4");
  CHECK(field(at4, "phase") == "sample_noise_d");
  CHECK(field(at4, "algorithm_line") == "3");
  REQUIRE(p.step(StepSize::Phase, 3));
  CHECK(field(p.state_json(), "phase") == "loss_d");
  CHECK(field(p.state_json(), "algorithm_line") == "5");
  REQUIRE(p.step(StepSize::DStep, 1));
  CHECK(field(p.state_json(), "phase") == "sample_noise_g");
  REQUIRE(p.back_phases(4));
  CHECK(field(p.state_json(), "state_hash") == field(at4, "state_hash"));
  REQUIRE(p.step(StepSize::Iteration, 6));
  REQUIRE(p.back(6));
  CHECK(field(p.state_json(), "state_hash") == field(at4, "state_hash"));
  REQUIRE(p.seek_iteration(10));
  CHECK(field(p.state_json(), "steps") == "10");
  REQUIRE(p.seek_iteration(4));
  CHECK(p.state_json() == at4);
  CHECK_FALSE(p.seek_iteration(-1));
  CHECK_FALSE(p.last_error().empty());
}

TEST_CASE("player: settings and lessons through the API", "[player]") {
  Player p(options("ring-2d"));
  REQUIRE(p.step(StepSize::Iteration, 3));
  CHECK(p.set("lr_g", "0.002"));
  CHECK(field(p.state_json(), "steps") == "3");
  CHECK_FALSE(p.set("lr_g", "-1"));
  CHECK(p.last_error().find("lr_g") != std::string::npos);
  CHECK(p.set("g_hidden", "32:relu"));
  CHECK(field(p.state_json(), "steps") == "0");
  std::string e;
  CHECK_FALSE(p.load("nope", e));
  CHECK(e.find("unknown lesson") != std::string::npos);
  CHECK(p.load("tiny-2d", e));
  CHECK(field(p.state_json(), "lesson") == "tiny-2d");
  p.reset();
  CHECK(field(p.state_json(), "steps") == "0");
}

TEST_CASE("player: every panel draws, in both languages, for every lesson", "[player]") {
  for (const char* id : {"gauss-1d", "ring-2d", "tiny-2d"}) {
    for (Lang lang : {Lang::En, Lang::Pt}) {
      INFO(id << (lang == Lang::Pt ? " pt" : " en"));
      PlayerOptions o = options(id);
      o.lang = lang;
      o.step = 5;
      Player p(o);
      Headless h(p);
      h.frame(p);
      // Through every phase of an iteration, drawing each state.
      for (int i = 0; i < 10; ++i) {
        REQUIRE(p.step(StepSize::Phase, 1));
        h.frame(p);
      }
      CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
      CHECK(p.lang() == lang);
      p.set_lang(lang == Lang::En ? Lang::Pt : Lang::En);
      h.frame(p);
    }
  }
}

TEST_CASE("player: playing trains within the frame budget", "[player]") {
  Player p(options("tiny-2d"));
  Headless h(p);
  h.frame(p);
  p.set_playing(true);
  CHECK(p.playing());
  for (int i = 0; i < 90; ++i) h.frame(p);
  const std::string s = p.state_json();
  CHECK(std::stoll(field(s, "steps")) > 0);
  CHECK(p.iterations_per_second() > 0);
  CHECK(p.frame_ms() > 0);
  CHECK(p.frame_ms() < 200);
  p.set_playing(false);
  CHECK_FALSE(p.playing());
}

TEST_CASE("player: keyboard shortcuts", "[player]") {
  Player p(options("gauss-1d"));
  Headless h(p);
  h.frame(p);
  h.press(p, kRight);  // one phase
  CHECK(field(p.state_json(), "phase") == "sample_data");
  h.frame(p);
  h.press(p, kRight, true);  // to the end of the iteration
  CHECK(field(p.state_json(), "steps") == "1");
  h.frame(p);
  h.press(p, kLeft);  // back one phase
  CHECK(field(p.state_json(), "phase") == "update_g");
  h.frame(p);
  h.press(p, 'D');  // to the end of the next update
  CHECK(field(p.state_json(), "phase") == "sample_noise_d");
  h.frame(p);
  h.press(p, kSpace);
  CHECK(p.playing());
  h.frame(p);
  h.press(p, kSpace);
  CHECK_FALSE(p.playing());
  h.frame(p);
  h.press(p, 'R');
  CHECK(field(p.state_json(), "steps") == "0");
  h.frame(p);
  h.press(p, 'L');
  CHECK(p.lang() == Lang::Pt);
  h.frame(p);
  h.press(p, 'H');  // the help overlay draws
  h.frame(p);
}

TEST_CASE("player: a diverging run stops with a clear error and can step back", "[player]") {
  Player p(options("gauss-1d"));
  REQUIRE(p.step(StepSize::Iteration, 5));
  REQUIRE(p.set("lr_d", "10"));
  REQUIRE(p.set("lr_g", "10"));
  REQUIRE(p.set("momentum_d", "0.99"));
  Headless h(p);
  bool ok = true;
  for (int i = 0; i < 200 && ok; ++i) ok = p.step(StepSize::Iteration, 10);
  if (!ok) {
    CHECK(p.last_error().find("diverged") != std::string::npos);
    h.frame(p);  // every panel copes with non-finite values
    p.set_playing(true);
    CHECK_FALSE(p.playing());  // a failed run does not play
    REQUIRE(p.back(1));
    CHECK(p.last_error().empty());
    h.frame(p);
  } else {
    WARN("the run did not diverge; the divergence path went untested");
  }
}
