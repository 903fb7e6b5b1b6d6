#include "lessons/run/image_run.h"

#include "engine/gan/image_checkpoint.h"

namespace ganstep::run {
namespace {

struct ImageState final : RunState {
  GanConfig config;
  std::vector<std::uint8_t> checkpoint;  // between two updates
  int dstep = 0;
  std::int64_t phases_done = 0;
  StepStats stats;
  std::unique_ptr<Trainer> whole;  // elsewhere: the whole trainer
  std::size_t bytes() const override { return whole ? whole_bytes : checkpoint.size(); }
  std::size_t whole_bytes = 0;
};

}  // namespace

ImageRun::ImageRun(const ImageGanSpec& spec, const GanConfig& config, std::shared_ptr<const LabeledImages> data,
                   std::string lesson_id)
    : spec_(spec), data_(std::move(data)), lesson_id_(std::move(lesson_id)) {
  trainer_ = std::make_unique<Trainer>(spec_, config, data_);
}

std::string ImageRun::rebuild(const GanConfig& config) {
  auto t = std::make_unique<Trainer>(spec_, config, data_);
  if (!t->ok()) return t->error();
  trainer_ = std::move(t);
  return "";
}

std::string ImageRun::next_config(const GanConfig& now, const std::vector<lessons::Setting>& settings, GanConfig& next) {
  for (const auto& s : settings)
    if (s.key == "data" || s.key == "g_hidden" || s.key == "d_hidden")
      return s.key + " does not apply to an image lesson (its data and layers are in the lesson file)";
  next = now;
  return lessons::apply_settings(next, settings);
}

std::string ImageRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  (void)force_restart;  // every change starts the run over
  restarted = false;
  GanConfig c;
  std::string e = next_config(trainer_->config(), settings, c);
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
  if (!trainer_->at_step_boundary() || !trainer_->ok()) {
    s->whole = std::make_unique<Trainer>(*trainer_);
    for (const NamedTensor& n : s->whole->state_tensors()) s->whole_bytes += n.value->size() * sizeof(float);
    return s;
  }
  s->checkpoint = checkpoint_bytes(*trainer_, lesson_id_);
  s->dstep = trainer_->dstep();
  s->phases_done = trainer_->phases_done();
  s->stats = trainer_->stats();
  return s;
}

void ImageRun::restore(const RunState& state) {
  const auto& s = static_cast<const ImageState&>(state);
  if (s.whole) {
    trainer_ = std::make_unique<Trainer>(*s.whole);
    return;
  }
  // Into a fresh trainer of the saved settings.
  auto t = std::make_unique<Trainer>(spec_, s.config, data_);
  load_checkpoint_bytes(s.checkpoint.data(), s.checkpoint.size(), "snapshot", *t);  // its own bytes
  t->set_progress(s.dstep, s.phases_done, s.stats);
  trainer_ = std::move(t);
}

}  // namespace ganstep::run
