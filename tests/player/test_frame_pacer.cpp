// FramePacer (lessons/player/frame_pacer.h) and Player::moving(): an idle
// player draws 4 frames a second; input, a moving picture and the second after
// either draw every frame.
#include <catch2/catch.hpp>

#include "headless.h"
#include "lessons/player/frame_pacer.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// How many of `seconds` worth of 60 Hz frames from `start` the pacer draws; moving(t) says whether the picture moves.
template <class Moving>
int drawn(FramePacer& pacer, double start, double seconds, Moving moving) {
  int n = 0;
  for (int i = 0; i < static_cast<int>(seconds * 60); ++i) {
    const double t = start + i / 60.0;
    n += pacer.due(t, moving(t)) ? 1 : 0;
  }
  return n;
}

}  // namespace

TEST_CASE("frame pacer: the first frame, a second after input, 4 a second when idle", "[player][pacer]") {
  FramePacer pacer;
  const auto still = [](double) { return false; };
  CHECK(pacer.due(0.0, false));  // the first frame is always drawn
  // Idle: one frame every 0.25 s (at 60 Hz, the frames at 0.25, 0.5, ... within a frame's time).
  CHECK(drawn(pacer, 1.0 / 60.0, 10.0, still) == 40);
  // Input at t = 20: every frame for the next second, then idle again.
  pacer.wake(20.0);
  CHECK(pacer.idle_wait(20.0) == 0.0);
  CHECK(drawn(pacer, 20.0, 1.0, still) == 60);
  const int after = drawn(pacer, 21.0, 2.0, still);
  CHECK(after >= 8);
  CHECK(after <= 9);
  // A moving picture draws every frame, and the second after it stops.
  CHECK(drawn(pacer, 30.0, 2.0, [](double) { return true; }) == 120);
  CHECK(drawn(pacer, 32.0, 0.95, still) == 57);
  // A shell that sleeps is told how long: at most the idle interval.
  FramePacer idle;
  REQUIRE(idle.due(100.0, false));
  CHECK(!idle.due(100.1, false));
  CHECK(idle.idle_wait(100.1) == Approx(0.15));
  CHECK(idle.due(100.25, false));
  // A clock that went back (a suspended tab) draws at once.
  CHECK(idle.due(50.0, false));
}

TEST_CASE("player: moving while playing or fast-forwarding, still when paused", "[player][pacer]") {
  Player p(options("gauss-1d"));
  Headless h(p);
  for (int i = 0; i < 3; ++i) h.frame(p);
  CHECK(!p.moving());  // open and paused: nothing changes by itself
  (void)p.state_json();  // the page's screen-reader poll reads these between frames
  (void)p.screen_reader_json();
  CHECK(!p.moving());
  p.step(StepSize::Iteration, 1);
  CHECK(p.moving());   // the run moved since the last frame: that frame is drawn
  h.frame(p);
  CHECK(!p.moving());
  p.set_playing(true);
  CHECK(p.moving());
  h.frame(p);
  CHECK(p.moving());
  p.set_playing(false);
  h.frame(p);
  CHECK(!p.moving());
  // A fast-forward moves until it ends.
  p.fast_forward(400, 1.0);
  REQUIRE(p.fast_forward_to() == 400);
  CHECK(p.moving());
  for (int i = 0; i < 2000 && p.fast_forward_to() != 0; ++i) h.frame(p);
  CHECK(p.fast_forward_to() == 0);
  h.frame(p);
  CHECK(!p.moving());
}

TEST_CASE("player: every point and game lesson is still once open and paused", "[player][pacer]") {
  for (const char* id : {"gauss-1d", "two-players", "algorithm-1", "ring-2d", "mode-collapse", "saddle-points"}) {
    INFO(id);
    Player p(options(id));
    Headless h(p);
    for (int i = 0; i < 3; ++i) h.frame(p, 4.0);  // past the load beat's pulse (6 s)
    CHECK(!p.moving());
  }
}

TEST_CASE("player: Play after an idle pause starts without a burst of iterations", "[player][pacer]") {
  Player p(options("gauss-1d"));
  Headless h(p);
  for (int i = 0; i < 3; ++i) h.frame(p);
  const auto iteration = [&] { return std::stoll(field(p.beats_json(), "iterations")); };
  p.set_playing(true);
  const long long before = iteration();
  h.frame(p, 1.0);  // the first playing frame, a second after the last (an idle page's pace)
  const long long first = iteration() - before;
  h.frame(p, 0.25);  // a frame a quarter second after a playing one
  const long long next = iteration() - before - first;
  INFO("first frame " << first << " iterations, the next " << next);
  REQUIRE(p.playing());
  CHECK(next >= 2);      // play time counts between two playing frames
  CHECK(first < next);   // not the idle second's (clamped to 0.25 s) worth at once
}
