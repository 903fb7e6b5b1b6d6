// Beat texts filled in when they fire, and beats' numeric claims (beat_text.h).
//   values        LiveValues, value_names
//   controls      the control names and which lesson kinds have them
//   placeholders  find, check, fill
//   claims        parse_claim, claim_holds
//   checking      check_beat_texts (ganstep check): each problem at its FILE:LINE:COL
#include "lessons/format/beat_text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "engine/core/text.h"
#include "lessons/format/lesson_schema.h"

namespace ganstep::lessons {

// ---------------------------------------------------------------- values

namespace {

// "js_2" -> ("js", 2); run 0 when the name has no run suffix.
std::string split_run(const std::string& name, int& run) {
  run = 0;
  const std::size_t u = name.rfind('_');
  if (u == std::string::npos || u + 2 != name.size() || name[u + 1] < '2' || name[u + 1] > '9') return name;
  run = name[u + 1] - '0';
  return name.substr(0, u);
}

}  // namespace

std::optional<double> LiveValues::get(const std::string& name) const {
  if (name == "iteration") {
    if (iteration < 0) return std::nullopt;
    return static_cast<double>(iteration);
  }
  Metric m;
  int run = 0;
  const std::vector<double>* of = &metrics;
  if (!parse_metric(name, m)) {
    if (!parse_metric(split_run(name, run), m) || run < 2 || static_cast<std::size_t>(run - 2) >= compared.size())
      return std::nullopt;
    of = &compared[static_cast<std::size_t>(run - 2)];
  }
  const std::size_t i = static_cast<std::size_t>(m);
  if (i >= of->size() || std::isnan((*of)[i])) return std::nullopt;
  return (*of)[i];
}

std::vector<std::string> value_names(const Lesson& lesson) {
  std::vector<std::string> v = {"iteration"};
  std::vector<std::string> gan;
  for (const auto& name : metric_names()) {
    Metric m;
    parse_metric(name, m);
    const bool divergence = m == Metric::Js || m == Metric::KlDataG || m == Metric::KlGData;
    if (lesson.game ? m != Metric::Distance : (m == Metric::Distance || (lesson.image && divergence))) continue;
    v.push_back(name);
    gan.push_back(name);
  }
  if (!lesson.game && !lesson.image)
    for (std::size_t r = 0; r < lesson.compare.size(); ++r)
      for (const auto& name : gan) v.push_back(name + "_" + std::to_string(r + 2));
  return v;
}

// ---------------------------------------------------------------- controls

namespace {

struct NamedControl {
  Control control;
  const char* name;
};
const NamedControl kControls[] = {
    {Control::Play, "play"},         {Control::Phase, "phase"},       {Control::DStep, "dstep"},
    {Control::Iteration, "iteration"}, {Control::StepN, "n"},         {Control::BackPhase, "back_phase"},
    {Control::BackIteration, "back_iteration"}, {Control::Reset, "reset"}, {Control::Seed, "seed"},
    {Control::Checkpoint, "checkpoint"}, {Control::Open, "open"},     {Control::Share, "share"},
    {Control::Help, "help"}};

}  // namespace

const char* control_name(Control c) {
  for (const auto& n : kControls)
    if (n.control == c) return n.name;
  return "?";
}

bool parse_control(const std::string& s, Control& out) {
  for (const auto& n : kControls)
    if (s == n.name) { out = n.control; return true; }
  return false;
}

std::vector<Control> controls_of(const Lesson& lesson) {
  // The toolbar lessons/player/panel_controls.cpp draws from this list: a
  // game and a [latent] lesson step by iterations only (an update of z, or a
  // batch of digits scored: they have no phases or D-steps); an image lesson
  // steps by phase like a point lesson and loads checkpoints instead of a seed.
  if (lesson.game || lesson.latent)
    return {Control::Play, Control::Iteration, Control::StepN, Control::BackIteration, Control::Reset,
            Control::Open, Control::Share, Control::Help};
  if (lesson.image)
    return {Control::Play,          Control::Phase, Control::DStep,      Control::Iteration,
            Control::StepN,         Control::BackPhase, Control::BackIteration, Control::Reset,
            Control::Checkpoint,    Control::Open,  Control::Share,      Control::Help};
  return {Control::Play, Control::Phase, Control::DStep, Control::Iteration, Control::StepN, Control::BackPhase,
          Control::BackIteration, Control::Reset, Control::Seed, Control::Open, Control::Share, Control::Help};
}

// ---------------------------------------------------------------- placeholders

namespace {

bool name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }
bool name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// ".2f", ".3g", ".0%": "" or the problem.
std::string parse_format(std::string_view f, Placeholder& p) {
  const std::string bad = "bad format " + quote_input(std::string(f)) + " (write .Nf, .Ng or .N%, e.g. .2f)";
  if (f.size() < 3 || f[0] != '.') return bad;
  const std::string_view digits = f.substr(1, f.size() - 2);
  const char style = f.back();
  if (style != 'f' && style != 'g' && style != '%') return bad;
  if (digits.empty() || digits.size() > 1 || digits[0] < '0' || digits[0] > '9') return bad;
  const int n = digits[0] - '0';
  if (style == 'g' && n < 1) return ".0g has no digits (write .1g to .9g)";
  if (style != 'g' && n > 6) return "at most 6 decimals";
  p.style = style;
  p.digits = n;
  return "";
}

}  // namespace

std::vector<Placeholder> find_placeholders(std::string_view text, std::vector<TextProblem>* problems) {
  std::vector<Placeholder> out;
  auto problem = [&](std::size_t at, std::string m, std::string hint = "") {
    if (problems) problems->push_back(TextProblem{at, std::move(m), std::move(hint)});
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      ++i;  // a literal "}"
      continue;
    }
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;  // a literal "{"
      continue;
    }
    std::size_t j = i + 1;
    if (j >= text.size() || !name_start(text[j])) continue;  // "{z⁽¹⁾, …}": ordinary text
    while (j < text.size() && name_char(text[j])) ++j;
    if (j >= text.size() || (text[j] != '}' && text[j] != ':')) continue;
    Placeholder p;
    p.begin = i;
    p.name = std::string(text.substr(i + 1, j - i - 1));
    if (text[j] == ':') {
      const std::size_t close = text.find('}', j);
      const std::size_t line_end = text.find('\n', j);
      if (close == std::string_view::npos || (line_end != std::string_view::npos && line_end < close)) {
        problem(i, "unclosed placeholder " + quote_input("{" + p.name + ":"), "close it with }, or write {{ for a literal brace");
        continue;
      }
      const std::string_view rest = text.substr(j + 1, close - j - 1);
      if (p.name == "button" || p.name == "panel") {
        p.kind = p.name;
        p.name = std::string(rest);
      } else {
        std::string e = parse_format(rest, p);
        if (!e.empty()) problem(i, "placeholder " + quote_input("{" + p.name + ":" + std::string(rest) + "}") + ": " + e);
      }
      j = close;
    }
    p.end = j + 1;
    out.push_back(p);
    i = j;
  }
  return out;
}

std::vector<TextProblem> check_placeholders(std::string_view text, const Lesson& lesson) {
  std::vector<TextProblem> problems;
  const std::vector<Placeholder> found = find_placeholders(text, &problems);
  const std::vector<std::string> names = value_names(lesson);
  for (const auto& p : found) {
    auto hint_for = [&](const std::vector<std::string>& candidates, const std::string& list) {
      const std::string best = did_you_mean(p.name, candidates);
      return best.empty() ? list : "did you mean " + quote_input(best) + "?";
    };
    if (p.kind == "button") {
      Control c;
      std::vector<std::string> have;
      for (Control k : controls_of(lesson)) have.push_back(control_name(k));
      if (!parse_control(p.name, c)) {
        problems.push_back({p.begin, "unknown control " + quote_input(p.name) + " in {button:…}",
                            hint_for(have, "controls: " + [&] {
                              std::string s;
                              for (const auto& h : have) s += (s.empty() ? "" : ", ") + h;
                              return s;
                            }())});
      } else if (std::find(have.begin(), have.end(), p.name) == have.end()) {
        const char* kind = lesson.game ? "a [game] lesson" : lesson.image ? "an image lesson" : "a point GAN lesson";
        problems.push_back({p.begin, "{button:" + p.name + "}: " + kind + " has no such control",
                            hint_for(have, "")});
      }
    } else if (p.kind == "panel") {
      Panel v;
      if (!parse_panel(p.name, v)) {
        std::vector<std::string> all;
        for (Panel k : all_panels()) all.push_back(panel_name(k));
        problems.push_back({p.begin, "unknown panel " + quote_input(p.name) + " in {panel:…}", hint_for(all, "")});
      } else if (!lesson.view.shows(v)) {
        problems.push_back({p.begin, "{panel:" + p.name + "}: the lesson does not show this panel",
                            "add \"" + p.name + "\" to [view] panels"});
      }
    } else if (std::find(names.begin(), names.end(), p.name) == names.end()) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      problems.push_back({p.begin, "unknown value " + quote_input(p.name) + " in a placeholder",
                          hint_for(names, "values: " + list + "; {button:…}, {panel:…}; {{ for a literal brace")});
    } else if (p.name == "iteration" && (p.style != 'g' || p.digits != 3)) {
      problems.push_back({p.begin, "{iteration} is a whole number: it takes no format", "write {iteration}"});
    }
  }
  std::sort(problems.begin(), problems.end(), [](const TextProblem& a, const TextProblem& b) { return a.offset < b.offset; });
  return problems;
}

std::string fill_text(std::string_view text, const LiveValues& values, Lang lang, const LabelFn& label) {
  const std::vector<Placeholder> found = find_placeholders(text);
  std::string out;
  std::size_t at = 0;
  auto copy_plain = [&](std::size_t end) {  // text between placeholders: {{ and }} become { and }
    for (std::size_t i = at; i < end; ++i) {
      out += text[i];
      if ((text[i] == '{' || text[i] == '}') && i + 1 < end && text[i + 1] == text[i]) ++i;
    }
  };
  for (const auto& p : found) {
    copy_plain(p.begin);
    at = p.end;
    if (!p.kind.empty()) {
      out += label ? label(p.kind, p.name, lang) : p.name;
      continue;
    }
    const std::optional<double> v = values.get(p.name);
    if (!v) out += "—";
    else if (p.name == "iteration") out += std::to_string(values.iteration);
    else out += number_text(*v, p.style, p.digits, lang == Lang::Pt);
  }
  copy_plain(text.size());
  return out;
}

// ---------------------------------------------------------------- claims

std::string parse_claim(std::string_view s, const std::vector<std::string>& names, Claim& out, std::string* hint) {
  out = Claim{};
  out.text = std::string(s);
  std::size_t i = 0;
  auto skip = [&] {
    while (i < s.size() && s[i] == ' ') ++i;
  };
  skip();
  const std::size_t n0 = i;
  while (i < s.size() && name_char(s[i])) ++i;
  out.name = std::string(s.substr(n0, i - n0));
  const std::string usage = "write NAME OP NUMBER, e.g. \"js < 0.1\" (OP: <, <=, >, >=)";
  if (out.name.empty()) {
    if (hint) *hint = usage;
    return "claim " + quote_input(std::string(s)) + " does not start with a name";
  }
  if (std::find(names.begin(), names.end(), out.name) == names.end()) {
    if (hint) {
      const std::string best = did_you_mean(out.name, names);
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      *hint = best.empty() ? "names: " + list : "did you mean " + quote_input(best) + "?";
    }
    return "claim " + quote_input(std::string(s)) + ": unknown name " + quote_input(out.name);
  }
  skip();
  if (s.substr(i, 2) == "<=") out.op = Claim::Op::Le, i += 2;
  else if (s.substr(i, 2) == ">=") out.op = Claim::Op::Ge, i += 2;
  else if (s.substr(i, 1) == "<") out.op = Claim::Op::Lt, i += 1;
  else if (s.substr(i, 1) == ">") out.op = Claim::Op::Gt, i += 1;
  else {
    if (hint) *hint = usage;
    return "claim " + quote_input(std::string(s)) + ": expected <, <=, > or >= after " + out.name;
  }
  skip();
  const std::string number(s.substr(i));
  char* end = nullptr;
  out.value = std::strtod(number.c_str(), &end);
  std::size_t used = static_cast<std::size_t>(end - number.c_str());
  while (used < number.size() && number[used] == ' ') ++used;
  if (number.empty() || used != number.size() || !std::isfinite(out.value) || number.find_first_of("xXnN") != std::string::npos) {
    if (hint) *hint = usage;
    return "claim " + quote_input(std::string(s)) + ": " + quote_input(number) + " is not a number";
  }
  return "";
}

std::optional<bool> claim_holds(const Claim& claim, const LiveValues& values) {
  const std::optional<double> v = values.get(claim.name);
  if (!v) return std::nullopt;
  switch (claim.op) {
    case Claim::Op::Lt: return *v < claim.value;
    case Claim::Op::Le: return *v <= claim.value;
    case Claim::Op::Gt: return *v > claim.value;
    case Claim::Op::Ge: return *v >= claim.value;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- checking

namespace {

// Where byte `offset` of a string value lies in the document: exact for
// multi-line strings that start with a newline and for one-line strings
// without escapes before it.
Loc offset_loc(const schema::Ctx& c, const Value& v, std::size_t offset) {
  const std::string& t = v.str;
  offset = std::min(offset, t.size());
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i)
    if (t[i] == '\n') ++line, line_start = i + 1;
  int chars = 0;
  for (std::size_t i = line_start; i < offset; ++i)
    if ((static_cast<unsigned char>(t[i]) & 0xC0) != 0x80) ++chars;
  bool multi = false;
  const Loc at = schema::text_line_loc(c, v.loc, line, &multi);
  if (multi) return Loc{at.line, 1 + chars};
  return Loc{v.loc.line, v.loc.col + 1 + chars};
}

void check_text_value(schema::Ctx& c, const Value& v, const Lesson& l, const std::string& what) {
  if (v.type != Value::Type::String) return;  // reported when read
  for (const auto& p : check_placeholders(v.str, l)) {
    std::vector<std::string> hints;
    if (!p.hint.empty()) hints.push_back(p.hint);
    c.error(offset_loc(c, v, p.offset), what + ": " + p.message, hints);
  }
}

void check_text_table(schema::Ctx& c, const Value* t, const Lesson& l, const std::string& what) {
  if (!t || !t->is_table()) return;
  for (const auto& m : t->members) {
    if (m.value.type == Value::Type::Array) {
      for (const auto& item : m.value.items) check_text_value(c, item, l, what + "." + m.key);
    } else {
      check_text_value(c, m.value, l, what + "." + m.key);
    }
  }
}

}  // namespace

void schema::check_beat_texts(Ctx& c, const Value& root, const Lesson& l) {
  const Value* beats = root.find("beat");
  if (!beats || beats->type != Value::Type::Array) return;
  const std::vector<std::string> names = value_names(l);
  for (std::size_t i = 0; i < beats->items.size(); ++i) {
    const Value& b = beats->items[i];
    if (!b.is_table()) continue;
    c.prefix = "beat " + std::to_string(i + 1) + ": ";
    check_text_table(c, b.find("text"), l, "text");
    if (const Value* q = b.find("question"); q && q->is_table()) {
      for (const char* key : {"prompt", "choices", "feedback"})
        check_text_table(c, q->find(key), l, std::string("question.") + key);
    }
    const Value* claims = b.find("claims");
    if (!claims || claims->type != Value::Type::Array) continue;
    for (const auto& item : claims->items) {
      if (item.type != Value::Type::String) continue;
      Claim claim;
      std::string hint;
      const std::string e = parse_claim(item.str, names, claim, &hint);
      if (!e.empty()) c.error(item.loc, e, hint.empty() ? std::vector<std::string>{} : std::vector<std::string>{hint});
    }
  }
  c.prefix.clear();
}

}  // namespace ganstep::lessons
