// The run an image lesson shows (lesson 8, DCGAN on MNIST): an ImageTrainer
// (engine/gan/image_trainer.h) stepped a D-step or a G-step at a time, its
// snapshots for exact step-back, the per-iteration history the charts draw,
// and the lesson's script. No ImGui: unit tested in tests/player.
//
// Position: iteration() completed iterations plus dstep() D-steps of the next
// one (0..k); after k D-steps the next update is the G-step, which completes
// the iteration. Snapshots (checkpoint_bytes) are taken at iteration
// boundaries every snapshot_every iterations; going back restores the latest
// snapshot at or before the target and replays, which is exact because the
// trainer is deterministic. At most max_snapshots are kept: when full, every
// other one is dropped (the first always stays) and the interval doubles.
// A replay of d iterations also leaves up to kRecent snapshots spread over
// the d (the ones farthest from the target go first), so stepping back one
// iteration at a time replays about d / kRecent iterations a step, not d.
//
// A checkpoint (load_checkpoint) replaces the run: the history before it is
// unknown, and the timeline starts at its iteration. A bad checkpoint changes
// nothing. Beats fire as the run moves forward (never on the way back); a
// beat's `set` or `reset` restarts the run with the settings so far.
//   images: (N, C*H*W) in [-1, 1]
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/gan/image_trainer.h"
#include "lessons/format/beats.h"
#include "lessons/format/lesson.h"
#include "lessons/player/session.h"  // HistoryPoint

namespace ganstep::ui {

class ImageSession {
 public:
  // Loads an image lesson ([data] images): reads its data set (data_dir, when
  // set, replaces the data set's folder, like `ganstep run --data`). On
  // failure the session is unchanged and error names the file or the problem.
  bool load(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed, std::string& error);
  bool loaded() const { return trainer_ != nullptr; }
  std::string data_dir;

  const lessons::Lesson& lesson() const { return lesson_; }
  const GanConfig& config() const { return trainer_->config(); }
  ImageTrainer& trainer() { return *trainer_; }
  const ImageTrainer& trainer() const { return *trainer_; }
  std::shared_ptr<const LabeledImages> data() const { return data_; }

  std::int64_t iteration() const { return loaded() ? trainer_->iteration() : 0; }
  int dstep() const { return dstep_; }                     // D-steps done in the current iteration
  bool next_is_g() const { return loaded() && dstep_ >= config().k; }
  std::int64_t updates_done() const;                       // D- and G-steps since iteration 0
  std::int64_t first_iteration() const { return base_; }   // 0, or a loaded checkpoint's iteration
  std::int64_t furthest_iteration() const { return furthest_; }
  std::int64_t run_length() const { return lesson_.iterations; }

  // Forward: n D- or G-steps (whichever comes next), n whole iterations (from
  // mid-iteration: the rest of this one first). False once the run diverged.
  bool step_updates(std::int64_t n);
  bool step_iterations(std::int64_t n);
  // Back n iterations (from mid-iteration: to this iteration's start first), n updates.
  bool back_iterations(std::int64_t n);
  bool back_updates(std::int64_t n);
  // To the start of iteration it (clamped to first_iteration()); beyond the
  // furthest point reached: forward steps.
  bool seek(std::int64_t it);
  bool seek_update(std::int64_t updates);  // to a position counted in updates
  // Starts over from iteration 0 with the current settings.
  void reset();
  // A [training]/[noise] key (engine/gan/config.h): restarts the run with it.
  // "" or an error (nothing changed).
  std::string set(const std::string& key, const std::string& value);
  // Continues from a checkpoint of this lesson (engine/io/checkpoint.h). "" or
  // the error "NAME: ..." (the run is unchanged).
  std::string load_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name);
  const std::string& error() const { return error_; }
  std::string state_hash_hex() { return trainer_->state_hash_hex(); }

  // history()[i]: the statistics at the end of iteration i + 1 (NaN where unknown).
  const std::vector<HistoryPoint>& history() const { return history_; }
  std::size_t visible_history() const;

  // Snapshots (for tests and the status line).
  int snapshot_every = 25;
  int max_snapshots = 16;
  static constexpr int kRecent = 6;
  std::size_t snapshot_count() const { return snapshots_.size(); }
  std::size_t recent_count() const { return recent_.size(); }
  std::int64_t replayed_updates() const { return replayed_; }  // updates replayed by back and seek so far
  int snapshot_interval() const { return interval_; }
  std::size_t snapshot_bytes() const;

  // The script: beats fired so far (in order), a question waiting, pause requests.
  const lessons::BeatEvaluator& script() const { return script_; }
  const std::vector<int>& fired() const { return fired_; }
  bool answer(int choice);
  int answered_choice(int beat) const;  // -1 when not answered
  bool take_pause_request();            // true once after a beat with pause = true fired

  // Changes whenever the state does (step, seek, restart, checkpoint, beats).
  std::uint64_t version() const { return version_; }

 private:
  bool rebuild(const GanConfig& config, std::string& error);  // a fresh trainer at iteration 0
  void start(std::unique_ptr<ImageTrainer> t);  // positions, snapshots and history from t
  bool one_update();      // the next D- or G-step, recorded
  void record();          // history and snapshot after an iteration completed
  bool restore(std::int64_t it);  // the latest snapshot at or before it
  const std::pair<const std::int64_t, std::vector<std::uint8_t>>* nearest(std::int64_t it) const;
  void thin();
  void evaluate();
  void apply(int beat);
  lessons::Observation observation() const;

  lessons::Lesson lesson_;
  std::shared_ptr<const LabeledImages> data_;
  std::string data_key_;   // what data_ was loaded from
  std::unique_ptr<ImageTrainer> trainer_;
  int dstep_ = 0;
  bool has_d_ = false, has_g_ = false;  // stats hold a D-step / G-step
  std::int64_t base_ = 0, furthest_ = 0;
  int interval_ = 25;
  std::map<std::int64_t, std::vector<std::uint8_t>> snapshots_;
  std::map<std::int64_t, std::vector<std::uint8_t>> recent_;  // left by replays (kRecent at most)
  std::int64_t replayed_ = 0;
  std::vector<HistoryPoint> history_;
  lessons::BeatEvaluator script_;
  std::vector<int> fired_;
  std::vector<std::pair<int, int>> answers_;  // (beat, choice)
  bool pause_request_ = false;
  std::string error_;
  std::uint64_t version_ = 1;
};

}  // namespace ganstep::ui
