// The course's log-loss table for the current minibatch: one row per sample
// (ID, actual class, predicted probability, corrected probability,
// log(corrected)) and the negative mean, which equals D's loss (ln) exactly.
#include <cmath>
#include <cstdio>
#include <vector>

#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

// Rebuilds the table when the state or the base changed. kind: see LogLossState.
void rebuild(PlayerImpl& p, LogLossState& s) {
  const Trainer& t = p.trainer();
  const BatchState bs = batch_state(t);
  const Batch& b = t.batch();
  s.kind = 0;
  s.table = LogLossTable{};
  if (!bs.any) return;
  if (!bs.g_step && bs.last >= static_cast<int>(Phase::ForwardD)) {
    const int n = static_cast<int>(b.d_prob.shape()[0]);
    if (b.targets.shape()[0] != b.d_prob.shape()[0] || b.d_logits.shape()[0] != b.d_prob.shape()[0]) return;
    s.table = log_loss_table(b.d_prob.data(), b.targets.data(), n, s.base, b.d_logits.data());
    s.kind = 1;
  } else if (bs.g_step && bs.last >= static_cast<int>(Phase::ForwardG)) {
    const int n = static_cast<int>(b.d_prob.shape()[0]);
    if (b.d_logits.shape()[0] != b.d_prob.shape()[0]) return;
    const bool minimax = t.config().g_loss == GLoss::Minimax;
    std::vector<float> labels(static_cast<std::size_t>(n), minimax ? 0.0f : 1.0f);
    s.table = log_loss_table(b.d_prob.data(), labels.data(), n, s.base, b.d_logits.data());
    s.kind = minimax ? 3 : 2;
  }
}

}  // namespace

void panel_logloss(PlayerImpl& p, LogLossState& s) {
  begin_panel(p, S::WinLogLoss, "logloss", p.layout.rects.of(lessons::Panel::Logloss), p.layout.place);
  if (s.version != p.session.version() || s.built_base != s.base) {
    rebuild(p, s);
    s.version = p.session.version();
    s.built_base = s.base;
  }
  const Trainer& t = p.trainer();
  const BatchState bs = batch_state(t);
  if (!d_outputs_probability(t.config().objective)) {  // a critic's score is no probability: no log loss
    const char* o = objective_name(t.config().objective);
    char note[600];
    std::snprintf(note, sizeof note, p.t(S::LlNotLogLoss), o, o);
    ImGui::TextWrapped("%s", note);
    ImGui::End();
    return;
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::LlBase));
  ImGui::SameLine();
  int base = s.base == LogBase::E ? 0 : 1;
  if (ImGui::RadioButton(p.t(S::LlNatural), base == 0)) s.base = LogBase::E;
  ImGui::SameLine();
  if (ImGui::RadioButton(p.t(S::LlTen), base == 1)) s.base = LogBase::Ten;
  if (s.kind == 0) {
    ImGui::TextWrapped("%s", p.t(S::LlWaitForward));
    ImGui::End();
    return;
  }
  ImGui::PushFont(p.fonts.small);
  if (s.kind == 2) ImGui::TextWrapped("%s", p.t(S::LlGStepNonSat));
  else if (s.kind == 3) ImGui::TextWrapped("%s", p.t(S::LlGStepMinimax));
  else ImGui::TextDisabled("%s", p.t(S::LlCorrectedRule));

  const char* bl = log_base_label(s.table.base);
  char log_header[48];
  std::snprintf(log_header, sizeof log_header, "%s(%s)", bl, p.t(S::LlCorrected));
  const float footer = ImGui::GetTextLineHeightWithSpacing() * 2.3f;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.y -= footer;
  if (ImGui::BeginTable("##ll", 5, flags, size)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(p.t(S::LlId), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 2.2f);
    ImGui::TableSetupColumn(p.t(S::LlActual), ImGuiTableColumnFlags_WidthStretch, 0.6f);
    ImGui::TableSetupColumn(p.t(S::LlPredicted), ImGuiTableColumnFlags_WidthStretch, 0.9f);
    ImGui::TableSetupColumn(p.t(S::LlCorrected), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(log_header, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    const int m = bs.m;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(s.table.rows.size()));
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        const LogLossRow& row = s.table.rows[static_cast<std::size_t>(r)];
        const bool real = s.kind == 1 && r < m;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", row.id);
        ImGui::TableNextColumn();
        ImGui::TextColored(to_vec4(real ? col::kReal : col::kFake), "%d", row.actual);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(fmt_num(p.lang, "%.4f", row.predicted).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(fmt_num(p.lang, "%.4f", row.corrected).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(fmt_num(p.lang, "%.5f", row.log_corrected).c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();

  // The footer: the negative mean, checked against the engine's loss.
  char buf[200];
  std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(S::LlNegMean), bl, s.table.negative_mean).c_str());
  ImGui::TextUnformatted(buf);
  const StepStats& st = t.stats();
  if (s.kind == 1 && bs.last >= static_cast<int>(Phase::LossD)) {
    double nats = s.table.negative_mean;
    if (s.base == LogBase::Ten) nats *= std::log(10.0);
    const bool equal = std::abs(nats - st.loss_d) <= 1e-5 * std::max(1.0, std::abs(st.loss_d));
    if (s.base == LogBase::E) std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(equal ? S::LlEqualsLossD : S::LlDiffers), st.loss_d).c_str());
    else std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(S::LlInNats), nats, st.loss_d).c_str());
    ImGui::TextColored(to_vec4(equal ? col::kOk : col::kError), "%s", buf);
  } else if (s.kind >= 2 && bs.last >= static_cast<int>(Phase::LossG)) {
    std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(S::LlEqualsLossG), st.loss_g).c_str());
    ImGui::TextColored(to_vec4(col::kOk), "%s", buf);
  }
  ImGui::End();
}

}  // namespace ganstep::ui
