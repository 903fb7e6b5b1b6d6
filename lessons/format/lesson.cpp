// The lesson schema: ONE table of keys (kRows) drives parsing, type checks,
// defaults, validation messages, saving and the key documentation. Keys of
// the run settings are routed through the engine's config_keys().
#include "lessons/format/lesson.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <set>
#include <tuple>

#include "engine/core/text.h"
#include "engine/gan/dataset.h"
#include "engine/gan/resources.h"
#include "lessons/format/image_layers.h"
#include "lessons/format/markdown.h"
#include "lessons/format/value.h"

namespace ganstep::lessons {

// ---------------------------------------------------------------- enums

namespace {

template <class E>
struct Named {
  E value;
  const char* name;
};

const Named<Panel> kPanels[] = {
    {Panel::Algorithm, "algorithm"}, {Panel::View1d, "view1d"},       {Panel::View2d, "view2d"},
    {Panel::Minibatch, "minibatch"}, {Panel::Logloss, "logloss"},     {Panel::Charts, "charts"},
    {Panel::Settings, "settings"},   {Panel::Narration, "narration"}, {Panel::Saddle, "saddle"},
    {Panel::Samples, "samples"},     {Panel::DOutputs, "d_outputs"},  {Panel::Latent, "latent"},
    {Panel::Classes, "classes"}};
const Named<Level> kLevels[] = {
    {Level::Beginner, "beginner"}, {Level::Intermediate, "intermediate"}, {Level::Advanced, "advanced"}};
const Named<Layout> kLayouts[] = {{Layout::Auto, "auto"}, {Layout::Columns, "columns"}, {Layout::Rows, "rows"}};
const Named<StepHint> kSteps[] = {
    {StepHint::Phase, "phase"}, {StepHint::DStep, "dstep"}, {StepHint::Iteration, "iteration"}};
const Named<Metric> kMetrics[] = {{Metric::DReal, "d_real"},         {Metric::DFake, "d_fake"},
                                  {Metric::LossD, "loss_d"},         {Metric::LossDReal, "loss_d_real"},
                                  {Metric::LossDFake, "loss_d_fake"}, {Metric::LossG, "loss_g"},
                                  {Metric::Js, "js"},               {Metric::KlDataG, "kl_data_g"},
                                  {Metric::KlGData, "kl_g_data"},   {Metric::Distance, "distance"}};

template <class E, std::size_t N>
const char* name_of(const Named<E> (&table)[N], E v) {
  for (const auto& n : table)
    if (n.value == v) return n.name;
  return "?";
}

template <class E, std::size_t N>
bool value_of(const Named<E> (&table)[N], const std::string& s, E& out) {
  for (const auto& n : table)
    if (s == n.name) { out = n.value; return true; }
  return false;
}

template <class E, std::size_t N>
std::vector<std::string> names_of(const Named<E> (&table)[N]) {
  std::vector<std::string> v;
  for (const auto& n : table) v.push_back(n.name);
  return v;
}

std::vector<std::string> phase_names() {
  std::vector<std::string> v;
  for (int i = 0; i < kPhaseCount; ++i) v.push_back(phase_name(static_cast<Phase>(i)));
  return v;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string in_quotes(const std::string& s) { return quote_input(s); }

}  // namespace

const char* panel_name(Panel p) { return name_of(kPanels, p); }
bool parse_panel(const std::string& s, Panel& out) { return value_of(kPanels, s, out); }
const std::vector<Panel>& all_panels() {
  static const std::vector<Panel> v = [] {
    std::vector<Panel> r;
    for (const auto& n : kPanels) r.push_back(n.value);
    return r;
  }();
  return v;
}
const char* level_name(Level l) { return name_of(kLevels, l); }
const char* layout_name(Layout l) { return name_of(kLayouts, l); }
const char* step_hint_name(StepHint s) { return name_of(kSteps, s); }
const char* metric_name(Metric m) { return name_of(kMetrics, m); }
bool parse_metric(const std::string& s, Metric& out) { return value_of(kMetrics, s, out); }
const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> v = names_of(kMetrics);
  return v;
}

bool ViewSpec::shows(Panel p) const { return std::find(panels.begin(), panels.end(), p) != panels.end(); }

bool Lesson::is_locked(const std::string& key) const {
  return std::find(locked.begin(), locked.end(), key) != locked.end();
}

std::string apply_game_settings(GameConfig& config, const std::vector<Setting>& set) {
  for (const auto& s : set) {
    std::string e = apply_game_setting(config, s.key, s.value);
    if (!e.empty()) return e;
  }
  return validate_game(config);
}

std::string apply_compare(GameConfig& config, const std::string& entry) {
  std::size_t i = 0;
  bool any = false;
  while (i < entry.size()) {
    if (entry[i] == ' ' || entry[i] == '\t') { ++i; continue; }
    std::size_t j = entry.find_first_of(" \t", i);
    if (j == std::string::npos) j = entry.size();
    const std::string token = entry.substr(i, j - i);
    i = j;
    any = true;
    std::string e = token.find('=') == std::string::npos ? apply_game_setting(config, "rule", token)
                                                         : apply_game_setting(config, token);
    if (!e.empty()) return e;
  }
  if (!any) return "an empty entry (write a rule, e.g. \"alternating\", or key=value settings)";
  return validate_game(config);
}

std::string apply_settings(GanConfig& config, const std::vector<Setting>& set) {
  for (const auto& s : set) {
    std::string e = apply_setting(config, s.key, s.value);
    if (!e.empty()) return e;
  }
  return validate(config);
}

namespace {

// ---------------------------------------------------------------- numbers as text

// The shortest decimal that reads back as the same float (as_float) or double.
std::string shortest(double v, bool as_float) {
  char buf[40];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    const double back = std::strtod(buf, nullptr);
    if (as_float ? static_cast<float>(back) == static_cast<float>(v) : back == v) break;
  }
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // a TOML float, not an integer
  return s;
}

// ---------------------------------------------------------------- the schema

enum class Kind { String, Integer, Number, Bool, Text, StringList, TextList, Trigger, Settings };

const char* kind_phrase(Kind k) {
  switch (k) {
    case Kind::String: return "a string";
    case Kind::Integer: return "an integer";
    case Kind::Number: return "a number";
    case Kind::Bool: return "a boolean (true or false)";
    case Kind::Text: return "a text in both languages";
    case Kind::StringList: return "an array of strings";
    case Kind::TextList: return "arrays of strings in both languages";
    case Kind::Trigger: return "\"load\" or a trigger table";
    case Kind::Settings: return "a table of settings";
  }
  return "a value";
}

const char* kind_doc(Kind k) {
  switch (k) {
    case Kind::String: return "string";
    case Kind::Integer: return "integer";
    case Kind::Number: return "number";
    case Kind::Bool: return "boolean";
    case Kind::Text: return "text (.en, .pt)";
    case Kind::StringList: return "array of strings";
    case Kind::TextList: return "arrays of strings (.en, .pt)";
    case Kind::Trigger: return "trigger";
    case Kind::Settings: return "inline table";
  }
  return "";
}

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

const Section kSections[] = {
    {"meta", "meta", "", false, true, "what the lesson is: id, titles, summary, level, length"},
    {"data", "data", "", false, false, "the data set p_data"},
    {"noise", "noise", "", false, false, "the noise prior p_z"},
    {"generator", "generator", "", false, false, "G's hidden layers"},
    {"discriminator", "discriminator", "", false, false, "D's hidden layers"},
    {"training", "training", "", false, false, "optimizers, learning rates, k, minibatch size, G's loss, seed, run length"},
    {"view", "view", "", false, false, "which panels are shown, and layout hints"},
    {"locks", "locks", "", false, false, "settings the student cannot change"},
    {"game", "game", "", false, false, "a two-parameter saddle-point game run instead of a GAN (engine/game/game.h)"},
    {"beat", "beat", "", true, false, "the narration: texts that appear when their trigger fires"},
    {"beat.question", "question", "beat", false, false, "a multiple-choice question asked by a beat"},
};

// ---------------------------------------------------------------- problems

struct Ctx {
  std::vector<Problem>* problems;
  ParseOptions options;
  std::string_view source;
  bool full = false;
  std::string prefix;  // "beat 3: " while reading a beat
  bool game_lesson = false;  // the document has a [game] section: beats set game keys

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
  void unknown(Loc at, const std::string& what, const std::string& word, const std::vector<std::string>& names,
               const std::string& expected_list = "") {
    std::vector<std::string> hints;
    std::string best = did_you_mean(word, names);
    if (!best.empty()) hints.push_back("did you mean " + in_quotes(best) + "?");
    else if (!expected_list.empty()) hints.push_back(expected_list);
    error(at, what, hints);
  }
};

std::string where_of(const std::string& section, const std::string& key) {
  if (section.empty()) return key;
  if (section == "beat") return "beat." + key;
  if (section == "beat.question") return "question." + key;
  return "[" + section + "] " + key;
}

// ---------------------------------------------------------------- enum fields

template <class E, std::size_t N>
bool read_enum(Ctx& c, const Parsed& p, const Named<E> (&table)[N], const char* what, E& out) {
  if (value_of(table, p.s, out)) return true;
  std::vector<std::string> names = names_of(table);
  c.unknown(p.loc, std::string("unknown ") + what + " " + in_quotes(p.s), p.s, names, "expected one of: " + join(names));
  return false;
}

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) return false;
  return s[0] != '-' && s[0] != '_';
}

// ---------------------------------------------------------------- image lessons

ImageGanSpec& image_of(Target& t) {
  if (!t.lesson->image) t.lesson->image.emplace();
  return *t.lesson->image;
}

// "" when `data` names an image data set this lesson may use.
std::string check_image_data(const std::string& data, bool allow_files) {
  if (data == "mnist" || data == "fashion-mnist") return "";
  if (data.rfind("idx:", 0) == 0) {
    if (data.size() == 4) return "idx: needs a folder (idx:FOLDER)";
    if (!allow_files) return "idx: data sets are not allowed here (a share link cannot read files)";
    return "";
  }
  return "unknown image data set " + quote_input(data);
}

// The position of byte `offset` of a string item, when the item is a plain one-line string.
Loc item_loc(Loc item, const std::string& text, int offset) {
  if (text.find_first_of("\\\n\"'") != std::string::npos) return item;
  return Loc{item.line, item.col + 1 + offset};
}

void read_layers(Ctx& c, const Parsed& p, const std::string& what, std::vector<LayerSpec>& out) {
  out.clear();
  bool failed = false;
  if (p.list.empty()) c.error(p.loc, what + " is empty", {"list the layers, e.g. [\"dense(64)\", \"relu\", ...]"});
  for (std::size_t i = 0; i < p.list.size(); ++i) {
    LayerSpec l;
    std::string err;
    int offset = 0;
    if (!parse_layer(p.list[i], l, err, &offset)) {
      const Loc at = p.raw && i < p.raw->items.size() ? item_loc(p.raw->items[i].loc, p.list[i], offset) : p.loc;
      c.error(at, what + ", layer " + std::to_string(i + 1) + ": " + err);
      failed = true;
      continue;
    }
    out.push_back(l);
  }
  if (failed) out.clear();  // no shape errors on top of the text errors
}

// ---------------------------------------------------------------- the rows

#define LESSON(t) (*(t).lesson)
#define BEAT(t) (*(t).beat)
#define QUESTION(t) (*(t).question)

const Row kRows[] = {
    // top level
    {"", "format", Kind::Integer, true, nullptr, 0, "the lesson format version: 1",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i != kFormatVersion)
         c.error(p.loc, "format " + std::to_string(p.i) + " is not supported (this ganstep reads format = 1)",
                 {p.i > kFormatVersion ? "the file was written for a newer ganstep" : "write format = 1"});
       LESSON(t).format = kFormatVersion;
     },
     [](const CTarget&, Parsed& p) { p.i = kFormatVersion; return true; }},

    // [meta]
    {"meta", "id", Kind::String, true, nullptr, 40, "the lesson's id: lower-case letters, digits and '-' (e.g. two-players)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (!valid_id(p.s))
         c.error(p.loc, "id " + in_quotes(p.s) + " is not a valid lesson id",
                 {"use 1..40 lower-case letters, digits, '-' or '_', starting with a letter or digit"});
       LESSON(t).id = p.s;
     },
     [](const CTarget& t, Parsed& p) { p.s = t.lesson->id; return true; }},
    {"meta", "title", Kind::Text, true, nullptr, 120, "the title, title.en and title.pt",
     [](Ctx&, Target& t, const Parsed& p) { LESSON(t).title = p.text; },
     [](const CTarget& t, Parsed& p) { p.text = t.lesson->title; return true; }},
    {"meta", "summary", Kind::Text, true, nullptr, 600, "one or two sentences, summary.en and summary.pt",
     [](Ctx&, Target& t, const Parsed& p) { LESSON(t).summary = p.text; },
     [](const CTarget& t, Parsed& p) { p.text = t.lesson->summary; return true; }},
    {"meta", "level", Kind::String, false, nullptr, 40, "beginner (default), intermediate or advanced",
     [](Ctx& c, Target& t, const Parsed& p) { read_enum(c, p, kLevels, "level", LESSON(t).level); },
     [](const CTarget& t, Parsed& p) { p.s = level_name(t.lesson->level); return true; }},
    {"meta", "order", Kind::Integer, false, nullptr, 0, "the lesson's place in a course, 0..999 (default 0; lists sort by it)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i < 0 || p.i > 999) c.error(p.loc, "order = " + std::to_string(p.i) + " is out of range 0..999");
       else LESSON(t).order = static_cast<int>(p.i);
     },
     [](const CTarget& t, Parsed& p) { p.i = t.lesson->order; return true; }},
    {"meta", "minutes", Kind::Integer, false, nullptr, 0, "how long the lesson takes, 1..240 (default 10)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i < 1 || p.i > 240) c.error(p.loc, "minutes = " + std::to_string(p.i) + " is out of range 1..240");
       else LESSON(t).minutes = static_cast<int>(p.i);
     },
     [](const CTarget& t, Parsed& p) { p.i = t.lesson->minutes; return true; }},

    // run settings: the engine's config keys
    {"data", "set", Kind::String, false, "data", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"noise", "prior", Kind::String, false, "noise", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"noise", "dim", Kind::Integer, false, "noise_dim", 0, nullptr, nullptr, nullptr},
    {"generator", "hidden", Kind::String, false, "g_hidden", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"discriminator", "hidden", Kind::String, false, "d_hidden", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"training", "opt_d", Kind::String, false, "opt_d", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"training", "opt_g", Kind::String, false, "opt_g", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"training", "lr_d", Kind::Number, false, "lr_d", 0, nullptr, nullptr, nullptr},
    {"training", "lr_g", Kind::Number, false, "lr_g", 0, nullptr, nullptr, nullptr},
    {"training", "momentum_d", Kind::Number, false, "momentum_d", 0, nullptr, nullptr, nullptr},
    {"training", "momentum_g", Kind::Number, false, "momentum_g", 0, nullptr, nullptr, nullptr},
    {"training", "beta1_d", Kind::Number, false, "beta1_d", 0, nullptr, nullptr, nullptr},
    {"training", "beta1_g", Kind::Number, false, "beta1_g", 0, nullptr, nullptr, nullptr},
    {"training", "beta2_d", Kind::Number, false, "beta2_d", 0, nullptr, nullptr, nullptr},
    {"training", "beta2_g", Kind::Number, false, "beta2_g", 0, nullptr, nullptr, nullptr},
    {"training", "k", Kind::Integer, false, "k", 0, nullptr, nullptr, nullptr},
    {"training", "batch", Kind::Integer, false, "batch", 0, nullptr, nullptr, nullptr},
    {"training", "g_loss", Kind::String, false, "g_loss", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"training", "seed", Kind::Integer, false, "seed", 0, nullptr, nullptr, nullptr},
    {"training", "iterations", Kind::Integer, false, nullptr, 0,
     "the lesson's run length: the player stops there (1..1000000, default 2000)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i < 1 || p.i > kMaxIterations)
         c.error(p.loc, "iterations = " + std::to_string(p.i) + " is out of range 1.." + std::to_string(kMaxIterations));
       else LESSON(t).iterations = p.i;
     },
     [](const CTarget& t, Parsed& p) { p.i = t.lesson->iterations; return true; }},

    // image lessons: [data] images, shape; [generator] and [discriminator] layers
    {"data", "images", Kind::String, false, nullptr, kMaxStringBytes,
     "an image data set: mnist, fashion-mnist or idx:FOLDER; makes this an image lesson (G and D from layers)",
     [](Ctx& c, Target& t, const Parsed& p) {
       std::string e = check_image_data(p.s, c.options.allow_files);
       if (!e.empty())
         c.error(p.loc, "[data] images: " + e,
                 {c.options.allow_files ? "use \"mnist\", \"fashion-mnist\" or \"idx:FOLDER\""
                                        : "use \"mnist\" or \"fashion-mnist\" (a share link cannot read a folder)"});
       image_of(t).data = p.s;
     },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->image) return false;
       p.s = t.lesson->image->data;
       return true;
     }},
    {"data", "shape", Kind::String, false, nullptr, 40, "an image lesson's image shape, CxHxW (default \"1x28x28\")",
     [](Ctx& c, Target& t, const Parsed& p) {
       std::string e = parse_image_shape(p.s, image_of(t).shape);
       if (!e.empty()) c.error(p.loc, "[data] " + e);
     },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->image) return false;
       p.s = t.lesson->image->shape.text();
       return true;
     }},
    {"generator", "layers", Kind::StringList, false, nullptr, 200,
     "an image lesson's G, one layer per string: dense(N), reshape(C,H,W), convT(C, kernel=K, stride=S, padding=P, "
     "output_padding=O), batchnorm, relu, leakyrelu(A), tanh, ...",
     [](Ctx& c, Target& t, const Parsed& p) { read_layers(c, p, "[generator] layers", image_of(t).g); },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->image) return false;
       for (const auto& l : t.lesson->image->g) p.list.push_back(format_layer(l));
       return true;
     }},
    {"discriminator", "layers", Kind::StringList, false, nullptr, 200,
     "an image lesson's D, one layer per string: conv(C, kernel=K, stride=S, padding=P), leakyrelu(A), dropout(P), "
     "flatten, dense(1), ... (ends with one logit)",
     [](Ctx& c, Target& t, const Parsed& p) { read_layers(c, p, "[discriminator] layers", image_of(t).d); },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->image) return false;
       for (const auto& l : t.lesson->image->d) p.list.push_back(format_layer(l));
       return true;
     }},

    // [view]
    {"view", "panels", Kind::StringList, false, nullptr, 40,
     "the panels shown, in order (default: algorithm, view1d or view2d, minibatch, charts, settings, narration; "
     "image lessons: samples, d_outputs, charts, latent, classes, algorithm, narration)",
     [](Ctx& c, Target& t, const Parsed& p) {
       std::vector<Panel> out;
       for (const auto& s : p.list) {
         Panel v;
         if (!parse_panel(s, v)) {
           std::vector<std::string> names = names_of(kPanels);
           c.unknown(p.loc, "unknown panel " + in_quotes(s), s, names, "panels: " + join(names));
           continue;
         }
         if (std::find(out.begin(), out.end(), v) != out.end()) {
           c.error(p.loc, "panel " + in_quotes(s) + " is listed twice");
           continue;
         }
         out.push_back(v);
       }
       if (p.list.empty()) c.error(p.loc, "panels is empty", {"list at least one panel, e.g. panels = [\"view1d\", \"narration\"]"});
       LESSON(t).view.panels = out;
     },
     [](const CTarget& t, Parsed& p) {
       for (Panel v : t.lesson->view.panels) p.list.push_back(panel_name(v));
       return true;
     }},
    {"view", "focus", Kind::String, false, nullptr, 40, "the panel given the most room (one of panels)",
     [](Ctx& c, Target& t, const Parsed& p) {
       Panel v;
       if (read_enum(c, p, kPanels, "panel", v)) LESSON(t).view.focus = v;
     },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->view.focus) return false;
       p.s = panel_name(*t.lesson->view.focus);
       return true;
     }},
    {"view", "layout", Kind::String, false, nullptr, 40, "auto (default), columns or rows",
     [](Ctx& c, Target& t, const Parsed& p) { read_enum(c, p, kLayouts, "layout", LESSON(t).view.layout); },
     [](const CTarget& t, Parsed& p) { p.s = layout_name(t.lesson->view.layout); return true; }},
    {"view", "step", Kind::String, false, nullptr, 40, "the step button's size: phase (default), dstep or iteration",
     [](Ctx& c, Target& t, const Parsed& p) { read_enum(c, p, kSteps, "step size", LESSON(t).view.step); },
     [](const CTarget& t, Parsed& p) { p.s = step_hint_name(t.lesson->view.step); return true; }},
    {"view", "speed", Kind::Integer, false, nullptr, 0, "iterations per second while playing, 1..100000 (default 60)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i < 1 || p.i > 100000) c.error(p.loc, "speed = " + std::to_string(p.i) + " is out of range 1..100000");
       else LESSON(t).view.speed = static_cast<int>(p.i);
     },
     [](const CTarget& t, Parsed& p) { p.i = t.lesson->view.speed; return true; }},

    // [locks]
    {"locks", "locked", Kind::StringList, false, nullptr, 40,
     "settings the student cannot change: engine keys (data, noise, noise_dim, g_hidden, d_hidden, lr_d, k, ...)",
     [](Ctx& c, Target& t, const Parsed& p) {
       std::vector<std::string> keys;
       for (const auto& k : config_keys()) keys.push_back(k.key);
       for (const auto& s : p.list) {
         if (std::find(keys.begin(), keys.end(), s) == keys.end()) {
           c.unknown(p.loc, "cannot lock " + in_quotes(s) + ": not a setting", s, keys, "settings: " + join(keys));
           continue;
         }
         if (LESSON(t).is_locked(s)) {
           c.error(p.loc, in_quotes(s) + " is locked twice");
           continue;
         }
         LESSON(t).locked.push_back(s);
       }
     },
     [](const CTarget& t, Parsed& p) {
       if (t.lesson->locked.empty()) return false;
       p.list = t.lesson->locked;
       return true;
     }},

    // [game]: the engine's game keys (game_keys(): parsing, ranges, messages)
#define GAME_ROW(key, kind, len) {"game", key, kind, false, key, len, nullptr, nullptr, nullptr}
    GAME_ROW("game", Kind::String, 40),
    GAME_ROW("loss", Kind::String, 40),
    GAME_ROW("formula", Kind::String, kMaxFormulaLength),
    GAME_ROW("formula_g", Kind::String, kMaxFormulaLength),
    GAME_ROW("rule", Kind::String, 40),
    GAME_ROW("optimizer", Kind::String, 40),
    GAME_ROW("order", Kind::String, 40),
    GAME_ROW("first", Kind::String, 40),
    GAME_ROW("k", Kind::Integer, 0),
    GAME_ROW("regularizer", Kind::String, 40),
    GAME_ROW("gamma", Kind::Number, 0),
    GAME_ROW("lr", Kind::Number, 0),
    GAME_ROW("lr_g", Kind::Number, 0),
    GAME_ROW("lr_d", Kind::Number, 0),
    GAME_ROW("momentum", Kind::Number, 0),
    GAME_ROW("beta1", Kind::Number, 0),
    GAME_ROW("beta2", Kind::Number, 0),
    GAME_ROW("eps", Kind::Number, 0),
    GAME_ROW("noise", Kind::Number, 0),
    GAME_ROW("start_x", Kind::Number, 0),
    GAME_ROW("start_y", Kind::Number, 0),
    GAME_ROW("eq_x", Kind::Number, 0),
    GAME_ROW("eq_y", Kind::Number, 0),
    GAME_ROW("seed", Kind::Integer, 0),
#undef GAME_ROW
    {"game", "compare", Kind::StringList, false, nullptr, 200,
     "runs overlaid from the same start (at most 5): each a rule or key=value settings on top of the game's, "
     "e.g. [\"alternating\", \"r1 gamma=1\"]",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.list.size() > kMaxCompare) {
         c.error(p.loc, "compare has " + std::to_string(p.list.size()) + " runs; at most " + std::to_string(kMaxCompare));
         return;
       }
       for (const auto& entry : p.list) {
         GameConfig probe;
         std::string e = apply_compare(probe, entry);
         if (!e.empty()) c.error(p.loc, "compare " + in_quotes(entry) + ": " + e);
         else LESSON(t).game->compare.push_back(entry);
       }
     },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->game || t.lesson->game->compare.empty()) return false;
       p.list = t.lesson->game->compare;
       return true;
     }},
    {"game", "steps", Kind::Integer, false, nullptr, 0, "the game's run length: the player stops there (1..100000, default 200)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i < 1 || p.i > kMaxGameSteps)
         c.error(p.loc, "steps = " + std::to_string(p.i) + " is out of range 1.." + std::to_string(kMaxGameSteps));
       else LESSON(t).game->steps = p.i;
     },
     [](const CTarget& t, Parsed& p) {
       if (!t.lesson->game) return false;
       p.i = t.lesson->game->steps;
       return true;
     }},

    // [[beat]]
    {"beat", "id", Kind::String, false, nullptr, 40, "an optional name for the beat (letters, digits, '-', '_')",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (!valid_id(p.s)) c.error(p.loc, "beat id " + in_quotes(p.s) + " is not valid", {"use 1..40 lower-case letters, digits, '-' or '_'"});
       BEAT(t).id = p.s;
     },
     [](const CTarget& t, Parsed& p) {
       if (t.beat->id.empty()) return false;
       p.s = t.beat->id;
       return true;
     }},
    {"beat", "trigger", Kind::Trigger, true, nullptr, 0,
     "when the beat fires: \"load\", {at_iteration = N}, {at_phase = \"loss_d\"} or {metric = \"d_fake\", above = 0.4}",
     nullptr, nullptr},  // handled by read_trigger / write_trigger
    {"beat", "text", Kind::Text, true, nullptr, kMaxTextBytes, "the narration, markdown-lite, text.en and text.pt",
     [](Ctx&, Target& t, const Parsed& p) { BEAT(t).text = p.text; },
     [](const CTarget& t, Parsed& p) { p.text = t.beat->text; return true; }},
    {"beat", "pause", Kind::Bool, false, nullptr, 0, "pause the run when the beat fires (default false)",
     [](Ctx&, Target& t, const Parsed& p) { BEAT(t).pause = p.b; },
     [](const CTarget& t, Parsed& p) { p.b = t.beat->pause; return true; }},
    {"beat", "highlight", Kind::String, false, nullptr, 40, "a panel to draw attention to (one of [view] panels)",
     [](Ctx& c, Target& t, const Parsed& p) {
       Panel v;
       if (read_enum(c, p, kPanels, "panel", v)) BEAT(t).highlight = v;
     },
     [](const CTarget& t, Parsed& p) {
       if (!t.beat->highlight) return false;
       p.s = panel_name(*t.beat->highlight);
       return true;
     }},
    {"beat", "set", Kind::Settings, false, nullptr, 0,
     "settings changed when the beat fires, e.g. { lr_d = 0.1, g_loss = \"minimax\" } (a [game] lesson: game keys, "
     "e.g. { rule = \"alternating\" })",
     nullptr, nullptr},
    {"beat", "reset", Kind::Bool, false, nullptr, 0,
     "restart the run from iteration 0 with the settings so far (needed to change data, networks, noise or seed)",
     [](Ctx&, Target& t, const Parsed& p) { BEAT(t).reset = p.b; },
     [](const CTarget& t, Parsed& p) { p.b = t.beat->reset; return true; }},

    // [beat.question]
    {"beat.question", "prompt", Kind::Text, true, nullptr, 1000, "the question, prompt.en and prompt.pt",
     [](Ctx&, Target& t, const Parsed& p) { QUESTION(t).prompt = p.text; },
     [](const CTarget& t, Parsed& p) { p.text = t.question->prompt; return true; }},
    {"beat.question", "choices", Kind::TextList, true, nullptr, 300, "2..6 answers, choices.en = [...] and choices.pt = [...]",
     [](Ctx&, Target& t, const Parsed& p) { QUESTION(t).choices = p.texts; },
     [](const CTarget& t, Parsed& p) { p.texts = t.question->choices; return true; }},
    {"beat.question", "answer", Kind::Integer, true, nullptr, 0, "the index of the right choice, from 0",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.i < 0 || p.i > 5) c.error(p.loc, "answer = " + std::to_string(p.i) + " is out of range 0..5 (choices count from 0)");
       else QUESTION(t).answer = static_cast<int>(p.i);
     },
     [](const CTarget& t, Parsed& p) { p.i = t.question->answer; return true; }},
    {"beat.question", "feedback", Kind::Text, false, nullptr, 2000, "shown after the student answers, feedback.en and feedback.pt",
     [](Ctx&, Target& t, const Parsed& p) { QUESTION(t).feedback = p.text; },
     [](const CTarget& t, Parsed& p) {
       if (t.question->feedback.en.empty() && t.question->feedback.pt.empty()) return false;
       p.text = t.question->feedback;
       return true;
     }},
};

#undef LESSON
#undef BEAT
#undef QUESTION

const ConfigKey* find_config_key(const std::string& name) {
  for (const auto& k : config_keys())
    if (name == k.key) return &k;
  return nullptr;
}

bool is_game_row(const Row& r) { return r.config_key && std::string(r.section) == "game"; }

const Row* row_for_config_key(const std::string& name) {
  for (const auto& r : kRows)
    if (r.config_key && !is_game_row(r) && name == r.config_key) return &r;
  return nullptr;
}

const Row* row_for_game_key(const std::string& name) {
  for (const auto& r : kRows)
    if (is_game_row(r) && name == r.config_key) return &r;
  return nullptr;
}

const GameKey* find_game_key(const std::string& name) {
  for (const auto& k : game_keys())
    if (name == k.key) return &k;
  return nullptr;
}

std::vector<std::string> game_key_names() {
  std::vector<std::string> v;
  for (const auto& k : game_keys()) v.push_back(k.key);
  return v;
}

bool is_text_row(const Row& r) { return r.kind == Kind::Text && std::string(r.section) != "meta"; }

// ---------------------------------------------------------------- reading values

std::string describe(const Value& v) {
  if (v.type == Value::Type::Table) return "a table";
  return type_phrase(v.type);
}

// Checks UTF-8 (toml++ already did for the document) and length.
bool check_string(Ctx& c, const std::string& s, std::size_t max_len, Loc at, const std::string& what) {
  if (s.size() > max_len) {
    c.error(at, what + " is too long (" + std::to_string(s.size()) + " bytes; at most " + std::to_string(max_len) + ")");
    return false;
  }
  return true;
}

// The line of the document where line `n` (1-based) of a string value starts,
// for multi-line strings ("""...""" and '''...''', whose opening newline is dropped).
Loc text_line_loc(const Ctx& c, Loc at, int n) {
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
  const bool newline_first = sv.size() > 3 && (sv[3] == '\n' || (sv[3] == '\r' && sv.size() > 4 && sv[4] == '\n'));
  return Loc{at.line + n - (newline_first ? 0 : 1), 1};
}

void check_markdown(Ctx& c, const std::string& text, Loc at, const std::string& what) {
  std::vector<MarkdownProblem> probs;
  parse_markdown_lite(text, &probs);
  for (const auto& m : probs) {
    std::vector<std::string> hints;
    if (!m.hint.empty()) hints.push_back(m.hint);
    c.error(text_line_loc(c, at, m.line), what + ": " + m.message + " (line " + std::to_string(m.line) + " of the text)", hints);
  }
}

bool read_text(Ctx& c, const Value& v, const Row& r, const std::string& what, Text& out) {
  if (v.type != Value::Type::Table) {
    c.error(v.loc, what + " must have both languages: " + r.key + ".en = \"...\" and " + r.key + ".pt = \"...\"",
            {std::string("got ") + describe(v) + "; write " + r.key + ".en and " + r.key + ".pt"});
    return false;
  }
  bool ok = true;
  for (const auto& m : v.members) {
    if (m.key != "en" && m.key != "pt") {
      c.unknown(m.key_loc, "unknown language " + in_quotes(m.key) + " in " + what, m.key, {"en", "pt"},
                "texts have en (English) and pt (Portuguese, pt-BR)");
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

// Type-checks v against r.kind into p. Reports and returns false on a mismatch.
bool parse_value(Ctx& c, const Row& r, const Value& v, const std::string& what, Parsed& p) {
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
        if (m.key != "en" && m.key != "pt") {
          c.unknown(m.key_loc, "unknown language " + in_quotes(m.key) + " in " + what, m.key, {"en", "pt"},
                    "texts have en (English) and pt (Portuguese, pt-BR)");
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
      return true;
  }
  return false;
}

// The engine's text for a run-setting value read from TOML.
std::string config_text(const Parsed& p, Kind k) {
  if (k == Kind::Integer) return std::to_string(p.i);
  if (k == Kind::Number) return p.type == Value::Type::Integer ? std::to_string(p.raw->integer) : shortest(p.d, false);
  return p.s;
}

std::string dataset_hint(const std::string& spec) {
  std::string name = spec.substr(0, spec.find('('));
  std::string best = did_you_mean(name, dataset_names());
  if (!best.empty() && best != name) return "did you mean " + in_quotes(best) + "?";
  return "";
}

// A [game] key, read by the engine's game_keys().
void read_game_row(Ctx& c, const Row& r, Lesson& lesson, const Parsed& p) {
  if (!lesson.game) lesson.game.emplace();
  std::string e = apply_game_setting(lesson.game->config, r.config_key, config_text(p, r.kind));
  if (!e.empty()) c.error(p.loc, "[game] " + e);
}

void read_config_row(Ctx& c, const Row& r, Lesson& lesson, const Parsed& p, const std::string& what) {
  const ConfigKey* k = find_config_key(r.config_key);
  if (!k) return;
  std::string text = config_text(p, r.kind);
  if (std::string(r.config_key) == "data" && !c.options.allow_files && text.rfind("csv:", 0) == 0) {
    c.error(p.loc, what + ": csv: data sets are not allowed here (a share link cannot read files)");
    return;
  }
  std::string e = k->set(lesson.config, text);
  if (!e.empty()) {
    std::vector<std::string> hints;
    if (std::string(r.config_key) == "data") {
      std::string h = dataset_hint(text);
      if (!h.empty()) hints.push_back(h);
    }
    c.error(p.loc, what + ": " + e, hints);
  }
}

// ---------------------------------------------------------------- triggers

double metric_lo(Metric m, bool minimax) {
  switch (m) {
    case Metric::DReal: case Metric::DFake: return 0;
    case Metric::LossG: return minimax ? -std::numeric_limits<double>::infinity() : 0;
    default: return 0;
  }
}

double metric_hi(Metric m, bool nonsat) {
  switch (m) {
    case Metric::DReal: case Metric::DFake: return 1;
    case Metric::Js: return std::log(2.0);
    case Metric::LossG: return nonsat ? std::numeric_limits<double>::infinity() : 0;
    default: return std::numeric_limits<double>::infinity();
  }
}

void read_trigger(Ctx& c, Beat& b, const Value& v) {
  Trigger& t = b.trigger;
  t.loc = v.loc;
  const std::string forms = "a trigger is \"load\", { at_iteration = 100 }, { at_phase = \"loss_d\" } or "
                            "{ metric = \"d_fake\", above = 0.4 }";
  if (v.type == Value::Type::String) {
    if (v.str == "load") { t.kind = TriggerKind::Load; return; }
    std::vector<std::string> hints;
    std::string best = did_you_mean(v.str, {"load"});
    if (!best.empty()) hints.push_back("did you mean \"load\"?");
    hints.push_back(forms);
    c.error(v.loc, "unknown trigger " + in_quotes(v.str.substr(0, 60)), hints);
    return;
  }
  if (v.type != Value::Type::Table) {
    c.error(v.loc, "trigger must be \"load\" or a table, got " + describe(v), {forms});
    return;
  }
  static const std::vector<std::string> keys = {"at_iteration", "at_phase", "metric", "above", "below", "after"};
  const Value* at_it = nullptr;
  const Value* at_ph = nullptr;
  const Value* met = nullptr;
  const Value* above = nullptr;
  const Value* below = nullptr;
  const Value* after = nullptr;
  bool ok = true;
  for (const auto& m : v.members) {
    const Value* mv = &m.value;
    if (m.key == "at_iteration") at_it = mv;
    else if (m.key == "at_phase") at_ph = mv;
    else if (m.key == "metric") met = mv;
    else if (m.key == "above") above = mv;
    else if (m.key == "below") below = mv;
    else if (m.key == "after") after = mv;
    else {
      c.unknown(m.key_loc, "unknown key " + in_quotes(m.key) + " in trigger", m.key, keys, "trigger keys: " + join(keys));
      ok = false;
    }
  }
  if (!ok) return;
  const int kinds = (at_it != nullptr) + (at_ph != nullptr) + (met != nullptr);
  if (kinds != 1) {
    c.error(v.loc, kinds == 0 ? "trigger needs one of at_iteration, at_phase or metric"
                              : "trigger has more than one of at_iteration, at_phase and metric",
            {forms});
    return;
  }
  auto integer = [&](const Value* x, const char* name, std::int64_t& out) {
    if (x->type != Value::Type::Integer) {
      c.error(x->loc, std::string("trigger ") + name + " must be an integer, got " + describe(*x));
      return false;
    }
    if (x->integer < 0) {
      c.error(x->loc, std::string("trigger ") + name + " = " + std::to_string(x->integer) + " is negative");
      return false;
    }
    out = x->integer;
    return true;
  };
  if (after && !integer(after, "after", t.after)) return;
  if (at_it) {
    t.kind = TriggerKind::AtIteration;
    if (after) { c.error(after->loc, "after does not go with at_iteration", {"use at_iteration alone"}); return; }
    if (above || below) { c.error((above ? above : below)->loc, "above/below go with metric, not at_iteration"); return; }
    integer(at_it, "at_iteration", t.iteration);
    return;
  }
  if (at_ph) {
    t.kind = TriggerKind::AtPhase;
    if (above || below) { c.error((above ? above : below)->loc, "above/below go with metric, not at_phase"); return; }
    if (at_ph->type != Value::Type::String) {
      c.error(at_ph->loc, "trigger at_phase must be a string, got " + describe(*at_ph));
      return;
    }
    std::vector<std::string> names = phase_names();
    auto it = std::find(names.begin(), names.end(), at_ph->str);
    if (it == names.end()) {
      c.unknown(at_ph->loc, "unknown phase " + in_quotes(at_ph->str.substr(0, 60)) + ": this trigger can never fire",
                at_ph->str, names, "phases: " + join(names));
      return;
    }
    t.phase = static_cast<Phase>(it - names.begin());
    return;
  }
  t.kind = TriggerKind::Metric;
  if (met->type != Value::Type::String) {
    c.error(met->loc, "trigger metric must be a string, got " + describe(*met));
    return;
  }
  if (!parse_metric(met->str, t.metric)) {
    c.unknown(met->loc, "unknown metric " + in_quotes(met->str.substr(0, 60)), met->str, metric_names(),
              "metrics: " + join(metric_names()));
    return;
  }
  if ((above != nullptr) == (below != nullptr)) {
    c.error(v.loc, above ? "trigger has both above and below" : "metric trigger needs above = X or below = X",
            {"e.g. { metric = \"d_fake\", above = 0.4 }"});
    return;
  }
  const Value* th = above ? above : below;
  t.above = above != nullptr;
  if (th->type == Value::Type::Integer) t.threshold = static_cast<double>(th->integer);
  else if (th->type == Value::Type::Float && std::isfinite(th->number)) t.threshold = th->number;
  else {
    c.error(th->loc, std::string("trigger ") + (above ? "above" : "below") + " must be a finite number, got " + describe(*th));
    return;
  }
}

std::string fmt_num(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Cross-checks a trigger against the lesson (run length, metric ranges).
void check_trigger(Ctx& c, const Lesson& l, const Trigger& t, bool minimax_possible, bool nonsat_possible) {
  const std::string len = "the lesson runs " + std::to_string(l.run_length()) +
                          (l.game ? " steps ([game] steps)" : " iterations ([training] iterations)");
  if (t.kind == TriggerKind::AtIteration && t.iteration > l.run_length()) {
    c.error(t.loc, "trigger can never fire: at_iteration = " + std::to_string(t.iteration) + " is after the last iteration",
            {len});
  }
  if ((t.kind == TriggerKind::AtPhase || t.kind == TriggerKind::Metric) && t.after >= l.run_length() && t.after > 0) {
    c.error(t.loc, "trigger can never fire: after = " + std::to_string(t.after) + " is not before the last iteration", {len});
  }
  if (l.game && t.kind == TriggerKind::AtPhase) {
    c.error(t.loc, "trigger can never fire: a [game] lesson has no phases", {"use at_iteration or { metric = \"distance\", ... }"});
    return;
  }
  if (l.image && t.kind == TriggerKind::Metric &&
      (t.metric == Metric::Js || t.metric == Metric::KlDataG || t.metric == Metric::KlGData)) {
    c.error(t.loc, std::string("trigger can never fire: ") + metric_name(t.metric) + " is not measured for images",
            {"use d_real, d_fake or loss_*"});
    return;
  }
  if (t.kind == TriggerKind::Metric && (t.metric == Metric::Distance) != l.game.has_value()) {
    c.error(t.loc, std::string("trigger can never fire: ") +
                       (l.game ? "a [game] lesson measures only distance" : "distance needs a [game] section"),
            {l.game ? "use { metric = \"distance\", below = X }" : "use d_real, d_fake, loss_*, js or kl_*"});
    return;
  }
  if (t.kind == TriggerKind::Metric) {
    const double lo = metric_lo(t.metric, minimax_possible);
    const double hi = metric_hi(t.metric, nonsat_possible);
    const bool never = t.above ? !(t.threshold < hi) : !(t.threshold > lo);
    if (never) {
      std::string range = fmt_num(lo) + " .. " + fmt_num(hi);
      std::string why = std::string(metric_name(t.metric)) + " always lies in " + range;
      if (t.metric == Metric::Js) why += " (ln 2 ≈ 0.6931)";
      if (t.metric == Metric::LossG) why += std::string(" with g_loss = ") + (minimax_possible && !nonsat_possible ? "minimax" : "nonsat");
      c.error(t.loc, std::string("trigger can never fire: ") + metric_name(t.metric) + (t.above ? " above " : " below ") +
                         fmt_num(t.threshold),
              {why});
    }
  }
}

// ---------------------------------------------------------------- set = { ... }

void read_settings(Ctx& c, Beat& b, const Value& v) {
  if (v.type != Value::Type::Table) {
    c.error(v.loc, "set must be a table of settings, e.g. set = { lr_d = 0.1 }, got " + describe(v));
    return;
  }
  std::vector<std::string> names;
  for (const auto& k : config_keys()) names.push_back(k.key);
  if (v.members.size() > 32) {
    c.error(v.loc, "set has too many settings (at most 32)");
    return;
  }
  if (c.game_lesson) {  // a [game] lesson: the engine's game keys
    for (const auto& m : v.members) {
      const Row* r = row_for_game_key(m.key);
      if (!r) {
        std::vector<std::string> gn = game_key_names();
        c.unknown(m.key_loc, "unknown game setting " + in_quotes(m.key) + " in set", m.key, gn, "settings: " + join(gn));
        continue;
      }
      Parsed p;
      if (!parse_value(c, *r, m.value, "set." + m.key, p)) continue;
      const std::string text = config_text(p, r->kind);
      GameConfig probe;
      std::string e = apply_game_setting(probe, m.key, text);
      if (!e.empty()) {
        c.error(p.loc, "set." + e);
        continue;
      }
      b.set.push_back(Setting{m.key, text});
    }
    return;
  }
  for (const auto& m : v.members) {
    const Row* r = row_for_config_key(m.key);
    if (!r) {
      c.unknown(m.key_loc, "unknown setting " + in_quotes(m.key) + " in set", m.key, names, "settings: " + join(names));
      continue;
    }
    Parsed p;
    if (!parse_value(c, *r, m.value, "set." + m.key, p)) continue;
    std::string text = config_text(p, r->kind);
    if (m.key == "data" && !c.options.allow_files && text.rfind("csv:", 0) == 0) {
      c.error(p.loc, "set.data: csv: data sets are not allowed here (a share link cannot read files)");
      continue;
    }
    GanConfig probe;
    std::string e = find_config_key(m.key)->set(probe, text);
    if (!e.empty()) {
      std::vector<std::string> hints;
      if (m.key == "data") {
        std::string h = dataset_hint(text);
        if (!h.empty()) hints.push_back(h);
      }
      c.error(p.loc, "set." + m.key + ": " + e, hints);
      continue;
    }
    b.set.push_back(Setting{m.key, text});
  }
}

// ---------------------------------------------------------------- sections

const Section* child_section(const std::string& parent, const std::string& key) {
  for (const auto& s : kSections)
    if (parent == s.parent && key == s.key) return &s;
  return nullptr;
}

std::vector<std::string> names_in(const std::string& section) {
  std::vector<std::string> v;
  for (const auto& r : kRows)
    if (section == r.section) v.push_back(r.key);
  for (const auto& s : kSections)
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
    for (const auto& r : kRows)
      if (section == r.section && m.key == r.key) { row = &r; break; }
    const std::string what = where_of(section, m.key);
    if (row) {
      if (row->kind == Kind::Trigger) { read_trigger(c, *target.beat, m.value); continue; }
      if (row->kind == Kind::Settings) { read_settings(c, *target.beat, m.value); continue; }
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
        target.beat->question = q;
      } else {
        if (std::string(s->name) == "game" && !target.lesson->game) target.lesson->game.emplace();
        read_section(c, s->name, m.value, target);
      }
      continue;
    }
    std::vector<std::string> names = names_in(section);
    c.unknown(m.key_loc, "unknown key " + in_quotes(m.key) + " in " + section_title(section), m.key, names,
              names.empty() ? "" : "keys here: " + join(names));
  }
  // required keys
  for (const auto& r : kRows) {
    if (section != r.section || !r.required || table.find(r.key)) continue;
    std::string hint;
    if (r.kind == Kind::Text) hint = std::string("add ") + r.key + ".en = \"...\" and " + r.key + ".pt = \"...\"";
    c.error(table.loc, std::string("missing ") + where_of(section, r.key) + " in " + section_title(section),
            hint.empty() ? std::vector<std::string>{std::string("add ") + r.key + " = ... (" + r.help + ")"}
                         : std::vector<std::string>{hint});
  }
  for (const auto& s : kSections) {
    if (section != s.parent || !s.required || table.find(s.key)) continue;
    c.error(table.loc, std::string("missing section [") + s.name + "]", {std::string("[") + s.name + "] holds " + s.help});
  }
}

void read_beat(Ctx& c, Lesson& lesson, const Value& table, int index) {
  Beat b;
  b.loc = table.loc;
  b.trigger.loc = table.loc;
  Target t{&lesson, &b, nullptr};
  c.prefix = "beat " + std::to_string(index + 1) + ": ";
  read_section(c, "beat", table, t);
  c.prefix.clear();
  lesson.beats.push_back(std::move(b));
}

std::vector<Panel> game_panels() { return {Panel::Saddle, Panel::Narration}; }
std::vector<Panel> image_panels() {
  return {Panel::Samples, Panel::DOutputs, Panel::Charts, Panel::Latent,
          Panel::Classes, Panel::Algorithm, Panel::Narration};
}
bool is_image_panel(Panel p) {
  return p == Panel::Samples || p == Panel::DOutputs || p == Panel::Latent || p == Panel::Classes;
}

// Images a data set holds, for the memory estimate before it is read (an
// idx: folder is checked against kMaxImageDataBytes when it is read).
std::int64_t expected_image_count(const std::string& data) {
  if (data == "mnist") return 10000;
  if (data == "fashion-mnist") return 60000;
  return 0;
}

// An image lesson: data set, layers, shapes (with the noise dimension) and size.
void check_image_lesson(Ctx& c, const Value& root, Lesson& l) {
  const ImageGanSpec& im = *l.image;
  auto find = [&](const char* section, const char* key) -> const Value* {
    const Value* s = root.find(section);
    return s && s->is_table() ? s->find(key) : nullptr;
  };
  const Value* meta = root.find("meta");
  const Loc top = meta ? meta->loc : Loc{1, 1};
  const Value* images = find("data", "images");
  const Value* gl = find("generator", "layers");
  const Value* dl = find("discriminator", "layers");
  const Loc at = images ? images->loc : gl ? gl->loc : dl ? dl->loc : top;
  if (!images) c.error(at, "an image lesson needs [data] images", {"add images = \"mnist\" to [data]"});
  if (!gl) c.error(at, "an image lesson needs [generator] layers", {"list G's layers, e.g. layers = [\"dense(784)\", \"tanh\"]"});
  if (!dl) c.error(at, "an image lesson needs [discriminator] layers", {"list D's layers, ending with \"dense(1)\""});
  for (auto [section, key, config] : {std::tuple<const char*, const char*, const char*>{"data", "set", "data"},
                                      {"generator", "hidden", "g_hidden"}, {"discriminator", "hidden", "d_hidden"}}) {
    const Value* v = find(section, key);
    if (v) c.error(v->loc, std::string("[") + section + "] " + key + " does not apply to an image lesson",
                   {std::string("an image lesson uses [data] images and layers; remove ") + key});
    if (l.is_locked(config))
      c.error(find("locks", "locked") ? find("locks", "locked")->loc : top,
              std::string("cannot lock ") + config + " in an image lesson: it does not apply");
  }
  if (!gl || !dl || im.g.empty() || im.d.empty()) return;
  char net = 'g';
  int bad = -1;
  std::string e = check_image_gan(im, l.config.noise_dim, &net, &bad);
  if (!e.empty()) {
    const Value* list = net == 'g' ? gl : dl;
    Loc where = list->loc;
    if (bad >= 0 && static_cast<std::size_t>(bad) < list->items.size()) where = list->items[bad].loc;
    c.error(where, e, {net == 'g' ? "G maps [noise] dim features to the image shape ([data] shape)"
                                  : "D maps an image to one logit"});
    return;
  }
  // Made to be opened in the page: its memory limit, with the player's snapshots.
  const std::string m = check_memory(
      estimate_image_memory(im, l.config, expected_image_count(im.data), kImagePlayerKeeping), kPageMemoryLimit);
  if (!m.empty()) {
    const Value* batch = find("training", "batch");
    const bool is_batch = m.rfind("batch ", 0) == 0;
    c.error(is_batch && batch ? batch->loc : gl->loc, m,
            {is_batch ? "lower [training] batch" : "use fewer or narrower layers"});
  }
}

std::vector<Panel> default_panels(int dim) {
  return {Panel::Algorithm, dim == 1 ? Panel::View1d : Panel::View2d, Panel::Minibatch,
          Panel::Charts,    Panel::Settings,                          Panel::Narration};
}

// Checks a run configuration for sizes a lesson (or a link) may not ask for:
// the engine's resource model (engine/gan/resources.h) against the page's
// memory, with the player's snapshots. "" or a message; `where` names the
// culprit: "generator", "discriminator" or "batch".
std::string check_size(const GanConfig& cfg, int dim, std::string* where = nullptr) {
  const std::string m = check_memory(estimate_point_memory(cfg, dim, 0, kPointPlayerKeeping), kPageMemoryLimit);
  if (!m.empty() && where)
    *where = m.rfind("batch ", 0) == 0 ? "batch" : m.rfind("d_hidden ", 0) == 0 ? "discriminator" : "generator";
  return m;
}

int data_dim(const std::string& spec) {
  std::string err;
  auto d = make_dataset(spec, err);
  return d ? d->dim() : 0;
}

// Cross-field checks, after every key is read.
void check_lesson(Ctx& c, const Value& root, Lesson& l) {
  const Value* meta = root.find("meta");
  const Loc meta_loc = meta ? meta->loc : Loc{1, 1};
  auto loc_of_key = [&](const char* section, const char* key) {
    const Value* s = root.find(section);
    const Value* v = s && s->is_table() ? s->find(key) : nullptr;
    return v ? v->loc : (s ? s->loc : meta_loc);
  };

  if (l.image) check_image_lesson(c, root, l);
  std::string e = validate(l.config);
  const int dim = e.empty() ? data_dim(l.config.data) : 0;
  if (l.image) {
    // checked above
  } else if (!e.empty()) {
    c.error(loc_of_key("data", "set"), e);
  } else {
    std::string where;
    std::string s = check_size(l.config, dim, &where);
    if (!s.empty()) {
      const Loc at = where == "batch" ? loc_of_key("training", "batch") : loc_of_key(where.c_str(), "hidden");
      c.error(at, s, {"use fewer or narrower hidden layers, or a smaller batch"});
    }
  }

  // [view]
  if (l.view.panels.empty())
    l.view.panels = l.game ? game_panels() : l.image ? image_panels() : default_panels(dim ? dim : 1);
  const Loc panels_loc = loc_of_key("view", "panels");
  if (l.game) {
    for (Panel v : l.view.panels)
      if (v != Panel::Saddle && v != Panel::Narration)
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " needs a GAN run, but this lesson runs a [game]",
                {"a [game] lesson shows saddle and narration"});
    for (std::size_t i = 0; i < l.game->compare.size(); ++i) {
      GameConfig g = l.game->config;
      std::string ce = apply_compare(g, l.game->compare[i]);
      if (!ce.empty()) c.error(loc_of_key("game", "compare"), "compare " + in_quotes(l.game->compare[i]) + ": " + ce);
    }
    std::string ge = validate_game(l.game->config);
    if (!ge.empty()) c.error(loc_of_key("game", "game"), "[game] " + ge);
  } else if (l.view.shows(Panel::Saddle)) {
    c.error(panels_loc, "panel saddle needs a [game] section", {"add [game] with game = \"bilinear\" (or dirac, custom)"});
  }
  if (l.image) {
    for (Panel v : {Panel::View1d, Panel::View2d, Panel::Saddle})
      if (l.view.shows(v))
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " cannot show an image lesson",
                {"an image lesson shows samples, d_outputs, latent, classes, algorithm, charts and narration"});
  } else if (!l.game) {
    for (Panel v : l.view.panels)
      if (is_image_panel(v))
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " needs an image lesson ([data] images)",
                {"samples, d_outputs, latent and classes show image GANs"});
    if (dim == 2 && l.view.shows(Panel::View1d))
      c.error(panels_loc, "panel view1d needs 1-D data, but " + in_quotes(l.config.data) + " is 2-D", {"use view2d"});
  }
  if (dim == 1 && l.view.shows(Panel::View2d))
    c.error(panels_loc, "panel view2d needs 2-D data, but " + in_quotes(l.config.data) + " is 1-D", {"use view1d"});
  if (l.view.focus && !l.view.shows(*l.view.focus))
    c.error(loc_of_key("view", "focus"), std::string("focus = \"") + panel_name(*l.view.focus) + "\" is not one of the panels shown",
            {std::string("add \"") + panel_name(*l.view.focus) + "\" to [view] panels"});
  if (!l.beats.empty() && !l.view.shows(Panel::Narration))
    c.error(panels_loc, "the lesson has beats but [view] panels does not show narration",
            {"add \"narration\" to [view] panels"});

  // beats: settings evolve beat by beat
  bool minimax = l.config.g_loss == GLoss::Minimax, nonsat = !minimax;
  for (const auto& b : l.beats)
    for (const auto& s : b.set)
      if (s.key == "g_loss") (s.value == "minimax" ? minimax : nonsat) = true;
  GanConfig running = l.config;
  GameConfig running_game = l.game ? l.game->config : GameConfig();
  std::set<std::string> ids;
  for (std::size_t i = 0; i < l.beats.size(); ++i) {
    const Beat& b = l.beats[i];
    c.prefix = "beat " + std::to_string(i + 1) + ": ";
    check_trigger(c, l, b.trigger, minimax, nonsat);
    if (!b.id.empty() && !ids.insert(b.id).second) c.error(b.loc, "beat id " + in_quotes(b.id) + " is used twice");
    if (b.highlight && !l.view.shows(*b.highlight))
      c.error(b.loc, std::string("highlight = \"") + panel_name(*b.highlight) + "\" is not one of the panels shown",
              {std::string("add \"") + panel_name(*b.highlight) + "\" to [view] panels"});
    if (l.game) {
      for (const auto& s : b.set) {
        const GameKey* k = find_game_key(s.key);
        if (k && !k->retunable && !b.reset)
          c.error(b.loc, "set." + s.key + " cannot change during a run", {"add reset = true to restart the run with it"});
      }
      if (!b.set.empty()) {
        GameConfig next = running_game;
        std::string err = apply_game_settings(next, b.set);
        if (!err.empty()) c.error(b.loc, "after this beat's set: " + err);
        else running_game = next;
      }
    } else {
      for (const auto& s : b.set) {
        if (!is_live_setting(s.key) && !b.reset)
          c.error(b.loc, "set." + s.key + " cannot change during a run", {"add reset = true to restart the run with it"});
      }
    }
    if (l.image) {
      for (const auto& s : b.set)
        if (s.key == "data" || s.key == "g_hidden" || s.key == "d_hidden" || s.key == "noise_dim")
          c.error(b.loc, "set." + s.key + " cannot change an image lesson's data or networks",
                  {"write another lesson with other [generator] or [discriminator] layers"});
    }
    if (!b.set.empty() && !l.game && !l.image) {
      GanConfig next = running;
      std::string err = apply_settings(next, b.set);
      if (err.empty()) {
        std::string d;
        auto ds = make_dataset(next.data, d);
        if (ds) err = check_size(next, ds->dim());
        if (ds && err.empty() && ds->dim() != dim && dim)
          err = "set.data changes the data's dimension, which the panels cannot follow";
      }
      if (!err.empty()) c.error(b.loc, "after this beat's set: " + err);
      else running = next;
    }
    if (b.question && b.question->answer >= static_cast<int>(b.question->choices.size()) && !b.question->choices.empty())
      c.error(b.question->loc, "answer = " + std::to_string(b.question->answer) + " but there are only " +
                                   std::to_string(b.question->choices.size()) + " choices (counted from 0)");
  }
  c.prefix.clear();
}

}  // namespace

// ---------------------------------------------------------------- parse

LoadResult parse_lesson(std::string_view text_in, const ParseOptions& options) {
  // A UTF-8 byte-order mark (as some editors save) is not part of the text:
  // positions count from the character after it.
  const std::string_view text = skip_utf8_bom(text_in);
  LoadResult out;
  Ctx c{&out.problems, options, text, false, "", false};
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
  read_section(c, "", root, Target{&out.lesson, nullptr, nullptr});
  check_lesson(c, root, out.lesson);
  std::stable_sort(out.problems.begin(), out.problems.end(), [](const Problem& a, const Problem& b) {
    return a.line != b.line ? a.line < b.line : a.col < b.col;
  });
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
  return parse_lesson(text);
}

std::string format_problem(const std::string& file, const Problem& p) {
  const std::string at = p.line > 0 ? file + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": " : file + ": ";
  std::string s = at + "error: " + p.message + "\n";
  for (const auto& h : p.hints) s += at + "hint: " + h + "\n";
  return s;
}

// ---------------------------------------------------------------- save

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
    case Kind::Number: return k + " = " + shortest(p.d, false) + "\n";
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
      return "";
  }
  return "";
}

// Every row of a section, as TOML lines. compact: skip rows equal to `defaults`.
std::string section_toml(const std::string& section, const CTarget& t, const CTarget& defaults, bool compact) {
  std::string out;
  for (const auto& r : kRows) {
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
      line = r.key + std::string(" = ") + config_value_toml(r, k->get(t.lesson->config)) + "\n";
      def = r.key + std::string(" = ") + config_value_toml(r, k->get(defaults.lesson->config)) + "\n";
    } else if (r.kind == Kind::Trigger) {
      line = std::string(r.key) + " = " + trigger_toml(t.beat->trigger) + "\n";
      def = compact ? "" : "-";  // a beat always says when it fires
    } else if (r.kind == Kind::Settings) {
      if (t.beat->set.empty()) continue;
      std::string s = "set = { ";
      for (std::size_t i = 0; i < t.beat->set.size(); ++i) {
        const Setting& st = t.beat->set[i];
        const Row* cr = t.lesson->game ? row_for_game_key(st.key) : row_for_config_key(st.key);
        s += (i ? ", " : "") + st.key + " = " + (cr ? config_value_toml(*cr, st.value) : toml_string(st.value, false));
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
  const Question default_question;
  std::string out;
  if (!compact) out += "# ganstep lesson (lessons/README.md describes every key)\n";
  out += "format = " + std::to_string(kFormatVersion) + "\n";
  for (const auto& s : kSections) {
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
    if (body.empty()) continue;
    out += "\n[" + std::string(s.name) + "]\n" + body;
  }
  return out;
}

std::vector<KeyDoc> lesson_keys() {
  std::vector<KeyDoc> v;
  for (const auto& r : kRows) {
    KeyDoc d;
    d.section = r.section;
    d.key = r.key;
    d.type = kind_doc(r.kind);
    d.required = r.required;
    if (is_game_row(r)) {
      d.config_key = r.config_key;
      if (const GameKey* k = find_game_key(r.config_key)) d.help = k->help;
    } else if (r.config_key) {
      d.config_key = r.config_key;
      if (const ConfigKey* k = find_config_key(r.config_key)) d.help = k->help;
    } else {
      d.help = r.help ? r.help : "";
    }
    v.push_back(d);
  }
  return v;
}

}  // namespace ganstep::lessons
