// The help overlay: every keyboard shortcut, the colours, the loss scale.
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

void panel_help(PlayerImpl& p, HelpState& s) {
  if (!s.open) return;
  const Rect& r = p.layout.rects.help;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), ImGuiCond_Appearing);
  ImGui::SetNextWindowSize(ImVec2(r.w, 0.0f), ImGuiCond_Appearing);  // height: fit the content
  const std::string title = std::string(p.t(S::WinHelp)) + "###help";
  if (ImGui::Begin(title.c_str(), &s.open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::PushFont(p.fonts.title);
    ImGui::TextWrapped("%s", p.t(S::HelpIntro));
    ImGui::PopFont();
    ImGui::Spacing();
    struct Key {
      const char* key;
      S action;
    };
    const Key keys[] = {
        {p.t(S::KeySpace), S::HkSpace},   {"→", S::HkRight},          {"Shift + →", S::HkShiftRight},
        {"D", S::HkD},           {"N", S::HkN},              {"←", S::HkLeft},
        {"Shift + ←", S::HkShiftLeft}, {"↑ / ↓", S::HkUpDown}, {"R", S::HkR},
        {"L", S::HkL},           {"H / F1", S::HkH},         {"Esc", S::HkEsc},
    };
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn(p.t(S::HelpKey), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.0f);
      ImGui::TableSetupColumn(p.t(S::HelpAction), ImGuiTableColumnFlags_WidthStretch);
      ImGui::TableHeadersRow();
      for (const Key& k : keys) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(k.key);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p.t(k.action));
      }
      ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextWrapped("%s", p.t(S::HelpColours));
    ImGui::TextWrapped("%s", p.t(S::HelpLoss));
    ImGui::Spacing();
    if (ImGui::Button(p.t(S::Close))) s.open = false;
    ImGui::SameLine();
    if (ImGui::Button("Layout ⟲")) p.layout.request = true;
  }
  ImGui::End();
}

}  // namespace ganstep::ui
