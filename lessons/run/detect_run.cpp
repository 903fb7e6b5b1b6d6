#include "lessons/run/detect_run.h"

#include <algorithm>
#include <cmath>

namespace ganstep::run {
namespace {

struct DetectRunState final : RunState {
  lessons::LatentSpec spec;
  std::array<std::vector<DigitScore>, kDigitGroups> scores;
  std::int64_t iteration = 0;
  bool in_batch = false;  // a batch's search under way
  LatentState search;
  int ahead_units = 0;    // or a batch scored ahead: its units so far (no search)
  std::size_t bytes() const override {
    std::size_t n = 0;
    for (const auto& s : scores) n += s.size() * sizeof(DigitScore);
    return n + (in_batch ? search.z.size() * 4 * sizeof(float) : 0);
  }
};

// What decides the digits (the rest only decides their scores).
bool same_digits(const lessons::LatentSpec& a, const lessons::LatentSpec& b) {
  return a.detect == b.detect && a.seed == b.seed && a.other_generator == b.other_generator &&
         a.other_seed == b.other_seed;
}

// n fakes of g from Rng(seed, stream), in chunks (memory stays small).
void fakes_of(Sequential& g, const NoisePrior& prior, int n, std::uint64_t seed, std::uint64_t stream, Tensor2& out) {
  out = Tensor2::from_shape({std::size_t(n), std::size_t(LatentSearch::kPixels)});
  Rng rng(seed, stream);
  Tensor2 z;
  for (int at = 0; at < n; at += 64) {
    const int k = std::min(64, n - at);
    z = Tensor2::from_shape({std::size_t(k), std::size_t(prior.dim)});
    prior.sample(rng, k, z.data());
    const Tensor2& x = g.forward(z);
    std::copy_n(x.data(), x.size(), out.data() + std::size_t(at) * LatentSearch::kPixels);
  }
}

}  // namespace

DetectConfig detect_config(const lessons::LatentSpec& spec) {
  DetectConfig c;
  c.search = search_config(spec);
  c.search.starts = 1;  // one code per digit: a batch row is a digit, not a restart
  c.updates = spec.updates;
  return c;
}

std::string score_with(const LatentModels& m, const lessons::LatentSpec& spec, const Tensor2& x,
                       std::vector<DigitScore>& out, Tensor2* recon) {
  Sequential d = m.d;
  DetectNets nets{LatentNets{m.g, m.classifier, m.prior}, m.encoder.get(), &d};
  return score_digits(nets, detect_config(spec), x, out, recon);
}

DetectRun::DetectRun(std::shared_ptr<LatentModels> models, const lessons::LatentSpec& spec)
    : models_(std::move(models)), spec_(spec) {
  error_ = rebuild(spec_);
}

std::string DetectRun::rebuild(const lessons::LatentSpec& spec) {
  if (spec.detect < 1) return "detect must be at least 1 (digits per group)";
  const LatentModels& m = *models_;
  if (!m.test || m.test->size() < std::size_t(spec.detect))
    return "detect = " + std::to_string(spec.detect) + ": the held-out set has " +
           std::to_string(m.test ? m.test->size() : 0) + " digits";
  if (!spec.other_generator.empty() && spec.other_generator != m.other)
    return "other_generator " + quote_input(spec.other_generator) + " is not the G the lesson loaded";
  if (spec.other_seed != m.other_seed)
    return "other_seed " + std::to_string(spec.other_seed) + " is not the G the lesson loaded";
  std::string e = check_detect_config(detect_config(spec));
  if (!e.empty()) return e;
  const std::size_t P = LatentSearch::kPixels, N = std::size_t(spec.detect);
  std::array<Tensor2, kDigitGroups> images;
  images[0] = Tensor2::from_shape({N, P});
  std::copy_n(m.test->images.data(), N * P, images[0].data());
  Sequential g = m.g;
  fakes_of(g, m.prior, spec.detect, spec.seed, kFakeStream + 1, images[1]);
  if (!spec.other_generator.empty()) {
    Sequential og = m.other_g;
    fakes_of(og, m.other_prior, spec.detect, spec.seed, kFakeStream + 2, images[2]);
  }
  if (spec.other_seed != 0) {
    Sequential sg = m.other_seed_g;
    fakes_of(sg, m.prior, spec.detect, spec.seed, kFakeStream + 3, images[3]);
  }
  images_ = std::move(images);
  spec_ = spec;
  view_.spec = spec;
  view_.has_other = images_[std::size_t(DigitGroup::Other)].size() != 0;
  view_.has_seed = images_[std::size_t(DigitGroup::Seed)].size() != 0;
  view_.facts = latent_facts(m);
  for (auto& s : view_.scores) s.clear();
  iteration_ = 0;
  scorer_.reset();
  ahead_.clear();  // of other digits or settings
  ahead_units_ = 0;
  last_x_ = Tensor2();
  last_recon_ = Tensor2();
  return "";
}

bool DetectRun::done() const { return view_.scores[0].size() >= std::size_t(spec_.detect); }

int DetectRun::units_per_batch() const { return std::max(1, (spec_.updates + kUpdatesPerUnit - 1) / kUpdatesPerUnit); }

std::int64_t DetectRun::units_until(Until what, std::int64_t n) const {
  if (n <= 0) return 0;
  const int per = units_per_batch();
  const int into = ahead_units_ > 0 ? ahead_units_
                   : scorer_        ? (scorer_->updates_done() + kUpdatesPerUnit - 1) / kUpdatesPerUnit
                                    : 0;
  const std::int64_t rest = done() ? 1 : per - into;  // past the end, a unit is an iteration
  const std::int64_t each = done() ? 1 : per;
  (void)what;  // every unit ends an update
  return what == Until::Updates ? n : rest + (n - 1) * each;
}

std::vector<int> DetectRun::groups() const {
  std::vector<int> out;
  for (int g = 0; g < kDigitGroups; ++g)
    if (images_[std::size_t(g)].size() != 0) out.push_back(g);
  return out;
}

std::size_t DetectRun::batch_k(std::size_t from) const {
  return std::min<std::size_t>(std::size_t(spec_.batch), std::size_t(spec_.detect) - from);
}

void DetectRun::batch_input(std::size_t from, std::vector<int>& groups_out, std::size_t& k, Tensor2& x) const {
  const std::size_t P = LatentSearch::kPixels;
  k = batch_k(from);
  groups_out = groups();
  x = Tensor2::from_shape({k * groups_out.size(), P});
  for (std::size_t i = 0; i < groups_out.size(); ++i)
    std::copy_n(images_[std::size_t(groups_out[i])].data() + from * P, k * P, x.data() + i * k * P);
}

std::unique_ptr<DigitScorer> DetectRun::make_scorer(const Tensor2& x, std::string& error) {
  Sequential d = models_->d;
  DetectNets nets{LatentNets{models_->g, models_->classifier, models_->prior}, models_->encoder.get(), &d};
  auto scorer = std::make_unique<DigitScorer>(nets, detect_config(spec_), x);
  error = scorer->error();
  if (!error.empty()) scorer.reset();
  return scorer;
}

std::string DetectRun::begin_batch() {
  batch_input(view_.scores[0].size(), batch_groups_, batch_k_, batch_x_);
  std::string e;
  scorer_ = make_scorer(batch_x_, e);
  return e;
}

bool DetectRun::end_batch(const std::vector<DigitScore>& got) {
  ++iteration_;
  for (const auto& s : got)
    if (!std::isfinite(s.error)) {
      error_ = "iteration " + std::to_string(iteration_) + ": a re-synthesis error is not finite (lower lr)";
      return false;
    }
  for (std::size_t i = 0; i < batch_groups_.size(); ++i) {
    auto& to = view_.scores[std::size_t(batch_groups_[i])];
    to.insert(to.end(), got.begin() + long(i * batch_k_), got.begin() + long((i + 1) * batch_k_));
  }
  last_x_ = batch_x_;
  return true;
}

bool DetectRun::step_unit() {
  if (!error_.empty()) return false;
  if (done()) {  // past the end: nothing left to score
    ++iteration_;
    return true;
  }
  bool ahead = ahead_units_ > 0;
  if (!ahead) {  // scored ahead: on from its codes (a search under way stops where they are the same)
    const auto a = ahead_.find(iteration_);
    ahead = a != ahead_.end() && a->second.key == batch_key();
    if (ahead && scorer_) {
      ahead_units_ = scorer_->updates_done() / kUpdatesPerUnit;
      scorer_.reset();
    }
  }
  if (ahead) {
    if (++ahead_units_ < units_per_batch()) return true;
    const ScoredBatch& b = ahead_.at(iteration_);  // kept: a replay or a seek back goes through it again
    ahead_units_ = 0;
    ++taken_ahead_;
    batch_input(view_.scores[0].size(), batch_groups_, batch_k_, batch_x_);
    last_recon_ = b.recon;
    return end_batch(b.scores);
  }
  if (!scorer_) {
    const std::string e = begin_batch();
    if (!e.empty()) {
      error_ = "iteration " + std::to_string(iteration_ + 1) + ": " + e;
      return false;
    }
  }
  scorer_->step(kUpdatesPerUnit);
  if (!scorer_->done()) return true;
  std::vector<DigitScore> got;
  scorer_->finish(got, &last_recon_);
  scorer_.reset();
  return end_batch(got);
}

std::string DetectRun::batch_key() const {
  ByteWriter w;
  put_latent_spec(w, spec_);
  return std::string(w.out().begin(), w.out().end());
}

std::int64_t DetectRun::batches() const { return detect_batches(spec_); }

ScoredBatch DetectRun::score_ahead(std::int64_t batch) {
  ScoredBatch out;
  out.key = batch_key();
  if (!error_.empty()) {
    out.error = error_;
    return out;
  }
  if (batch < 0 || batch >= batches()) {
    out.error = "batch " + std::to_string(batch) + " is not one of the " + std::to_string(batches());
    return out;
  }
  std::vector<int> groups;
  std::size_t k = 0;
  Tensor2 x;
  batch_input(std::size_t(batch) * std::size_t(spec_.batch), groups, k, x);
  std::unique_ptr<DigitScorer> scorer = make_scorer(x, out.error);
  if (!scorer) return out;
  for (int unit = 1; unit < units_per_batch(); ++unit) {  // the codes the units in between leave
    scorer->step(kUpdatesPerUnit);
    out.z.push_back(scorer->state().z);
  }
  scorer->step(kUpdatesPerUnit);
  scorer->finish(out.scores, &out.recon);
  out.batch = batch;
  return out;
}

void DetectRun::take_ahead(ScoredBatch b) {
  if (!b.error.empty() || b.key != batch_key() || b.batch < iteration_ || b.batch >= batches() || ahead_.size() >= 256)
    return;
  const std::size_t rows = groups().size() * batch_k(std::size_t(b.batch) * std::size_t(spec_.batch));
  const auto shaped = [&](const Tensor2& t, std::size_t cols) { return t.shape()[0] == rows && t.shape()[1] == cols; };
  if (b.scores.size() != rows || b.z.size() != std::size_t(units_per_batch() - 1) ||
      !shaped(b.recon, LatentSearch::kPixels))
    return;
  for (const Tensor2& z : b.z)
    if (!shaped(z, std::size_t(models_->prior.dim))) return;
  ahead_[b.batch] = std::move(b);
}

RocCurve DetectRun::roc(Detector d, DigitGroup fakes) const { return view_.roc(d, fakes); }

void DetectRun::score_digit(std::uint64_t id, const std::vector<float>& pixels) {
  DigitVerdict v;
  v.id = id;
  if (!error_.empty()) v.error = error_;
  else if (pixels.size() != LatentSearch::kPixels) v.error = "a digit is 784 values (28 x 28)";
  else {
    Tensor2 x = Tensor2::from_shape({std::size_t(1), LatentSearch::kPixels});
    std::copy(pixels.begin(), pixels.end(), x.data());
    std::vector<DigitScore> got;
    Tensor2 recon;
    v.error = score_with(*models_, spec_, x, got, &recon);
    if (v.error.empty() && got.size() == 1) {
      v.score = got[0];
      v.recon.assign(recon.data(), recon.data() + LatentSearch::kPixels);
    } else if (v.error.empty()) {
      v.error = "the digit was not scored";
    }
  }
  verdict_ = std::move(v);
}

bool DetectRun::take_verdict(DigitVerdict& out) {
  if (!verdict_) return false;
  out = std::move(*verdict_);
  verdict_.reset();
  return true;
}

lessons::Observation DetectRun::observe() const {
  lessons::Observation o;
  o.iteration = iteration_;
  o.phases_done = iteration_;
  return o;
}

HistoryPoint DetectRun::history_point() const {
  HistoryPoint h;
  if (!view_.scores[1].empty()) h.latent = static_cast<float>(roc(Detector::Resynthesis, DigitGroup::Same).auc);
  return h;
}

std::string DetectRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  lessons::LatentSpec next;
  bool live = false;  // never: any change scores the digits again
  std::string e = latent_next_spec(spec_, settings, force_restart, latent_facts(*models_), next, live);
  if (!e.empty()) return e;
  // Any change scores the digits again from the start (nothing changes on an error).
  const lessons::LatentSpec keep_spec = spec_;
  auto keep_images = images_;
  auto keep_scores = view_.scores;
  const std::int64_t keep_iteration = iteration_;
  auto keep_scorer = std::move(scorer_);
  e = rebuild(next);
  if (!e.empty()) {
    spec_ = keep_spec;
    view_.spec = keep_spec;
    images_ = std::move(keep_images);
    view_.scores = std::move(keep_scores);
    iteration_ = keep_iteration;
    scorer_ = std::move(keep_scorer);
    return e;
  }
  restarted = true;
  return "";
}

std::unique_ptr<RunState> DetectRun::save() const {
  auto s = std::make_unique<DetectRunState>();
  s->spec = spec_;
  s->scores = view_.scores;
  s->iteration = iteration_;
  s->in_batch = scorer_ != nullptr || ahead_units_ > 0;
  if (scorer_) s->search = scorer_->state();
  s->ahead_units = ahead_units_;
  return s;
}

void DetectRun::restore(const RunState& state) {
  const auto& s = static_cast<const DetectRunState&>(state);
  if (!same_digits(s.spec, spec_)) rebuild(s.spec);
  spec_ = s.spec;
  view_.spec = s.spec;
  view_.scores = s.scores;
  iteration_ = s.iteration;
  last_x_ = Tensor2();
  last_recon_ = Tensor2();
  scorer_.reset();
  ahead_units_ = 0;
  if (!s.in_batch) return;
  const auto a = ahead_.find(iteration_);
  if (s.ahead_units > 0 && a != ahead_.end() && a->second.key == batch_key()) {
    ahead_units_ = s.ahead_units;
  } else if (begin_batch().empty()) {
    if (s.ahead_units > 0) scorer_->step(s.ahead_units * kUpdatesPerUnit);  // the batch is gone: search to there
    else scorer_->set_state(s.search);
  }
}

std::string DetectRun::state_hash_hex() const {
  std::uint64_t h = kFnvOffset;
  for (const auto& group : view_.scores)
    for (const DigitScore& s : group) {
      const double v[3] = {s.error, s.d, s.confidence};
      h = fnv1a_bytes(h, v, sizeof v);
    }
  if (scorer_) fnv1a_mix(h, scorer_->state().z);  // within a batch: its codes too
  if (ahead_units_ > 0) fnv1a_mix(h, ahead_.at(iteration_).z.at(std::size_t(ahead_units_ - 1)));
  return hash_hex(h);
}

}  // namespace ganstep::run
