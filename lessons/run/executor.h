// Running a lesson's Run somewhere else: the one mechanism that takes heavy
// steps off the UI thread (a std::thread natively, a Web Worker in the page):
// the image runs (lesson 8, growing, style-mapping) and the [latent] ones
// (find-latent's LatentRun, detect-fakes' DetectRun).
//
//   main side                                  executor side
//   RemoteRun (remote_run.h)  --->  RunHost: the real Run (ImageRun,
//     every Run call is one command,            LatentRun, DetectRun) and the
//     in order                           <---  saved states by token
//                                               replies: a unit's report (with
//                                               a [latent] run's view), views
//
// Commands and replies are byte messages (the page's worker gets them as
// transferable ArrayBuffers), so the in-process executor that tests use runs
// exactly what the worker runs. Commands are handled in the order posted:
// the Session's snapshots, seeks and replays stay exact.
//
// Batches. "Step n" asks for the next n units at once: the host runs them one
// after another (between two, it reads the commands that came) and streams a
// report per unit, numbered (serial) within an epoch. The main side takes the
// reports in order, one unit at a time, so the Session sees each of them; the
// host may thus be ahead of it. Every command that needs the main side's exact
// state carries its position: Save(token, at) is the state after report `at`
// (the host keeps a saved state, an anchor, at each iteration start it passes
// and before a batch, and goes back to one and replays silently when `at` is
// not where it stands); Views replies say at which report they were computed
// (the main side shows them once it got there). Cancel(epoch, at) drops the
// units asked for and not taken and puts the host back exactly after report
// `at`; Set and Restore drop them too. Replies of an older epoch are ignored.
//
// A [latent] run has no probe on the main side (its models live with the
// host only): after Open, Set and Restore the host sends a report numbered 0,
// the run's state right there (its view, hash, error), which the main side
// waits for before its next unit. Score asks a detect run for a digit's
// verdict (Reply::Verdict).
//
// A detect run's helper. RemoteRun may open the same detect run on a second
// executor (the page's second worker) and ask it for whole batches from the
// last one down: ScoreAhead(batch) is scored there at once (Reply::Scored,
// DetectRun::score_ahead), and the main side hands each to its own host as
// TakeAhead (DetectRun::take_ahead). The main run then goes through those
// batches' units without searching: the same reports, hashes and states.
//
//   Executor           post a command, poll for replies
//   InProcessExecutor  handles each command as it is posted (tests, fallback)
//   ThreadExecutor     one std::thread (the native player)
//   (web/worker.cpp + web/main.cpp's WorkerExecutor: the page's Web Worker)
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/gan/disentangle.h"
#include "engine/gan/trainer.h"
#include "engine/io/bytes.h"
#include "lessons/format/lesson.h"
#include "lessons/run/latent_view.h"
#include "lessons/run/run.h"
#include "lessons/run/sample_quality.h"

namespace ganstep::run {

class ImageRun;
class Run;
struct RunState;
struct LatentModels;
using Message = std::vector<std::uint8_t>;

enum class Command : std::uint32_t { Open = 1, Step, Set, Save, Restore, Drop, Views, Cancel, Score, ScoreAhead, TakeAhead };
enum class Reply : std::uint32_t { Unit = 1, Views, Verdict, Scored };

// What the main side mirrors after each unit (a step command's reply).
struct UnitReport {
  std::uint64_t run = 0;  // the RemoteRun it belongs to
  std::uint64_t epoch = 0;   // of the units asked for (a cancel, set or restore starts a new one)
  std::int64_t serial = 0;   // the report's number in its epoch (1, 2, ...)
  bool ok = true;
  std::string error;
  std::int64_t iteration = 0, phases_done = 0;
  Phase phase = Phase::SampleNoiseD;
  int dstep = 0;
  StepStats stats;
  std::string state_hash;  // at step boundaries: iteration starts and update ends (else "")
  // A [latent] run's (an image run's come from its phase):
  bool iteration_start = true, update_end = false;
  std::int64_t to_iteration = 1, per_iteration = 1;  // units to the next iteration start, in one
  float latent = RunFigures::kNone;                   // its chart value (HistoryPoint::latent)
  Message view;                                       // its LatentView or DetectView (latent_view.h)
};

// Where a trainer stands (without the hash).
UnitReport unit_report(const Trainer& t);
// Where a [latent] run stands (with the hash and its view).
UnitReport latent_report(const Run& run);

// What the image panels draw, computed beside the run (no G or D forward on the UI thread).
struct ViewRequest {
  std::uint64_t id = 0;
  std::uint64_t real_pick = 1;  // which real images (Rng(real_pick, 11) over the data)
  Tensor2 z_line;               // (n, noise_dim): the latent walk's noise
  bool score = false;           // the classifier's view of the samples too
  // A style-based G (engine/gan/style_views.h) only:
  float psi = -1;               // truncation for the samples and the mixing grid (< 0: the run's setting)
  Tensor2 mix_a, mix_b;         // (na, noise_dim), (nb, noise_dim): the style-mixing sources (empty: no grid)
  std::uint32_t mix_from_b = 6; // the levels B gives (bit 0 coarse, 1 middle, 2 fine)
  // The disentanglement measures (engine/gan/disentangle.h, the CLI's figures:
  // seed = the run's) once the judge is ready: a second or so, so asked once per trained state.
  bool disentangle = false;
};
// The classes panel's judge as the panels see it (SampleQuality beside the run).
struct JudgeView {
  bool usable = false, ready = false, cached = false;
  double progress = 0;
  QualityReport real;     // the real digits' own histogram and confidence
  QualityReport samples;  // of the samples (count 0: not scored)
};
struct ImageViews {
  std::uint64_t run = 0, id = 0;
  std::uint64_t epoch = 0;
  std::int64_t serial = 0;       // computed after this report of its epoch
  Tensor2 samples;               // (64, C*H*W): G(fixed noise)
  Tensor2 real, real_prob;       // 8 real images and D(x)
  Tensor2 fake_prob;             // D(G(z)) of the first 8 samples
  Tensor2 line_images;           // G(z_line)
  Tensor2 mix_a, mix_b, mix;     // G(mix_a), G(mix_b) and the (na x nb) mixing grid, row-major
  JudgeView judge;
  // Asked for with disentangle: measured (codes: labels.size() > 0), or why not (judge not ready, no style layer).
  // The host measures it in slices between units (DisentangleJob): the views come at once, the measure
  // later in a reply of its own (dis_only, the request's id); dis_running: the request being measured (0: none).
  Disentanglement dis;
  std::string dis_note;
  bool dis_only = false;
  std::uint64_t dis_running = 0;
};
// The views of a run, computed where the run is (RunHost, or the player on a local ImageRun).
ImageViews compute_image_views(const Trainer& t, const ViewRequest& request);
constexpr int kViewRow = 8;  // images in D's rows

// ---- messages
// An image lesson: its exact config and, to continue, a checkpoint's bytes;
// a [latent] one: its spec (seed included) and from_scratch (train G now).
Message encode_open(std::uint64_t run, const lessons::Lesson& lesson, const GanConfig& config,
                    const std::string& data_dir, const std::vector<std::uint8_t>& checkpoint,
                    const std::string& checkpoint_name, bool from_scratch = false);
// The next n units; taken: the last report the main side took (older anchors can go).
Message encode_step(std::uint64_t run, std::int64_t n, std::int64_t taken);
Message encode_set(std::uint64_t run, const std::vector<lessons::Setting>& settings, bool force_restart,
                   std::uint64_t epoch);
// Save: the state after report `at`; Restore: from then on in epoch `at`; Drop (`at` unused).
Message encode_token(Command c, std::uint64_t run, std::uint64_t token, std::int64_t at = 0);
Message encode_cancel(std::uint64_t run, std::uint64_t epoch, std::int64_t at);
Message encode_views(std::uint64_t run, const ViewRequest& request);
// A detect run's verdict on a digit (784 values in [-1, 1]).
Message encode_score(std::uint64_t run, std::uint64_t id, const std::vector<float>& pixels);
Message encode_unit(const UnitReport& r);
Message encode_image_views(const ImageViews& v);
Message encode_verdict(std::uint64_t run, const DigitVerdict& v);
Message encode_score_ahead(std::uint64_t run, std::int64_t batch);
// Reply::Scored (the helper's); take_ahead_of: the same message as Command::TakeAhead (to the main host).
Message encode_scored(std::uint64_t run, const ScoredBatch& b);
Message take_ahead_of(const Message& scored);
bool decode_scored(const Message& m, std::uint64_t& run, ScoredBatch& out);
// A reply's kind (0 for a message that is not one).
std::uint32_t reply_kind(const Message& m);
bool decode_unit(const Message& m, UnitReport& out);
bool decode_image_views(const Message& m, ImageViews& out);
bool decode_verdict(const Message& m, std::uint64_t& run, DigitVerdict& out);

// The executor side: the real Run and the states saved by token.
class RunHost {
 public:
  RunHost();
  ~RunHost();
  // Data the main side already holds (an in-process executor), by data set
  // name + folder + shape; else the host loads it (the page's worker).
  void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data);
  // One command, handled at once (a Step only queues its units); its reply,
  // if it has one, appended to out.
  void handle(const Message& command, std::vector<Message>& out);
  // Runs the next unit asked for (its report appended to out), else a slice
  // of the disentanglement measure (about kMeasureSliceMs; its reply once
  // done); false when nothing waits. Units go first: a step never waits
  // behind the measure for more than one slice.
  bool work(std::vector<Message>& out);
  static constexpr double kMeasureSliceMs = 40;
  bool has_work() const { return pending_ > 0 || dis_job_ != nullptr; }
  std::size_t saved_count() const { return saved_.size(); }
  std::size_t anchor_count() const { return anchors_.size(); }
  std::int64_t replayed_units() const { return replayed_; }  // run again to go back (never reported)

 private:
  std::string open(ByteReader& r);
  std::string open_latent(const std::vector<lessons::Setting>& spec, const std::string& data_dir, bool from_scratch);
  void report_state(std::vector<Message>& out);  // a [latent] run's state after open, set, restore
  ImageRun* image() const;                       // the run, when it is an image run
  void begin_epoch(std::uint64_t epoch);        // a set, restore or open: the units asked for are void
  void go_back();                               // to back_to_, if a cancel asked for it
  void rollback(std::int64_t at);               // to just after report `at`: an anchor, then replay
  std::shared_ptr<const RunState> state_at(std::int64_t at);
  void keep_anchors(std::int64_t taken);        // drop the ones no position at or after taken needs
  std::unique_ptr<Run> run_;
  std::uint64_t serial_ = 0;
  std::string error_;  // a command that failed here: every later unit reports it
  std::uint64_t epoch_ = 0;
  std::int64_t ran_ = 0;       // reports of this epoch so far (where the run stands)
  std::int64_t pending_ = 0;   // units asked for, not run yet
  std::int64_t back_to_ = -1;  // a cancel's position, gone back to when the state is next needed
  std::int64_t replayed_ = 0;
  std::map<std::int64_t, std::shared_ptr<const RunState>> anchors_;  // by report number
  std::map<std::uint64_t, std::shared_ptr<const RunState>> saved_;
  std::map<std::string, std::shared_ptr<const LabeledImages>> data_;
  SampleQuality judge_;
  std::string judge_key_;  // the data set it was started on
  bool latent_kind_ = false;                // the open run is a [latent] one (it reports its state)
  std::shared_ptr<LatentModels> latent_;  // a [latent] lesson's models, once per generator
  std::string latent_key_;
  // The disentanglement measure asked for, in slices when no unit waits (its reply: dis_reply_).
  std::unique_ptr<DisentangleJob> dis_job_;
  ImageViews dis_reply_;
};

// Key of a data set for offer_data.
std::string image_data_key(const ImageGanSpec& spec, const std::string& data_dir);

class Executor {
 public:
  virtual ~Executor() = default;
  virtual void post(Message command) = 0;
  // The next reply, waiting up to wait_ms for one (the page's worker never waits).
  virtual bool poll(Message& reply, double wait_ms) = 0;
  virtual bool can_wait() const { return true; }
  // Units asked for run while the caller does other things (a thread, a
  // worker): a move asks for all its units at once. False: they run on the
  // caller's thread, one per request (nothing is gained by asking early).
  virtual bool runs_ahead() const { return true; }
  virtual void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) {
    (void)key;
    (void)data;
  }
};

// Handles each command as it is posted, on the caller's thread. batches:
// the units of a batch all run as it is posted, so the host is always ahead
// of the Session (tests: what a fast worker does, deterministically).
class InProcessExecutor final : public Executor {
 public:
  explicit InProcessExecutor(bool batches = false) : batches_(batches) {}
  void post(Message command) override {
    host_.handle(command, replies_);
    while (host_.work(replies_)) {
    }
  }
  bool poll(Message& reply, double wait_ms) override;
  bool runs_ahead() const override { return batches_; }
  void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) override {
    host_.offer_data(key, std::move(data));
  }
  const RunHost& host() const { return host_; }

 private:
  bool batches_ = false;
  RunHost host_;
  std::vector<Message> replies_;
  std::size_t next_ = 0;
};

#if !defined(__EMSCRIPTEN__) || defined(__EMSCRIPTEN_PTHREADS__)
#define GANSTEP_THREAD_EXECUTOR 1
// One thread that owns the host; commands and replies through two queues.
class ThreadExecutor final : public Executor {
 public:
  ThreadExecutor();
  ~ThreadExecutor() override;
  void post(Message command) override;
  bool poll(Message& reply, double wait_ms) override;
  void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) override;

 private:
  struct Item {
    Message command;
    std::string data_key;  // or data offered
    std::shared_ptr<const LabeledImages> data;
  };
  void loop();
  std::mutex mu_;
  std::condition_variable work_, done_;
  std::deque<Item> commands_;
  std::deque<Message> replies_;
  bool stop_ = false;
  std::thread thread_;
};
#endif

}  // namespace ganstep::run
