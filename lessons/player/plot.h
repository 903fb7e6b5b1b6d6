// Plot widgets drawn with ImDrawList: a framed area with axes, ticks and
// labels, then lines, fills, scatters, heat maps, arrows, reference lines and
// legends over (const float* data, int count) arrays. Hover read-outs: the
// caller checks PlotArea::hovered and the mouse's data coordinates.
#pragma once

#include "imgui.h"
#include "lessons/player/plot_transform.h"

namespace ganstep::ui {

enum class LineStyle { Solid, Dashed, Dotted };

struct PlotSpec {
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  const char* x_label = nullptr;  // centred under the x axis
  const char* y_label = nullptr;  // above the y axis, left
  bool equal_aspect = false;      // one data unit = same pixels on both axes (grows a range)
  bool integer_x = false;         // x ticks on integers only
  bool right_axis = false;        // a second y axis on the right over [r0, r1]
  double r0 = 0, r1 = 1;
  const char* r_label = nullptr;
  ImU32 background = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  bool grid = true;
  bool decimal_comma = false;     // tick labels in Portuguese (0,5)
};

struct PlotArea {
  ImDrawList* dl = nullptr;
  ImVec2 frame0, frame1;  // the whole widget
  ImVec2 p0, p1;          // the inner plot rectangle (p0 top-left)
  Axis x, y, r;           // r: the right axis, when any
  bool hovered = false;   // mouse inside p0..p1
  double mouse_x = 0, mouse_y = 0, mouse_r = 0;  // in data units
  float scale = 1;        // line widths and marker sizes (font size / 15)
  bool clipped = false;
};

// Reserves `size` (an InvisibleButton named id), draws the frame, grid, axes
// and tick labels, and clips to the inner rectangle until plot_end.
PlotArea plot_begin(const char* id, ImVec2 size, const PlotSpec& spec);
void plot_end(PlotArea& a);

void plot_line(const PlotArea& a, const float* xs, const float* ys, int count, ImU32 col,
               float thickness = 1.5f, LineStyle style = LineStyle::Solid, bool right_axis = false);
// Filled area between the curve and y = 0.
void plot_fill(const PlotArea& a, const float* xs, const float* ys, int count, ImU32 col);
// Points from interleaved (x, y) pairs; stride is the number of floats per point (>= 2).
void plot_scatter(const PlotArea& a, const float* xy, int count, ImU32 col, float radius,
                  ImU32 outline = 0, int stride = 2);
// Values at the centres of an nx x ny grid over [x0, x1] x [y0, y1] (row j
// along y from y0), drawn as smoothly shaded quads.
void plot_heatmap(const PlotArea& a, const float* values, int nx, int ny, double x0, double x1,
                  double y0, double y1, ImU32 (*colour)(float));
// Arrows from points xy (interleaved) along dxy; the longest is max_len pixels.
void plot_arrows(const PlotArea& a, const float* xy, const float* dxy, int count, ImU32 col,
                 float max_len, int stride = 2);
// Vertical ticks at x positions on the bottom edge (a rug), height in pixels.
void plot_rug(const PlotArea& a, const float* xs, int count, ImU32 col, float height);
void plot_hline(const PlotArea& a, double y, ImU32 col, LineStyle style, const char* label = nullptr,
                bool right_axis = false);
void plot_vline(const PlotArea& a, double x, ImU32 col, LineStyle style);

struct LegendEntry {
  const char* label;
  ImU32 col;
  LineStyle style = LineStyle::Solid;
  bool marker = false;  // a dot instead of a line
  bool fill = false;    // a filled swatch
};
// corner: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
void plot_legend(const PlotArea& a, const LegendEntry* entries, int count, int corner);
// A vertical colour bar inside the plot's right edge, from 0 (bottom) to 1 (top).
void plot_colourbar(const PlotArea& a, ImU32 (*colour)(float), const char* label_lo, const char* label_hi);

// Dashed or dotted polyline in screen space (solid falls through to AddPolyline).
void draw_polyline(ImDrawList* dl, const ImVec2* pts, int count, ImU32 col, float thickness, LineStyle style);

}  // namespace ganstep::ui
