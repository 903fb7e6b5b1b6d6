#include "lessons/run/remote_image_run.h"

#include <atomic>
#include <chrono>

#include "engine/gan/image_checkpoint.h"
#include "lessons/run/image_run.h"
#include "lessons/run/point_run.h"  // observe(), history_point() of a Trainer

namespace ganstep::run {
namespace {

std::atomic<std::uint64_t> g_serial{0}, g_token{0};  // unique per process: one host serves runs one after another

// A saved state: the token the executor keeps it under, and this side's counters.
struct RemoteState final : RunState {
  std::shared_ptr<Executor> executor;
  std::uint64_t run = 0, token = 0;
  UnitReport at;
  std::string hash;
  GanConfig config;
  std::size_t size = 0;
  std::size_t bytes() const override { return size; }
  ~RemoteState() override { executor->post(encode_token(Command::Drop, run, token)); }
};

std::size_t tensor_bytes(Trainer& t) {
  std::size_t n = 0;
  for (const NamedTensor& x : t.state_tensors()) n += x.value->size() * sizeof(float);
  return n;
}

}  // namespace

RemoteImageRun::RemoteImageRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson,
                               const GanConfig& config, std::shared_ptr<const LabeledImages> data,
                               std::string data_dir)
    : executor_(std::move(executor)), lesson_(lesson), config_(config), data_(std::move(data)),
      data_dir_(std::move(data_dir)) {
  serial_ = ++g_serial;
  if (!lesson_.image) {
    at_.ok = false;
    at_.error = "not an image lesson";
    return;
  }
  Trainer probe(*lesson_.image, config_, data_);  // checks the spec and config; its hash is iteration 0's
  open(probe, {}, "");
}

RemoteImageRun::RemoteImageRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson,
                               const GanConfig& config, std::shared_ptr<const LabeledImages> data,
                               std::string data_dir, Trainer& start, const std::vector<std::uint8_t>& checkpoint,
                               const std::string& name)
    : executor_(std::move(executor)), lesson_(lesson), config_(config), data_(std::move(data)),
      data_dir_(std::move(data_dir)) {
  serial_ = ++g_serial;
  open(start, checkpoint, name);
}

void RemoteImageRun::open(Trainer& start, const std::vector<std::uint8_t>& checkpoint, const std::string& name) {
  at_ = unit_report(start);
  at_.run = serial_;
  hash_ = start.ok() ? start.state_hash_hex() : "";
  if (!start.ok()) return;
  state_bytes_ = tensor_bytes(start);
  executor_->offer_data(image_data_key(*lesson_.image, data_dir_), data_);
  executor_->post(encode_open(serial_, lesson_, config_, data_dir_, checkpoint, name));
}

std::unique_ptr<RemoteImageRun> RemoteImageRun::from_checkpoint(const std::uint8_t* bytes, std::size_t size,
                                                                const std::string& name, std::string& error) const {
  // Read here first (a bad file changes nothing; the counters and the hash come from it).
  const ImageRun probe(*lesson_.image, config_, data_, lesson_.id);
  std::unique_ptr<ImageRun> loaded = probe.from_checkpoint(bytes, size, name, error);
  if (!loaded) return nullptr;
  return std::unique_ptr<RemoteImageRun>(new RemoteImageRun(executor_, lesson_, loaded->trainer().config(), data_,
                                                            data_dir_, loaded->trainer(),
                                                            std::vector<std::uint8_t>(bytes, bytes + size), name));
}

void RemoteImageRun::take(const Message& m) {
  const std::uint32_t kind = reply_kind(m);
  if (kind == static_cast<std::uint32_t>(Reply::Views)) {
    ImageViews v;
    if (decode_image_views(m, v) && v.run == serial_) {
      views_ = std::move(v);
      views_asked_ = false;
    }
    return;
  }
  UnitReport u;
  if (kind != static_cast<std::uint32_t>(Reply::Unit) || !decode_unit(m, u) || u.run != serial_) return;
  if (discard_ > 0) {  // a step a restore undid
    --discard_;
    return;
  }
  requested_ = false;
  ready_ = std::move(u);
}

bool RemoteImageRun::unit_ready() {
  Message m;
  while (!ready_ && executor_->poll(m, 0)) take(m);
  return ready_.has_value();
}

void RemoteImageRun::request_unit() {
  if (requested_ || ready_ || !at_.error.empty()) return;
  executor_->post(encode_step(serial_));
  requested_ = true;
}

bool RemoteImageRun::wait_unit(double ms) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + std::chrono::duration<double, std::milli>(ms);
  Message m;
  while (!unit_ready()) {
    const double left = std::chrono::duration<double, std::milli>(end - Clock::now()).count();
    if (!requested_ || left <= 0 || !executor_->poll(m, left)) return unit_ready();
    take(m);
  }
  return true;
}

bool RemoteImageRun::step_unit() {
  if (!at_.error.empty()) return false;
  request_unit();
  if (!wait_unit(1e9)) {  // an executor that cannot wait: the caller asks unit_ready() first
    at_.error = "the next unit has not come from the training thread yet";
    return false;
  }
  UnitReport u = std::move(*ready_);
  ready_.reset();
  at_ = std::move(u);
  if (at_.ok && !at_.state_hash.empty()) hash_ = at_.state_hash;
  return at_.ok;
}

void RemoteImageRun::request_views(ViewRequest request) {
  executor_->post(encode_views(serial_, request));
  views_asked_ = true;
}

bool RemoteImageRun::take_views(ImageViews& out) {
  Message m;
  while (executor_->poll(m, 0)) take(m);
  if (!views_) return false;
  out = std::move(*views_);
  views_.reset();
  return true;
}

lessons::Observation RemoteImageRun::observe() const {
  lessons::Observation o;
  o.iteration = at_.iteration;
  o.phases_done = at_.phases_done;
  o.next_phase = at_.phase;
  o.dstep = at_.dstep;
  o.k = config_.k;
  o.stats = at_.stats;
  return o;
}

HistoryPoint RemoteImageRun::history_point() const { return run::history_point(at_.stats); }

std::string RemoteImageRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  GanConfig c;
  std::string e = ImageRun::next_config(config_, settings, c);
  if (!e.empty()) return e;
  Trainer probe(*lesson_.image, c, data_);  // as ImageRun::rebuild: a bad one changes nothing
  if (!probe.ok()) return probe.error();
  executor_->post(encode_set(serial_, settings, force_restart));
  config_ = c;
  at_ = unit_report(probe);
  at_.run = serial_;
  hash_ = probe.state_hash_hex();
  state_bytes_ = tensor_bytes(probe);
  restarted = true;
  return "";
}

std::unique_ptr<RunState> RemoteImageRun::save() const {
  auto s = std::make_unique<RemoteState>();
  s->executor = executor_;
  s->run = serial_;
  s->token = ++g_token;
  s->at = at_;
  s->hash = hash_;
  s->config = config_;
  s->size = state_bytes_;
  executor_->post(encode_token(Command::Save, serial_, s->token));
  return s;
}

void RemoteImageRun::restore(const RunState& state) {
  const auto& s = static_cast<const RemoteState&>(state);
  if (requested_) ++discard_;  // its report will come: the restore undoes that step
  requested_ = false;
  ready_.reset();
  executor_->post(encode_token(Command::Restore, serial_, s.token));
  at_ = s.at;
  hash_ = s.hash;
  config_ = s.config;
}

}  // namespace ganstep::run
