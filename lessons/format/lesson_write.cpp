// Writing a lesson: save_lesson and its TOML writers (strings, lists,
// numbers, triggers, one section's rows), compact saves leaving out defaults.
#include "lessons/format/lesson_schema.h"

#include <cstdio>
#include <cstdlib>

namespace ganstep::lessons {

namespace schema {

// shortest_text(), with ".0" when it would read back as a TOML integer.
std::string shortest(double v, bool as_float) {
  std::string s = shortest_text(v, as_float);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // a TOML float, not an integer
  return s;
}

}  // namespace schema

using namespace schema;

namespace {

std::string toml_string(const std::string& s, bool allow_multiline) {
  const bool multi = allow_multiline && s.find('\n') != std::string::npos;
  std::string out = multi ? "\"\"\"\n" : "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char ch = static_cast<unsigned char>(s[i]);
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += multi ? "\n" : "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (ch < 0x20 || ch == 0x7F) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04X", ch);
          out += b;
        } else {
          out += static_cast<char>(ch);
        }
    }
  }
  return out + (multi ? "\"\"\"" : "\"");
}

std::string toml_list(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + toml_string(v[i], false);
  return s + "]";
}

// The TOML of a run-setting value (engine text) typed by its row. Game values are doubles.
std::string config_value_toml(const Row& r, const std::string& text) {
  if (r.kind == Kind::Integer) return text;
  if (r.kind == Kind::Number) return shortest(std::strtod(text.c_str(), nullptr), !is_game_row(r));
  if (r.kind == Kind::Bool) return text;  // "true" or "false"
  return toml_string(text, false);
}

// Game keys saved: not the shorthands (rule, lr), and the formula keys only for a custom game.
bool saved_game_key(const GameKey& k, const GameConfig& g) {
  if (k.shorthand) return false;
  const std::string key = k.key;
  if (key == "formula" || key == "formula_g" || key == "eq_x" || key == "eq_y") return g.game == GameKind::Custom;
  return true;
}

std::string trigger_toml(const Trigger& t) {
  switch (t.kind) {
    case TriggerKind::Load: return "\"load\"";
    case TriggerKind::AtIteration: return "{ at_iteration = " + std::to_string(t.iteration) + " }";
    case TriggerKind::AtPhase: {
      std::string s = std::string("{ at_phase = \"") + phase_name(t.phase) + "\"";
      if (t.after) s += ", after = " + std::to_string(t.after);
      return s + " }";
    }
    case TriggerKind::Metric: {
      std::string s = std::string("{ metric = \"") + metric_name(t.metric) + "\", " + (t.above ? "above" : "below") +
                      " = " + shortest(t.threshold, false);
      if (t.after) s += ", after = " + std::to_string(t.after);
      return s + " }";
    }
  }
  return "\"load\"";
}

// key = value lines of one row (a text is two lines).
std::string row_toml(const Row& r, const Parsed& p) {
  const std::string k = r.key;
  switch (r.kind) {
    case Kind::String: return k + " = " + toml_string(p.s, false) + "\n";
    case Kind::Integer: return k + " = " + std::to_string(p.i) + "\n";
    case Kind::Number:  // an integer stays one (a question's answer: a choice's index)
      if (p.type == Value::Type::Integer) return k + " = " + std::to_string(static_cast<std::int64_t>(p.d)) + "\n";
      return k + " = " + shortest(p.d, false) + "\n";
    case Kind::Bool: return k + " = " + (p.b ? "true" : "false") + "\n";
    case Kind::Text:
      return k + ".en = " + toml_string(p.text.en, true) + "\n" + k + ".pt = " + toml_string(p.text.pt, true) + "\n";
    case Kind::StringList: return k + " = " + toml_list(p.list) + "\n";
    case Kind::TextList: {
      std::vector<std::string> en, pt;
      for (const auto& t : p.texts) { en.push_back(t.en); pt.push_back(t.pt); }
      return k + ".en = " + toml_list(en) + "\n" + k + ".pt = " + toml_list(pt) + "\n";
    }
    case Kind::Trigger:
    case Kind::Settings:
    case Kind::Points:
    case Kind::WorkedRows:
      return "";
  }
  return "";
}

std::string worked_rows_toml(const std::vector<WorkedRow>& rows) {
  std::string s = "rows = [\n";
  for (const auto& r : rows) {
    s += "  { label = " + toml_string(r.label, false) + ", real = " + (r.real ? "true" : "false") +
         ", d = " + shortest(r.d, false);
    if (r.blank_corrected || r.blank_log) {
      std::vector<std::string> b;
      if (r.blank_corrected) b.push_back("corrected");
      if (r.blank_log) b.push_back("log");
      s += ", blank = " + toml_list(b);
    }
    s += " },\n";
  }
  return s + "]\n";
}

// Every row of a section, as TOML lines. compact: skip rows equal to `defaults`.
std::string section_toml(const std::string& section, const CTarget& t, const CTarget& defaults, bool compact) {
  std::string out;
  for (const auto& r : rows()) {
    if (section != r.section) continue;
    std::string line, def;
    if (is_game_row(r)) {
      if (!t.lesson->game) continue;
      const GameKey* k = find_game_key(r.config_key);
      const GameConfig& g = t.lesson->game->config;
      if (!k || !saved_game_key(*k, g)) continue;
      const GameConfig defaults_g;
      line = r.key + std::string(" = ") + config_value_toml(r, k->get(g)) + "\n";
      def = r.key + std::string(" = ") + config_value_toml(r, k->get(defaults_g)) + "\n";
      // Always written: it keeps [game] in a compact save whose other keys are defaults.
      if (std::string(r.key) == "game") def.clear();
    } else if (r.config_key) {
      const ConfigKey* k = find_config_key(r.config_key);
      if (!k) continue;
      const std::string key = r.config_key;
      if (t.lesson->image && (key == "data" || key == "g_hidden" || key == "d_hidden")) continue;
      if (key == "data" && t.lesson->config.data.rfind("points:", 0) == 0) continue;  // written as points
      line = r.key + std::string(" = ") + config_value_toml(r, k->get(t.lesson->config)) + "\n";
      def = r.key + std::string(" = ") + config_value_toml(r, k->get(defaults.lesson->config)) + "\n";
    } else if (r.kind == Kind::Points) {
      const std::string& d = t.lesson->config.data;
      if (d.rfind("points:", 0) != 0) continue;
      std::string list = "points = [";
      std::size_t at = 7;
      for (int n = 0; at <= d.size(); ++n) {
        const std::size_t semi = std::min(d.find(';', at), d.size());
        const std::string item = d.substr(at, semi - at);
        const std::size_t comma = item.find(',');
        list += std::string(n ? ", " : "") + (n % 8 == 0 ? "\n  " : "") + "[" + item.substr(0, comma) + ", " +
                item.substr(comma + 1) + "]";
        at = semi + 1;
      }
      line = list + "\n]\n";
    } else if (r.kind == Kind::WorkedRows) {
      if (t.lesson->view.options.rows.empty()) continue;
      line = worked_rows_toml(t.lesson->view.options.rows);
    } else if (r.kind == Kind::Trigger) {
      line = std::string(r.key) + " = " + trigger_toml(t.beat->trigger) + "\n";
      def = compact ? "" : "-";  // a beat always says when it fires
    } else if (r.kind == Kind::Settings) {
      if (t.beat->set.empty() && t.beat->view_set.empty()) continue;
      std::string s = "set = { ";
      for (std::size_t i = 0; i < t.beat->set.size(); ++i) {
        const Setting& st = t.beat->set[i];
        const Row* cr = t.lesson->game ? row_for_game_key(st.key) : row_for_config_key(st.key);
        s += (i ? ", " : "") + st.key + " = " + (cr ? config_value_toml(*cr, st.value) : toml_string(st.value, false));
      }
      for (std::size_t i = 0; i < t.beat->view_set.size(); ++i) {  // panel options: "logloss.base" = "log10"
        const Setting& st = t.beat->view_set[i];
        const Row* pr = row_for_panel_option(st.key);
        s += (i || !t.beat->set.empty() ? ", " : "") + toml_string(st.key, false) + " = " +
             (pr && pr->kind == Kind::Bool ? st.value : toml_string(st.value, false));
      }
      line = s + " }\n";
    } else {
      Parsed p, d;
      if (!r.write(t, p)) continue;
      line = row_toml(r, p);
      if (defaults.lesson && r.write(defaults, d)) def = row_toml(r, d);
    }
    if (compact && !r.required && line == def) continue;
    out += line;
  }
  return out;
}

}  // namespace

std::string save_lesson(const Lesson& l, bool compact) {
  // What parse_lesson() fills in for a missing key. (Default panels follow the
  // lesson's data, since that is what the parser derives them from.)
  Lesson defaults;
  defaults.view.panels = l.game    ? game_panels()
                         : l.image ? image_panels()
                                   : default_panels(data_dim(l.config.data) == 2 ? 2 : 1);
  const Beat default_beat;
  Question default_question;
  default_question.kind = AnswerKind::Text;  // no default answer: a compact save keeps `answer = 0`
  std::string out;
  if (!compact) out += "# ganstep lesson (lessons/README.md describes every key)\n";
  out += "format = " + std::to_string(kFormatVersion) + "\n";
  for (const auto& s : sections()) {
    if (std::string(s.parent) != "") continue;
    if (s.array) {
      for (const auto& b : l.beats) {
        out += "\n[[" + std::string(s.key) + "]]\n";
        out += section_toml(s.name, CTarget{&l, &b, nullptr}, CTarget{&defaults, &default_beat, nullptr}, compact);
        if (b.question) {
          out += "\n[beat.question]\n";
          out += section_toml("beat.question", CTarget{&l, &b, &*b.question},
                              CTarget{&defaults, &default_beat, &default_question}, compact);
        }
      }
      continue;
    }
    std::string body = section_toml(s.name, CTarget{&l, nullptr, nullptr}, CTarget{&defaults, nullptr, nullptr}, compact);
    if (!body.empty()) out += "\n[" + std::string(s.name) + "]\n" + body;
    for (const auto& sub : sections()) {  // [view.logloss], ...: only what differs from the defaults
      if (s.name != std::string(sub.parent) || sub.array) continue;
      const std::string sb = section_toml(sub.name, CTarget{&l, nullptr, nullptr}, CTarget{&defaults, nullptr, nullptr}, true);
      if (!sb.empty()) out += "\n[" + std::string(sub.name) + "]\n" + sb;
    }
  }
  return out;
}

}  // namespace ganstep::lessons
