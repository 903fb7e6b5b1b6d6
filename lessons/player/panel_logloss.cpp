// The course's log-loss table: for the current minibatch (one row per sample:
// ID, actual class, predicted probability, corrected probability,
// log(corrected), and the negative mean, which equals D's loss (ln) exactly),
// or the lesson's worked table ([view.logloss] rows) with cells the student
// fills in. V(D,G) under it when the lesson asks (show_v).
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

void base_buttons(PlayerImpl& p, LogLossState& s) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::LlBase));
  ImGui::SameLine();
  if (ImGui::RadioButton(p.t(S::LlNatural), s.base == LogBase::E)) s.base = LogBase::E;
  ImGui::SameLine();
  if (ImGui::RadioButton(p.t(S::LlTwo), s.base == LogBase::Two)) s.base = LogBase::Two;
  ImGui::SameLine();
  if (ImGui::RadioButton(p.t(S::LlTen), s.base == LogBase::Ten)) s.base = LogBase::Ten;
}

// A blank cell: a field, tinted green when right and red when wrong. Returns 1 when right.
int blank_cell(PlayerImpl& p, std::array<char, 24>& typed, double value, double tolerance, int id, float width = -1) {
  const bool empty = typed[0] == 0;
  const bool right = !empty && cell_right(typed.data(), value, tolerance);
  ImGui::PushID(id);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0.0f));  // the row's height
  if (!empty) {
    ImGui::PushStyleColor(ImGuiCol_FrameBg, right ? ImVec4(0.80f, 0.93f, 0.80f, 1) : ImVec4(0.98f, 0.82f, 0.80f, 1));
  }
  ImGui::SetNextItemWidth(width);
  ImGui::InputTextWithHint("##cell", "?", typed.data(), typed.size(), ImGuiInputTextFlags_CharsScientific);
  if (!empty) ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  if (!empty && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(right ? S::Right : S::NotQuite));
  ImGui::PopID();
  return right ? 1 : 0;
}

void worked(PlayerImpl& p, LogLossState& s, const lessons::PanelOptions& o) {
  const LogLossTable t = worked_table(o.rows, s.base);
  const std::size_t cells = o.rows.size() * 2 + 1;
  if (s.typed.size() != cells) s.typed.assign(cells, std::array<char, 24>{});
  ImGui::PushFont(p.fonts.small);
  ImGui::TextDisabled("%s", p.t(S::LlCorrectedRule));
  const char* bl = log_base_label(t.base);
  char log_header[48];
  std::snprintf(log_header, sizeof log_header, "%s(%s)", bl, p.t(S::LlCorrected));
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH |
                                ImGuiTableFlags_SizingStretchProp;
  int blanks = 0, right = 0;
  if (ImGui::BeginTable("##worked", 5, flags)) {
    ImGui::TableSetupColumn(p.t(S::LlSample), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(p.t(S::LlActual), ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableSetupColumn(p.t(S::LlPredicted), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(p.t(S::LlCorrected), ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn(log_header, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableHeadersRow();
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      const LogLossRow& row = t.rows[r];
      const lessons::WorkedRow& w = o.rows[r];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(w.label.c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(to_vec4(w.real ? col::kReal : col::kFake), "%d", row.actual);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(fmt_num(p.lang, "%.4g", row.predicted).c_str());
      ImGui::TableNextColumn();
      if (w.blank_corrected) {
        ++blanks;
        right += blank_cell(p, s.typed[r * 2], row.corrected, o.tolerance, static_cast<int>(r * 2));
      } else {
        ImGui::TextUnformatted(fmt_num(p.lang, "%.4g", row.corrected).c_str());
      }
      ImGui::TableNextColumn();
      if (w.blank_log) {
        ++blanks;
        right += blank_cell(p, s.typed[r * 2 + 1], row.log_corrected, o.tolerance, static_cast<int>(r * 2 + 1));
      } else {
        ImGui::TextUnformatted(fmt_num(p.lang, "%.4f", row.log_corrected).c_str());
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopFont();
  char buf[200];
  std::snprintf(buf, sizeof buf, p.t(S::LlMeanLabel), bl);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(buf);
  ImGui::SameLine();
  if (o.blank_mean) {
    ++blanks;
    ImGui::PushID("mean");
    right += blank_cell(p, s.typed[cells - 1], t.negative_mean, o.tolerance, static_cast<int>(cells - 1),
                        ImGui::GetFontSize() * 7.0f);
    ImGui::PopID();
  } else {
    ImGui::TextUnformatted(fmt_num(p.lang, "%.4f", t.negative_mean).c_str());
  }
  if (s.show_v && !std::isnan(t.v)) ImGui::TextUnformatted(fmt_num(p.lang, p.t(S::LlV), bl, bl, t.v).c_str());
  if (blanks > 0) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", p.t(S::LlWorkedNote));
    ImGui::PopTextWrapPos();
    ImGui::TextColored(to_vec4(right == blanks ? col::kOk : col::kGrey), p.t(S::LlCellsRight), right, blanks);
  }
}

}  // namespace

void panel_logloss(PlayerImpl& p, LogLossState& s) {
  begin_panel(p, S::WinLogLoss, "logloss", p.layout.rects.of(lessons::Panel::Logloss), p.layout.place);
  base_buttons(p, s);
  const lessons::PanelOptions& o = p.lesson().view.options;
  if (!o.rows.empty()) {
    if (ImGui::RadioButton(p.t(S::LlWorked), s.worked)) s.worked = true;
    ImGui::SameLine();
    if (ImGui::RadioButton(p.t(S::LlMinibatch), !s.worked)) s.worked = false;
    if (s.worked) {
      worked(p, s, o);
      ImGui::End();
      return;
    }
  }
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
  const bool v_line = s.show_v && s.kind == 1 && !std::isnan(s.table.v);
  const float footer = ImGui::GetTextLineHeightWithSpacing() * (v_line ? 3.3f : 2.3f);
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
    const double nats = s.table.negative_mean / in_base(s.base, 1.0);
    const bool equal = std::abs(nats - st.loss_d) <= 1e-5 * std::max(1.0, std::abs(st.loss_d));
    if (s.base == LogBase::E) std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(equal ? S::LlEqualsLossD : S::LlDiffers), st.loss_d).c_str());
    else std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(S::LlInNats), nats, st.loss_d).c_str());
    ImGui::TextColored(to_vec4(equal ? col::kOk : col::kError), "%s", buf);
  } else if (s.kind >= 2 && bs.last >= static_cast<int>(Phase::LossG)) {
    std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(S::LlEqualsLossG), st.loss_g).c_str());
    ImGui::TextColored(to_vec4(col::kOk), "%s", buf);
  }
  if (v_line) ImGui::TextUnformatted(fmt_num(p.lang, p.t(S::LlV), bl, bl, s.table.v).c_str());
  ImGui::End();
}

}  // namespace ganstep::ui
