#include "lessons/run/point_run.h"

#include <algorithm>
#include <cmath>

#include "engine/gan/metrics.h"
#include "engine/gan/resources.h"
#include "lessons/format/lesson.h"

namespace ganstep::run {
namespace {

struct PointState final : RunState {
  PointState(const Trainer& t, const std::vector<Trainer>& c) : trainer(t), compared(c) {}
  Trainer trainer;
  std::vector<Trainer> compared;
};

RunFigures figures(const StepStats& s) {
  RunFigures h;
  if (s.has_d) {
    h.loss_d = static_cast<float>(s.loss_d);
    h.d_real = static_cast<float>(s.d_real);
  }
  if (s.has_g) h.loss_g = static_cast<float>(s.loss_g);
  h.d_fake = static_cast<float>(s.d_fake);
  return h;
}

}  // namespace

PointRun::PointRun(const GanConfig& config, std::vector<std::string> compare)
    : trainer_(config), compare_(std::move(compare)) {
  if (compare_.size() > static_cast<std::size_t>(kMaxComparedRuns)) compare_.resize(kMaxComparedRuns);
  if (trainer_.ok()) compare_error_ = rebuild_compared(config);
}

std::string PointRun::rebuild_compared(const GanConfig& main) {
  std::vector<Trainer> runs;
  for (const auto& entry : compare_) {
    GanConfig c = main;
    std::string e = lessons::apply_compare(c, entry);
    if (!e.empty()) return "compare \"" + entry + "\": " + e;
    runs.emplace_back(c);
    if (!runs.back().ok()) return "compare \"" + entry + "\": " + runs.back().error();
  }
  compared_ = std::move(runs);
  return "";
}

bool PointRun::step_unit() {
  if (!compare_error_.empty() || !trainer_.step_phase()) return false;
  if (run::at_iteration_start(trainer_))  // an iteration completed: the compared runs catch up
    for (Trainer& c : compared_)
      while (c.ok() && c.iteration() < trainer_.iteration())
        if (!c.step_iteration()) break;  // a diverged comparison just stops
  return true;
}

lessons::Observation observe(const Trainer& t) {
  lessons::Observation o;
  o.iteration = t.iteration();
  o.phases_done = t.phases_done();
  o.next_phase = t.phase();
  o.dstep = t.dstep();
  o.k = t.config().k;
  o.stats = t.stats();
  return o;
}

lessons::Observation PointRun::observe() const {
  lessons::Observation o = run::observe(trainer_);
  for (const Trainer& c : compared_) o.compared.push_back(run::observe(c));
  return o;
}

namespace {

void measure_into(const Trainer& t, lessons::Observation& o) {
  const Divergences d = measure_divergences(t);
  o.js = d.js;
  o.kl_data_g = d.kl_data_g;
  o.kl_g_data = d.kl_g_data;
  const ModeCoverage m = measure_modes(t);  // NaN for data without modes
  o.modes = m.modes;
  o.hq = m.hq;
}

}  // namespace

bool PointRun::measure(lessons::Observation& o) const {
  if (trainer_.data_dim() > 2) return false;
  measure_into(trainer_, o);
  for (std::size_t r = 0; r < o.compared.size() && r < compared_.size(); ++r)
    if (compared_[r].ok()) measure_into(compared_[r], o.compared[r]);
  return true;
}

int PointRun::mode_count() const {
  return trainer_.ok() && trainer_.data_dim() <= 2 ? static_cast<int>(trainer_.dataset().modes().size()) : 0;
}

HistoryPoint history_point(const Trainer& t) { return history_point(t.stats()); }

HistoryPoint history_point(const StepStats& s) {
  HistoryPoint h;
  static_cast<RunFigures&>(h) = figures(s);
  return h;
}

HistoryPoint PointRun::history_point() const {
  HistoryPoint h = run::history_point(trainer_);
  for (std::size_t r = 0; r < compared_.size(); ++r)
    if (compared_[r].ok()) h.compared[r] = figures(compared_[r].stats());
  return h;
}

void PointRun::measure_history(HistoryPoint& h) const {
  if (trainer_.data_dim() > 2) return;
  const int total = mode_count();
  auto measured = [total](const Trainer& t, RunFigures& f) {  // js, and mode coverage as shares
    lessons::Observation o;
    measure_into(t, o);
    f.js = static_cast<float>(o.js);
    if (total > 0) {
      f.modes = static_cast<float>(o.modes / total);
      f.hq = static_cast<float>(o.hq);
    }
  };
  measured(trainer_, h);
  for (std::size_t r = 0; r < compared_.size(); ++r)
    if (compared_[r].ok()) measured(compared_[r], h.compared[r]);
}

std::string PointRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  GanConfig c = trainer_.next_config();
  std::string e = lessons::apply_settings(c, settings);
  if (!e.empty()) return e;
  for (const auto& entry : compare_) {  // each compared run's settings stay valid
    GanConfig probe = c;
    e = lessons::apply_compare(probe, entry);
    if (!e.empty()) return "compare \"" + entry + "\": " + e;
  }
  bool live = !force_restart;
  for (const auto& s : settings) live = live && is_live_setting(s.key);
  if (live) {
    Trainer next = trainer_;  // all or nothing
    for (const auto& s : settings) {
      e = next.retune(s.key, s.value);
      if (!e.empty()) return e;
    }
    // Each compared run's config is c with its entry on top: retune the keys that differ.
    std::vector<Trainer> runs = compared_;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      GanConfig want = c;
      lessons::apply_compare(want, compare_[r]);
      for (const auto& k : config_keys()) {
        if (!k.live) continue;
        const std::string v = k.get(want);
        if (v == k.get(runs[r].next_config())) continue;
        e = runs[r].retune(k.key, v);
        if (!e.empty()) return "compare \"" + compare_[r] + "\": " + e;
      }
    }
    trainer_ = std::move(next);
    compared_ = std::move(runs);
    return "";
  }
  Trainer fresh(c);
  if (!fresh.ok()) return fresh.error();
  e = rebuild_compared(c);  // leaves compared_ as it was on an error
  if (!e.empty()) return e;
  trainer_ = std::move(fresh);
  compare_error_.clear();
  restarted = true;
  return "";
}

std::unique_ptr<RunState> PointRun::save() const { return std::make_unique<PointState>(trainer_, compared_); }

std::size_t PointRun::snapshot_budget() const {
  constexpr double kWanted = 128;
  if (!trainer_.ok()) return 2;
  const MemoryEstimate e = estimate_point_memory(trainer_.config(), trainer_.data_dim(), 0, Keeping{0, 1});
  const double room = memory_limit() - (e.total() - e.snapshots);
  const double runs = 1.0 + static_cast<double>(compared_.size());  // a saved state holds every run
  const double n = e.snapshots > 0 ? std::floor(room / (runs * e.snapshots)) : kWanted;
  return static_cast<std::size_t>(std::max(2.0, std::min(kWanted, n)));
}

void PointRun::restore(const RunState& state) {
  const auto& s = static_cast<const PointState&>(state);
  trainer_ = s.trainer;
  compared_ = s.compared;
}

}  // namespace ganstep::run
