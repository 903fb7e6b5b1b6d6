// A style-based G's latent spaces Z and W (engine/gan/disentangle.h, measured
// where the run is: run::RunHost, once per trained state while paused):
//   projection     2-D PCA scatters of 2,000 codes z and their w, each point
//                  coloured by the digit the classifier sees in G(z); the
//                  linear separability of the digits in each space
//   interpolation  G along a line between the same two codes in Z (slerp) and
//                  in W (lerp), one row each; the perceptual path lengths
// The panels only draw what came (ImageState's dis fields).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lessons/player/panel_image.h"
#include "lessons/player/player_impl.h"
#include "lessons/player/plot.h"

namespace ganstep::ui {
namespace {

// One colour per digit (Tableau 10): the points' labels, never named in texts (the legend shows the digits).
constexpr ImU32 kDigitColours[10] = {
    IM_COL32(0x1F, 0x77, 0xB4, 0xFF), IM_COL32(0xFF, 0x7F, 0x0E, 0xFF), IM_COL32(0x2C, 0xA0, 0x2C, 0xFF),
    IM_COL32(0xD6, 0x27, 0x28, 0xFF), IM_COL32(0x94, 0x67, 0xBD, 0xFF), IM_COL32(0x8C, 0x56, 0x4B, 0xFF),
    IM_COL32(0xE3, 0x77, 0xC2, 0xFF), IM_COL32(0x7F, 0x7F, 0x7F, 0xFF), IM_COL32(0xBC, 0xBD, 0x22, 0xFF),
    IM_COL32(0x17, 0xBE, 0xCF, 0xFF)};

// Whether the measures can be drawn; otherwise a line saying why not (or that they are on their way).
bool measured(PlayerImpl& p, const ImageState& s) {
  if (!has_style_layer(p.image_run().spec())) {
    ImGui::TextWrapped("%s", p.t(S::StyNotStyle));
    return false;
  }
  const bool fresh = s.dis_version == p.session.version();
  if (s.dis.labels.empty()) {
    if (!s.dis_note.empty() && fresh) ImGui::TextWrapped("%s", s.dis_note.c_str());
    else if (!s.judge.ready) ImGui::TextWrapped("%s", p.t(S::DisWaitJudge));
    else if (p.play.playing) ImGui::TextWrapped("%s", p.t(S::DisPaused));
    else ImGui::TextWrapped(p.t(S::DisMeasuring), static_cast<long long>(p.image_run().iteration()));
    return false;
  }
  ImGui::PushFont(p.fonts.small);
  ImGui::TextDisabled(p.t(fresh ? S::DisAtFmt : S::DisOldFmt), static_cast<long long>(s.dis_iteration));
  ImGui::PopFont();
  return true;
}

// The rows' projection (n, 2) coloured by label, in a square plot of `size`.
void scatter(PlayerImpl& p, const char* id, const char* space, const Tensor2& xy,
             const std::vector<std::uint8_t>& labels, double explained, ImVec2 size) {
  const std::size_t n = std::min<std::size_t>(xy.shape()[0], labels.size());
  double extent = 1e-6;
  for (std::size_t i = 0; i < n; ++i) extent = std::max({extent, std::fabs(double(xy(i, 0))), std::fabs(double(xy(i, 1)))});
  PlotSpec spec;
  spec.decimal_comma = p.lang == Lang::Pt;
  spec.x0 = spec.y0 = -extent * 1.05;
  spec.x1 = spec.y1 = extent * 1.05;
  spec.equal_aspect = true;
  const std::string title = fmt_num(p.lang, p.t(S::DisSpaceFmt), space, 100.0 * explained);
  spec.x_label = "PC 1";
  spec.y_label = title.c_str();
  PlotArea a = plot_begin(id, size, spec);
  std::vector<float> pts;
  for (int d = 0; d < 10; ++d) {  // one digit at a time (its colour), in a fixed order
    pts.clear();
    for (std::size_t i = 0; i < n; ++i)
      if (labels[i] == d) {
        pts.push_back(xy(i, 0));
        pts.push_back(xy(i, 1));
      }
    plot_scatter(a, pts.data(), static_cast<int>(pts.size() / 2), with_alpha(kDigitColours[d], 0.75f), 2.2f);
  }
  if (a.hovered) {  // the nearest point's digit
    double best = 1e300;
    int digit = -1;
    for (std::size_t i = 0; i < n; ++i) {
      const double dx = xy(i, 0) - a.mouse_x, dy = xy(i, 1) - a.mouse_y, d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        digit = labels[i];
      }
    }
    if (digit >= 0 && std::sqrt(best) < extent * 0.05) ImGui::SetTooltip(p.t(S::DisPointTip), digit);
  }
  plot_end(a);
}

}  // namespace

void panel_projection(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinProjection, "projection", r, p.layout.place)) {
    if (measured(p, s)) {
      const Disentanglement& d = s.dis;
      const std::string sep = fmt_num(p.lang, p.t(S::DisSeparabilityFmt), 100.0 * d.separability_z,
                                      100.0 * d.separability_w, 100.0 * d.chance);
      ImGui::TextWrapped("%s", sep.c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::DisSeparabilityTip));
      // The digits' colours: the digits written in them.
      ImGui::PushFont(p.fonts.small);
      for (int k = 0; k < 10; ++k) {
        if (k > 0) ImGui::SameLine();
        ImGui::TextColored(to_vec4(kDigitColours[k]), "%d", k);
      }
      ImGui::PopFont();
      // Z and W side by side on a wide panel, one above the other on a tall one.
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      const bool side = avail.x >= avail.y;
      const float gap = ImGui::GetStyle().ItemSpacing.x;
      const ImVec2 one = side ? ImVec2(0.5f * (avail.x - gap), avail.y) : ImVec2(avail.x, 0.5f * (avail.y - gap));
      ImGui::PushFont(p.fonts.small);
      scatter(p, "##pca_z", "Z", d.z_pca, d.labels, d.z_explained, one);
      if (side) ImGui::SameLine();
      scatter(p, "##pca_w", "W", d.w_pca, d.labels, d.w_explained, one);
      ImGui::PopFont();
    }
  }
  ImGui::End();
}

void panel_interpolation(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinInterpolation, "interpolation", r, p.layout.place)) {
    if (measured(p, s)) {
      const Disentanglement& d = s.dis;
      ImGui::TextWrapped("%s", fmt_num(p.lang, p.t(S::DisPplFmt), d.ppl_z, d.ppl_w).c_str());
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::DisPplTip));
      // Two rows of images with their labels in a column on the left.
      const float label_w = std::max(ImGui::CalcTextSize(p.t(S::DisRowZ)).x, ImGui::CalcTextSize(p.t(S::DisRowW)).x) +
                            ImGui::GetStyle().ItemSpacing.x;
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      const float scale = fit_scale(s.interp, avail.x - label_w, avail.y);
      const ImVec2 at = ImGui::GetCursorScreenPos();
      ImGui::SetCursorScreenPos(ImVec2(at.x + label_w, at.y));
      draw_strip(p, s.interp, scale);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const S rows[2] = {S::DisRowZ, S::DisRowW};
      for (int i = 0; i < 2 && !s.interp.rgba.empty(); ++i) {
        const float y = at.y + (1 + i * (s.interp.side_h + 1) + 0.5f * s.interp.side_h) * scale - 0.5f * ImGui::GetFontSize();
        dl->AddText(ImVec2(at.x, y), ImGui::GetColorU32(ImGuiCol_Text), p.t(rows[i]));
      }
    }
  }
  ImGui::End();
}

}  // namespace ganstep::ui
