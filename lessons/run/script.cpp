#include "lessons/run/script.h"

#include <cmath>


namespace ganstep::lessons {

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
    case Metric::Modes: if (!std::isnan(o.modes)) return o.modes; break;
    case Metric::Hq: if (!std::isnan(o.hq)) return o.hq; break;
  }
  return std::nullopt;
}

LiveValues live_values(const Observation& o) {
  LiveValues v;
  v.iteration = o.iteration;
  for (const auto& name : metric_names()) {
    Metric m;
    parse_metric(name, m);
    const std::size_t i = static_cast<std::size_t>(m);
    if (v.metrics.size() <= i) v.metrics.resize(i + 1, std::numeric_limits<double>::quiet_NaN());
    if (auto x = metric_value(m, o)) v.metrics[i] = *x;
  }
  for (const Observation& c : o.compared) v.compared.push_back(live_values(c).metrics);
  return v;
}

BeatEvaluator::BeatEvaluator(std::vector<Beat> beats)
    : beats_(std::make_shared<const std::vector<Beat>>(std::move(beats))) {}

void BeatEvaluator::rewind() {
  next_ = 0;
  awaiting_ = -1;
  have_last_ = false;
}

void BeatEvaluator::restarted(const Observation& o) {
  last_ = o;
  have_last_ = true;
}

bool BeatEvaluator::answer(const Answer& a) {
  if (awaiting_ < 0) return false;
  const int beat = awaiting_;
  const Beat& b = (*beats_)[static_cast<std::size_t>(beat)];
  awaiting_ = -1;
  const int to = next_beat(*beats_, beat, a);
  if (to >= 0) next_ = to;
  return b.question && answer_right(*b.question, a);
}

bool BeatEvaluator::needs_divergences(std::int64_t iteration) const {
  if (finished() || awaiting_ >= 0) return false;
  const Trigger& t = (*beats_)[static_cast<std::size_t>(next_)].trigger;
  return t.kind == TriggerKind::Metric && iteration >= t.after &&
         (t.metric == Metric::Js || t.metric == Metric::KlDataG || t.metric == Metric::KlGData ||
          t.metric == Metric::Modes || t.metric == Metric::Hq);
}

bool BeatEvaluator::needs_phase_steps() const {
  return !finished() && awaiting_ < 0 && (*beats_)[static_cast<std::size_t>(next_)].trigger.kind == TriggerKind::AtPhase;
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
  StepPosition at{last_.next_phase, last_.dstep, last_.iteration};
  for (std::int64_t i = 0; i < steps; ++i) {
    if (at.phase == t.phase && at.iteration >= t.after) return true;
    at = at.after(k);
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
    const Beat& b = (*beats_)[static_cast<std::size_t>(next_)];
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

}  // namespace ganstep::lessons
