// PlayerImpl: the actions, the play loop within a per-frame time budget, view
// refreshes, keyboard shortcuts and the frame that lays out every panel.
#include "lessons/player/player_impl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "engine/gan/image_spec.h"
#include "engine/gan/metrics.h"
#include "lessons/format/library.h"
#include "lessons/format/share.h"
#include "lessons/run/preview.h"

namespace ganstep::ui {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Key indices as io.KeysDown sees them. Both shells use imgui_impl_glfw,
// which indexes by GLFW key code: letters are their ASCII capitals, F1 is 290.
constexpr int kKeyD = 'D', kKeyH = 'H', kKeyL = 'L', kKeyN = 'N', kKeyR = 'R';
constexpr int kKeyF1 = 290;

}  // namespace

PlayerImpl::PlayerImpl(const PlayerOptions& o) : options(o), lang(o.lang) {
  // Image lessons train through an executor; the UI thread never waits for a unit.
  session.executor = o.executor ? o.executor : std::make_shared<run::InProcessExecutor>();
  session.helper = o.executor ? o.helper : nullptr;
  session.unit_wait_ms = 0;
  const bool link = o.lesson.find("#lesson=") != std::string::npos;  // a share link (native: ganstep-player LINK)
  if (!(link ? open_link(o.lesson) : load(o.lesson, o.has_seed, o.seed))) {
    const std::string e = error;
    const auto problems_shown = problems;
    const lessons::LoadResult asked = lessons::find_lesson(o.lesson);
    load(lessons::builtin_ids().front(), o.has_seed, o.seed);
    error = e;
    if (asked.ok() && !native_only(asked.lesson).empty()) problems = problems_shown;  // the note stays in sight
    return;  // ?step= belonged to the lesson asked for
  }
  if (pending) {  // the lesson waits for its data: the first lesson shows meanwhile
    PendingLesson waiting = *pending;
    waiting.step = o.step;
    if (!session.loaded()) load(lessons::builtin_ids().front(), false, 0);
    pending = waiting;
    return;
  }
  step_from_start(o.step);
}

// ?step= / --steps: preview = play (lessons/run/preview.h: questions answered
// as --answer says, else right), stopping where playing stops (a huge count
// would freeze the page). With the page's time budget, the rest goes on frame by frame.
void PlayerImpl::step_from_start(std::int64_t steps) {
  if (steps <= 0) return;
  const std::string bad = run::parse_preset_answers(lesson(), options.answers, preset_answers);
  if (!bad.empty()) fail(bad);
  if (options.step_budget_ms > 0) {
    const std::int64_t end = std::max<std::int64_t>(1, lesson().run_length());
    fast_forward(std::min(steps, end), options.step_budget_ms);
    if (steps > end)
      info = "step " + std::to_string(steps) + " is past the lesson's end: stopped at iteration " + std::to_string(end);
    return;
  }
  session.unit_wait_ms = 1e12;  // all of it now: wait for the units
  run::play_to(session, steps, preset_answers, {}, /*stop_at_end=*/true);
  session.unit_wait_ms = 0;
  after_step();
  if (session.iterations() < steps && session.error().empty())
    info = "step " + std::to_string(steps) + " is past the lesson's end: stopped at iteration " +
           std::to_string(session.iterations());
}

// What fits in budget_ms now, by the preview rule; train() goes on with the
// rest (play.queued_iterations), answering as it goes.
void PlayerImpl::fast_forward(std::int64_t to, double budget_ms) {
  const auto t0 = Clock::now();
  std::int64_t chunk = 1;  // doubled while a chunk takes under 20 ms
  while (session.iterations() < to && ms_since(t0) < budget_ms) {
    const auto c0 = Clock::now();
    const std::int64_t before = session.iterations();
    if (!run::play_to(session, std::min(to, before + chunk), preset_answers, {}, /*stop_at_end=*/true)) break;
    after_step();
    if (session.iterations() == before) break;  // the lesson's end
    chunk = ms_since(c0) < 20 ? chunk * 2 : std::max<std::int64_t>(1, chunk / 2);
  }
  play.queued_iterations = session.error().empty() ? std::max<std::int64_t>(0, to - session.iterations()) : 0;
  play.fast_forward_to = play.queued_iterations > 0 ? to : 0;
}

void PlayerImpl::cancel_fast_forward() {
  if (play.fast_forward_to > 0) session.stop();  // where it is, also in the worker's iteration
  play.queued_iterations = 0;
  play.fast_forward_to = 0;
}

std::string PlayerImpl::native_only(const lessons::Lesson& l) const {
  if (!options.limited || !l.image) return "";
  const auto& have = options.shell_image_data;
  const bool has_data = std::find(have.begin(), have.end(), l.image->data) != have.end();
  const double gflop = iteration_flops(*l.image, l.config.noise_dim, l.config.batch) * 1e-9;
  if (has_data && gflop <= options.max_iteration_gflop) return "";
  char why[256];
  if (!has_data)
    std::snprintf(why, sizeof why, t(S::NativeOnlyData), l.image->data.c_str());
  else
    std::snprintf(why, sizeof why, t(S::NativeOnlyWork), gflop);
  char note[768];
  std::snprintf(note, sizeof note, t(S::NativeOnlyFmt), l.title.get(text_lang()).c_str(), why, l.id.c_str(),
                l.id.c_str());
  return note;
}

void PlayerImpl::data_arrived(const std::string& data, const std::string& e) {
  if (!pending || pending->data != data) return;
  const PendingLesson waiting = std::move(*pending);
  pending.reset();
  if (!e.empty()) {
    fail_in_window(waiting.lesson.id, e);
    return;
  }
  if (open_lesson(waiting.lesson, waiting.has_seed, waiting.seed)) step_from_start(waiting.step);
}

bool PlayerImpl::load(const std::string& id, bool has_seed, std::uint64_t seed) {
  clear_error();
  const lessons::LoadResult r = lessons::find_lesson(id);
  if (!r.ok()) {
    show_problems(id, r.problems);
    fail(problems.lines.empty() ? "cannot open " + id : problems.lines.front());
    return false;
  }
  if (!open_lesson(r.lesson, has_seed, seed)) return false;
  options.lesson = id;
  if (lessons::looks_like_path(id)) watch_file(id);
  show_problems(id, r.warnings);  // the lesson runs; the window says what draws as "?"
  return true;
}

bool PlayerImpl::open_lesson(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed) {
  std::string e = native_only(lesson);
  if (!e.empty()) {  // listed as native-only: the note, and the current lesson stays
    fail_in_window(lesson.id, e);
    return false;
  }
  // A [latent] lesson needs its generator lesson's data (and the models packed with it).
  std::string fetch = lesson.image ? lesson.image->data : "";
  if (lesson.latent) {
    const lessons::LoadResult g = lessons::find_lesson(lesson.latent->generator);
    if (g.ok() && g.lesson.image) fetch = g.lesson.image->data;
  }
  if (!fetch.empty() && options.fetch_data && !options.fetch_data(fetch)) {
    pending = PendingLesson{lesson, has_seed, seed, 0, fetch};
    return true;  // opens in data_arrived; the shell shows the download's progress
  }
  pending.reset();
  watch = {};
  const bool was_image = session.loaded() && kind() == run::RunKind::Image;
  if (!session.load(lesson, has_seed ? std::optional<std::uint64_t>(seed) : std::nullopt, e)) {
    fail(e);
    problems = {};
    problems.title = lesson.id;
    problems.lines = {e};
    problems.open = lesson.image.has_value();
    return false;
  }
  narration = NarrationState{};
  logloss = LogLossState{};
  applied_options.reset();
  draw = DrawState{};  // the brush's stream starts again: the same strokes give the same points
  if (kind() == run::RunKind::Latent) inversion.path_version = 0;
  if (kind() == run::RunKind::Detect) detect = DetectState{};
  if (kind() == run::RunKind::Image) {
    if (!was_image) image = ImageState{};
    image.built_version = 0;
    image.line_version = 0;
    image.quality = QualityReport{};
    image.quality_version = 0;
    image.last_build = image.last_line = image.last_quality = image.last_judge = image.asked_at = -1e9;
    image.asked_version = 0;
    image.message.clear();
    image.ask_path = false;
    image.judge = run::JudgeView{};
    image.asked_id = 0;
    image.dis_version = image.dis_asked = 0;
    image.dis = Disentanglement{};
    image.dis_note.clear();
    image.interp = ImageStrip{image.interp.slot};
  } else {
    image = ImageState{};
  }
  set_playing(false);
  play.credit = 0;
  cancel_fast_forward();
  play.unit = StepSize::Iteration;
  play.max = false;
  play.rate = static_cast<float>(std::clamp(lesson.view.speed, 1, 5000));
  for (double& ms : play.size_ms) ms = 0;
  info.clear();
  views.valid = false;
  settings.message.clear();
  problems = {};
  layout.request = true;
  layout.tab = lessons::Panel::Narration;
  after_step();
  return true;
}

void PlayerImpl::show_problems(const std::string& name, const std::vector<lessons::Problem>& list) {
  problems.title = name;
  problems.lines.clear();
  problems.warnings_only = std::all_of(list.begin(), list.end(), [](const lessons::Problem& pr) { return pr.warning; });
  for (const auto& pr : list) {
    const std::string text = lessons::format_problem(name, pr);
    std::size_t start = 0;
    while (start <= text.size()) {  // one line per problem and per hint
      const std::size_t nl = text.find('\n', start);
      problems.lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  problems.open = !problems.lines.empty();
}

bool PlayerImpl::open_text(const std::string& text, const std::string& name) {
  clear_error();
  const lessons::LoadResult r = lessons::parse_lesson(text, lessons::ParseOptions{false, {}});
  if (!r.ok()) {
    show_problems(name, r.problems);
    fail(problems.lines.front());
    return false;
  }
  if (!open_lesson(r.lesson, false, 0)) return false;
  show_problems(name, r.warnings);
  return true;
}

bool PlayerImpl::open_link(const std::string& link) {
  clear_error();
  const lessons::LoadResult r = lessons::parse_share_link(link);
  if (!r.ok()) {
    show_problems("link", r.problems);
    fail(problems.lines.front());
    return false;
  }
  if (!open_lesson(r.lesson, false, 0)) return false;
  show_problems("link", r.warnings);
  return true;
}

bool PlayerImpl::shows(lessons::Panel panel) const {
  const auto& view = lesson().view;
  return view.panels.empty() ? panel != lessons::Panel::Narration || !lesson().beats.empty()
                             : view.shows(panel);
}

void PlayerImpl::after_step() {
  if (session.take_pause_request()) {
    set_playing(false);
    if (play.fast_forward_to == 0) play.queued_iterations = 0;  // a fast-forward, like one step(n), goes on
  }
  sync_panel_options();
  const auto& fired = session.narration().fired;
  if (narration.acted > fired.size()) narration.acted = fired.size();  // the timeline went back
  for (; narration.acted < fired.size(); ++narration.acted) {
    const lessons::Beat& beat = lesson().beats[static_cast<std::size_t>(fired[narration.acted].beat)];
    if (beat.highlight) {
      narration.highlight = beat.highlight;
      narration.highlight_until = std::max(0.0, play.last_now) + 6.0;
    }
  }
  if (!session.error().empty()) fail(session.error());
}

void PlayerImpl::sync_panel_options() {
  const lessons::PanelOptions& o = session.narration().view;
  if (applied_options && *applied_options == o) return;
  applied_options = o;
  view1d = View1dState{o.p_data, o.p_g, o.d, o.d_star, o.z_to_x, o.minibatch_1d};
  view2d = View2dState{o.real, o.fake, o.heatmap, o.arrows, o.grid_warp, o.minibatch_2d};
  logloss.base = o.base;
  logloss.worked = o.worked;
  logloss.show_v = o.show_v;
  charts.show_v = o.chart_v;
}

// An edit comes where the student sees the run (Session::set, answer: the
// units computed past it are dropped), never waiting for one.
void PlayerImpl::answer(const lessons::Answer& a) {
  session.answer(a);
  narration.choice = -1;
  narration.typed[0] = 0;
  after_step();
}

void PlayerImpl::fail(const std::string& message) { error = message; }

void PlayerImpl::fail_in_window(const std::string& title, const std::string& message) {
  fail(message);
  problems = {};
  problems.title = title;
  problems.lines = {message};
  problems.open = true;
}

// The Session's move for a step size: a unit is a phase (point and image
// GANs) or an iteration (games).
PlayerImpl::Move PlayerImpl::forward(StepSize size) {
  switch (size) {
    case StepSize::Phase: return &run::Session::step_units;
    case StepSize::DStep: return &run::Session::step_updates;
    case StepSize::Iteration: break;
  }
  return &run::Session::step_iterations;
}

// A move: its count checked (what names it in the message), the Session's
// move, then what follows every move (after_step).
bool PlayerImpl::go(Move move, std::int64_t n, const char* what) {
  clear_error();
  if (n < 0) {
    fail(std::string(what) + " must be >= 0");
    return false;
  }
  const bool ok = (session.*move)(n);
  after_step();
  return ok;
}

bool PlayerImpl::step(StepSize size, std::int64_t n) { return n <= 0 || go(forward(size), n, "step: the count"); }
bool PlayerImpl::back_phases(std::int64_t n) { return go(&run::Session::back_units, n, "back: the count"); }
bool PlayerImpl::back_iterations(std::int64_t n) { return go(&run::Session::back_iterations, n, "back: the count"); }
bool PlayerImpl::seek_iteration(std::int64_t it) {
  return go(&run::Session::seek_iteration, it, "seek: the iteration");
}

void PlayerImpl::reset() {
  clear_error();
  session.reset();
  play.credit = 0;
  cancel_fast_forward();
  after_step();
}

bool PlayerImpl::set(const std::string& key, const std::string& value) {
  clear_error();
  if (locked(key)) {
    const std::string e = std::string(t(S::LockedByLesson)) + " (" + key + ")";
    fail(e);
    settings.message = e;
    settings.message_error = true;
    return false;
  }
  bool restarted = false;
  const std::string e = session.set(key, value, &restarted);
  if (!e.empty()) {
    fail(e);
    settings.message = e;
    settings.message_error = true;
    return false;
  }
  char buf[512];
  std::snprintf(buf, sizeof buf, t(restarted ? S::Restarted : S::Changed), key.c_str(), value.c_str());
  settings.message = buf;
  settings.message_error = false;
  if (restarted) play.queued_iterations = 0;
  after_step();
  return true;
}

void PlayerImpl::set_playing(bool on) {
  play.playing = on && session.loaded() && session.error().empty() && session.run().error().empty();
  if (session.loaded()) session.keep_ahead(play.playing);
  play.credit = 0;
  play.window_s = 0;
  play.window_its = 0;
  if (!play.playing) play.ips = 0;
}

void PlayerImpl::init_imgui(float dpi_scale) {
  dpi = dpi_scale > 0.25f ? dpi_scale : 1.0f;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is the player's; nothing is written to disk
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  fonts = apply_theme(dpi, options.font_path, font_warning);
  if (!font_warning.empty()) std::fprintf(stderr, "ganstep-player: warning: %s\n", font_warning.c_str());
  layout.request = true;
}

// One step of the given size, timed: its time is the estimate for the next
// step of that size, so each step is charged its own cost against the frame.
bool PlayerImpl::timed_step(StepSize size, double now) {
  const auto s0 = Clock::now();
  const bool ok = (session.*forward(size))(1);
  play.step_ms = ms_since(s0);
  play.size_ms[static_cast<int>(size)] = play.step_ms;
  play.last_step_end = now + play.step_ms / 1000.0;
  play.trained_frame = true;
  if (!ok) {
    fail(session.error());
    set_playing(false);
    play.queued_iterations = 0;
  }
  after_step();
  return ok;
}

// The play loop, the same for every kind of lesson: queued "+N" iterations
// and playing at a rate, within the frame's budget. A step starts only when
// its size's last time fits what is left (the first step of a frame always
// runs). An iteration that alone outgrows the budget (an image lesson's D- and
// G-steps take tens of milliseconds) is run an update at a time, and a step
// longer than the budget waits until as much time has passed since the last
// one, so training takes at most about half of the time and frames stay live.
// A run training elsewhere (an image lesson: a thread, the page's worker)
// returns from a step at once with the move waiting for its units
// (Session::busy): the loop goes on with it first, waiting at most the
// budget (the page never waits: pump() goes on when a unit comes).
void PlayerImpl::train(double dt, double now) {
  const auto t0 = Clock::now();
  play.trained_frame = false;
  const std::int64_t its0 = session.iterations();
  const bool refresh_due = kind() == run::RunKind::Point && views.valid && now - views.last_refresh >= 0.2;
  const double budget = play.fast_forward_to > 0 ? kFastForwardFrameMs
                                                : std::max(2.0, play.budget_ms - (refresh_due ? views.compute_ms : 0.0));
  // Iterations a move completed count against "+N", or against the credit when playing by iteration.
  auto count = [&](std::int64_t gained, bool by_iteration) {
    if (gained <= 0) return;
    if (play.queued_iterations > 0) play.queued_iterations = std::max<std::int64_t>(0, play.queued_iterations - gained);
    else if (play.playing && by_iteration) play.credit -= static_cast<double>(gained);
  };
  const bool by_iteration = play.unit == StepSize::Iteration;
  session.keep_ahead(play.playing || play.queued_iterations > 0);  // more moves follow: the run may compute ahead
  if (session.busy()) {
    const std::int64_t before = session.iterations();
    const bool ok = session.resume(budget);
    play.trained_frame = true;
    if (!ok) {
      fail(session.error());
      set_playing(false);
      play.queued_iterations = 0;
    }
    count(session.iterations() - before, by_iteration);
    after_step();
  }
  const bool rest = play.step_ms > budget && now - play.last_step_end < play.step_ms / 1000.0;
  int steps = 0;
  auto fits = [&](StepSize size) {
    return !rest && !session.busy() &&
           (steps == 0 || ms_since(t0) + play.size_ms[static_cast<int>(size)] <= budget);
  };
  const bool heavy = play.size_ms[static_cast<int>(StepSize::Iteration)] > budget;
  const StepSize per_iteration = heavy ? StepSize::DStep : StepSize::Iteration;
  while (play.queued_iterations > 0 && fits(per_iteration)) {
    const std::int64_t before = session.iterations();
    const bool ok = timed_step(per_iteration, now);
    ++steps;
    if (!ok) break;
    count(session.iterations() - before, true);
    // A fast-forward answers as opening at once does (preview.h): at the end of the iteration that asks.
    if (play.fast_forward_to > 0 && !session.busy() && session.run().at_iteration_start() &&
        run::answer_waiting(session, preset_answers))
      after_step();
  }
  if (play.playing) {
    if (play.max) play.credit = 1e18;
    else play.credit = std::min(play.credit + play.rate * dt, std::max(1.0, play.rate * 0.25));
    const StepSize size = by_iteration ? per_iteration : play.unit;
    while (play.playing && play.credit >= 1 && fits(size)) {
      if (session.run().iteration() >= lesson().run_length()) {  // playing stops at the lesson's end
        set_playing(false);
        break;
      }
      const std::int64_t before = session.iterations();
      const bool ok = timed_step(size, now);
      ++steps;
      if (by_iteration) count(session.iterations() - before, true);
      else play.credit -= 1;
      if (!ok) break;
    }
    if (play.max && !session.busy()) play.credit = 0;
  }
  if (play.queued_iterations <= 0) play.fast_forward_to = 0;
  play.train_ms = ms_since(t0);
  if (play.playing && dt > 0) {
    play.window_s += dt;
    play.window_its += std::max<std::int64_t>(0, session.iterations() - its0);
    if (play.window_s >= 0.5) {
      play.ips = play.window_its / play.window_s;
      play.window_s = 0;
      play.window_its = 0;
    }
  } else if (play.playing) {
    play.window_its += std::max<std::int64_t>(0, session.iterations() - its0);
  }
}

void PlayerImpl::pump() {
  if (!session.loaded()) return;
  if (auto* r = session.as<run::RemoteRun>()) r->pump_helper();  // a detect run's batches scored ahead
  if (!session.busy()) return;
  train(0, play.last_now);
}

void PlayerImpl::executor_failed(const std::string& why) {
  session.executor = std::make_shared<run::InProcessExecutor>();
  session.helper = nullptr;
  const run::RunKind k = session.loaded() ? kind() : run::RunKind::Point;
  if (k != run::RunKind::Image && k != run::RunKind::Latent && k != run::RunKind::Detect) return;
  const std::int64_t at = session.iterations();
  set_playing(false);
  cancel_fast_forward();
  session.reset();  // the same lesson, seed and settings, trained here
  if (at > 0) fast_forward(at, options.step_budget_ms > 0 ? options.step_budget_ms : 1e12);
  after_step();
  info = why;
}

std::vector<lessons::Panel> PlayerImpl::shown_panels() const {
  using lessons::Panel;
  std::vector<Panel> out;
  const auto& listed = lesson().view.panels;
  if (!listed.empty()) out = listed;
  else if (kind() == run::RunKind::Game) out = {Panel::Narration, Panel::Saddle};
  else if (kind() == run::RunKind::Latent) out = {Panel::Narration, Panel::Inversion, Panel::CodePath};
  else if (kind() == run::RunKind::Detect) out = {Panel::Narration, Panel::Scores, Panel::Roc};
  else if (kind() == run::RunKind::Image)
    out = {Panel::Narration, Panel::Algorithm, Panel::Samples, Panel::Charts, Panel::DOutputs, Panel::Latent, Panel::Classes};
  else out = {Panel::Narration, Panel::Algorithm, Panel::Settings, Panel::View1d, Panel::Charts, Panel::Minibatch, Panel::Logloss};
  if (listed.empty() && lesson().beats.empty()) out.erase(out.begin());  // no narration to show
  const bool point = kind() == run::RunKind::Point;
  const Panel view = point && trainer().data_dim() == 2 ? Panel::View2d : Panel::View1d;
  for (Panel& p : out)
    if (point && (p == Panel::View1d || p == Panel::View2d)) p = view;
  auto has = [&](Panel p) { return std::find(out.begin(), out.end(), p) != out.end(); };
  // The main area is never empty.
  if (kind() == run::RunKind::Game && !has(Panel::Saddle)) out.push_back(Panel::Saddle);
  if (kind() == run::RunKind::Image && !has(Panel::Samples) && !has(Panel::Charts)) out.push_back(Panel::Samples);
  if (point && !has(view) && !has(Panel::Charts)) out.push_back(view);
  return out;
}

void PlayerImpl::draw_panel(lessons::Panel panel) {
  using lessons::Panel;
  const Rect& r = layout.rects.of(panel);
  switch (panel) {
    case Panel::Narration: panel_narration(*this, narration, r); break;
    case Panel::Algorithm: panel_algorithm(*this, algo_position(*this), r); break;
    case Panel::Settings: panel_settings(*this, settings); break;
    case Panel::View1d: panel_view1d(*this, view1d); break;
    case Panel::View2d: panel_view2d(*this, view2d); break;
    case Panel::Charts: panel_charts(*this, charts); break;
    case Panel::Minibatch: panel_minibatch(*this); break;
    case Panel::Logloss: panel_logloss(*this, logloss); break;
    case Panel::Saddle: panel_saddle(*this, saddle, r); break;
    case Panel::Samples: panel_samples(*this, this->image, r); break;
    case Panel::DOutputs: panel_d_outputs(*this, this->image, r); break;
    case Panel::Latent: panel_latent(*this, this->image, r); break;
    case Panel::Classes: panel_classes(*this, this->image, r); break;
    case Panel::Styles: panel_styles(*this, this->image, r); break;
    case Panel::Inversion: panel_inversion(*this, inversion, r); break;
    case Panel::CodePath: panel_code_path(*this, inversion, r); break;
    case Panel::Scores: panel_scores(*this, detect, r); break;
    case Panel::Roc: panel_roc(*this, detect, r); break;
    case Panel::Projection: panel_projection(*this, this->image, r); break;
    case Panel::Interpolation: panel_interpolation(*this, this->image, r); break;
  }
}

namespace {

S tab_text(lessons::Panel p) {
  using lessons::Panel;
  switch (p) {
    case Panel::Narration: return S::TabNarration;
    case Panel::Algorithm: return S::TabAlgorithm;
    case Panel::Settings: return S::TabSettings;
    case Panel::View1d: case Panel::View2d: return S::TabView;
    case Panel::Charts: return S::TabCharts;
    case Panel::Minibatch: return S::TabMinibatch;
    case Panel::Logloss: return S::TabLogloss;
    case Panel::Saddle: return S::TabSaddle;
    case Panel::Samples: return S::TabSamples;
    case Panel::DOutputs: return S::TabDOutputs;
    case Panel::Latent: return S::TabLatent;
    case Panel::Classes: return S::TabClasses;
    case Panel::Styles: return S::TabStyles;
    case Panel::Inversion: return S::TabInversion;
    case Panel::CodePath: return S::TabCodePath;
    case Panel::Scores: return S::TabScores;
    case Panel::Roc: return S::TabRoc;
    case Panel::Projection: return S::TabProjection;
    case Panel::Interpolation: return S::TabInterpolation;
  }
  return S::TabNarration;
}

bool same(const Rect& a, const Rect& b) { return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h; }

}  // namespace

// Narrow screens: one button per panel, in rows that wrap; the chosen panel
// fills the rest of the screen.
void PlayerImpl::panel_tabs() {
  const Rect& r = layout.rects.tabs;
  if (r.h <= 0) return;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoSavedSettings;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(2, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2, 2));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetFontSize() * 0.6f, 0));
  ImGui::Begin("##tabs", nullptr, flags);
  const float row = std::round(std::max(kTouchTarget * dpi, ImGui::GetFontSize() * 2.7f));
  bool first = true;
  for (lessons::Panel panel : layout.rects.order) {
    const std::string label = std::string(t(tab_text(panel))) + "##tab" + lessons::panel_name(panel);
    if (!first) flow(button_w(label.c_str()));
    first = false;
    const bool on = panel == layout.tab;
    if (on) ImGui::PushStyleColor(ImGuiCol_Button, to_vec4(with_alpha(col::kBlue, 0.35f)));
    if (ImGui::Button(label.c_str(), ImVec2(0, row)) && !on) {
      layout.tab = panel;
      layout.request = true;
    }
    if (on) ImGui::PopStyleColor();
    layout.note((std::string("tab:") + lessons::panel_name(panel)).c_str());
  }
  const float used = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y;
  if (std::abs(used - layout.tabs_h) > 0.5f) {  // the rows the tabs took: the layout gives them this much
    layout.tabs_h = std::round(used);
    layout.request = true;
  }
  ImGui::End();
  ImGui::PopStyleVar(3);
}

void PlayerImpl::refresh_views(double now) {
  const Trainer& tr = trainer();
  const bool two_d = tr.data_dim() == 2;
  const bool stale = !views.valid || views.version != session.version() || (views.coarse && !play.playing) ||
                     (two_d && std::abs(views.aspect - views.built_aspect) > 0.01f);
  if (!stale) return;
  if (play.playing && views.valid && now - views.last_refresh < 0.2) return;  // at most 5 Hz while playing
  const auto t0 = Clock::now();
  ViewOptions o;
  o.aspect = views.aspect;
  o.fixed_range = draw.on;  // the draw mode's plot stays still (draw_data.cpp)
  for (int a = 0; a < 2; ++a) {
    o.lo[a] = draw.lo[a];
    o.hi[a] = draw.hi[a];
  }
  views.coarse = play.playing;
  if (views.coarse) {  // while playing: about a third of the work; full detail once paused
    o.dstar_points = 96;
    o.exact_dstar = false;
    o.gen_samples = 1024;
    o.dmap_cells = 32;
    o.warp_lines = 9;
    o.warp_points = 25;
  }
  const std::vector<Trainer>& compared = session.as<run::PointRun>()->compared();
  if (two_d) compute_view2d(tr, o, views.v2, views.real_spec, compared);
  else compute_view1d(tr, o, views.v1, compared);
  views.built_aspect = views.aspect;
  views.version = session.version();
  views.last_refresh = now;
  views.valid = true;
  views.compute_ms = ms_since(t0);
}

void PlayerImpl::shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || ImGui::IsAnyItemActive()) return;
  auto pressed = [](int key, bool repeat) { return key >= 0 && ImGui::IsKeyPressed(key, repeat); };
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) set_playing(!play.playing);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) step(io.KeyShift ? StepSize::Iteration : StepSize::Phase, 1);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), true)) {
    if (io.KeyShift) back_iterations(1);
    else back_phases(1);
  }
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow), true)) play.rate = std::min(5000.0f, play.rate * 2.0f);
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow), true)) play.rate = std::max(0.25f, play.rate * 0.5f);
  if (pressed(kKeyD, true)) step(StepSize::DStep, 1);
  if (pressed(kKeyN, false)) play.queued_iterations += controls.n_iterations;
  if (pressed(kKeyR, false)) reset();
  if (pressed(kKeyL, false)) lang = lang == Lang::En ? Lang::Pt : Lang::En;
  if (pressed(kKeyH, false) || pressed(kKeyF1, false)) help.open = !help.open;
  if (pressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) help.open = false;
}

void PlayerImpl::frame(double now) {
  const auto t0 = Clock::now();
  // Play time accrues between two frames that both play: after an idle pause
  // (frame_pacer.h: a frame a second or less) Play starts without a burst.
  const double dt = play.last_now < 0 || !play.played_last_frame ? 0.0 : std::clamp(now - play.last_now, 0.0, 0.25);
  play.last_now = now;

  shortcuts();
  check_watched_file(now);
  // A [latent] run elsewhere: its state (after open, set, restore) comes without a move asking for it.
  if (session.loaded() && (kind() == run::RunKind::Latent || kind() == run::RunKind::Detect)) session.run().unit_ready();
  train(dt, now);
  frame_panels(now);
  panel_fast_forward(*this);  // over the panels
  play.drawn_version = session.version();
  play.played_last_frame = play.playing;
  play.frame_ms = ms_since(t0);
}

bool PlayerImpl::moving() const {
  if (play.playing || play.queued_iterations > 0 || ImGui::GetIO().WantTextInput) return true;
  if (narration.highlight && play.last_now < narration.highlight_until) return true;  // the pulse
  if (!session.loaded()) return false;
  if (session.busy() || session.version() != play.drawn_version) return true;
  const auto* remote = session.as<run::RemoteRun>();
  return remote && (remote->views_pending() || remote->state_pending() || remote->unit_outstanding());
}

void PlayerImpl::frame_panels(double now) {
  // The layout: placed again whenever it changes (a resized viewport, a
  // control bar that wraps to more rows, another tab, another lesson).
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  LayoutRequest req;
  req.panels = shown_panels();
  req.focus = lesson().view.focus;
  req.arrange = lesson().view.layout;
  req.controls_h = layout.controls_h;
  req.tabs_h = layout.tabs_h;
  const Layout next = compute_layout(vp->WorkPos.x, vp->WorkPos.y, vp->WorkSize.x, vp->WorkSize.y,
                                     ImGui::GetFontSize(), req);
  bool changed = next.compact != layout.rects.compact || !same(next.controls, layout.rects.controls);
  for (std::size_t i = 0; i < next.panels.size(); ++i) changed = changed || !same(next.panels[i], layout.rects.panels[i]);
  layout.rects = next;
  layout.place = layout.request || changed;
  layout.request = false;
  layout.items.clear();
  layout.counters.clear();
  if (layout.rects.compact != layout.compact_style) {
    apply_touch_style(dpi, layout.rects.compact);
    layout.compact_style = layout.rects.compact;
  }
  const auto& order = layout.rects.order;
  if (std::find(order.begin(), order.end(), layout.tab) == order.end() && !order.empty()) layout.tab = order.front();

  const bool point = kind() == run::RunKind::Point;
  const auto drawn = [&](lessons::Panel panel) { return !layout.rects.compact || panel == layout.tab; };
  const auto in_order = [&](lessons::Panel panel) { return std::find(order.begin(), order.end(), panel) != order.end(); };
  if (point && ((in_order(lessons::Panel::View1d) && drawn(lessons::Panel::View1d)) ||
                (in_order(lessons::Panel::View2d) && drawn(lessons::Panel::View2d))))
    refresh_views(now);
  if (kind() == run::RunKind::Image) refresh_image_views(*this, image, now);
  sync_panel_options();
  panel_controls(*this, controls, layout.rects.controls);
  if (layout.rects.compact) panel_tabs();
  for (lessons::Panel panel : order)
    if (drawn(panel)) draw_panel(panel);
  panel_problems(*this, problems);
  panel_open_share(*this, open_share);
  panel_draw_save(*this, draw);
  panel_help(*this, help);
  layout.place = false;
}

}  // namespace ganstep::ui
