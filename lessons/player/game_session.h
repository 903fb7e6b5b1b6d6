// The run a [game] lesson shows (lesson 6, saddle points): the main GameRun
// (engine/game/game_run.h), the runs it is compared with (the lesson's
// [game] compare entries, from the same start), and the lesson's script.
// No ImGui: unit tested in tests/player.
//
// Every run steps together, one iteration at a time. Stepping back and seeking
// are exact (GameRun::seek replays from its snapshots), and the furthest
// iteration reached stays reachable by the timeline. Beats fire as the main
// run moves forward (never on the way back); a beat's `set` retunes every run,
// and with reset = true every run starts over.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/game/game_run.h"
#include "lessons/format/beats.h"
#include "lessons/format/lesson.h"

namespace ganstep::ui {

class GameSession {
 public:
  // Loads a lesson with a [game] section (seed: the game's instance-noise seed
  // unless has_seed). On failure the session is unchanged and error says why.
  bool load(const lessons::Lesson& lesson, bool has_seed, std::uint64_t seed, std::string& error);
  bool loaded() const { return !runs_.empty(); }

  const lessons::Lesson& lesson() const { return lesson_; }
  const GameConfig& settings() const { return settings_; }  // [game] + beats' and the user's changes
  // runs()[0] is the main run, then one per [game] compare entry.
  const std::vector<GameRun>& runs() const { return runs_; }
  const GameRun& main() const { return runs_.front(); }

  std::int64_t iteration() const { return loaded() ? main().iteration() : 0; }
  std::int64_t furthest_iteration() const { return furthest_; }
  std::int64_t run_length() const { return lesson_.run_length(); }

  // Forward n iterations (every run; a compare run that diverged stops where it
  // failed). False when the main run fails (error()).
  bool step(std::int64_t n);
  bool back(std::int64_t n) { return seek(iteration() - n); }
  bool seek(std::int64_t iteration);
  // Starts every run over from iteration 0 (same settings, same start).
  void reset();
  // Starts every run over from (x, y).
  void set_start(double x, double y);
  // A game key (engine/game/game.h): a retunable key changes every run from now
  // on; start_x, start_y and seed start over. "" or an error (nothing changed).
  std::string set(const std::string& key, const std::string& value);
  const std::string& error() const { return error_; }

  // The script: beats fired so far (in order), a question waiting, pause requests.
  const lessons::BeatEvaluator& script() const { return script_; }
  const std::vector<int>& fired() const { return fired_; }
  bool answer(int choice);
  int answered_choice(int beat) const;  // -1 when not answered
  // True once after a beat with pause = true fired (the player stops playing).
  bool take_pause_request();

  // Changes whenever any state does (step, seek, retune, restart, beats).
  std::uint64_t version() const { return version_; }

 private:
  void rebuild();     // every run from settings_ at iteration 0
  void evaluate();    // the script, after the main run moved forward
  void apply(int beat);
  std::string retune_all(const GameConfig& next);

  lessons::Lesson lesson_;
  GameConfig settings_;
  std::vector<GameRun> runs_;
  std::int64_t furthest_ = 0;
  lessons::BeatEvaluator script_;
  std::vector<int> fired_;
  std::vector<std::pair<int, int>> answers_;  // (beat, choice)
  bool pause_request_ = false;
  std::string error_;
  std::uint64_t version_ = 1;
};

}  // namespace ganstep::ui
