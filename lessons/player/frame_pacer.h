// Which of the shell's frames the player draws.
//
// A frame costs the same whether or not anything changed: in the page under
// software WebGL, about 120 ms of CPU over both cores of a 2-core machine, so
// an open, idle tab kept both cores busy. An idle player draws a frame every
// idle_seconds: natively 0.25 (hot reload and the training thread's late
// pictures show within that), in the page 1 (there every result of the worker
// wakes it). It draws every frame while its picture moves by itself
// (Player::moving: playing, a fast-forward, a run training elsewhere, a text
// field's cursor, a highlight's pulse), and for a second after anything
// happened: input, a scripting-API call that changes something, a resize, a key waiting in the
// KeyQueue (ImGui needs a few frames to settle a click or a new window).
//   every frame:  pacer.due(now, player.moving() || keys waiting) ? draw : skip
//   on input:     pacer.wake(now)
// A shell that must draw every frame (screenshots) does not use it.
#pragma once

#include <algorithm>

namespace ganstep::ui {

class FramePacer {
 public:
  static constexpr double kAwakeSeconds = 1.0;  // every frame for this long after anything happened

  explicit FramePacer(double idle_seconds = 0.25) : idle_(idle_seconds) {}

  void wake(double now) { awake_until_ = std::max(awake_until_, now + kAwakeSeconds); }

  // Whether the frame at `now` is drawn; moving: the picture changes by itself.
  bool due(double now, bool moving) {
    if (moving) wake(now);
    const bool drawn = last_ < 0 || now < awake_until_ || now - last_ >= idle_ || now < last_;
    if (drawn) last_ = now;
    return drawn;
  }

  // How long a shell that can sleep (native: glfwWaitEventsTimeout) may wait for input before the next frame.
  double idle_wait(double now) const {
    if (now < awake_until_) return 0;
    return std::max(0.0, last_ + idle_ - now);
  }

 private:
  double idle_;  // a frame this often when nothing happens
  double awake_until_ = -1;
  double last_ = -1;  // when the last frame was drawn
};

}  // namespace ganstep::ui
