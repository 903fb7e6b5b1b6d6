// The lesson schema: ONE table of keys (kRows) drives parsing, type checks,
// defaults, validation messages, saving and the key documentation. Keys of
// the run settings are routed through the engine's config_keys(). Reading,
// checking and writing go through this table (lesson_read.cpp,
// lesson_check.cpp, lesson_write.cpp; shared types in lesson_schema.h).
//   (the enums' names: lesson_names.h/.cpp; settings applied: lesson_settings.cpp)
//   the schema     kinds of values, kSections
//   enum fields, image lessons  what the rows use to read their values
//   the rows       kRows
//   lookups        the row or engine key of a name
//   documentation  lesson_keys()
#include "lessons/format/lesson_schema.h"

#include <algorithm>
#include <iterator>

#include "engine/core/text.h"
#include "lessons/format/image_layers.h"
#include "lessons/format/lesson_names.h"

namespace ganstep::lessons {

using namespace names;

namespace schema {

std::vector<std::string> phase_names() {
  std::vector<std::string> v;
  for (int i = 0; i < kPhaseCount; ++i) v.push_back(phase_name(static_cast<Phase>(i)));
  return v;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string in_quotes(const std::string& s) { return quote_input(s); }

}  // namespace schema

namespace schema {

// ---------------------------------------------------------------- the schema

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
    case Kind::Points: return "an array of [x, y] pairs";
    case Kind::WorkedRows: return "an array of rows { label = \"x1\", real = true, d = 0.9 }";
  }
  return "a value";
}

namespace {

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
    case Kind::Points: return "array of [x, y]";
    case Kind::WorkedRows: return "array of { label, real, d, blank }";
  }
  return "";
}

}  // namespace

const Section kSections[] = {
    {"meta", "meta", "", false, true, "what the lesson is: id, titles, summary, level, length"},
    {"data", "data", "", false, false, "the data set p_data"},
    {"noise", "noise", "", false, false, "the noise prior p_z"},
    {"generator", "generator", "", false, false, "G's hidden layers"},
    {"discriminator", "discriminator", "", false, false, "D's hidden layers"},
    {"training", "training", "", false, false, "optimizers, learning rates, k, minibatch size, G's loss, seed, run length"},
    {"view", "view", "", false, false, "which panels are shown, and layout hints"},
    {"view.logloss", "logloss", "view", false, false, "the log-loss panel: log base, worked table, V(D,G)"},
    {"view.view1d", "view1d", "view", false, false, "what the 1-D view draws (its check boxes)"},
    {"view.view2d", "view2d", "view", false, false, "what the 2-D view draws (its check boxes)"},
    {"view.charts", "charts", "view", false, false, "the charts panel's options"},
    {"locks", "locks", "", false, false, "settings the student cannot change"},
    {"game", "game", "", false, false, "a two-parameter saddle-point game run instead of a GAN (engine/game/game.h)"},
    {"latent", "latent", "", false, false, "finding the latent code of a digit through another lesson's trained G"},
    {"beat", "beat", "", true, false, "the narration: texts that appear when their trigger fires"},
    {"beat.question", "question", "beat", false, false,
     "a question asked by a beat: multiple choice, a number (with a tolerance) or a free text"},
};

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) return false;
  return s[0] != '-' && s[0] != '_';
}

namespace {

// ---------------------------------------------------------------- enum fields

template <class E, std::size_t N>
bool read_enum(Ctx& c, const Parsed& p, const Named<E> (&table)[N], const char* what, E& out) {
  if (value_of(table, p.s, out)) return true;
  std::vector<std::string> names = names_of(table);
  c.unknown(p.loc, std::string("unknown ") + what + " " + in_quotes(p.s), p.s, names, "expected one of: " + join(names));
  return false;
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

// ---------------------------------------------------------------- panel options

void read_panel_option(Ctx& c, Lesson& l, const std::string& name, const Parsed& p) {
  const std::string text = p.type == Value::Type::Bool ? (p.b ? "true" : "false") : p.s;
  const std::string e = apply_panel_option(l.view.options, name, text);
  if (e.empty()) return;
  std::vector<std::string> hints;
  const std::vector<std::string> values = name == "logloss.base"   ? std::vector<std::string>{"ln", "log2", "log10"}
                                          : name == "logloss.mode" ? std::vector<std::string>{"worked", "minibatch"}
                                                                   : std::vector<std::string>{};
  const std::string best = did_you_mean(p.s, values);
  if (!best.empty()) hints.push_back("did you mean " + in_quotes(best) + "?");
  c.error(p.loc, "[view." + e.substr(0, e.find('.')) + "] " + e.substr(e.find('.') + 1), hints);
}

bool write_panel_option(const Lesson& l, const std::string& name, Parsed& p) {
  const std::string text = panel_option_text(l.view.options, name);
  p.s = text;
  p.b = text == "true";
  return true;
}

}  // namespace

// ---------------------------------------------------------------- the rows

#define LESSON(t) (*(t).lesson)
#define BEAT(t) (*(t).beat)

// [latent] keys: apply_latent_setting (latent_keys.cpp) parses and checks them.
std::string latent_text(const Parsed& p, Kind k) {
  if (k == Kind::Integer) return std::to_string(p.i);
  if (k == Kind::Number) return shortest(p.d, false);
  if (k == Kind::Bool) return p.b ? "true" : "false";
  return p.s;
}
void read_latent(Ctx& c, Target& t, const Parsed& p, const char* key, Kind k) {
  if (!LESSON(t).latent) LESSON(t).latent.emplace();
  const std::string e = apply_latent_setting(*LESSON(t).latent, key, latent_text(p, k));
  if (!e.empty()) c.error(p.loc, "[latent] " + e);
}
bool write_latent(const CTarget& t, Parsed& p, const char* key, Kind k) {
  if (!t.lesson->latent) return false;
  const std::string k_name = key;
  const bool detect_key = k_name == "detect" || k_name == "other_generator" || k_name == "other_seed" ||
                          k_name == "updates" || k_name == "batch";
  if (detect_key && t.lesson->latent->detect == 0) return false;  // a find-latent lesson does not write them
  const std::string v = latent_setting_text(*t.lesson->latent, key);
  if ((k_name == "other_generator" && v.empty()) || (k_name == "other_seed" && v == "0")) return false;
  if (k == Kind::Integer) p.i = std::strtoll(v.c_str(), nullptr, 10);
  else if (k == Kind::Number) p.d = std::strtod(v.c_str(), nullptr);
  else if (k == Kind::Bool) p.b = v == "true";
  else p.s = v;
  return true;
}
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
    {"data", "points", Kind::Points, false, nullptr, 0,
     "your own 2-D points instead of set: [[x, y], ...] (at most 10000; they travel in share links)", nullptr,
     nullptr},  // handled by read_points / the writer (the data setting "points:X,Y;...")
    {"noise", "prior", Kind::String, false, "noise", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"noise", "dim", Kind::Integer, false, "noise_dim", 0, nullptr, nullptr, nullptr},
    {"generator", "hidden", Kind::String, false, "g_hidden", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"generator", "mapping_depth", Kind::Integer, false, "mapping_depth", 0, nullptr, nullptr, nullptr},
    {"generator", "mapping_width", Kind::Integer, false, "mapping_width", 0, nullptr, nullptr, nullptr},
    {"generator", "mapping_lr", Kind::Number, false, "mapping_lr", 0, nullptr, nullptr, nullptr},
    {"generator", "style_noise", Kind::Bool, false, "style_noise", 0, nullptr, nullptr, nullptr},
    {"generator", "psi", Kind::Number, false, "psi", 0, nullptr, nullptr, nullptr},
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
    {"training", "objective", Kind::String, false, "objective", kMaxStringBytes, nullptr, nullptr, nullptr},
    {"training", "gp_lambda", Kind::Number, false, "gp_lambda", 0, nullptr, nullptr, nullptr},
    {"training", "r1_gamma", Kind::Number, false, "r1_gamma", 0, nullptr, nullptr, nullptr},
    {"training", "r1_every", Kind::Integer, false, "r1_every", 0, nullptr, nullptr, nullptr},
    {"training", "equalized_lr", Kind::Bool, false, "equalized_lr", 0, nullptr, nullptr, nullptr},
    {"training", "grow_stage", Kind::Integer, false, "grow_stage", 0, nullptr, nullptr, nullptr},
    {"training", "grow_fade", Kind::Integer, false, "grow_fade", 0, nullptr, nullptr, nullptr},
    {"training", "ema_g", Kind::Number, false, "ema_g", 0, nullptr, nullptr, nullptr},
    {"training", "ema_start", Kind::Integer, false, "ema_start", 0, nullptr, nullptr, nullptr},
    {"training", "lr_decay_start", Kind::Integer, false, "lr_decay_start", 0, nullptr, nullptr, nullptr},
    {"training", "lr_decay_end", Kind::Integer, false, "lr_decay_end", 0, nullptr, nullptr, nullptr},
    {"training", "real_target", Kind::Number, false, "real_target", 0, nullptr, nullptr, nullptr},
    {"training", "compare", Kind::StringList, false, nullptr, 200,
     "runs overlaid on the main one, same seed (at most 3, so 4 runs): each key=value settings on top of the "
     "lesson's, e.g. [\"g_loss=minimax\", \"objective=wgan-gp k=5\"]",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (p.list.size() > kMaxGanCompare) {
         c.error(p.loc, "compare has " + std::to_string(p.list.size()) + " runs; at most " +
                            std::to_string(kMaxGanCompare) + " (4 with the main run)");
         return;
       }
       for (std::size_t i = 0; i < p.list.size(); ++i) {
         const std::string& entry = p.list[i];
         GanConfig probe;
         std::size_t at = 0;
         std::string e = apply_compare(probe, entry, &at);
         const Loc where = p.raw && i < p.raw->items.size() ? item_loc(p.raw->items[i].loc, entry, static_cast<int>(at)) : p.loc;
         if (!e.empty()) c.error(where, "compare " + in_quotes(entry) + ": " + e);
         else LESSON(t).compare.push_back(entry);
       }
     },
     [](const CTarget& t, Parsed& p) {
       if (t.lesson->compare.empty()) return false;
       p.list = t.lesson->compare;
       return true;
     }},
    {"training", "seed", Kind::Integer, false, "seed", 0, nullptr, nullptr, nullptr},
    {"training", "mode", Kind::String, false, "mode", kMaxStringBytes, nullptr, nullptr, nullptr},
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

    // [view.logloss], [view.view1d], [view.view2d], [view.charts]: the panels' options
    // (panel_options.cpp: apply_panel_option; a beat's set changes them by "panel.key")
#define PANEL_ROW(panel, key, kind, help)                                                              \
  {"view." panel, key, kind, false, nullptr, 40, help,                                                 \
   [](Ctx& c, Target& t, const Parsed& p) { read_panel_option(c, LESSON(t), panel "." key, p); },     \
   [](const CTarget& t, Parsed& p) { return write_panel_option(*t.lesson, panel "." key, p); }}
    PANEL_ROW("logloss", "base", Kind::String, "the log base: ln (default), log2 or log10 (the course's tables)"),
    PANEL_ROW("logloss", "mode", Kind::String,
              "worked (default: the rows below, when there are any) or minibatch (D's live minibatch)"),
    PANEL_ROW("logloss", "show_v", Kind::Bool,
              "show V(D,G) = mean log D(x) + mean log(1 - D(G(z))) under the table, in the chosen base"),
    {"view.logloss", "rows", Kind::WorkedRows, false, nullptr, 40,
     "a worked table: [{ label = \"x1\", real = true, d = 0.9 }, ...] (1..16 rows, d in (0, 1)); "
     "blank = [\"corrected\", \"log\"] leaves cells for the student to fill in",
     nullptr, nullptr},  // read_worked_rows (lesson_read.cpp)
    {"view.logloss", "blank_mean", Kind::Bool, false, nullptr, 0,
     "the worked table's mean log loss is a cell the student fills in (default false)",
     [](Ctx&, Target& t, const Parsed& p) { LESSON(t).view.options.blank_mean = p.b; },
     [](const CTarget& t, Parsed& p) { p.b = t.lesson->view.options.blank_mean; return true; }},
    {"view.logloss", "tolerance", Kind::Number, false, nullptr, 0,
     "how far a filled-in cell may be from the computed value, > 0 and at most 1 (default 0.001)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (!(p.d > 0) || p.d > 1)
         c.error(p.loc, "[view.logloss] tolerance = " + shortest_text(p.d, false) + " is out of range: > 0 and at most 1",
                 {"e.g. tolerance = 0.001"});
       else LESSON(t).view.options.tolerance = p.d;
     },
     [](const CTarget& t, Parsed& p) { p.d = t.lesson->view.options.tolerance; return true; }},
    PANEL_ROW("view1d", "p_data", Kind::Bool, "draw p_data (default true)"),
    PANEL_ROW("view1d", "p_g", Kind::Bool, "draw p_g, G's density (default true)"),
    PANEL_ROW("view1d", "d", Kind::Bool, "draw D(x) (default true)"),
    PANEL_ROW("view1d", "d_star", Kind::Bool, "draw the optimal D*(x) (default true)"),
    PANEL_ROW("view1d", "z_to_x", Kind::Bool, "draw the z axis and the arrows z -> x = G(z) (default true)"),
    PANEL_ROW("view1d", "minibatch", Kind::Bool, "mark the minibatch's samples (default true)"),
    PANEL_ROW("view2d", "real", Kind::Bool, "draw the real samples (default true)"),
    PANEL_ROW("view2d", "fake", Kind::Bool, "draw G's samples (default true)"),
    PANEL_ROW("view2d", "heatmap", Kind::Bool, "draw D's decision map (default true)"),
    PANEL_ROW("view2d", "arrows", Kind::Bool, "draw the gradient arrows on the fake samples (default true)"),
    PANEL_ROW("view2d", "grid_warp", Kind::Bool, "draw G applied to a regular z grid, noise_dim 2 (default true)"),
    PANEL_ROW("view2d", "minibatch", Kind::Bool, "mark the minibatch's samples (default true)"),
    PANEL_ROW("charts", "show_v", Kind::Bool, "add V(D,G) to the losses chart (default false)"),
#undef PANEL_ROW

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

    // [latent]
#define LATENT_ROW(key, kind, len, required, help)                                          \
  {"latent", key, kind, required, nullptr, len, help,                                       \
   [](Ctx& c, Target& t, const Parsed& p) { read_latent(c, t, p, key, kind); },             \
   [](const CTarget& t, Parsed& p) { return write_latent(t, p, key, kind); }}
    LATENT_ROW("generator", Kind::String, 40, true,
               "the image lesson whose G, trained for its [training] iterations at set-up, is inverted"),
    LATENT_ROW("target", Kind::String, 800,  false,
               "the digit to find: \"test:N\" (held-out digit N) or \"image:\" and 784 hex digits (drawn)"),
    LATENT_ROW("lr", Kind::Number, 0, false, "Adam's learning rate on z (default 0.05)"),
    LATENT_ROW("pixel_weight", Kind::Number, 0, false, "weight of the pixel MSE (default 1)"),
    LATENT_ROW("feature_weight", Kind::Number, 0, false,
               "weight of the MSE of the quality classifier's hidden features (default 0.1)"),
    LATENT_ROW("starts", Kind::Integer, 0, false, "codes searched side by side from random starts, 1..16 (default 1)"),
    LATENT_ROW("restart", Kind::Integer, 0, false, "how many times the codes were drawn again (default 0)"),
    LATENT_ROW("encoder", Kind::Bool, 0, false, "start from the encoder's guess E(x) instead of random codes"),
    LATENT_ROW("loss_target", Kind::Number, 0, false,
               "the loss the comparison counts updates to (random start vs E(x); default 0.01)"),
    LATENT_ROW("seed", Kind::Integer, 0, false, "seed of the random start codes"),
    LATENT_ROW("detect", Kind::Integer, 0, false,
               "detect-fakes: score this many held-out digits and as many fakes per G (0: find one code)"),
    LATENT_ROW("other_generator", Kind::String, 40, false,
               "detect-fakes: an image lesson whose trained G draws a second set of fakes"),
    LATENT_ROW("other_seed", Kind::Integer, 0, false,
               "detect-fakes: the generator lesson trained again with this seed draws a set of fakes (0: none)"),
    LATENT_ROW("updates", Kind::Integer, 0, false, "detect-fakes: re-synthesis updates per digit (default 30)"),
    LATENT_ROW("batch", Kind::Integer, 0, false, "detect-fakes: digits of each group scored per iteration (default 10)"),
#undef LATENT_ROW

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
    {"beat", "text", Kind::Text, true, nullptr, kMaxTextBytes, "the narration, markdown (CommonMark with pipe tables), text.en and text.pt",
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
    {"beat", "claims", Kind::StringList, false, nullptr, 200,
     "numeric claims about the run when the beat fires, NAME OP NUMBER, e.g. [\"js > 0.05\", \"d_real < 0.6\"] "
     "(checked by the library's test; names as in {placeholders})",
     [](Ctx&, Target& t, const Parsed& p) { BEAT(t).claims = p.list; },
     [](const CTarget& t, Parsed& p) {
       if (t.beat->claims.empty()) return false;
       p.list = t.beat->claims;
       return true;
     }},
    {"beat", "reset", Kind::Bool, false, nullptr, 0,
     "restart the run from iteration 0 with the settings so far (needed to change data, networks, noise or seed)",
     [](Ctx&, Target& t, const Parsed& p) { BEAT(t).reset = p.b; },
     [](const CTarget& t, Parsed& p) { p.b = t.beat->reset; return true; }},
    {"beat", "unlock", Kind::StringList, false, nullptr, 40,
     "[locks] settings the student may change from this beat on, e.g. [\"lr_d\"]",
     [](Ctx&, Target& t, const Parsed& p) {  // checked against [locks] by check_lesson
       BEAT(t).unlock = p.list;
       BEAT(t).unlock_loc = p.loc;
     },
     [](const CTarget& t, Parsed& p) {
       if (t.beat->unlock.empty()) return false;
       p.list = t.beat->unlock;
       return true;
     }},

    // [beat.question]
    {"beat.question", "prompt", Kind::Text, true, nullptr, 1000, "the question, prompt.en and prompt.pt",
     [](Ctx&, Target& t, const Parsed& p) { QUESTION(t).prompt = p.text; },
     [](const CTarget& t, Parsed& p) { p.text = t.question->prompt; return true; }},
    {"beat.question", "choices", Kind::TextList, false, nullptr, 300,
     "2..6 answers, choices.en = [...] and choices.pt = [...] (none: the student types a number or a text)",
     [](Ctx&, Target& t, const Parsed& p) { QUESTION(t).choices = p.texts; },
     [](const CTarget& t, Parsed& p) {
       if (t.question->kind != AnswerKind::Choice) return false;
       p.texts = t.question->choices;
       return true;
     }},
    {"beat.question", "answer", Kind::Number, false, nullptr, 0,
     "with choices: the index of the right choice, from 0; without: the right number (with tolerance); "
     "neither choices nor answer: a free-text question",
     [](Ctx&, Target& t, const Parsed& p) {  // which of the two: finish_question (lesson_read.cpp)
       QUESTION(t).number = p.d;
       QUESTION(t).answer = p.type == Value::Type::Integer && p.d >= 0 && p.d <= 1000 ? static_cast<int>(p.d) : -1;
     },
     [](const CTarget& t, Parsed& p) {
       if (t.question->kind == AnswerKind::Text) return false;
       if (t.question->kind == AnswerKind::Choice) {
         p.d = t.question->answer;
         p.type = Value::Type::Integer;
       } else {
         p.d = t.question->number;
         p.type = Value::Type::Float;
       }
       return true;
     }},
    {"beat.question", "tolerance", Kind::Number, false, nullptr, 0,
     "a numeric answer is right within this distance of answer, > 0 (e.g. 0.0005)",
     [](Ctx& c, Target& t, const Parsed& p) {
       if (!(p.d > 0) || p.d > 1e6)
         c.error(p.loc, "tolerance = " + shortest_text(p.d, false) + " is out of range: it must be > 0 and at most 1e6",
                 {"e.g. tolerance = 0.0005 accepts 0.1899 +- 0.0005"});
       else QUESTION(t).tolerance = p.d;
     },
     [](const CTarget& t, Parsed& p) {
       if (t.question->kind != AnswerKind::Number) return false;
       p.d = t.question->tolerance;
       return true;
     }},
    {"beat.question", "next", Kind::StringList, false, nullptr, 40,
     "branching: the beat (by id) that follows each answer, \"\" for the next one: one per choice, or "
     "[if right, if wrong] for a numeric answer",
     [](Ctx&, Target& t, const Parsed& p) {  // targets checked by check_lesson
       QUESTION(t).next = p.list;
       QUESTION(t).next_loc = p.loc;
     },
     [](const CTarget& t, Parsed& p) {
       if (t.question->next.empty()) return false;
       p.list = t.question->next;
       return true;
     }},
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

// ---------------------------------------------------------------- lookups

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

const Row* row_for_panel_option(const std::string& name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string::npos) return nullptr;
  const std::string section = "view." + name.substr(0, dot), key = name.substr(dot + 1);
  const auto& names = panel_option_names();
  if (std::find(names.begin(), names.end(), name) == names.end()) return nullptr;
  for (const auto& r : kRows)
    if (section == r.section && key == r.key) return &r;
  return nullptr;
}

bool is_text_row(const Row& r) { return r.kind == Kind::Text && std::string(r.section) != "meta"; }

Table<Section> sections() { return {std::begin(kSections), std::end(kSections)}; }
Table<Row> rows() { return {std::begin(kRows), std::end(kRows)}; }

}  // namespace schema

// ---------------------------------------------------------------- documentation

using namespace schema;

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
