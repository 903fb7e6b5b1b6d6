// Internal: a TOML document as a plain tree with source positions, so that only
// toml_reader.cpp includes toml++ and the schema code never sees it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lessons/format/loc.h"

namespace ganstep::lessons {

struct Member;

struct Value {
  enum class Type { String, Integer, Float, Bool, Array, Table, Date };
  Type type = Type::Table;
  std::string str;
  std::int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  std::vector<Value> items;     // Array
  std::vector<Member> members;  // Table, in source order
  Loc loc;                      // where the value starts (a table: its header, or its first key)

  bool is_table() const { return type == Type::Table; }
  const Value* find(std::string_view key) const;
  const Member* find_member(std::string_view key) const;
};

struct Member {
  std::string key;
  Loc key_loc;
  Value value;
};

// "a string", "an integer", ...: for "expected X, got Y" messages.
const char* type_phrase(Value::Type t);

// Limits that keep toml++ (and everything after it) on a short leash. Checked
// before parsing: dotted keys and table headers with more parts than
// kMaxKeyParts are rejected, since toml++ recurses once per part.
constexpr int kMaxKeyParts = 8;
// Arrays and inline tables nested deeper than this are rejected by toml++
// itself (TOML_MAX_NESTED_VALUES, set for the target in CMakeLists.txt).
constexpr int kMaxNestedValues = 8;

// Parses TOML text into root. On failure returns false and sets error (the
// message) and where (its position).
bool read_toml(std::string_view text, Value& root, std::string& error, Loc& where);

}  // namespace ganstep::lessons
