// The player's insides, shared by player.cpp (the public API and the frame)
// and the panel_*.cpp files. Each panel is one function whose state is a
// struct here; nothing lives in static locals.
#pragma once

#include <cstdint>
#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "imgui.h"
#include "engine/core/rng.h"
#include "lessons/player/layout.h"
#include "lessons/player/logloss.h"
#include "lessons/player/panel_image.h"
#include "lessons/player/panel_inversion.h"
#include "lessons/player/panel_detect.h"
#include "lessons/player/panel_saddle.h"
#include "lessons/player/player.h"
#include "lessons/player/text.h"
#include "lessons/player/theme.h"
#include "lessons/player/views.h"
#include "lessons/run/game_runs.h"
#include "lessons/run/image_run.h"
#include "lessons/run/preview.h"
#include "lessons/run/point_run.h"
#include "lessons/run/remote_run.h"
#include "lessons/run/session.h"

namespace ganstep::ui {

using run::HistoryPoint;
using run::RunFigures;

struct Playback {
  bool playing = false;
  StepSize unit = StepSize::Iteration;
  float rate = 20.0f;      // units per second, unless max
  bool max = false;        // as fast as the frame budget allows
  double budget_ms = 8.0;  // training (+ view refresh) time per frame, so the UI holds 60 fps
  double credit = 0;       // units owed
  std::int64_t queued_iterations = 0;  // "+N" runs in the background within the budget
  std::int64_t fast_forward_to = 0;    // a long fast-forward's target iteration (progress bar, Cancel); 0 none
  double last_now = -1;
  // measured
  double ips = 0;           // iterations per second while playing
  double window_s = 0;      // ips averaging window
  std::int64_t window_its = 0;
  double frame_ms = 0;      // CPU time of the last frame()
  double train_ms = 0;      // of which training
  double step_ms = 0;       // the last step's time
  double size_ms[3] = {0, 0, 0};  // the last step's time per StepSize: the estimate for the next
  double last_step_end = -1e9;    // frame() seconds
  bool trained_frame = false;     // this frame ran a step
  std::uint64_t drawn_version = 0;  // the session's version when the last frame was drawn
  bool played_last_frame = false;   // playing at the end of the last frame (dt counts from it)
};

struct ControlsState {
  int n_iterations = 100;
  bool dragging = false;   // the timeline knob is dragged (the run seeks on release)
  std::int64_t drag_to = 0;
  std::uint64_t seed = 0;
  std::uint64_t seed_version = 0;  // session version the seed field was synced at
};

struct SettingsState {
  // The text fields (layers, data spec) by key, refreshed when the run changes.
  static constexpr int kTextBytes = 192;
  std::map<std::string, std::array<char, kTextBytes>> text;
  std::uint64_t synced_version = ~std::uint64_t(0);
  std::string message;
  bool message_error = false;
};

struct View1dState {
  bool data = true, gen = true, d = true, d_star = true, mapping = true, minibatch = true;
};

struct View2dState {
  bool real = true, fake = true, dmap = true, arrows = true, warp = true, minibatch = true;
};

// The 2-D view's draw mode (draw_data.cpp): a brush adds points around the
// cursor (from its own random stream: the same strokes give the same points),
// an eraser removes them; at the end of each stroke the points become the
// run's data ("points:X,Y;..." as [data] points: the run restarts, same seed,
// and a share link carries them).
struct DrawState {
  static constexpr std::uint64_t kSeed = 0x64726177;  // "draw"
  static constexpr std::uint64_t kStream = 9;
  bool on = false;
  bool eraser = false;
  bool stroke = false;          // a drag on the plot is under way
  std::vector<float> working;   // the points being edited (x0, y0, x1, y1, ...)
  double last[2] = {0, 0};      // the brush's last dab
  bool dabbed = false;
  double lo[2] = {-4, -4}, hi[2] = {4, 4};  // the plot's ranges while drawing (fixed)
  Rng rng{kSeed, kStream};
  bool ask_path = false;        // native: the "Save CSV…" path window
  char path[1024] = "data.csv";
  std::string message;
  bool message_error = false;
  // data_points() of the last data spec seen (the panel asks every frame).
  mutable std::string cache_spec;
  mutable std::vector<float> cache_xy;
};

struct LogLossState {
  LogBase base = LogBase::E;
  bool worked = true;         // the lesson's worked table (when it has rows), else the minibatch
  bool show_v = false;        // V(D,G) under the table
  // The worked table's blank cells as typed: per row corrected and log, then the mean.
  std::vector<std::array<char, 24>> typed;
  LogLossTable table;
  std::uint64_t version = 0;  // session version the table was built at
  LogBase built_base = LogBase::E;
  int kind = 0;               // 0 none, 1 D-step, 2 G-step non-saturating, 3 G-step minimax
};

struct ChartsState {
  bool show_v = false;
  std::vector<float> xs, ys;  // scratch
};

struct HelpState {
  bool open = false;
};

// The narration panel's own state (what fired is the Session's: session.narration()).
struct NarrationState {
  int page = -1;                 // index into the fired beats
  int seen = -1;                 // fired beats when the page was last turned to the newest
  int choice = -1;               // the selected answer of the shown question
  char typed[256] = {};          // a numeric or free-text answer being typed
  std::optional<lessons::Panel> highlight;
  double highlight_until = 0;    // in frame() seconds
  std::size_t acted = 0;         // fired beats whose highlight was shown
  float question_h = 0;          // the open question's height as last drawn
};

// "Open…" (a path field when the shell has no file picker) and "Share" (the link).
struct OpenShareState {
  bool ask_path = false;
  char path[1024] = {};
  bool show_link = false;
  std::string link;
  std::string link_error;
};

// The lesson file being watched for changes (native hot reload).
struct WatchState {
  std::string path;            // "" when the lesson is not from a file
  std::int64_t stamp = 0;      // last seen modification time and size, mixed
  double next_check = 0;       // frame() seconds
};

// Problems of a lesson that failed to open (the previous lesson keeps running).
struct ProblemsState {
  std::string title;             // file or link name
  std::vector<std::string> lines;  // FILE:LINE:COL: error: ... (and hints)
  bool open = false;
  bool warnings_only = false;      // the lesson opened: these are warnings (FILE:LINE:COL: warning: ...)
};

struct ViewCache {
  View1dData v1;
  View2dData v2;
  std::string real_spec;
  std::uint64_t version = 0;
  double last_refresh = -1e9;
  float aspect = 1.0f;         // wanted by the 2-D panel (plot width / height)
  float built_aspect = 0.0f;
  bool valid = false;
  bool coarse = false;         // built with less detail while playing
  double compute_ms = 0;
};

// A control's rectangle as last drawn (the layout's test and layout_json).
struct NamedRect {
  std::string name;
  Rect rect;
};

struct LayoutState {
  bool place = true;      // place the windows this frame
  bool request = true;    // place them next frame
  Layout rects;           // as computed this frame
  float controls_h = 0;   // the control bar's content height as last drawn
  float tabs_h = 0;       // compact: the tab rows' height as last drawn
  lessons::Panel tab = lessons::Panel::Narration;  // compact: the panel shown
  bool compact_style = false;                      // the touch style is applied
  std::vector<NamedRect> items;                    // this frame's controls (toolbar, narration, tabs)
  std::vector<long long> counters;                 // this frame's iteration numbers, as shown
  void note(const char* name);                     // records the last ImGui item as `name`
};

// What the current minibatch holds: the last phase that ran.
struct BatchState {
  bool any = false;     // a phase has run
  bool g_step = false;  // the tensors hold a G-step, else a D-step
  int last = -1;        // the last completed phase, 0..8
  int m = 0;            // rows per half
};
BatchState batch_state(const Trainer& t);

// A point lesson's runs ([training] compare): run 0 is the main one. Their
// count, colour (col::kGanRuns) and legend label: "run 1 (gan)", "run 2
// (objective=wgan-gp k=5)" (the entry, cut to 30 bytes).
class PlayerImpl;
int run_count(const PlayerImpl& p);
ImU32 gan_run_colour(int run);
std::string run_label(const PlayerImpl& p, int run);

class PlayerImpl {
 public:
  explicit PlayerImpl(const PlayerOptions& options);

  // actions shared by the scripting API, the panels and the shortcuts
  bool load(const std::string& id, bool has_seed, std::uint64_t seed);
  // A lesson from TOML text (a file picked in the page, a hot reload) or a
  // share link. On problems the current lesson stays and the problems show.
  bool open_text(const std::string& text, const std::string& name);
  bool open_link(const std::string& link);
  bool open_lesson(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed);
  // "" when the shell runs the lesson; else the native-only note (PlayerOptions::limited).
  std::string native_only(const lessons::Lesson& lesson) const;
  // Opening at an iteration (?step=, --steps): at most to the lesson's end.
  void step_from_start(std::int64_t steps);
  // To timeline iteration `to`: here for up to budget_ms, the rest in the
  // background (kFastForwardFrameMs a frame) with a progress bar and Cancel.
  static constexpr double kFastForwardFrameMs = 30;  // under the browser's 50 ms long task
  void fast_forward(std::int64_t to, double budget_ms);
  void cancel_fast_forward();
  std::vector<run::PresetAnswer> preset_answers;  // --answer / ?step= (options.answers), for opening at a step
  void data_arrived(const std::string& data, const std::string& error);
  void show_problems(const std::string& name, const std::vector<lessons::Problem>& problems);
  // The lesson locks this engine key (its control is disabled).
  // Locked by [locks] and not lifted by a fired beat's unlock (at this point of the timeline).
  bool locked(const std::string& key) const {
    std::vector<int> fired;
    for (const auto& f : session.narration().fired) fired.push_back(f.beat);
    return session.lesson().is_locked(key, fired);
  }
  bool shows(lessons::Panel panel) const;
  lessons::Lang text_lang() const { return lang == Lang::Pt ? lessons::Lang::Pt : lessons::Lang::En; }
  // After the Session moved: a pausing beat stops playing, a beat's highlight shows.
  void after_step();
  void answer(const lessons::Answer& a);
  // The panels' options follow the narration's (the lesson's, as beats' set changed them):
  // copied into the panels' states whenever they change, e.g. stepping back past a beat.
  void sync_panel_options();
  std::optional<lessons::PanelOptions> applied_options;
  // What the student answered, as the narration says it: the choice's text or the text typed.
  std::string said(const lessons::Question& q, const lessons::Answer& a, const run::FiredBeat& fired) const;
  bool step(StepSize size, std::int64_t n);
  bool back_phases(std::int64_t n);
  bool back_iterations(std::int64_t n);
  bool seek_iteration(std::int64_t it);
  void reset();
  // A hyperparameter from the UI: live keys retune, the rest restart (with a message).
  bool set(const std::string& key, const std::string& value);
  // Drawn data (draw_data.cpp). The run's data as points when they are an
  // inline list ("points:..."), else empty.
  std::vector<float> data_points() const;
  // These points become the run's data (restart, same seed); none: back to
  // the lesson's data. "" or why not (nothing changed): not a 2-D point
  // lesson, data locked, more than kMaxInlinePoints, a coordinate not finite
  // or outside -1e6..1e6.
  std::string use_points(const std::vector<float>& xy);
  std::string clear_drawn();
  // data_points() as CSV ("x,y" and one row per point); "" when the data are not points.
  std::string data_csv() const;
  std::string save_data_csv(const std::string& path) const;  // "" or an error (nothing written)
  void set_playing(bool on);
  void fail(const std::string& message);  // shows and stores an error
  void fail_in_window(const std::string& title, const std::string& message);  // and in the problems window
  void clear_error() { error.clear(); }

  void init_imgui(float dpi_scale);
  void frame(double now_seconds);
  void frame_panels(double now);
  const char* t(S id) const { return tr(lang, id); }
  // A fired beat's text (its text, prompt, a choice, feedback) with its
  // placeholders filled in: the values of when it fired, the labels of this
  // player's controls (panel_narration.cpp).
  std::string beat_text(const std::string& text, const run::FiredBeat& fired) const;
  // The fired beat the narration panel shows (an index into session.narration().fired;
  // the newest until the student turns back; -1 before the first beat).
  int narration_page() const;
  // Algorithm 1's line (1..9) in the current language; "" for another number.
  const char* algorithm_line_text(int line) const;

  PlayerOptions options;
  run::Session session;  // the lesson's run, timeline and script, whatever its kind
  Lang lang = Lang::En;
  Fonts fonts;
  float dpi = 1.0f;
  std::string font_warning;
  std::string error;  // last error, "" when fine
  std::string info;   // last info message
  // An image lesson waiting for its data (PlayerOptions::fetch_data).
  struct PendingLesson {
    lessons::Lesson lesson;
    bool has_seed = false;
    std::uint64_t seed = 0;
    std::int64_t step = 0;  // open at this iteration
    std::string data;       // the data set being fetched
  };
  std::optional<PendingLesson> pending;

  Playback play;
  ControlsState controls;
  SettingsState settings;
  View1dState view1d;
  View2dState view2d;
  DrawState draw;
  LogLossState logloss;
  ChartsState charts;
  HelpState help;
  NarrationState narration;
  ProblemsState problems;
  OpenShareState open_share;
  WatchState watch;
  ViewCache views;
  LayoutState layout;
  SaddleState saddle;  // a [game] lesson's panels
  ImageState image;    // an image lesson's panels
  InversionState inversion;  // a [latent] lesson's panels
  DetectState detect;        // a [latent] detect lesson's panels
  const lessons::Lesson& lesson() const { return session.lesson(); }
  run::RunKind kind() const { return session.kind(); }
  // The run as the panels of its kind see it.
  const Trainer& trainer() const { return session.as<run::PointRun>()->trainer(); }
  const run::GameRuns& game() const { return *session.as<run::GameRuns>(); }
  // An image lesson always trains through an executor (PlayerOptions::executor; in-process by default).
  run::RemoteRun& image_run() { return *session.as<run::RemoteRun>(); }
  const run::RemoteRun& image_run() const { return *session.as<run::RemoteRun>(); }
  // A unit came from where the run trains (the page's worker, between
  // frames): the waiting move goes on, then the play loop, without waiting.
  void pump();
  // The executor image lessons train on failed (the page's worker did not
  // start): from now on they train in process, on this thread; the lesson
  // open starts over there at the same iteration (the preview's answers).
  void executor_failed(const std::string& why);
  // The picture changes without input (frame_pacer.h): playing, a fast-forward,
  // a run training elsewhere or its panels' pictures on the way, a text
  // field's cursor, a highlight's pulse, or a run moved since the last frame.
  bool moving() const;

 private:
  using Move = bool (run::Session::*)(std::int64_t);
  static Move forward(StepSize size);
  bool go(Move move, std::int64_t n, const char* what);
  void train(double dt, double now);
  bool timed_step(StepSize size, double now);
  std::vector<lessons::Panel> shown_panels() const;
  void draw_panel(lessons::Panel panel);
  void panel_tabs();
  void refresh_views(double now);
  void shortcuts();
  void check_watched_file(double now);
 public:
  void watch_file(const std::string& path);
};

// Window helper: title (translated) + stable id, placed at r when place.
bool begin_panel(PlayerImpl& p, S title, const char* id, const Rect& r, bool place, ImGuiWindowFlags flags = 0);
// A button's width for its label (up to "##"), and placing the next item of
// width w after the last: on its row when it fits in the window, else on the
// next (rows of controls wrap instead of overlapping or leaving the window).
float button_w(const char* label);
void flow(float w, float gap = -1.0f);
// A checkbox placed by flow (a row of them wraps on a narrow screen), noted as `name`.
bool flow_checkbox(PlayerImpl& p, const char* name, const char* label, bool* v);
// A small button, touch-sized on a narrow screen.
bool small_button(const PlayerImpl& p, const char* label);
// A button with a tooltip (tip may be null).
bool tip_button(const char* label, const char* tip);
// The iteration number a panel shows: the iterations completed, the same in
// every panel (recorded for layout_json).
long long shown_iteration(PlayerImpl& p, std::int64_t completed);
// Control-bar pieces: Play/Pause, and "+N" with its count (1..max_n).
void play_button(PlayerImpl& p);
void n_iterations_button(PlayerImpl& p, ControlsState& s, int max_n);
// Lesson text (markdown: headings, bold, italics, lists, tables), wrapped
// to the window (panel_narration.cpp).
void narration_markdown(PlayerImpl& p, const std::string& text);

void panel_controls(PlayerImpl& p, ControlsState& s, const Rect& r);
// Where Algorithm 1 stands in a point or image run (the image run's trainer
// is elsewhere: its counters are the RemoteRun's).
struct AlgoPosition {
  GanConfig config;
  Phase phase = Phase::SampleNoiseD;
  std::int64_t iteration = 0;
  int dstep = 0;
  std::string error;
};
AlgoPosition algo_position(const PlayerImpl& p);
// Algorithm 1 with the phase about to run (point and image lessons).
void panel_algorithm(PlayerImpl& p, const AlgoPosition& t, const Rect& r);
void panel_settings(PlayerImpl& p, SettingsState& s);
void panel_view1d(PlayerImpl& p, View1dState& s);
void panel_view2d(PlayerImpl& p, View2dState& s);
struct PlotArea;
// The draw mode's tools (a row above the plot) and its strokes on the plot (draw_data.cpp).
void draw_tools(PlayerImpl& p, DrawState& s);
void draw_strokes(PlayerImpl& p, DrawState& s, const PlotArea& a);
void panel_draw_save(PlayerImpl& p, DrawState& s);  // native: the path window
void panel_minibatch(PlayerImpl& p);
void panel_logloss(PlayerImpl& p, LogLossState& s);
void panel_charts(PlayerImpl& p, ChartsState& s);
void panel_help(PlayerImpl& p, HelpState& s);
void panel_fast_forward(PlayerImpl& p);  // a long fast-forward's progress and Cancel (panel_fast_forward.cpp)
void panel_narration(PlayerImpl& p, NarrationState& s, const Rect& r);
void panel_problems(PlayerImpl& p, ProblemsState& s);
void panel_open_share(PlayerImpl& p, OpenShareState& s);
// A window asking for a file path (panel_share.cpp): true when `action` was
// pressed (or Enter) with a path; Close clears `open`.
bool path_window(PlayerImpl& p, const std::string& title, const char* prompt, char* path, std::size_t size,
                 const char* action, bool& open);
// The "Open…" and "Share" buttons (drawn in both control bars).
void lesson_combo(PlayerImpl& p);
void open_share_buttons(PlayerImpl& p, OpenShareState& s);
float open_share_width(const PlayerImpl& p);
// The current lesson as a share link (options.share_base + "#lesson=" + payload); "" and error on failure.
std::string make_share_link(const PlayerImpl& p, std::string& error);

}  // namespace ganstep::ui
