// A [latent] lesson with detect > 0 (detect-fakes) as a Run: scores N
// held-out real digits and N fakes of each G (the lesson's generator, the G
// the detector inverts; the other_generator's, when named; the generator
// lesson's trained with other_seed, when not 0) with the three
// detectors of engine/gan/detect.h. One iteration scores the next `batch`
// digits of every group side by side, in units of kUpdatesPerUnit
// re-synthesis updates (so the page draws between them); after
// ceil(N / batch) iterations every digit is scored, and the ROC curves and
// AUCs (engine/gan/roc.h) are final. A saved state is the scores so far and
// the current batch's search.
// Batches scored ahead: in the page a second worker scores the last batches
// while this run scores the first (RemoteRun's helper): score_ahead computes
// a batch there, take_ahead hands it here, and when this run reaches it, its
// units go by from the recorded codes without a search. Every unit, hash,
// saved state and score is the same as without (a saved state inside such a
// batch holds its unit count; restored without the batch, the search runs
// again to there).
//   groups: real (test digits 0..N-1), same (G(z)), other (G_other(z)),
//   seed (G_other_seed(z)); z ~ N(0, I) from Rng(seed, kFakeStream + group).
#pragma once

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/gan/detect.h"
#include "lessons/run/latent_run.h"

namespace ganstep::run {

// The detectors' settings of a spec (lr, weights, seed, updates).
DetectConfig detect_config(const lessons::LatentSpec& spec);

// Scores digits x (B, 784) with the models' G, D, classifier and encoder. "" or an error.
std::string score_with(const LatentModels& m, const lessons::LatentSpec& spec, const Tensor2& x,
                       std::vector<DigitScore>& out, Tensor2* recon = nullptr);

class DetectRun final : public Run {
 public:
  static constexpr std::uint64_t kFakeStream = 0xfa4e;
  static constexpr int kUpdatesPerUnit = 10;

  DetectRun(std::shared_ptr<LatentModels> models, const lessons::LatentSpec& spec);

  const lessons::LatentSpec& spec() const { return spec_; }
  const LatentModels& models() const { return *models_; }
  bool has_group(DigitGroup g) const { return view_.has_group(g); }
  // The scores so far, in order (digit i of the group is row i of images()).
  const std::vector<DigitScore>& scores(DigitGroup g) const { return view_.scores[std::size_t(g)]; }
  // The group's digits, (N, 784) (Other, Seed: empty without other_generator, other_seed).
  const Tensor2& images(DigitGroup g) const { return images_[std::size_t(g)]; }
  // The last iteration's digits and their re-synthesis, groups in order (k rows each).
  const Tensor2& last_digits() const { return last_x_; }
  const Tensor2& last_recon() const { return last_recon_; }
  // A detector's ROC over the real digits and a fake group's, scored so far.
  RocCurve roc(Detector d, DigitGroup fakes) const;
  bool done() const;

  RunKind kind() const override { return RunKind::Detect; }
  std::int64_t iteration() const override { return iteration_; }
  bool at_iteration_start() const override { return !scorer_ && ahead_units_ == 0; }
  bool at_update_end() const override { return true; }
  bool step_unit() override;
  std::int64_t units_until(Until what, std::int64_t n) const override;
  std::string error() const override { return error_; }
  lessons::Observation observe() const override;
  HistoryPoint history_point() const override;
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  std::size_t snapshot_budget() const override { return 64; }
  int snapshot_every() const override { return 1; }
  std::string state_hash_hex() const override;
  const DetectView* detect_view() const override { return error_.empty() ? &view_ : nullptr; }
  void score_digit(std::uint64_t id, const std::vector<float>& pixels) override;
  bool take_verdict(DigitVerdict& out) override;

  // What decides a batch's scores (the spec): a batch scored ahead under another key is not taken.
  std::string batch_key() const;
  std::int64_t batches() const;  // iterations until every digit is scored
  // Scores iteration `batch` at once, as step_unit would (the helper's side). The error says why not.
  ScoredBatch score_ahead(std::int64_t batch);
  // A batch scored ahead (kept if it is of this key and not scored yet; an error is dropped).
  void take_ahead(ScoredBatch b);
  std::int64_t taken_ahead() const { return taken_ahead_; }  // batches gone through from one

 private:
  std::string rebuild(const lessons::LatentSpec& spec);  // the digits of every group, no scores
  std::vector<int> groups() const;                  // the groups scored (those with digits)
  std::size_t batch_k(std::size_t from) const;      // digits per group in the batch from digit `from` on
  // The digits of the batch from digit `from` on: its groups and rows per group, in x.
  void batch_input(std::size_t from, std::vector<int>& groups, std::size_t& k, Tensor2& x) const;
  std::unique_ptr<DigitScorer> make_scorer(const Tensor2& x, std::string& error);
  std::string begin_batch();  // the scorer of the next batch
  bool end_batch(const std::vector<DigitScore>& got);  // its scores kept (false: not finite)
  int units_per_batch() const;

  std::shared_ptr<LatentModels> models_;
  lessons::LatentSpec spec_;
  std::array<Tensor2, kDigitGroups> images_;
  DetectView view_;  // the scores so far
  std::optional<DigitVerdict> verdict_;  // score_digit's, not taken yet
  std::int64_t iteration_ = 0;
  Tensor2 last_x_, last_recon_;
  std::unique_ptr<DigitScorer> scorer_;  // the batch being scored (null at an iteration start)
  std::vector<int> batch_groups_;        // its groups, in order, batch_k_ digits each
  std::size_t batch_k_ = 0;
  Tensor2 batch_x_;
  std::map<std::int64_t, ScoredBatch> ahead_;  // batches scored elsewhere, by iteration (at most 256)
  int ahead_units_ = 0;  // > 0: the current batch goes by from ahead_, this many units so far
  std::int64_t taken_ahead_ = 0;
  std::string error_;
};

}  // namespace ganstep::run
