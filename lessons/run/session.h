// One lesson runtime: a lesson's Run (run.h: point GAN, image GAN or game),
// its timeline and its script. The player, `ganstep run --beats` and the page
// all drive this one Session. No ImGui: unit tested in tests/run.
//
// Position. The timeline counts units (a Run's smallest step) from the
// lesson's start: position(). iterations() counts the iterations the
// timeline completed, across restarts (a beat's reset, a setting that needs
// a new run), so it equals `--steps` and the page's step count; the run's own
// iteration() starts again at each restart.
//
// Narration is a function of the timeline. The script observes every unit the
// run passes through, however the timeline got there (steps of any size, +N,
// seeking, Reset), and a beat's set/reset takes effect at the unit it fires.
// What the student reads at a position (beats fired, the pending question,
// answers given, settings beats changed) is saved with each snapshot and
// replayed with the run, so stepping back, seeking and Reset restore it
// exactly. Divergences (js, kl_*) for triggers are measured at the start of
// every 10th iteration, whatever the stepping.
//
// Edits. An answer or a setting the user changes is recorded at the position
// where it was made, and replays apply it there. An edit drops the recorded
// future past its position (like an edit after undo). reset() starts the
// timeline over: the lesson's start, with the user's settings so far.
//
// Snapshots: a saved RunState + Narration at iteration starts, every
// snapshot_every() iterations (doubled, and every other one dropped, when more
// than the Run's snapshot_budget() are held); a replay also leaves up to
// kRecent snapshots spread over the units it replayed, so stepping back one
// unit at a time does not replay the whole interval each time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/gan/classifier.h"  // LabeledImages
#include "lessons/format/lesson.h"
#include "lessons/run/executor.h"
#include "lessons/run/latent_run.h"
#include "lessons/run/run.h"
#include "lessons/run/script.h"

namespace ganstep::run {

// A beat that fired: where, and the metric value that fired it (NaN otherwise).
struct FiredBeat {
  int beat = 0;
  std::int64_t position = 0;    // timeline units when it fired
  std::int64_t iterations = 0;  // timeline iterations when it fired
  std::int64_t iteration = 0;   // the run's completed iterations
  Phase next_phase = Phase::SampleNoiseD;
  double value = std::numeric_limits<double>::quiet_NaN();
  // Every value its text and claims may show, taken when it fired (js and
  // kl_* measured then): the text stays as it was then.
  lessons::LiveValues values;
};

// What the student reads at a position.
struct Narration {
  lessons::BeatEvaluator script;
  std::vector<FiredBeat> fired;  // in order
  std::vector<lessons::Answer> answers;  // per beat: the answer given (none: !given())
  lessons::PanelOptions view;    // the panels' options: the lesson's, then as beats' set changed them
};

class Session {
 public:
  static constexpr int kRecent = 6;
  static constexpr int kDivergenceEvery = 10;  // iterations between js/kl measurements for triggers

  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Loads a lesson (its seed unless `seed`): its Run from the lesson's kind,
  // then the "load" beats. On failure the session is unchanged and error
  // says why. data_dir, when set, replaces an image lesson's data folder.
  bool load(const lessons::Lesson& lesson, std::optional<std::uint64_t> seed, std::string& error);
  std::string data_dir;
  // When set, image lessons train there (RemoteRun: a thread, the page's
  // worker); else on the caller's thread (ImageRun). Read whenever a run is
  // made (load, reset): a new one takes effect at the next reset.
  std::shared_ptr<Executor> executor;
  // With executor: a detect lesson's second executor (RemoteRun::use_helper:
  // the page's second worker, a second thread natively) scores batches ahead.
  std::shared_ptr<Executor> helper;
  // [latent] lessons: how their models load (train what is not cached, or
  // train G from scratch; notices and progress), and the models loaded.
  LatentLoadOptions latent_load;
  std::shared_ptr<LatentModels> latent_models() const { return latent_models_; }
  // Loads a lesson on a Run made by make (a new kind of run; Reset calls it again).
  using RunFactory = std::function<std::unique_ptr<Run>()>;
  bool load(const lessons::Lesson& lesson, RunFactory make, std::string& error);
  bool loaded() const { return run_ != nullptr; }
  const lessons::Lesson& lesson() const { return lesson_; }

  const Run& run() const { return *run_; }
  Run& run() { return *run_; }
  RunKind kind() const { return run_->kind(); }
  // The run as its kind (nullptr for another kind).
  template <class R>
  const R* as() const { return dynamic_cast<const R*>(run_.get()); }
  template <class R>
  R* as() { return dynamic_cast<R*>(run_.get()); }

  // ---- stepping (forward ones return false once the run failed: error())
  bool step_units(std::int64_t n);
  bool step_updates(std::int64_t n);     // to the end of the next n optimizer updates
  bool step_iterations(std::int64_t n);  // to the start of the n-th next iteration
  bool back_units(std::int64_t n) { return seek_position(position_ - n); }
  // Back n iterations, to an iteration's start (from mid-iteration, the
  // current iteration's start is the first).
  bool back_iterations(std::int64_t n);
  // To the start of timeline iteration `it`: within the recorded timeline by
  // snapshot + replay, beyond it by stepping.
  bool seek_iteration(std::int64_t it);
  bool seek_position(std::int64_t position);
  // The timeline over from the lesson's start, with the user's settings so far.
  void reset();

  // ---- moves that wait for units (a Run whose units come from elsewhere, run.h)
  // A move asks the run for all its units at once and takes them one at a
  // time (the script observes each), waiting up to unit_wait_ms for each
  // (the default: until it comes, so the CLI and tests see whole moves); the
  // player sets 0, and a move whose next unit has not come returns at once,
  // busy(): resume() goes on with it (the player each frame, the page when a
  // unit comes). A new move replaces a waiting one.
  double unit_wait_ms = 1e12;
  bool busy() const { return move_.kind != MoveKind::None; }
  bool resume(double wait_ms);
  // The waiting move ends where it is; the units asked for and not taken are
  // dropped (the run goes back exactly there).
  void stop();
  // The caller goes on with forward moves (the player while playing): the
  // run may compute up to an iteration past a move's end. Off: what was
  // computed past the current position is dropped (unless a move takes it).
  void keep_ahead(bool on);
  bool unit_outstanding() const { return loaded() && run_->unit_outstanding(); }

  // ---- edits
  // Settings from the user: live ones from here on, others restart the run
  // (*restarted). "" or an error (nothing changed).
  std::string set(const std::vector<lessons::Setting>& settings, bool* restarted = nullptr);
  std::string set(const std::string& key, const std::string& value, bool* restarted = nullptr) {
    return set(std::vector<lessons::Setting>{{key, value}}, restarted);
  }
  // The seed the lesson was opened with, when not its own.
  std::optional<std::uint64_t> seed() const { return seed_; }
  // Every setting the user changed, in order (what Reset keeps and Share carries).
  const std::vector<lessons::Setting>& user_settings() const { return user_settings_; }
  // Answers the pending question; true when right. False without one, or
  // when the answer does not fit the question (lessons::check_answer).
  bool answer(const lessons::Answer& a);
  bool answer(int choice) { return answer(lessons::Answer{choice, ""}); }
  // Replaces the run's state from outside (an image lesson's checkpoint): the
  // timeline starts over at that state. "" or an error (nothing changed).
  std::string replace_run(std::unique_ptr<Run> run);

  // ---- where the timeline is
  std::int64_t position() const { return position_; }
  std::int64_t furthest_position() const { return furthest_; }
  std::int64_t iterations() const { return iterations_; }
  std::int64_t furthest_iterations() const { return static_cast<std::int64_t>(starts_.size()) - 1; }
  const Narration& narration() const { return narration_; }
  const std::string& error() const { return error_; }
  // True once after a beat with pause or a question fired while stepping forward.
  bool take_pause_request();

  // history()[j]: the chart values at the end of timeline iteration j + 1.
  const std::vector<HistoryPoint>& history() const { return history_; }
  // The points the charts show: the current run's, up to the current iteration.
  std::size_t history_begin() const;
  std::size_t history_end() const;
  int js_every = 50;  // chart JS every this many iterations of the run (0: never)
  // False: beats fire and are recorded, but their set/reset do not act (the
  // lesson's own run, watched: `ganstep run --json` without --beats).
  bool follow_actions = true;

  // Changes whenever the state does (step, seek, edit, restart).
  std::uint64_t version() const { return version_; }
  std::size_t snapshot_count() const { return snaps_.size() + recent_.size(); }
  std::size_t recent_count() const { return recent_.size(); }
  std::size_t snapshot_budget() const { return budget_; }  // snapshots kept at most (recent ones: kRecent, within it)
  // Snapshot knobs (0: the Run's own), read when a lesson loads.
  int snapshot_every = 0;
  std::size_t max_snapshots = 0;
  std::size_t snapshot_bytes() const;
  std::int64_t replayed_units() const { return replayed_; }

 private:
  struct Snapshot {
    std::shared_ptr<const RunState> run;
    Narration narration;
    std::int64_t iterations = 0;
    std::int64_t segment = 0;
  };
  struct Edit {
    std::int64_t at = 0;
    std::vector<lessons::Setting> settings;  // a setting edit, or
    int beat = -1;                           // an answer to this beat's question
    lessons::Answer answer;
  };

  enum class MoveKind { None, Position, Updates, Iterations };
  struct Move {
    MoveKind kind = MoveKind::None;
    std::int64_t target = 0;          // Position: the position; Iterations: the timeline iteration ending the next one
    std::int64_t remaining = 0;       // Updates, Iterations: how many more
    std::int64_t then_iteration = -1; // then on to this timeline iteration (seek_iteration past the recorded end)
    std::int64_t replay_end = -1;     // units before this position are a replay
    std::int64_t replay_step = 1, replay_mark = 0;  // recent snapshots over the replay
  };

  bool start(std::unique_ptr<Run> run, std::string& error);  // a fresh timeline at position 0
  bool advance();               // one unit, with its beats, history, edits and snapshot
  void evaluate();              // the script at the current position
  void fire(int beat, const lessons::Observation& o);
  void apply_edits_here();      // the recorded edits at the current position
  void apply(const Edit& e);
  void restarted();             // the run restarted: a new segment from here
  void truncate_future();       // an edit here: the recorded future no longer holds
  void take_snapshot(std::map<std::int64_t, Snapshot>& into);
  void restore(const Snapshot& s, std::int64_t position);
  void thin();
  bool begin_replay(std::int64_t target);
  void replayed_unit();
  bool move_done();
  bool start_move(const Move& m);
  bool run_move(double wait_ms);
  std::int64_t units_left() const;  // what the move still needs (+ an iteration, keep_ahead)

  lessons::Lesson lesson_;
  RunFactory make_;
  std::optional<std::uint64_t> seed_;
  std::shared_ptr<const LabeledImages> data_;
  std::string data_key_;
  std::shared_ptr<LatentModels> latent_models_;
  std::string latent_key_;
  std::unique_ptr<Run> run_;
  Narration narration_;
  std::vector<Edit> edits_;                      // by position
  std::vector<lessons::Setting> user_settings_;  // every setting the user changed, in order
  std::map<std::int64_t, Snapshot> snaps_, recent_;
  int every_ = 25;
  std::size_t budget_ = 128;
  std::int64_t position_ = 0, furthest_ = 0, iterations_ = 0;
  std::int64_t segment_ = 0;                     // timeline iteration where the current run began
  std::vector<std::int64_t> starts_;             // starts_[j]: position where timeline iteration j began
  std::vector<HistoryPoint> history_;
  Move move_;
  bool replaying_ = false, pause_request_ = false, ahead_ = false;
  std::int64_t replayed_ = 0;
  std::string error_;
  std::uint64_t version_ = 1;
};

}  // namespace ganstep::run
