// Training curves by iteration, up to the current one (they follow step-back):
// losses with ln 2 (D's equilibrium; V(D,G) = −2·loss_d with −ln 4 on
// request), D's mean outputs with 1/2, and the JS divergence (measured every
// N iterations) under its bound ln 2; for data with modes (mixtures, ring,
// grid) also mode coverage, measured with JS: the share of modes covered and hq.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "lessons/player/plot.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

constexpr double kLn2 = 0.69314718055994531;

struct Series {
  float RunFigures::*field;
  ImU32 col;
  float scale;  // V = -2 loss_d
  LineStyle style;
  int run = 0;                 // 0: the main run; r: compared run r (HistoryPoint::compared[r - 1])
  const char* name = nullptr;  // the hover read-out's label (nullptr: the legend's, or the title)
};

float value(const HistoryPoint& h, const Series& s) {
  const RunFigures& f = s.run == 0 ? h : h.compared[s.run - 1];
  return f.*(s.field);
}

// One chart: the series (plot_line decimates them to the plot's pixels), reference lines, legend, hover read-out.
// The legend has nlegend entries (with compared runs: one per run, not per series).
void chart(PlayerImpl& p, ChartsState& s, const char* id, const char* title, ImVec2 size, const Series* series,
           const LegendEntry* legend, int count, int nlegend, double y0, double y1, bool auto_y,
           const double* refs, const char* const* ref_labels, int nrefs, bool markers) {
  // The current run's iterations, up to the timeline's position.
  const HistoryPoint* h = p.session.history().data() + p.session.history_begin();
  const int n = static_cast<int>(p.session.history_end() - p.session.history_begin());
  // Auto range over the visible values and the reference lines.
  if (auto_y) {
    double lo = 1e300, hi = -1e300;
    for (int k = 0; k < count; ++k)
      for (int i = 0; i < n; ++i) {
        const float v = value(h[static_cast<std::size_t>(i)], series[k]) * series[k].scale;
        if (v == v && std::isfinite(v)) {
          lo = std::min(lo, static_cast<double>(v));
          hi = std::max(hi, static_cast<double>(v));
        }
      }
    for (int r = 0; r < nrefs; ++r) {
      lo = std::min(lo, refs[r]);
      hi = std::max(hi, refs[r]);
    }
    if (lo > hi) { lo = y0; hi = y1; }
    pad_range(lo, hi, 0.08);
    y0 = lo;
    y1 = hi;
  }
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = 0;
  spec.x1 = std::max(10, n);
  spec.y0 = y0;
  spec.y1 = y1;
  spec.integer_x = true;
  spec.y_label = title;
  PlotArea a = plot_begin(id, size, spec);
  for (int r = 0; r < nrefs; ++r)
    plot_hline(a, refs[r], with_alpha(col::kBlack, 0.55f), LineStyle::Dotted, ref_labels[r]);
  s.xs.resize(static_cast<std::size_t>(n));
  s.ys.resize(static_cast<std::size_t>(n));
  for (int k = 0; k < count; ++k) {
    int m = 0;
    for (int i = 0; i < n; ++i) {
      const float v = value(h[static_cast<std::size_t>(i)], series[k]);
      if (markers && !(v == v)) continue;  // sparse series (JS): only measured points
      s.xs[static_cast<std::size_t>(m)] = static_cast<float>(i + 1);
      s.ys[static_cast<std::size_t>(m)] = v * series[k].scale;
      ++m;
    }
    plot_line(a, s.xs.data(), s.ys.data(), m, series[k].col, 1.5f, series[k].style);  // decimated to the pixels
    if (markers && m < 80) {
      std::vector<float> xy;
      for (int i = 0; i < m; ++i) {
        xy.push_back(s.xs[static_cast<std::size_t>(i)]);
        xy.push_back(s.ys[static_cast<std::size_t>(i)]);
      }
      plot_scatter(a, xy.data(), m, series[k].col, 2.2f);
    }
  }
  if (legend) plot_legend(a, legend, nlegend, 1);
  const bool hovered = a.hovered && n > 0;
  const double mx = a.mouse_x;
  if (hovered) plot_vline(a, std::round(mx), with_alpha(col::kBlack, 0.5f), LineStyle::Solid);
  plot_end(a);
  p.layout.note(id);  // the chart's rectangle (layout tests)
  if (hovered) {
    const int it = std::clamp(static_cast<int>(std::lround(mx)), 1, n);
    ImGui::BeginTooltip();
    ImGui::Text("%s %d", p.t(S::ChIteration), it);
    for (int k = 0; k < count; ++k) {
      const float v = value(h[static_cast<std::size_t>(it - 1)], series[k]) * series[k].scale;
      const char* name = series[k].name ? series[k].name : legend && k < nlegend ? legend[k].label : title;
      if (v == v) ImGui::TextColored(to_vec4(series[k].col), "%s", fmt_num(p.lang, "%s = %.4f", name, v).c_str());
      else ImGui::TextDisabled("%s = —", name);
    }
    ImGui::EndTooltip();
  }
}

// A point lesson's compared runs: each run in its colour (col::kGanRuns); the
// losses D solid and G dashed, the mean outputs on real solid and on fakes
// dashed, the JS divergence of each run. The legend names the runs.
template <class Next>
void compare_charts(PlayerImpl& p, ChartsState& s, ImVec2 size, int runs, bool gan, int count, Next next) {
  std::vector<std::string> labels, shorts;  // "run 2 (objective=…)" in read-outs, "run 2" in the small legends
  for (int r = 0; r < runs; ++r) {
    labels.push_back(run_label(p, r));
    char buf[40];
    std::snprintf(buf, sizeof buf, p.t(S::RunShort), r + 1);
    shorts.push_back(buf);
  }
  std::vector<std::string> names;  // the hover read-out's labels: "loss_d · run 2 (…)"
  for (const char* what : {"loss_d", "loss_g", "D(x)", "D(G(z))", "JS", "modes", "hq"})
    for (int r = 0; r < runs; ++r) names.push_back(std::string(what) + " · " + labels[static_cast<std::size_t>(r)]);
  auto name = [&](int what, int r) { return names[static_cast<std::size_t>(what * runs + r)].c_str(); };
  std::vector<LegendEntry> legend;
  for (int r = 0; r < runs; ++r) legend.push_back({shorts[static_cast<std::size_t>(r)].c_str(), gan_run_colour(r)});
  std::vector<Series> losses, outputs, js, cover;
  for (int r = 0; r < runs; ++r) {
    const ImU32 c = gan_run_colour(r);
    losses.push_back({&RunFigures::loss_d, c, 1.0f, LineStyle::Solid, r, name(0, r)});
    losses.push_back({&RunFigures::loss_g, c, 1.0f, LineStyle::Dashed, r, name(1, r)});
    outputs.push_back({&RunFigures::d_real, c, 1.0f, LineStyle::Solid, r, name(2, r)});
    outputs.push_back({&RunFigures::d_fake, c, 1.0f, LineStyle::Dashed, r, name(3, r)});
    js.push_back({&RunFigures::js, c, 1.0f, LineStyle::Solid, r, name(4, r)});
    cover.push_back({&RunFigures::modes, c, 1.0f, LineStyle::Solid, r, name(5, r)});
    cover.push_back({&RunFigures::hq, c, 1.0f, LineStyle::Dashed, r, name(6, r)});
  }
  const double ln2[] = {kLn2}, half[] = {0.5};
  const char* ln2_label[] = {"ln 2"};
  const char* half_label[] = {p.t(S::ChHalf)};
  const std::string loss_title = std::string(p.t(S::ChLosses)) + " (D —, G - -)";
  chart(p, s, "##losses", loss_title.c_str(), size, losses.data(), legend.data(), 2 * runs, runs, 0, 1.5, true, ln2,
        ln2_label, gan ? 1 : 0, false);
  next();
  const std::string out_title = std::string(p.t(gan ? S::ChOutputs : S::ChScores)) + " (x —, G(z) - -)";
  chart(p, s, "##outputs", out_title.c_str(), size, outputs.data(), legend.data(), 2 * runs, runs, 0, 1, true, half,
        half_label, gan ? 1 : 0, false);
  if (count == 2) return;
  next();
  chart(p, s, "##js", p.t(S::ChJs), size, js.data(), legend.data(), runs, runs, 0, 0.75, false, ln2, ln2_label, 1, true);
  if (count < 4) return;
  next();
  const double all[] = {1.0};
  const char* all_label[] = {p.t(S::ChAllModes)};
  const std::string title = std::string(p.t(S::ChModes)) + " (modes —, hq - -)";
  chart(p, s, "##modes", title.c_str(), size, cover.data(), legend.data(), 2 * runs, runs, 0, 1.05, false, all,
        all_label, 1, true);
}

}  // namespace

void panel_charts(PlayerImpl& p, ChartsState& s) {
  begin_panel(p, S::WinCharts, "charts", p.layout.rects.of(lessons::Panel::Charts), p.layout.place);
  const bool gan_main = p.kind() != run::RunKind::Point || p.trainer().config().objective == Objective::Gan;
  if (gan_main) {
    ImGui::Checkbox(p.t(S::ChShowV), &s.show_v);
    ImGui::SameLine();
    ImGui::TextDisabled("· %s", p.t(S::ChNote));
  } else {
    char note[300];
    std::snprintf(note, sizeof note, p.t(S::ChNoteCritic), objective_name(p.trainer().config().objective));
    ImGui::TextDisabled("%s", note);
  }
  ImGui::PushFont(p.fonts.small);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  // No JS divergence for images; mode coverage for data with modes.
  const int modes = p.session.run().mode_count();
  const int count = p.kind() == run::RunKind::Image ? 2 : modes > 0 ? 4 : 3;
  // Side by side when each is at least 14 font sizes wide; four in two
  // columns of at least 20; else one under the other (a phone).
  const float font = ImGui::GetFontSize();
  auto width = [&](int columns) { return (avail.x - (columns - 1) * gap) / columns; };
  const int columns = width(count) >= font * 14.0f ? count : count == 4 && width(2) >= font * 20.0f ? 2 : 1;
  const int rows = (count + columns - 1) / columns;
  const float vgap = ImGui::GetStyle().ItemSpacing.y;
  const ImVec2 size((avail.x - (columns - 1) * gap) / columns,
                    rows == 1 ? avail.y : std::max(ImGui::GetFontSize() * 8.0f, (avail.y - (rows - 1) * vgap) / rows));
  int drawn = 0;
  auto next = [&] {  // after each chart but the last
    if (++drawn % columns != 0) ImGui::SameLine();
  };

  const int runs = p.kind() == run::RunKind::Point ? run_count(p) : 1;
  const Objective objective = p.kind() == run::RunKind::Point ? p.trainer().config().objective : Objective::Gan;
  const bool gan = objective == Objective::Gan;
  if (runs > 1) {
    compare_charts(p, s, size, runs, gan, count, next);
    ImGui::PopFont();
    ImGui::End();
    return;
  }
  const Series losses[] = {{&HistoryPoint::loss_d, col::kD, 1.0f, LineStyle::Solid},
                           {&HistoryPoint::loss_g, col::kFake, 1.0f, LineStyle::Solid},
                           {&HistoryPoint::loss_d, col::kBlack, -2.0f, LineStyle::Dashed}};
  const LegendEntry loss_legend[] = {{p.t(gan ? S::ChLossD : S::ChLossDObj), col::kD},
                                     {p.t(S::ChLossG), col::kFake},
                                     {p.t(S::ChV), col::kBlack, LineStyle::Dashed}};
  const double loss_refs[] = {kLn2, -2 * kLn2};
  const char* loss_labels[] = {p.t(S::ChLn2), p.t(S::ChLn4)};
  const int nloss = gan && s.show_v ? 3 : 2;  // V(D,G) and ln 2 belong to the log loss
  chart(p, s, "##losses", p.t(S::ChLosses), size, losses, loss_legend, nloss, nloss, 0, 1.5, true, loss_refs,
        loss_labels, !gan ? 0 : s.show_v ? 2 : 1, false);
  next();
  const Series outputs[] = {{&HistoryPoint::d_real, col::kReal, 1.0f, LineStyle::Solid},
                            {&HistoryPoint::d_fake, col::kFake, 1.0f, LineStyle::Solid}};
  const LegendEntry out_legend[] = {{p.t(gan ? S::ChDReal : S::ChDRealF), col::kReal},
                                    {p.t(gan ? S::ChDFake : S::ChDFakeF), col::kFake}};
  const double half[] = {0.5};
  const char* half_label[] = {p.t(S::ChHalf)};
  // A probability on [0, 1] with ½; a critic's scores on their own range.
  chart(p, s, "##outputs", p.t(gan ? S::ChOutputs : S::ChScores), size, outputs, out_legend, 2, 2, 0, 1, !gan, half,
        half_label, gan ? 1 : 0, false);
  if (count == 2) {
    ImGui::PopFont();
    ImGui::End();
    return;
  }
  next();
  const Series js[] = {{&HistoryPoint::js, col::kPurple, 1.0f, LineStyle::Solid}};
  const double ln2[] = {kLn2};
  const char* ln2_label[] = {"ln 2"};
  chart(p, s, "##js", p.t(S::ChJs), size, js, nullptr, 1, 0, 0, 0.75, false, ln2, ln2_label, 1, true);
  if (count == 4) {
    next();
    const Series cover[] = {{&HistoryPoint::modes, col::kReal, 1.0f, LineStyle::Solid},
                            {&HistoryPoint::hq, col::kFake, 1.0f, LineStyle::Solid}};
    const std::string modes_label = fmt_num(p.lang, p.t(S::ChModesShare), modes);
    const LegendEntry cover_legend[] = {{modes_label.c_str(), col::kReal}, {p.t(S::ChHq), col::kFake}};
    const double all[] = {1.0};
    const char* all_label[] = {p.t(S::ChAllModes)};
    chart(p, s, "##modes", p.t(S::ChModes), size, cover, cover_legend, 2, 2, 0, 1.05, false, all, all_label, 1, true);
  }
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace ganstep::ui
