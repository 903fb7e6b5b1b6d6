// Executors of a lesson's Run: the messages and the host that runs them
// (the in-process and thread executors: executors.cpp).
#include "lessons/run/executor.h"

#include "engine/gan/style_views.h"

#include <chrono>
#include <cstring>

#include "engine/core/rng.h"
#include "engine/gan/image_data.h"
#include "lessons/run/detect_run.h"
#include "lessons/run/image_run.h"
#include "lessons/run/latent_run.h"

namespace ganstep::run {
namespace {

constexpr std::uint32_t kMagic = 0x47534d31;  // "GSM1"
constexpr std::size_t kMaxText = std::size_t(1) << 26;

ByteWriter head(std::uint32_t kind, std::uint64_t run) {
  ByteWriter w;
  w.u32(kMagic);
  w.u32(kind);
  w.u64(run);
  return w;
}

void put_stats(ByteWriter& w, const StepStats& s) {
  for (double v : {s.loss_d, s.loss_d_real, s.loss_d_fake, s.loss_g, s.d_real, s.d_fake}) w.f64(v);
  w.u32((s.has_d ? 1u : 0u) | (s.has_g ? 2u : 0u));
}

StepStats get_stats(ByteReader& r) {
  StepStats s;
  for (double* v : {&s.loss_d, &s.loss_d_real, &s.loss_d_fake, &s.loss_g, &s.d_real, &s.d_fake}) *v = r.f64();
  const std::uint32_t f = r.u32();
  s.has_d = (f & 1u) != 0;
  s.has_g = (f & 2u) != 0;
  return s;
}

void put_quality(ByteWriter& w, const QualityReport& q) {
  w.u32(static_cast<std::uint32_t>(q.count));
  w.f64(q.frechet);
  for (double v : q.class_hist) w.f64(v);
  w.f64(q.confidence);
  w.f64(q.confident);
  w.u32(static_cast<std::uint32_t>(q.top_class));
}

QualityReport get_quality(ByteReader& r) {
  QualityReport q;
  q.count = static_cast<int>(r.u32());
  q.frechet = r.f64();
  for (double& v : q.class_hist) v = r.f64();
  q.confidence = r.f64();
  q.confident = r.f64();
  q.top_class = static_cast<int>(r.u32() % 10);
  return q;
}

void put_settings(ByteWriter& w, const std::vector<lessons::Setting>& settings) {
  w.u32(static_cast<std::uint32_t>(settings.size()));
  for (const auto& s : settings) {
    w.str(s.key);
    w.str(s.value);
  }
}

std::vector<lessons::Setting> get_settings(ByteReader& r) {
  std::vector<lessons::Setting> out;
  const std::uint32_t n = r.u32();
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
    lessons::Setting s;
    s.key = r.str(256);
    s.value = r.str(4096);
    out.push_back(std::move(s));
  }
  return out;
}

// The header of a message: its kind and run; false for a message that is not ours.
bool read_head(ByteReader& r, std::uint32_t& kind, std::uint64_t& run) {
  const std::uint32_t magic = r.u32();
  kind = r.u32();
  run = r.u64();
  return !r.failed() && magic == kMagic;
}

}  // namespace

UnitReport unit_report(const Trainer& t) {
  UnitReport u;
  u.ok = t.ok();
  u.error = t.error();
  u.iteration = t.iteration();
  u.phases_done = t.phases_done();
  u.phase = t.phase();
  u.dstep = t.dstep();
  u.stats = t.stats();
  return u;
}

UnitReport latent_report(const Run& run) {
  UnitReport u;
  u.error = run.error();
  u.ok = u.error.empty();
  u.iteration = run.iteration();
  u.phases_done = run.iteration();
  u.iteration_start = run.at_iteration_start();
  u.update_end = run.at_update_end();
  u.to_iteration = run.units_until(Run::Until::Iterations, 1);
  u.per_iteration = std::max<std::int64_t>(1, run.units_until(Run::Until::Iterations, 2) - u.to_iteration);
  u.latent = run.history_point().latent;
  u.state_hash = run.state_hash_hex();
  ByteWriter w;
  if (const LatentView* v = run.latent_view()) {
    w.u32(1);
    put_latent_view(w, *v);
  } else if (const DetectView* d = run.detect_view()) {
    w.u32(2);
    put_detect_view(w, *d);
  } else {
    w.u32(0);
  }
  u.view = std::move(w.out());
  return u;
}

ImageViews compute_image_views(const Trainer& t, const ViewRequest& q) {
  ImageViews v;
  v.id = q.id;
  const float psi = q.psi >= 0 ? q.psi : t.config().psi;
  t.generate(t.fixed_noise(), v.samples, psi);
  // D on kViewRow real digits (Rng(real_pick, 11): the same ones until "Other digits") and on the first samples.
  const LabeledImages& data = t.images();
  const std::size_t dim = data.images.shape()[1];
  v.real = Tensor2::from_shape({std::size_t(kViewRow), dim});
  Rng pick(q.real_pick, 11);
  for (int i = 0; i < kViewRow; ++i) {
    const std::uint32_t k = pick.below(static_cast<std::uint32_t>(data.size()));
    std::memcpy(v.real.data() + i * dim, data.images.data() + std::size_t(k) * dim, sizeof(float) * dim);
  }
  t.discriminate(v.real, v.real_prob);
  const std::size_t n = std::min<std::size_t>(kViewRow, v.samples.shape()[0]);
  Tensor2 first = Tensor2::from_shape({n, dim});
  std::memcpy(first.data(), v.samples.data(), sizeof(float) * n * dim);
  t.discriminate(first, v.fake_prob);
  if (q.z_line.shape()[0] > 0) t.generate(q.z_line, v.line_images);
  if (q.mix_a.shape()[0] > 0 && q.mix_b.shape()[0] > 0) {
    Sequential g = style_net(t, psi);
    if (style_generator(g)) {
      t.generate(q.mix_a, v.mix_a, psi);
      t.generate(q.mix_b, v.mix_b, psi);
      style_mixing_grid(g, q.mix_a, q.mix_b, q.mix_from_b, v.mix);
    }
  }
  return v;
}

std::string image_data_key(const ImageGanSpec& spec, const std::string& data_dir) {
  return spec.data + "\n" + data_dir + "\n" + spec.shape.text();
}

// ---------------------------------------------------------------- messages

Message encode_open(std::uint64_t run, const lessons::Lesson& lesson, const GanConfig& config,
                    const std::string& data_dir, const std::vector<std::uint8_t>& checkpoint,
                    const std::string& checkpoint_name, bool from_scratch) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::Open), run);
  w.str(lesson.latent ? std::string() : lessons::save_lesson(lesson));  // a [latent] run needs its spec only
  std::vector<lessons::Setting> exact;  // every key of the config (the spec), as its table prints it
  if (lesson.latent)
    for (const auto& k : lessons::latent_key_names()) exact.push_back({k, lessons::latent_setting_text(*lesson.latent, k)});
  else
    for (const auto& k : config_keys()) exact.push_back({k.key, k.get(config)});
  put_settings(w, exact);
  w.str(data_dir);
  w.str(checkpoint_name);
  w.u64(checkpoint.size());
  w.bytes(checkpoint.data(), checkpoint.size());
  w.u32((from_scratch ? 1u : 0u) | (lesson.latent ? 2u : 0u));
  return std::move(w.out());
}

Message encode_score(std::uint64_t run, std::uint64_t id, const std::vector<float>& pixels) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::Score), run);
  w.u64(id);
  w.u64(pixels.size());
  w.floats(pixels.data(), pixels.size());
  return std::move(w.out());
}

Message encode_verdict(std::uint64_t run, const DigitVerdict& v) {
  ByteWriter w = head(static_cast<std::uint32_t>(Reply::Verdict), run);
  put_verdict(w, v);
  return std::move(w.out());
}

bool decode_verdict(const Message& m, std::uint64_t& run, DigitVerdict& v) {
  ByteReader r(m.data(), m.size());
  std::uint32_t kind = 0;
  if (!read_head(r, kind, run) || kind != static_cast<std::uint32_t>(Reply::Verdict)) return false;
  return get_verdict(r, v);
}

Message encode_score_ahead(std::uint64_t run, std::int64_t batch) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::ScoreAhead), run);
  w.i64(batch);
  return std::move(w.out());
}

Message encode_scored(std::uint64_t run, const ScoredBatch& b) {
  ByteWriter w = head(static_cast<std::uint32_t>(Reply::Scored), run);
  put_scored_batch(w, b);
  return std::move(w.out());
}

Message take_ahead_of(const Message& scored) {
  ByteReader r(scored.data(), scored.size());
  std::uint32_t kind = 0;
  std::uint64_t run = 0;
  read_head(r, kind, run);
  const std::size_t at = scored.size() - r.remaining();  // the batch's bytes, passed on as they came
  ByteWriter w = head(static_cast<std::uint32_t>(Command::TakeAhead), run);
  w.bytes(scored.data() + at, scored.size() - at);
  return std::move(w.out());
}

bool decode_scored(const Message& m, std::uint64_t& run, ScoredBatch& out) {
  ByteReader r(m.data(), m.size());
  std::uint32_t kind = 0;
  if (!read_head(r, kind, run) || kind != static_cast<std::uint32_t>(Reply::Scored)) return false;
  return get_scored_batch(r, out);
}

Message encode_step(std::uint64_t run, std::int64_t n, std::int64_t taken) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::Step), run);
  w.i64(n);
  w.i64(taken);
  return std::move(w.out());
}

Message encode_set(std::uint64_t run, const std::vector<lessons::Setting>& settings, bool force_restart,
                   std::uint64_t epoch) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::Set), run);
  w.u64(epoch);
  w.u32(force_restart ? 1 : 0);
  put_settings(w, settings);
  return std::move(w.out());
}

Message encode_token(Command c, std::uint64_t run, std::uint64_t token, std::int64_t at) {
  ByteWriter w = head(static_cast<std::uint32_t>(c), run);
  w.u64(token);
  w.i64(at);
  return std::move(w.out());
}

Message encode_cancel(std::uint64_t run, std::uint64_t epoch, std::int64_t at) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::Cancel), run);
  w.u64(epoch);
  w.i64(at);
  return std::move(w.out());
}

Message encode_views(std::uint64_t run, const ViewRequest& q) {
  ByteWriter w = head(static_cast<std::uint32_t>(Command::Views), run);
  w.u64(q.id);
  w.u64(q.real_pick);
  put_tensor(w, q.z_line);
  w.u32(q.score ? 1 : 0);
  w.f64(q.psi);
  put_tensor(w, q.mix_a);
  put_tensor(w, q.mix_b);
  w.u32(q.mix_from_b);
  w.u32(q.disentangle ? 1 : 0);
  return std::move(w.out());
}

Message encode_unit(const UnitReport& u) {
  ByteWriter w = head(static_cast<std::uint32_t>(Reply::Unit), u.run);
  w.u64(u.epoch);
  w.i64(u.serial);
  w.u32(u.ok ? 1 : 0);
  w.str(u.error);
  w.i64(u.iteration);
  w.i64(u.phases_done);
  w.u32(static_cast<std::uint32_t>(u.phase));
  w.u32(static_cast<std::uint32_t>(u.dstep));
  put_stats(w, u.stats);
  w.str(u.state_hash);
  w.u32((u.iteration_start ? 1u : 0u) | (u.update_end ? 2u : 0u));
  w.i64(u.to_iteration);
  w.i64(u.per_iteration);
  w.f64(u.latent);
  w.u64(u.view.size());
  w.bytes(u.view.data(), u.view.size());
  return std::move(w.out());
}

Message encode_image_views(const ImageViews& v) {
  ByteWriter w = head(static_cast<std::uint32_t>(Reply::Views), v.run);
  w.u64(v.id);
  w.u64(v.epoch);
  w.i64(v.serial);
  for (const Tensor2* t : {&v.samples, &v.real, &v.real_prob, &v.fake_prob, &v.line_images, &v.mix_a, &v.mix_b, &v.mix})
    put_tensor(w, *t);
  const JudgeView& j = v.judge;
  w.u32((j.usable ? 1u : 0u) | (j.ready ? 2u : 0u) | (j.cached ? 4u : 0u));
  w.f64(j.progress);
  put_quality(w, j.real);
  put_quality(w, j.samples);
  const Disentanglement& d = v.dis;
  for (const Tensor2* t : {&d.z_pca, &d.w_pca, &d.interp_z, &d.interp_w}) put_tensor(w, *t);
  w.u64(d.labels.size());
  w.bytes(d.labels.data(), d.labels.size());
  for (double x : {d.z_explained, d.w_explained, d.ppl_z, d.ppl_w, d.separability_z, d.separability_w, d.chance})
    w.f64(x);
  w.str(v.dis_note);
  w.u32(v.dis_only ? 1 : 0);
  w.u64(v.dis_running);
  return std::move(w.out());
}

std::uint32_t reply_kind(const Message& m) {
  ByteReader r(m.data(), m.size());
  std::uint32_t kind = 0;
  std::uint64_t run = 0;
  return read_head(r, kind, run) ? kind : 0;
}

bool decode_unit(const Message& m, UnitReport& u) {
  ByteReader r(m.data(), m.size());
  std::uint32_t kind = 0;
  if (!read_head(r, kind, u.run) || kind != static_cast<std::uint32_t>(Reply::Unit)) return false;
  u.epoch = r.u64();
  u.serial = r.i64();
  u.ok = r.u32() != 0;
  u.error = r.str(kMaxText);
  u.iteration = r.i64();
  u.phases_done = r.i64();
  const std::uint32_t phase = r.u32();
  u.phase = static_cast<Phase>(phase < kPhaseCount ? phase : 0);
  u.dstep = static_cast<int>(r.u32());
  u.stats = get_stats(r);
  u.state_hash = r.str(64);
  const std::uint32_t f = r.u32();
  u.iteration_start = (f & 1u) != 0;
  u.update_end = (f & 2u) != 0;
  u.to_iteration = r.i64();
  u.per_iteration = r.i64();
  u.latent = static_cast<float>(r.f64());
  const std::uint64_t n = r.u64();
  if (r.failed() || n > r.remaining()) return false;
  u.view.resize(static_cast<std::size_t>(n));
  r.bytes(u.view.data(), u.view.size());
  return !r.failed();
}

bool decode_image_views(const Message& m, ImageViews& v) {
  ByteReader r(m.data(), m.size());
  std::uint32_t kind = 0;
  if (!read_head(r, kind, v.run) || kind != static_cast<std::uint32_t>(Reply::Views)) return false;
  v.id = r.u64();
  v.epoch = r.u64();
  v.serial = r.i64();
  for (Tensor2* t : {&v.samples, &v.real, &v.real_prob, &v.fake_prob, &v.line_images, &v.mix_a, &v.mix_b, &v.mix})
    if (!get_tensor(r, *t)) return false;
  JudgeView& j = v.judge;
  const std::uint32_t f = r.u32();
  j.usable = (f & 1u) != 0;
  j.ready = (f & 2u) != 0;
  j.cached = (f & 4u) != 0;
  j.progress = r.f64();
  j.real = get_quality(r);
  j.samples = get_quality(r);
  Disentanglement& d = v.dis;
  for (Tensor2* t : {&d.z_pca, &d.w_pca, &d.interp_z, &d.interp_w})
    if (!get_tensor(r, *t)) return false;
  const std::uint64_t n = r.u64();
  if (r.failed() || n > r.remaining() || n != d.z_pca.shape()[0] || n != d.w_pca.shape()[0]) return false;
  d.labels.resize(static_cast<std::size_t>(n));
  r.bytes(d.labels.data(), d.labels.size());
  for (double* x : {&d.z_explained, &d.w_explained, &d.ppl_z, &d.ppl_w, &d.separability_z, &d.separability_w, &d.chance})
    *x = r.f64();
  v.dis_note = r.str(4096);
  v.dis_only = r.u32() == 1;
  v.dis_running = r.u64();
  return !r.failed();
}

// ---------------------------------------------------------------- the host

RunHost::RunHost() = default;
RunHost::~RunHost() = default;

void RunHost::offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) {
  data_[key] = std::move(data);
}

std::string RunHost::open(ByteReader& r) {
  const std::string text = r.str(kMaxText);
  const std::vector<lessons::Setting> config = get_settings(r);
  const std::string data_dir = r.str(4096);
  const std::string checkpoint_name = r.str(4096);
  const std::uint64_t size = r.u64();
  std::vector<std::uint8_t> checkpoint(static_cast<std::size_t>(size <= r.remaining() ? size : 0));
  r.bytes(checkpoint.data(), checkpoint.size());
  const std::uint32_t flags = r.u32();
  latent_kind_ = (flags & 2u) != 0;
  if (r.failed()) return "a malformed open command";
  if (latent_kind_) return open_latent(config, data_dir, (flags & 1u) != 0);
  const lessons::LoadResult lr = lessons::parse_lesson(text);  // the main side read it already
  if (!lr.ok() || !lr.lesson.image)
    return "the image lesson did not read back" + (lr.problems.empty() ? std::string() : ": " + lr.problems.front().message);
  const lessons::Lesson& lesson = lr.lesson;
  GanConfig c = lesson.config;
  for (const auto& s : config) {  // the exact config of the main side's run
    const std::string e = apply_setting(c, s.key, s.value);
    if (!e.empty()) return e;
  }
  const std::string key = image_data_key(*lesson.image, data_dir);
  std::shared_ptr<const LabeledImages>& data = data_[key];
  if (!data) {
    auto fresh = std::make_shared<LabeledImages>();
    const std::string e = load_image_data(lesson.image->data, data_dir, lesson.image->shape, ImageSplit::Train, *fresh);
    if (!e.empty()) {
      data_.erase(key);
      return e;
    }
    data = std::move(fresh);
  }
  if (judge_key_ != key) {
    judge_.start(data);
    judge_key_ = key;
  }
  auto run = std::make_unique<ImageRun>(*lesson.image, c, data, lesson.id);
  std::string e = run->error();
  if (e.empty() && !checkpoint.empty()) {
    std::unique_ptr<ImageRun> loaded = run->from_checkpoint(checkpoint.data(), checkpoint.size(), checkpoint_name, e);
    if (loaded) run = std::move(loaded);
  }
  run_ = std::move(run);
  return e;
}

std::string RunHost::open_latent(const std::vector<lessons::Setting>& exact, const std::string& data_dir,
                                 bool from_scratch) {
  lessons::LatentSpec spec;
  std::string e = lessons::apply_latent_settings(spec, exact);  // the exact spec of the main side's run
  if (!e.empty()) return e;
  // The trained G and the rest, once per generator (as Session::load does in process).
  const std::string key = latent_models_key(spec, data_dir);
  if (!latent_ || latent_key_ != key || from_scratch) {
    auto fresh = std::make_shared<LatentModels>();
    LatentLoadOptions o;
    o.data_dir = data_dir;
    o.from_scratch = from_scratch;
    latent_.reset();
    latent_key_.clear();
    e = load_latent_models(spec, o, *fresh);
    if (!e.empty()) return e;
    latent_ = std::move(fresh);
    latent_key_ = key;
  }
  if (spec.detect > 0) run_ = std::make_unique<DetectRun>(latent_, spec);
  else run_ = std::make_unique<LatentRun>(latent_, spec);
  return run_->error();
}

ImageRun* RunHost::image() const { return dynamic_cast<ImageRun*>(run_.get()); }

void RunHost::report_state(std::vector<Message>& out) {
  if (!latent_kind_) return;  // the main side knows an image run's state (its probe)
  UnitReport u;
  if (run_) u = latent_report(*run_);
  if (!error_.empty() || !run_) {
    u.ok = false;
    u.error = error_.empty() ? "no run is open" : error_;
  }
  u.run = serial_;
  u.epoch = epoch_;
  u.serial = 0;  // the state right here, not a unit
  out.push_back(encode_unit(u));
}

void RunHost::begin_epoch(std::uint64_t epoch) {
  dis_job_.reset();  // its reply would come in an older epoch: dropped there
  epoch_ = epoch;
  ran_ = 0;
  pending_ = 0;
  back_to_ = -1;
  anchors_.clear();
}

void RunHost::rollback(std::int64_t at) {
  if (!run_ || at >= ran_) return;
  auto a = anchors_.upper_bound(at);
  if (a == anchors_.begin()) {  // never: an anchor is kept at or before every position the main side holds
    error_ = "no saved state to go back to";
    return;
  }
  --a;
  run_->restore(*a->second);
  ran_ = a->first;
  for (; ran_ < at; ++ran_, ++replayed_) run_->step_unit();
}

void RunHost::go_back() {
  if (back_to_ < 0) return;
  rollback(back_to_);
  for (auto a = anchors_.upper_bound(back_to_); a != anchors_.end();) a = anchors_.erase(a);
  back_to_ = -1;
}

std::shared_ptr<const RunState> RunHost::state_at(std::int64_t at) {
  go_back();
  if (at >= ran_) return run_->save();
  if (auto a = anchors_.find(at); a != anchors_.end()) return a->second;  // an iteration start passed: the usual case
  const std::int64_t now = ran_;  // elsewhere: back there, then on again (the reports after it were sent)
  rollback(at);
  std::shared_ptr<const RunState> s = run_->save();
  for (; ran_ < now; ++ran_, ++replayed_) run_->step_unit();
  return s;
}

void RunHost::keep_anchors(std::int64_t taken) {
  auto keep = anchors_.upper_bound(taken);  // the last one at or before taken, and every later one
  if (keep == anchors_.begin()) return;
  --keep;
  anchors_.erase(anchors_.begin(), keep);
}

void RunHost::handle(const Message& m, std::vector<Message>& out) {
  ByteReader r(m.data(), m.size());
  std::uint32_t kind = 0;
  std::uint64_t run = 0;
  if (!read_head(r, kind, run)) return;  // not ours
  switch (static_cast<Command>(kind)) {
    case Command::Open:
      serial_ = run;
      run_.reset();
      latent_kind_ = false;
      begin_epoch(0);
      error_ = open(r);
      report_state(out);
      return;
    case Command::Drop:
      saved_.erase(r.u64());
      return;
    default: break;
  }
  if (run != serial_) return;  // a command of a run opened before (never expected: runs do not overlap)
  switch (static_cast<Command>(kind)) {
    case Command::Step: {
      const std::int64_t n = r.i64(), taken = r.i64();
      if (r.failed() || n <= 0) return;
      pending_ += n;
      keep_anchors(taken);
      return;
    }
    case Command::Cancel: {
      const std::uint64_t epoch = r.u64();
      const std::int64_t at = r.i64();
      if (r.failed()) return;
      epoch_ = epoch;
      pending_ = 0;
      dis_job_.reset();  // its reply would come in the older epoch
      back_to_ = std::min(at, ran_);  // gone back to when the state is next needed (a set or restore skips it)
      return;
    }
    case Command::Set: {
      const std::uint64_t epoch = r.u64();
      const bool force = r.u32() != 0;
      const std::vector<lessons::Setting> settings = get_settings(r);
      if (r.failed()) return;
      if (!run_) {
        report_state(out);
        return;
      }
      begin_epoch(epoch);  // every change starts the run over: where it stood does not matter
      bool restarted = false;
      const std::string e = run_->set(settings, force, restarted);
      if (!e.empty() && error_.empty()) error_ = e;  // the main side checked it: never expected
      report_state(out);
      return;
    }
    case Command::Save: {
      const std::uint64_t token = r.u64();
      const std::int64_t at = r.i64();
      if (!run_ || r.failed()) return;
      saved_[token] = state_at(at);
      keep_anchors(at);
      return;
    }
    case Command::Restore: {
      const auto s = saved_.find(r.u64());
      const std::uint64_t epoch = static_cast<std::uint64_t>(r.i64());
      begin_epoch(epoch);
      if (!run_ || s == saved_.end()) {
        if (run_) error_ = "a snapshot the run does not hold";
        report_state(out);
        return;
      }
      run_->restore(*s->second);
      error_.clear();
      report_state(out);
      return;
    }
    case Command::Score: {
      DigitVerdict v;
      v.id = r.u64();
      const std::uint64_t n = r.u64();
      std::vector<float> pixels(static_cast<std::size_t>(!r.failed() && n <= r.remaining() / 4 ? n : 0));
      if (!r.floats(pixels.data(), pixels.size()) || n != pixels.size()) return;
      go_back();
      if (!run_ || !run_->detect_view()) v.error = "only a detect lesson scores a digit";
      else if (run_->score_digit(v.id, pixels), !run_->take_verdict(v)) v.error = "the digit was not scored";
      out.push_back(encode_verdict(serial_, v));
      return;
    }
    case Command::ScoreAhead: {  // the helper's side: a whole batch at once
      const std::int64_t batch = r.i64();
      ScoredBatch b;
      go_back();
      auto* detect = dynamic_cast<DetectRun*>(run_.get());
      if (r.failed()) return;
      if (detect) b = detect->score_ahead(batch);
      else b.error = "only a detect lesson scores batches ahead";
      out.push_back(encode_scored(serial_, b));
      return;
    }
    case Command::TakeAhead: {
      ScoredBatch b;
      if (!get_scored_batch(r, b)) return;
      go_back();
      if (auto* detect = dynamic_cast<DetectRun*>(run_.get())) detect->take_ahead(std::move(b));
      return;
    }
    case Command::Views: {
      ViewRequest q;
      q.id = r.u64();
      q.real_pick = r.u64();
      if (!get_tensor(r, q.z_line) || !run_) return;
      q.score = r.u32() != 0;
      q.psi = static_cast<float>(r.f64());
      if (!get_tensor(r, q.mix_a) || !get_tensor(r, q.mix_b)) return;
      q.mix_from_b = r.u32() & 7u;
      q.disentangle = r.u32() == 1;
      ImageRun* im = image();
      if (!im) return;  // the panels of an image run only
      const std::size_t nd = static_cast<std::size_t>(im->trainer().config().noise_dim);
      if (q.z_line.shape()[0] > 0 && q.z_line.shape()[1] != nd) q.z_line = Tensor2();
      if (!(q.psi <= 1.5f)) q.psi = -1;  // NaN or out of the setting's range: the run's
      if (q.mix_a.shape()[1] != nd || q.mix_b.shape()[1] != nd || q.mix_a.shape()[0] * q.mix_b.shape()[0] > 256)
        q.mix_a = q.mix_b = Tensor2();
      go_back();
      ImageViews v = compute_image_views(im->trainer(), q);
      v.run = serial_;
      v.epoch = epoch_;
      v.serial = ran_;
      // The classes panel's judge: trained a little per request until ready (when not shipped), then scoring.
      if (judge_.usable() && !judge_.ready()) judge_.train_for(30);
      JudgeView& j = v.judge;
      j.usable = judge_.usable();
      j.ready = judge_.ready();
      j.cached = judge_.from_cache();
      j.progress = judge_.progress();
      if (j.ready) {
        j.real = judge_.real().self;
        if (q.score) j.samples = judge_.score(v.samples);
      }
      if (q.disentangle) {  // the CLI's figures for this state (its seed), judged by the classes panel's classifier
        if (!has_style_layer(im->trainer().spec())) v.dis_note = "the run's G is not style-based (no \"style\" layer)";
        else if (!j.ready) v.dis_note = "the digit classifier is not ready";
        else {  // measured in slices between units (work()); its reply comes when done
          DisentangleSettings ds;
          ds.seed = im->trainer().config().seed;
          dis_job_ = std::make_unique<DisentangleJob>(im->trainer(), judge_.classifier(), ds);
          dis_reply_ = ImageViews{};
          dis_reply_.run = v.run;
          dis_reply_.id = v.id;
          dis_reply_.epoch = v.epoch;
          dis_reply_.serial = v.serial;
          dis_reply_.dis_only = true;
        }
      }
      v.dis_running = dis_job_ ? dis_reply_.id : 0;
      out.push_back(encode_image_views(v));
      return;
    }
    default: return;
  }
}

bool RunHost::work(std::vector<Message>& out) {
  if (pending_ <= 0 && dis_job_) {  // nothing to step: a slice of the measure
    if (dis_job_->run_for(kMeasureSliceMs)) {
      dis_reply_.dis_note = dis_job_->error();
      dis_reply_.dis = std::move(dis_job_->result());
      dis_job_.reset();
      out.push_back(encode_image_views(dis_reply_));
    }
    return true;
  }
  if (pending_ <= 0) return false;
  --pending_;
  go_back();
  UnitReport u;
  if (run_ && error_.empty()) {
    // An anchor to come back to: at each iteration start (a checkpoint's bytes, cheap) and before the first unit.
    if ((run_->at_iteration_start() || anchors_.empty()) && !anchors_.count(ran_)) anchors_[ran_] = run_->save();
    run_->step_unit();
    if (const ImageRun* im = image()) {
      const Trainer& t = im->trainer();
      u = unit_report(t);
      if (t.at_step_boundary()) u.state_hash = t.state_hash_hex();
    } else {
      u = latent_report(*run_);
    }
  } else {
    u.ok = false;
    u.error = error_.empty() ? "no run is open" : error_;
  }
  u.run = serial_;
  u.epoch = epoch_;
  u.serial = ++ran_;
  out.push_back(encode_unit(u));
  return true;
}

}  // namespace ganstep::run
