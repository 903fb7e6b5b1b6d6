#include "lessons/player/layout.h"

#include <algorithm>
#include <cmath>

namespace ganstep::ui {

namespace {

struct Slot {
  Rect* rect;
  bool on;
  float weight;
};

// Stacks the shown slots of a column from top to bottom by weight.
void stack(float x, float y, float w, float h, std::initializer_list<Slot> slots) {
  float total = 0;
  for (const Slot& s : slots)
    if (s.on) total += s.weight;
  float top = y;
  int left = 0;
  for (const Slot& s : slots) left += s.on ? 1 : 0;
  for (const Slot& s : slots) {
    if (!s.on) continue;
    const float sh = --left == 0 ? y + h - top : std::round(h * s.weight / total);
    *s.rect = {x, top, w, sh};
    top += sh;
  }
}

}  // namespace

Layout compute_layout(float x, float y, float w, float h, float font, const Shown& shown) {
  Layout l;
  const float ctrl_h = std::round(font * 5.3f);
  const float body_y = y + ctrl_h, body_h = std::max(0.0f, h - ctrl_h);
  const bool any_left = shown.narration || shown.algorithm || shown.settings;
  const bool any_right = shown.minibatch || shown.logloss;
  // The narration needs room to read: the left column widens when it shows.
  const float left_share = shown.narration ? 0.31f : 0.27f;
  const float left = any_left ? std::round(std::clamp(w * left_share, font * 16.0f, font * 34.0f)) : 0.0f;
  const float right = any_right ? std::round(std::clamp(w * 0.26f, font * 16.0f, font * 34.0f)) : 0.0f;
  const float mid = std::max(0.0f, w - left - right);
  l.controls = {x, y, w, ctrl_h};
  stack(x, body_y, left, body_h,
        {{&l.narration, shown.narration, 1.4f}, {&l.algorithm, shown.algorithm, 1.0f},
         {&l.settings, shown.settings, 0.754f}});
  stack(x + left, body_y, mid, body_h, {{&l.view, shown.view, 0.6f}, {&l.charts, shown.charts, 0.4f}});
  stack(x + left + mid, body_y, right, body_h,
        {{&l.minibatch, shown.minibatch, 0.44f}, {&l.logloss, shown.logloss, 0.56f}});
  const float hw = std::min(w * 0.9f, font * 46.0f), hh = std::min(h * 0.85f, font * 36.0f);
  l.help = {x + 0.5f * (w - hw), y + 0.5f * (h - hh), hw, hh};
  return l;
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

}  // namespace ganstep::ui
