// The lesson schema's shared parts, private to lessons/format (the public
// API is lesson.h): the kinds of values, the rows and sections of the one key
// table (lesson_schema.cpp), the reading context, and the lookups that the
// reader (lesson_read.cpp), the checks (lesson_check.cpp) and the writer
// (lesson_write.cpp) share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/text.h"
#include "lessons/format/lesson.h"
#include "lessons/format/value.h"

namespace ganstep::lessons::schema {

std::vector<std::string> phase_names();
std::string join(const std::vector<std::string>& v, const char* sep = ", ");
std::string in_quotes(const std::string& s);
// A lesson or beat id: 1..40 lower-case letters, digits, '-', '_' (not first).
bool valid_id(const std::string& s);
// The shortest decimal that reads back as the same float (as_float) or
// double, written as a TOML float (1.0, not 1).
std::string shortest(double v, bool as_float);

// ---------------------------------------------------------------- the schema

enum class Kind { String, Integer, Number, Bool, Text, StringList, TextList, Trigger, Settings, Points, WorkedRows };

const char* kind_phrase(Kind k);

// A value checked against its row's kind.
struct Parsed {
  std::string s;
  std::int64_t i = 0;
  double d = 0;
  bool b = false;
  Text text;
  std::vector<std::string> list;
  std::vector<Text> texts;
  const Value* raw = nullptr;  // Trigger, Settings
  Loc loc;
  Value::Type type = Value::Type::String;  // the TOML type it came from
};

struct Ctx;

// What a row reads into / writes from.
struct Target {
  Lesson* lesson = nullptr;
  Beat* beat = nullptr;
  Question* question = nullptr;
};
struct CTarget {
  const Lesson* lesson = nullptr;
  const Beat* beat = nullptr;
  const Question* question = nullptr;
};

using ReadFn = void (*)(Ctx&, Target&, const Parsed&);
using WriteFn = bool (*)(const CTarget&, Parsed&);

struct Row {
  const char* section;     // "" (top level), "meta", ..., "beat", "beat.question"
  const char* key;
  Kind kind;
  bool required;
  const char* config_key;  // engine config key: config_keys() parses, checks and prints it
  std::size_t max_len;     // strings (each text / list item): byte limit
  const char* help;
  ReadFn read;             // lesson-owned rows
  WriteFn write;
};

struct Section {
  const char* name;    // as in Row::section
  const char* key;     // the key in its parent
  const char* parent;
  bool array;          // [[beat]]
  bool required;
  const char* help;
};

// The schema's tables, in lesson_schema.cpp.
template <class T>
struct Table {
  const T* first;
  const T* last;
  const T* begin() const { return first; }
  const T* end() const { return last; }
};
Table<Section> sections();
Table<Row> rows();

struct Ctx {
  std::vector<Problem>* problems;
  ParseOptions options;
  std::string_view source;
  bool full = false;
  std::string prefix;  // "beat 3: " or "beat \"ID\": " while reading a beat (beat_label)
  bool game_lesson = false;  // the document has a [game] section: beats set game keys
  bool image_lesson = false; // the document has [data] images
  bool latent_lesson = false; // the document has [latent]: beats set its keys
  bool bad_data = false;     // [data] set was refused: checks that need the data's dimension stay quiet
  std::vector<Problem>* warnings = nullptr;  // the lesson still loads with these
  LessonKind kind() const { return game_lesson ? LessonKind::Game : image_lesson ? LessonKind::Image : LessonKind::Point; }

  void error(Loc at, std::string message, std::vector<std::string> hints = {}) {
    if (full) return;
    if (problems->size() >= kMaxProblems) {
      problems->push_back(Problem{at.line, at.col, "too many problems (stopping after " +
                                                       std::to_string(kMaxProblems) + ")", {}});
      full = true;
      return;
    }
    problems->push_back(Problem{at.line ? at.line : 1, at.col ? at.col : 1, prefix + message, std::move(hints)});
  }
  void warn(Loc at, std::string message, std::vector<std::string> hints = {}) {
    if (!warnings || warnings->size() >= kMaxProblems) return;
    warnings->push_back(Problem{at.line ? at.line : 1, at.col ? at.col : 1, prefix + message, std::move(hints), true});
  }
  void unknown(Loc at, const std::string& what, const std::string& word, const std::vector<std::string>& names,
               const std::string& expected_list = "") {
    std::vector<std::string> hints;
    std::string best = did_you_mean(word, names);
    if (!best.empty()) hints.push_back("did you mean " + in_quotes(best) + "?");
    else if (!expected_list.empty()) hints.push_back(expected_list);
    error(at, what, hints);
  }
};

// ---------------------------------------------------------------- lookups

const ConfigKey* find_config_key(const std::string& name);
bool is_game_row(const Row& r);
const Row* row_for_config_key(const std::string& name);
const Row* row_for_game_key(const std::string& name);
const GameKey* find_game_key(const std::string& name);
std::vector<std::string> game_key_names();
bool is_text_row(const Row& r);
// The row of a panel option ("logloss.base": section "view.logloss", key "base"), or nullptr.
const Row* row_for_panel_option(const std::string& name);

// The line of the document where line n (1-based) of the string value at `at`
// starts (multi-line strings; *multi_line says whether it is one). lesson_read.cpp
Loc text_line_loc(const Ctx& c, Loc at, int n, bool* multi_line = nullptr);

// Reading values (lesson_read.cpp): "a table", "a string", ... for messages;
// v type-checked against r.kind into p (reports and returns false on a mismatch).
std::string describe(const Value& v);
bool parse_value(Ctx& c, const Row& r, const Value& v, const std::string& what, Parsed& p);
// The engine's text for a run-setting value; a csv: path relative to the lesson's
// folder; "did you mean" for a misspelt data set name ("" when none).
std::string config_text(const Parsed& p, Kind k);
std::string resolve_data(const Ctx& c, const std::string& text);
std::string dataset_hint(const std::string& spec);
// A beat's parts (beat_read.cpp): the kind of its question and the keys that do
// not go with it, its trigger, its set = { ... }.
void finish_question(Ctx& c, Question& q, const Value& table);
void read_trigger(Ctx& c, Beat& b, const Value& v);
void read_settings(Ctx& c, Beat& b, const Value& v);

// Placeholders and claims of every beat (beat_text.cpp), with the position of each problem.
void check_beat_texts(Ctx& c, const Value& root, const Lesson& l);

// ---------------------------------------------------------------- checks (lesson_check.cpp)

// Cross-field checks, after every key is read.
void check_lesson(Ctx& c, const Value& root, Lesson& l);
// The panels shown when [view] panels is missing.
std::vector<Panel> game_panels();
std::vector<Panel> image_panels();
std::vector<Panel> latent_panels();
std::vector<Panel> detect_panels();
std::vector<Panel> default_panels(int dim);
// The dimension of a data set spec, 0 when it is not valid.
int data_dim(const std::string& spec);

}  // namespace ganstep::lessons::schema
