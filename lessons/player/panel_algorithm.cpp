// Algorithm 1 of the paper, its nine lines, with the line about to run
// highlighted, the sub-step inside lines 5 and 8, and the k-step counter:
// the same panel for point and image lessons (both step by phase).
#include <cstdio>

#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

struct AlgoLine {
  int number;
  int indent;
  S text;
};

constexpr AlgoLine kLines[] = {
    {1, 0, S::AlgoL1}, {2, 1, S::AlgoL2}, {3, 2, S::AlgoL3}, {4, 2, S::AlgoL4}, {5, 2, S::AlgoL5},
    {6, 1, S::AlgoL6}, {7, 1, S::AlgoL7}, {8, 1, S::AlgoL8}, {9, 0, S::AlgoL9},
};

// Draws wrapped text at the cursor with a highlight behind it when active.
void line_text(const char* text, float indent, bool active, bool dim) {
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
  const float wrap = ImGui::GetContentRegionAvail().x;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::CalcTextSize(text, nullptr, false, wrap);
  if (active) {
    const float pad = 2.0f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - pad, pos.y - 1), ImVec2(pos.x + wrap, pos.y + size.y + 1),
                                              with_alpha(col::kYellow, 0.75f), 3.0f);
  }
  if (dim) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  if (dim) ImGui::PopStyleColor();
}

}  // namespace

const char* PlayerImpl::algorithm_line_text(int line) const {
  for (const AlgoLine& l : kLines)
    if (l.number == line) return t(l.text);
  return "";
}

void panel_algorithm(PlayerImpl& p, const AlgoPosition& t, const Rect& r) {
  if (!begin_panel(p, S::WinAlgorithm, "algorithm", r, p.layout.place)) {
    ImGui::End();
    return;
  }
  const GanConfig& c = t.config;
  const Phase phase = t.phase;
  const int active = algorithm_line(phase);
  const bool in_d = static_cast<int>(phase) < static_cast<int>(Phase::SampleNoiseG);

  if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(ImGui::GetWindowPos(),
                                  ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowWidth(),
                                         ImGui::GetWindowPos().y + ImGui::GetFrameHeight())))
    ImGui::SetTooltip("%s", p.t(S::AlgoCaption));
  // Where we are: iteration, k-step j of k (or the G-step), the next phase.
  ImGui::Text("%s %lld", p.t(S::AlgoIteration), shown_iteration(p, t.iteration));
  ImGui::SameLine();
  ImGui::TextDisabled("·");
  ImGui::SameLine();
  char kstep[64];
  if (in_d) std::snprintf(kstep, sizeof kstep, p.t(S::AlgoKStep), t.dstep + 1, c.k);
  else std::snprintf(kstep, sizeof kstep, "%s", p.t(S::AlgoGStep));
  ImGui::TextColored(to_vec4(in_d ? col::kGreen : col::kVermillion), "%s", kstep);

  ImGui::Separator();

  // Tighter rows than elsewhere so all nine lines fit the default layout.
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2.0f * p.dpi));
  const float step = ImGui::GetFontSize() * 1.1f;
  const float num_w = ImGui::CalcTextSize("9 ").x;
  for (const AlgoLine& l : kLines) {
    const bool on = l.number == active && t.error.empty();
    ImGui::TextDisabled("%d", l.number);
    ImGui::SameLine(num_w + ImGui::GetStyle().WindowPadding.x);
    const float x0 = ImGui::GetCursorPosX();
    line_text(p.t(l.text), l.indent * step, on, false);
    // A formula or sub-step under a line, in the small font; dim when not in use.
    auto sub = [&](const char* text, bool active_sub, bool dim) {
      ImGui::SetCursorPosX(x0);
      ImGui::PushFont(p.fonts.small);
      std::string s = active_sub ? std::string("▸ ") + text : std::string("   ") + text;
      line_text(s.c_str(), (l.indent + 1) * step, false, dim && !active_sub);
      ImGui::PopFont();
    };
    // The three phases inside line 5 or 8 as one row of chips, the next one highlighted.
    auto chips = [&](const S* parts, const Phase* phases) {
      ImGui::PushFont(p.fonts.small);
      ImGui::SetCursorPosX(x0 + (l.indent + 1) * step);
      const float right = ImGui::GetWindowContentRegionMax().x;
      ImDrawList* dl = ImGui::GetWindowDrawList();
      for (int i = 0; i < 3; ++i) {
        const char* text = p.t(parts[i]);
        const float w = ImGui::CalcTextSize(text).x + (i < 2 ? ImGui::CalcTextSize(" → ").x : 0.0f);
        if (i > 0) {
          ImGui::SameLine(0, 0);
          if (ImGui::GetCursorPosX() + w > right) {
            ImGui::NewLine();
            ImGui::SetCursorPosX(x0 + (l.indent + 1) * step);
          }
        }
        const bool next = phase == phases[i];
        if (next) {
          const ImVec2 q = ImGui::GetCursorScreenPos(), ts = ImGui::CalcTextSize(text);
          dl->AddRectFilled(ImVec2(q.x - 2, q.y), ImVec2(q.x + ts.x + 2, q.y + ts.y), with_alpha(col::kYellow, 0.85f), 2.0f);
          ImGui::TextUnformatted(text);
        } else {
          ImGui::TextDisabled("%s", text);
        }
        if (i < 2) {
          ImGui::SameLine(0, 0);
          ImGui::TextDisabled(" → ");
        }
      }
      ImGui::PopFont();
    };
    // Another objective (config.h): the paper's formula dimmed, then the one that runs.
    const Objective obj = c.objective;
    if (l.number == 5) {
      sub(p.t(S::AlgoL5Formula), false, obj != Objective::Gan);
      if (obj != Objective::Gan)
        sub(p.t(obj == Objective::WganGp ? S::AlgoL5Wgan : obj == Objective::Lsgan ? S::AlgoL5Ls : S::AlgoL5Hinge), false, false);
      const S parts[] = {S::AlgoSubForward, obj == Objective::Gan ? S::AlgoSubLossD : S::AlgoSubLossDObj, S::AlgoSubUpdateD};
      const Phase phases[] = {Phase::ForwardD, Phase::LossD, Phase::UpdateD};
      if (on) chips(parts, phases);
    }
    if (l.number == 8) {
      const bool minimax = c.g_loss == GLoss::Minimax && obj == Objective::Gan;
      sub(p.t(S::AlgoL8Minimax), false, !minimax);
      if (obj == Objective::Gan && !minimax) sub(p.t(S::AlgoL8NonSat), false, false);
      if (obj == Objective::Lsgan) sub(p.t(S::AlgoL8Ls), false, false);
      if (obj == Objective::WganGp || obj == Objective::Hinge) {
        char critic[200];
        std::snprintf(critic, sizeof critic, p.t(S::AlgoL8Critic), objective_name(obj));
        sub(critic, false, false);
      }
      const S parts[] = {S::AlgoSubForwardG, S::AlgoSubLossG, S::AlgoSubUpdateG};
      const Phase phases[] = {Phase::ForwardG, Phase::LossG, Phase::UpdateG};
      if (on) chips(parts, phases);
    }
  }
  ImGui::PopStyleVar();
  if (!t.error.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kError));
    ImGui::TextWrapped("%s", t.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
