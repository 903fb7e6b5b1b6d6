// Pure coordinate maths for the plot widgets (no ImGui): data <-> screen
// transforms, "nice number" tick selection, tick labels, equal-aspect fitting
// and min/max decimation of long series. Unit tested in tests/player.
#pragma once

#include <string>
#include <vector>

namespace ganstep::ui {

// A linear map from the data interval [d0, d1] to the screen interval [s0, s1].
// For a vertical axis pass s0 = bottom pixel, s1 = top pixel (screen y grows down).
struct Axis {
  double d0 = 0, d1 = 1;
  float s0 = 0, s1 = 1;

  float to_screen(double v) const {
    const double span = d1 - d0;
    const double t = span != 0 ? (v - d0) / span : 0.5;
    return static_cast<float>(s0 + t * (static_cast<double>(s1) - s0));
  }
  double to_data(float s) const {
    const double span = static_cast<double>(s1) - s0;
    const double t = span != 0 ? (s - s0) / span : 0.5;
    return d0 + t * (d1 - d0);
  }
};

// Heckbert's nice numbers: the 1, 2 or 5 times a power of ten near x
// (rounded to the nearest when round, else the smallest not below x).
double nice_number(double x, bool round);

struct Ticks {
  double step = 1;
  std::vector<double> values;  // multiples of step inside [lo, hi]
  int decimals = 0;            // digits after the point that show every tick exactly
};

// At most about max_ticks ticks over [lo, hi] at a nice step (lo < hi; a
// degenerate range gets a unit-wide one around it).
Ticks nice_ticks(double lo, double hi, int max_ticks);

// A tick label: fixed with `decimals` digits, or %g for very large or small
// magnitudes. "-0" prints as "0".
std::string format_tick(double v, int decimals);

// Grows [x0, x1] or [y0, y1] about its centre so that one data unit spans the
// same number of pixels on both axes in a width x height pixel rectangle.
void fit_equal_aspect(double& x0, double& x1, double& y0, double& y1, float width, float height);

// Pads [lo, hi] by a fraction of its width on both sides (a unit width when empty).
void pad_range(double& lo, double& hi, double fraction);

// Min/max decimation to the screen's pixel columns: of the points (sx, sy),
// in screen coordinates with sx non-decreasing, keeps for each pixel column
// (floor of sx) the one with the smallest and the one with the largest sy, in
// their order. A line through the output covers the same pixels as the full
// series with at most two vertices per column, so a long, steep series stays
// one continuous line within a 16-bit-index draw list (WebGL2).
void decimate_pixels(const float* sx, const float* sy, int count, std::vector<float>& out_x,
                     std::vector<float>& out_y);

}  // namespace ganstep::ui
