// Session: loading (the Run a lesson's kind needs), the timeline (advance,
// snapshots, replay, seeking), the script and the edits.
#include "lessons/run/session.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdlib>

#include "engine/gan/image_data.h"
#include "lessons/run/detect_run.h"
#include "lessons/run/game_runs.h"
#include "lessons/run/image_run.h"
#include "lessons/run/point_run.h"
#include "lessons/run/remote_run.h"

namespace ganstep::run {

Session::Session() = default;
Session::~Session() = default;

// ---------------------------------------------------------------- loading

bool Session::load(const lessons::Lesson& lesson, std::optional<std::uint64_t> seed, std::string& error) {
  std::shared_ptr<const LabeledImages> data = data_;
  std::string key = data_key_;
  if (lesson.image) {  // the data set once, shared by every run of the lesson
    const ImageGanSpec& im = *lesson.image;
    key = im.data + "\n" + data_dir + "\n" + im.shape.text();
    if (!data || key != data_key_) {
      auto fresh = std::make_shared<LabeledImages>();
      error = load_image_data(im.data, data_dir, im.shape, ImageSplit::Train, *fresh);
      if (!error.empty()) return false;
      data = std::move(fresh);
    }
  }
  if (lesson.game) {
    GameConfig c = lesson.game->config;
    if (seed) c.seed = *seed;
    error = validate_game(c);
    for (const auto& entry : lesson.game->compare) {
      GameConfig probe = c;
      if (error.empty()) error = lessons::apply_compare(probe, entry);
    }
    if (!error.empty()) return false;
  }
  std::shared_ptr<LatentModels> latent = latent_models_;
  std::string latent_key = latent_key_;
  if (lesson.latent && !executor) {  // the trained G and the rest, once per generator (with an executor: there)
    latent_key = latent_models_key(*lesson.latent, data_dir) + (latent_load.from_scratch ? "\nscratch" : "");
    if (!latent || latent_key != latent_key_ || latent_load.from_scratch) {
      auto fresh = std::make_shared<LatentModels>();
      LatentLoadOptions o = latent_load;
      o.data_dir = data_dir;
      error = load_latent_models(*lesson.latent, o, *fresh);
      if (!error.empty()) return false;
      latent = std::move(fresh);
    }
  }
  RunFactory make = [this, lesson, seed, data, latent, dir = data_dir,
                      scratch = latent_load.from_scratch]() -> std::unique_ptr<Run> {
    if (lesson.latent) {
      lessons::LatentSpec spec = *lesson.latent;
      if (seed) spec.seed = *seed;
      if (executor) {
        auto r = std::make_unique<RemoteRun>(executor, lesson, spec, dir, scratch);
        if (helper && !scratch) r->use_helper(helper);
        return r;
      }
      if (spec.detect > 0) return std::make_unique<DetectRun>(latent, spec);
      return std::make_unique<LatentRun>(latent, spec);
    }
    if (lesson.game) {
      GameConfig c = lesson.game->config;
      if (seed) c.seed = *seed;
      return std::make_unique<GameRuns>(c, lesson.game->compare);
    }
    GanConfig c = lesson.config;
    if (seed) c.seed = *seed;
    if (lesson.image && executor) return std::make_unique<RemoteRun>(executor, lesson, c, data, dir);
    if (lesson.image) return std::make_unique<ImageRun>(*lesson.image, c, data, lesson.id);
    return std::make_unique<PointRun>(c, lesson.compare);
  };
  if (!load(lesson, std::move(make), error)) return false;
  seed_ = seed;
  data_ = std::move(data);
  data_key_ = key;
  latent_models_ = std::move(latent);
  latent_key_ = latent_key;
  return true;
}

bool Session::load(const lessons::Lesson& lesson, RunFactory make, std::string& error) {
  std::unique_ptr<Run> run = make();
  error = run ? run->error() : "no run";
  if (!error.empty()) return false;
  lesson_ = lesson;
  make_ = std::move(make);
  seed_.reset();
  return start(std::move(run), error);
}

bool Session::start(std::unique_ptr<Run> run, std::string& error) {
  error = run->error();
  if (!error.empty()) return false;
  run_ = std::move(run);
  move_ = Move{};
  narration_ = Narration{};
  narration_.script = lessons::BeatEvaluator(lesson_.beats);
  narration_.answers.assign(lesson_.beats.size(), lessons::Answer{});
  narration_.view = lesson_.view.options;
  edits_.clear();
  user_settings_.clear();
  snaps_.clear();
  recent_.clear();
  every_ = std::max(1, snapshot_every > 0 ? snapshot_every : run_->snapshot_every());
  budget_ = std::max<std::size_t>(2, max_snapshots > 0 ? max_snapshots : run_->snapshot_budget());
  position_ = furthest_ = iterations_ = segment_ = 0;
  starts_.assign(1, 0);
  history_.clear();
  error_.clear();
  replayed_ = 0;
  narration_.script.restarted(run_->observe());
  pause_request_ = false;
  evaluate();  // "load" beats
  take_snapshot(snaps_);
  ++version_;
  return true;
}

std::string Session::replace_run(std::unique_ptr<Run> run) {
  if (!loaded()) return "no lesson is loaded";
  std::string e;
  if (!start(std::move(run), e)) return e;
  return "";
}

void Session::reset() {
  if (!loaded()) return;
  const std::vector<lessons::Setting> user = user_settings_;
  std::string e;
  if (!start(make_(), e)) return;
  if (!user.empty()) set(user);
}

// ---------------------------------------------------------------- the timeline

bool Session::advance() {
  if (!error_.empty()) return false;
  const std::int64_t it0 = run_->iteration();
  if (!run_->step_unit()) {
    error_ = run_->error();
    ++version_;
    return false;
  }
  ++position_;
  if (replaying_) ++replayed_;
  if (run_->at_iteration_start() && run_->iteration() != it0) {  // an iteration completed
    ++iterations_;
    if (iterations_ > static_cast<std::int64_t>(history_.size())) {
      history_.resize(static_cast<std::size_t>(iterations_ - 1));  // gaps (never expected) stay NaN
      HistoryPoint h = run_->history_point();
      if (js_every > 0 && run_->iteration() % js_every == 0) run_->measure_history(h);
      history_.push_back(h);
    }
    if (iterations_ >= static_cast<std::int64_t>(starts_.size())) starts_.push_back(position_);
  }
  evaluate();
  apply_edits_here();
  if (run_->at_iteration_start() && iterations_ % every_ == 0 && !snaps_.count(position_)) {
    take_snapshot(snaps_);
    thin();
  }
  furthest_ = std::max(furthest_, position_);
  ++version_;
  return error_.empty();
}

void Session::evaluate() {
  for (int guard = 0; guard <= static_cast<int>(lesson_.beats.size()); ++guard) {
    lessons::BeatEvaluator& script = narration_.script;
    lessons::Observation o = run_->observe();
    if (script.needs_divergences(run_->iteration()) && run_->at_iteration_start() &&
        run_->iteration() % kDivergenceEvery == 0)
      run_->measure(o);
    const std::vector<int> fired = script.update(o);
    bool reset = false;
    for (int i : fired) {
      fire(i, o);
      reset = reset || lesson_.beats[static_cast<std::size_t>(i)].reset;
    }
    if (!reset) return;  // after a reset the next beats watch the restarted run
  }
}

void Session::fire(int index, const lessons::Observation& o) {
  const lessons::Beat& b = lesson_.beats[static_cast<std::size_t>(index)];
  FiredBeat f;
  f.beat = index;
  f.position = position_;
  f.iterations = iterations_;
  f.iteration = o.iteration;
  f.next_phase = o.next_phase;
  if (b.trigger.kind == lessons::TriggerKind::Metric) {
    if (auto v = lessons::metric_value(b.trigger.metric, o)) f.value = *v;
  }
  lessons::Observation seen = o;
  if (std::isnan(seen.js)) run_->measure(seen);  // a few milliseconds, once per beat
  f.values = lessons::live_values(seen);
  narration_.fired.push_back(f);
  if (b.question) narration_.answers[static_cast<std::size_t>(index)] = lessons::Answer{};  // asked (again)
  lessons::apply_panel_options(narration_.view, b.view_set);  // checked when read
  if (!replaying_ && (b.pause || b.question)) pause_request_ = true;
  if (!follow_actions || (b.set.empty() && !b.reset)) return;
  bool restarted_run = false;
  const std::string e = run_->set(b.set, b.reset, restarted_run);
  if (!e.empty()) {
    error_ = lessons::beat_label(index, b.id) + ": " + e;
    return;
  }
  if (restarted_run) restarted();
}

void Session::restarted() {
  segment_ = iterations_;
  if (iterations_ < static_cast<std::int64_t>(starts_.size())) starts_[static_cast<std::size_t>(iterations_)] = position_;
  else starts_.push_back(position_);
  narration_.script.restarted(run_->observe());
}

void Session::apply_edits_here() {
  // edits_ is sorted by position (an edit drops the ones after it): look up, not scan, on every unit.
  auto e = std::lower_bound(edits_.begin(), edits_.end(), position_,
                            [](const Edit& x, std::int64_t at) { return x.at < at; });
  for (; e != edits_.end() && e->at == position_; ++e) apply(*e);
}

void Session::apply(const Edit& e) {
  if (e.beat < 0) {
    bool r = false;
    const std::string err = run_->set(e.settings, false, r);
    if (!err.empty()) error_ = err;  // it applied when it was made: never expected
    if (r) restarted();
    return;
  }
  lessons::BeatEvaluator& script = narration_.script;
  if (!script.awaiting_answer() || script.question_beat() != e.beat) return;
  narration_.answers[static_cast<std::size_t>(e.beat)] = e.answer;
  script.answer(e.answer);
  evaluate();  // the beats waiting behind the question
}

void Session::truncate_future() {
  edits_.erase(std::remove_if(edits_.begin(), edits_.end(), [&](const Edit& e) { return e.at > position_; }),
               edits_.end());
  for (auto* m : {&snaps_, &recent_})
    for (auto i = m->begin(); i != m->end();) {
      if (i->first >= position_ && i->first != 0) i = m->erase(i);
      else ++i;
    }
  if (static_cast<std::int64_t>(history_.size()) > iterations_) history_.resize(static_cast<std::size_t>(iterations_));
  starts_.resize(static_cast<std::size_t>(iterations_) + 1);
  furthest_ = position_;
}

void Session::take_snapshot(std::map<std::int64_t, Snapshot>& into) {
  Snapshot& s = into[position_];
  s.run = run_->save();
  s.narration = narration_;
  s.iterations = iterations_;
  s.segment = segment_;
}

void Session::restore(const Snapshot& s, std::int64_t position) {
  run_->restore(*s.run);
  narration_ = s.narration;
  iterations_ = s.iterations;
  segment_ = s.segment;
  position_ = position;
  error_.clear();
}

void Session::thin() {
  while (snaps_.size() > budget_) {
    every_ *= 2;
    for (auto i = snaps_.begin(); i != snaps_.end();) {
      if (i->first != 0 && i->second.iterations % every_ != 0) i = snaps_.erase(i);
      else ++i;
    }
  }
}

// ---------------------------------------------------------------- moves
//
// Every forward move goes through run_move(): one unit at a time, each taken
// only once the run has it (Run::unit_ready). A Run whose units come from
// elsewhere may not have the next one yet: the move then waits (busy()) and
// resume() goes on with it, so the UI thread never waits for a unit.

// From the nearest state at or before target (a snapshot, or the current one
// when it is nearer), replaying; leaves up to kRecent snapshots over the replay.
bool Session::begin_replay(std::int64_t target) {
  const std::pair<const std::int64_t, Snapshot>* best = nullptr;
  for (const auto* m : {&snaps_, &recent_}) {
    auto s = m->upper_bound(target);
    if (s == m->begin()) continue;
    --s;
    if (!best || s->first > best->first) best = &*s;
  }
  const bool from_here = error_.empty() && target >= position_ && (!best || best->first <= position_);
  if (!from_here) {
    if (!best) return false;  // never: the start is always kept
    restore(best->second, best->first);
  }
  move_.replay_end = target;
  move_.replay_step = std::max<std::int64_t>(1, (target - position_) / (kRecent + 1));
  move_.replay_mark = position_ + move_.replay_step;
  return true;
}

// A replayed unit: now and then a recent snapshot, the farthest from the target dropped.
void Session::replayed_unit() {
  const std::int64_t target = move_.replay_end;
  if (position_ >= move_.replay_mark && position_ < target && run_->at_iteration_start() && !snaps_.count(position_)) {
    take_snapshot(recent_);
    move_.replay_mark = position_ + move_.replay_step;
    while (recent_.size() > std::min<std::size_t>(kRecent, budget_)) {
      auto far = recent_.begin();
      for (auto r = recent_.begin(); r != recent_.end(); ++r)
        if (std::llabs(r->first - target) > std::llabs(far->first - target)) far = r;
      recent_.erase(far);
    }
  }
}

bool Session::move_done() {
  switch (move_.kind) {
    case MoveKind::None: return true;
    case MoveKind::Position: return position_ >= move_.target;
    case MoveKind::Updates: return move_.remaining <= 0;
    case MoveKind::Iterations:
      if (iterations_ >= move_.target && run_->at_iteration_start()) {
        --move_.remaining;
        move_.target = iterations_ + 1;
      }
      return move_.remaining <= 0;
  }
  return true;
}

bool Session::run_move(double wait_ms) {
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  for (;;) {
    if (move_.replay_end >= 0 && position_ >= move_.replay_end) {  // the replay is over
      move_.replay_end = -1;
      ++version_;
    }
    if (move_done()) {
      if (move_.then_iteration < 0) {
        move_ = Move{};
        if (!ahead_) run_->cancel_units();  // none, unless a restart changed the count on the way
        return true;
      }
      const std::int64_t it = move_.then_iteration;  // seek_iteration beyond the recorded timeline
      move_ = Move{};
      move_.kind = MoveKind::Iterations;
      move_.remaining = it - iterations_;
      move_.target = iterations_ + 1;
      continue;
    }
    run_->request_units(units_left());  // the whole move (tops it up as units are taken)
    if (!run_->unit_ready()) {
      const double left = wait_ms - std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      if (!run_->wait_unit(std::max(0.0, left))) return true;  // busy(): resume() goes on
    }
    replaying_ = move_.replay_end >= 0;
    const bool ok = advance();
    if (replaying_) replayed_unit();
    replaying_ = false;
    if (!ok) {
      move_ = Move{};
      ++version_;
      return false;
    }
    if (move_.kind == MoveKind::Updates && run_->at_update_end()) --move_.remaining;
  }
}

std::int64_t Session::units_left() const {
  std::int64_t n = 1;
  switch (move_.kind) {
    case MoveKind::None: break;
    case MoveKind::Position: n = move_.target - position_; break;
    case MoveKind::Updates: n = run_->units_until(Run::Until::Updates, move_.remaining); break;
    case MoveKind::Iterations:
      n = run_->units_until(Run::Until::Iterations,
                            move_.remaining + std::max<std::int64_t>(0, move_.target - 1 - iterations_));
      break;
  }
  if (ahead_) n = std::max(n, run_->units_until(Run::Until::Iterations, 2));
  return std::max<std::int64_t>(1, n);
}

void Session::stop() {
  if (busy()) ++version_;
  move_ = Move{};
  if (loaded()) run_->cancel_units();
}

void Session::keep_ahead(bool on) {
  ahead_ = on;
  if (!on && !busy() && loaded()) run_->cancel_units();
}

bool Session::resume(double wait_ms) {
  if (!loaded() || !busy()) return error_.empty();
  return run_move(wait_ms);
}

bool Session::start_move(const Move& m) {
  move_ = m;
  return run_move(unit_wait_ms);
}

bool Session::seek_position(std::int64_t target) {
  if (!loaded()) return false;
  target = std::max<std::int64_t>(0, target);
  if (target == position_ && error_.empty()) {
    move_ = Move{};
    if (!ahead_) run_->cancel_units();
    return true;
  }
  move_ = Move{};
  if (!begin_replay(std::min(target, furthest_))) return false;
  Move m = move_;
  m.kind = MoveKind::Position;
  m.target = target;
  return start_move(m);
}

bool Session::step_units(std::int64_t n) {
  if (!loaded()) return false;
  Move m;
  m.kind = MoveKind::Position;
  m.target = position_ + std::max<std::int64_t>(0, n);
  return start_move(m);
}

bool Session::step_updates(std::int64_t n) {
  if (!loaded()) return false;
  Move m;
  m.kind = MoveKind::Updates;
  m.remaining = n;
  return start_move(m);
}

bool Session::step_iterations(std::int64_t n) {
  if (!loaded()) return false;
  Move m;
  m.kind = MoveKind::Iterations;
  m.remaining = n;
  m.target = iterations_ + 1;
  return start_move(m);
}

bool Session::back_iterations(std::int64_t n) {
  if (!loaded()) return false;
  if (n <= 0) return true;
  const std::int64_t cur = std::min<std::int64_t>(iterations_, static_cast<std::int64_t>(starts_.size()) - 1);
  const bool mid = position_ > starts_[static_cast<std::size_t>(cur)];  // the current iteration's start counts as one
  return seek_position(starts_[static_cast<std::size_t>(std::max<std::int64_t>(0, cur - (mid ? n - 1 : n)))]);
}

bool Session::seek_iteration(std::int64_t it) {
  if (!loaded()) return false;
  it = std::max<std::int64_t>(0, it);
  if (it <= furthest_iterations()) return seek_position(starts_[static_cast<std::size_t>(it)]);
  // To the recorded end, then on by iterations.
  const std::int64_t end = starts_.back();
  move_ = Move{};
  if (!(end == position_ && error_.empty()) && !begin_replay(std::min(end, furthest_))) return false;
  Move m = move_;
  m.kind = MoveKind::Position;
  m.target = end;
  m.then_iteration = it;
  return start_move(m);
}

// ---------------------------------------------------------------- edits

std::string Session::set(const std::vector<lessons::Setting>& settings, bool* restarted_out) {
  if (restarted_out) *restarted_out = false;
  if (!loaded()) return "no lesson is loaded";
  stop();  // an edit comes where the student sees the run: units computed past it are dropped
  bool r = false;
  const std::string e = run_->set(settings, false, r);
  if (!e.empty()) return e;
  truncate_future();
  Edit edit;
  edit.at = position_;
  edit.settings = settings;
  edits_.push_back(edit);
  user_settings_.insert(user_settings_.end(), settings.begin(), settings.end());
  error_.clear();
  if (r) restarted();
  if (max_snapshots == 0) {  // a new batch or network changes what a snapshot costs
    budget_ = std::max<std::size_t>(2, run_->snapshot_budget());
    thin();
    while (recent_.size() > std::min<std::size_t>(kRecent, budget_)) recent_.erase(recent_.begin());
  }
  if (run_->at_iteration_start()) {  // the state after the edit (a snapshot here was dropped)
    take_snapshot(snaps_);
    thin();
  }
  if (restarted_out) *restarted_out = r;
  ++version_;
  return "";
}

bool Session::answer(const lessons::Answer& a) {
  if (!loaded()) return false;
  stop();  // as set()
  if (!narration_.script.awaiting_answer()) return false;
  const int beat = narration_.script.question_beat();
  const auto& q = lesson_.beats[static_cast<std::size_t>(beat)].question;
  if (!q || !lessons::check_answer(*q, a).empty()) return false;
  truncate_future();
  Edit edit;
  edit.at = position_;
  edit.beat = beat;
  edit.answer = a;
  edits_.push_back(edit);
  apply(edit);
  if (run_->at_iteration_start()) {
    take_snapshot(snaps_);
    thin();
  }
  ++version_;
  return lessons::answer_right(*q, a);
}

bool Session::take_pause_request() {
  const bool p = pause_request_;
  pause_request_ = false;
  return p;
}

std::size_t Session::snapshot_bytes() const {
  std::size_t n = 0;
  for (const auto* m : {&snaps_, &recent_})
    for (const auto& s : *m) n += s.second.run->bytes();
  return n;
}

std::size_t Session::history_begin() const {
  return static_cast<std::size_t>(std::min<std::int64_t>(segment_, static_cast<std::int64_t>(history_.size())));
}

std::size_t Session::history_end() const {
  return static_cast<std::size_t>(std::min<std::int64_t>(iterations_, static_cast<std::int64_t>(history_.size())));
}

}  // namespace ganstep::run
