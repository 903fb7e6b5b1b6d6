// Reading a lesson: values checked against their rows, sections and beats, then parse_lesson, load_lesson_file and
// format_problem. The rows are in lesson_schema.cpp, the cross-checks run
// after reading in lesson_check.cpp.
//   reading values    strings, texts, lists, numbers; run settings
//   (a beat's question, trigger and set = { ... }: beat_read.cpp)
//   sections          read_section, read_beat
//   parse             parse_lesson, load_lesson_file, format_problem
#include "lessons/format/lesson_schema.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>

#include "engine/core/text.h"
#include "engine/gan/dataset.h"
#include "lessons/format/glyphs.h"
#include "lessons/format/markdown.h"

namespace ganstep::lessons {

using namespace schema;

namespace {

std::string where_of(const std::string& section, const std::string& key) {
  if (section.empty()) return key;
  if (section == "beat") return "beat." + key;
  if (section == "beat.question") return "question." + key;
  return "[" + section + "] " + key;
}

// ---------------------------------------------------------------- reading values

// Checks UTF-8 (toml++ already did for the document) and length.
bool check_string(Ctx& c, const std::string& s, std::size_t max_len, Loc at, const std::string& what) {
  if (s.size() > max_len) {
    c.error(at, what + " is too long (" + std::to_string(s.size()) + " bytes; at most " + std::to_string(max_len) + ")");
    return false;
  }
  return true;
}

}  // namespace

// The line of the document where line `n` (1-based) of a string value starts,
// for multi-line strings ("""...""" and '''...''', whose opening newline is dropped).
Loc schema::text_line_loc(const Ctx& c, Loc at, int n, bool* multi_line) {
  if (multi_line) *multi_line = false;
  if (at.line <= 0) return at;
  std::size_t pos = 0;
  for (int l = 1; l < at.line && pos != std::string_view::npos; ++l) {
    pos = c.source.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  if (pos == std::string_view::npos) return at;
  // find the string's opening quotes on that line, from its column
  std::size_t q = pos;
  for (int col = 1; col < at.col && q < c.source.size() && c.source[q] != '\n'; ++q)
    if ((static_cast<unsigned char>(c.source[q]) & 0xC0) != 0x80) ++col;
  auto sv = c.source.substr(q);
  const bool multi = sv.rfind("\"\"\"", 0) == 0 || sv.rfind("'''", 0) == 0;
  if (!multi) return at;
  if (multi_line) *multi_line = true;
  const bool newline_first = sv.size() > 3 && (sv[3] == '\n' || (sv[3] == '\r' && sv.size() > 4 && sv[4] == '\n'));
  return Loc{at.line + n - (newline_first ? 0 : 1), 1};
}

namespace {

void check_markdown(Ctx& c, const std::string& text, Loc at, const std::string& what) {
  std::vector<MarkdownProblem> probs;
  parse_markdown(text, &probs);
  for (const auto& m : probs) {
    std::vector<std::string> hints;
    if (!m.hint.empty()) hints.push_back(m.hint);
    c.error(text_line_loc(c, at, m.line), what + ": " + m.message + " (line " + std::to_string(m.line) + " of the text)", hints);
  }
}

// Where character `offset` of a string value that starts at `at` sits in the
// document, when the string holds it as written (no escape before it on its
// line); else the value's start.
Loc char_loc(const Ctx& c, const std::string& text, std::size_t offset, Loc at) {
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t from = line_start == std::string::npos || offset == 0 ? 0 : line_start + 1;
  int n = 1, chars = 0;
  for (std::size_t i = 0; i < from; ++i) n += text[i] == '\n';
  for (std::size_t i = from; i < offset; ++i) chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  bool multi = false;
  const Loc line = text_line_loc(c, at, n, &multi);
  const Loc guess = multi ? Loc{line.line, 1 + chars} : Loc{at.line, at.col + 1 + chars};
  // check the guess against the document: the character's bytes must be there
  std::size_t pos = 0;
  for (int l = 1; l < guess.line && pos != std::string_view::npos; ++l) {
    pos = c.source.find('\n', pos);
    if (pos != std::string_view::npos) ++pos;
  }
  for (int col = 1; pos != std::string_view::npos && col < guess.col && pos < c.source.size() && c.source[pos] != '\n'; ++col)
    for (++pos; pos < c.source.size() && (static_cast<unsigned char>(c.source[pos]) & 0xC0) == 0x80;) ++pos;
  std::size_t len = 1;
  while (offset + len < text.size() && (static_cast<unsigned char>(text[offset + len]) & 0xC0) == 0x80) ++len;
  if (pos != std::string_view::npos && c.source.substr(pos, len) == std::string_view(text).substr(offset, len)) return guess;
  return at;
}

// A character the player's font lacks draws as "?": a warning, the lesson still loads.
void check_glyphs(Ctx& c, const std::string& text, Loc at, const std::string& what) {
  char32_t cp = 0;
  const std::size_t i = first_missing_glyph(text, &cp);
  if (i == std::string::npos) return;
  int count = 0;
  for (std::size_t j = i; j < text.size();) {
    char32_t other = 0;
    const std::size_t k = first_missing_glyph(std::string_view(text).substr(j), &other);
    if (k == std::string_view::npos) break;
    ++count;
    j += k + 1;
    while (j < text.size() && (static_cast<unsigned char>(text[j]) & 0xC0) == 0x80) ++j;
  }
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  std::size_t len = 1;
  while (i + len < text.size() && (static_cast<unsigned char>(text[i + len]) & 0xC0) == 0x80) ++len;
  const std::string shown = cp < 0x20 || cp == 0x7F || cp == 0xFFFD ? std::string() : " '" + text.substr(i, len) + "'";
  std::string message = what + ": " + code + shown + " is not in the player's font; it shows as \"?\"";
  if (count > 1) message += " (" + std::to_string(count) + " such characters in this text)";
  c.warn(char_loc(c, text, i, at), message,
         {"the player draws Latin (with Portuguese accents), Greek, arrows, mathematical operators, super- and "
          "subscripts, geometric shapes and check marks; write it with those, or in words"});
}

// A text's member is en or pt; reports any other key.
bool is_language(Ctx& c, const Member& m, const std::string& what) {
  if (m.key == "en" || m.key == "pt") return true;
  c.unknown(m.key_loc, "unknown language " + in_quotes(m.key) + " in " + what, m.key, {"en", "pt"},
            "texts have en (English) and pt (Portuguese, pt-BR)");
  return false;
}

bool read_text(Ctx& c, const Value& v, const Row& r, const std::string& what, Text& out) {
  if (v.type != Value::Type::Table) {
    c.error(v.loc, what + " must have both languages: " + r.key + ".en = \"...\" and " + r.key + ".pt = \"...\"",
            {std::string("got ") + describe(v) + "; write " + r.key + ".en and " + r.key + ".pt"});
    return false;
  }
  bool ok = true;
  for (const auto& m : v.members) {
    if (!is_language(c, m, what)) {
      ok = false;
      continue;
    }
    if (m.value.type != Value::Type::String) {
      c.error(m.value.loc, what + "." + m.key + " must be a string, got " + describe(m.value));
      ok = false;
      continue;
    }
    if (!check_string(c, m.value.str, r.max_len, m.value.loc, what + "." + m.key)) { ok = false; continue; }
    if (m.value.str.find_first_not_of(" \t\r\n") == std::string::npos) {
      c.error(m.value.loc, what + "." + m.key + " is empty");
      ok = false;
      continue;
    }
    if (is_text_row(r)) check_markdown(c, m.value.str, m.value.loc, what + "." + m.key);
    check_glyphs(c, m.value.str, m.value.loc, what + "." + m.key);
    (m.key == "en" ? out.en : out.pt) = m.value.str;
  }
  if (!v.find("en")) {
    c.error(v.loc, "missing English text: " + what + ".en", {"every text needs en (English) and pt (Portuguese)"});
    ok = false;
  }
  if (!v.find("pt")) {
    c.error(v.loc, "missing Portuguese text: " + what + ".pt", {"every text needs en (English) and pt (Portuguese)"});
    ok = false;
  }
  return ok;
}

bool read_string_list(Ctx& c, const Value& v, std::size_t max_len, std::size_t max_items, const std::string& what,
                      std::vector<std::string>& out) {
  if (v.type != Value::Type::Array) {
    c.error(v.loc, what + " must be an array of strings, got " + describe(v));
    return false;
  }
  if (v.items.size() > max_items) {
    c.error(v.loc, what + " has too many items (" + std::to_string(v.items.size()) + "; at most " + std::to_string(max_items) + ")");
    return false;
  }
  bool ok = true;
  for (const auto& e : v.items) {
    if (e.type != Value::Type::String) {
      c.error(e.loc, what + " must hold strings, got " + describe(e));
      ok = false;
      continue;
    }
    if (!check_string(c, e.str, max_len, e.loc, "an item of " + what)) { ok = false; continue; }
    out.push_back(e.str);
  }
  return ok;
}

}  // namespace

std::string schema::describe(const Value& v) {
  if (v.type == Value::Type::Table) return "a table";
  return type_phrase(v.type);
}

bool schema::parse_value(Ctx& c, const Row& r, const Value& v, const std::string& what, Parsed& p) {
  p.loc = v.loc;
  p.type = v.type;
  p.raw = &v;
  auto mismatch = [&] {
    c.error(v.loc, what + " must be " + kind_phrase(r.kind) + ", got " + describe(v));
    return false;
  };
  switch (r.kind) {
    case Kind::String:
      if (v.type != Value::Type::String) return mismatch();
      if (!check_string(c, v.str, r.max_len ? r.max_len : kMaxStringBytes, v.loc, what)) return false;
      p.s = v.str;
      return true;
    case Kind::Integer:
      if (v.type != Value::Type::Integer) return mismatch();
      p.i = v.integer;
      return true;
    case Kind::Number:
      if (v.type == Value::Type::Integer) { p.d = static_cast<double>(v.integer); return true; }
      if (v.type != Value::Type::Float) return mismatch();
      if (!std::isfinite(v.number)) {
        c.error(v.loc, what + " must be a finite number, got " + (std::isnan(v.number) ? "nan" : "inf"));
        return false;
      }
      p.d = v.number;
      return true;
    case Kind::Bool:
      if (v.type != Value::Type::Bool) return mismatch();
      p.b = v.boolean;
      return true;
    case Kind::Text:
      return read_text(c, v, r, what, p.text);
    case Kind::StringList:
      return read_string_list(c, v, r.max_len, 32, what, p.list);
    case Kind::TextList: {
      if (v.type != Value::Type::Table) {
        c.error(v.loc, what + " must have both languages: " + r.key + ".en = [...] and " + r.key + ".pt = [...]",
                {std::string("got ") + describe(v)});
        return false;
      }
      std::vector<std::string> en, pt;
      bool ok = true;
      for (const auto& m : v.members) {
        if (!is_language(c, m, what)) {
          ok = false;
          continue;
        }
        std::vector<std::string>& out = m.key == "en" ? en : pt;
        ok = read_string_list(c, m.value, r.max_len, 6, what + "." + m.key, out) && ok;
        for (std::size_t i = 0; i < out.size() && ok; ++i) {
          if (out[i].find_first_not_of(" \t\r\n") == std::string::npos) {
            c.error(m.value.loc, what + "." + m.key + " has an empty choice");
            ok = false;
          } else {
            check_markdown(c, out[i], m.value.items[i].loc, what + "." + m.key);
            check_glyphs(c, out[i], m.value.items[i].loc, what + "." + m.key);
          }
        }
      }
      if (!v.find("en")) { c.error(v.loc, "missing English text: " + what + ".en"); ok = false; }
      if (!v.find("pt")) { c.error(v.loc, "missing Portuguese text: " + what + ".pt"); ok = false; }
      if (!ok) return false;
      if (en.size() != pt.size()) {
        c.error(v.loc, what + ".en has " + std::to_string(en.size()) + " choices but " + what + ".pt has " +
                           std::to_string(pt.size()));
        return false;
      }
      if (en.size() < 2) {
        c.error(v.loc, what + " needs at least 2 choices, got " + std::to_string(en.size()));
        return false;
      }
      for (std::size_t i = 0; i < en.size(); ++i) p.texts.push_back(Text{en[i], pt[i]});
      return true;
    }
    case Kind::Trigger:
    case Kind::Settings:
    case Kind::Points:
    case Kind::WorkedRows:
      return true;
  }
  return false;
}

// The engine's text for a run-setting value read from TOML.
std::string schema::config_text(const Parsed& p, Kind k) {
  if (k == Kind::Integer) return std::to_string(p.i);
  if (k == Kind::Number) return p.type == Value::Type::Integer ? std::to_string(p.raw->integer) : shortest(p.d, false);
  if (k == Kind::Bool) return p.b ? "true" : "false";
  return p.s;
}

// A csv: path relative to the lesson file's folder (ParseOptions::base_dir).
std::string schema::resolve_data(const Ctx& c, const std::string& text) {
  if (text.rfind("csv:", 0) != 0 || c.options.base_dir.empty()) return text;
  const std::string path = text.substr(4);
  if (path.empty() || path[0] == '/') return text;
  return "csv:" + c.options.base_dir + "/" + path;
}

std::string schema::dataset_hint(const std::string& spec) {
  if (spec.rfind("csv:", 0) == 0) return "";  // a file's problem, not a misspelt name
  std::string name = spec.substr(0, spec.find('('));
  std::string best = did_you_mean(name, dataset_names());
  if (!best.empty() && best != name) return "did you mean " + in_quotes(best) + "?";
  return "";
}

namespace {

// A [game] key, read by the engine's game_keys().
void read_game_row(Ctx& c, const Row& r, Lesson& lesson, const Parsed& p) {
  if (!lesson.game) lesson.game.emplace();
  std::string e = apply_game_setting(lesson.game->config, r.config_key, config_text(p, r.kind));
  if (!e.empty()) c.error(p.loc, "[game] " + e);
}

void read_config_row(Ctx& c, const Row& r, Lesson& lesson, const Parsed& p, const std::string& what) {
  const ConfigKey* k = find_config_key(r.config_key);
  if (!k) return;
  const bool data = std::string(r.config_key) == "data";
  std::string text = data ? resolve_data(c, config_text(p, r.kind)) : config_text(p, r.kind);
  if (data && !c.options.allow_files && text.rfind("csv:", 0) == 0) {
    c.error(p.loc, what + ": csv: data sets are not allowed here (a share link cannot read files)");
    c.bad_data = true;
    return;
  }
  std::string e = k->set(lesson.config, text);
  if (!e.empty()) {
    if (data) c.bad_data = true;  // one root cause: no second message about the default data's dimension
    std::vector<std::string> hints;
    if (std::string(r.config_key) == "data") {
      std::string h = dataset_hint(text);
      if (!h.empty()) hints.push_back(h);
    }
    c.error(p.loc, what + ": " + e, hints);
  }
}

// ---------------------------------------------------------------- [data] points

// [[x, y], ...] into the data setting "points:X,Y;X,Y;..." (engine/gan/dataset.h).
void read_points(Ctx& c, Lesson& lesson, const Value& data, const Value& v) {
  if (data.find("set")) {
    c.error(v.loc, "[data] has both set and points", {"keep one: points are the data set"});
    c.bad_data = true;
    return;
  }
  if (v.type != Value::Type::Array) {
    c.error(v.loc, "[data] points must be an array of [x, y] pairs, got " + describe(v), {"e.g. points = [[0, 1], [2.5, -1]]"});
    c.bad_data = true;
    return;
  }
  if (v.items.empty() || v.items.size() > kMaxInlinePoints) {
    c.error(v.loc, "[data] points has " + std::to_string(v.items.size()) + " points; it needs 1.." +
                       std::to_string(kMaxInlinePoints),
            {v.items.empty() ? "add [x, y] pairs" : "put them in a CSV file: set = \"csv:points.csv\""});
    c.bad_data = true;
    return;
  }
  std::string spec = "points:";
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const Value& p = v.items[i];
    double xy[2];
    bool ok = p.type == Value::Type::Array && p.items.size() == 2;
    for (int a = 0; ok && a < 2; ++a) {
      const Value& n = p.items[static_cast<std::size_t>(a)];
      if (n.type == Value::Type::Integer) xy[a] = static_cast<double>(n.integer);
      else if (n.type == Value::Type::Float && std::isfinite(n.number)) xy[a] = n.number;
      else ok = false;
      ok = ok && xy[a] >= -1e6 && xy[a] <= 1e6;
    }
    if (!ok) {
      c.error(p.loc, "[data] points: point " + std::to_string(i + 1) + " must be [x, y], two numbers in -1e6..1e6, got " +
                         describe(p));
      c.bad_data = true;
      return;
    }
    spec += (i ? ";" : "") + shortest_text(xy[0], true, 1) + "," + shortest_text(xy[1], true, 1);
  }
  lesson.config.data = spec;
}

// ---------------------------------------------------------------- [view.logloss] rows

// [{ label = "x1", real = true, d = 0.9, blank = ["log"] }, ...]
void read_worked_rows(Ctx& c, Lesson& lesson, const Value& v) {
  const std::string form = "e.g. rows = [{ label = \"x1\", real = true, d = 0.9 }, { label = \"G(z1)\", real = false, d = 0.2 }]";
  if (v.type != Value::Type::Array) {
    c.error(v.loc, "[view.logloss] rows must be an array of rows, got " + describe(v), {form});
    return;
  }
  if (v.items.empty() || v.items.size() > kMaxWorkedRows) {
    c.error(v.loc, "[view.logloss] rows has " + std::to_string(v.items.size()) + " rows; it needs 1.." +
                       std::to_string(kMaxWorkedRows));
    return;
  }
  static const std::vector<std::string> keys = {"label", "real", "d", "blank"};
  static const std::vector<std::string> cells = {"corrected", "log"};
  std::vector<WorkedRow> out;
  bool ok = true;
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    const Value& e = v.items[i];
    const std::string what = "[view.logloss] row " + std::to_string(i + 1);
    if (e.type != Value::Type::Table) {
      c.error(e.loc, what + " must be a table { label = ..., real = ..., d = ... }, got " + describe(e), {form});
      ok = false;
      continue;
    }
    WorkedRow r;
    // Present, even when malformed (that is its own message): "needs d" only when d is missing.
    const bool has_label = e.find("label") != nullptr, has_real = e.find("real") != nullptr, has_d = e.find("d") != nullptr;
    bool unknown_key = false;
    for (const auto& m : e.members) {
      const Value& x = m.value;
      if (m.key == "label") {
        if (x.type != Value::Type::String || x.str.empty() || x.str.size() > 40) {
          c.error(x.loc, what + ": label must be a string of 1..40 bytes");
          ok = false;
        } else {
          r.label = x.str;
        }
      } else if (m.key == "real") {
        if (x.type != Value::Type::Bool) {
          c.error(x.loc, what + ": real must be true (class 1, a real sample) or false (class 0, a fake), got " + describe(x));
          ok = false;
        } else {
          r.real = x.boolean;
        }
      } else if (m.key == "d") {
        const bool number = x.type == Value::Type::Integer || (x.type == Value::Type::Float && std::isfinite(x.number));
        const double d = x.type == Value::Type::Integer ? static_cast<double>(x.integer) : x.number;
        if (!number || !(d > 0 && d < 1)) {
          c.error(x.loc, what + ": d = " + (number ? shortest_text(d, false) : describe(x)) +
                             " must be a number strictly between 0 and 1 (D's output, a probability)",
                  {"log(0) is not a number: write e.g. 0.001 or 0.999"});
          ok = false;
        } else {
          r.d = d;
        }
      } else if (m.key == "blank") {
        std::vector<std::string> list;
        if (!read_string_list(c, x, 40, 2, what + ": blank", list)) { ok = false; continue; }
        for (const auto& b : list) {
          if (b == "corrected") r.blank_corrected = true;
          else if (b == "log") r.blank_log = true;
          else {
            c.unknown(x.loc, what + ": unknown cell " + in_quotes(b) + " in blank", b, cells,
                      "cells the student can fill: corrected, log");
            ok = false;
          }
        }
      } else {
        c.unknown(m.key_loc, "unknown key " + in_quotes(m.key) + " in " + what, m.key, keys, "row keys: " + join(keys));
        ok = false;
        unknown_key = true;
      }
    }
    if ((!has_label || !has_real || !has_d) && !unknown_key) {
      c.error(e.loc, what + " needs " + std::string(!has_label ? "label" : !has_real ? "real" : "d"), {form});
      ok = false;
    }
    out.push_back(r);
  }
  if (ok) lesson.view.options.rows = out;
}

// ---------------------------------------------------------------- sections

const Section* child_section(const std::string& parent, const std::string& key) {
  for (const auto& s : sections())
    if (parent == s.parent && key == s.key) return &s;
  return nullptr;
}

std::vector<std::string> names_in(const std::string& section) {
  std::vector<std::string> v;
  for (const auto& r : rows())
    if (section == r.section) v.push_back(r.key);
  for (const auto& s : sections())
    if (section == s.parent) v.push_back(s.key);
  return v;
}

std::string section_title(const std::string& s) {
  if (s.empty()) return "the top level";
  if (s == "beat") return "[[beat]]";
  return "[" + s + "]";
}

void read_beat(Ctx& c, Lesson& lesson, const Value& table, int index);

// Reads the members of one section's table.
void read_section(Ctx& c, const std::string& section, const Value& table, Target target) {
  for (const auto& m : table.members) {
    const Row* row = nullptr;
    for (const auto& r : rows())
      if (section == r.section && m.key == r.key) { row = &r; break; }
    const std::string what = where_of(section, m.key);
    if (row) {
      if (row->kind == Kind::Trigger) {
        const std::size_t before = c.problems->size();
        read_trigger(c, *target.beat, m.value);
        target.beat->trigger.bad = c.problems->size() > before;  // one message: later checks skip it
        continue;
      }
      if (row->kind == Kind::Settings) { read_settings(c, *target.beat, m.value); continue; }
      if (row->kind == Kind::Points) { read_points(c, *target.lesson, table, m.value); continue; }
      if (row->kind == Kind::WorkedRows) { read_worked_rows(c, *target.lesson, m.value); continue; }
      Parsed p;
      if (!parse_value(c, *row, m.value, row->kind == Kind::Text || row->kind == Kind::TextList ? m.key : what, p))
        continue;
      if (is_game_row(*row)) read_game_row(c, *row, *target.lesson, p);
      else if (row->config_key) read_config_row(c, *row, *target.lesson, p, what);
      else if (row->read) row->read(c, target, p);
      continue;
    }
    if (const Section* s = child_section(section, m.key)) {
      if (s->array) {
        // [[beat]]: an array of tables
        if (m.value.type != Value::Type::Array) {
          c.error(m.value.loc, std::string(s->key) + " must be an array of tables ([[" + s->key + "]]), got " + describe(m.value));
          continue;
        }
        for (std::size_t i = 0; i < m.value.items.size(); ++i) {
          const Value& e = m.value.items[i];
          if (i >= kMaxBeats) {
            c.error(e.loc, "too many beats (" + std::to_string(m.value.items.size()) + "; at most " +
                               std::to_string(kMaxBeats) + ")",
                    {"split the lesson in two"});
            break;
          }
          if (e.type != Value::Type::Table) {
            c.error(e.loc, "each beat must be a table ([[beat]]), got " + describe(e));
            continue;
          }
          read_beat(c, *target.lesson, e, static_cast<int>(i));
        }
        continue;
      }
      if (m.value.type != Value::Type::Table) {
        c.error(m.value.loc, section_title(s->name) + " must be a table, got " + describe(m.value),
                {std::string("write [") + s->name + "] on a line of its own, then its keys"});
        continue;
      }
      if (std::string(s->name) == "beat.question") {
        Question q;
        q.loc = m.value.loc;
        Target t = target;
        t.question = &q;
        read_section(c, s->name, m.value, t);
        finish_question(c, q, m.value);
        target.beat->question = q;
      } else {
        if (std::string(s->name) == "game" && !target.lesson->game) target.lesson->game.emplace();
        if (std::string(s->name) == "latent" && !target.lesson->latent) target.lesson->latent.emplace();
        read_section(c, s->name, m.value, target);
      }
      continue;
    }
    std::vector<std::string> names = names_in(section);
    c.unknown(m.key_loc, "unknown key " + in_quotes(m.key) + " in " + section_title(section), m.key, names,
              names.empty() ? "" : "keys here: " + join(names));
  }
  // required keys
  for (const auto& r : rows()) {
    if (section != r.section || !r.required || table.find(r.key)) continue;
    std::string hint;
    if (r.kind == Kind::Text) hint = std::string("add ") + r.key + ".en = \"...\" and " + r.key + ".pt = \"...\"";
    c.error(table.loc, std::string("missing ") + where_of(section, r.key) + " in " + section_title(section),
            hint.empty() ? std::vector<std::string>{std::string("add ") + r.key + " = ... (" + r.help + ")"}
                         : std::vector<std::string>{hint});
  }
  for (const auto& s : sections()) {
    if (section != s.parent || !s.required || table.find(s.key)) continue;
    c.error(table.loc, std::string("missing section [") + s.name + "]", {std::string("[") + s.name + "] holds " + s.help});
  }
}

void read_beat(Ctx& c, Lesson& lesson, const Value& table, int index) {
  Beat b;
  b.loc = table.loc;
  b.trigger.loc = table.loc;
  Target t{&lesson, &b, nullptr};
  const Value* id = table.find("id");
  c.prefix = beat_label(index, id && id->type == Value::Type::String && valid_id(id->str) ? id->str : "") + ": ";
  read_section(c, "beat", table, t);
  c.prefix.clear();
  lesson.beats.push_back(std::move(b));
}
}  // namespace

// ---------------------------------------------------------------- parse

LoadResult parse_lesson(std::string_view text_in, const ParseOptions& options) {
  // A UTF-8 byte-order mark (as some editors save) is not part of the text:
  // positions count from the character after it.
  const std::string_view text = skip_utf8_bom(text_in);
  LoadResult out;
  Ctx c{&out.problems, options, text, false, "", false};
  c.warnings = &out.warnings;
  if (text.size() > kMaxLessonBytes) {
    c.error(Loc{1, 1}, "the lesson is too large (" + std::to_string(text.size()) + " bytes; at most " +
                           std::to_string(kMaxLessonBytes) + ")");
    return out;
  }
  Value root;
  std::string err;
  Loc at;
  if (!read_toml(text, root, err, at)) {
    std::vector<std::string> hints;
    if (err.find("utf-8") != std::string::npos || err.find("UTF-8") != std::string::npos)
      hints.push_back("save the file as UTF-8");
    c.error(at, err, hints);
    return out;
  }
  // Nothing a lesson holds nests deeper than beat[i].question.choices.en[j].
  std::function<bool(const Value&, int)> too_deep = [&](const Value& v, int d) {
    if (d > 6) {
      c.error(v.loc, "nested too deeply (more than 6 levels of tables and arrays)");
      return true;
    }
    for (const auto& e : v.items)
      if (too_deep(e, d + 1)) return true;
    for (const auto& m : v.members)
      if (too_deep(m.value, d + 1)) return true;
    return false;
  };
  if (too_deep(root, 0)) return out;
  c.game_lesson = root.find("game") != nullptr;
  c.latent_lesson = root.find("latent") != nullptr;
  const Value* data_section = root.find("data");
  c.image_lesson = data_section && data_section->is_table() && data_section->find("images");
  read_section(c, "", root, Target{&out.lesson, nullptr, nullptr});
  check_lesson(c, root, out.lesson);
  const auto by_place = [](const Problem& a, const Problem& b) {
    return a.line != b.line ? a.line < b.line : a.col < b.col;
  };
  std::stable_sort(out.problems.begin(), out.problems.end(), by_place);
  std::stable_sort(out.warnings.begin(), out.warnings.end(), by_place);
  return out;
}

LoadResult load_lesson_file(const std::string& path) {
  LoadResult out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.problems.push_back(Problem{0, 0, "cannot open the file", {}});
    return out;
  }
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxLessonBytes) {
      out.problems.push_back(Problem{1, 1, "the lesson is too large (more than " + std::to_string(kMaxLessonBytes) + " bytes)", {}});
      return out;
    }
  }
  if (in.bad()) {
    out.problems.push_back(Problem{1, 1, "cannot read the file", {}});
    return out;
  }
  ParseOptions options;  // csv: paths are relative to the lesson file
  const std::size_t slash = path.rfind('/');
  if (slash != std::string::npos) options.base_dir = slash == 0 ? "/" : path.substr(0, slash);
  return parse_lesson(text, options);
}

std::string format_problem(const std::string& file, const Problem& p) {
  const std::string at = p.line > 0 ? file + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": " : file + ": ";
  std::string s = at + (p.warning ? "warning: " : "error: ") + p.message + "\n";
  for (const auto& h : p.hints) s += at + "hint: " + h + "\n";
  return s;
}

}  // namespace ganstep::lessons
