// A long fast-forward (?step=, --steps: PlayerImpl::fast_forward) runs in the
// background within the frame budget; this small window over the panels shows
// how far it got and cancels it. The run stops where it is: stepping back,
// seeking and playing work from there as usual.
#include <algorithm>
#include <cstdio>

#include "lessons/player/player_impl.h"

namespace ganstep::ui {

void panel_fast_forward(PlayerImpl& p) {
  if (p.play.fast_forward_to <= 0 || p.play.queued_iterations <= 0) return;
  const std::int64_t to = p.play.fast_forward_to;
  const std::int64_t at = std::max<std::int64_t>(0, to - p.play.queued_iterations);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + fs * 3.0f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x - 2 * fs, fs * 30.0f), 0), ImGuiCond_Always);
  const std::string title = std::string(p.t(S::FastForward)) + "###fast_forward";
  if (ImGui::Begin(title.c_str(), nullptr,
                   ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing)) {
    char text[160];
    std::snprintf(text, sizeof text, p.t(S::FastForwardFmt), static_cast<long long>(at), static_cast<long long>(to));
    ImGui::ProgressBar(static_cast<float>(at) / static_cast<float>(to), ImVec2(-1, 0), text);
    if (ImGui::Button(p.t(S::Cancel), ImVec2(-1, fs * 2.2f))) p.cancel_fast_forward();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
