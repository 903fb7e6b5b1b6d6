// The point GAN (1-D and 2-D lessons) as a Run: a Trainer stepped one phase
// of Algorithm 1 at a time. A Trainer is a value, so a saved state is a copy.
#pragma once

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
  // On a bad config, error() says why.
  explicit PointRun(const GanConfig& config) : trainer_(config) {}

  const Trainer& trainer() const { return trainer_; }

  RunKind kind() const override { return RunKind::Point; }
  std::int64_t iteration() const override { return trainer_.iteration(); }
  bool at_iteration_start() const override { return run::at_iteration_start(trainer_); }
  bool at_update_end() const override { return run::at_update_end(trainer_); }
  bool step_unit() override { return trainer_.step_phase(); }
  std::string error() const override { return trainer_.error(); }
  lessons::Observation observe() const override { return run::observe(trainer_); }
  bool measure(lessons::Observation& o) const override;
  int mode_count() const override;
  HistoryPoint history_point() const override { return run::history_point(trainer_); }
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  // As many whole trainers as fit in memory_limit() besides the run (128 at most, 2 at least).
  std::size_t snapshot_budget() const override;
  std::string state_hash_hex() const override { return trainer_.state_hash_hex(); }

 private:
  Trainer trainer_;
};

}  // namespace ganstep::run
