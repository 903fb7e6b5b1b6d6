// The default window layout, as rectangles of the viewport (no ImGui, so it
// can be tested for overlaps). Dear ImGui 1.86 has no docking: the player
// places its windows itself, again whenever the viewport changes size.
//
//   +-----------------------------------------------------------+
//   | controls                                                  |
//   +-------------+-------------------------------+-------------+
//   | algorithm 1 | 1-D / 2-D view                | minibatch   |
//   |             |                               |             |
//   +-------------+                               +-------------+
//   | hyper-      +-------------------------------+ log loss    |
//   | parameters  | charts                        |             |
//   +-------------+-------------------------------+-------------+
//
// A lesson shows a subset of the panels: each column stacks the panels it
// shows (the narration goes on top of the left column), and a column with none
// gives its width to the middle one.
#pragma once

namespace ganstep::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct Layout {
  Rect controls, algorithm, settings, view, charts, minibatch, logloss, help;
  Rect narration;  // zero-sized unless shown
};

// Which panels get a place (the control bar always does).
struct Shown {
  bool narration = false, algorithm = true, settings = true, view = true, charts = true, minibatch = true,
       logloss = true;
};

// x, y, w, h: the viewport's work area; font: the body font size in pixels.
// Panels not shown get a zero-sized rectangle.
Layout compute_layout(float x, float y, float w, float h, float font, const Shown& shown = Shown{});

bool overlaps(const Rect& a, const Rect& b);

}  // namespace ganstep::ui
