// Key presses and releases, queued as the shell's window receives them and
// handed to ImGui at most one change per key per frame.
//
// ImGui 1.86 reads io.KeysDown once a frame. A press and its release that
// arrive between two frames (a quick tap while a frame is slow, or two quick
// taps of Space) would leave KeysDown as it was, and the tap would be lost.
// The shells queue the window's key events here and replay them through
// imgui_impl_glfw's key callback at the start of each frame: a key's second
// change waits for the next frame, with every event after it, so order is kept.
//   action: GLFW's values, 0 release, 1 press, 2 repeat (a repeat changes nothing).
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

namespace ganstep::ui {

struct KeyEvent {
  int key = 0;
  int scancode = 0;
  int action = 0;
  int mods = 0;
};

class KeyQueue {
 public:
  // Auto-repeats beyond this many waiting events are dropped (a held key
  // while frames are slow); presses and releases are always kept.
  static constexpr std::size_t kMaxWaitingRepeats = 64;

  void push(const KeyEvent& e) {
    if (e.action == kRepeat && events_.size() >= kMaxWaitingRepeats) return;
    events_.push_back(e);
  }
  // Applies the waiting events in order with apply(event), up to (not
  // including) the second press or release of a key; returns how many it applied.
  template <class Apply>
  std::size_t drain(Apply&& apply) {
    std::vector<int> changed;
    std::size_t applied = 0;
    while (!events_.empty()) {
      const KeyEvent e = events_.front();
      if (e.action != kRepeat) {
        bool seen = false;
        for (int k : changed) seen = seen || k == e.key;
        if (seen) break;
        changed.push_back(e.key);
      }
      events_.pop_front();
      apply(e);
      ++applied;
    }
    return applied;
  }
  std::size_t waiting() const { return events_.size(); }

 private:
  static constexpr int kRepeat = 2;
  std::deque<KeyEvent> events_;
};

}  // namespace ganstep::ui
