// What the saddle-point panel draws, computed without ImGui (tested in
// tests/player): the plot's range, the quiver grid, the eigenvalues.
#pragma once

#include <string>
#include <vector>

#include "engine/game/game_run.h"
#include "lessons/run/game_runs.h"

namespace ganstep::ui {

struct SaddleRange {
  double x0 = -2, x1 = 2, y0 = -2, y1 = 2;
};

// A square around the equilibrium that holds every run's start and visible
// trajectory (at least 1.25x the start's distance, at most 1e4 from it).
SaddleRange saddle_range(const run::GameRuns& s);

// The quiver: an n x n grid over r (row by row from y0, x fastest), the
// points in xy and the rule's direction there (GameRun::field) in dxy, both
// interleaved (x, y). Returns the number of arrows.
int quiver_data(const GameRun& run, const SaddleRange& r, int n, std::vector<float>& xy, std::vector<float>& dxy);

// The arrows as drawn: each direction scaled to length sqrt(|d| / max |d|)
// (so slow regions stay visible), in place.
void quiver_display_scale(std::vector<float>& dxy);

// One run's trajectory as drawn: every player update (alternating runs show
// their staircase), as separate x and y arrays.
void path_xy(const GameRun& run, std::vector<float>& xs, std::vector<float>& ys);

// An update rule's name as the legend shows it, in the player's language
// (engine/game rule_label() is the English one the CLI prints).
std::string rule_text(const GameConfig& c, bool portuguese);

}  // namespace ganstep::ui
