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
#pragma once

namespace ganstep::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct Layout {
  Rect controls, algorithm, settings, view, charts, minibatch, logloss, help;
};

// x, y, w, h: the viewport's work area; font: the body font size in pixels.
Layout compute_layout(float x, float y, float w, float h, float font);

bool overlaps(const Rect& a, const Rect& b);

}  // namespace ganstep::ui
