// A lesson's Run that lives elsewhere (executor.h: a thread, the page's Web
// Worker): an image run's trainer, or a [latent] lesson's LatentRun or
// DetectRun. The Session on the UI thread stays authoritative for the
// timeline and the script; every Run call becomes one command, in order:
//   step_unit    the next unit's report (asked for before: request_units,
//                a whole move at once when the executor runs ahead):
//                iteration, phase, statistics, error, the state hash at
//                update ends (between two it is the last one's): what
//                observe(), history_point() and state_hash_hex() give
//   cancel_units the units asked for and not taken are dropped; the run
//                there goes back to exactly where this side stands
//   set          checked here at once (the same rules as ImageRun, a probe
//                trainer for a restart; a [latent] run's latent_next_spec
//                with the facts of its models, kept from the first view
//                that came: until then a setting they decide is refused),
//                then applied there
//   save         a RunState holding a token and this side's counters; the
//                executor keeps the state after the last report taken
//                ("save token at"); its destructor posts "drop token";
//                restore posts "restore token"
//   views        what the image panels draw (compute_image_views), streamed
//                back; shown once this side has taken the unit they follow;
//                a [latent] run's view (latent_view.h) comes with each unit's
//                report and with the state reports after open, set, restore
//   score_digit  a detect run's verdict on a digit, computed there
// A detect run may also have a helper (use_helper: a second executor, the
// page's second worker): the same run opened there scores whole batches
// from the last one down (executor.h: ScoreAhead), each handed to the
// executor as it comes (TakeAhead), while the run there scores from the
// first; they meet in the middle. The reports and hashes are the same.
// The same units from the same state give the same bits there as here: the
// hashes equal the direct runs' (and the CLI's).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "lessons/run/executor.h"
#include "lessons/run/latent_view.h"
#include "lessons/run/run.h"

namespace ganstep::run {

class RemoteRun final : public Run {
 public:
  // Opens the lesson's image run (config: the lesson's with the seed and
  // overrides) on the executor. On a bad spec or config, error() says why.
  RemoteRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson, const GanConfig& config,
                 std::shared_ptr<const LabeledImages> data, std::string data_dir);
  // Opens a [latent] lesson's run (spec: the lesson's with the seed) there;
  // its models load there (from_scratch: G trains there first). Its state,
  // or why it failed, comes back as a report before its first unit.
  RemoteRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson, const lessons::LatentSpec& spec,
            std::string data_dir, bool from_scratch = false);
  // A detect run's helper: the lesson opened there too, then asked for batches ahead (see above).
  void use_helper(std::shared_ptr<Executor> helper);
  // Takes the helper's replies and asks it for the next batch (unit_ready does too; the player
  // calls it when a reply came while nothing moves).
  void pump_helper();
  std::int64_t helper_batches() const { return helper_batches_; }  // scored there so far
  // A run of this lesson continued from a checkpoint's bytes (checked here
  // first), or nullptr and error = "NAME: ...".
  std::unique_ptr<RemoteRun> from_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                                  std::string& error) const;

  const GanConfig& config() const { return config_; }
  const ImageGanSpec& spec() const { return *lesson_.image; }
  std::shared_ptr<const LabeledImages> data() const { return data_; }
  Phase phase() const { return at_.phase; }
  int dstep() const { return at_.dstep; }
  bool next_is_g() const { return at_.dstep >= config_.k; }
  std::int64_t phases_done() const { return at_.phases_done; }
  const StepStats& stats() const { return at_.stats; }

  // The panels' images: asks for them (at most one request waits at a time);
  // take_views gives the newest that came (false: none since the last take).
  void request_views(ViewRequest request);
  bool views_pending() const { return views_asked_ || views_.has_value(); }
  bool take_views(ImageViews& out);

  RunKind kind() const override { return kind_; }
  std::int64_t iteration() const override { return at_.iteration; }
  bool at_iteration_start() const override {
    return kind_ == RunKind::Image ? at_.phase == Phase::SampleNoiseD && at_.dstep == 0 : at_.iteration_start;
  }
  bool at_update_end() const override {
    if (kind_ != RunKind::Image) return at_.update_end;
    return at_.phases_done > 0 && (at_.phase == Phase::SampleNoiseD || at_.phase == Phase::SampleNoiseG);
  }
  // A [latent] run's state has not come back yet (after open, set, restore).
  bool state_pending() const { return state_pending_; }
  bool step_unit() override;
  std::string error() const override { return at_.error; }
  bool unit_ready() override;
  void request_units(std::int64_t n) override;
  bool wait_unit(double ms) override;
  bool unit_outstanding() const override { return asked_ > 0; }
  void cancel_units() override;
  std::int64_t units_until(Until what, std::int64_t n) const override;
  lessons::Observation observe() const override;
  HistoryPoint history_point() const override;
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  std::size_t snapshot_budget() const override { return kind_ == RunKind::Image ? 16 : 64; }  // as the runs there
  int snapshot_every() const override { return kind_ == RunKind::Detect ? 1 : 25; }
  std::string state_hash_hex() const override { return hash_; }
  const LatentView* latent_view() const override { return has_view_ && kind_ == RunKind::Latent ? &latent_ : nullptr; }
  const DetectView* detect_view() const override { return has_view_ && kind_ == RunKind::Detect ? &detect_ : nullptr; }
  void score_digit(std::uint64_t id, const std::vector<float>& pixels) override;
  bool take_verdict(DigitVerdict& out) override;

 private:
  RemoteRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson, const GanConfig& config,
                 std::shared_ptr<const LabeledImages> data, std::string data_dir, Trainer& start,
                 const std::vector<std::uint8_t>& checkpoint, const std::string& name);
  void open(Trainer& start, const std::vector<std::uint8_t>& checkpoint, const std::string& name);
  void take(const Message& reply);  // a reply: a unit's report, or views
  void new_epoch();                 // the units asked for and the views on their way are void
  void mirror(const UnitReport& u); // a [latent] run's report: its view

  std::shared_ptr<Executor> executor_;
  lessons::Lesson lesson_;
  GanConfig config_;
  std::shared_ptr<const LabeledImages> data_;
  std::string data_dir_;
  std::uint64_t serial_ = 0;    // this run's commands and replies
  UnitReport at_;               // where the run stands (error: "" or why it failed)
  std::string hash_;            // at the last iteration start
  std::uint64_t epoch_ = 0;     // of the units asked for (replies of an older one are ignored)
  std::int64_t taken_ = 0;      // the last report taken (its serial)
  std::int64_t asked_ = 0;      // units asked for and not taken
  std::deque<UnitReport> ready_;  // came, not taken by step_unit
  std::size_t state_bytes_ = 0;  // what a saved state holds there (about: a checkpoint's tensors)
  bool views_asked_ = false;
  std::optional<ImageViews> views_;
  std::optional<ImageViews> dis_views_;  // a disentanglement measure's own reply (ImageViews::dis_only)
  RunKind kind_ = RunKind::Image;
  lessons::LatentSpec spec_;    // a [latent] run's, as this side last set it
  bool state_pending_ = false;  // a [latent] run's state report is on its way
  bool has_view_ = false;
  LatentFacts facts_;           // the models' (from the first view that came): what set() checks
  LatentView latent_;
  DetectView detect_;
  std::optional<DigitVerdict> verdict_;
  void ask_helper(std::int64_t batch);  // ScoreAhead(batch) if this run is not there yet
  std::shared_ptr<Executor> helper_;
  bool helper_ready_ = false;   // its state report came (after open or set): batches may be asked for
  std::int64_t helper_batches_ = 0;
};

}  // namespace ganstep::run
