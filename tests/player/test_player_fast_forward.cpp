// Opening at an iteration (?step=) with a time budget (the page's): what fits
// is done before the first frame; the rest goes on in the background, frame
// by frame, with a progress window and Cancel, and ends at the same state as
// stepping at once (the CLI's state_hash). Without a budget (native
// --steps), all of it before the first frame.
#include <catch2/catch.hpp>

#include <string>

#include "lessons/player/player.h"
#include "tests/player/headless.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

TEST_CASE("fast-forward: a huge ?step= ends at the lesson's end with the CLI's state", "[player][fast_forward]") {
  PlayerOptions o = options("two-players");
  o.step = 100000000;
  o.step_budget_ms = 250;  // the page's
  Player p(o);
  Headless h(p);
  for (int i = 0; i < 100000 && p.fast_forward_to() > 0; ++i) h.frame(p);
  CHECK(p.fast_forward_to() == 0);
  // ganstep run two-players --seed 1 --steps 3000 --json
  CHECK(field(p.state_json(), "steps") == "3000");
  CHECK(field(p.state_json(), "state_hash") == "3bf667ee5b27d9ae");
}

TEST_CASE("fast-forward: without a budget, opening steps all of it at once", "[player][fast_forward]") {
  PlayerOptions o = options("dcgan-mnist");
  o.step = 3;
  Player p(o);
  CHECK(p.fast_forward_to() == 0);
  CHECK(field(p.state_json(), "steps") == "3");
}

TEST_CASE("fast-forward: in the background it goes past pausing beats and answers as opening at once does", "[player][fast_forward]") {
  PlayerOptions o = options("two-players");
  PlayerOptions at_once = o;  // native --steps 3000: all of it before the first frame, questions answered
  at_once.step = 3000;
  Player reference(at_once);
  Player p(o);
  Headless h(p);
  // What opening at ?step=3000 leaves for the frames when the first 250 ms are short
  // (the page is several times slower than native): all of it.
  p.fast_forward(3000, 0.0);
  REQUIRE(p.fast_forward_to() == 3000);
  for (int i = 0; i < 100000 && p.fast_forward_to() > 0; ++i) h.frame(p);
  CHECK(field(p.state_json(), "steps") == "3000");
  CHECK(field(p.state_json(), "state_hash") == field(reference.state_json(), "state_hash"));
  CHECK(p.beats_json() == reference.beats_json());
}

TEST_CASE("fast-forward: a long one runs frame by frame and Cancel stops it where it is", "[player][fast_forward]") {
  PlayerOptions o = options("dcgan-mnist");
  o.step = 60;  // a D- or G-step takes tens of ms: far more than opening's 250 ms
  o.step_budget_ms = 250;
  Player p(o);
  Headless h(p);
  REQUIRE(p.fast_forward_to() == 60);
  const std::string first = field(p.state_json(), "steps");
  h.frame(p);
  h.frame(p);
  CHECK(p.fast_forward_to() == 60);
  const long at = std::stol(field(p.state_json(), "steps"));
  CHECK(at >= std::stol(first));
  CHECK(at < 60);
  p.cancel_fast_forward();
  CHECK(p.fast_forward_to() == 0);
  h.frame(p);
  h.frame(p);
  CHECK(std::stol(field(p.state_json(), "steps")) == at);  // stopped where it was
  REQUIRE(p.step(StepSize::Iteration, 1));                   // the run goes on by hand
  CHECK(std::stol(field(p.state_json(), "steps")) == at + 1);
}
