#include "lessons/player/layout.h"

#include <algorithm>
#include <cmath>

namespace ganstep::ui {

using lessons::Panel;

namespace {

// Panels that read best tall and narrow (text, tables, lists, a column of
// digits); the others (plots, strips of images) want width.
bool tall(Panel p) {
  switch (p) {
    case Panel::Algorithm: case Panel::Settings: case Panel::Minibatch: case Panel::Logloss:
    case Panel::Narration: case Panel::DOutputs: case Panel::Classes: case Panel::Projection:
      return true;
    default:
      return false;
  }
}

// A panel's share of its column or row.
float weight(Panel p) {
  switch (p) {
    case Panel::Algorithm: return 1.25f;
    case Panel::Logloss: return 1.15f;
    case Panel::Latent: return 0.75f;
    case Panel::Styles: return 1.3f;
    case Panel::Projection: return 2.2f;  // two plots, one above the other
    case Panel::Interpolation: return 1.6f;  // two rows of 8 images
    case Panel::Settings: return 0.9f;
    default: return 1.0f;
  }
}

// Splits [at, at + size) among the panels by weight; the last takes the rest (no gaps from rounding).
template <typename Place>
void split(float at, float size, const std::vector<Panel>& ps, Place place) {
  float total = 0;
  for (Panel p : ps) total += weight(p);
  float pos = at;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const float s = i + 1 == ps.size() ? at + size - pos : std::round(size * weight(ps[i]) / total);
    place(ps[i], pos, s);
    pos += s;
  }
}

void stack_down(Layout& l, const Rect& r, const std::vector<Panel>& ps) {
  split(r.y, r.h, ps, [&](Panel p, float y, float h) { l.of(p) = {r.x, y, r.w, h}; });
}

void side_by_side(Layout& l, const Rect& r, const std::vector<Panel>& ps) {
  split(r.x, r.w, ps, [&](Panel p, float x, float w) { l.of(p) = {x, r.y, w, r.h}; });
}

// The first ceil(n / parts) panels, the next ceil(...), ...
std::vector<std::vector<Panel>> chunks(const std::vector<Panel>& ps, int parts) {
  std::vector<std::vector<Panel>> out(static_cast<std::size_t>(parts));
  const std::size_t per = (ps.size() + static_cast<std::size_t>(parts) - 1) / static_cast<std::size_t>(parts);
  for (std::size_t i = 0; i < ps.size(); ++i) out[i / per].push_back(ps[i]);
  return out;
}

// Places the focus panel and the others in r; f is the focus's share of r's width or height.
void arrange(Layout& l, const Rect& r, Panel focus, const std::vector<Panel>& others, lessons::Layout mode,
             float f, float font) {
  if (others.empty()) {
    l.of(focus) = r;
    return;
  }
  std::vector<Panel> tall_ones, wide_ones;
  for (Panel p : others) (tall(p) ? tall_ones : wide_ones).push_back(p);
  if (mode == lessons::Layout::Auto) {
    if (wide_ones.empty()) mode = lessons::Layout::Columns;
    else if (tall_ones.empty()) mode = lessons::Layout::Rows;
  }
  const float fw = std::round(r.w * f), fh = std::round(r.h * f);
  switch (mode) {
    case lessons::Layout::Columns: {
      l.of(focus) = {r.x, r.y, fw, r.h};
      const float side = r.w - fw;
      const int cols = others.size() >= 4 && side * 0.5f >= font * 15.0f ? 2 : 1;
      const auto parts = chunks(others, cols);
      split(r.x + fw, side, std::vector<Panel>(static_cast<std::size_t>(cols), Panel::Charts),
            [&, c = 0](Panel, float x, float w) mutable { stack_down(l, {x, r.y, w, r.h}, parts[static_cast<std::size_t>(c++)]); });
      break;
    }
    case lessons::Layout::Rows: {
      l.of(focus) = {r.x, r.y, r.w, fh};
      const float band = r.h - fh;
      const int rows = others.size() >= 4 && band * 0.5f >= font * 9.0f ? 2 : 1;
      const auto parts = chunks(others, rows);
      split(r.y + fh, band, std::vector<Panel>(static_cast<std::size_t>(rows), Panel::Charts),
            [&, c = 0](Panel, float y, float h) mutable { side_by_side(l, {r.x, y, r.w, h}, parts[static_cast<std::size_t>(c++)]); });
      break;
    }
    case lessons::Layout::Auto:
      l.of(focus) = {r.x, r.y, fw, fh};
      stack_down(l, {r.x + fw, r.y, r.w - fw, r.h}, tall_ones);
      side_by_side(l, {r.x, r.y + fh, fw, r.h - fh}, wide_ones);
      break;
  }
}

}  // namespace

bool is_compact(float w, float font) { return w < font * kCompactFonts; }

Layout compute_layout(float x, float y, float w, float h, float font, const LayoutRequest& req) {
  Layout l;
  l.compact = is_compact(w, font);
  const float ctrl_h =
      std::min(std::round(h * 0.5f), req.controls_h > 0 ? req.controls_h : std::round(font * (l.compact ? 3.6f : 5.3f)));
  l.controls = {x, y, w, ctrl_h};
  const float hw = std::min(w * (l.compact ? 1.0f : 0.9f), font * 46.0f), hh = std::min(h * 0.85f, font * 36.0f);
  l.help = {x + 0.5f * (w - hw), y + 0.5f * (h - hh), hw, hh};

  std::vector<Panel> shown;
  for (Panel p : req.panels)
    if (std::find(shown.begin(), shown.end(), p) == shown.end()) shown.push_back(p);
  if (shown.empty()) return l;
  const auto has = [&](Panel p) { return std::find(shown.begin(), shown.end(), p) != shown.end(); };
  // The focus: the lesson's, else the first view, else the first panel that is not the narration.
  bool found = req.focus && has(*req.focus);
  l.focus = found ? *req.focus : Panel::Narration;
  for (Panel p : {Panel::View1d, Panel::View2d, Panel::Saddle, Panel::Samples})
    if (!found && has(p)) { l.focus = p; found = true; }
  for (Panel p : shown)
    if (!found && p != Panel::Narration) { l.focus = p; found = true; }

  const Rect body{x, y + ctrl_h, w, std::max(0.0f, h - ctrl_h)};
  if (l.compact) {  // tabs: narration first, then the focus, then the rest in the lesson's order
    if (has(Panel::Narration)) l.order.push_back(Panel::Narration);
    if (l.focus != Panel::Narration) l.order.push_back(l.focus);
    for (Panel p : shown)
      if (p != Panel::Narration && p != l.focus) l.order.push_back(p);
    const float row = std::round(std::max(kTouchTarget, font * 2.7f));
    const float tab_h = l.order.size() > 1 ? std::min(std::round(h * 0.3f), std::max(row, req.tabs_h)) : 0.0f;
    l.tabs = {x, body.y, w, tab_h};
    for (Panel p : l.order) l.of(p) = {x, body.y + tab_h, w, std::max(0.0f, body.h - tab_h)};
    return l;
  }

  Rect rest = body;
  std::vector<Panel> others;
  const bool narration_column = has(Panel::Narration) && l.focus != Panel::Narration && shown.size() > 1;
  if (narration_column) {
    const float nw = std::round(std::clamp(w * 0.28f, font * 17.0f, font * 32.0f));
    l.of(Panel::Narration) = {x, body.y, nw, body.h};
    rest = {x + nw, body.y, std::max(0.0f, w - nw), body.h};
    l.order.push_back(Panel::Narration);
  }
  l.order.push_back(l.focus);
  for (Panel p : shown)
    if (p != l.focus && !(narration_column && p == Panel::Narration)) {
      others.push_back(p);
      l.order.push_back(p);
    }
  // The focus gets the largest rectangle: its share grows until it does.
  // Columns and rows with many other panels start smaller, so those can have two columns or rows.
  const float f0 = req.arrange != lessons::Layout::Auto && others.size() >= 4 ? 0.5f : 0.62f;
  for (float f = f0; f < 0.9f; f += 0.03f) {
    arrange(l, rest, l.focus, others, req.arrange, f, font);
    bool largest = true;
    for (Panel p : l.order)
      if (p != l.focus && l.of(p).area() >= l.of(l.focus).area()) largest = false;
    if (largest) break;
  }
  return l;
}

bool overlaps(const Rect& a, const Rect& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

bool contains(const Rect& o, const Rect& i) {
  const float e = 0.5f;
  return i.x >= o.x - e && i.y >= o.y - e && i.x + i.w <= o.x + o.w + e && i.y + i.h <= o.y + o.h + e;
}

}  // namespace ganstep::ui
