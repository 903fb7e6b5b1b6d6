// The only file that includes toml++: TOML text -> Value tree.
// Built with TOML_EXCEPTIONS=0 (see CMakeLists.txt), so parsing never throws.
#include <toml++/toml.h>

#include <algorithm>
#include <vector>

#include "engine/core/text.h"
#include "lessons/format/value.h"

namespace ganstep::lessons {
namespace {

Loc loc_of(const toml::source_region& r) {
  return Loc{static_cast<int>(r.begin.line), static_cast<int>(r.begin.column)};
}

bool bare_key_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// A cheap lexer run before toml++ sees the text. It tracks strings and
// comments exactly as TOML does, and rejects two things toml++ 3.3 cannot
// survive:
//
//  1. Deep keys. toml++ recurses once per part of a dotted key or table
//     header, so [a.a.a. ... .a] with 100k parts overflows the stack. Chains
//     of 3 or more parts joined by dots only occur in keys (a float has 2).
//  3. A table header whose name does not start with a key character or a
//     quote (see below).
//  2. Non-ASCII characters where toml++ asks "is this whitespace?" (also
//     after a quote where no string may start, as in 5"é): its
//     is_non_ascii_horizontal_whitespace() reaches __builtin_unreachable for
//     most code points from U+00A1 on (found by fuzz/fuzz_lesson.cpp). It is
//     asked about every character of a key, the character after a bare
//     word or number, the character after a backslash in a multi-line string
//     and the first one after a line-ending backslash. TOML 1.0 allows
//     non-ASCII characters only inside strings and comments, and lesson keys
//     are ASCII, so rejecting them there loses nothing: inside string values
//     and comments they stay allowed (all the Portuguese text lives there).
//
// If the text is malformed, the lexer may lose track; toml++ then stops at
// the same place or earlier, before building anything deeper.
bool prescan(std::string_view s, std::string& error, Loc& where) {
  std::size_t i = 0;
  int line = 1, col = 1;
  int parts = 0;           // parts in the current dotted chain
  bool after_dot = false;  // the chain's last token was a dot
  Loc chain_start;
  std::vector<char> nest;  // open '[' (arrays) and '{' (inline tables) of values
  bool line_start = true;  // no token yet on this line
  bool in_header = false;  // inside [table] or [[array.of.tables]]
  bool in_value = false;   // after '=' (a value, or an array of values), not a key
  auto advance = [&](std::size_t n) {
    for (std::size_t j = 0; j < n && i < s.size(); ++j, ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '\n') { ++line; col = 1; }
      else if ((c & 0xC0) != 0x80) ++col;
    }
  };
  auto fail = [&](Loc at, std::string message) {
    error = std::move(message);
    where = at;
    return false;
  };
  auto non_ascii = [](char c) { return (static_cast<unsigned char>(c) & 0x80) != 0; };
  auto next_token = [&](std::size_t from) {  // the first non-blank character from `from` on this line
    while (from < s.size() && (s[from] == ' ' || s[from] == '\t')) ++from;
    return from < s.size() ? s[from] : '\n';
  };
  while (i < s.size()) {
    const char c = s[i];
    const Loc here{line, col};
    if (c == ' ' || c == '\t' || c == '\r') { advance(1); continue; }
    if (c == '\n') {
      parts = 0;
      after_dot = false;
      line_start = true;
      if (nest.empty()) in_value = false;
      advance(1);
      continue;
    }
    if (c == '#') {
      parts = 0;
      after_dot = false;
      while (i < s.size() && s[i] != '\n') advance(1);
      continue;
    }
    const bool was_line_start = line_start;
    line_start = false;
    if (c == '"' || c == '\'') {
      // A string starts a line or follows = [ { , or . (blanks between). After
      // anything else (5"é, 5:"é) it is not TOML, and toml++ asks its
      // whitespace question about the character after the quote (found by
      // fuzz/fuzz_share.cpp).
      std::size_t j = i;
      while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t')) --j;
      const char before = j == 0 ? '\n' : s[j - 1];
      // (a dot only in a dotted key: in a value, 5."é is a float gone wrong)
      if (std::string_view("\n\r=[{,.").find(before) == std::string_view::npos || (before == '.' && in_value))
        return fail(here, "a quote where no string can start (a string follows =, [, {, a comma or a dot)");
      const bool multi = s.compare(i, 3, std::string(3, c)) == 0;
      bool has_non_ascii = false;
      if (multi) {
        advance(3);
        for (;;) {
          if (i >= s.size()) return true;  // unterminated: toml++ reports it
          if (c == '"' && s[i] == '\\') {
            const Loc esc{line, col};
            advance(1);
            if (i < s.size() && non_ascii(s[i]))
              return fail(esc, "a backslash before a non-ASCII character (not a valid escape)");
            if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) {
              // a line-ending backslash: toml++ skips the blank run, then tests the next character
              while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) advance(1);
              if (i < s.size() && non_ascii(s[i]))
                return fail(Loc{line, col}, "a non-ASCII character right after a line-ending backslash");
              continue;
            }
            advance(1);
            continue;
          }
          if (s[i] == c && s.compare(i, 3, std::string(3, c)) == 0) {
            std::size_t run = 0;
            while (i + run < s.size() && s[i + run] == c && run < 5) ++run;
            advance(run);
            break;
          }
          has_non_ascii = has_non_ascii || non_ascii(s[i]);
          advance(1);
        }
      } else {
        advance(1);
        for (;;) {
          if (i >= s.size() || s[i] == '\n') break;  // unterminated: toml++ reports it
          if (c == '"' && s[i] == '\\') {
            advance(1);
            if (i < s.size() && non_ascii(s[i]))
              return fail(Loc{line, col}, "a backslash before a non-ASCII character (not a valid escape)");
            advance(1);
            continue;
          }
          if (s[i] == c) { advance(1); break; }
          has_non_ascii = has_non_ascii || non_ascii(s[i]);
          advance(1);
        }
      }
      const char follow = next_token(i);
      const bool is_key = in_header || follow == '=' || follow == '.' || (parts > 0 && after_dot);
      if (has_non_ascii && is_key)
        return fail(here, "a non-ASCII character in a key (keys are ASCII; text goes in string values)");
      if (parts > 0 && after_dot) ++parts;
      else { parts = 1; chain_start = here; }
      after_dot = false;
      if (parts > kMaxKeyParts)
        return fail(chain_start, "a key with more than " + std::to_string(kMaxKeyParts) + " dotted parts (nested too deeply)");
      continue;
    }
    if (non_ascii(c)) return fail(here, "a non-ASCII character outside a string or comment");
    if (bare_key_char(static_cast<unsigned char>(c))) {
      while (i < s.size() && bare_key_char(static_cast<unsigned char>(s[i]))) advance(1);
      if (parts > 0 && after_dot) ++parts;
      else { parts = 1; chain_start = here; }
      after_dot = false;
      if (parts > kMaxKeyParts)
        return fail(chain_start, "a key with more than " + std::to_string(kMaxKeyParts) + " dotted parts (nested too deeply)");
      continue;
    }
    if (c == '.') {
      if (parts > 0 && !after_dot) after_dot = true;
      else { parts = 0; after_dot = false; }
      advance(1);
      continue;
    }
    parts = 0;
    after_dot = false;
    if (c == '[') {
      if (was_line_start && nest.empty()) {
        in_header = true;
        // toml++ assumes (without checking) that a header's first key part
        // starts with a key character or a quote: [& or [<newline> is
        // undefined behaviour in a release build (another fuzz finding).
        // [[[ and [[ [ too: a third bracket after an array-of-tables
        // header's two (a single header's [ [ is parsed safely).
        std::size_t j = i + 1;
        const bool array_header = j < s.size() && s[j] == '[';
        if (array_header) ++j;
        while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
        if (j < s.size() && (array_header || s[j] != '[') && s[j] != ']' && s[j] != '"' && s[j] != '\'' &&
            !bare_key_char(static_cast<unsigned char>(s[j])))
          return fail(here, "a table header must start with a name, e.g. [training]");
        if (i + 1 < s.size() && s[i + 1] == '[') advance(1);
      } else {
        nest.push_back('[');
      }
    } else if (c == '{') {
      nest.push_back('{');
      in_value = false;  // an inline table's keys
    } else if (c == '=') {
      in_value = true;
    } else if (c == ',') {
      in_value = nest.empty() || nest.back() != '{';
    } else if (c == ']') {
      if (in_header) {
        in_header = false;
        if (i + 1 < s.size() && s[i + 1] == ']') advance(1);
      } else if (!nest.empty()) {
        nest.pop_back();
      }
    } else if (c == '}') {
      // toml++ assumes (TOML_ASSERT_ASSUME, undefined behaviour where the
      // compiler honours it, as clang does for the page) that an array
      // element does not start with '}': a=["",} (found by fuzz/fuzz_lesson.cpp).
      if (!nest.empty() && nest.back() == '[') return fail(here, "a '}' inside an array (close the array with ']')");
      if (!nest.empty()) nest.pop_back();
      in_value = true;  // the inline table was a value
    }
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

namespace {

// The text with every well-formed non-ASCII character replaced by one 'x'
// (lines and columns unchanged: toml++ counts characters).
std::string ascii_copy(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = static_cast<unsigned char>(text[i]) >= 0x80 ? utf8_length(text, i) : 0;
    out += n ? 'x' : text[i];
    i += n ? n : 1;
  }
  return out;
}

}  // namespace

bool read_toml(std::string_view text, Value& root, std::string& error, Loc& where) {
  if (!prescan(text, error, where)) return false;
  // toml++ 3.3 asks "is this whitespace?" about the character after a value
  // that failed to parse, and for most non-ASCII characters that question is
  // undefined behaviour (fuzzing found E=1="é and kin, which the prescan
  // cannot tell apart from strings). So a copy without non-ASCII characters
  // is parsed first: if it is not TOML, its error is the text's (same line
  // and column); if it is, the text takes the same path and non-ASCII
  // characters only ever meet toml++ inside strings and comments.
  const std::string ascii = ascii_copy(text);
  toml::parse_result r = toml::parse(ascii, std::string_view("lesson"));
  if (r && ascii != text) r = toml::parse(text, std::string_view("lesson"));
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
