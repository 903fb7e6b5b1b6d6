// KeyQueue (lessons/player/key_queue.h): two quick taps of Space between two
// frames both reach the player (ImGui 1.86 polls io.KeysDown once a frame).
#include <catch2/catch.hpp>
#include <vector>

#include "headless.h"
#include "lessons/player/key_queue.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

constexpr int kPress = 1, kRelease = 0, kRepeat = 2;

// One frame after the shell applied the events: what imgui_impl_glfw's key callback does with each.
void frame_with(Player& p, double& now, KeyQueue* queue, const std::vector<KeyEvent>& direct = {}) {
  ImGuiIO& io = ImGui::GetIO();
  auto apply = [&](const KeyEvent& e) {
    if (e.action == kPress) io.KeysDown[e.key] = true;
    if (e.action == kRelease) io.KeysDown[e.key] = false;
  };
  for (const KeyEvent& e : direct) apply(e);
  if (queue) queue->drain(apply);
  io.DeltaTime = 1.0f / 60.0f;
  now += 1.0 / 60.0;
  ImGui::NewFrame();
  p.frame(now);
  ImGui::Render();
}

const std::vector<KeyEvent> kTwoTaps = {{kSpace, 0, kPress, 0}, {kSpace, 0, kRelease, 0},
                                         {kSpace, 0, kPress, 0}, {kSpace, 0, kRelease, 0}};

}  // namespace

TEST_CASE("key queue: one change per key per frame, in order; repeats change nothing", "[player][keys]") {
  KeyQueue q;
  for (const KeyEvent& e : kTwoTaps) q.push(e);
  q.push({'A', 0, kPress, 0});
  std::vector<int> actions;
  auto record = [&](const KeyEvent& e) { actions.push_back(e.key * 10 + e.action); };
  CHECK(q.drain(record) == 1);  // Space down; its release waits, and so does A after it
  CHECK(q.drain(record) == 1);
  CHECK(q.drain(record) == 1);
  CHECK(q.drain(record) == 2);  // the last release and A's press: different keys
  CHECK(q.drain(record) == 0);
  CHECK(actions == std::vector<int>{kSpace * 10 + 1, kSpace * 10, kSpace * 10 + 1, kSpace * 10, 'A' * 10 + 1});

  q.push({'B', 0, kPress, 0});
  for (int i = 0; i < 200; ++i) q.push({'B', 0, kRepeat, 0});
  q.push({'B', 0, kRelease, 0});
  CHECK(q.waiting() <= KeyQueue::kMaxWaitingRepeats + 2);  // a held key cannot grow the queue
  q.drain(record);
  q.drain(record);
  CHECK(actions.back() == 'B' * 10 + kRelease);  // the release is never dropped
}

TEST_CASE("key queue: two quick taps of Space between frames pause again", "[player][keys]") {
  Player p(options("gauss-1d"));
  Headless h(p);
  double now = 0;
  frame_with(p, now, nullptr);
  REQUIRE_FALSE(p.playing());

  // Without the queue: both taps land before the frame, and ImGui sees none.
  frame_with(p, now, nullptr, kTwoTaps);
  frame_with(p, now, nullptr);
  CHECK_FALSE(p.playing());

  // With it: play, then pause.
  KeyQueue q;
  for (const KeyEvent& e : kTwoTaps) q.push(e);
  bool played = false;
  for (int i = 0; i < 6; ++i) {
    frame_with(p, now, &q);
    played = played || p.playing();
  }
  CHECK(played);
  CHECK_FALSE(p.playing());
  // A third tap: playing again.
  q.push({kSpace, 0, kPress, 0});
  q.push({kSpace, 0, kRelease, 0});
  frame_with(p, now, &q);
  frame_with(p, now, &q);
  CHECK(p.playing());
}
