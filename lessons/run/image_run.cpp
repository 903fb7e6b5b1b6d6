#include "lessons/run/image_run.h"

#include "engine/gan/image_checkpoint.h"

namespace ganstep::run {
namespace {

struct ImageState final : RunState {
  GanConfig config;
  std::vector<std::uint8_t> checkpoint;
  ImageStats stats;
  int dstep = 0;
  bool has_d = false, has_g = false;
  std::size_t bytes() const override { return checkpoint.size(); }
};

}  // namespace

ImageRun::ImageRun(const ImageGanSpec& spec, const GanConfig& config, std::shared_ptr<const LabeledImages> data,
                   std::string lesson_id)
    : spec_(spec), data_(std::move(data)), lesson_id_(std::move(lesson_id)) {
  trainer_ = std::make_unique<ImageTrainer>(spec_, config, data_);
}

std::string ImageRun::rebuild(const GanConfig& config) {
  auto t = std::make_unique<ImageTrainer>(spec_, config, data_);
  if (!t->ok()) return t->error();
  trainer_ = std::move(t);
  dstep_ = 0;
  has_d_ = has_g_ = false;
  return "";
}

bool ImageRun::step_unit() {
  if (!trainer_->ok()) return false;
  (next_is_g() ? has_g_ : has_d_) = true;
  return trainer_->step_update(dstep_);
}

lessons::Observation ImageRun::observe() const {
  lessons::Observation o;
  o.iteration = iteration();
  o.phases_done = iteration() * (trainer_->config().k + 1) + dstep_;
  o.next_phase = next_is_g() ? Phase::SampleNoiseG : Phase::SampleNoiseD;
  o.dstep = dstep_;
  o.k = trainer_->config().k;
  const ImageStats& s = trainer_->stats();
  o.stats.loss_d = s.loss_d;
  o.stats.loss_d_real = s.loss_d_real;
  o.stats.loss_d_fake = s.loss_d_fake;
  o.stats.loss_g = s.loss_g;
  o.stats.d_real = s.d_real;
  o.stats.d_fake = s.d_fake;
  o.stats.has_d = has_d_;
  o.stats.has_g = has_g_;
  return o;
}

HistoryPoint ImageRun::history_point() const {
  const ImageStats& s = trainer_->stats();
  HistoryPoint h;
  h.loss_d = static_cast<float>(s.loss_d);
  h.loss_g = static_cast<float>(s.loss_g);
  h.d_real = static_cast<float>(s.d_real);
  h.d_fake = static_cast<float>(s.d_fake);
  return h;
}

std::string ImageRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  (void)force_restart;  // every change starts the run over
  restarted = false;
  for (const auto& s : settings)
    if (s.key == "data" || s.key == "g_hidden" || s.key == "d_hidden")
      return s.key + " does not apply to an image lesson (its data and layers are in the lesson file)";
  GanConfig c = trainer_->config();
  std::string e = lessons::apply_settings(c, settings);
  if (e.empty()) e = rebuild(c);  // a bad one changes nothing
  restarted = e.empty();
  return e;
}

std::unique_ptr<ImageRun> ImageRun::from_checkpoint(const std::uint8_t* bytes, std::size_t size,
                                                    const std::string& name, std::string& error) const {
  auto run = std::make_unique<ImageRun>(spec_, trainer_->config(), data_, lesson_id_);
  error = run->error();
  if (!error.empty()) {
    error = name + ": " + error;
    return nullptr;
  }
  error = load_checkpoint_bytes(bytes, size, name, *run->trainer_);
  if (!error.empty()) return nullptr;
  return run;
}

std::unique_ptr<RunState> ImageRun::save() const {
  auto s = std::make_unique<ImageState>();
  s->config = trainer_->config();
  s->checkpoint = checkpoint_bytes(*trainer_, lesson_id_);
  s->stats = trainer_->stats();
  s->dstep = dstep_;
  s->has_d = has_d_;
  s->has_g = has_g_;
  return s;
}

void ImageRun::restore(const RunState& state) {
  const auto& s = static_cast<const ImageState&>(state);
  // Into a fresh trainer of the saved settings (a diverged one keeps its error).
  auto t = std::make_unique<ImageTrainer>(spec_, s.config, data_);
  load_checkpoint_bytes(s.checkpoint.data(), s.checkpoint.size(), "snapshot", *t);  // its own bytes
  t->set_stats(s.stats);
  trainer_ = std::move(t);
  dstep_ = s.dstep;
  has_d_ = s.has_d;
  has_g_ = s.has_g;
}

}  // namespace ganstep::run
