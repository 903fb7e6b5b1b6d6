// PlayerImpl: the actions, the play loop within a per-frame time budget, view
// refreshes, keyboard shortcuts and the frame that lays out every panel.
#include "lessons/player/player_impl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "engine/gan/metrics.h"
#include "lessons/format/library.h"
#include "lessons/format/share.h"

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

BatchState batch_state(const Trainer& t) {
  BatchState s;
  if (t.phases_done() == 0) return s;
  s.any = true;
  const Phase p = t.phase();
  if (p == Phase::SampleNoiseD) s.last = t.dstep() > 0 ? static_cast<int>(Phase::UpdateD) : static_cast<int>(Phase::UpdateG);
  else if (p == Phase::SampleNoiseG) s.last = static_cast<int>(Phase::UpdateD);
  else s.last = static_cast<int>(p) - 1;
  s.g_step = s.last >= static_cast<int>(Phase::SampleNoiseG);
  s.m = static_cast<int>(t.batch().z.shape()[0]);
  return s;
}

bool begin_panel(PlayerImpl& p, S title, const char* id, const Rect& r, bool place, ImGuiWindowFlags flags) {
  // Placed on request (first frame, resized viewport), else only on a window's first appearance.
  const ImGuiCond cond = place ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), cond);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), cond);
  const std::string name = std::string(p.t(title)) + "###" + id;
  const bool open = ImGui::Begin(name.c_str(), nullptr, flags | ImGuiWindowFlags_NoCollapse);
  // A beat's "highlight": a pulsing frame around the panel for a few seconds.
  const auto& n = p.narration;
  if (n.highlight && p.play.last_now < n.highlight_until) {
    const std::string want = lessons::panel_name(*n.highlight);
    const bool match = want == id || ((want == "view1d" || want == "view2d" || want == "saddle") &&
                                      std::string(id) == "view");
    if (match) {
      const ImVec2 a = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
      const float pulse = 0.55f + 0.45f * static_cast<float>(std::abs(std::sin(p.play.last_now * 4.0)));
      ImGui::GetForegroundDrawList()->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(a.x + sz.x - 1, a.y + sz.y - 1),
                                              with_alpha(col::kOrange, pulse), 4.0f, 0, 4.0f * p.dpi);
    }
  }
  return open;
}

PlayerImpl::PlayerImpl(const PlayerOptions& o) : options(o), lang(o.lang) {
  if (!load(o.lesson, o.has_seed, o.seed)) {
    const std::string e = error;
    load(lessons::builtin_ids().front(), o.has_seed, o.seed);
    error = e;
  }
  if (o.step > 0) step(StepSize::Iteration, o.step);
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
  return true;
}

bool PlayerImpl::open_lesson(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed) {
  std::string e;
  watch = {};
  if (lesson.image) {  // an image lesson runs in the image panels (panel_image.h)
    if (!image.session.load(lesson, has_seed, seed, e)) {
      fail(e);
      problems = {};
      problems.title = lesson.id;
      problems.lines = {e};
      problems.open = true;
      return false;
    }
    image.session.take_pause_request();  // a load beat's pause: the lesson opens paused anyway
    image.active = true;
    saddle.active = false;
    image.shown_beat = -1;
    image.built_version = 0;
    image.line_version = 0;
    image.quality = QualityReport{};
    image.quality_version = 0;
    image.last_build = image.last_line = image.last_quality = image.last_judge = -1e9;
    image.message.clear();
    image.ask_path = false;
    image.judge.start(image.session.data());
    set_playing(false);
    play.credit = 0;
    play.queued_iterations = 0;
    play.unit = StepSize::Iteration;
    play.max = false;
    play.rate = static_cast<float>(std::clamp(lesson.view.speed, 1, 5000));
    info.clear();
    settings.message.clear();
    problems = {};
    layout.request = true;
    return true;
  }
  if (lesson.game) {  // a lesson with a [game] section runs in the saddle panels (panel_saddle.h)
    if (!saddle.game.load(lesson, has_seed, seed, e)) {
      fail(e);
      return false;
    }
    saddle.game.take_pause_request();  // a load beat's pause: the lesson opens paused anyway
    saddle.active = true;
    image = ImageState{};
    saddle.shown_beat = -1;
    set_playing(false);
    play.credit = 0;
    play.queued_iterations = 0;
    info.clear();
    settings.message.clear();
    problems = {};
    layout.request = true;
    return true;
  }
  if (!session.load_lesson(lesson, has_seed, seed, e)) {
    fail(e);
    return false;
  }
  if (saddle.active || image.active) layout.request = true;
  saddle.active = false;
  image = ImageState{};
  set_playing(false);
  play.credit = 0;
  play.queued_iterations = 0;
  play.unit = StepSize::Iteration;
  play.max = false;
  play.rate = static_cast<float>(std::clamp(lesson.view.speed, 1, 5000));
  info.clear();
  views.valid = false;
  settings.message.clear();
  problems = {};
  layout.request = true;
  start_script();
  return true;
}

void PlayerImpl::show_problems(const std::string& name, const std::vector<lessons::Problem>& list) {
  problems.title = name;
  problems.lines.clear();
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
  const lessons::LoadResult r = lessons::parse_lesson(text, lessons::ParseOptions{false});
  if (!r.ok()) {
    show_problems(name, r.problems);
    fail(problems.lines.front());
    return false;
  }
  return open_lesson(r.lesson, false, 0);
}

bool PlayerImpl::open_link(const std::string& link) {
  clear_error();
  const lessons::LoadResult r = lessons::parse_share_link(link);
  if (!r.ok()) {
    show_problems("link", r.problems);
    fail(problems.lines.front());
    return false;
  }
  return open_lesson(r.lesson, false, 0);
}

bool PlayerImpl::shows(lessons::Panel panel) const {
  const auto& view = lesson().view;
  return view.panels.empty() ? panel != lessons::Panel::Narration || !lesson().beats.empty()
                             : view.shows(panel);
}

const lessons::Lesson& PlayerImpl::lesson() const {
  if (image.active) return image.session.lesson();
  if (saddle.active) return saddle.game.lesson();
  return session.lesson_spec();
}

void PlayerImpl::start_script() {
  narration = NarrationState{};
  narration.script = lessons::BeatEvaluator(session.lesson_spec().beats);
  narration.answers.assign(session.lesson_spec().beats.size(), -1);
  update_beats();
}

void PlayerImpl::update_beats() {
  auto& n = narration;
  for (int round = 0; round < 70 && !n.script.finished() && !n.script.awaiting_answer(); ++round) {
    lessons::Observation o = lessons::observe(session.trainer());
    if (n.script.needs_divergences() && session.trainer().data_dim() <= 2) {
      // A measurement costs a few ms: at most every 10 iterations.
      const std::int64_t it = session.trainer().iteration();
      if (n.divergences_at < 0 || it >= n.divergences_at + 10 || it < n.divergences_at) {
        const Divergences d = measure_divergences(session.trainer());
        n.last.js = d.js;
        n.last.kl_data_g = d.kl_data_g;
        n.last.kl_g_data = d.kl_g_data;
        n.divergences_at = it;
      }
      o.js = n.last.js;
      o.kl_data_g = n.last.kl_data_g;
      o.kl_g_data = n.last.kl_g_data;
    }
    const std::vector<int> fired = n.script.update(o);
    if (fired.empty()) break;
    for (int b : fired) fire(b);
  }
}

void PlayerImpl::fire(int index) {
  const lessons::Beat& beat = session.lesson_spec().beats[static_cast<std::size_t>(index)];
  auto& n = narration;
  n.shown.push_back(index);
  n.page = static_cast<int>(n.shown.size()) - 1;
  n.choice = -1;
  if (beat.pause || beat.question) set_playing(false);
  if (beat.highlight) {
    n.highlight = beat.highlight;
    n.highlight_until = std::max(0.0, play.last_now) + 6.0;
  }
  bool restarted = false;
  for (const auto& kv : beat.set) {
    bool r = false;
    const std::string e = session.set(kv.key, kv.value, &r);
    if (!e.empty()) fail(e);
    restarted = restarted || r;
  }
  if (beat.reset) {
    session.reset();
    restarted = true;
  }
  if (restarted) {
    play.queued_iterations = 0;
    n.script.restarted(lessons::observe(session.trainer()));
  }
}

void PlayerImpl::answer(int choice) {
  if (image.active) {
    image.session.answer(choice);
    after_image_step();
    return;
  }
  auto& n = narration;
  if (!n.script.awaiting_answer()) return;
  const int beat = n.script.question_beat();
  n.answers[static_cast<std::size_t>(beat)] = choice;
  n.script.answer(choice);
  update_beats();
}

void PlayerImpl::fail(const std::string& message) { error = message; }

bool PlayerImpl::step(StepSize size, std::int64_t n) {
  clear_error();
  if (n <= 0) return true;
  if (saddle.active) {  // a game has no phases: every step size is one iteration
    const bool g = saddle.game.step(n);
    if (!g) fail(saddle.game.error());
    return g;
  }
  if (image.active) {  // a phase is a whole D- or G-step here
    const bool ok = size == StepSize::Iteration ? image.session.step_iterations(n) : image.session.step_updates(n);
    if (!ok) fail(image.session.error());
    after_image_step();
    return ok;
  }
  bool ok = false;
  switch (size) {
    case StepSize::Phase: ok = session.step_phases(n); break;
    case StepSize::DStep: ok = session.step_updates(n); break;
    case StepSize::Iteration: ok = session.step_iterations(n); break;
  }
  if (!ok) fail(session.trainer().error());
  update_beats();
  return ok;
}

bool PlayerImpl::back_phases(std::int64_t n) {
  clear_error();
  if (n < 0) {
    fail("back: the count must be >= 0");
    return false;
  }
  if (saddle.active) return back_iterations(n);
  if (image.active) {
    const bool ok = image.session.back_updates(n);
    if (!ok) fail(image.session.error());
    return ok;
  }
  const bool ok = session.back_phases(n);
  if (!ok) fail(session.trainer().error());
  return ok;
}

bool PlayerImpl::back_iterations(std::int64_t n) {
  clear_error();
  if (n < 0) {
    fail("back: the count must be >= 0");
    return false;
  }
  if (saddle.active) {
    const bool g = saddle.game.back(n);
    if (!g) fail(saddle.game.error());
    return g;
  }
  if (image.active) {
    const bool ok = image.session.back_iterations(n);
    if (!ok) fail(image.session.error());
    return ok;
  }
  const bool ok = session.back_iterations(n);
  if (!ok) fail(session.trainer().error());
  return ok;
}

bool PlayerImpl::seek_iteration(std::int64_t it) {
  clear_error();
  if (it < 0) {
    fail("seek: the iteration must be >= 0");
    return false;
  }
  if (saddle.active) {
    const bool g = saddle.game.seek(it);
    if (!g) fail(saddle.game.error());
    return g;
  }
  if (image.active) {
    const bool ok = image.session.seek(it);
    if (!ok) fail(image.session.error());
    after_image_step();
    return ok;
  }
  const bool ok = session.seek_iteration(it);
  if (!ok) fail(session.trainer().error());
  return ok;
}

void PlayerImpl::reset() {
  clear_error();
  if (saddle.active) saddle.game.reset();
  else if (image.active) image.session.reset();
  else session.reset();
  play.credit = 0;
  play.queued_iterations = 0;
  narration.script.restarted(lessons::observe(session.trainer()));
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
  std::string e;
  if (image.active) {
    e = image.session.set(key, value);
    restarted = e.empty();
  } else {
    e = saddle.active ? saddle.game.set(key, value) : session.set(key, value, &restarted);
  }
  char buf[512];
  if (!e.empty()) {
    fail(e);
    settings.message = e;
    settings.message_error = true;
    return false;
  }
  std::snprintf(buf, sizeof buf, t(restarted ? S::Restarted : S::Changed), key.c_str(), value.c_str());
  settings.message = buf;
  settings.message_error = false;
  if (restarted) {
    play.queued_iterations = 0;
    if (!image.active) narration.script.restarted(lessons::observe(session.trainer()));
  }
  return true;
}

void PlayerImpl::set_playing(bool on) {
  play.playing = on && (saddle.active  ? saddle.game.error().empty()
                        : image.active ? image.session.loaded() && image.session.trainer().ok()
                                       : session.trainer().ok());
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

void PlayerImpl::train(double dt, double now) {
  const auto t0 = Clock::now();
  const std::int64_t it0 = session.trainer().iteration();
  const std::int64_t phases0 = session.trainer().phases_done();
  // The views refresh (at most 5 Hz while playing) shares the frame's budget.
  const bool refresh_due = views.valid && now - views.last_refresh >= 0.2;
  const double budget = std::max(2.0, play.budget_ms - (refresh_due ? views.compute_ms : 0.0));
  // Start a step only when it is expected to end within the budget (the last
  // step's time is the estimate); the first step of a frame always runs.
  int steps = 0;
  auto fits = [&] { return steps == 0 || ms_since(t0) + play.step_ms <= budget; };
  auto timed = [&](auto&& run) {
    const auto s0 = Clock::now();
    const bool ok = run();
    play.step_ms = ms_since(s0);
    ++steps;
    return ok;
  };
  while (play.queued_iterations > 0 && fits()) {
    if (!timed([&] { return session.step_iterations(1); })) {
      fail(session.trainer().error());
      play.queued_iterations = 0;
      break;
    }
    --play.queued_iterations;
  }
  if (play.playing) {
    if (play.max) play.credit = 1e18;
    else play.credit = std::min(play.credit + play.rate * dt, std::max(1.0, play.rate * 0.25));
    while (play.credit >= 1 && fits()) {
      const bool ok = timed([&] {
        switch (play.unit) {
          case StepSize::Phase: return session.step_phases(1);
          case StepSize::DStep: return session.step_updates(1);
          case StepSize::Iteration: break;
        }
        return session.step_iterations(1);
      });
      play.credit -= 1;
      if (!ok) {
        fail(session.trainer().error());
        set_playing(false);
        break;
      }
    }
    if (play.max) play.credit = 0;
  }
  if (session.trainer().phases_done() != phases0) update_beats();
  // The lesson's run length: playing stops there (stepping by hand goes on).
  if (play.playing && session.trainer().iteration() >= session.lesson_spec().iterations) set_playing(false);
  play.train_ms = ms_since(t0);
  if (play.playing) {
    play.window_s += dt;
    play.window_its += std::max<std::int64_t>(0, session.trainer().iteration() - it0);
    if (play.window_s >= 0.5) {
      play.ips = play.window_its / play.window_s;
      play.window_s = 0;
      play.window_its = 0;
    }
  }
}

// Game runs are cheap: whole iterations at the play rate, stopping at the lesson's end and at pausing beats.
void PlayerImpl::train_game(double dt) {
  GameSession& g = saddle.game;
  const auto t0 = Clock::now();
  const std::int64_t it0 = g.iteration();
  auto one = [&] {
    const bool ok = g.step(1);
    if (!ok) {
      fail(g.error());
      set_playing(false);
      play.queued_iterations = 0;
    }
    if (g.take_pause_request()) {
      set_playing(false);
      play.queued_iterations = 0;
      return false;
    }
    return ok;
  };
  while (play.queued_iterations > 0 && ms_since(t0) < play.budget_ms) {
    --play.queued_iterations;
    if (!one()) break;
  }
  if (play.playing) {
    if (play.max) play.credit = 1e18;
    else play.credit = std::min(play.credit + play.rate * dt, std::max(1.0, play.rate * 0.25));
    while (play.playing && play.credit >= 1 && ms_since(t0) < play.budget_ms) {
      if (g.iteration() >= g.run_length()) {
        set_playing(false);
        break;
      }
      play.credit -= 1;
      if (!one()) break;
    }
    if (play.max) play.credit = 0;
  }
  play.train_ms = ms_since(t0);
  if (play.playing) {
    play.window_s += dt;
    play.window_its += std::max<std::int64_t>(0, g.iteration() - it0);
    if (play.window_s >= 0.5) {
      play.ips = play.window_its / play.window_s;
      play.window_s = 0;
      play.window_its = 0;
    }
  }
}

void PlayerImpl::frame_game() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const SaddleLayout l = saddle_layout(vp->WorkPos.x, vp->WorkPos.y, vp->WorkSize.x, vp->WorkSize.y, ImGui::GetFontSize());
  panel_saddle_controls(*this, saddle, l.controls);
  panel_saddle(*this, saddle, l.saddle);
  panel_saddle_narration(*this, saddle, l.narration);
  panel_problems(*this, problems);
  panel_open_share(*this, open_share);
  panel_help(*this, help);
}

// Image updates take milliseconds each (a D-step of lesson 8: about 20 ms
// natively, 40 ms in the browser): playing runs one update (D- or G-step) at
// a time, as many as fit the frame's budget (the first always runs). An
// update longer than the budget waits until as much time has passed since the
// last one, so training takes at most half of the time and the frames between
// updates stay fast; +N runs whole iterations the same way.
void PlayerImpl::train_image(double dt, double now) {
  ImageSession& g = image.session;
  image.trained_frame = false;
  if (!g.loaded()) return;
  const auto t0 = Clock::now();
  const std::int64_t it0 = g.iteration();
  int steps = 0;
  const bool slow = play.step_ms > play.budget_ms;
  const bool rest = slow && now - image.last_update_end < play.step_ms / 1000.0;
  // step_ms is one update's time; a queued whole iteration costs k + 1 of them.
  auto fits = [&](double updates) {
    return !rest && (steps == 0 || ms_since(t0) + play.step_ms * updates <= play.budget_ms);
  };
  auto one = [&](bool whole) {
    const auto s0 = Clock::now();
    const bool ok = whole ? g.step_iterations(1) : g.step_updates(1);
    play.step_ms = ms_since(s0) / (whole ? g.config().k + 1 : 1);
    image.last_update_end = now + ms_since(t0) / 1000.0;
    image.trained_frame = true;
    ++steps;
    if (!ok) {
      fail(g.error());
      set_playing(false);
      play.queued_iterations = 0;
    }
    if (g.take_pause_request()) {
      set_playing(false);
      play.queued_iterations = 0;
      return false;
    }
    return ok;
  };
  while (play.queued_iterations > 0 && fits(g.config().k + 1)) {
    --play.queued_iterations;
    if (!one(true)) break;
  }
  if (play.playing) {
    // Credit in updates: rate iterations per second are rate * (k + 1) updates.
    const double per = play.unit == StepSize::Iteration ? g.config().k + 1 : 1;
    if (play.max) play.credit = 1e18;
    else play.credit = std::min(play.credit + play.rate * per * dt, std::max(1.0, play.rate * per * 0.25));
    while (play.playing && play.credit >= 1 && fits(1)) {
      if (g.iteration() >= g.run_length()) {
        set_playing(false);
        break;
      }
      play.credit -= 1;
      if (!one(false)) break;
    }
    if (play.max) play.credit = 0;
  }
  play.train_ms = ms_since(t0);
  if (play.playing) {
    play.window_s += dt;
    play.window_its += std::max<std::int64_t>(0, g.iteration() - it0);
    if (play.window_s >= 0.5) {
      play.ips = play.window_its / play.window_s;
      play.window_s = 0;
      play.window_its = 0;
    }
  }
}

void PlayerImpl::after_image_step() {
  if (image.session.take_pause_request()) set_playing(false);
}

void PlayerImpl::frame_image(double now) {
  using lessons::Panel;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImageShown shown;
  shown.narration = shows(Panel::Narration);
  shown.algorithm = shows(Panel::Algorithm);
  shown.samples = shows(Panel::Samples);
  shown.charts = shows(Panel::Charts);
  shown.d_outputs = shows(Panel::DOutputs);
  shown.latent = shows(Panel::Latent);
  shown.classes = shows(Panel::Classes);
  if (!shown.samples && !shown.charts) shown.samples = true;  // the middle column is never empty
  const ImageLayout l = image_layout(vp->WorkPos.x, vp->WorkPos.y, vp->WorkSize.x, vp->WorkSize.y,
                                     ImGui::GetFontSize(), shown);
  refresh_image_views(*this, image, now);
  panel_image_controls(*this, image, l.controls);
  if (shown.narration) panel_image_narration(*this, image, l.narration);
  if (shown.algorithm) panel_image_algorithm(*this, image, l.algorithm);
  if (shown.samples) panel_samples(*this, image, l.samples);
  if (shown.charts) {
    layout.rects.charts = l.charts;
    panel_charts(*this, charts);
  }
  if (shown.d_outputs) panel_d_outputs(*this, image, l.d_outputs);
  if (shown.latent) panel_latent(*this, image, l.latent);
  if (shown.classes) panel_classes(*this, image, l.classes);
  panel_problems(*this, problems);
  panel_open_share(*this, open_share);
  panel_help(*this, help);
}

void PlayerImpl::refresh_views(double now) {
  const Trainer& tr = session.trainer();
  const bool two_d = tr.data_dim() == 2;
  const bool stale = !views.valid || views.version != session.version() || (views.coarse && !play.playing) ||
                     (two_d && std::abs(views.aspect - views.built_aspect) > 0.01f);
  if (!stale) return;
  if (play.playing && views.valid && now - views.last_refresh < 0.2) return;  // at most 5 Hz while playing
  const auto t0 = Clock::now();
  ViewOptions o;
  o.aspect = views.aspect;
  views.coarse = play.playing;
  if (views.coarse) {  // while playing: about a third of the work; full detail once paused
    o.dstar_points = 96;
    o.exact_dstar = false;
    o.gen_samples = 1024;
    o.dmap_cells = 32;
    o.warp_lines = 9;
    o.warp_points = 25;
  }
  if (two_d) compute_view2d(tr, o, views.v2, views.real_spec);
  else compute_view1d(tr, o, views.v1);
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
  const double dt = play.last_now < 0 ? 0.0 : std::clamp(now - play.last_now, 0.0, 0.25);
  play.last_now = now;

  shortcuts();
  check_watched_file(now);
  if (saddle.active) train_game(dt);
  else if (image.active) train_image(dt, now);
  else train(dt, now);

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (vp->WorkSize.x != layout.w || vp->WorkSize.y != layout.h) {
    layout.w = vp->WorkSize.x;
    layout.h = vp->WorkSize.y;
    layout.request = true;
  }
  layout.place = layout.request;
  layout.request = false;
  if (saddle.active) {
    frame_game();
    layout.place = false;
    play.frame_ms = ms_since(t0);
    return;
  }
  if (image.active) {
    frame_image(now);
    layout.place = false;
    play.frame_ms = ms_since(t0);
    return;
  }
  using lessons::Panel;
  const bool one_d = session.trainer().data_dim() == 1;
  Shown shown;
  shown.narration = shows(Panel::Narration);
  shown.algorithm = shows(Panel::Algorithm);
  shown.settings = shows(Panel::Settings);
  shown.view = shows(Panel::View1d) || shows(Panel::View2d);
  shown.charts = shows(Panel::Charts);
  shown.minibatch = shows(Panel::Minibatch);
  shown.logloss = shows(Panel::Logloss);
  if (!shown.view && !shown.charts) shown.view = true;  // the middle column is never empty
  layout.rects = compute_layout(vp->WorkPos.x, vp->WorkPos.y, vp->WorkSize.x, vp->WorkSize.y,
                                ImGui::GetFontSize(), shown);
  if (shown.view) refresh_views(now);

  panel_controls(*this, controls);
  if (shown.narration) panel_narration(*this, narration);
  if (shown.algorithm) panel_algorithm(*this);
  if (shown.settings) panel_settings(*this, settings);
  if (shown.view) {
    if (one_d) panel_view1d(*this, view1d);
    else panel_view2d(*this, view2d);
  }
  if (shown.charts) panel_charts(*this, charts);
  if (shown.minibatch) panel_minibatch(*this);
  if (shown.logloss) panel_logloss(*this, logloss);
  panel_problems(*this, problems);
  panel_open_share(*this, open_share);
  panel_help(*this, help);
  layout.place = false;

  play.frame_ms = ms_since(t0);
}

}  // namespace ganstep::ui
