// The 2-D view: real and fake samples over D's decision map, the push on
// each fake sample of the last G-step (−∇ of G's loss), and G applied to a
// regular z grid (noise dimension 2). Its draw mode (draw_data.cpp) draws
// the data with the mouse.
#include <algorithm>
#include <string>
#include <vector>

#include "lessons/player/plot.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

void panel_view2d(PlayerImpl& p, View2dState& s) {
  begin_panel(p, S::WinView2d, "view", p.layout.rects.of(lessons::Panel::View2d), p.layout.place);
  const View2dData& v = p.views.v2;
  const Trainer& t = p.trainer();
  ImGui::Checkbox(p.t(S::Real), &s.real);
  p.layout.note("view:real");
  flow_checkbox(p, "view:fake", p.t(S::Fake), &s.fake);
  flow_checkbox(p, "view:dmap", p.t(S::DMap), &s.dmap);
  flow_checkbox(p, "view:arrows", p.t(S::Arrows), &s.arrows);
  ImGui::BeginDisabled(t.config().noise_dim != 2);
  flow_checkbox(p, "view:warp", p.t(S::Warp), &s.warp);
  ImGui::EndDisabled();
  flow_checkbox(p, "view:minibatch", p.t(S::Minibatch), &s.minibatch);
  DrawState& draw = p.draw;
  flow(ImGui::CalcTextSize(p.t(S::Draw)).x + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x);
  draw_tools(p, draw);
  const bool drawing = draw.on && p.kind() == run::RunKind::Point && !p.locked("data");
  if (!p.views.valid || v.dmap.empty()) {
    ImGui::End();
    return;
  }

  ImGui::PushFont(p.fonts.small);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = drawing ? draw.lo[0] : v.lo[0];  // while drawing, the ranges stay put
  spec.x1 = drawing ? draw.hi[0] : v.hi[0];
  spec.y0 = drawing ? draw.lo[1] : v.lo[1];
  spec.y1 = drawing ? draw.hi[1] : v.hi[1];
  spec.equal_aspect = true;
  spec.grid = !s.dmap;
  PlotArea a = plot_begin("##plot2d", avail, spec);
  p.layout.note("plot2d");
  // The next refresh fits the ranges to this plot's shape.
  p.views.aspect = (a.p1.x - a.p0.x) / std::max(1.0f, a.p1.y - a.p0.y);

  if (s.dmap) plot_heatmap(a, v.dmap.data(), v.nx, v.ny, v.lo[0], v.hi[0], v.lo[1], v.hi[1], dmap_colour);
  if (s.warp && v.warp_lines > 0) {
    std::vector<ImVec2> pts;
    for (int l = 0; l < v.warp_lines; ++l) {
      pts.clear();
      for (int i = 0; i < v.warp_points; ++i) {
        const float* q = &v.warp_xy[2 * (static_cast<std::size_t>(l) * v.warp_points + i)];
        pts.emplace_back(a.x.to_screen(q[0]), a.y.to_screen(q[1]));
      }
      a.dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(0x40, 0x40, 0x48, 0x60), 0, 1.0f * a.scale);
    }
  }
  const int nr = static_cast<int>(v.real_xy.size() / 2), nf = static_cast<int>(v.fake_xy.size() / 2);
  if (s.real) plot_scatter(a, v.real_xy.data(), nr, with_alpha(col::kReal, 0.55f), 1.9f);
  if (s.fake && v.finite) plot_scatter(a, v.fake_xy.data(), nf, with_alpha(col::kFake, 0.6f), 1.9f);
  if (s.fake)  // compared runs' samples, each in its run's colour (D's map stays the main run's)
    for (std::size_t r = 0; r < v.fake_runs.size(); ++r)
      plot_scatter(a, v.fake_runs[r].data(), static_cast<int>(v.fake_runs[r].size() / 2),
                   with_alpha(gan_run_colour(static_cast<int>(r) + 1), 0.6f), 1.9f);

  // The current minibatch, outlined; after a G update, arrows along −∇ (where G moves each sample).
  const BatchState bs = batch_state(t);
  const Batch& b = t.batch();
  if (s.minibatch && bs.any) {
    if (!bs.g_step && bs.last >= static_cast<int>(Phase::SampleData) && b.x.shape()[1] == 2)
      plot_scatter(a, b.x.data(), static_cast<int>(b.x.shape()[0]), col::kReal, 2.6f, IM_COL32_WHITE);
    const int fwd = static_cast<int>(bs.g_step ? Phase::ForwardG : Phase::ForwardD);
    if (bs.last >= fwd && b.g_z.shape()[1] == 2)
      plot_scatter(a, b.g_z.data(), static_cast<int>(b.g_z.shape()[0]), col::kFake, 2.6f, IM_COL32_WHITE);
  }
  const bool grads = bs.g_step && bs.last == static_cast<int>(Phase::UpdateG) &&
                     b.g_grad.shape()[0] == b.g_z.shape()[0] && b.g_grad.shape()[1] == 2;
  if (s.arrows && grads) {
    std::vector<float> push(b.g_grad.begin(), b.g_grad.end());
    for (float& g : push) g = -g;
    plot_arrows(a, b.g_z.data(), push.data(), static_cast<int>(b.g_z.shape()[0]), IM_COL32(0x20, 0x20, 0x20, 0xD0), 26.0f);
  }
  const int runs = run_count(p);
  std::vector<std::string> names;  // the legend's labels live here
  for (int r = 0; r < runs && runs > 1; ++r) names.push_back("G(z) " + run_label(p, r));
  std::vector<LegendEntry> legend = {{p.t(S::RealSamples), col::kReal, LineStyle::Solid, true}};
  if (runs == 1) legend.push_back({p.t(S::FakeSamples), col::kFake, LineStyle::Solid, true});
  for (int r = 0; r < static_cast<int>(names.size()); ++r)
    legend.push_back({names[static_cast<std::size_t>(r)].c_str(), gan_run_colour(r), LineStyle::Solid, true});
  if (s.arrows && grads) legend.push_back({p.t(S::Arrows), col::kBlack});
  if (s.warp && v.warp_lines > 0) legend.push_back({p.t(S::Warp), IM_COL32(0x40, 0x40, 0x48, 0x90)});
  plot_legend(a, legend.data(), static_cast<int>(legend.size()), 0);
  const Objective objective = t.config().objective;
  const bool critic = !d_outputs_probability(objective);
  if (s.dmap && !critic) plot_colourbar(a, dmap_colour, p.t(S::SaysFake), p.t(S::SaysReal));
  if (s.dmap && critic) {  // the map shows the critic's score on [map_lo, map_hi]
    const bool w = objective == Objective::WganGp;
    const std::string lo = fmt_num(p.lang, p.t(w ? S::MapLowW : S::MapLow), static_cast<double>(v.map_lo));
    const std::string hi = fmt_num(p.lang, p.t(w ? S::MapHighW : S::MapHigh), static_cast<double>(v.map_hi));
    plot_colourbar(a, dmap_colour, lo.c_str(), hi.c_str());
  }
  if (!v.finite) a.dl->AddText(ImVec2(a.p0.x + 8, a.p1.y - 24), col::kError, p.t(S::Diverged));
  if (drawing) draw_strokes(p, draw, a);
  const bool hovered = a.hovered && !drawing;
  const double mx = a.mouse_x, my = a.mouse_y;
  plot_end(a);
  ImGui::PopFont();

  if (hovered) {
    Tensor2 q = Tensor2::from_shape({std::size_t{1}, std::size_t{2}});
    q.data()[0] = static_cast<float>(mx);
    q.data()[1] = static_cast<float>(my);
    Tensor2 d;
    t.discriminate(q, d);
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(fmt_num(p.lang, p.lang == Lang::Pt ? "x = (%.3f; %.3f)" : "x = (%.3f, %.3f)", mx, my).c_str());
    ImGui::TextColored(to_vec4(col::kD), "%s", fmt_num(p.lang, critic ? "f(x) = %.4f" : "D(x) = %.4f", static_cast<double>(d.data()[0])).c_str());
    ImGui::EndTooltip();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
