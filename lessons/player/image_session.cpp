#include "lessons/player/image_session.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include "engine/gan/image_data.h"
#include "engine/io/checkpoint.h"

namespace ganstep::ui {

bool ImageSession::load(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed, std::string& error) {
  if (!lesson.image) {
    error = "lesson \"" + lesson.id + "\" is not an image lesson (it has no [data] images)";
    return false;
  }
  const ImageGanSpec& im = *lesson.image;
  const std::string key = im.data + "\n" + data_dir + "\n" + im.shape.text();
  std::shared_ptr<const LabeledImages> data = data_;
  if (!data || key != data_key_) {
    auto fresh = std::make_shared<LabeledImages>();
    const std::string e = load_image_data(im.data, data_dir, im.shape, ImageSplit::Train, *fresh);
    if (!e.empty()) {
      error = e;
      return false;
    }
    data = std::move(fresh);
  }
  GanConfig c = lesson.config;
  if (has_seed) c.seed = seed;
  auto t = std::make_unique<ImageTrainer>(im, c, data);
  if (!t->ok()) {
    error = t->error();
    return false;
  }
  lesson_ = lesson;
  data_ = std::move(data);
  data_key_ = key;
  script_ = lessons::BeatEvaluator(lesson.beats);
  fired_.clear();
  answers_.clear();
  pause_request_ = false;
  start(std::move(t));
  evaluate();  // "load" beats
  return true;
}

bool ImageSession::rebuild(const GanConfig& config, std::string& error) {
  auto t = std::make_unique<ImageTrainer>(*lesson_.image, config, data_);
  if (!t->ok()) {
    error = t->error();
    return false;
  }
  start(std::move(t));
  return true;
}

void ImageSession::start(std::unique_ptr<ImageTrainer> t) {
  trainer_ = std::move(t);
  dstep_ = 0;
  has_d_ = has_g_ = false;
  base_ = furthest_ = trainer_->iteration();  // 0, or a loaded checkpoint's iteration
  interval_ = std::max(1, snapshot_every);
  snapshots_.clear();
  recent_.clear();
  snapshots_[base_] = checkpoint_bytes(*trainer_, lesson_.id);
  history_.assign(static_cast<std::size_t>(base_), HistoryPoint{});
  error_.clear();
  script_.restarted(observation());
  ++version_;
}

std::int64_t ImageSession::updates_done() const {
  if (!loaded()) return 0;
  return iteration() * (config().k + 1) + dstep_;
}

lessons::Observation ImageSession::observation() const {
  lessons::Observation o;
  if (!loaded()) return o;
  o.iteration = iteration();
  o.phases_done = updates_done();
  o.next_phase = next_is_g() ? Phase::SampleNoiseG : Phase::SampleNoiseD;
  o.dstep = dstep_;
  o.k = config().k;
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

bool ImageSession::one_update() {
  ImageTrainer& t = *trainer_;
  if (!t.ok()) {
    error_ = t.error();
    return false;
  }
  bool ok;
  if (dstep_ < t.config().k) {
    ok = t.step_d();
    if (ok) ++dstep_;
    has_d_ = true;
  } else {
    ok = t.step_g();
    has_g_ = true;
    if (ok) {  // the G-step ends the iteration, as ImageTrainer::step_iteration does
      ImageTrainer::ScalarState s = t.scalars();
      ++s.iteration;
      t.set_scalars(s);
      dstep_ = 0;
      record();
    }
  }
  ++version_;
  if (!ok) {
    error_ = t.error();
    return false;
  }
  return true;
}

void ImageSession::record() {
  const std::int64_t it = iteration();
  furthest_ = std::max(furthest_, it);
  if (it > static_cast<std::int64_t>(history_.size())) {
    history_.resize(static_cast<std::size_t>(it));
    HistoryPoint& h = history_.back();
    const ImageStats& s = trainer_->stats();
    h.loss_d = static_cast<float>(s.loss_d);
    h.loss_g = static_cast<float>(s.loss_g);
    h.d_real = static_cast<float>(s.d_real);
    h.d_fake = static_cast<float>(s.d_fake);
  }
  if ((it - base_) % interval_ == 0 && snapshots_.count(it) == 0) {
    snapshots_[it] = checkpoint_bytes(*trainer_, lesson_.id);
    thin();
  }
}

void ImageSession::thin() {
  while (static_cast<int>(snapshots_.size()) > std::max(2, max_snapshots)) {
    interval_ *= 2;
    for (auto i = snapshots_.begin(); i != snapshots_.end();) {
      if (i->first != base_ && (i->first - base_) % interval_ != 0) i = snapshots_.erase(i);
      else ++i;
    }
  }
}

std::size_t ImageSession::snapshot_bytes() const {
  std::size_t n = 0;
  for (const auto& s : snapshots_) n += s.second.size();
  for (const auto& s : recent_) n += s.second.size();
  return n;
}

bool ImageSession::step_updates(std::int64_t n) {
  if (!loaded()) return false;
  for (std::int64_t i = 0; i < n; ++i) {
    if (!one_update()) return false;
    evaluate();
  }
  return true;
}

bool ImageSession::step_iterations(std::int64_t n) {
  if (!loaded()) return false;
  for (std::int64_t i = 0; i < n; ++i) {
    const std::int64_t target = iteration() + 1;
    while (iteration() < target)
      if (!one_update()) return false;
    evaluate();
  }
  return true;
}

// The latest snapshot at or before it, of either kind; nullptr when none.
const std::pair<const std::int64_t, std::vector<std::uint8_t>>* ImageSession::nearest(std::int64_t it) const {
  const std::pair<const std::int64_t, std::vector<std::uint8_t>>* best = nullptr;
  for (const auto* m : {&snapshots_, &recent_}) {
    auto s = m->upper_bound(it);
    if (s == m->begin()) continue;
    --s;
    if (!best || s->first > best->first) best = &*s;
  }
  return best;
}

bool ImageSession::restore(std::int64_t it) {
  const auto* s = nearest(it);
  if (!s) return false;  // never: the first snapshot is base_ <= it
  // A trainer that diverged keeps its error: restore into a fresh one.
  if (!trainer_->ok()) trainer_ = std::make_unique<ImageTrainer>(*lesson_.image, trainer_->config(), data_);
  const std::string e = ganstep::load_checkpoint_bytes(s->second.data(), s->second.size(), "snapshot", *trainer_);
  if (!e.empty()) {
    error_ = e;
    return false;
  }
  dstep_ = 0;
  // Statistics are not part of a checkpoint: the history says what they were.
  has_d_ = has_g_ = false;
  return true;
}

bool ImageSession::seek_update(std::int64_t updates) {
  if (!loaded()) return false;
  const std::int64_t per = config().k + 1;
  updates = std::max(updates, base_ * per);
  const std::int64_t it = updates / per;
  if (updates == updates_done()) return true;
  const bool forward = updates > updates_done();  // the script only runs on the way forward
  const auto* snap = nearest(it);
  const std::int64_t from = snap ? snap->first : base_;
  if (updates < updates_done() || from > iteration()) {
    // Back (or far forward): from the latest snapshot at or before the target,
    // leaving snapshots spread over the replay for the next steps back.
    if (!restore(it)) return false;
    error_.clear();
    ++version_;
    const std::int64_t d = it - from;
    const std::int64_t every = std::max<std::int64_t>(1, (d + kRecent - 1) / kRecent);
    while (updates_done() < updates) {
      if (!one_update()) return false;
      ++replayed_;
      const std::int64_t at = iteration();
      if (dstep_ == 0 && at < it && (it - at) % every == 0 && !snapshots_.count(at) && !recent_.count(at)) {
        recent_[at] = checkpoint_bytes(*trainer_, lesson_.id);
        while (static_cast<int>(recent_.size()) > kRecent) {  // drop the one farthest from the target
          auto far = recent_.begin();
          for (auto r = recent_.begin(); r != recent_.end(); ++r)
            if (std::abs(r->first - it) > std::abs(far->first - it)) far = r;
          recent_.erase(far);
        }
      }
    }
    if (forward) evaluate();
    return true;
  }
  while (updates_done() < updates)
    if (!one_update()) return false;
  evaluate();
  return true;
}

bool ImageSession::seek(std::int64_t it) {
  if (!loaded()) return false;
  it = std::max(it, base_);
  return seek_update(it * (config().k + 1));
}

bool ImageSession::back_iterations(std::int64_t n) {
  if (!loaded() || n <= 0) return loaded();
  const std::int64_t target = dstep_ > 0 ? iteration() - (n - 1) : iteration() - n;
  return seek(target);
}

bool ImageSession::back_updates(std::int64_t n) {
  if (!loaded() || n <= 0) return loaded();
  return seek_update(updates_done() - n);
}

std::size_t ImageSession::visible_history() const {
  return std::min(history_.size(), static_cast<std::size_t>(std::max<std::int64_t>(0, iteration())));
}

void ImageSession::reset() {
  if (!loaded()) return;
  std::string ignored;
  rebuild(trainer_->config(), ignored);
}

std::string ImageSession::set(const std::string& key, const std::string& value) {
  if (!loaded()) return "no image lesson is loaded";
  if (key == "data" || key == "g_hidden" || key == "d_hidden")
    return key + " does not apply to an image lesson (its data and layers are in the lesson file)";
  GanConfig c = trainer_->config();
  std::string e = apply_setting(c, key, value);
  if (!e.empty()) return e;
  rebuild(c, e);  // on a bad configuration the session stays as it was
  return e;
}

std::string ImageSession::load_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
  if (!loaded()) return name + ": no image lesson is loaded";
  // Into a copy first: the run goes on untouched whatever the bytes hold.
  auto t = std::make_unique<ImageTrainer>(*lesson_.image, trainer_->config(), data_);
  if (!t->ok()) return name + ": " + t->error();
  const std::string e = ganstep::load_checkpoint_bytes(bytes, size, name, *t);
  if (!e.empty()) return e;
  start(std::move(t));
  evaluate();
  return "";
}

void ImageSession::evaluate() {
  for (int guard = 0; guard <= static_cast<int>(lesson_.beats.size()); ++guard) {
    const std::vector<int> fired = script_.update(observation());
    if (fired.empty()) return;
    for (int i : fired) {
      fired_.push_back(i);
      if (lesson_.beats[static_cast<std::size_t>(i)].pause || lesson_.beats[static_cast<std::size_t>(i)].question)
        pause_request_ = true;
      apply(i);
    }
    ++version_;
    if (script_.awaiting_answer()) return;
  }
}

void ImageSession::apply(int index) {
  const lessons::Beat& b = lesson_.beats[static_cast<std::size_t>(index)];
  if (b.set.empty() && !b.reset) return;
  GanConfig c = trainer_->config();
  std::string e = lessons::apply_settings(c, b.set);  // checked when the lesson was parsed
  if (e.empty()) rebuild(c, e);
  if (!e.empty()) error_ = "beat " + std::to_string(index + 1) + ": " + e;
}

bool ImageSession::answer(int choice) {
  if (!script_.awaiting_answer()) return false;
  answers_.emplace_back(script_.question_beat(), choice);
  const bool right = script_.answer(choice);
  ++version_;
  evaluate();
  return right;
}

int ImageSession::answered_choice(int beat) const {
  for (const auto& a : answers_)
    if (a.first == beat) return a.second;
  return -1;
}

bool ImageSession::take_pause_request() {
  const bool p = pause_request_;
  pause_request_ = false;
  return p;
}

}  // namespace ganstep::ui
