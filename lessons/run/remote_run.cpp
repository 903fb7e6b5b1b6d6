#include "lessons/run/remote_run.h"

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
  lessons::LatentSpec spec;  // a [latent] run's, and its view (has_view: it had come)
  bool has_view = false;
  LatentView latent;
  DetectView detect;
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

RemoteRun::RemoteRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson,
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

RemoteRun::RemoteRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson,
                     const lessons::LatentSpec& spec, std::string data_dir, bool from_scratch)
    : executor_(std::move(executor)), lesson_(lesson), data_dir_(std::move(data_dir)) {
  serial_ = ++g_serial;
  kind_ = spec.detect > 0 ? RunKind::Detect : RunKind::Latent;
  lesson_.latent = spec;  // the seed included
  spec_ = spec;
  at_.run = serial_;
  state_pending_ = true;
  executor_->post(encode_open(serial_, lesson_, config_, data_dir_, {}, "", from_scratch));
}

RemoteRun::RemoteRun(std::shared_ptr<Executor> executor, const lessons::Lesson& lesson,
                               const GanConfig& config, std::shared_ptr<const LabeledImages> data,
                               std::string data_dir, Trainer& start, const std::vector<std::uint8_t>& checkpoint,
                               const std::string& name)
    : executor_(std::move(executor)), lesson_(lesson), config_(config), data_(std::move(data)),
      data_dir_(std::move(data_dir)) {
  serial_ = ++g_serial;
  open(start, checkpoint, name);
}

void RemoteRun::open(Trainer& start, const std::vector<std::uint8_t>& checkpoint, const std::string& name) {
  at_ = unit_report(start);
  at_.run = serial_;
  hash_ = start.ok() ? start.state_hash_hex() : "";
  if (!start.ok()) return;
  state_bytes_ = tensor_bytes(start);
  executor_->offer_data(image_data_key(*lesson_.image, data_dir_), data_);
  executor_->post(encode_open(serial_, lesson_, config_, data_dir_, checkpoint, name));
}

std::unique_ptr<RemoteRun> RemoteRun::from_checkpoint(const std::uint8_t* bytes, std::size_t size,
                                                                const std::string& name, std::string& error) const {
  // Read here first (a bad file changes nothing; the counters and the hash come from it).
  const ImageRun probe(*lesson_.image, config_, data_, lesson_.id);
  std::unique_ptr<ImageRun> loaded = probe.from_checkpoint(bytes, size, name, error);
  if (!loaded) return nullptr;
  return std::unique_ptr<RemoteRun>(new RemoteRun(executor_, lesson_, loaded->trainer().config(), data_,
                                                            data_dir_, loaded->trainer(),
                                                            std::vector<std::uint8_t>(bytes, bytes + size), name));
}

void RemoteRun::take(const Message& m) {
  const std::uint32_t kind = reply_kind(m);
  if (kind == static_cast<std::uint32_t>(Reply::Verdict)) {
    std::uint64_t run = 0;
    DigitVerdict v;
    if (decode_verdict(m, run, v) && run == serial_) verdict_ = std::move(v);
    return;
  }
  if (kind == static_cast<std::uint32_t>(Reply::Views)) {
    ImageViews v;
    if (decode_image_views(m, v) && v.run == serial_ && v.epoch == epoch_) {
      if (v.dis_only) {  // a measure that came after its views (another request may be on its way)
        dis_views_ = std::move(v);
        return;
      }
      views_ = std::move(v);
      views_asked_ = false;
    }
    return;
  }
  UnitReport u;
  if (kind != static_cast<std::uint32_t>(Reply::Unit) || !decode_unit(m, u) || u.run != serial_) return;
  if (u.serial == 0) {  // a [latent] run's state after open, set or restore (before any unit of its epoch)
    if (u.epoch != epoch_ || kind_ == RunKind::Image) return;
    const std::int64_t iteration = at_.iteration;
    mirror(u);
    at_ = std::move(u);
    if (!at_.ok && at_.error.empty()) at_.error = "the run failed";
    at_.iteration = at_.ok ? at_.iteration : iteration;
    hash_ = at_.state_hash;
    state_pending_ = false;
    return;
  }
  // Of units a cancel, set or restore dropped; or not the next one (never expected).
  if (u.epoch != epoch_ || u.serial != taken_ + static_cast<std::int64_t>(ready_.size()) + 1) return;
  ready_.push_back(std::move(u));
}

void RemoteRun::new_epoch() {
  ++epoch_;
  asked_ = 0;
  ready_.clear();
  views_asked_ = false;  // those on their way are dropped: the panels ask again
  views_.reset();
  dis_views_.reset();
}

void RemoteRun::mirror(const UnitReport& u) {
  if (kind_ == RunKind::Image || u.view.empty()) return;
  ByteReader r(u.view.data(), u.view.size());
  const std::uint32_t what = r.u32();
  bool ok = false;
  if (what == 1) ok = get_latent_view(r, latent_);
  else if (what == 2) ok = get_detect_view(r, detect_);
  has_view_ = ok;
  if (ok) spec_ = what == 1 ? latent_.spec : detect_.spec;
  const LatentFacts& f = what == 1 ? latent_.facts : detect_.facts;
  if (ok && f.known && !facts_.known) facts_ = f;  // the models' (they stay for the run's life)
}

void RemoteRun::use_helper(std::shared_ptr<Executor> helper) {
  if (kind_ != RunKind::Detect || !helper) return;
  helper_ = std::move(helper);
  helper_ready_ = false;
  helper_->post(encode_open(serial_, lesson_, config_, data_dir_, {}, ""));
}

void RemoteRun::ask_helper(std::int64_t batch) {
  if (batch > at_.iteration) helper_->post(encode_score_ahead(serial_, batch));
}

void RemoteRun::pump_helper() {
  Message m;
  while (helper_ && helper_->poll(m, 0)) {
    const std::uint32_t kind = reply_kind(m);
    std::uint64_t run = 0;
    UnitReport u;
    ScoredBatch b;
    if (kind == static_cast<std::uint32_t>(Reply::Unit) && decode_unit(m, u) && u.run == serial_ && u.serial == 0) {
      if (!u.ok) {  // its models did not load there: this run scores alone
        helper_.reset();
        return;
      }
      helper_ready_ = true;  // the run's spec there: from its last batch down
      ask_helper(detect_batches(spec_) - 1);
    } else if (kind == static_cast<std::uint32_t>(Reply::Scored) && helper_ready_ && decode_scored(m, run, b) &&
               run == serial_) {
      if (!b.error.empty()) {
        helper_.reset();
        return;
      }
      executor_->post(take_ahead_of(m));
      ++helper_batches_;
      ask_helper(b.batch - 1);
    }
  }
}

bool RemoteRun::unit_ready() {
  pump_helper();
  Message m;
  while ((state_pending_ || ready_.empty()) && executor_->poll(m, 0)) take(m);
  return !state_pending_ && !ready_.empty();
}

void RemoteRun::request_units(std::int64_t n) {
  if (!at_.error.empty()) return;
  // Executors that run ahead get the whole move (at most two iterations
  // beyond what was taken), topped up an iteration at a time; the others one
  // unit per request.
  // A [latent] run's units are short (an Adam update, a tenth of a batch): eight at least.
  const std::int64_t per_iteration = kind_ == RunKind::Image ? phases_per_iteration(config_.k) : at_.per_iteration;
  const std::int64_t ahead = kind_ == RunKind::Image ? 2 * per_iteration : std::max<std::int64_t>(8, 2 * per_iteration);
  n = executor_->runs_ahead() ? std::min(n, ahead) : std::min<std::int64_t>(n, 1);
  if (n <= asked_ || n - asked_ < std::min(n, per_iteration)) return;
  executor_->post(encode_step(serial_, n - asked_, taken_));
  asked_ = n;
}

std::int64_t RemoteRun::units_until(Until what, std::int64_t n) const {
  if (kind_ != RunKind::Image) {  // every unit ends an update; iterations as the run there said
    if (n <= 0) return 0;
    return what == Until::Updates ? n : at_.to_iteration + (n - 1) * at_.per_iteration;
  }
  const std::int64_t cap = 2 * phases_per_iteration(config_.k);
  StepPosition p{at_.phase, at_.dstep, 0};
  std::int64_t units = 0;
  while (n > 0 && units < cap) {
    p = p.after(config_.k);
    ++units;
    const bool end = what == Until::Iterations ? p.phase == Phase::SampleNoiseD && p.dstep == 0
                                               : p.phase == Phase::SampleNoiseD || p.phase == Phase::SampleNoiseG;
    if (end) --n;
  }
  return units;
}

void RemoteRun::cancel_units() {
  if (asked_ == 0 && ready_.empty()) return;
  new_epoch();
  executor_->post(encode_cancel(serial_, epoch_, taken_));
}

bool RemoteRun::wait_unit(double ms) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + std::chrono::duration<double, std::milli>(ms);
  Message m;
  while (!unit_ready()) {
    const double left = std::chrono::duration<double, std::milli>(end - Clock::now()).count();
    if (asked_ == 0 || left <= 0 || !executor_->poll(m, left)) return unit_ready();
    take(m);
  }
  return true;
}

bool RemoteRun::step_unit() {
  if (!at_.error.empty()) return false;
  request_units(1);
  if (!wait_unit(1e9)) {  // an executor that cannot wait: the caller asks unit_ready() first
    at_.error = "the next unit has not come from the training thread yet";
    return false;
  }
  UnitReport u = std::move(ready_.front());
  ready_.pop_front();
  --asked_;
  taken_ = u.serial;
  mirror(u);
  at_ = std::move(u);
  if (at_.ok && !at_.state_hash.empty()) hash_ = at_.state_hash;
  return at_.ok;
}

void RemoteRun::request_views(ViewRequest request) {
  executor_->post(encode_views(serial_, request));
  views_asked_ = true;
}

void RemoteRun::score_digit(std::uint64_t id, const std::vector<float>& pixels) {
  executor_->post(encode_score(serial_, id, pixels));
}

bool RemoteRun::take_verdict(DigitVerdict& out) {
  Message m;
  while (!verdict_ && executor_->poll(m, 0)) take(m);
  if (!verdict_) return false;
  out = std::move(*verdict_);
  verdict_.reset();
  return true;
}

bool RemoteRun::take_views(ImageViews& out) {
  Message m;
  while (executor_->poll(m, 0)) take(m);
  // Computed ahead: shown once this side is there. The views first, a measure that came after them next.
  for (std::optional<ImageViews>* v : {&views_, &dis_views_}) {
    if (!*v || (*v)->serial > taken_) continue;
    out = std::move(**v);
    v->reset();
    return true;
  }
  return false;
}

lessons::Observation RemoteRun::observe() const {
  lessons::Observation o;
  o.iteration = at_.iteration;
  o.phases_done = at_.phases_done;
  o.next_phase = at_.phase;
  o.dstep = at_.dstep;
  o.k = kind_ == RunKind::Image ? config_.k : 1;
  o.stats = at_.stats;
  return o;
}

HistoryPoint RemoteRun::history_point() const {
  if (kind_ == RunKind::Image) return run::history_point(at_.stats);
  HistoryPoint h;
  h.latent = at_.latent;
  return h;
}

std::string RemoteRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  if (kind_ != RunKind::Image) {  // checked here by LatentRun's and DetectRun's rules, with the models' facts
    Message m;
    while (!facts_.known && executor_->poll(m, 0)) take(m);  // the state report that brings them may have come
    lessons::LatentSpec next;
    bool live = false;
    std::string e = latent_next_spec(spec_, settings, force_restart, facts_, next, live);
    if (!e.empty()) return e;
    new_epoch();
    taken_ = 0;
    executor_->post(encode_set(serial_, settings, force_restart, epoch_));
    spec_ = next;
    if (helper_) {  // the helper scores the new digits (its batches of the old ones are not taken)
      helper_ready_ = false;
      helper_->post(encode_set(serial_, settings, force_restart, epoch_));
    }
    if (!live) {
      at_ = UnitReport{};
      at_.run = serial_;
      hash_.clear();
    }
    state_pending_ = true;  // its view and hash come back
    restarted = !live;
    return "";
  }
  GanConfig c;
  std::string e = ImageRun::next_config(config_, settings, c);
  if (!e.empty()) return e;
  Trainer probe(*lesson_.image, c, data_);  // as ImageRun::rebuild: a bad one changes nothing
  if (!probe.ok()) return probe.error();
  new_epoch();  // a restart: the units asked for are void
  taken_ = 0;
  executor_->post(encode_set(serial_, settings, force_restart, epoch_));
  config_ = c;
  at_ = unit_report(probe);
  at_.run = serial_;
  hash_ = probe.state_hash_hex();
  state_bytes_ = tensor_bytes(probe);
  restarted = true;
  return "";
}

std::unique_ptr<RunState> RemoteRun::save() const {
  auto s = std::make_unique<RemoteState>();
  s->executor = executor_;
  s->run = serial_;
  s->token = ++g_token;
  s->at = at_;
  s->hash = hash_;
  s->config = config_;
  s->spec = spec_;
  s->has_view = has_view_ && !state_pending_;
  if (s->has_view && kind_ == RunKind::Latent) s->latent = latent_;
  if (s->has_view && kind_ == RunKind::Detect) s->detect = detect_;
  s->size = kind_ == RunKind::Image ? state_bytes_ : latent_.path.size() * sizeof(float) + detect_.scores[0].size() * 72;
  executor_->post(encode_token(Command::Save, serial_, s->token, taken_));
  return s;
}

void RemoteRun::restore(const RunState& state) {
  const auto& s = static_cast<const RemoteState&>(state);
  new_epoch();  // the units asked for are void
  taken_ = 0;
  executor_->post(encode_token(Command::Restore, serial_, s.token, static_cast<std::int64_t>(epoch_)));
  at_ = s.at;
  hash_ = s.hash;
  config_ = s.config;
  if (kind_ == RunKind::Image) return;
  spec_ = s.spec;
  latent_ = s.latent;
  detect_ = s.detect;
  has_view_ = s.has_view;
  state_pending_ = !s.has_view;  // else the state report only confirms it
}

}  // namespace ganstep::run
