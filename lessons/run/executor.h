// Running an image run somewhere else: the one mechanism that takes lesson 8's
// training off the UI thread (a std::thread natively, a Web Worker in the page).
//
//   main side                                  executor side
//   RemoteImageRun (remote_image_run.h)  --->  ImageRunHost: the real ImageRun
//     every Run call is one command,            and the saved states by token
//     in order                           <---  replies: a unit's report, views
//
// Commands and replies are byte messages (the page's worker gets them as
// transferable ArrayBuffers), so the in-process executor that tests use runs
// exactly what the worker runs. Commands are handled in the order posted:
// the Session's snapshots, seeks and replays stay exact.
//
//   Executor           post a command, poll for replies
//   InProcessExecutor  handles each command as it is posted (tests, fallback)
//   ThreadExecutor     one std::thread (the native player)
//   (web/worker.cpp + web/worker_executor.cpp: the page's Web Worker)
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
#include "engine/gan/trainer.h"
#include "engine/io/bytes.h"
#include "lessons/format/lesson.h"
#include "lessons/run/sample_quality.h"

namespace ganstep::run {

class ImageRun;
struct RunState;
using Message = std::vector<std::uint8_t>;

enum class Command : std::uint32_t { Open = 1, Step, Set, Save, Restore, Drop, Views };
enum class Reply : std::uint32_t { Unit = 1, Views };

// What the main side mirrors after each unit (a step command's reply).
struct UnitReport {
  std::uint64_t run = 0;  // the RemoteImageRun it belongs to
  bool ok = true;
  std::string error;
  std::int64_t iteration = 0, phases_done = 0;
  Phase phase = Phase::SampleNoiseD;
  int dstep = 0;
  StepStats stats;
  std::string state_hash;  // at step boundaries: iteration starts and update ends (else "")
};

// Where a trainer stands (without the hash).
UnitReport unit_report(const Trainer& t);

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
  Tensor2 samples;               // (64, C*H*W): G(fixed noise)
  Tensor2 real, real_prob;       // 8 real images and D(x)
  Tensor2 fake_prob;             // D(G(z)) of the first 8 samples
  Tensor2 line_images;           // G(z_line)
  Tensor2 mix_a, mix_b, mix;     // G(mix_a), G(mix_b) and the (na x nb) mixing grid, row-major
  JudgeView judge;
};
// The views of a run, computed where the run is (ImageRunHost, or the player on a local ImageRun).
ImageViews compute_image_views(const Trainer& t, const ViewRequest& request);
constexpr int kViewRow = 8;  // images in D's rows

// ---- messages
Message encode_open(std::uint64_t run, const lessons::Lesson& lesson, const GanConfig& config,
                    const std::string& data_dir, const std::vector<std::uint8_t>& checkpoint,
                    const std::string& checkpoint_name);
Message encode_step(std::uint64_t run);
Message encode_set(std::uint64_t run, const std::vector<lessons::Setting>& settings, bool force_restart);
Message encode_token(Command c, std::uint64_t run, std::uint64_t token);  // Save, Restore, Drop
Message encode_views(std::uint64_t run, const ViewRequest& request);
Message encode_unit(const UnitReport& r);
Message encode_image_views(const ImageViews& v);
// A reply's kind (0 for a message that is not one).
std::uint32_t reply_kind(const Message& m);
bool decode_unit(const Message& m, UnitReport& out);
bool decode_image_views(const Message& m, ImageViews& out);

// The executor side: the real ImageRun and the states saved by token.
class ImageRunHost {
 public:
  ImageRunHost();
  ~ImageRunHost();
  // Data the main side already holds (an in-process executor), by data set
  // name + folder + shape; else the host loads it (the page's worker).
  void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data);
  // One command; its reply ("" for commands without one) appended to out.
  void handle(const Message& command, std::vector<Message>& out);
  std::size_t saved_count() const { return saved_.size(); }

 private:
  std::string open(ByteReader& r);
  std::unique_ptr<ImageRun> run_;
  std::uint64_t serial_ = 0;
  std::string error_;  // a command that failed here: every later unit reports it
  std::map<std::uint64_t, std::unique_ptr<RunState>> saved_;
  std::map<std::string, std::shared_ptr<const LabeledImages>> data_;
  SampleQuality judge_;
  std::string judge_key_;  // the data set it was started on
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
  virtual void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) {
    (void)key;
    (void)data;
  }
};

// Handles each command as it is posted, on the caller's thread.
class InProcessExecutor final : public Executor {
 public:
  void post(Message command) override { host_.handle(command, replies_); }
  bool poll(Message& reply, double wait_ms) override;
  void offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) override {
    host_.offer_data(key, std::move(data));
  }
  const ImageRunHost& host() const { return host_; }

 private:
  ImageRunHost host_;
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
