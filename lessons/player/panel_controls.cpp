// The control bar, one for every kind of lesson: lesson, play/pause, step
// and step-back buttons, speed, the timeline slider, reset, seed or
// checkpoint, language, help, and the status line.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/io/bytes.h"
#include "engine/gan/image_checkpoint.h"
#include "lessons/player/panel_image.h"
#include "lessons/player/saddle_data.h"

#include "lessons/format/library.h"
#include "lessons/player/player_impl.h"
#include "lessons/run/detect_run.h"

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

// The language combo's width: its longest label, the padding and the arrow.
float language_w() {
  return std::max(ImGui::GetFontSize() * 3.6f, ImGui::CalcTextSize("EN").x + ImGui::GetStyle().FramePadding.x * 2.0f +
                                                    ImGui::GetFrameHeight() + 2.0f);
}

void language_and_help(PlayerImpl& p) {
  ImGui::SetNextItemWidth(language_w());
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
  const char* units[] = {p.t(S::UnitPhase), p.t(S::UnitDStep), p.t(S::UnitIteration)};
  float unit_w = 0;
  for (const char* u : units) unit_w = std::max(unit_w, ImGui::CalcTextSize(u).x);
  ImGui::SetNextItemWidth(std::max(fs * 6.5f, unit_w + ImGui::GetStyle().FramePadding.x * 2.0f + ImGui::GetFrameHeight()));
  int ui_unit = static_cast<int>(p.play.unit);
  if (ImGui::Combo("##unit", &ui_unit, units, 3)) {
    p.play.unit = static_cast<StepSize>(ui_unit);
    p.play.credit = 0;
  }
  // The speed and "max" wrap to the next row on a narrow window.
  flow(ImGui::CalcTextSize(p.t(S::Speed)).x + ImGui::GetStyle().ItemSpacing.x + fs * 8.0f);
  ImGui::BeginGroup();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::Speed));
  ImGui::SameLine();
  ImGui::BeginDisabled(p.play.max);
  ImGui::SetNextItemWidth(fs * 8.0f);
  ImGui::SliderFloat("##rate", &p.play.rate, 0.25f, 5000.0f, p.t(S::PerSecond), ImGuiSliderFlags_Logarithmic);
  ImGui::EndDisabled();
  ImGui::EndGroup();
  flow(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(p.t(S::Max)).x);
  ImGui::Checkbox(p.t(S::Max), &p.play.max);
}

// The status line of the run's kind.
std::string status_line(PlayerImpl& p) {
  char status[256];
  const double ips = p.play.playing ? p.play.ips : 0.0;
  switch (p.kind()) {
    case run::RunKind::Point: {
      const Trainer& t = p.trainer();
      std::snprintf(status, sizeof status, p.t(S::StatusFmt), shown_iteration(p, t.iteration()),
                    phase_text(p.lang, static_cast<int>(t.phase())), ips, p.play.frame_ms);
      return status;
    }
    case run::RunKind::Game: {
      const run::GameRuns& g = p.game();
      std::snprintf(status, sizeof status, p.t(S::SaddleStatusFmt), shown_iteration(p, g.iteration()),
                    static_cast<long long>(p.lesson().run_length()), g.main().distance(), ips);
      return std::string(status) + " · " + rule_text(g.main().config(), p.lang == Lang::Pt);
    }
    case run::RunKind::Image: {
      const run::RemoteImageRun& g = p.image_run();
      char next[64];
      if (g.next_is_g()) std::snprintf(next, sizeof next, "%s", p.t(S::AlgoGStep));
      else std::snprintf(next, sizeof next, p.t(S::AlgoKStep), g.dstep() + 1, g.config().k);
      std::snprintf(status, sizeof status, p.t(S::ImgStatusFmt), shown_iteration(p, g.iteration()),
                    static_cast<long long>(p.lesson().run_length()), next, ips, p.play.frame_ms);
      return status;
    }
    case run::RunKind::Latent: {
      const auto* l = p.session.as<run::LatentRun>();
      std::snprintf(status, sizeof status, p.t(S::InvStatusFmt), shown_iteration(p, l->iteration()),
                    static_cast<long long>(p.lesson().run_length()), l->search().best_loss(), ips);
      return fmt_num(p.lang, "%s", status);
    }
    case run::RunKind::Detect: {
      const auto* d = p.session.as<run::DetectRun>();
      std::snprintf(status, sizeof status, p.t(S::DetStatusFmt), shown_iteration(p, d->iteration()),
                    static_cast<long long>(p.lesson().run_length()), d->scores(run::DigitGroup::Real).size(),
                    d->roc(Detector::Resynthesis, run::DigitGroup::Same).auc);
      return fmt_num(p.lang, "%s", status);
    }
  }
  return "";
}

}  // namespace

float button_w(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

bool small_button(const PlayerImpl& p, const char* label) {
  return p.layout.rects.compact ? ImGui::Button(label) : ImGui::SmallButton(label);
}

void flow(float w, float gap) {
  const float spacing = gap >= 0 ? gap : ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + w <= right + 0.5f) ImGui::SameLine(0, spacing);
}

bool flow_checkbox(PlayerImpl& p, const char* name, const char* label, bool* v) {
  flow(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x);
  const bool changed = ImGui::Checkbox(label, v);
  p.layout.note(name);
  return changed;
}

namespace {

bool bar_button(PlayerImpl& p, const char* name, S label, S tip, float gap = -1.0f) {
  flow(button_w(p.t(label)), gap);
  const bool pressed = tip_button(p.t(label), p.t(tip));
  p.layout.note(name);
  return pressed;
}

// Whether the lesson's toolbar has control c (lessons/format: controls_of,
// the list the checker also holds a lesson's text to).
bool has_control(const PlayerImpl& p, lessons::Control c) {
  const std::vector<lessons::Control> all = lessons::controls_of(p.lesson());
  return std::find(all.begin(), all.end(), c) != all.end();
}

// The button that steps, and the one that steps back, when only one of each fits (narrow screens).
S main_step(const PlayerImpl& p) {
  if (!has_control(p, lessons::Control::Phase)) return S::StepIteration;
  return p.kind() == run::RunKind::Image ? S::StepDStep : S::StepPhase;
}

// The bar's first items: the lesson menu, then Open… and Share (lessons
// other than the point GAN's, whose second row has them).
void lesson_and_share(PlayerImpl& p) {
  lesson_combo(p);
  p.layout.note("lesson");
  if (p.kind() == run::RunKind::Point) return;
  flow(open_share_width(p));
  ImGui::BeginGroup();
  open_share_buttons(p, p.open_share);
  ImGui::EndGroup();
  p.layout.note("open_share");
}

// Every control after Play, in bar order; `primary` false leaves out the
// step and back buttons a narrow screen's bar already has.
void bar_items(PlayerImpl& p, ControlsState& s, bool primary) {
  const run::RunKind kind = p.kind();
  const bool point = kind == run::RunKind::Point, image = kind == run::RunKind::Image;
  const float fs = ImGui::GetFontSize();
  const S step = main_step(p);
  const bool phases = has_control(p, lessons::Control::Phase), dsteps = has_control(p, lessons::Control::DStep);
  if (phases && (primary || step != S::StepPhase) && bar_button(p, "phase", S::StepPhase, S::TipStepPhase))
    p.step(StepSize::Phase, 1);
  if (dsteps && (primary || step != S::StepDStep) &&
      bar_button(p, "dstep", S::StepDStep, image ? S::ImgTipStepUpdate : S::TipStepDStep))
    p.step(StepSize::DStep, 1);
  if ((primary || step != S::StepIteration) && bar_button(p, "iteration", S::StepIteration, S::TipStepIteration))
    p.step(StepSize::Iteration, 1);
  flow(button_w(p.t(S::StepN)) + 2.0f + fs * 3.6f);
  ImGui::BeginGroup();
  n_iterations_button(p, s, point ? 1000000 : 100000);
  ImGui::EndGroup();
  p.layout.note("n");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("N");
  if (primary && phases && bar_button(p, "back_phase", S::BackPhase, S::TipBackPhase, fs))
    p.back_phases(1);
  if ((primary || phases) &&
      bar_button(p, "back_iteration", S::BackIteration, S::TipBackIteration, phases ? -1.0f : fs))
    p.back_iterations(1);
  if (bar_button(p, "reset", S::Reset, S::TipReset, fs)) p.reset();
  if (image && bar_button(p, "checkpoint", S::ImgCheckpoint, S::ImgTipCheckpoint, fs)) {
    if (p.options.pick_checkpoint) p.options.pick_checkpoint();
    else p.image.ask_path = !p.image.ask_path;
  }
  if (point) {
    flow(ImGui::CalcTextSize(p.t(S::Seed)).x + ImGui::GetStyle().ItemSpacing.x + fs * 4.5f, fs);
    ImGui::BeginGroup();
    seed_field(p, s);
    ImGui::EndGroup();
    p.layout.note("seed");
  }
  // Language and help: right-aligned at the end of this row when they fit
  // (point GAN lessons), else after the timeline.
  const float lang_w = language_w() + ImGui::GetStyle().ItemSpacing.x + button_w(p.t(S::Help));
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  auto lang_help = [&] {
    ImGui::BeginGroup();
    language_and_help(p);
    ImGui::EndGroup();
    p.layout.note("language_help");
  };
  if (point) {
    if (ImGui::GetItemRectMax().x + fs + lang_w <= right) ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - lang_w);
    lang_help();
  }
  // The next row: play unit and speed (point GAN lessons), the timeline, Open… and Share (or language and help).
  if (point) {
    ImGui::BeginGroup();
    play_unit_and_speed(p);
    ImGui::EndGroup();
    p.layout.note("speed");
    flow(fs * 14.0f, fs);
  }
  const float after_w = (point ? open_share_width(p) : lang_w) + ImGui::GetStyle().ItemSpacing.x * 2;
  ImGui::BeginGroup();
  timeline_slider(p, s, ImGui::GetContentRegionAvail().x - after_w >= fs * 14.0f ? after_w : 0.0f);
  ImGui::EndGroup();
  p.layout.note("timeline");
  if (!point) {
    flow(lang_w, ImGui::GetStyle().ItemSpacing.x * 2);
    lang_help();
  }
  if (point) {  // the other kinds have them before Play
    flow(open_share_width(p), ImGui::GetStyle().ItemSpacing.x * 2);
    ImGui::BeginGroup();
    open_share_buttons(p, p.open_share);
    ImGui::EndGroup();
    p.layout.note("open_share");
  }
}

}  // namespace

// One control bar for every kind of lesson; the run's kind decides which
// step buttons it has (a phase, a D- or G-step, an iteration) and what the
// status line says. It wraps to more rows on narrow windows; on narrow
// screens it holds Play, a step, a step back and a menu with the rest.
void panel_controls(PlayerImpl& p, ControlsState& s, const Rect& r) {
  const run::RunKind kind = p.kind();
  const bool image = kind == run::RunKind::Image;
  const float fs = ImGui::GetFontSize();
  const bool compact = p.layout.rects.compact;
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  begin_panel(p, S::WinControls, "controls", r, p.layout.place, flags);
  if (compact) {
    play_button(p);
    p.layout.note("play");
    const S step = main_step(p);
    const S step_tip = step == S::StepPhase ? S::TipStepPhase
                       : step == S::StepDStep ? (image ? S::ImgTipStepUpdate : S::TipStepDStep)
                                              : S::TipStepIteration;
    if (bar_button(p, "step", step, step_tip))
      p.step(step == S::StepPhase ? StepSize::Phase : step == S::StepDStep ? StepSize::DStep : StepSize::Iteration, 1);
    const S back = has_control(p, lessons::Control::BackPhase) ? S::BackPhase : S::BackIteration;
    if (bar_button(p, "back", back, back == S::BackIteration ? S::TipBackIteration : S::TipBackPhase)) {
      if (back == S::BackIteration) p.back_iterations(1);
      else p.back_phases(1);
    }
    if (bar_button(p, "menu", S::Menu, S::TipMenu)) ImGui::OpenPopup("##more");
    const ImVec2 below(r.x, r.y + r.h);
    ImGui::SetNextWindowPos(below, ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(r.w, 0), ImVec2(r.w, ImGui::GetMainViewport()->WorkSize.y - r.h));
    ImVec4 opaque = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);  // the panel under it must not show through
    opaque.w = 1.0f;
    ImGui::PushStyleColor(ImGuiCol_PopupBg, opaque);
    if (ImGui::BeginPopup("##more")) {
      lesson_and_share(p);
      bar_items(p, s, false);
      ImGui::EndPopup();
    }
    ImGui::PopStyleColor();
  } else {
    lesson_and_share(p);
    flow(fs * 6.2f);
    play_button(p);
    p.layout.note("play");
    bar_items(p, s, true);
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
  ImGui::PushTextWrapPos(0.0f);  // narrow screens: the status wraps
  ImGui::TextDisabled("%s", fmt_num(p.lang, "%s", status_line(p).c_str()).c_str());  // decimal comma in pt
  ImGui::PopTextWrapPos();
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
  // The bar's height as drawn: the layout gives it exactly this much next frame.
  const float used = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
  if (std::abs(used - p.layout.controls_h) > 0.5f) {
    p.layout.controls_h = std::round(used);
    p.layout.request = true;
  }
  ImGui::End();
}

}  // namespace ganstep::ui
