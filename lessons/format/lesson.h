// The instructor-authored lesson: what a lesson file says, and the one API
// that reads, checks and writes it. No UI code here (the player draws it).
//
// A lesson is a TOML file (`format = 1`) with the sections [meta], [data],
// [noise], [generator], [discriminator], [training], [view], [locks] and an
// array of [[beat]]s; lessons/README.md documents every key. The keys of
// [data], [noise], [generator], [discriminator] and [training] are the
// engine's run settings (engine/gan/config.h, config_keys()): their parsing,
// ranges and messages come from there.
//
// Every entry point below is total: malformed input (bad TOML, wrong types,
// unknown keys, out-of-range numbers, invalid UTF-8, huge or deeply nested
// documents, hostile share links) gives Problems, never an exception or a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/game/game.h"
#include "engine/gan/config.h"
#include "engine/gan/image_spec.h"
#include "engine/gan/trainer.h"
#include "lessons/format/loc.h"

namespace ganstep::lessons {

constexpr int kFormatVersion = 1;

// Limits (each exceeded limit is a Problem, not a crash).
constexpr std::size_t kMaxLessonBytes = 256 * 1024;  // a lesson file, or a decompressed share link
constexpr std::size_t kMaxBeats = 64;
constexpr std::size_t kMaxTextBytes = 4000;          // one beat text (per language)
constexpr std::size_t kMaxStringBytes = 1000;        // any other string
constexpr std::size_t kMaxProblems = 100;            // problems reported per file
constexpr std::int64_t kMaxIterations = 1000000;     // [training] iterations

enum class Lang { En, Pt };

// A text in both languages (both required).
struct Text {
  std::string en, pt;
  const std::string& get(Lang l) const { return l == Lang::Pt ? pt : en; }
  bool operator==(const Text& o) const { return en == o.en && pt == o.pt; }
};

// Samples, DOutputs, Latent and Classes show an image lesson's run: G's fixed
// sample grid, D's outputs on real and generated images, a latent
// interpolation and a digit classifier's view of the samples.
// Inversion and CodePath show a [latent] lesson's search (the target, the
// reconstruction and the loss; the code's path in a 2-D projection).
// Scores and Roc show a [latent] detect lesson (detect > 0): the histograms
// of real and fake digits' scores with a drawn digit placed on them; the ROC
// curves and AUC per detector and fake source.
// Projection and Interpolation show a style-based G's latent spaces Z and W
// (engine/gan/disentangle.h): 2-D PCA scatters coloured by digit with the
// linear separability, and a line in each space with the path lengths.
enum class Panel { Algorithm, View1d, View2d, Minibatch, Logloss, Charts, Settings, Narration, Saddle,
                   Samples, DOutputs, Latent, Classes, Styles, Inversion, CodePath, Scores, Roc, Projection,
                   Interpolation };
const char* panel_name(Panel p);
bool parse_panel(const std::string& s, Panel& out);
const std::vector<Panel>& all_panels();

enum class Level { Beginner, Intermediate, Advanced };
const char* level_name(Level l);

enum class Layout { Auto, Columns, Rows };
const char* layout_name(Layout l);

enum class StepHint { Phase, DStep, Iteration };  // the step button's default size
const char* step_hint_name(StepHint s);

// Values a metric trigger can watch, and the range each can take.
// distance: a [game] lesson's distance to the equilibrium (the others need a GAN run).
// modes, hq: mode coverage of mixtures, ring8 and grid25 (engine/gan/metrics.h, ModeCoverage).
enum class Metric { DReal, DFake, LossD, LossDReal, LossDFake, LossG, Js, KlDataG, KlGData, Distance, Modes, Hq };
const char* metric_name(Metric m);
bool parse_metric(const std::string& s, Metric& out);
const std::vector<std::string>& metric_names();
// The metrics a kind of lesson measures ("did you mean" and lists stay within them).
enum class LessonKind { Point, Image, Game };
std::vector<std::string> metric_names(LessonKind kind);

enum class TriggerKind { Load, AtIteration, AtPhase, Metric };

// When a beat fires. Beats fire in order: a beat's trigger is watched only
// once the beat before it has fired (and its question, if any, is answered).
struct Trigger {
  TriggerKind kind = TriggerKind::Load;
  std::int64_t iteration = 0;        // AtIteration: once iteration() >= this
  Phase phase = Phase::SampleNoiseD; // AtPhase: when the run completes this phase
  Metric metric = Metric::DFake;     // Metric: when the metric is above/below threshold
  bool above = true;
  double threshold = 0;
  std::int64_t after = 0;            // AtPhase, Metric: not before this iteration
  Loc loc;
  bool bad = false;                  // it had a problem when read (the checks after reading skip it)
};

// What a question asks for: one of its choices, a number (right within a
// tolerance), or a free text (shown back to the student, never right or wrong).
enum class AnswerKind { Choice, Number, Text };

struct Question {
  Text prompt;
  AnswerKind kind = AnswerKind::Choice;  // choices: Choice; a float answer: Number; neither: Text
  std::vector<Text> choices;  // 2..6 (Choice)
  int answer = 0;             // 0-based index into choices (Choice)
  double number = 0;          // the right value (Number)
  double tolerance = 0;       // |given - number| <= tolerance is right (Number)
  // The beat that follows an answer, by id ("": the next beat in the file):
  // Choice: one per choice; Number: [if right, if wrong]. Empty: no branching.
  std::vector<std::string> next;
  Loc next_loc;
  Text feedback;              // shown after any answer
  Loc loc;
};

// A student's answer: the choice (Choice questions) or the text typed
// (Number and Text questions; a number may use a decimal comma: "0,1899").
struct Answer {
  int choice = -1;
  std::string text;
  bool given() const { return choice >= 0 || !text.empty(); }
  bool operator==(const Answer& o) const { return choice == o.choice && text == o.text; }
};
constexpr std::size_t kMaxAnswerBytes = 200;
// A decimal number as a student types it: "0.1899", "0,1899", "-2", " 1e-3 ".
bool parse_decimal(const std::string& text, double& out);
// An answer q can take: "" or why not (for messages and the API).
std::string check_answer(const Question& q, const Answer& a);
// True when right; Text questions (and answers that do not fit) are never right.
bool answer_right(const Question& q, const Answer& a);

struct Setting {  // one `set` entry: an engine config key and its value as text
  std::string key;
  std::string value;
};

struct Beat {
  std::string id;          // optional, for links and tests
  Text text;               // markdown (see markdown.h)
  Trigger trigger;
  bool pause = false;      // pause the run when the beat fires
  std::optional<Panel> highlight;
  std::vector<Setting> set;  // run settings applied when the beat fires
  std::vector<Setting> view_set;  // panel options it changes ("logloss.base", ...: panel_option_names())
  bool reset = false;        // then restart the run from iteration 0 with the settings so far
  std::vector<std::string> unlock;  // [locks] settings the student may change from this beat on
  Loc unlock_loc;
  std::optional<Question> question;
  // Numeric claims about the run when the beat fires ("js < 0.1"): see beat_text.h.
  std::vector<std::string> claims;
  Loc loc;
};

// The index of the beat that follows `a` to beats[beat]'s question, or -1
// for the next one in the file.
int next_beat(const std::vector<Beat>& beats, int beat, const Answer& a);

// How messages name a beat: `beat "ID"` when it has an id, else `beat N` (N from 1).
std::string beat_label(int index, const std::string& id);

// The log base of the log-loss panel: "ln", "log2" or "log10".
enum class LogBase { E, Two, Ten };
const char* log_base_name(LogBase b);

// One instructor-given row of the log-loss panel's worked table: a sample's
// label, its class (real: class 1) and D's output on it; the panel computes
// the corrected prediction and its log in the chosen base. blank_*: cells the
// student fills in (checked against the computed value within the tolerance).
struct WorkedRow {
  std::string label;
  bool real = true;
  double d = 0.5;  // in (0, 1)
  bool blank_corrected = false, blank_log = false;
};
constexpr std::size_t kMaxWorkedRows = 16;

// The options of the panels, as [view.PANEL] keys; a beat's set changes the
// scalar ones (panel_option_names()), and stepping back restores them.
struct PanelOptions {
  // [view.logloss]
  LogBase base = LogBase::E;
  bool worked = true;   // mode: "worked" (the rows below, when there are any) or "minibatch"
  bool show_v = false;  // V(D,G) under the table
  std::vector<WorkedRow> rows;
  bool blank_mean = false;
  double tolerance = 0.001;
  // [view.view1d]
  bool p_data = true, p_g = true, d = true, d_star = true, z_to_x = true, minibatch_1d = true;
  // [view.view2d]
  bool real = true, fake = true, heatmap = true, arrows = true, grid_warp = true, minibatch_2d = true;
  // [view.charts]
  bool chart_v = false;
  bool operator==(const PanelOptions& o) const;
  bool operator!=(const PanelOptions& o) const { return !(*this == o); }
};
// "logloss.base", "view1d.d_star", ...: the options a beat's set may change.
const std::vector<std::string>& panel_option_names();
// Sets one option from its text ("log10", "true"); "" or an error.
std::string apply_panel_option(PanelOptions& o, const std::string& name, const std::string& value);
std::string apply_panel_options(PanelOptions& o, const std::vector<Setting>& set);
// The option's value as text ("" for an unknown name).
std::string panel_option_text(const PanelOptions& o, const std::string& name);

struct ViewSpec {
  std::vector<Panel> panels;      // shown panels, in order
  PanelOptions options;           // [view.logloss], [view.view1d], [view.view2d], [view.charts]
  std::optional<Panel> focus;     // the panel given the most room
  Layout layout = Layout::Auto;
  StepHint step = StepHint::Phase;
  int speed = 60;                 // iterations per second while playing (1..100000)
  bool shows(Panel p) const;
};

// A [game] section: the lesson runs a two-parameter saddle-point game
// (engine/game/game.h) instead of a GAN. Its keys are the engine's game_keys().
struct GameSpec {
  GameConfig config;
  // Runs overlaid from the same start: each entry is settings applied on top of
  // config, "key=value" tokens separated by spaces; a bare word is a rule
  // (rule_names()), e.g. "alternating", "r1 gamma=1", "simultaneous lr=0.3".
  std::vector<std::string> compare;
  std::int64_t steps = 200;  // the run length: the player stops here
};
constexpr std::size_t kMaxCompare = 5;
constexpr std::int64_t kMaxGameSteps = 100000;

// A [latent] section: the lesson finds the latent code of a digit through
// the trained G of another lesson (lessons/run/latent_run.h), one Adam update
// of z per iteration. Its keys (latent_key_names()) are also what a beat's or
// the student's `set` changes.
struct LatentSpec {
  std::string generator = "dcgan-mnist";  // an image lesson: its G after its [training] iterations
  // "test:N": held-out digit N (0-based); "image:" + 784 hex digits 0..f
  // (row by row, 0 = background, f = ink): a drawn or loaded digit.
  std::string target = "test:0";
  float lr = 0.05f;
  float pixel_weight = 1.0f;
  float feature_weight = 0.1f;
  int starts = 1;            // codes searched side by side (random restarts), 1..16
  int restart = 0;           // how many times the codes were drawn again
  bool encoder = false;      // start from the encoder's guess E(x)
  double loss_target = 0.01; // updates-to-target counts updates until the loss is below it
  std::uint64_t seed = 1;
  // Detecting fakes by re-synthesis (lessons/run/detect_run.h): detect > 0
  // scores that many held-out digits and as many fakes of G (and of the
  // other_generator's G, when named), `batch` of each per iteration, each
  // inverted through G for `updates` Adam updates from E(x).
  int detect = 0;
  std::string other_generator;
  int updates = 30;
  int batch = 10;
  // The iterations a detect lesson takes to score every digit.
  std::int64_t detect_iterations() const { return detect > 0 ? (detect + batch - 1) / batch : 0; }
};
constexpr std::size_t kLatentImageHex = 784;
const std::vector<std::string>& latent_key_names();
// Sets one key from its text; "" or an error naming the key.
std::string apply_latent_setting(LatentSpec& s, const std::string& key, const std::string& value);
std::string apply_latent_settings(LatentSpec& s, const std::vector<Setting>& set);
std::string latent_setting_text(const LatentSpec& s, const std::string& key);
// "test:N" -> index (and true); "image:HEX" -> pixels (784 values in [-1, 1]).
bool latent_target_index(const std::string& target, int& index);
bool latent_target_pixels(const std::string& target, std::vector<float>& pixels);
// The "image:HEX" text of 784 pixels in [-1, 1] (16 levels).
std::string latent_target_text(const float* pixels);

// A GAN lesson's [training] compare: runs overlaid on the main one (kMaxGanCompare
// entries, so 4 runs at most), each "key=value" settings on top of the lesson's
// (the engine's config keys), e.g. "objective=wgan-gp k=5".
constexpr std::size_t kMaxGanCompare = 3;

// The config of a compare entry: "" or an error (the engine's message).
// `at`, when given, receives the byte offset in the entry of the token at fault.
std::string apply_compare(GameConfig& config, const std::string& entry, std::size_t* at = nullptr);
std::string apply_compare(GanConfig& config, const std::string& entry, std::size_t* at = nullptr);

struct Lesson {
  int format = kFormatVersion;
  std::string id;
  Text title;
  Text summary;
  Level level = Level::Beginner;
  int minutes = 10;
  int order = 0;                  // place in the course (library lists sort by order, then id)
  GanConfig config;               // [data] [noise] [generator] [discriminator] [training]
  std::vector<std::string> compare;  // [training] compare: point lessons' overlaid runs
  std::int64_t iterations = 2000; // the lesson's run length: the player stops here
  ViewSpec view;                  // default panels depend on the data's dimension
  std::vector<std::string> locked;  // engine config keys the student cannot change
  std::vector<Beat> beats;
  std::optional<GameSpec> game;   // [game]: a saddle-point game lesson
  // An image GAN ([data] images, [generator] layers, [discriminator] layers):
  // the networks and data; config keeps its noise and [training] settings.
  std::optional<ImageGanSpec> image;
  std::optional<LatentSpec> latent;  // [latent]: a latent-code search lesson

  // The run length: [game] steps for a game lesson, else [training] iterations.
  std::int64_t run_length() const { return game ? game->steps : iterations; }  // [latent]: updates
  bool is_locked(const std::string& config_key) const;
  // Locked, unless one of the beats fired (indices) lifted it with `unlock`.
  bool is_locked(const std::string& config_key, const std::vector<int>& fired) const;
};

struct Problem {
  int line = 0;  // 1-based, in the lesson's TOML text
  int col = 0;
  std::string message;
  std::vector<std::string> hints;
  bool warning = false;  // the lesson still loads (e.g. a character the player cannot draw)
};

struct LoadResult {
  Lesson lesson;                  // meaningful only when ok()
  std::vector<Problem> problems;  // sorted by position
  std::vector<Problem> warnings;  // sorted by position; they do not stop the lesson
  bool ok() const { return problems.empty(); }
};

struct ParseOptions {
  // csv:PATH data sets read a file. Off for share links: a link must not make
  // the page read local files.
  bool allow_files = true;
  // The folder csv:PATH data sets are relative to ("": the current folder);
  // load_lesson_file sets it to the lesson file's folder.
  std::string base_dir;
};

// Parses and validates lesson text.
LoadResult parse_lesson(std::string_view toml_text, const ParseOptions& options = {});
// Reads a file (at most kMaxLessonBytes) and parses it.
LoadResult load_lesson_file(const std::string& path);

// Writes a lesson as TOML text that parse_lesson() reads back to the same
// lesson. compact: leave out every key whose value is the default (share links).
std::string save_lesson(const Lesson& lesson, bool compact = false);

// "FILE:LINE:COL: error: message" ("warning:" for a warning) and one
// "FILE:LINE:COL: hint: ..." line per hint.
std::string format_problem(const std::string& file, const Problem& p);

// A game lesson's settings after applying `set` entries (game_keys()), validated.
std::string apply_game_settings(GameConfig& config, const std::vector<Setting>& set);

// The run settings of a lesson after applying `set` entries (validated).
// "" or an error message.
std::string apply_settings(GanConfig& config, const std::vector<Setting>& set);

// One row per key a lesson file may hold: documentation for the README and
// `ganstep lessons --keys`. (The parser, validator and writer are driven by
// the same table.)
struct KeyDoc {
  std::string section;  // "", "meta", ..., "beat", "beat.question"
  std::string key;
  std::string type;     // "string", "integer", "number", "boolean", "text", ...
  bool required = false;
  std::string config_key;  // the engine key behind it, or ""
  std::string help;
};
std::vector<KeyDoc> lesson_keys();

}  // namespace ganstep::lessons
