// The lesson's script: which beats fire, given what the run shows. A value
// (copying it is a snapshot of the narration); lessons/run/session.h drives it
// after every unit the run passes through. No UI.
//
// The script is sequential. Beat i's trigger is watched only after beat i-1
// has fired, and, when beat i-1 asks a question, after it is answered; a
// question's `next` may name another beat to watch after an answer (a branch:
// the beats in between are skipped; a beat branched back to fires again). Several beats may fire in one update (e.g. a "load" beat
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
//                             (see needs_divergences).
//
// The script only moves forward; the Session (session.h) snapshots it with the
// run, so stepping back, seeking and Reset restore it exactly.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/gan/trainer.h"  // Phase, StepStats
#include "lessons/format/beat_text.h"
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
  // Divergences (engine/gan/metrics.h), NaN when not measured: see needs_divergences.
  double js = std::numeric_limits<double>::quiet_NaN();
  double kl_data_g = std::numeric_limits<double>::quiet_NaN();
  double kl_g_data = std::numeric_limits<double>::quiet_NaN();
  // Mode coverage (engine/gan/metrics.h, ModeCoverage), measured with the divergences.
  double modes = std::numeric_limits<double>::quiet_NaN();
  double hq = std::numeric_limits<double>::quiet_NaN();
  // A [game] lesson's distance to the equilibrium (NaN for a GAN run).
  double distance = std::numeric_limits<double>::quiet_NaN();
  // A point lesson's compared runs ([training] compare), in order: their
  // statistics, and their divergences when this one's were measured.
  std::vector<Observation> compared;
};

// The value of a metric in an observation, or nullopt when not available yet.
std::optional<double> metric_value(Metric m, const Observation& o);
// Every metric and the iteration of an observation: what a beat's text and
// claims show when it fires (beat_text.h).
LiveValues live_values(const Observation& o);

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
  bool finished() const { return next_ >= static_cast<int>(beats_->size()); }
  // A fired beat's question is waiting for answer(); later beats wait too.
  bool awaiting_answer() const { return awaiting_ >= 0; }
  int question_beat() const { return awaiting_; }
  // Records the student's answer; true when right. Unblocks the script either
  // way; when the question's `next` names a beat for this answer, that beat
  // is the next one watched (lesson.h, next_beat).
  bool answer(const Answer& a);
  bool answer(int choice) { return answer(Answer{choice, ""}); }

  // The current trigger watches js, kl_data_g or kl_g_data: put a measurement
  // (measure_divergences) in the observations, e.g. every 10 iterations.
  // (Not before the trigger's `after` iteration: it cannot fire there.)
  bool needs_divergences(std::int64_t iteration) const;
  // The current trigger is an at_phase one: step phase by phase to stop on it exactly.
  bool needs_phase_steps() const;

  const std::vector<Beat>& beats() const { return *beats_; }

 private:
  bool fires(const Trigger& t, const Observation& o) const;
  bool phase_passed(const Trigger& t, const Observation& o) const;

  std::shared_ptr<const std::vector<Beat>> beats_ = std::make_shared<std::vector<Beat>>();
  int next_ = 0;
  int awaiting_ = -1;
  bool have_last_ = false;
  Observation last_;     // the previous update (for phases passed between updates)
};

}  // namespace ganstep::lessons
