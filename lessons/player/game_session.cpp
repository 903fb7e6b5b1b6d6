#include "lessons/player/game_session.h"

#include <algorithm>

namespace ganstep::ui {

bool GameSession::load(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed, std::string& error) {
  if (!lesson.game) {
    error = "lesson \"" + lesson.id + "\" has no [game] section";
    return false;
  }
  GameConfig c = lesson.game->config;
  if (has_seed) c.seed = seed;
  std::string e = validate_game(c);
  for (const auto& entry : lesson.game->compare) {
    GameConfig probe = c;
    if (e.empty()) e = lessons::apply_compare(probe, entry);
  }
  if (!e.empty()) {
    error = e;
    return false;
  }
  lesson_ = lesson;
  settings_ = c;
  script_ = lessons::BeatEvaluator(lesson.beats);
  fired_.clear();
  answers_.clear();
  pause_request_ = false;
  rebuild();
  evaluate();  // "load" beats
  return true;
}

void GameSession::rebuild() {
  runs_.clear();
  runs_.emplace_back(settings_);
  for (const auto& entry : lesson_.game->compare) {
    GameConfig c = settings_;
    lessons::apply_compare(c, entry);  // validated at load
    runs_.emplace_back(c);
  }
  furthest_ = 0;
  error_ = main().error();
  script_.restarted(lessons::observe(main()));
  ++version_;
}

bool GameSession::step(std::int64_t n) {
  if (!loaded()) return false;
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::size_t r = 1; r < runs_.size(); ++r) runs_[r].step();  // a diverged comparison just stops
    const bool ok = runs_[0].step();
    furthest_ = std::max(furthest_, iteration());
    ++version_;
    if (!ok) {
      error_ = main().error();
      return false;
    }
    evaluate();
  }
  return true;
}

bool GameSession::seek(std::int64_t it) {
  if (!loaded()) return false;
  it = std::max<std::int64_t>(0, it);
  if (it > furthest_) return step(it - iteration());
  for (std::size_t r = 1; r < runs_.size(); ++r) runs_[r].seek(it);
  const bool ok = runs_[0].seek(it);
  error_ = ok ? std::string() : main().error();
  ++version_;
  return ok;
}

void GameSession::reset() {
  if (!loaded()) return;
  rebuild();
}

void GameSession::set_start(double x, double y) {
  if (!loaded()) return;
  settings_.start_x = std::clamp(x, -1e6, 1e6);
  settings_.start_y = std::clamp(y, -1e6, 1e6);
  rebuild();
}

std::string GameSession::retune_all(const GameConfig& next) {
  // Each run's own config is next with its compare entry on top: retune the keys that differ.
  for (std::size_t r = 0; r < runs_.size(); ++r) {
    GameConfig want = next;
    if (r > 0) lessons::apply_compare(want, lesson_.game->compare[r - 1]);
    for (const auto& k : game_keys()) {
      if (!k.retunable || k.shorthand) continue;
      const std::string v = k.get(want);
      if (v == k.get(runs_[r].config())) continue;
      std::string e = runs_[r].retune(k.key, v);
      if (!e.empty()) return e;
    }
  }
  settings_ = next;
  ++version_;
  return "";
}

std::string GameSession::set(const std::string& key, const std::string& value) {
  if (!loaded()) return "no game lesson is loaded";
  GameConfig next = settings_;
  std::string e = apply_game_setting(next, key, value);
  if (e.empty()) e = validate_game(next);
  for (const auto& entry : lesson_.game->compare) {
    GameConfig probe = next;
    if (e.empty()) e = lessons::apply_compare(probe, entry);
  }
  if (!e.empty()) return e;
  bool live = true;
  for (const auto& k : game_keys())
    if (key == k.key) live = k.retunable;
  if (!live) {
    settings_ = next;
    rebuild();
    return "";
  }
  // Past the current iteration the recorded future no longer holds.
  furthest_ = iteration();
  return retune_all(next);
}

void GameSession::evaluate() {
  for (int guard = 0; guard <= static_cast<int>(lesson_.beats.size()); ++guard) {
    const std::vector<int> fired = script_.update(lessons::observe(main()));
    if (fired.empty()) return;
    for (int i : fired) {
      fired_.push_back(i);
      if (lesson_.beats[static_cast<std::size_t>(i)].pause) pause_request_ = true;
      apply(i);
    }
    ++version_;
    if (script_.awaiting_answer()) return;
  }
}

void GameSession::apply(int index) {
  const lessons::Beat& b = lesson_.beats[static_cast<std::size_t>(index)];
  if (b.set.empty() && !b.reset) return;
  GameConfig next = settings_;
  std::string e = lessons::apply_game_settings(next, b.set);  // checked when the lesson was parsed
  if (!e.empty()) {
    error_ = "beat " + std::to_string(index + 1) + ": " + e;
    return;
  }
  if (b.reset) {
    settings_ = next;
    rebuild();
    return;
  }
  furthest_ = iteration();
  e = retune_all(next);
  if (!e.empty()) error_ = "beat " + std::to_string(index + 1) + ": " + e;
}

bool GameSession::answer(int choice) {
  if (!script_.awaiting_answer()) return false;
  answers_.emplace_back(script_.question_beat(), choice);
  const bool right = script_.answer(choice);
  ++version_;
  evaluate();  // the beats waiting behind the question
  return right;
}

int GameSession::answered_choice(int beat) const {
  for (const auto& a : answers_)
    if (a.first == beat) return a.second;
  return -1;
}

bool GameSession::take_pause_request() {
  const bool p = pause_request_;
  pause_request_ = false;
  return p;
}

}  // namespace ganstep::ui
