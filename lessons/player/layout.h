// The window layout, as rectangles of the viewport (no ImGui, so it can be
// tested for overlaps). Dear ImGui 1.86 has no docking: the player places its
// windows itself, again whenever the viewport changes size. One layout for
// every kind of lesson (point GAN, image GAN, [game]).
//
// Wide screens:
//
//   +-----------+-----------------------------------------------+
//   | controls (one or more rows)                               |
//   +-----------+-------------------------------+---------------+
//   | narration | focus                         | tall panels   |
//   |           |                               | (algorithm,   |
//   |           |                               |  settings,    |
//   |           +-------------------------------+  minibatch,   |
//   |           | wide panels (charts, ...)     |  log loss...) |
//   +-----------+-------------------------------+---------------+
//
// The narration has a column of its own (a question, its choices and the
// answer button fit without scrolling). The lesson's `focus` panel always
// gets the largest rectangle; `layout = "columns"` puts it in a full-height
// column with the others in columns beside it, `"rows"` in a full-width band
// with the others in rows under it, and `"auto"` as drawn above.
//
// Narrow screens (below about 800 px): a compact control bar, a row of tabs,
// and one panel at a time filling the rest, the narration first.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "lessons/format/lesson.h"

namespace ganstep::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  float area() const { return w * h; }
};

constexpr int kPanelKinds = static_cast<int>(lessons::Panel::Interpolation) + 1;  // the last Panel

struct Layout {
  Rect controls, help;
  std::array<Rect, kPanelKinds> panels{};  // by lessons::Panel; zero-sized when not shown
  bool compact = false;                   // one panel at a time, chosen by tabs
  Rect tabs;                              // compact: the tab row
  std::vector<lessons::Panel> order;      // the placed panels (compact: tab order, narration first)
  lessons::Panel focus = lessons::Panel::View1d;
  const Rect& of(lessons::Panel p) const { return panels[static_cast<std::size_t>(p)]; }
  Rect& of(lessons::Panel p) { return panels[static_cast<std::size_t>(p)]; }
};

struct LayoutRequest {
  std::vector<lessons::Panel> panels;    // shown, in the lesson's order
  std::optional<lessons::Panel> focus;   // default: the first view (1-D, 2-D, saddle, samples)
  lessons::Layout arrange = lessons::Layout::Auto;
  float controls_h = 0;                  // the control bar's height as last drawn; 0: an estimate
  float tabs_h = 0;                      // compact: the tab rows' height as last drawn; 0: one row
};

// Below this width (in body font sizes, about 800 px at 15 px) the layout is compact.
constexpr float kCompactFonts = 53.0f;
// Touch targets in compact mode are at least this tall and wide (pixels at dpi 1).
constexpr float kTouchTarget = 40.0f;

bool is_compact(float w, float font);

// x, y, w, h: the viewport's work area; font: the body font size in pixels.
Layout compute_layout(float x, float y, float w, float h, float font, const LayoutRequest& request);

bool overlaps(const Rect& a, const Rect& b);
bool contains(const Rect& outer, const Rect& inner);

}  // namespace ganstep::ui
