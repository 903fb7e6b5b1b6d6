// The parameter-space panel: the game's vector field as a quiver, every run's
// trajectory from the same start (click to move it), the distance to the
// equilibrium over time, and the eigenvalues in the complex plane.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "lessons/player/panel_saddle.h"
#include "lessons/player/plot.h"
#include "lessons/player/player_impl.h"
#include "lessons/player/saddle_data.h"

namespace ganstep::ui {
namespace {

// While a question waits (the lesson asks the student to predict the path),
// one step's verdict (|μ| against 1, the step's eigenvalues) would give the
// answer away: it shows once the question is answered.
bool verdict_hidden(const PlayerImpl& p) { return p.session.narration().script.awaiting_answer(); }

// Run colours: the main run blue, then the compared rules (col::kGameRuns).
ImU32 run_colour(std::size_t i) { return col::kGameRuns[i % (sizeof col::kGameRuns / sizeof col::kGameRuns[0])]; }

void cross(const PlotArea& a, double x, double y, ImU32 c, float r) {
  const ImVec2 p(a.x.to_screen(x), a.y.to_screen(y));
  a.dl->AddLine(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), c, 2.0f * a.scale);
  a.dl->AddLine(ImVec2(p.x - r, p.y + r), ImVec2(p.x + r, p.y - r), c, 2.0f * a.scale);
}

void field_plot(PlayerImpl& p, SaddleState& s, ImVec2 size) {
  const run::GameRuns& g = p.game();
  const SaddleRange r = saddle_range(g);
  const bool dirac = g.settings().game == GameKind::Dirac;
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = r.x0;
  spec.x1 = r.x1;
  spec.y0 = r.y0;
  spec.y1 = r.y1;
  spec.equal_aspect = true;
  spec.x_label = dirac ? "θ (G)" : "x (G)";
  spec.y_label = dirac ? "ψ (D)" : "y (D)";
  PlotArea a = plot_begin("##field", size, spec);
  // The quiver of the main run's rule at its current settings.
  const int n = quiver_data(g.main(), r, s.quiver_n, s.xy, s.dxy);
  quiver_display_scale(s.dxy);
  const float cell = std::min(a.p1.x - a.p0.x, a.p1.y - a.p0.y) / static_cast<float>(s.quiver_n);
  plot_arrows(a, s.xy.data(), s.dxy.data(), n, with_alpha(col::kGrey, 0.75f), 0.8f * cell / a.scale);
  // Equilibrium, trajectories, current points.
  const GamePoint eq = g.main().equilibrium();
  cross(a, eq.x, eq.y, col::kBlack, 5.0f * a.scale);
  const std::size_t shown = s.show_compare ? g.runs().size() : 1;
  for (std::size_t i = shown; i-- > 0;) {
    const GameRun& run = g.runs()[i];
    path_xy(run, s.xs, s.ys);
    const ImU32 c = run_colour(i);
    plot_line(a, s.xs.data(), s.ys.data(), static_cast<int>(s.xs.size()), c, i == 0 ? 2.4f : 1.8f);
    if (!s.xs.empty()) {
      const float pt[2] = {s.xs.back(), s.ys.back()};
      plot_scatter(a, pt, 1, c, 5.0f, col::kBlack);
    }
  }
  const GamePoint st = g.main().start();
  const ImVec2 sp(a.x.to_screen(st.x), a.y.to_screen(st.y));
  a.dl->AddCircle(sp, 6.0f * a.scale, col::kBlack, 16, 2.0f * a.scale);
  // Legend: the runs, the start, the equilibrium.
  std::vector<LegendEntry> legend;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < shown; ++i) names.push_back(rule_text(g.runs()[i].config(), p.lang == Lang::Pt));
  for (std::size_t i = 0; i < shown; ++i) legend.push_back({names[i].c_str(), run_colour(i)});
  legend.push_back({p.t(S::SaddleStart), col::kBlack, LineStyle::Solid, true});
  plot_legend(a, legend.data(), static_cast<int>(legend.size()), 0);
  // Hover: the field and eigenvalues there; click: start every run there.
  if (a.hovered) {
    const double mx = a.mouse_x, my = a.mouse_y;
    const GameLocal l = g.main().local_at(mx, my);
    const Eigen2 e = g.main().eigen_at(mx, my);
    const Eigen2 m = g.main().step_eigen_at(mx, my);
    ImGui::BeginTooltip();
    if (verdict_hidden(p))
      ImGui::TextUnformatted(fmt_num(p.lang, p.t(S::SaddleHoverNoStepFmt), mx, my, l.dx, l.dy, e.re1, e.im1).c_str());
    else
      ImGui::TextUnformatted(
          fmt_num(p.lang, p.t(S::SaddleHoverFmt), mx, my, l.dx, l.dy, e.re1, e.im1, spectral_radius(m)).c_str());
    ImGui::TextDisabled("%s", p.t(S::SaddleClickTip));
    ImGui::EndTooltip();
    if (ImGui::IsMouseClicked(0)) {
      p.set_playing(false);
      char x[40], y[40];  // the run starts over from the clicked point
      std::snprintf(x, sizeof x, "%.17g", std::clamp(mx, -1e6, 1e6));
      std::snprintf(y, sizeof y, "%.17g", std::clamp(my, -1e6, 1e6));
      if (const std::string e = p.session.set({{"start_x", x}, {"start_y", y}}); !e.empty()) p.fail(e);
    }
  }
  plot_end(a);
}

void distance_plot(PlayerImpl& p, SaddleState& s, ImVec2 size) {
  const run::GameRuns& g = p.game();
  const std::size_t shown = s.show_compare ? g.runs().size() : 1;
  double hi = 0;
  std::vector<std::vector<double>> ds(shown);
  for (std::size_t i = 0; i < shown; ++i) {
    ds[i] = g.runs()[i].distances();
    for (double d : ds[i])
      if (std::isfinite(d)) hi = std::max(hi, d);
  }
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = 0;
  spec.x1 = static_cast<double>(std::max<std::int64_t>(10, p.session.furthest_iterations()));
  spec.y0 = 0;
  spec.y1 = hi > 0 ? hi * 1.08 : 1;
  spec.integer_x = true;
  spec.x_label = p.t(S::Timeline);
  spec.y_label = p.t(S::SaddleDistance);
  PlotArea a = plot_begin("##distance", size, spec);
  for (std::size_t i = shown; i-- > 0;) {
    s.xs.clear();
    s.ys.clear();
    for (std::size_t k = 0; k < ds[i].size(); ++k) {
      if (!std::isfinite(ds[i][k])) break;
      s.xs.push_back(static_cast<float>(k));
      s.ys.push_back(static_cast<float>(ds[i][k]));
    }
    plot_line(a, s.xs.data(), s.ys.data(), static_cast<int>(s.xs.size()), run_colour(i), i == 0 ? 2.2f : 1.6f);
  }
  if (a.hovered) {
    const long long it = std::llround(a.mouse_x);
    ImGui::BeginTooltip();
    ImGui::Text("%s %lld", p.t(S::Timeline), it);
    for (std::size_t i = 0; i < shown; ++i)
      if (it >= 0 && it < static_cast<long long>(ds[i].size())) {
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(run_colour(i)));
        ImGui::TextUnformatted(fmt_num(p.lang, "%.5g  %s", ds[i][static_cast<std::size_t>(it)],
                                       rule_text(g.runs()[i].config(), p.lang == Lang::Pt).c_str()).c_str());
        ImGui::PopStyleColor();
      }
    ImGui::EndTooltip();
  }
  plot_end(a);
}

void eigen_plot(PlayerImpl& p, SaddleState& s, ImVec2 size) {
  const run::GameRuns& g = p.game();
  const std::size_t shown = s.show_compare ? g.runs().size() : 1;
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = -1.6;
  spec.x1 = 1.6;
  spec.y0 = -1.4;
  spec.y1 = 1.4;
  spec.equal_aspect = true;
  spec.x_label = "Re";
  spec.y_label = "Im";
  PlotArea a = plot_begin("##eigen", size, spec);
  // The unit circle (|mu| = 1) and the axes.
  std::vector<ImVec2> circle;
  for (int k = 0; k <= 96; ++k) {
    const double t = 2 * 3.14159265358979 * k / 96;
    circle.emplace_back(a.x.to_screen(std::cos(t)), a.y.to_screen(std::sin(t)));
  }
  draw_polyline(a.dl, circle.data(), static_cast<int>(circle.size()), col::kGrey, 1.4f * a.scale, LineStyle::Dashed);
  plot_hline(a, 0, with_alpha(col::kBlack, 0.5f), LineStyle::Solid);
  plot_vline(a, 0, with_alpha(col::kBlack, 0.5f), LineStyle::Solid);
  for (std::size_t i = shown; i-- > 0;) {
    const GameRun& run = g.runs()[i];
    const Eigen2 e = run.eigen();
    const float pts[4] = {static_cast<float>(e.re1), static_cast<float>(e.im1), static_cast<float>(e.re2),
                          static_cast<float>(e.im2)};
    plot_scatter(a, pts, 2, run_colour(i), 5.0f, col::kBlack);
    const Eigen2 m = run.step_eigen();
    if (std::isfinite(m.re1) && !verdict_hidden(p)) {
      cross(a, m.re1, m.im1, run_colour(i), 5.0f * a.scale);
      cross(a, m.re2, m.im2, run_colour(i), 5.0f * a.scale);
    }
  }
  const LegendEntry legend[] = {{p.t(S::SaddleEigenJ), col::kBlack, LineStyle::Solid, true},
                                {p.t(S::SaddleUnitCircle), col::kGrey, LineStyle::Dashed}};
  plot_legend(a, legend, 2, 3);
  plot_end(a);
  // The per-step factor of each run (crosses near 1 overlap): |mu| > 1 grows, < 1 shrinks.
  if (verdict_hidden(p)) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + size.x);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", p.t(S::SaddleAfterAnswer));
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    p.layout.note("saddle_mu_hidden");
  } else {
    for (std::size_t i = 0; i < shown; ++i) {
      const double rho = spectral_radius(g.runs()[i].step_eigen());
      if (!std::isfinite(rho)) continue;
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(run_colour(i)));
      ImGui::TextUnformatted(fmt_num(p.lang, "× %s |μ| = %.5f  %s", p.t(S::SaddleEigenStep), rho,
                                     rho > 1 + 1e-9 ? "> 1" : (rho < 1 - 1e-9 ? "< 1" : "= 1")).c_str());
      ImGui::PopStyleColor();
      p.layout.note("saddle_mu");
    }
  }
  if (a.hovered && !verdict_hidden(p)) {
    ImGui::BeginTooltip();
    for (std::size_t i = 0; i < shown; ++i) {
      const Eigen2 e = g.runs()[i].eigen();
      const Eigen2 m = g.runs()[i].step_eigen();
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(run_colour(i)));
      ImGui::TextUnformatted(fmt_num(p.lang, "J: %.4g ± %.4gi   %s: |μ| = %.5g   %s", e.re1, std::fabs(e.im1),
                                     p.t(S::SaddleEigenStep), spectral_radius(m),
                                     rule_text(g.runs()[i].config(), p.lang == Lang::Pt).c_str()).c_str());
      ImGui::PopStyleColor();
    }
    ImGui::EndTooltip();
  }
}

}  // namespace

void panel_saddle(PlayerImpl& p, SaddleState& s, const Rect& r) {
  if (begin_panel(p, S::WinSaddle, "saddle", r, p.layout.place)) {
    const float fs = ImGui::GetFontSize();
    ImGui::Checkbox(p.t(S::SaddleCompare), &s.show_compare);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(fs * 6);
    ImGui::SliderInt("##arrows", &s.quiver_n, 7, 31, p.t(S::SaddleArrowsFmt));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", p.t(S::SaddleField));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Side by side, or on a narrow panel one under the other (the panel scrolls).
    const bool stacked = avail.x < fs * 30.0f;
    const float right = stacked ? avail.x : std::clamp(avail.x * 0.40f, fs * 14.0f, fs * 26.0f);
    const float left = stacked ? avail.x : std::max(fs * 10.0f, avail.x - right - ImGui::GetStyle().ItemSpacing.x);
    ImGui::PushFont(p.fonts.small);
    ImGui::BeginGroup();
    field_plot(p, s, ImVec2(left, stacked ? std::min(avail.x * 1.1f, avail.y * 0.7f) : avail.y));
    ImGui::EndGroup();
    if (!stacked) ImGui::SameLine();
    ImGui::BeginGroup();
    const float chart_h = std::max(fs * 6.0f, avail.y * (stacked ? 0.25f : 0.34f));
    distance_plot(p, s, ImVec2(right, chart_h));
    ImGui::TextUnformatted(p.t(S::SaddleEigen));
    const float eig_h = std::min(right * 0.9f, std::max(fs * 6.0f, avail.y - chart_h - fs * 14.0f));
    eigen_plot(p, s, ImVec2(right, eig_h));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + right);
    ImGui::TextWrapped("%s", p.t(S::SaddleEigenHelp));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::PopFont();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
