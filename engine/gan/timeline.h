// Exact stepping back: snapshots every N iterations plus deterministic replay.
//
// All forward stepping of a run goes through the Timeline so that it records
// snapshots (at iteration boundaries) and retunes (hyperparameter changes,
// with the phase count at which they happened). Seeking restores the nearest
// earlier snapshot and replays, re-applying the recorded retunes, so the state
// reached is bit-identical to the one first computed. A new retune made after
// seeking back drops the recorded future (like an edit after undo).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/gan/trainer.h"

namespace ganstep {

class Timeline {
 public:
  // Snapshots every snapshot_every iterations; when more than max_snapshots
  // are held, every other one is dropped and the interval doubles (a Trainer
  // copy holds the minibatch and layer caches too: ~1 MB for the 2-D lessons).
  // Fewer are kept when max_snapshots copies would not fit in memory_limit()
  // (engine/gan/resources.h), never fewer than 2.
  explicit Timeline(const Trainer& start, int snapshot_every = 25, std::size_t max_snapshots = 128);

  const Trainer& current() const { return current_; }

  bool step_phase();
  bool step_update();
  bool step_iteration();
  bool step_iterations(std::int64_t n);
  std::string retune(const std::string& key, const std::string& value);

  // Moves to exactly `phases_done` phases from the start (forward or back).
  bool seek_phase(std::int64_t phases_done);
  // Moves to the start of iteration `it` (phase SampleNoiseD, no D-step done).
  bool seek_iteration(std::int64_t it);
  // Back n iterations from the current one, to the same phase within the iteration
  // when k has not changed (else to that iteration's start).
  bool back_iterations(std::int64_t n);
  // Back n phases.
  bool back_phases(std::int64_t n) { return seek_phase(current_.phases_done() - n); }

  std::int64_t furthest_iteration() const { return furthest_; }
  std::size_t snapshot_count() const { return snaps_.size(); }
  std::size_t max_snapshots() const { return max_snaps_; }
  int snapshot_every() const { return every_; }

 private:
  struct Retune {
    std::int64_t at;  // phases_done when it was made
    std::string key, value;
  };
  bool advance();  // one phase, applying recorded retunes and taking snapshots
  void restore_before(std::int64_t phases_done);
  void thin();

  Trainer current_;
  int every_;
  std::size_t wanted_snaps_;  // max_snapshots as asked
  std::size_t max_snaps_;     // as many of them as fit in memory
  std::map<std::int64_t, Trainer> snaps_;  // by phases_done, at iteration starts
  std::vector<Retune> retunes_;
  std::int64_t furthest_ = 0;
};

}  // namespace ganstep
