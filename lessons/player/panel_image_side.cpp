// An image lesson's checkpoint loading and Algorithm 1 as an image lesson
// runs it: a whole D-step or G-step at a time.
#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/io/bytes.h"
#include "engine/gan/image_checkpoint.h"
#include "lessons/format/markdown.h"
#include "lessons/player/panel_image.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

std::string load_image_checkpoint(PlayerImpl& p, ImageState& s, const std::uint8_t* bytes, std::size_t size,
                                  const std::string& name) {
  p.set_playing(false);
  std::string e;
  std::unique_ptr<run::ImageRun> loaded = p.image_run().from_checkpoint(bytes, size, name, e);
  if (loaded) e = p.session.replace_run(std::move(loaded));  // the timeline starts at the checkpoint
  p.after_step();
  char buf[512];
  if (e.empty()) {
    std::snprintf(buf, sizeof buf, p.t(S::ImgCheckpointLoadedFmt), name.c_str(),
                  static_cast<long long>(p.image_run().iteration()));
    s.message = buf;
  } else {
    s.message = e;
  }
  s.message_error = !e.empty();
  p.play.queued_iterations = 0;
  return e;
}

// Algorithm 1's nine lines; the D-step (lines 3-5) or the G-step (lines 6-8)
// about to run is lit as a block, with j of k D-steps.
void panel_image_algorithm(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinAlgorithm, "algorithm", r, p.layout.place)) {
    const run::ImageRun& g = p.image_run();
    const bool g_next = g.next_is_g();
    ImGui::Text("%s %lld", p.t(S::AlgoIteration), shown_iteration(p, g.iteration()));
    ImGui::SameLine();
    ImGui::TextDisabled("·");
    ImGui::SameLine();
    char kstep[64];
    if (!g_next) std::snprintf(kstep, sizeof kstep, p.t(S::AlgoKStep), g.dstep() + 1, g.trainer().config().k);
    else std::snprintf(kstep, sizeof kstep, "%s", p.t(S::AlgoGStep));
    ImGui::TextColored(to_vec4(g_next ? col::kVermillion : col::kGreen), "%s", kstep);
    ImGui::Separator();
    const S lines[] = {S::AlgoL1, S::AlgoL2, S::AlgoL3, S::AlgoL4, S::AlgoL5, S::AlgoL6, S::AlgoL7, S::AlgoL8, S::AlgoL9};
    const int indent[] = {0, 1, 2, 2, 2, 1, 1, 1, 0};
    const float step = ImGui::GetFontSize() * 1.1f, num_w = ImGui::CalcTextSize("9 ").x;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2.0f * p.dpi));
    for (int i = 0; i < 9; ++i) {
      const int number = i + 1;
      const bool on = g.trainer().ok() && (g_next ? number == 7 || number == 8 : number >= 3 && number <= 5);
      ImGui::TextDisabled("%d", number);
      ImGui::SameLine(num_w + ImGui::GetStyle().WindowPadding.x);
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent[i] * step);
      const float wrap = ImGui::GetContentRegionAvail().x;
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      const ImVec2 size = ImGui::CalcTextSize(p.t(lines[i]), nullptr, false, wrap);
      if (on) dl->AddRectFilled(ImVec2(pos.x - 2, pos.y - 1), ImVec2(pos.x + wrap, pos.y + size.y + 1),
                                with_alpha(col::kYellow, 0.75f), 3.0f);
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
      ImGui::TextUnformatted(p.t(lines[i]));
      ImGui::PopTextWrapPos();
      if (number == 8) {
        ImGui::PushFont(p.fonts.small);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + num_w + (indent[i] + 1) * step);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", p.t(g.trainer().config().g_loss == GLoss::Minimax ? S::AlgoL8Minimax : S::AlgoL8NonSat));
        ImGui::PopStyleColor();
        ImGui::PopFont();
      }
    }
    ImGui::PopStyleVar();
    ImGui::Spacing();
    ImGui::PushFont(p.fonts.small);
    ImGui::TextWrapped("%s", p.t(S::ImgAlgoNote));
    ImGui::PopFont();
    if (!g.trainer().ok()) {
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kError));
      ImGui::TextWrapped("%s", g.trainer().error().c_str());
      ImGui::PopStyleColor();
    }
  }
  ImGui::End();
}

}  // namespace ganstep::ui
