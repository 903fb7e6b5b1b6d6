// The game lessons' control bar (play, step, back, timeline, reset, language,
// help) and their narration: the fired beats' texts and questions.
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
namespace {

bool button(const char* label, const char* tip) {
  const bool pressed = ImGui::Button(label);
  if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  return pressed;
}

lessons::Lang lesson_lang(Lang l) { return l == Lang::Pt ? lessons::Lang::Pt : lessons::Lang::En; }

// Markdown-lite blocks: headings in the title font, list items with bullets.
void markdown(PlayerImpl& p, const std::string& text) {
  for (const auto& b : lessons::parse_markdown_lite(text)) {
    std::string line;
    for (const auto& sp : b.spans) line += sp.text;
    switch (b.kind) {
      case lessons::BlockKind::Heading:
        ImGui::PushFont(p.fonts.title);
        ImGui::TextWrapped("%s", line.c_str());
        ImGui::PopFont();
        break;
      case lessons::BlockKind::ListItem:
        ImGui::Bullet();
        ImGui::TextWrapped("%s", line.c_str());
        break;
      case lessons::BlockKind::Paragraph:
        ImGui::TextWrapped("%s", line.c_str());
        break;
    }
    ImGui::Spacing();
  }
}

}  // namespace

void panel_saddle_controls(PlayerImpl& p, SaddleState& s, const Rect& r) {
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBringToFrontOnFocus;
  begin_panel(p, S::WinControls, "controls", r, p.layout.place, flags);
  const float fs = ImGui::GetFontSize();
  GameSession& g = s.game;
  lesson_combo(p);
  ImGui::SameLine();
  open_share_buttons(p, p.open_share);
  ImGui::SameLine();
  {
    const bool playing = p.play.playing;
    if (playing) ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(with_alpha(col::kOrange, 0.45f)));
    const std::string label = std::string(p.t(playing ? S::Pause : S::Play)) + "###play";
    if (ImGui::Button(label.c_str(), ImVec2(fs * 6.2f, 0))) p.set_playing(!playing);
    if (playing) ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
  }
  ImGui::SameLine();
  if (button(p.t(S::StepIteration), "→")) p.step(StepSize::Iteration, 1);
  ImGui::SameLine();
  if (button(p.t(S::StepN), p.t(S::TipStepN))) p.play.queued_iterations += p.controls.n_iterations;
  ImGui::SameLine(0, 2);
  ImGui::SetNextItemWidth(fs * 3.6f);
  ImGui::InputInt("##n", &p.controls.n_iterations, 0, 0);
  p.controls.n_iterations = std::clamp(p.controls.n_iterations, 1, 100000);
  ImGui::SameLine(0, fs);
  if (button(p.t(S::BackIteration), "←")) p.back_iterations(1);
  ImGui::SameLine(0, fs);
  if (button(p.t(S::Reset), p.t(S::TipReset))) p.reset();
  ImGui::SameLine(0, fs);
  ImGui::TextUnformatted(p.t(S::Timeline));
  ImGui::SameLine();
  long long it = g.iteration();
  const long long lo = 0, hi = std::max<long long>(1, g.furthest_iteration());
  const float right_w = fs * 8.6f;
  ImGui::SetNextItemWidth(std::max(fs * 8.0f, ImGui::GetContentRegionAvail().x - right_w));
  if (ImGui::SliderScalar("##timeline", ImGuiDataType_S64, &it, &lo, &hi, "%lld")) {
    p.set_playing(false);
    p.seek_iteration(std::clamp<long long>(it, 0, g.furthest_iteration()));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipTimeline));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(fs * 3.6f);
  const char* langs[] = {"EN", "PT"};
  int li = p.lang == Lang::Pt ? 1 : 0;
  if (ImGui::Combo("##lang", &li, langs, 2)) p.lang = li ? Lang::Pt : Lang::En;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (L)", p.t(S::Language));
  ImGui::SameLine();
  if (button(p.t(S::Help), "H / F1")) p.help.open = !p.help.open;

  char status[256];
  std::snprintf(status, sizeof status, p.t(S::SaddleStatusFmt), static_cast<long long>(g.iteration()),
                static_cast<long long>(g.run_length()), g.main().distance(), p.play.playing ? p.play.ips : 0.0);
  ImGui::TextDisabled("%s · %s", status, rule_text(g.main().config(), p.lang == Lang::Pt).c_str());
  if (!p.error.empty()) {
    ImGui::SameLine(0, fs);
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kError));
    ImGui::TextUnformatted(p.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

void panel_saddle_narration(PlayerImpl& p, SaddleState& s, const Rect& r) {
  GameSession& g = s.game;
  if (s.seen_version != g.version() && !g.fired().empty()) s.shown_beat = -1;  // follow the newest beat
  s.seen_version = g.version();
  if (begin_panel(p, S::WinNarration, "narration", r, p.layout.place)) {
    const auto& fired = g.fired();
    const lessons::Lang lang = lesson_lang(p.lang);
    if (fired.empty()) {
      ImGui::TextWrapped("%s", p.t(S::NarrationWaiting));
    } else {
      int pos = s.shown_beat < 0 ? static_cast<int>(fired.size()) - 1 : s.shown_beat;
      pos = std::clamp(pos, 0, static_cast<int>(fired.size()) - 1);
      ImGui::BeginDisabled(pos == 0);
      if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) s.shown_beat = pos - 1;
      ImGui::EndDisabled();
      ImGui::SameLine();
      ImGui::Text("%d / %d", pos + 1, static_cast<int>(g.lesson().beats.size()));
      ImGui::SameLine();
      ImGui::BeginDisabled(pos + 1 >= static_cast<int>(fired.size()));
      if (ImGui::ArrowButton("##next", ImGuiDir_Right)) s.shown_beat = pos + 1;
      ImGui::EndDisabled();
      ImGui::Separator();
      const int bi = fired[static_cast<std::size_t>(pos)];
      const lessons::Beat& b = g.lesson().beats[static_cast<std::size_t>(bi)];
      markdown(p, b.text.get(lang));
      if (b.question) {
        const lessons::Question& q = *b.question;
        ImGui::Separator();
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kBlue));
        markdown(p, q.prompt.get(lang));
        ImGui::PopStyleColor();
        const int chosen = g.answered_choice(bi);
        const bool waiting = g.script().awaiting_answer() && g.script().question_beat() == bi;
        for (std::size_t c = 0; c < q.choices.size(); ++c) {
          const bool right = static_cast<int>(c) == q.answer;
          if (chosen >= 0) {
            ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(right ? col::kOk : (static_cast<int>(c) == chosen ? col::kError : col::kGrey)));
            ImGui::TextWrapped("%s %s", right ? "✓" : (static_cast<int>(c) == chosen ? "✗" : "·"), q.choices[c].get(lang).c_str());
            ImGui::PopStyleColor();
          } else {
            // A lettered button and the choice wrapped beside it (long choices fit the panel).
            const std::string letter = std::string(1, static_cast<char>('A' + c)) + "##choice" + std::to_string(c);
            if (ImGui::Button(letter.c_str()) && waiting) g.answer(static_cast<int>(c));
            ImGui::SameLine();
            ImGui::TextWrapped("%s", q.choices[c].get(lang).c_str());
          }
        }
        if (chosen >= 0) {
          ImGui::TextUnformatted(p.t(chosen == q.answer ? S::NarrationRight : S::NarrationWrong));
          if (!q.feedback.get(lang).empty()) markdown(p, q.feedback.get(lang));
        } else if (waiting) {
          ImGui::TextDisabled("%s", p.t(S::NarrationAnswerFirst));
        }
      }
    }
  }
  ImGui::End();
}

}  // namespace ganstep::ui
