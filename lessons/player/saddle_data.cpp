#include "lessons/player/saddle_data.h"


#include <algorithm>
#include <cstdio>
#include <cmath>

namespace ganstep::ui {

SaddleRange saddle_range(const run::GameRuns& s) {
  SaddleRange r;
  const GamePoint eq = s.main().equilibrium();
  double half = 0;
  for (const auto& run : s.runs()) {
    const GamePoint st = run.start();
    half = std::max({half, 1.25 * std::fabs(st.x - eq.x), 1.25 * std::fabs(st.y - eq.y)});
    for (const auto& p : run.path()) {
      const double dx = std::fabs(p.x - eq.x), dy = std::fabs(p.y - eq.y);
      if (std::isfinite(dx) && std::isfinite(dy)) half = std::max({half, 1.08 * dx, 1.08 * dy});
    }
  }
  half = std::clamp(half, 0.5, 1e4);
  r.x0 = eq.x - half;
  r.x1 = eq.x + half;
  r.y0 = eq.y - half;
  r.y1 = eq.y + half;
  return r;
}

int quiver_data(const GameRun& run, const SaddleRange& r, int n, std::vector<float>& xy, std::vector<float>& dxy) {
  FieldGrid g;
  // Arrows at cell centres, so none sits on the frame.
  const double hx = (r.x1 - r.x0) / (2.0 * n), hy = (r.y1 - r.y0) / (2.0 * n);
  g.x0 = r.x0 + hx;
  g.x1 = r.x1 - hx;
  g.y0 = r.y0 + hy;
  g.y1 = r.y1 - hy;
  g.nx = g.ny = n;
  const std::vector<FieldSample> f = run.field(g, true);
  xy.resize(2 * f.size());
  dxy.resize(2 * f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    xy[2 * i] = static_cast<float>(f[i].x);
    xy[2 * i + 1] = static_cast<float>(f[i].y);
    dxy[2 * i] = static_cast<float>(f[i].u);
    dxy[2 * i + 1] = static_cast<float>(f[i].w);
  }
  return static_cast<int>(f.size());
}

void quiver_display_scale(std::vector<float>& dxy) {
  float longest = 0;
  for (std::size_t i = 0; i + 1 < dxy.size(); i += 2) {
    const float l = std::sqrt(dxy[i] * dxy[i] + dxy[i + 1] * dxy[i + 1]);
    if (std::isfinite(l)) longest = std::max(longest, l);
  }
  if (!(longest > 0)) return;
  for (std::size_t i = 0; i + 1 < dxy.size(); i += 2) {
    const float l = std::sqrt(dxy[i] * dxy[i] + dxy[i + 1] * dxy[i + 1]);
    if (!(l > 0) || !std::isfinite(l)) continue;
    const float k = std::sqrt(l / longest) / l;
    dxy[i] *= k;
    dxy[i + 1] *= k;
  }
}

void path_xy(const GameRun& run, std::vector<float>& xs, std::vector<float>& ys) {
  xs.clear();
  ys.clear();
  for (const auto& p : run.path()) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) break;
    xs.push_back(static_cast<float>(p.x));
    ys.push_back(static_cast<float>(p.y));
  }
}

std::string rule_text(const GameConfig& c, bool pt) {
  auto num = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", v);
    return std::string(b);
  };
  const char* opt = c.optimizer == GameOptimizer::Gd ? "GD" : c.optimizer == GameOptimizer::Momentum ? "momentum" : "Adam";
  std::string s;
  if (pt) s = std::string(opt) + (c.order == GameOrder::Alternating ? " alternado" : " simultâneo");
  else s = std::string(c.order == GameOrder::Alternating ? "alternating " : "simultaneous ") + opt;
  if (c.optimizer == GameOptimizer::Momentum) s += " (β=" + num(c.momentum) + ")";
  if (c.order == GameOrder::Alternating)
    s += " (k=" + std::to_string(c.k) + ", " +
         (c.g_first ? (pt ? "G primeiro" : "G first") : (pt ? "D primeiro" : "D first")) + ")";
  if (c.regularizer == GameRegularizer::Consensus) s += (pt ? " + consenso γ=" : " + consensus γ=") + num(c.gamma);
  if (c.regularizer == GameRegularizer::R1) s += " + R1 γ=" + num(c.gamma);
  if (c.noise > 0) s += (pt ? " + ruído de instância σ=" : " + instance noise σ=") + num(c.noise);
  return s;
}

}  // namespace ganstep::ui
