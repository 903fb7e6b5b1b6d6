// An image lesson (lesson 8, DCGAN on MNIST) as a Run: the Algorithm 1
// Trainer (engine/gan/trainer.h) on images, stepped one phase at a time like a
// point run. A saved state between two updates (where the Session takes its
// snapshots: iteration starts) is the checkpoint's bytes
// (engine/gan/image_checkpoint.h) plus what a checkpoint leaves out: the
// position in the iteration, the phase count and the last statistics, so a
// replay observes exactly what the first pass did; elsewhere it is a copy of
// the whole trainer (minibatch and layer caches included).
//   images: (N, C*H*W) in [-1, 1]
#pragma once

#include <memory>

#include "engine/gan/trainer.h"
#include "lessons/run/point_run.h"  // observe(), history_point() of a Trainer
#include "lessons/run/run.h"

namespace ganstep::run {

class ImageRun final : public Run {
 public:
  // On a bad spec or config, error() says why.
  ImageRun(const ImageGanSpec& spec, const GanConfig& config, std::shared_ptr<const LabeledImages> data,
           std::string lesson_id);

  Trainer& trainer() { return *trainer_; }
  const Trainer& trainer() const { return *trainer_; }
  std::shared_ptr<const LabeledImages> data() const { return data_; }
  int dstep() const { return trainer_->dstep(); }  // D-steps done in the current iteration
  bool next_is_g() const { return trainer_->dstep() >= trainer_->config().k; }
  // A run of this lesson continued from a checkpoint's bytes (for
  // Session::replace_run), or nullptr and error = "NAME: ...".
  std::unique_ptr<ImageRun> from_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                            std::string& error) const;

  // The config after settings (every change restarts an image run; data and
  // layers are the lesson file's). "" or an error.
  static std::string next_config(const GanConfig& now, const std::vector<lessons::Setting>& settings, GanConfig& next);

  RunKind kind() const override { return RunKind::Image; }
  std::int64_t iteration() const override { return trainer_->iteration(); }
  bool at_iteration_start() const override { return run::at_iteration_start(*trainer_); }
  bool at_update_end() const override { return run::at_update_end(*trainer_); }
  bool step_unit() override { return trainer_->step_phase(); }
  std::string error() const override { return trainer_->error(); }
  lessons::Observation observe() const override { return run::observe(*trainer_); }
  HistoryPoint history_point() const override { return run::history_point(*trainer_); }
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  std::size_t snapshot_budget() const override { return 16; }  // a few MB each
  std::string state_hash_hex() const override { return trainer_->state_hash_hex(); }

 private:
  std::string rebuild(const GanConfig& config);  // a fresh trainer at iteration 0

  ImageGanSpec spec_;
  std::shared_ptr<const LabeledImages> data_;
  std::string lesson_id_;
  std::unique_ptr<Trainer> trainer_;
};

}  // namespace ganstep::run
