#include "lessons/player/plot_transform.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ganstep::ui {

double nice_number(double x, bool round) {
  if (!(x > 0) || !std::isfinite(x)) return 1.0;
  const double e = std::floor(std::log10(x));
  const double p = std::pow(10.0, e);
  const double f = x / p;  // in [1, 10)
  double nf;
  if (round) nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
  else nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nf * p;
}

Ticks nice_ticks(double lo, double hi, int max_ticks) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi)) { lo = 0; hi = 1; }
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(lo))) { lo -= 0.5; hi += 0.5; }
  if (max_ticks < 2) max_ticks = 2;
  const double range = nice_number(hi - lo, false);
  t.step = nice_number(range / (max_ticks - 1), true);
  // Enforce the limit (rounding can overshoot it).
  while ((hi - lo) / t.step > max_ticks) t.step = nice_number(t.step * 1.5, false);
  const double first = std::ceil(lo / t.step - 1e-9) * t.step;
  for (int i = 0; i < 1000; ++i) {
    double v = first + i * t.step;
    if (v > hi + t.step * 1e-9) break;
    if (std::fabs(v) < t.step * 1e-9) v = 0;
    t.values.push_back(v);
  }
  t.decimals = std::max(0, static_cast<int>(-std::floor(std::log10(t.step) + 1e-9)));
  return t;
}

std::string format_tick(double v, int decimals) {
  char buf[48];
  const double a = std::fabs(v);
  if (a != 0 && (a >= 1e6 || decimals > 6)) std::snprintf(buf, sizeof buf, "%.3g", v);
  else std::snprintf(buf, sizeof buf, "%.*f", std::max(0, decimals), v);
  std::string s = buf;
  // "-0", "-0.0"...: a negative zero after rounding.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

void fit_equal_aspect(double& x0, double& x1, double& y0, double& y1, float width, float height) {
  if (!(width > 0) || !(height > 0)) return;
  const double ux = (x1 - x0) / width;   // data units per pixel
  const double uy = (y1 - y0) / height;
  if (ux < uy) {
    const double c = 0.5 * (x0 + x1), h = 0.5 * uy * width;
    x0 = c - h;
    x1 = c + h;
  } else if (uy < ux) {
    const double c = 0.5 * (y0 + y1), h = 0.5 * ux * height;
    y0 = c - h;
    y1 = c + h;
  }
}

void pad_range(double& lo, double& hi, double fraction) {
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
    return;
  }
  const double p = (hi - lo) * fraction;
  lo -= p;
  hi += p;
}

void decimate_pixels(const float* sx, const float* sy, int count, std::vector<float>& out_x,
                     std::vector<float>& out_y) {
  out_x.clear();
  out_y.clear();
  int i = 0;
  while (i < count) {
    // One pixel column: the points whose x has the same floor.
    const float column = std::floor(sx[i]);
    int imin = i, imax = i, j = i + 1;
    for (; j < count && std::floor(sx[j]) == column; ++j) {
      if (sy[j] < sy[imin]) imin = j;
      if (sy[j] > sy[imax]) imax = j;
    }
    const int first = std::min(imin, imax), second = std::max(imin, imax);
    out_x.push_back(sx[first]);
    out_y.push_back(sy[first]);
    if (second != first) {
      out_x.push_back(sx[second]);
      out_y.push_back(sy[second]);
    }
    i = j;
  }
}

}  // namespace ganstep::ui
