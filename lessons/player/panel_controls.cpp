// The control bar, one for every kind of lesson: lesson, play/pause, step
// and step-back buttons, speed, the timeline slider, reset, seed or
// checkpoint, language, help, and the status line.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/io/bytes.h"
#include "engine/gan/image_checkpoint.h"
#include "lessons/player/panel_image.h"
#include "lessons/player/saddle_data.h"

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
      const std::string native_note = p.native_only(lesson);  // listed, marked, never replaced
      std::snprintf(label, sizeof label, "%d. %s  (%d min)%s%s%s##%s", ++number, lesson.title.get(tl).c_str(),
                    lesson.minutes, native_note.empty() ? "" : "  [", native_note.empty() ? "" : p.t(S::NativeOnlyMark),
                    native_note.empty() ? "" : "]", lesson.id.c_str());
      if (ImGui::Selectable(label, selected)) p.load(lesson.id, false, 0);
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s\n[%s, %s]%s%s", lesson.summary.get(tl).c_str(), lesson.id.c_str(),
                          lessons::level_name(lesson.level), native_note.empty() ? "" : "\n", native_note.c_str());
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

namespace {

void language_and_help(PlayerImpl& p) {
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(fs * 3.6f);
  const char* langs[] = {"EN", "PT"};
  int li = p.lang == Lang::Pt ? 1 : 0;
  if (ImGui::Combo("##lang", &li, langs, 2)) p.lang = li ? Lang::Pt : Lang::En;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (L)", p.t(S::Language));
  ImGui::SameLine();
  if (tip_button(p.t(S::Help), "H / F1")) p.help.open = !p.help.open;
}

// The seed field (point GAN lessons).
void seed_field(PlayerImpl& p, ControlsState& s) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::Seed));
  ImGui::SameLine();
  if (s.seed_version != p.session.version()) {
    s.seed = p.trainer().config().seed;
    s.seed_version = p.session.version();
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
  const bool seed_locked = p.locked("seed");
  ImGui::BeginDisabled(seed_locked);
  if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &s.seed, nullptr, nullptr, "%llu",
                         ImGuiInputTextFlags_EnterReturnsTrue))
    p.set("seed", std::to_string(s.seed));
  ImGui::EndDisabled();
  if (ImGui::IsItemDeactivated()) s.seed_version = 0;  // resync when left without Enter
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", p.t(seed_locked ? S::LockedTip : S::TipSeed));
}

// The timeline: every iteration reached so far. Dragging moves the knob; the
// run seeks once, on release (a seek may replay many steps).
void timeline_slider(PlayerImpl& p, ControlsState& s, float right_w) {
  const float fs = ImGui::GetFontSize();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::Timeline));
  ImGui::SameLine();
  long long it = s.dragging ? s.drag_to : p.session.iterations();
  const long long lo = 0, hi = std::max<long long>(1, p.session.furthest_iterations());
  ImGui::SetNextItemWidth(std::max(fs * 6.0f, ImGui::GetContentRegionAvail().x - right_w));
  if (ImGui::SliderScalar("##timeline", ImGuiDataType_S64, &it, &lo, &hi, "%lld")) {
    p.set_playing(false);
    s.dragging = true;
    s.drag_to = std::clamp<long long>(it, 0, p.session.furthest_iterations());
  }
  if (s.dragging && !ImGui::IsItemActive()) {
    s.dragging = false;
    p.seek_iteration(s.drag_to);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipTimeline));
}

// Playing by phase, D-step or iteration at a rate (point GAN lessons).
void play_unit_and_speed(PlayerImpl& p) {
  const float fs = ImGui::GetFontSize();
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
}

// The status line of the run's kind.
std::string status_line(PlayerImpl& p) {
  char status[256];
  const double ips = p.play.playing ? p.play.ips : 0.0;
  switch (p.kind()) {
    case run::RunKind::Point: {
      const Trainer& t = p.trainer();
      std::snprintf(status, sizeof status, p.t(S::StatusFmt), static_cast<long long>(t.iteration()),
                    phase_text(p.lang, static_cast<int>(t.phase())), ips, p.play.frame_ms);
      return status;
    }
    case run::RunKind::Game: {
      const run::GameRuns& g = p.game();
      std::snprintf(status, sizeof status, p.t(S::SaddleStatusFmt), static_cast<long long>(g.iteration()),
                    static_cast<long long>(p.lesson().run_length()), g.main().distance(), ips);
      return std::string(status) + " · " + rule_text(g.main().config(), p.lang == Lang::Pt);
    }
    case run::RunKind::Image: {
      const run::ImageRun& g = p.image_run();
      char next[64];
      if (g.next_is_g()) std::snprintf(next, sizeof next, "%s", p.t(S::AlgoGStep));
      else std::snprintf(next, sizeof next, p.t(S::AlgoKStep), g.dstep() + 1, g.trainer().config().k);
      std::snprintf(status, sizeof status, p.t(S::ImgStatusFmt), static_cast<long long>(g.iteration()),
                    static_cast<long long>(p.lesson().run_length()), next, ips, p.play.frame_ms);
      return status;
    }
  }
  return "";
}

}  // namespace

// One control bar for every kind of lesson; the run's kind decides which
// step buttons it has (a phase, a D- or G-step, an iteration) and what the
// status line says.
void panel_controls(PlayerImpl& p, ControlsState& s, const Rect& r) {
  const run::RunKind kind = p.kind();
  const bool point = kind == run::RunKind::Point, image = kind == run::RunKind::Image;
  const float fs = ImGui::GetFontSize();
  // Row 1: lesson, play, steps, back, reset, seed or checkpoint, language, help.
  begin_lesson_bar(p, r, !point);
  ImGui::SameLine();
  if (point && tip_button(p.t(S::StepPhase), p.t(S::TipStepPhase))) p.step(StepSize::Phase, 1);
  if (point) ImGui::SameLine();
  if (kind != run::RunKind::Game) {
    if (tip_button(p.t(S::StepDStep), p.t(image ? S::ImgTipStepUpdate : S::TipStepDStep))) p.step(StepSize::DStep, 1);
    ImGui::SameLine();
  }
  if (tip_button(p.t(S::StepIteration), p.t(S::TipStepIteration))) p.step(StepSize::Iteration, 1);
  ImGui::SameLine();
  n_iterations_button(p, s, point ? 1000000 : 100000);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("N");
  ImGui::SameLine(0, fs);
  if (point && tip_button(p.t(S::BackPhase), p.t(S::TipBackPhase))) p.back_phases(1);
  if (image && tip_button(p.t(S::ImgBackUpdate), p.t(S::ImgTipBackUpdate))) p.back_phases(1);
  if (kind != run::RunKind::Game) ImGui::SameLine();
  if (tip_button(p.t(S::BackIteration), p.t(S::TipBackIteration))) p.back_iterations(1);
  ImGui::SameLine(0, fs);
  if (tip_button(p.t(S::Reset), p.t(S::TipReset))) p.reset();
  if (image) {
    ImGui::SameLine(0, fs);
    if (tip_button(p.t(S::ImgCheckpoint), p.t(S::ImgTipCheckpoint))) {
      if (p.options.pick_checkpoint) p.options.pick_checkpoint();
      else p.image.ask_path = !p.image.ask_path;
    }
  }
  const float right_w = fs * 8.6f;
  if (point) {
    ImGui::SameLine(0, fs);
    seed_field(p, s);
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - right_w));  // right-aligned
    language_and_help(p);
    // Row 2: play unit, speed, timeline, open and share.
    play_unit_and_speed(p);
    ImGui::SameLine(0, fs);
    timeline_slider(p, s, open_share_width(p) + ImGui::GetStyle().ItemSpacing.x * 2);
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x * 2);
    open_share_buttons(p, p.open_share);
  } else {
    // Row 2: the timeline, language and help.
    timeline_slider(p, s, right_w);
    ImGui::SameLine();
    language_and_help(p);
  }

  // Row 3: the checkpoint path (an image lesson, natively), the status, then the error or the latest message.
  if (image && p.image.ask_path) {
    ImageState& is = p.image;
    ImGui::SetNextItemWidth(fs * 30.0f);
    const bool enter = ImGui::InputTextWithHint("##ckpt", p.t(S::ImgCheckpointPath), is.path, sizeof is.path,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button(p.t(S::ImgLoad)) || enter) && is.path[0]) {
      std::vector<std::uint8_t> bytes;
      const std::string e = read_file_bytes(is.path, kMaxCheckpointBytes, bytes);
      if (!e.empty()) {
        is.message = e;
        is.message_error = true;
      } else if (load_image_checkpoint(p, is, bytes.data(), bytes.size(), is.path).empty()) {
        is.ask_path = false;
      }
    }
    ImGui::SameLine(0, fs);
  }
  ImGui::TextDisabled("%s", status_line(p).c_str());
  if (p.play.queued_iterations > 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("· +%lld", static_cast<long long>(p.play.queued_iterations));
  }
  // The error, else an image lesson's checkpoint message, else the latest information.
  std::string message = p.error;
  bool err = !message.empty();
  if (message.empty() && image) {
    message = p.image.message;
    err = p.image.message_error;
  }
  if (message.empty()) message = p.info;
  if (!message.empty()) {
    ImGui::SameLine(0, fs);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(err ? col::kError : col::kOk));
    ImGui::TextUnformatted(message.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", message.c_str());
  }
  ImGui::End();
}

}  // namespace ganstep::ui
