// Headless beat evaluation: which beats of a lesson fire, given the run's state.
// The player and the tests share it; it knows nothing about UI.
//
// The script is sequential. Beat i's trigger is watched only after beat i-1
// has fired, and, when beat i-1 asks a question, after it is answered. Each
// beat fires once. Several beats may fire in one update (e.g. a "load" beat
// followed by { at_iteration = 0 }), except that a beat with reset = true ends
// the update: the beats after it watch the restarted run.
//
// Triggers (lesson.h, Trigger):
//   load                      fires as soon as the beat is current
//   { at_iteration = N }      fires once trainer.iteration() >= N (N completed iterations)
//   { at_phase = "loss_d" }   fires when the run completes that phase (after = N: in iteration >= N,
//                             iterations counted from 0). With coarse steps (a whole iteration at a
//                             time) it fires at the first update after the phase was passed.
//   { metric = M, above = X } fires when the current value of M is > X (below: < X); after = N:
//                             not before iteration N. d_* and loss_d* need a D-step done, loss_g a
//                             G-step, js / kl_data_g / kl_g_data a measurement
//                             (see needs_divergences()).
//
// Typical use (the player):
//   BeatEvaluator script(lesson.beats);
//   for (int i : script.update(observe(trainer))) show(lesson.beats[i]);   // after load
//   ... after every step (phase, update or iteration):
//   Observation o = observe(trainer);
//   if (script.needs_divergences() && iteration changed) { auto d = measure_divergences(trainer);
//                                                          o.js = d.js; o.kl_data_g = d.kl_data_g; ... }
//   for (int i : script.update(o)) { show the beat; apply its actions (or use LessonRun) }
//   when the student answers:  script.answer(choice)   (unblocks the next beat)
//   to stop exactly at an at_phase beat while playing fast: step by phases while
//   script.needs_phase_steps().
//
// The script only moves forward: stepping back in the timeline does not un-fire beats.
// After a reset (a beat with reset = true, or the student pressing reset), call
// restarted(observe(new_trainer)) so iterations are counted in the new run.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/game/game_run.h"
#include "engine/gan/metrics.h"
#include "engine/gan/trainer.h"
#include "lessons/format/lesson.h"

namespace ganstep::lessons {

// What triggers look at. observe() fills all but js.
struct Observation {
  std::int64_t iteration = 0;    // completed iterations
  std::int64_t phases_done = 0;  // completed phases
  Phase next_phase = Phase::SampleNoiseD;
  int dstep = 0;                 // D-steps done in the current iteration
  int k = 1;
  StepStats stats;
  // Divergences (engine/gan/metrics.h), NaN when not measured: see needs_divergences().
  double js = std::numeric_limits<double>::quiet_NaN();
  double kl_data_g = std::numeric_limits<double>::quiet_NaN();
  double kl_g_data = std::numeric_limits<double>::quiet_NaN();
  // A [game] lesson's distance to the equilibrium (NaN for a GAN run).
  double distance = std::numeric_limits<double>::quiet_NaN();
};

Observation observe(const Trainer& t);
// A game run: one iteration counts as one phase; no GAN statistics.
Observation observe(const GameRun& g);
// The value of a metric in an observation, or nullopt when not available yet.
std::optional<double> metric_value(Metric m, const Observation& o);

class BeatEvaluator {
 public:
  BeatEvaluator() = default;
  explicit BeatEvaluator(std::vector<Beat> beats);

  // Checks the current beat's trigger (and the next ones', while they fire);
  // returns the indices of the beats that fired, in order.
  std::vector<int> update(const Observation& o);

  // The run was rebuilt (reset): positions restart from o; fired beats stay fired.
  void restarted(const Observation& o);
  // Back to the first beat, nothing fired.
  void rewind();

  int current() const { return next_; }         // the beat waiting for its trigger
  bool finished() const { return next_ >= static_cast<int>(beats_.size()); }
  bool fired(int i) const { return i >= 0 && i < next_; }
  // A fired beat's question is waiting for answer(); later beats wait too.
  bool awaiting_answer() const { return awaiting_ >= 0; }
  int question_beat() const { return awaiting_; }
  // Records the student's choice; true when right. Unblocks the script either way.
  bool answer(int choice);

  // The current trigger watches js, kl_data_g or kl_g_data: put a measurement
  // (measure_divergences) in the observations, e.g. every 10 iterations.
  bool needs_divergences() const;
  // The current trigger is an at_phase one: step phase by phase to stop on it exactly.
  bool needs_phase_steps() const;

  const std::vector<Beat>& beats() const { return beats_; }

 private:
  bool fires(const Trigger& t, const Observation& o) const;
  bool phase_passed(const Trigger& t, const Observation& o) const;

  std::vector<Beat> beats_;
  int next_ = 0;
  int awaiting_ = -1;
  bool have_last_ = false;
  Observation last_;     // the previous update (for phases passed between updates)
};

// A lesson run without a UI: a Trainer (a GameRun for a [game] lesson), the lesson's script, and its actions
// applied (set, reset; questions answered by `answer_with`, by default the right
// answer; pause ignored). Used by `ganstep run --beats` and the tests; the
// player may use it too or drive BeatEvaluator itself.
class LessonRun {
 public:
  struct Fired {
    int beat = 0;
    std::int64_t iteration = 0;  // the run's iteration() when it fired
    std::int64_t phases_done = 0;
    Phase next_phase = Phase::SampleNoiseD;
  };

  explicit LessonRun(const Lesson& lesson, std::optional<std::uint64_t> seed = std::nullopt);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const Trainer& trainer() const { return *trainer_; }
  // A [game] lesson's run (null otherwise); step_phase() then steps one game iteration.
  const GameRun* game() const { return game_.get(); }
  const GameConfig& game_settings() const { return game_settings_; }  // [game] + every set so far
  std::int64_t iteration() const { return game_ ? game_->iteration() : trainer_->iteration(); }
  const BeatEvaluator& script() const { return script_; }
  const GanConfig& settings() const { return settings_; }  // the lesson's config + every set so far
  const std::vector<Fired>& fired() const { return fired_; }
  int resets() const { return resets_; }

  // Called for each beat as it fires (before its actions are applied).
  std::function<void(const Fired&)> on_fire;
  // Picks an answer for a beat's question; default: the right one.
  std::function<int(const Beat&)> answer_with;

  // Evaluates the script before the first step ("load" beats fire). The
  // stepping functions call it when it has not been called.
  void start();
  // Steps one phase, then evaluates the script. False when the run diverged.
  bool step_phase();
  // Runs n iterations phase by phase (triggers fire at the exact phase).
  bool run_iterations(std::int64_t n);
  // Runs until the script finishes or the run reaches max_iterations of the current run.
  bool run_until_done(std::int64_t max_iterations);

 private:
  void evaluate();
  void apply(int beat);

  Lesson lesson_;
  std::optional<std::uint64_t> seed_;
  GanConfig settings_;
  std::unique_ptr<Trainer> trainer_;
  GameConfig game_settings_;
  std::unique_ptr<GameRun> game_;
  Observation observation() const;
  BeatEvaluator script_;
  std::vector<Fired> fired_;
  std::string error_;
  std::int64_t last_div_iteration_ = -1;
  Divergences last_div_;
  int resets_ = 0;
  bool started_ = false;
};

}  // namespace ganstep::lessons
