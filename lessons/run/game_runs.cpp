#include "lessons/run/game_runs.h"

namespace ganstep::run {
namespace {

struct GameState final : RunState {
  GameConfig settings;
  std::vector<GameRun> runs;
};

}  // namespace

GameRuns::GameRuns(const GameConfig& config, std::vector<std::string> compare)
    : settings_(config), compare_(std::move(compare)) {
  rebuild();
}

void GameRuns::rebuild() {
  runs_.clear();
  runs_.emplace_back(settings_);
  for (const auto& entry : compare_) {
    GameConfig c = settings_;
    lessons::apply_compare(c, entry);  // validated with the lesson
    runs_.emplace_back(c);
  }
}

bool GameRuns::step_unit() {
  if (!main().ok()) return false;
  for (std::size_t r = 1; r < runs_.size(); ++r) runs_[r].step();  // a diverged comparison just stops
  return runs_[0].step();
}

lessons::Observation GameRuns::observe() const {
  lessons::Observation o;  // one iteration counts as one phase; no GAN statistics
  o.iteration = main().iteration();
  o.phases_done = main().iteration();
  o.distance = main().distance();
  return o;
}

std::string GameRuns::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  GameConfig next = settings_;
  std::string e = lessons::apply_game_settings(next, settings);
  for (const auto& entry : compare_) {
    GameConfig probe = next;
    if (e.empty()) e = lessons::apply_compare(probe, entry);
  }
  if (!e.empty()) return e;
  bool live = !force_restart;
  for (const auto& s : settings)
    for (const auto& k : game_keys())
      if (s.key == k.key) live = live && k.retunable;
  if (!live) {
    settings_ = next;
    rebuild();
    restarted = true;
    return main().error();
  }
  // Each run's own config is next with its compare entry on top: retune the keys that differ.
  std::vector<GameRun> runs = runs_;  // all or nothing
  for (std::size_t r = 0; r < runs.size(); ++r) {
    GameConfig want = next;
    if (r > 0) lessons::apply_compare(want, compare_[r - 1]);
    for (const auto& k : game_keys()) {
      if (!k.retunable || k.shorthand) continue;
      const std::string v = k.get(want);
      if (v == k.get(runs[r].config())) continue;
      e = runs[r].retune(k.key, v);
      if (!e.empty()) return e;
    }
  }
  runs_ = std::move(runs);
  settings_ = next;
  return "";
}

std::unique_ptr<RunState> GameRuns::save() const {
  auto s = std::make_unique<GameState>();
  s->settings = settings_;
  s->runs = runs_;
  return s;
}

void GameRuns::restore(const RunState& state) {
  const auto& s = static_cast<const GameState&>(state);
  settings_ = s.settings;
  runs_ = s.runs;
}

}  // namespace ganstep::run
