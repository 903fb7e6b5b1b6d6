// The game lessons' control bar (play, step, back, timeline, reset, language,
// help); their narration is the one narration panel (panel_narration.cpp).
#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/gan/presets.h"
#include "lessons/format/library.h"
#include "lessons/format/markdown.h"
#include "lessons/player/panel_saddle.h"
#include "lessons/player/player_impl.h"
#include "lessons/player/saddle_data.h"

namespace ganstep::ui {
void panel_saddle_controls(PlayerImpl& p, SaddleState& s, const Rect& r) {
  begin_lesson_bar(p, r, true);
  const float fs = ImGui::GetFontSize();
  const run::GameRuns& g = p.game();
  ImGui::SameLine();
  if (tip_button(p.t(S::StepIteration), "→")) p.step(StepSize::Iteration, 1);
  ImGui::SameLine();
  n_iterations_button(p, p.controls, 100000);
  ImGui::SameLine(0, fs);
  if (tip_button(p.t(S::BackIteration), "←")) p.back_iterations(1);
  ImGui::SameLine(0, fs);
  if (tip_button(p.t(S::Reset), p.t(S::TipReset))) p.reset();
  ImGui::SameLine(0, fs);
  ImGui::TextUnformatted(p.t(S::Timeline));
  ImGui::SameLine();
  long long it = p.session.iterations();
  const long long lo = 0, hi = std::max<long long>(1, p.session.furthest_iterations());
  const float right_w = fs * 8.6f;
  ImGui::SetNextItemWidth(std::max(fs * 8.0f, ImGui::GetContentRegionAvail().x - right_w));
  if (ImGui::SliderScalar("##timeline", ImGuiDataType_S64, &it, &lo, &hi, "%lld")) {
    p.set_playing(false);
    p.seek_iteration(std::clamp<long long>(it, 0, p.session.furthest_iterations()));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipTimeline));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 3.6f);
  const char* langs[] = {"EN", "PT"};
  int li = p.lang == Lang::Pt ? 1 : 0;
  if (ImGui::Combo("##lang", &li, langs, 2)) p.lang = li ? Lang::Pt : Lang::En;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (L)", p.t(S::Language));
  ImGui::SameLine();
  if (tip_button(p.t(S::Help), "H / F1")) p.help.open = !p.help.open;

  char status[256];
  std::snprintf(status, sizeof status, p.t(S::SaddleStatusFmt), static_cast<long long>(g.iteration()),
                static_cast<long long>(p.lesson().run_length()), g.main().distance(), p.play.playing ? p.play.ips : 0.0);
  ImGui::TextDisabled("%s · %s", status, rule_text(g.main().config(), p.lang == Lang::Pt).c_str());
  if (!p.error.empty()) {
    ImGui::SameLine(0, fs);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kError));
    ImGui::TextUnformatted(p.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
