#include "engine/gan/timeline.h"

#include <algorithm>
#include <cmath>

#include "engine/gan/resources.h"

namespace ganstep {
namespace {

// How many whole trainers of config c fit in the memory limit besides the
// run itself: at most `wanted`, at least 2.
std::size_t snapshots_that_fit(const GanConfig& c, int dim, std::size_t wanted) {
  const MemoryEstimate e = estimate_point_memory(c, dim, 0, Keeping{0, 1});
  const double room = memory_limit() - (e.total() - e.snapshots);
  const double n = e.snapshots > 0 ? std::floor(room / e.snapshots) : double(wanted);
  return static_cast<std::size_t>(std::max(2.0, std::min(double(wanted), n)));
}

}  // namespace

Timeline::Timeline(const Trainer& start, int snapshot_every, std::size_t max_snapshots)
    : current_(start),
      every_(snapshot_every < 1 ? 1 : snapshot_every),
      wanted_snaps_(max_snapshots < 2 ? 2 : max_snapshots),
      max_snaps_(start.ok() ? snapshots_that_fit(start.config(), start.data_dim(), wanted_snaps_)
                            : wanted_snaps_) {
  snaps_.emplace(current_.phases_done(), current_);
}

bool Timeline::advance() {
  const std::int64_t at = current_.phases_done();
  for (const auto& r : retunes_)
    if (r.at == at) current_.retune(r.key, r.value);
  const std::int64_t it = current_.iteration();
  if (!current_.step_phase()) return false;
  if (current_.iteration() != it) {
    if (current_.iteration() > furthest_) furthest_ = current_.iteration();
    if (current_.iteration() % every_ == 0 && !snaps_.count(current_.phases_done())) {
      snaps_.emplace(current_.phases_done(), current_);
      if (snaps_.size() > max_snaps_) thin();
    }
  }
  return true;
}

void Timeline::thin() {
  // Keep the first snapshot and those at multiples of twice the interval, and
  // take new ones at that spacing: memory stays bounded, replays get longer.
  every_ *= 2;
  for (auto s = std::next(snaps_.begin()); s != snaps_.end();)
    s = s->second.iteration() % every_ != 0 ? snaps_.erase(s) : std::next(s);
}

bool Timeline::step_phase() { return advance(); }

bool Timeline::step_update() {
  for (;;) {
    const Phase p = current_.phase();
    if (!advance()) return false;
    if (p == Phase::UpdateD || p == Phase::UpdateG) return true;
  }
}

bool Timeline::step_iteration() {
  const std::int64_t target = current_.iteration() + 1;
  while (current_.iteration() < target)
    if (!advance()) return false;
  return true;
}

bool Timeline::step_iterations(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (!step_iteration()) return false;
  return true;
}

std::string Timeline::retune(const std::string& key, const std::string& value) {
  const std::int64_t at = current_.phases_done();
  std::string e = current_.retune(key, value);
  if (!e.empty()) return e;
  // Drop the recorded future: snapshots after now, and retunes at or after now.
  snaps_.erase(snaps_.upper_bound(at), snaps_.end());
  GanConfig next = current_.config();  // a new batch changes what a snapshot costs
  if (apply_setting(next, key, value).empty()) {
    max_snaps_ = snapshots_that_fit(next, current_.data_dim(), wanted_snaps_);
    while (snaps_.size() > max_snaps_) thin();
  }
  std::vector<Retune> kept;
  for (const auto& r : retunes_)
    if (r.at < at) kept.push_back(r);
  kept.push_back({at, key, value});
  retunes_ = kept;
  furthest_ = current_.iteration();
  return "";
}

void Timeline::restore_before(std::int64_t phases_done) {
  auto s = snaps_.upper_bound(phases_done);
  --s;  // the first snapshot (phases_done of the start) is never erased
  current_ = s->second;
}

bool Timeline::seek_phase(std::int64_t target) {
  if (target < snaps_.begin()->first) target = snaps_.begin()->first;
  if (target < current_.phases_done() || !current_.ok()) restore_before(target);
  // Jump forward through a stored snapshot when one is closer than the current state.
  auto s = snaps_.upper_bound(target);
  if (s != snaps_.begin() && std::prev(s)->first > current_.phases_done()) current_ = std::prev(s)->second;
  while (current_.phases_done() < target)
    if (!advance()) return false;
  return true;
}

bool Timeline::seek_iteration(std::int64_t it) {
  if (it < 0) it = 0;
  // Find the latest snapshot at or before iteration it.
  auto best = snaps_.begin();
  for (auto s = snaps_.begin(); s != snaps_.end(); ++s)
    if (s->second.iteration() <= it) best = s;
  const bool behind = current_.iteration() > it ||
                      (current_.iteration() == it && current_.phase() != Phase::SampleNoiseD) ||
                      current_.dstep() != 0 || !current_.ok();
  if (behind || best->second.phases_done() > current_.phases_done()) current_ = best->second;
  while (current_.iteration() < it)
    if (!advance()) return false;
  return true;
}

bool Timeline::back_iterations(std::int64_t n) {
  const Trainer& c = current_;
  const std::int64_t it = c.iteration() - n;
  if (it <= 0) return seek_iteration(0);
  const std::int64_t per_iteration = 5LL * c.config().k + 4;
  const std::int64_t into = c.phases_done() - (c.iteration() * per_iteration);
  // Exact arithmetic holds when k never changed; otherwise fall back to the iteration start.
  if (retunes_.empty() && into >= 0 && into < per_iteration)
    return seek_phase(c.phases_done() - n * per_iteration);
  return seek_iteration(it);
}

}  // namespace ganstep
