#include "lessons/player/layout.h"

#include <algorithm>
#include <cmath>

namespace ganstep::ui {

Layout compute_layout(float x, float y, float w, float h, float font) {
  Layout l;
  const float ctrl_h = std::round(font * 5.3f);
  const float body_y = y + ctrl_h, body_h = std::max(0.0f, h - ctrl_h);
  const float left = std::round(std::clamp(w * 0.27f, font * 16.0f, font * 30.0f));
  const float right = std::round(std::clamp(w * 0.26f, font * 16.0f, font * 34.0f));
  const float mid = std::max(0.0f, w - left - right);
  l.controls = {x, y, w, ctrl_h};
  const float algo_h = std::round(body_h * 0.57f);
  l.algorithm = {x, body_y, left, algo_h};
  l.settings = {x, body_y + algo_h, left, body_h - algo_h};
  const float view_h = std::round(body_h * 0.60f);
  l.view = {x + left, body_y, mid, view_h};
  l.charts = {x + left, body_y + view_h, mid, body_h - view_h};
  const float mb_h = std::round(body_h * 0.44f);
  l.minibatch = {x + left + mid, body_y, right, mb_h};
  l.logloss = {x + left + mid, body_y + mb_h, right, body_h - mb_h};
  const float hw = std::min(w * 0.9f, font * 46.0f), hh = std::min(h * 0.85f, font * 36.0f);
  l.help = {x + 0.5f * (w - hw), y + 0.5f * (h - hh), hw, hh};
  return l;
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

}  // namespace ganstep::ui
