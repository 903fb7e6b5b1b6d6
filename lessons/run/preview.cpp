#include "lessons/run/preview.h"

#include <algorithm>

#include "engine/core/text.h"

namespace ganstep::run {

std::string parse_preset_answer(const lessons::Lesson& lesson, const std::string& text, PresetAnswer& out) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos)
    return "--answer " + quote_input(text) + ": expected BEAT=VALUE (a beat's id or number; a choice from 0, a number or a text)";
  const std::string name = text.substr(0, eq), choice = text.substr(eq + 1);
  const auto& beats = lesson.beats;
  int beat = -1;
  for (std::size_t i = 0; i < beats.size() && beat < 0; ++i)
    if (!beats[i].id.empty() && beats[i].id == name) beat = static_cast<int>(i);
  const bool number = !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
  if (beat < 0 && number && name.size() <= 3) {
    const int n = std::stoi(name);
    if (n >= 1 && n <= static_cast<int>(beats.size())) beat = n - 1;
  }
  if (beat < 0) {
    std::vector<std::string> ids;
    for (const auto& b : beats)
      if (b.question && !b.id.empty()) ids.push_back(b.id);
    const std::string hint = number ? "" : did_you_mean(name, ids);
    return "--answer " + quote_input(text) + ": no beat " + quote_input(name) +
           (hint.empty() ? " (name a beat by its id or its number from 1)" : " (did you mean \"" + hint + "\"?)");
  }
  const lessons::Beat& b = beats[static_cast<std::size_t>(beat)];
  const std::string who = b.id.empty() ? "beat " + std::to_string(beat + 1) : "beat \"" + b.id + "\"";
  if (!b.question) return "--answer " + quote_input(text) + ": " + who + " asks no question";
  const lessons::Question& q = *b.question;
  lessons::Answer a;
  if (q.kind == lessons::AnswerKind::Choice) {
    const int n = static_cast<int>(q.choices.size());
    if (choice.empty() || choice.size() > 2 || choice.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(choice) >= n)
      return "--answer " + quote_input(text) + ": " + who + "'s question has choices 0.." + std::to_string(n - 1);
    a.choice = std::stoi(choice);
  } else {
    a.text = choice;
    const std::string e = lessons::check_answer(q, a);
    if (!e.empty()) return "--answer " + quote_input(text) + ": " + who + ": " + e;
  }
  out.beat = beat;
  out.answer = a;
  return "";
}

std::string parse_preset_answers(const lessons::Lesson& lesson, const std::vector<std::string>& texts,
                                 std::vector<PresetAnswer>& out) {
  out.clear();
  for (const std::string& t : texts) {
    PresetAnswer a;
    std::string e = parse_preset_answer(lesson, t, a);
    if (e.empty() && std::any_of(out.begin(), out.end(), [&](const PresetAnswer& x) { return x.beat == a.beat; }))
      e = "--answer " + quote_input(t) + ": that beat is answered twice";
    if (!e.empty()) return e;
    out.push_back(a);
  }
  return "";
}

lessons::Answer right_answer(const lessons::Question& q) {
  lessons::Answer a;
  if (q.kind == lessons::AnswerKind::Choice) a.choice = q.answer;
  else if (q.kind == lessons::AnswerKind::Number) a.text = shortest_text(q.number, false);
  else a.text = "\u2026";
  return a;
}

bool answer_waiting(Session& session, const std::vector<PresetAnswer>& answers) {
  bool any = false;
  for (std::size_t guard = 0; guard <= session.lesson().beats.size(); ++guard) {
    const auto& script = session.narration().script;
    if (!script.awaiting_answer()) break;
    const int beat = script.question_beat();
    const lessons::Question& q = *session.lesson().beats[static_cast<std::size_t>(beat)].question;
    lessons::Answer given = right_answer(q);
    for (const PresetAnswer& a : answers)
      if (a.beat == beat) given = a.answer;
    session.answer(given);  // (true only when right; the answer fits: parse_preset_answer checked it)
    any = true;
  }
  return any;
}

bool play_to(Session& session, std::int64_t iterations, const std::vector<PresetAnswer>& answers,
             const std::function<void()>& on_step, bool stop_at_end) {
  while (session.iterations() < iterations) {
    if (stop_at_end && session.run().iteration() >= session.lesson().run_length()) break;
    if (answer_waiting(session, answers) && on_step) on_step();
    const bool ok = session.step_iterations(1);
    if (on_step) on_step();
    if (!ok) return false;
    if (session.busy()) return true;  // the run trains elsewhere: the caller goes on (Session::resume)
  }
  return true;
}

}  // namespace ganstep::run
