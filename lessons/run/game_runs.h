// A [game] lesson (saddle points) as a Run: the main GameRun
// (engine/game/game_run.h) and the runs it is compared with (the lesson's
// [game] compare entries, from the same start), stepped together one
// iteration at a time. A diverged comparison just stops; the main run's
// failure is the Run's. A GameRun is a value, so a saved state is a copy.
#pragma once

#include <vector>

#include "engine/game/game_run.h"
#include "lessons/format/lesson.h"
#include "lessons/run/run.h"

namespace ganstep::run {

class GameRuns final : public Run {
 public:
  // config: the lesson's [game] settings (seed applied); compare: its entries.
  GameRuns(const GameConfig& config, std::vector<std::string> compare);

  const GameConfig& settings() const { return settings_; }  // [game] + every change so far
  // runs()[0] is the main run, then one per compare entry.
  const std::vector<GameRun>& runs() const { return runs_; }
  const GameRun& main() const { return runs_.front(); }

  RunKind kind() const override { return RunKind::Game; }
  std::int64_t iteration() const override { return main().iteration(); }
  bool at_iteration_start() const override { return true; }
  bool at_update_end() const override { return true; }
  bool step_unit() override;
  std::string error() const override { return main().error(); }
  lessons::Observation observe() const override;
  HistoryPoint history_point() const override { return HistoryPoint{}; }
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  int snapshot_every() const override { return 64; }
  std::string state_hash_hex() const override { return main().state_hash_hex(); }

 private:
  void rebuild();  // every run from settings_ at iteration 0

  GameConfig settings_;
  std::vector<std::string> compare_;
  std::vector<GameRun> runs_;
};

}  // namespace ganstep::run
