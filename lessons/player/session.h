// The run the player shows: a lesson's configuration, the Timeline every step
// goes through (so stepping back is exact), and the per-iteration history the
// charts draw. No ImGui: unit tested in tests/player.
//
// History is keyed by iteration: history()[i] holds the statistics at the end
// of iteration i + 1. Stepping back keeps the recorded future (replay is
// deterministic, so it stays valid) and visible_history() stops at the current
// iteration; a live hyperparameter change drops the recorded future, like the
// Timeline does.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/gan/config.h"
#include "engine/gan/timeline.h"
#include "engine/gan/trainer.h"
#include "lessons/format/lesson.h"

namespace ganstep::ui {

struct HistoryPoint {
  static constexpr float kNone = std::numeric_limits<float>::quiet_NaN();
  float loss_d = kNone, loss_g = kNone;
  float d_real = kNone, d_fake = kNone;
  float js = kNone;  // measured every js_every iterations only
};

// Keys Timeline::retune changes mid-run; every other key restarts the run.
bool is_live_key(const std::string& key);

class Session {
 public:
  Session();

  // Loads a lesson: a library id, a preset alias (gauss-1d, ...) or a lesson
  // file's path (its seed unless has_seed). On failure the session is
  // unchanged and error says why (FILE:LINE:COL: error: ... lines).
  bool load(const std::string& id, bool has_seed, std::uint64_t seed, std::string& error);
  // Loads a parsed lesson (from a file, a text or a share link).
  bool load_lesson(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed, std::string& error);
  // The lesson as written (its beats, view and locks); the run may differ by
  // live changes and beats' settings.
  const lessons::Lesson& lesson_spec() const { return spec_; }
  // Starts over from iteration 0 with config (same lesson id). On a bad config
  // the session is unchanged.
  bool restart(const GanConfig& config, std::string& error);
  // Starts over with the current configuration (as shown: live changes included).
  void reset();

  // key=value: a live key is retuned in place; any other key restarts the run
  // with the new value (*restarted is set). Returns "" or an error (state unchanged).
  std::string set(const std::string& key, const std::string& value, bool* restarted = nullptr);

  // Forward steps; each returns false once the run has diverged (see trainer().error()).
  bool step_phases(std::int64_t n);
  bool step_updates(std::int64_t n);    // to the end of the next n D- or G-updates
  bool step_iterations(std::int64_t n);
  // Backward and random access, exact (Timeline replay).
  bool back_phases(std::int64_t n);
  bool back_iterations(std::int64_t n);
  // To the start of iteration it: a jump within the recorded history, else
  // forward steps (recorded).
  bool seek_iteration(std::int64_t it);

  const Trainer& trainer() const { return timeline_->current(); }
  // The configuration as the user set it: the trainer's, plus live changes
  // made here that wait for the next step boundary.
  GanConfig shown_config() const;
  const Timeline& timeline() const { return *timeline_; }
  const std::string& lesson() const { return lesson_; }
  std::int64_t furthest_iteration() const;

  const std::vector<HistoryPoint>& history() const { return history_; }
  // Points of iterations 1 .. current iteration.
  std::size_t visible_history() const;

  // JS divergence every js_every completed iterations (0: never). It costs a
  // few milliseconds (4096 generator samples on the metric grid).
  int js_every = 50;

  // Changes whenever the current state does (step, seek, retune, restart).
  std::uint64_t version() const { return version_; }

 private:
  void record();       // after a step: history for a newly completed iteration
  void after_retune();  // drops history past the Timeline's furthest point

  std::string lesson_;
  lessons::Lesson spec_;
  std::unique_ptr<Timeline> timeline_;
  std::vector<HistoryPoint> history_;
  std::int64_t recorded_iteration_ = 0;  // trainer iteration at the last record()
  std::uint64_t version_ = 1;
  void settle_pending();  // forgets pending changes the trainer has applied
  // Live changes the trainer holds until it next runs a phase from a step boundary.
  std::vector<std::pair<std::string, std::string>> pending_;
};

}  // namespace ganstep::ui
