#include "lessons/format/beats.h"

#include <cmath>
#include <memory>


namespace ganstep::lessons {

Observation observe(const Trainer& t) {
  Observation o;
  o.iteration = t.iteration();
  o.phases_done = t.phases_done();
  o.next_phase = t.phase();
  o.dstep = t.dstep();
  o.k = t.config().k;
  o.stats = t.stats();
  return o;
}

Observation observe(const GameRun& g) {
  Observation o;
  o.iteration = g.iteration();
  o.phases_done = g.iteration();
  o.distance = g.distance();
  return o;
}

std::optional<double> metric_value(Metric m, const Observation& o) {
  const StepStats& s = o.stats;
  switch (m) {
    case Metric::DReal: if (s.has_d) return s.d_real; break;
    case Metric::DFake: if (s.has_d || s.has_g) return s.d_fake; break;
    case Metric::LossD: if (s.has_d) return s.loss_d; break;
    case Metric::LossDReal: if (s.has_d) return s.loss_d_real; break;
    case Metric::LossDFake: if (s.has_d) return s.loss_d_fake; break;
    case Metric::LossG: if (s.has_g) return s.loss_g; break;
    case Metric::Js: if (!std::isnan(o.js)) return o.js; break;
    case Metric::KlDataG: if (!std::isnan(o.kl_data_g)) return o.kl_data_g; break;
    case Metric::KlGData: if (!std::isnan(o.kl_g_data)) return o.kl_g_data; break;
    case Metric::Distance: if (!std::isnan(o.distance)) return o.distance; break;
  }
  return std::nullopt;
}

BeatEvaluator::BeatEvaluator(std::vector<Beat> beats) : beats_(std::move(beats)) {}

void BeatEvaluator::rewind() {
  next_ = 0;
  awaiting_ = -1;
  have_last_ = false;
}

void BeatEvaluator::restarted(const Observation& o) {
  last_ = o;
  have_last_ = true;
}

bool BeatEvaluator::answer(int choice) {
  if (awaiting_ < 0) return false;
  const Beat& b = beats_[static_cast<std::size_t>(awaiting_)];
  awaiting_ = -1;
  return b.question && choice == b.question->answer;
}

bool BeatEvaluator::needs_divergences() const {
  if (finished() || awaiting_ >= 0) return false;
  const Trigger& t = beats_[static_cast<std::size_t>(next_)].trigger;
  return t.kind == TriggerKind::Metric &&
         (t.metric == Metric::Js || t.metric == Metric::KlDataG || t.metric == Metric::KlGData);
}

bool BeatEvaluator::needs_phase_steps() const {
  return !finished() && awaiting_ < 0 && beats_[static_cast<std::size_t>(next_)].trigger.kind == TriggerKind::AtPhase;
}

// Did the run complete phase t.phase (in an iteration >= t.after) between the
// previous update and o? Walks the step machine from the previous position.
bool BeatEvaluator::phase_passed(const Trigger& t, const Observation& o) const {
  if (!have_last_) return false;
  const std::int64_t steps = o.phases_done - last_.phases_done;
  if (steps <= 0) return false;
  const int k = last_.k > 0 ? last_.k : 1;
  const std::int64_t cycle = 5LL * k + 4;
  if (steps > 2 * cycle) return o.iteration - 1 >= t.after;  // a whole iteration passed
  Phase ph = last_.next_phase;
  int dstep = last_.dstep;
  std::int64_t it = last_.iteration;
  for (std::int64_t i = 0; i < steps; ++i) {
    if (ph == t.phase && it >= t.after) return true;
    switch (ph) {
      case Phase::UpdateD:
        ++dstep;
        ph = dstep < k ? Phase::SampleNoiseD : Phase::SampleNoiseG;
        break;
      case Phase::UpdateG:
        ++it;
        dstep = 0;
        ph = Phase::SampleNoiseD;
        break;
      default:
        ph = static_cast<Phase>(static_cast<int>(ph) + 1);
    }
  }
  return false;
}

bool BeatEvaluator::fires(const Trigger& t, const Observation& o) const {
  switch (t.kind) {
    case TriggerKind::Load: return true;
    case TriggerKind::AtIteration: return o.iteration >= t.iteration;
    case TriggerKind::AtPhase: return phase_passed(t, o);
    case TriggerKind::Metric: {
      if (o.iteration < t.after) return false;
      std::optional<double> v = metric_value(t.metric, o);
      if (!v) return false;
      return t.above ? *v > t.threshold : *v < t.threshold;
    }
  }
  return false;
}

std::vector<int> BeatEvaluator::update(const Observation& o) {
  std::vector<int> out;
  // A beat that became current in this update may fire now only for load and
  // at_iteration; at_phase and metric triggers wait for the next step, so two
  // texts never appear at once because of one observation.
  bool fresh = false;
  while (!finished() && awaiting_ < 0) {
    const Beat& b = beats_[static_cast<std::size_t>(next_)];
    const bool positional = b.trigger.kind == TriggerKind::Load || b.trigger.kind == TriggerKind::AtIteration;
    if (fresh && !positional) break;
    if (!fires(b.trigger, o)) break;
    out.push_back(next_);
    if (b.question) awaiting_ = next_;
    ++next_;
    fresh = true;
    if (b.reset) break;  // later beats watch the restarted run (see restarted())
  }
  last_ = o;
  have_last_ = true;
  return out;
}

// ---------------------------------------------------------------- LessonRun

LessonRun::LessonRun(const Lesson& lesson, std::optional<std::uint64_t> seed)
    : lesson_(lesson), seed_(seed), settings_(lesson.config), script_(lesson.beats) {
  if (seed) settings_.seed = *seed;
  trainer_ = std::make_unique<Trainer>(settings_);
  if (!trainer_->ok()) {
    error_ = trainer_->error();
    return;
  }
  if (lesson.game) {
    game_settings_ = lesson.game->config;
    if (seed) game_settings_.seed = *seed;
    game_ = std::make_unique<GameRun>(game_settings_);
    if (!game_->ok()) {
      error_ = game_->error();
      return;
    }
  }
  script_.restarted(observation());
}

Observation LessonRun::observation() const { return game_ ? observe(*game_) : observe(*trainer_); }

void LessonRun::evaluate() {
  for (int guard = 0; guard <= static_cast<int>(lesson_.beats.size()) + 1; ++guard) {
    Observation o = observation();
    if (!game_ && script_.needs_divergences()) {
      if (last_div_iteration_ < 0 || o.iteration >= last_div_iteration_ + 10 || o.iteration < last_div_iteration_) {
        last_div_ = measure_divergences(*trainer_);
        last_div_iteration_ = o.iteration;
      }
      o.js = last_div_.js;
      o.kl_data_g = last_div_.kl_data_g;
      o.kl_g_data = last_div_.kl_g_data;
    }
    std::vector<int> fired = script_.update(o);
    if (fired.empty()) return;
    for (int i : fired) {
      Fired f{i, o.iteration, o.phases_done, o.next_phase};
      fired_.push_back(f);
      if (on_fire) on_fire(f);
      apply(i);
      if (!error_.empty()) return;
    }
    if (!script_.awaiting_answer()) return;
    const Beat& b = lesson_.beats[static_cast<std::size_t>(script_.question_beat())];
    script_.answer(answer_with ? answer_with(b) : b.question->answer);
  }
}

void LessonRun::apply(int index) {
  const Beat& b = lesson_.beats[static_cast<std::size_t>(index)];
  if (b.set.empty() && !b.reset) return;
  std::string e;
  if (game_) {
    GameConfig g = game_settings_;
    e = apply_game_settings(g, b.set);
    if (!e.empty()) {
      error_ = "beat " + std::to_string(index + 1) + ": " + e;
      return;
    }
    game_settings_ = g;
    if (b.reset) {
      game_ = std::make_unique<GameRun>(game_settings_);
      if (!game_->ok()) {
        error_ = game_->error();
        return;
      }
      ++resets_;
      script_.restarted(observation());
      return;
    }
    for (const auto& s : b.set) {
      e = game_->retune(s.key, s.value);
      if (!e.empty()) {
        error_ = "beat " + std::to_string(index + 1) + ": " + e;
        return;
      }
    }
    return;
  }
  GanConfig next = settings_;
  e = apply_settings(next, b.set);
  if (!e.empty()) {
    error_ = "beat " + std::to_string(index + 1) + ": " + e;
    return;
  }
  settings_ = next;
  if (b.reset) {
    trainer_ = std::make_unique<Trainer>(settings_);
    if (!trainer_->ok()) {
      error_ = trainer_->error();
      return;
    }
    ++resets_;
    last_div_iteration_ = -1;
    script_.restarted(observe(*trainer_));
    return;
  }
  for (const auto& s : b.set) {
    e = trainer_->retune(s.key, s.value);
    if (!e.empty()) {
      error_ = "beat " + std::to_string(index + 1) + ": " + e;
      return;
    }
  }
}

void LessonRun::start() {
  if (started_ || !error_.empty()) return;
  started_ = true;
  evaluate();
}

bool LessonRun::step_phase() {
  start();
  if (!error_.empty()) return false;
  if (game_) {
    if (!game_->step()) {
      error_ = game_->error();
      return false;
    }
  } else if (!trainer_->step_phase()) {
    error_ = trainer_->error();
    return false;
  }
  evaluate();
  return error_.empty();
}

bool LessonRun::run_iterations(std::int64_t n) {
  start();
  if (!error_.empty()) return false;
  std::int64_t done = 0;
  while (done < n) {
    const std::int64_t before = iteration();
    if (!step_phase()) return false;
    if (iteration() == before + 1) ++done;
  }
  return true;
}

bool LessonRun::run_until_done(std::int64_t max_iterations) {
  start();
  if (!error_.empty()) return false;
  while (!script_.finished() && iteration() < max_iterations)
    if (!step_phase()) return false;
  return error_.empty();
}

}  // namespace ganstep::lessons
