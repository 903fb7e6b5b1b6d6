// The control bar: lesson, play/pause, step and step-back buttons, speed,
// the timeline slider, reset, seed, language, help, and the status line.
#include <algorithm>
#include <cstdio>

#include "lessons/format/library.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

// The lesson menu: the library in course order (numbered, with minutes and a
// summary tooltip), then the engine presets' aliases.
void lesson_combo(PlayerImpl& p) {
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 15.0f);
  const lessons::Lang tl = p.text_lang();
  const lessons::Lesson& open = p.lesson();
  const std::string current = open.title.get(tl).empty() ? p.options.lesson : open.title.get(tl);
  if (ImGui::BeginCombo("##lesson", current.c_str(), ImGuiComboFlags_HeightLarge)) {
    int number = 0;
    for (const auto& lesson : lessons::library_lessons()) {
      const bool selected = lesson.id == open.id;
      char label[320];
      std::snprintf(label, sizeof label, "%d. %s  (%d min)##%s", ++number, lesson.title.get(tl).c_str(),
                    lesson.minutes, lesson.id.c_str());
      if (ImGui::Selectable(label, selected)) p.load(lesson.id, false, 0);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n[%s, %s]", lesson.summary.get(tl).c_str(), lesson.id.c_str(), lessons::level_name(lesson.level));
    }
    ImGui::Separator();
    for (const auto& id : lessons::alias_ids()) {
      if (ImGui::Selectable(id.c_str(), id == p.options.lesson)) p.load(id, false, 0);
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::Lesson));
}

bool tip_button(const char* label, const char* tip) {
  const bool pressed = ImGui::Button(label);
  if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  return pressed;
}

void begin_lesson_bar(PlayerImpl& p, const Rect& r, bool open_share) {
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  begin_panel(p, S::WinControls, "controls", r, p.layout.place, flags);
  lesson_combo(p);
  ImGui::SameLine();
  if (open_share) {
    open_share_buttons(p, p.open_share);
    ImGui::SameLine();
  }
  play_button(p);
}

void play_button(PlayerImpl& p) {
  const float fs = ImGui::GetFontSize();
  const bool playing = p.play.playing;
  if (playing) ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(with_alpha(col::kOrange, 0.45f)));
  const std::string label = std::string(p.t(playing ? S::Pause : S::Play)) + "###play";
  if (ImGui::Button(label.c_str(), ImVec2(fs * 6.2f, 0))) p.set_playing(!playing);
  if (playing) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
}

void n_iterations_button(PlayerImpl& p, ControlsState& s, int max_n) {
  if (tip_button(p.t(S::StepN), p.t(S::TipStepN))) p.play.queued_iterations += s.n_iterations;
  ImGui::SameLine(0, 2);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.6f);
  ImGui::InputInt("##n", &s.n_iterations, 0, 0);
  s.n_iterations = std::clamp(s.n_iterations, 1, max_n);
}

void panel_controls(PlayerImpl& p, ControlsState& s) {
  const Rect& r = p.layout.rects.controls;
  // Row 1: lesson, play, steps, back, reset, seed, language, help.
  begin_lesson_bar(p, r, false);
  const float fs = ImGui::GetFontSize();
  const Trainer& t = p.trainer();
  ImGui::SameLine();
  if (tip_button(p.t(S::StepPhase), p.t(S::TipStepPhase))) p.step(StepSize::Phase, 1);
  ImGui::SameLine();
  if (tip_button(p.t(S::StepDStep), p.t(S::TipStepDStep))) p.step(StepSize::DStep, 1);
  ImGui::SameLine();
  if (tip_button(p.t(S::StepIteration), p.t(S::TipStepIteration))) p.step(StepSize::Iteration, 1);
  ImGui::SameLine();
  n_iterations_button(p, s, 1000000);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("N");
  ImGui::SameLine(0, fs);
  if (tip_button(p.t(S::BackPhase), p.t(S::TipBackPhase))) p.back_phases(1);
  ImGui::SameLine();
  if (tip_button(p.t(S::BackIteration), p.t(S::TipBackIteration))) p.back_iterations(1);
  ImGui::SameLine(0, fs);
  if (tip_button(p.t(S::Reset), p.t(S::TipReset))) p.reset();
  ImGui::SameLine(0, fs);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::Seed));
  ImGui::SameLine();
  if (s.seed_version != p.session.version()) {
    s.seed = p.trainer().config().seed;
    s.seed_version = p.session.version();
  }
  ImGui::SetNextItemWidth(fs * 4.5f);
  const bool seed_locked = p.locked("seed");
  ImGui::BeginDisabled(seed_locked);
  if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &s.seed, nullptr, nullptr, "%llu",
                         ImGuiInputTextFlags_EnterReturnsTrue))
    p.set("seed", std::to_string(s.seed));
  ImGui::EndDisabled();
  if (ImGui::IsItemDeactivated()) s.seed_version = 0;  // resync when left without Enter
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", p.t(seed_locked ? S::LockedTip : S::TipSeed));
  // Right-aligned: language, help.
  const float right_w = fs * 8.6f;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));
  ImGui::SetNextItemWidth(fs * 3.6f);
  const char* langs[] = {"EN", "PT"};
  int li = p.lang == Lang::Pt ? 1 : 0;
  if (ImGui::Combo("##lang", &li, langs, 2)) p.lang = li ? Lang::Pt : Lang::En;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (L)", p.t(S::Language));
  ImGui::SameLine();
  if (tip_button(p.t(S::Help), "H / F1")) p.help.open = !p.help.open;

  // Row 2: play unit, speed, timeline.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::PlayBy));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 6.5f);
  const char* units[] = {p.t(S::UnitPhase), p.t(S::UnitDStep), p.t(S::UnitIteration)};
  int ui_unit = static_cast<int>(p.play.unit);
  if (ImGui::Combo("##unit", &ui_unit, units, 3)) {
    p.play.unit = static_cast<StepSize>(ui_unit);
    p.play.credit = 0;
  }
  ImGui::SameLine();
  ImGui::TextUnformatted(p.t(S::Speed));
  ImGui::SameLine();
  ImGui::BeginDisabled(p.play.max);
  ImGui::SetNextItemWidth(fs * 8.0f);
  ImGui::SliderFloat("##rate", &p.play.rate, 0.25f, 5000.0f, p.t(S::PerSecond), ImGuiSliderFlags_Logarithmic);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Checkbox(p.t(S::Max), &p.play.max);
  ImGui::SameLine(0, fs);
  ImGui::TextUnformatted(p.t(S::Timeline));
  ImGui::SameLine();
  long long it = p.session.iterations();
  const long long lo = 0, hi = std::max<long long>(1, p.session.furthest_iterations());
  ImGui::SetNextItemWidth(std::max(fs * 8.0f, ImGui::GetContentRegionAvail().x - open_share_width(p) -
                                                  ImGui::GetStyle().ItemSpacing.x * 2));
  if (ImGui::SliderScalar("##timeline", ImGuiDataType_S64, &it, &lo, &hi, "%lld")) {
    p.set_playing(false);
    p.seek_iteration(std::clamp<long long>(it, 0, p.session.furthest_iterations()));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipTimeline));
  ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
  open_share_buttons(p, p.open_share);

  // Row 3: status, then the error or the latest message.
  char status[256];
  std::snprintf(status, sizeof status, p.t(S::StatusFmt), static_cast<long long>(t.iteration()),
                phase_text(p.lang, static_cast<int>(t.phase())), p.play.playing ? p.play.ips : 0.0,
                p.play.frame_ms);
  ImGui::TextDisabled("%s", status);
  if (p.play.queued_iterations > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("· +%lld", static_cast<long long>(p.play.queued_iterations));
  }
  if (!p.error.empty()) {
    ImGui::SameLine(0, fs);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kError));
    ImGui::TextUnformatted(p.error.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.error.c_str());
  }
  ImGui::End();
}

}  // namespace ganstep::ui
