// Answers to a beat's question: a choice, a number typed with a decimal point
// or comma (within the question's tolerance), or a free text; and which beat
// follows an answer (the question's `next`).
#include <cmath>
#include <cstdlib>

#include "engine/core/text.h"
#include "lessons/format/lesson.h"

namespace ganstep::lessons {

bool parse_decimal(const std::string& text, double& out) {
  std::size_t a = text.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return false;
  std::size_t b = text.find_last_not_of(" \t\r\n");
  std::string s = text.substr(a, b - a + 1);
  if (s.size() > 40) return false;
  // A decimal comma ("0,1899", as pt-BR writes it); never a thousands separator.
  const std::size_t comma = s.find(',');
  if (comma != std::string::npos) {
    if (s.find(',', comma + 1) != std::string::npos || s.find('.') != std::string::npos) return false;
    s[comma] = '.';
  }
  for (char ch : s)
    if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

std::string check_answer(const Question& q, const Answer& a) {
  switch (q.kind) {
    case AnswerKind::Choice:
      if (a.choice < 0 || a.choice >= static_cast<int>(q.choices.size()))
        return "the question has choices 0.." + std::to_string(q.choices.size() - 1);
      return "";
    case AnswerKind::Number: {
      double v;
      if (!parse_decimal(a.text, v)) return "the question asks for a number, not " + quote_input(a.text);
      return "";
    }
    case AnswerKind::Text:
      if (a.text.find_first_not_of(" \t\r\n") == std::string::npos) return "the question asks for a text";
      if (a.text.size() > kMaxAnswerBytes)
        return "the answer is too long (" + std::to_string(a.text.size()) + " bytes; at most " +
               std::to_string(kMaxAnswerBytes) + ")";
      for (std::size_t i = 0; i < a.text.size();) {  // shown back, saved in JSON: well-formed UTF-8, no control bytes
        const unsigned char ch = static_cast<unsigned char>(a.text[i]);
        if (ch < 0x80) {
          if (ch < 0x20 || ch == 0x7F) return "the answer holds a control character";
          ++i;
          continue;
        }
        const std::size_t n = utf8_length(a.text, i);
        if (n == 0) return "the answer is not valid UTF-8 text";
        i += n;
      }
      return "";
  }
  return "";
}

bool answer_right(const Question& q, const Answer& a) {
  if (!check_answer(q, a).empty()) return false;
  if (q.kind == AnswerKind::Choice) return a.choice == q.answer;
  if (q.kind == AnswerKind::Text) return false;
  double v = 0;
  parse_decimal(a.text, v);
  return std::abs(v - q.number) <= q.tolerance * (1 + 1e-9);
}

int next_beat(const std::vector<Beat>& beats, int beat, const Answer& a) {
  if (beat < 0 || beat >= static_cast<int>(beats.size())) return -1;
  const auto& q = beats[static_cast<std::size_t>(beat)].question;
  if (!q || q->next.empty()) return -1;
  std::size_t slot = 0;
  if (q->kind == AnswerKind::Choice) slot = a.choice >= 0 ? static_cast<std::size_t>(a.choice) : q->next.size();
  else if (q->kind == AnswerKind::Number) slot = answer_right(*q, a) ? 0 : 1;
  else return -1;
  if (slot >= q->next.size() || q->next[slot].empty()) return -1;
  for (std::size_t i = 0; i < beats.size(); ++i)
    if (beats[i].id == q->next[slot]) return static_cast<int>(i);
  return -1;
}

}  // namespace ganstep::lessons
