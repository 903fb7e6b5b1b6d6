// The only file that includes toml++: TOML text -> Value tree.
// Built with TOML_EXCEPTIONS=0 (see CMakeLists.txt), so parsing never throws.
#include <toml++/toml.h>

#include <algorithm>

#include "lessons/format/value.h"

namespace ganstep::lessons {
namespace {

Loc loc_of(const toml::source_region& r) {
  return Loc{static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

bool bare_key_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// A cheap lexer that finds dotted keys (and table headers) with too many parts
// before toml++ sees them: toml++ recurses once per part, so a header such as
// [a.a.a. ... .a] with 100k parts would overflow the stack. It tracks strings
// and comments exactly as TOML does, so text inside them is never counted.
// Chains of 3 or more parts joined by dots only occur in keys (a float has 2).
bool check_key_depth(std::string_view s, std::string& error, Loc& where) {
  std::size_t i = 0;
  int line = 1, col = 1;
  int parts = 0;           // parts in the current chain
  bool after_dot = false;  // the chain's last token was a dot
  Loc chain_start;
  auto advance = [&](std::size_t n) {
    for (std::size_t j = 0; j < n && i < s.size(); ++j, ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '\n') { ++line; col = 1; }
      else if ((c & 0xC0) != 0x80) ++col;
    }
  };
  auto reset = [&] { parts = 0; after_dot = false; };
  auto segment = [&](Loc at) -> bool {
    if (parts > 0 && after_dot) ++parts;
    else { parts = 1; chain_start = at; }
    after_dot = false;
    if (parts > kMaxKeyParts) {
      error = "a key with more than " + std::to_string(kMaxKeyParts) + " dotted parts (nested too deeply)";
      where = chain_start;
      return false;
    }
    return true;
  };
  while (i < s.size()) {
    const char c = s[i];
    const Loc here{line, col};
    if (c == ' ' || c == '\t' || c == '\r') { advance(1); continue; }
    if (c == '\n') { reset(); advance(1); continue; }
    if (c == '#') {
      reset();
      while (i < s.size() && s[i] != '\n') advance(1);
      continue;
    }
    if (c == '"' || c == '\'') {
      const bool multi = s.compare(i, 3, std::string(3, c)) == 0;
      if (multi) {
        advance(3);
        for (;;) {
          if (i >= s.size()) return true;  // unterminated: toml++ reports it
          if (c == '"' && s[i] == '\\') { advance(2); continue; }
          if (s[i] == c && s.compare(i, 3, std::string(3, c)) == 0) {
            std::size_t run = 0;
            while (i + run < s.size() && s[i + run] == c && run < 5) ++run;
            advance(run);
            break;
          }
          advance(1);
        }
      } else {
        advance(1);
        for (;;) {
          if (i >= s.size() || s[i] == '\n') break;  // unterminated: toml++ reports it
          if (c == '"' && s[i] == '\\') { advance(2); continue; }
          if (s[i] == c) { advance(1); break; }
          advance(1);
        }
      }
      if (!segment(here)) return false;
      continue;
    }
    if (bare_key_char(static_cast<unsigned char>(c))) {
      while (i < s.size() && bare_key_char(static_cast<unsigned char>(s[i]))) advance(1);
      if (!segment(here)) return false;
      continue;
    }
    if (c == '.') {
      if (parts > 0 && !after_dot) after_dot = true;
      else reset();
      advance(1);
      continue;
    }
    reset();
    advance(1);
  }
  return true;
}

Value convert(const toml::node& n);

Value convert_table(const toml::table& t) {
  Value v;
  v.type = Value::Type::Table;
  v.loc = loc_of(t.source());
  v.members.reserve(t.size());
  for (auto&& [k, node] : t) {
    Member m;
    m.key = std::string(k.str());
    m.key_loc = loc_of(k.source());
    m.value = convert(node);
    if (m.value.loc.line == 0) m.value.loc = m.key_loc;
    v.members.push_back(std::move(m));
  }
  std::stable_sort(v.members.begin(), v.members.end(), [](const Member& a, const Member& b) {
    return a.key_loc.line != b.key_loc.line ? a.key_loc.line < b.key_loc.line : a.key_loc.col < b.key_loc.col;
  });
  return v;
}

Value convert(const toml::node& n) {
  Value v;
  v.loc = loc_of(n.source());
  switch (n.type()) {
    case toml::node_type::table: {
      Loc at = v.loc;
      v = convert_table(*n.as_table());
      if (at.line) v.loc = at;
      break;
    }
    case toml::node_type::array:
      v.type = Value::Type::Array;
      for (const auto& e : *n.as_array()) v.items.push_back(convert(e));
      break;
    case toml::node_type::string:
      v.type = Value::Type::String;
      v.str = n.as_string()->get();
      break;
    case toml::node_type::integer:
      v.type = Value::Type::Integer;
      v.integer = n.as_integer()->get();
      break;
    case toml::node_type::floating_point:
      v.type = Value::Type::Float;
      v.number = n.as_floating_point()->get();
      break;
    case toml::node_type::boolean:
      v.type = Value::Type::Bool;
      v.boolean = n.as_boolean()->get();
      break;
    default:
      v.type = Value::Type::Date;
      break;
  }
  return v;
}

}  // namespace

const Value* Value::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? &m->value : nullptr;
}

const Member* Value::find_member(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

const char* type_phrase(Value::Type t) {
  switch (t) {
    case Value::Type::String: return "a string";
    case Value::Type::Integer: return "an integer";
    case Value::Type::Float: return "a float";
    case Value::Type::Bool: return "a boolean";
    case Value::Type::Array: return "an array";
    case Value::Type::Table: return "a table";
    case Value::Type::Date: return "a date/time";
  }
  return "a value";
}

bool read_toml(std::string_view text, Value& root, std::string& error, Loc& where) {
  if (!check_key_depth(text, error, where)) return false;
  toml::parse_result r = toml::parse(text, std::string_view("lesson"));
  if (!r) {
    std::string d(r.error().description());
    if (!d.empty() && d[0] >= 'A' && d[0] <= 'Z') d[0] = static_cast<char>(d[0] - 'A' + 'a');
    error = "invalid TOML: " + d;
    where = loc_of(r.error().source());
    if (where.line == 0) where = Loc{1, 1};
    return false;
  }
  root = convert_table(r.table());
  root.loc = Loc{1, 1};
  return true;
}

}  // namespace ganstep::lessons
