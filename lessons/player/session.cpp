#include "lessons/player/session.h"

#include <algorithm>

#include "engine/gan/metrics.h"
#include "lessons/format/library.h"

namespace ganstep::ui {

bool is_live_key(const std::string& key) {
  static const char* live[] = {"lr_d",       "lr_g",       "k",       "batch",   "g_loss", "momentum_d",
                               "momentum_g", "beta1_d",    "beta1_g", "beta2_d", "beta2_g"};
  for (const char* k : live)
    if (key == k) return true;
  return false;
}

Session::Session() : lesson_("custom"), timeline_(std::make_unique<Timeline>(Trainer(GanConfig()))) {}

bool Session::load(const std::string& id, bool has_seed, std::uint64_t seed, std::string& error) {
  const lessons::LoadResult r = lessons::find_lesson(id);
  if (!r.ok()) {
    error.clear();
    for (const auto& p : r.problems) error += (error.empty() ? "" : "\n") + lessons::format_problem(id, p);
    return false;
  }
  return load_lesson(r.lesson, has_seed, seed, error);
}

bool Session::load_lesson(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed, std::string& error) {
  GanConfig c = lesson.config;
  if (has_seed) c.seed = seed;
  if (!restart(c, error)) return false;
  spec_ = lesson;
  lesson_ = lesson.id;
  return true;
}

bool Session::restart(const GanConfig& config, std::string& error) {
  Trainer t(config);
  if (!t.ok()) {
    error = t.error();
    return false;
  }
  timeline_ = std::make_unique<Timeline>(t);
  history_.clear();
  pending_.clear();
  recorded_iteration_ = 0;
  ++version_;
  return true;
}

GanConfig Session::shown_config() const {
  GanConfig c = trainer().config();
  for (const auto& kv : pending_) apply_setting(c, kv.first, kv.second);
  return c;
}

void Session::settle_pending() {
  if (pending_.empty()) return;
  const GanConfig& now = trainer().config();
  GanConfig wanted = now;
  for (const auto& kv : pending_) apply_setting(wanted, kv.first, kv.second);
  for (const auto& k : config_keys())
    if (k.get(now) != k.get(wanted)) return;  // still waiting
  pending_.clear();
}

void Session::reset() {
  std::string ignored;
  GanConfig c = shown_config();
  restart(c, ignored);
}

std::string Session::set(const std::string& key, const std::string& value, bool* restarted) {
  if (restarted) *restarted = false;
  if (is_live_key(key)) {
    GanConfig check = shown_config();
    std::string e = apply_setting(check, key, value);
    if (e.empty()) e = timeline_->retune(key, value);
    if (!e.empty()) return e;
    after_retune();
    pending_.emplace_back(key, value);
    settle_pending();  // at a step boundary the trainer applies it at once
    return "";
  }
  GanConfig c = shown_config();
  std::string e = apply_setting(c, key, value);
  if (!e.empty()) return e;
  if (!restart(c, e)) return e;
  if (restarted) *restarted = true;
  return "";
}

void Session::after_retune() {
  const std::size_t keep = static_cast<std::size_t>(std::max<std::int64_t>(0, trainer().iteration()));
  if (history_.size() > keep) history_.resize(keep);
  ++version_;
}

void Session::record() {
  ++version_;
  const Trainer& t = trainer();
  const std::int64_t it = t.iteration();
  if (it == recorded_iteration_) return;
  recorded_iteration_ = it;
  if (it <= 0 || static_cast<std::size_t>(it) <= history_.size()) return;  // known (replay is exact)
  history_.resize(static_cast<std::size_t>(it));  // gaps (never expected) stay NaN
  HistoryPoint& h = history_.back();
  const StepStats& s = t.stats();
  if (s.has_d) {
    h.loss_d = static_cast<float>(s.loss_d);
    h.d_real = static_cast<float>(s.d_real);
  }
  if (s.has_g) h.loss_g = static_cast<float>(s.loss_g);
  h.d_fake = static_cast<float>(s.d_fake);
  if (js_every > 0 && it % js_every == 0) h.js = static_cast<float>(measure_divergences(t).js);
}

bool Session::step_phases(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const bool ok = timeline_->step_phase();
    record();
    if (!ok) return false;
  }
  settle_pending();
  return true;
}

bool Session::step_updates(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const bool ok = timeline_->step_update();
    record();
    if (!ok) return false;
  }
  settle_pending();
  return true;
}

bool Session::step_iterations(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) {
    const bool ok = timeline_->step_iteration();
    record();
    if (!ok) return false;
  }
  settle_pending();
  return true;
}

bool Session::back_phases(std::int64_t n) {
  pending_.clear();  // the Timeline re-applies recorded changes when it replays past them
  const bool ok = timeline_->back_phases(n);
  recorded_iteration_ = trainer().iteration();
  ++version_;
  return ok;
}

bool Session::back_iterations(std::int64_t n) {
  pending_.clear();
  const bool ok = timeline_->back_iterations(n);
  recorded_iteration_ = trainer().iteration();
  ++version_;
  return ok;
}

bool Session::seek_iteration(std::int64_t it) {
  it = std::max<std::int64_t>(0, it);
  // Forward past the recorded history: step (and record) instead of jumping.
  if (it > static_cast<std::int64_t>(history_.size()) && it > trainer().iteration()) {
    if (trainer().phase() != Phase::SampleNoiseD || trainer().dstep() != 0) {
      if (!step_iterations(1)) return false;
    }
    return step_iterations(it - trainer().iteration());
  }
  pending_.clear();
  const bool ok = timeline_->seek_iteration(it);
  recorded_iteration_ = trainer().iteration();
  ++version_;
  return ok;
}

std::int64_t Session::furthest_iteration() const {
  return std::max(timeline_->furthest_iteration(), trainer().iteration());
}

std::size_t Session::visible_history() const {
  const std::int64_t it = trainer().iteration();
  return std::min(history_.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, it)));
}

}  // namespace ganstep::ui

