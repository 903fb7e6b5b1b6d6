#include "lessons/player/plot.h"

#include "engine/core/text.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace ganstep::ui {
namespace {

bool finite(float v) { return v - v == 0.0f; }

ImU32 text_colour(float alpha = 1.0f) {
  ImVec4 c = ImGui::GetStyleColorVec4(ImGuiCol_Text);
  c.w *= alpha;
  return ImGui::ColorConvertFloat4ToU32(c);
}

// Splits a polyline at non-finite points and draws each finite run.
template <class F>
void for_each_run(const float* xs, const float* ys, int count, F draw) {
  int start = -1;
  for (int i = 0; i <= count; ++i) {
    const bool ok = i < count && finite(xs[i]) && finite(ys[i]);
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      draw(start, i);
      start = -1;
    }
  }
}

// Without ImGuiBackendFlags_RendererHasVtxOffset (WebGL2 has none) a draw
// list holds at most 65536 vertices (16-bit indices): dense layers stop short.
bool room(ImDrawList* dl, int verts) {
  if (ImGui::GetIO().BackendFlags & ImGuiBackendFlags_RendererHasVtxOffset) return true;
  return dl->_VtxCurrentIdx + static_cast<unsigned>(verts) < 60000u;
}

}  // namespace

void draw_polyline(ImDrawList* dl, const ImVec2* pts, int count, ImU32 col, float thickness, LineStyle style) {
  if (count < 2) return;
  if (style == LineStyle::Solid) {
    dl->AddPolyline(pts, count, col, 0, thickness);
    return;
  }
  const float on = style == LineStyle::Dashed ? 7.0f * thickness / 1.5f : 1.6f * thickness;
  const float off = style == LineStyle::Dashed ? 4.5f * thickness / 1.5f : 2.8f * thickness;
  float phase = 0;  // distance into the current on/off period
  bool drawing = true;
  for (int i = 1; i < count; ++i) {
    ImVec2 a = pts[i - 1];
    const ImVec2 b = pts[i];
    float len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
    if (!(len > 0)) continue;
    const ImVec2 dir((b.x - a.x) / len, (b.y - a.y) / len);
    while (len > 0) {
      const float left = (drawing ? on : off) - phase;
      const float seg = std::min(left, len);
      const ImVec2 e(a.x + dir.x * seg, a.y + dir.y * seg);
      if (drawing) dl->AddLine(a, e, col, thickness);
      a = e;
      len -= seg;
      phase += seg;
      if (phase >= (drawing ? on : off) - 1e-4f) {
        phase = 0;
        drawing = !drawing;
      }
    }
  }
}

PlotArea plot_begin(const char* id, ImVec2 size, const PlotSpec& s) {
  PlotArea a;
  a.dl = ImGui::GetWindowDrawList();
  a.scale = ImGui::GetFontSize() / 13.0f;
  size.x = std::max(size.x, 60.0f);
  size.y = std::max(size.y, 50.0f);
  a.frame0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, size);
  const bool item_hovered = ImGui::IsItemHovered();
  a.frame1 = ImVec2(a.frame0.x + size.x, a.frame0.y + size.y);
  const float fh = ImGui::GetFontSize();
  const float tick = 4.0f * a.scale;
  auto tick_label = [&s](double v, int decimals) {
    const std::string t = format_tick(v, decimals);
    return s.decimal_comma ? decimal_comma(t) : t;
  };

  double x0 = s.x0, x1 = s.x1, y0 = s.y0, y1 = s.y1;
  if (!(x1 > x0)) pad_range(x0, x1, 0);
  if (!(y1 > y0)) pad_range(y0, y1, 0);

  // Margins: left holds the widest y tick label, bottom the x ticks (+ label).
  const float top = (s.y_label || s.r_label) ? fh * 1.35f : fh * 0.6f;
  const float bottom = tick + fh * 1.2f + (s.x_label ? fh * 1.15f : 0.0f);
  const int max_yt = std::max(2, static_cast<int>((size.y - top - bottom) / (fh * 2.0f)));
  Ticks yt = nice_ticks(y0, y1, max_yt);
  float left = 0;
  for (double v : yt.values)
    left = std::max(left, ImGui::CalcTextSize(tick_label(v, yt.decimals).c_str()).x);
  left += tick + 5.0f * a.scale;
  Ticks rt;
  float right = 8.0f * a.scale;
  if (s.right_axis) {
    rt = nice_ticks(s.r0, s.r1, max_yt);
    float w = 0;
    for (double v : rt.values) w = std::max(w, ImGui::CalcTextSize(tick_label(v, rt.decimals).c_str()).x);
    right = w + tick + 6.0f * a.scale;
  }
  a.p0 = ImVec2(std::floor(a.frame0.x + left), std::floor(a.frame0.y + top));
  a.p1 = ImVec2(std::floor(a.frame1.x - right), std::floor(a.frame1.y - bottom));
  if (a.p1.x < a.p0.x + 10) a.p1.x = a.p0.x + 10;
  if (a.p1.y < a.p0.y + 10) a.p1.y = a.p0.y + 10;
  const float pw = a.p1.x - a.p0.x, ph = a.p1.y - a.p0.y;
  if (s.equal_aspect) {
    fit_equal_aspect(x0, x1, y0, y1, pw, ph);
    yt = nice_ticks(y0, y1, max_yt);
  }
  a.x = Axis{x0, x1, a.p0.x, a.p1.x};
  a.y = Axis{y0, y1, a.p1.y, a.p0.y};
  a.r = Axis{s.r0, s.r1, a.p1.y, a.p0.y};
  const int max_xt = std::max(3, static_cast<int>(pw / (fh * 3.6f)));
  Ticks xt = nice_ticks(x0, x1, max_xt);
  if (s.integer_x && xt.step < 1) {
    xt = nice_ticks(x0, x1, std::max(2, static_cast<int>(x1 - x0) + 1));
    if (xt.step < 1) {
      xt.values.clear();
      for (double v = std::ceil(x0); v <= x1; v += 1) xt.values.push_back(v);
    }
    xt.decimals = 0;
  }

  ImDrawList* dl = a.dl;
  dl->AddRectFilled(a.p0, a.p1, s.background);
  const ImU32 grid = IM_COL32(0, 0, 0, 20);
  const ImU32 axis = text_colour(0.55f);
  const ImU32 label = text_colour(0.85f);
  for (double v : xt.values) {
    const float px = std::round(a.x.to_screen(v)) + 0.5f;
    if (px < a.p0.x - 0.5f || px > a.p1.x + 0.5f) continue;
    if (s.grid) dl->AddLine(ImVec2(px, a.p0.y), ImVec2(px, a.p1.y), grid);
    const float ty = a.p1.y;
    dl->AddLine(ImVec2(px, ty), ImVec2(px, ty + tick), axis);
    const std::string t = tick_label(v, xt.decimals);
    const float tw = ImGui::CalcTextSize(t.c_str()).x;
    float tx = std::clamp(px - tw * 0.5f, a.frame0.x, a.frame1.x - tw);
    dl->AddText(ImVec2(tx, ty + tick + 1.0f), label, t.c_str());
  }
  for (double v : yt.values) {
    const float py = std::round(a.y.to_screen(v)) + 0.5f;
    if (py < a.p0.y - 0.5f || py > a.p1.y + 0.5f) continue;
    if (s.grid) dl->AddLine(ImVec2(a.p0.x, py), ImVec2(a.p1.x, py), grid);
    dl->AddLine(ImVec2(a.p0.x - tick, py), ImVec2(a.p0.x, py), axis);
    const std::string t = tick_label(v, yt.decimals);
    const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
    dl->AddText(ImVec2(a.p0.x - tick - 3.0f * a.scale - ts.x, py - ts.y * 0.5f), label, t.c_str());
  }
  if (s.right_axis)
    for (double v : rt.values) {
      const float py = std::round(a.r.to_screen(v)) + 0.5f;
      if (py < a.p0.y - 0.5f || py > a.p1.y + 0.5f) continue;
      dl->AddLine(ImVec2(a.p1.x, py), ImVec2(a.p1.x + tick, py), axis);
      const std::string t = tick_label(v, rt.decimals);
      dl->AddText(ImVec2(a.p1.x + tick + 3.0f * a.scale, py - fh * 0.5f), label, t.c_str());
    }
  if (s.x_label) {
    const float tw = ImGui::CalcTextSize(s.x_label).x;
    dl->AddText(ImVec2(0.5f * (a.p0.x + a.p1.x - tw), a.frame1.y - fh * 1.1f), label, s.x_label);
  }
  if (s.y_label) dl->AddText(ImVec2(a.frame0.x + 2.0f, a.frame0.y + fh * 0.1f), label, s.y_label);
  if (s.r_label) {
    const float tw = ImGui::CalcTextSize(s.r_label).x;
    dl->AddText(ImVec2(a.frame1.x - tw - 2.0f, a.frame0.y + fh * 0.1f), label, s.r_label);
  }

  const ImVec2 m = ImGui::GetIO().MousePos;
  a.hovered = item_hovered && m.x >= a.p0.x && m.x <= a.p1.x && m.y >= a.p0.y && m.y <= a.p1.y;
  a.mouse_x = a.x.to_data(m.x);
  a.mouse_y = a.y.to_data(m.y);
  a.mouse_r = a.r.to_data(m.y);
  dl->PushClipRect(a.p0, a.p1, true);
  a.clipped = true;
  return a;
}

void plot_end(PlotArea& a) {
  if (a.clipped) a.dl->PopClipRect();
  a.clipped = false;
  a.dl->AddRect(a.p0, a.p1, text_colour(0.45f));
}

void plot_line(const PlotArea& a, const float* xs, const float* ys, int count, ImU32 col, float thickness,
               LineStyle style, bool right_axis) {
  const Axis& ya = right_axis ? a.r : a.y;
  std::vector<ImVec2> pts;
  std::vector<float> sx, sy, dx, dy;
  for_each_run(xs, ys, count, [&](int b, int e) {
    sx.clear();
    sy.clear();
    bool increasing = true;
    for (int i = b; i < e; ++i) {
      sx.push_back(a.x.to_screen(xs[i]));
      // Clamp far-off values so the line stays drawable.
      sy.push_back(std::clamp(ya.to_screen(ys[i]), a.p0.y - 1e4f, a.p1.y + 1e4f));
      increasing = increasing && (i == b || xs[i] >= xs[i - 1]);
    }
    // A function of x (every chart and view): at most two vertices per pixel
    // column. A path (a trajectory) is drawn as it is.
    if (increasing) decimate_pixels(sx.data(), sy.data(), static_cast<int>(sx.size()), dx, dy);
    const std::vector<float>& px = increasing ? dx : sx;
    const std::vector<float>& py = increasing ? dy : sy;
    pts.clear();
    for (std::size_t i = 0; i < px.size(); ++i) pts.emplace_back(px[i], py[i]);
    if (pts.size() == 1) a.dl->AddCircleFilled(pts[0], thickness * a.scale, col);
    draw_polyline(a.dl, pts.data(), static_cast<int>(pts.size()), col, thickness * a.scale, style);
  });
}

void plot_fill(const PlotArea& a, const float* xs, const float* ys, int count, ImU32 col) {
  const float base = std::clamp(a.y.to_screen(0.0), a.p0.y, a.p1.y);
  for (int i = 1; i < count; ++i) {
    if (!finite(xs[i - 1]) || !finite(ys[i - 1]) || !finite(xs[i]) || !finite(ys[i])) continue;
    const float xa = a.x.to_screen(xs[i - 1]), xb = a.x.to_screen(xs[i]);
    const float ya = std::clamp(a.y.to_screen(ys[i - 1]), a.p0.y - 2, a.p1.y + 2);
    const float yb = std::clamp(a.y.to_screen(ys[i]), a.p0.y - 2, a.p1.y + 2);
    const ImVec2 q[4] = {ImVec2(xa, base), ImVec2(xa, ya), ImVec2(xb, yb), ImVec2(xb, base)};
    a.dl->AddConvexPolyFilled(q, 4, col);
  }
}

void plot_scatter(const PlotArea& a, const float* xy, int count, ImU32 col, float radius, ImU32 outline,
                  int stride) {
  const float r = radius * a.scale;
  // Many points: small squares (4 vertices each) instead of anti-aliased discs (~20).
  const bool squares = count > 400;
  const int per_point = (squares ? 4 : 20) * (outline ? 2 : 1);
  for (int i = 0; i < count; ++i) {
    const float x = xy[i * stride], y = xy[i * stride + 1];
    if (!finite(x) || !finite(y)) continue;
    const ImVec2 p(a.x.to_screen(x), a.y.to_screen(y));
    if (p.x < a.p0.x - r || p.x > a.p1.x + r || p.y < a.p0.y - r || p.y > a.p1.y + r) continue;
    if (!room(a.dl, per_point)) break;
    if (squares) {
      const float q = r * 0.9f, o = q + 1.0f * a.scale;
      if (outline) a.dl->AddRectFilled(ImVec2(p.x - o, p.y - o), ImVec2(p.x + o, p.y + o), outline);
      a.dl->AddRectFilled(ImVec2(p.x - q, p.y - q), ImVec2(p.x + q, p.y + q), col);
    } else {
      if (outline) a.dl->AddCircleFilled(p, r + 1.0f * a.scale, outline, 10);
      a.dl->AddCircleFilled(p, r, col, 10);
    }
  }
}

void plot_heatmap(const PlotArea& a, const float* v, int nx, int ny, double x0, double x1, double y0,
                  double y1, ImU32 (*colour)(float)) {
  if (nx < 2 || ny < 2) return;
  const double dx = (x1 - x0) / nx, dy = (y1 - y0) / ny;
  auto cx = [&](int i) { return a.x.to_screen(i < 0 ? x0 : i >= nx ? x1 : x0 + (i + 0.5) * dx); };
  auto cy = [&](int j) { return a.y.to_screen(j < 0 ? y0 : j >= ny ? y1 : y0 + (j + 0.5) * dy); };
  // Quads between neighbouring cell centres (edge quads reach the grid's border).
  for (int j = -1; j < ny; ++j) {
    const int ja = std::max(j, 0), jb = std::min(j + 1, ny - 1);
    const float ya = cy(j), yb = cy(j + 1);  // ya is lower on screen (larger y)
    if (!room(a.dl, 4 * (nx + 1))) break;
    for (int i = -1; i < nx; ++i) {
      const int ia = std::max(i, 0), ib = std::min(i + 1, nx - 1);
      const float xa = cx(i), xb = cx(i + 1);
      const ImU32 bl = colour(v[ja * nx + ia]), br = colour(v[ja * nx + ib]);
      const ImU32 tl = colour(v[jb * nx + ia]), tr = colour(v[jb * nx + ib]);
      a.dl->AddRectFilledMultiColor(ImVec2(xa, yb), ImVec2(xb, ya), tl, tr, br, bl);
    }
  }
}

void plot_arrows(const PlotArea& a, const float* xy, const float* dxy, int count, ImU32 col, float max_len,
                 int stride) {
  // Screen-space lengths, scaled so the longest arrow is max_len pixels.
  const float sx = (a.x.s1 - a.x.s0) / static_cast<float>(a.x.d1 - a.x.d0);
  const float sy = (a.y.s1 - a.y.s0) / static_cast<float>(a.y.d1 - a.y.d0);
  float longest = 0;
  for (int i = 0; i < count; ++i) {
    const float u = dxy[i * stride] * sx, w = dxy[i * stride + 1] * sy;
    if (finite(u) && finite(w)) longest = std::max(longest, std::sqrt(u * u + w * w));
  }
  if (!(longest > 0)) return;
  const float k = max_len * a.scale / longest;
  const float head = 4.0f * a.scale, th = 1.3f * a.scale;
  for (int i = 0; i < count; ++i) {
    const float x = xy[i * stride], y = xy[i * stride + 1];
    const float u = dxy[i * stride] * sx * k, w = dxy[i * stride + 1] * sy * k;
    if (!finite(x) || !finite(y) || !finite(u) || !finite(w)) continue;
    const ImVec2 p(a.x.to_screen(x), a.y.to_screen(y));
    const ImVec2 q(p.x + u, p.y + w);
    const float len = std::sqrt(u * u + w * w);
    if (len < 1.0f) continue;
    if (!room(a.dl, 12)) break;
    a.dl->AddLine(p, q, col, th);
    const ImVec2 d(u / len, w / len), n(-d.y, d.x);
    const float h = std::min(head, len * 0.6f);
    a.dl->AddTriangleFilled(q, ImVec2(q.x - d.x * h + n.x * h * 0.55f, q.y - d.y * h + n.y * h * 0.55f),
                            ImVec2(q.x - d.x * h - n.x * h * 0.55f, q.y - d.y * h - n.y * h * 0.55f), col);
  }
}

void plot_rug(const PlotArea& a, const float* xs, int count, ImU32 col, float height) {
  const float h = height * a.scale;
  for (int i = 0; i < count; ++i) {
    if (!finite(xs[i])) continue;
    const float px = a.x.to_screen(xs[i]);
    a.dl->AddLine(ImVec2(px, a.p1.y), ImVec2(px, a.p1.y - h), col, 1.0f * a.scale);
  }
}

void plot_hline(const PlotArea& a, double y, ImU32 col, LineStyle style, const char* label, bool right_axis) {
  const float py = (right_axis ? a.r : a.y).to_screen(y);
  if (py < a.p0.y || py > a.p1.y) return;
  const ImVec2 pts[2] = {ImVec2(a.p0.x, py), ImVec2(a.p1.x, py)};
  draw_polyline(a.dl, pts, 2, col, 1.2f * a.scale, style);
  if (label) {
    const ImVec2 ts = ImGui::CalcTextSize(label);
    float ty = py - ts.y - 1.0f;
    if (ty < a.p0.y) ty = py + 1.0f;
    const ImVec2 t0(a.p1.x - ts.x - 4.0f * a.scale, ty);
    a.dl->AddRectFilled(ImVec2(t0.x - 2, t0.y), ImVec2(t0.x + ts.x + 2, t0.y + ts.y), IM_COL32(255, 255, 255, 190), 2.0f);
    a.dl->AddText(t0, col, label);
  }
}

void plot_vline(const PlotArea& a, double x, ImU32 col, LineStyle style) {
  float px = a.x.to_screen(x);
  if (px < a.p0.x || px > a.p1.x) return;
  // On one column of pixels, not blurred grey over two: ImGui's AddLine (the
  // dotted and dashed styles) adds half a pixel itself, AddPolyline does not.
  px = std::floor(px) + (style == LineStyle::Solid ? 0.5f : 0.0f);
  const ImVec2 pts[2] = {ImVec2(px, a.p0.y), ImVec2(px, a.p1.y)};
  draw_polyline(a.dl, pts, 2, col, 1.0f * a.scale, style);
}

void plot_legend(const PlotArea& a, const LegendEntry* e, int count, int corner) {
  if (count <= 0) return;
  const float fh = ImGui::GetFontSize();
  const float sw = fh * 1.6f, pad = 4.0f * a.scale, gap = 5.0f * a.scale;
  float w = 0;
  for (int i = 0; i < count; ++i) w = std::max(w, ImGui::CalcTextSize(e[i].label).x);
  w += sw + gap + 2 * pad;
  const float h = count * fh * 1.15f + 2 * pad;
  const float x = (corner & 1) ? a.p1.x - w - 6.0f * a.scale : a.p0.x + 6.0f * a.scale;
  const float y = (corner & 2) ? a.p1.y - h - 6.0f * a.scale : a.p0.y + 6.0f * a.scale;
  a.dl->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), IM_COL32(255, 255, 255, 215), 3.0f);
  a.dl->AddRect(ImVec2(x, y), ImVec2(x + w, y + h), IM_COL32(0, 0, 0, 40), 3.0f);
  for (int i = 0; i < count; ++i) {
    const float ly = y + pad + i * fh * 1.15f;
    const float my = ly + fh * 0.55f;
    const ImVec2 s0(x + pad, my), s1(x + pad + sw, my);
    if (e[i].fill) a.dl->AddRectFilled(ImVec2(s0.x, ly + fh * 0.2f), ImVec2(s1.x, ly + fh * 0.9f), e[i].col);
    else if (e[i].marker) a.dl->AddCircleFilled(ImVec2(0.5f * (s0.x + s1.x), my), 3.2f * a.scale, e[i].col);
    else {
      const ImVec2 seg[2] = {s0, s1};
      draw_polyline(a.dl, seg, 2, e[i].col, 2.0f * a.scale, e[i].style);
    }
    a.dl->AddText(ImVec2(s1.x + gap, ly), text_colour(), e[i].label);
  }
}

void plot_colourbar(const PlotArea& a, ImU32 (*colour)(float), const char* lo, const char* hi) {
  const float fh = ImGui::GetFontSize();
  const float w = 10.0f * a.scale, h = std::min(140.0f * a.scale, (a.p1.y - a.p0.y) * 0.5f);
  const float x1 = a.p1.x - 8.0f * a.scale, x0 = x1 - w;
  const float y0 = a.p0.y + fh * 1.6f, y1 = y0 + h;
  const int steps = 24;
  for (int i = 0; i < steps; ++i) {
    const float t0 = static_cast<float>(i) / steps, t1 = static_cast<float>(i + 1) / steps;
    const float ya = y1 - t0 * h, yb = y1 - t1 * h;
    a.dl->AddRectFilledMultiColor(ImVec2(x0, yb), ImVec2(x1, ya), colour(t1), colour(t1), colour(t0), colour(t0));
  }
  a.dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(0, 0, 0, 90));
  const ImU32 tc = text_colour(0.9f);
  if (hi) {
    const float tw = ImGui::CalcTextSize(hi).x;
    a.dl->AddRectFilled(ImVec2(x1 - tw - 2, y0 - fh * 1.15f), ImVec2(x1 + 1, y0 - 1), IM_COL32(255, 255, 255, 200));
    a.dl->AddText(ImVec2(x1 - tw, y0 - fh * 1.1f), tc, hi);
  }
  if (lo) {
    const float tw = ImGui::CalcTextSize(lo).x;
    a.dl->AddRectFilled(ImVec2(x1 - tw - 2, y1 + 1), ImVec2(x1 + 1, y1 + fh * 1.1f), IM_COL32(255, 255, 255, 200));
    a.dl->AddText(ImVec2(x1 - tw, y1 + 1.0f), tc, lo);
  }
}

}  // namespace ganstep::ui
