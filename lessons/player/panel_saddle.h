// The saddle-point panels (lesson 6 and any lesson with a [game] section): the
// game's state and the functions that draw it. PlayerImpl shows these instead
// of the GAN panels while a game lesson is loaded.
#pragma once

#include <cstdint>
#include <vector>

#include "lessons/player/game_session.h"
#include "lessons/player/layout.h"

namespace ganstep::ui {

class PlayerImpl;

struct SaddleState {
  GameSession game;
  bool active = false;        // a [game] lesson is loaded: the player shows these panels
  int quiver_n = 17;          // arrows per side
  bool show_compare = true;   // overlay the lesson's compare runs
  int shown_beat = -1;        // the fired beat the narration shows (-1: the latest)
  std::uint64_t seen_version = 0;
  std::vector<float> xy, dxy, xs, ys;  // scratch
};

// The game panels' rectangles: controls on top, the field plot with its charts, the narration.
struct SaddleLayout {
  Rect controls, saddle, narration;
};
SaddleLayout saddle_layout(float x, float y, float w, float h, float font);

void panel_saddle_controls(PlayerImpl& p, SaddleState& s, const Rect& r);
void panel_saddle(PlayerImpl& p, SaddleState& s, const Rect& r);
void panel_saddle_narration(PlayerImpl& p, SaddleState& s, const Rect& r);

}  // namespace ganstep::ui
