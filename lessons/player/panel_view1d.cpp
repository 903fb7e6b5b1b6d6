// The 1-D view, the paper's Figure 1 live: p_data, p_g, D(x) and D*(x) over
// x, and below it the z axis with lines z -> x = G(z).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "lessons/player/plot.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

void panel_view1d(PlayerImpl& p, View1dState& s) {
  begin_panel(p, S::WinView1d, "view", p.layout.rects.of(lessons::Panel::View1d), p.layout.place);
  const View1dData& v = p.views.v1;
  const Trainer& t = p.trainer();
  const Objective objective = t.config().objective;
  const bool critic = !d_outputs_probability(objective);
  const DOptimum optimum = d_optimum(objective);
  const int runs = run_count(p);
  ImGui::Checkbox(p.t(S::PData), &s.data);
  p.layout.note("view:p_data");
  flow_checkbox(p, "view:p_g", p.t(S::PG), &s.gen);
  flow_checkbox(p, "view:d", p.t(critic ? S::CriticCurve : S::DCurve), &s.d);
  ImGui::BeginDisabled(optimum == DOptimum::None);
  flow_checkbox(p, "view:d_star", "D*(x)", &s.d_star);
  ImGui::EndDisabled();
  if (optimum == DOptimum::None && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", p.t(S::NoOptimum));
  flow_checkbox(p, "view:mapping", "z → x", &s.mapping);
  flow_checkbox(p, "view:minibatch", p.t(S::Minibatch), &s.minibatch);
  if (!p.views.valid || v.xs.empty()) {
    ImGui::End();
    return;
  }

  ImGui::PushFont(p.fonts.small);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetFontSize();
  const float strip = s.mapping ? std::clamp(avail.y * 0.24f, fh * 3.5f, fh * 7.0f) : 0.0f;
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = v.x0;
  spec.x1 = v.x1;
  spec.y0 = 0;
  spec.y1 = v.y1;
  spec.y_label = p.t(S::Density);
  spec.right_axis = true;
  spec.r0 = v.d0;  // [0, 1.05] for a probability; a critic's scores span more
  spec.r1 = v.d1;
  spec.r_label = critic ? p.t(S::CriticAxis) : p.t(S::DAxis);
  PlotArea a = plot_begin("##plot1d", ImVec2(avail.x, avail.y - strip), spec);
  const int n = static_cast<int>(v.xs.size());
  if (s.data) {
    plot_fill(a, v.xs.data(), v.p_data.data(), n, with_alpha(col::kReal, 0.16f));
    plot_line(a, v.xs.data(), v.p_data.data(), n, col::kReal, 1.6f, LineStyle::Dotted);
  }
  if (s.gen && v.finite) {
    plot_fill(a, v.xs.data(), v.p_g.data(), n, with_alpha(col::kFake, 0.14f));
    plot_line(a, v.xs.data(), v.p_g.data(), n, col::kFake, 2.0f);
    plot_rug(a, v.rug_gz.data(), static_cast<int>(v.rug_gz.size()), with_alpha(col::kFake, 0.25f), 5.0f);
  }
  // Compared runs' p_g, each in its run's colour (D's curve stays the main run's).
  if (s.gen)
    for (std::size_t r = 0; r < v.p_g_runs.size(); ++r)
      if (v.p_g_runs[r].size() == v.xs.size())
        plot_line(a, v.xs.data(), v.p_g_runs[r].data(), n, gan_run_colour(static_cast<int>(r) + 1), 1.8f);
  if (optimum == DOptimum::Ratio) plot_hline(a, 0.5, with_alpha(col::kBlack, 0.35f), LineStyle::Dotted, "D = 1/2", true);
  else plot_hline(a, 0.0, with_alpha(col::kBlack, 0.35f), LineStyle::Dotted, "f = 0", true);
  if (s.d_star && optimum != DOptimum::None) plot_line(a, v.d_star_x.data(), v.d_star.data(), static_cast<int>(v.d_star.size()), col::kBlack, 1.5f, LineStyle::Dashed, true);
  if (s.d) plot_line(a, v.xs.data(), v.d.data(), n, col::kD, 2.2f, LineStyle::Dashed, true);

  // The current minibatch as dots on the x axis: real x (blue), fake G(z) (vermillion).
  const BatchState bs = batch_state(t);
  const Batch& b = t.batch();
  if (s.minibatch && bs.any) {
    const float y = a.p1.y - 3.0f * a.scale;
    auto dots = [&](const Tensor2& m, ImU32 c, float dy) {
      const int rows = static_cast<int>(m.shape()[0]);
      for (int i = 0; i < rows; ++i) {
        const float px = a.x.to_screen(m.data()[i]);
        a.dl->AddCircleFilled(ImVec2(px, y - dy), 2.6f * a.scale, with_alpha(c, 0.75f), 8);
      }
    };
    if (!bs.g_step && bs.last >= static_cast<int>(Phase::SampleData)) dots(b.x, col::kReal, 0);
    const int fwd = static_cast<int>(bs.g_step ? Phase::ForwardG : Phase::ForwardD);
    if (bs.last >= fwd) dots(b.g_z, col::kFake, 6.0f * a.scale);
  }
  std::vector<std::string> names;  // the legend's labels live here
  std::vector<LegendEntry> legend = {{"p_data", col::kReal, LineStyle::Dotted}};
  if (runs == 1) legend.push_back({"p_g", col::kFake, LineStyle::Solid});
  else
    for (int r = 0; r < runs; ++r) names.push_back("p_g " + run_label(p, r));
  for (int r = 0; r < static_cast<int>(names.size()); ++r)
    legend.push_back({names[static_cast<std::size_t>(r)].c_str(), gan_run_colour(r), LineStyle::Solid});
  legend.push_back({critic ? p.t(S::CriticCurve) : "D(x)", col::kD, LineStyle::Dashed});
  if (optimum != DOptimum::None)
    legend.push_back({optimum == DOptimum::Sign ? p.t(S::DStarSign) : "D*(x)", col::kBlack, LineStyle::Dashed});
  plot_legend(a, legend.data(), static_cast<int>(legend.size()), 1);
  if (!v.finite) {
    const char* msg = p.t(S::Diverged);
    a.dl->AddText(ImVec2(a.p0.x + 8, a.p0.y + 8), col::kError, msg);
  }
  const bool hovered = a.hovered;
  const double mx = a.mouse_x;
  if (hovered) plot_vline(a, mx, with_alpha(col::kBlack, 0.4f), LineStyle::Solid);
  plot_end(a);

  // The mapping strip: the z axis at the bottom, lines from each z up to G(z) on the x axis.
  if (s.mapping) {
    const ImVec2 c0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(avail.x, strip - ImGui::GetStyle().ItemSpacing.y));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Axis za{v.z0, v.z1, a.p0.x, a.p1.x};
    const float top = c0.y + fh * 0.2f, zline = c0.y + strip - fh * 2.0f;
    for (std::size_t i = 0; i < v.map_z.size(); ++i) {
      const float gx = std::clamp(a.x.to_screen(v.map_gz[i]), a.p0.x - 4.0f, a.p1.x + 4.0f);
      if (!(v.map_gz[i] == v.map_gz[i])) continue;
      dl->AddLine(ImVec2(za.to_screen(v.map_z[i]), zline), ImVec2(gx, top), with_alpha(col::kFake, 0.45f), 1.0f * a.scale);
    }
    dl->AddLine(ImVec2(a.p0.x, zline), ImVec2(a.p1.x, zline), with_alpha(col::kBlack, 0.8f), 1.2f * a.scale);
    for (float zt : {v.z0, 0.5f * (v.z0 + v.z1), v.z1}) {
      const float px = za.to_screen(zt);
      dl->AddLine(ImVec2(px, zline), ImVec2(px, zline + 4.0f * a.scale), col::kBlack);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%g", zt);
      const float tw = ImGui::CalcTextSize(buf).x;
      dl->AddText(ImVec2(std::clamp(px - tw * 0.5f, a.frame0.x, a.frame1.x - tw), zline + 5.0f * a.scale),
                  ImGui::GetColorU32(ImGuiCol_Text), buf);
    }
    const char* zl = t.config().noise_dim == 1 ? "z ~ p_z" : "z₁ ~ p_z";
    dl->AddText(ImVec2(a.frame0.x + 2.0f, zline - fh * 1.25f), ImGui::GetColorU32(ImGuiCol_Text), zl);
    dl->AddText(ImVec2(a.frame0.x + 2.0f, top + fh * 0.2f), col::kFake, "x = G(z)");
    if (t.config().noise_dim != 1 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::NoMapping));
  }
  ImGui::PopFont();

  if (hovered) {
    const float x = static_cast<float>(mx);
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(fmt_num(p.lang, "x = %.3f", x).c_str());
    ImGui::TextColored(to_vec4(col::kReal), "%s", fmt_num(p.lang, "p_data(x) = %.4f", interpolate(v.xs, v.p_data, x)).c_str());
    ImGui::TextColored(to_vec4(col::kFake), "%s", fmt_num(p.lang, "p_g(x) = %.4f", interpolate(v.xs, v.p_g, x)).c_str());
    for (std::size_t r = 0; r < v.p_g_runs.size(); ++r)
      if (v.p_g_runs[r].size() == v.xs.size())
        ImGui::TextColored(to_vec4(gan_run_colour(static_cast<int>(r) + 1)), "%s",
                           (run_label(p, static_cast<int>(r) + 1) + fmt_num(p.lang, ": p_g(x) = %.4f", interpolate(v.xs, v.p_g_runs[r], x))).c_str());
    ImGui::TextColored(to_vec4(col::kD), "%s", fmt_num(p.lang, critic ? "f(x) = %.4f" : "D(x) = %.4f", interpolate(v.xs, v.d, x)).c_str());
    if (optimum != DOptimum::None)
      ImGui::TextUnformatted(fmt_num(p.lang, "D*(x) = %.4f", interpolate(v.d_star_x, v.d_star, x)).c_str());
    ImGui::EndTooltip();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
