// The narration panel's body for sessions that fire their own beats (game
// lessons' GameSession, image lessons' ImageSession): arrows through the
// fired beats, the shown beat's text and its prediction question.
//   Session: fired(), lesson(), answered_choice(beat), script()
//   answer(c): answers the waiting question with choice c
#pragma once

#include <algorithm>
#include <string>

#include "lessons/player/player_impl.h"

namespace ganstep::ui {

// shown_beat: the page shown (-1: the newest fired beat).
template <class Session, class Answer>
void narration_pages(PlayerImpl& p, const Session& g, int& shown_beat, Answer answer) {
  const auto& fired = g.fired();
  if (fired.empty()) return;
  const lessons::Lang lang = p.text_lang();
  int pos = shown_beat < 0 ? static_cast<int>(fired.size()) - 1 : shown_beat;
  pos = std::clamp(pos, 0, static_cast<int>(fired.size()) - 1);
  ImGui::BeginDisabled(pos == 0);
  if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) shown_beat = pos - 1;
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Text("%d / %d", pos + 1, static_cast<int>(g.lesson().beats.size()));
  ImGui::SameLine();
  ImGui::BeginDisabled(pos + 1 >= static_cast<int>(fired.size()));
  if (ImGui::ArrowButton("##next", ImGuiDir_Right)) shown_beat = pos + 1;
  ImGui::EndDisabled();
  ImGui::Separator();
  const int bi = fired[static_cast<std::size_t>(pos)];
  const lessons::Beat& b = g.lesson().beats[static_cast<std::size_t>(bi)];
  narration_markdown(p, b.text.get(lang));
  if (!b.question) return;
  const lessons::Question& q = *b.question;
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kBlue));
  narration_markdown(p, q.prompt.get(lang));
  ImGui::PopStyleColor();
  const int chosen = g.answered_choice(bi);
  const bool waiting = g.script().awaiting_answer() && g.script().question_beat() == bi;
  for (std::size_t c = 0; c < q.choices.size(); ++c) {
    const bool right = static_cast<int>(c) == q.answer;
    if (chosen >= 0) {
      const bool picked = static_cast<int>(c) == chosen;
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(right ? col::kOk : (picked ? col::kError : col::kGrey)));
      ImGui::TextWrapped("%s %s", right ? "✓" : (picked ? "✗" : "·"), q.choices[c].get(lang).c_str());
      ImGui::PopStyleColor();
    } else {
      // A lettered button and the choice wrapped beside it (long choices fit the panel).
      const std::string letter = std::string(1, static_cast<char>('A' + c)) + "##choice" + std::to_string(c);
      if (ImGui::Button(letter.c_str()) && waiting) answer(static_cast<int>(c));
      ImGui::SameLine();
      ImGui::TextWrapped("%s", q.choices[c].get(lang).c_str());
    }
  }
  if (chosen >= 0) {
    ImGui::TextUnformatted(p.t(chosen == q.answer ? S::NarrationRight : S::NarrationWrong));
    if (!q.feedback.get(lang).empty()) narration_markdown(p, q.feedback.get(lang));
  } else if (waiting) {
    ImGui::TextDisabled("%s", p.t(S::NarrationAnswerFirst));
  }
}

}  // namespace ganstep::ui
