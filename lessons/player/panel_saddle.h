// The saddle-point panels (lesson 6 and any lesson with a [game] section): the
// game's state and the functions that draw it. PlayerImpl shows these instead
// of the GAN panels while a game lesson is loaded.
#pragma once

#include <cstdint>
#include <vector>

#include "lessons/run/game_runs.h"
#include "lessons/player/layout.h"

namespace ganstep::ui {

class PlayerImpl;

struct SaddleState {
  int quiver_n = 17;          // arrows per side
  bool show_compare = true;   // overlay the lesson's compare runs
  std::vector<float> xy, dxy, xs, ys;  // scratch
};

void panel_saddle(PlayerImpl& p, SaddleState& s, const Rect& r);

}  // namespace ganstep::ui
