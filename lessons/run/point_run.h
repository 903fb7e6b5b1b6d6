// The point GAN (1-D and 2-D lessons) as a Run: a Trainer stepped one phase
// of Algorithm 1 at a time. A Trainer is a value, so a saved state is a copy.
// A lesson's [training] compare entries add runs from the same seed with
// other settings on top; they step together with the main run: each time the
// main run completes an iteration, each compared run runs whole iterations
// until it has as many (so k may differ). Beats, the step machine's panels
// and the state hash follow the main run; a diverged comparison just stops.
#pragma once

#include <string>
#include <vector>

#include "engine/gan/trainer.h"
#include "lessons/run/run.h"

namespace ganstep::run {

// What a Trainer (point or image run) shows a Session: what beats see
// (everything but the divergences), the chart values at an iteration's end,
// and where it stands.
lessons::Observation observe(const Trainer& t);
HistoryPoint history_point(const Trainer& t);
HistoryPoint history_point(const StepStats& s);
inline bool at_iteration_start(const Trainer& t) { return t.phase() == Phase::SampleNoiseD && t.dstep() == 0; }
// The phase after an update: the next D-step's or the G-step's noise, or a new iteration.
inline bool at_update_end(const Trainer& t) { return t.phases_done() > 0 && t.at_step_boundary(); }

class PointRun final : public Run {
 public:
  // On a bad config, error() says why. compare: the lesson's entries (validated with it).
  explicit PointRun(const GanConfig& config, std::vector<std::string> compare = {});

  const Trainer& trainer() const { return trainer_; }
  // compared()[i] runs the main run's settings with compare_entries()[i] on top.
  const std::vector<Trainer>& compared() const { return compared_; }
  const std::vector<std::string>& compare_entries() const { return compare_; }

  RunKind kind() const override { return RunKind::Point; }
  std::int64_t iteration() const override { return trainer_.iteration(); }
  bool at_iteration_start() const override { return run::at_iteration_start(trainer_); }
  bool at_update_end() const override { return run::at_update_end(trainer_); }
  bool step_unit() override;
  std::string error() const override { return trainer_.ok() ? compare_error_ : trainer_.error(); }
  lessons::Observation observe() const override;
  bool measure(lessons::Observation& o) const override;
  int mode_count() const override;
  HistoryPoint history_point() const override;
  void measure_history(HistoryPoint& h) const override;
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  // As many saved states (every run's trainer) as fit in memory_limit() besides the runs (128 at most, 2 at least).
  std::size_t snapshot_budget() const override;
  std::string state_hash_hex() const override { return trainer_.state_hash_hex(); }

 private:
  // The compared runs from the main run's (next) config, at iteration 0.
  std::string rebuild_compared(const GanConfig& main);

  Trainer trainer_;
  std::vector<std::string> compare_;
  std::vector<Trainer> compared_;
  std::string compare_error_;  // a compare entry that does not fit the main run's settings
};

}  // namespace ganstep::run
