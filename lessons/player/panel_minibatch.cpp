// The current minibatch, row by row: noise z, the sample (x or G(z)), D's
// output and the per-sample loss; "—" where the phase that fills a column
// has not run yet in this step.
#include <cstdio>
#include <string>

#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

// A row of z, x or G(z); coordinates separated by "; " in pt (the decimal comma).
std::string vec(Lang lang, const Tensor2& m, std::size_t row) {
  const std::size_t d = m.shape()[1];
  if (d == 1) return fmt_num(lang, "%.3f", static_cast<double>(m.data()[row]));
  const char* two = lang == Lang::Pt ? "%.2f; %.2f" : "%.2f, %.2f";
  const char* more = lang == Lang::Pt ? "%.2f; %.2f; …" : "%.2f, %.2f, …";
  return fmt_num(lang, d == 2 ? two : more, static_cast<double>(m.data()[row * d]), static_cast<double>(m.data()[row * d + 1]));
}

bool has_row(const Tensor2& m, std::size_t row) { return row < m.shape()[0]; }

}  // namespace

void panel_minibatch(PlayerImpl& p) {
  begin_panel(p, S::WinMinibatch, "minibatch", p.layout.rects.of(lessons::Panel::Minibatch), p.layout.place);
  const Trainer& t = p.trainer();
  const BatchState bs = batch_state(t);
  if (!bs.any) {
    ImGui::TextWrapped("%s", p.t(S::MbEmpty));
    ImGui::End();
    return;
  }
  const Batch& b = t.batch();
  const int last = bs.last;
  if (bs.g_step) ImGui::Text(p.t(S::MbGStep), static_cast<long long>(t.iteration() + (last == 8 ? 0 : 1)));
  else {
    const int j = last == static_cast<int>(Phase::UpdateD) ? t.dstep() : t.dstep() + 1;
    ImGui::Text(p.t(S::MbDStep), j, t.config().k, static_cast<long long>(t.iteration() + 1));
  }
  ImGui::TextDisabled(p.t(S::MbAfter), phase_text(p.lang, last));

  const int first = bs.g_step ? static_cast<int>(Phase::SampleNoiseG) : 0;
  const bool has_x = !bs.g_step && last >= static_cast<int>(Phase::SampleData);
  const bool has_fwd = last >= first + (bs.g_step ? 1 : 2);
  const bool has_loss = last >= first + (bs.g_step ? 2 : 3);
  const std::size_t m = static_cast<std::size_t>(bs.m);
  const std::size_t rows = bs.g_step ? m : 2 * m;

  ImGui::PushFont(p.fonts.small);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("##mb", 6, flags, ImGui::GetContentRegionAvail())) {
    ImGui::TableSetupScrollFreeze(0, 1);
    const float fs = ImGui::GetFontSize();
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, fs * 1.9f);
    ImGui::TableSetupColumn(p.t(S::MbSet), ImGuiTableColumnFlags_WidthFixed, fs * 2.4f);
    ImGui::TableSetupColumn("z", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("x / G(z)", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(d_outputs_probability(t.config().objective) ? "D(·)" : "f(·)", ImGuiTableColumnFlags_WidthFixed, fs * 3.0f);
    ImGui::TableSetupColumn(p.t(S::MbLoss), ImGuiTableColumnFlags_WidthFixed, fs * 3.0f);
    ImGui::TableHeadersRow();
    const char* none = p.t(S::MbNotYet);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const std::size_t i = static_cast<std::size_t>(r);
        const bool real = !bs.g_step && i < m;
        const std::size_t k = real ? i : (bs.g_step ? i : i - m);  // row within x or z / G(z)
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", r + 1);
        ImGui::TableNextColumn();
        ImGui::TextColored(to_vec4(real ? col::kReal : col::kFake), "%s", real ? p.t(S::Real) : p.t(S::Fake));
        ImGui::TableNextColumn();
        if (!real && has_row(b.z, k)) ImGui::TextUnformatted(vec(p.lang, b.z, k).c_str());
        else ImGui::TextDisabled("%s", none);
        ImGui::TableNextColumn();
        if (real && has_x && has_row(b.x, k)) ImGui::TextUnformatted(vec(p.lang, b.x, k).c_str());
        else if (!real && has_fwd && has_row(b.g_z, k)) ImGui::TextUnformatted(vec(p.lang, b.g_z, k).c_str());
        else ImGui::TextDisabled("%s", none);
        ImGui::TableNextColumn();
        if (has_fwd && has_row(b.d_prob, i)) ImGui::TextUnformatted(fmt_num(p.lang, "%.4f", b.d_prob.data()[i]).c_str());
        else ImGui::TextDisabled("%s", none);
        ImGui::TableNextColumn();
        if (has_loss && has_row(b.loss, i)) ImGui::TextUnformatted(fmt_num(p.lang, "%.4f", b.loss.data()[i]).c_str());
        else ImGui::TextDisabled("%s", none);
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace ganstep::ui
