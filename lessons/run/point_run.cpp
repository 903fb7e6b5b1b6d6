#include "lessons/run/point_run.h"

#include <algorithm>
#include <cmath>

#include "engine/gan/metrics.h"
#include "engine/gan/resources.h"

namespace ganstep::run {
namespace {

struct PointState final : RunState {
  explicit PointState(const Trainer& t) : trainer(t) {}
  Trainer trainer;
};

}  // namespace

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

bool PointRun::measure(lessons::Observation& o) const {
  if (trainer_.data_dim() > 2) return false;
  const Divergences d = measure_divergences(trainer_);
  o.js = d.js;
  o.kl_data_g = d.kl_data_g;
  o.kl_g_data = d.kl_g_data;
  const ModeCoverage m = measure_modes(trainer_);  // NaN for data without modes
  o.modes = m.modes;
  o.hq = m.hq;
  return true;
}

int PointRun::mode_count() const {
  return trainer_.ok() && trainer_.data_dim() <= 2 ? static_cast<int>(trainer_.dataset().modes().size()) : 0;
}

HistoryPoint history_point(const Trainer& t) { return history_point(t.stats()); }

HistoryPoint history_point(const StepStats& s) {
  HistoryPoint h;
  if (s.has_d) {
    h.loss_d = static_cast<float>(s.loss_d);
    h.d_real = static_cast<float>(s.d_real);
  }
  if (s.has_g) h.loss_g = static_cast<float>(s.loss_g);
  h.d_fake = static_cast<float>(s.d_fake);
  return h;
}

std::string PointRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  GanConfig c = trainer_.next_config();
  std::string e = lessons::apply_settings(c, settings);
  if (!e.empty()) return e;
  bool live = !force_restart;
  for (const auto& s : settings) live = live && is_live_setting(s.key);
  if (live) {
    Trainer next = trainer_;  // all or nothing
    for (const auto& s : settings) {
      e = next.retune(s.key, s.value);
      if (!e.empty()) return e;
    }
    trainer_ = std::move(next);
    return "";
  }
  Trainer fresh(c);
  if (!fresh.ok()) return fresh.error();
  trainer_ = std::move(fresh);
  restarted = true;
  return "";
}

std::unique_ptr<RunState> PointRun::save() const { return std::make_unique<PointState>(trainer_); }

std::size_t PointRun::snapshot_budget() const {
  constexpr double kWanted = 128;
  if (!trainer_.ok()) return 2;
  const MemoryEstimate e = estimate_point_memory(trainer_.config(), trainer_.data_dim(), 0, Keeping{0, 1});
  const double room = memory_limit() - (e.total() - e.snapshots);
  const double n = e.snapshots > 0 ? std::floor(room / e.snapshots) : kWanted;
  return static_cast<std::size_t>(std::max(2.0, std::min(kWanted, n)));
}

void PointRun::restore(const RunState& state) { trainer_ = static_cast<const PointState&>(state).trainer; }

}  // namespace ganstep::run
