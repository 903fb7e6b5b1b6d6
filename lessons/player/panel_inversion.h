// The find-latent panels (any lesson with a [latent] section): the target
// next to G(z) and a 28x28 brush canvas, the loss curve and the search's
// controls (Inversion); the code's path in a 2-D PCA projection (CodePath).
// A drawn digit becomes the run's target ("image:HEX" as [latent] target: the
// run starts over, and a share link carries it).
#pragma once

#include <cstdint>
#include <vector>

#include "imgui.h"
#include "lessons/player/layout.h"

namespace ganstep::ui {

class PlayerImpl;

struct InversionState {
  std::vector<float> canvas = std::vector<float>(784, -1.0f);  // [-1, 1], white ink on black
  int digit = 0;                  // the held-out digit field
  bool stroke = false;
  // The path's projection, rebuilt when the session changes.
  std::uint64_t path_version = 0;
  std::size_t path_n = 0;         // and the path's length and last value then (a remote run's view comes later)
  float path_last = 0;
  std::vector<float> xy;          // projected points (x0, y0, x1, y1, ...)
  float extent = 1.0f;
  std::vector<float> xs, ys;      // scratch (the loss curve)
  std::string message;
};

void panel_inversion(PlayerImpl& p, InversionState& s, const Rect& r);

// A 28x28 digit in [-1, 1] as grey squares of side `side`, with a label under
// it; returns the top-left corner (the detect panels draw theirs the same way).
// note: its name in the layout (PlayerImpl::layout.note), when given.
ImVec2 draw_digit(PlayerImpl& p, const float* px, float side, const char* label, const char* note = nullptr);
// The brush canvas drawn by draw_digit at `at`: the left button draws, the
// right erases; true when a stroke touched it this frame.
bool brush_canvas(std::vector<float>& canvas, ImVec2 at, float side);
void panel_code_path(PlayerImpl& p, InversionState& s, const Rect& r);

// The path's points (n rows of dim) projected on their two principal
// directions (through the origin, so the prior's circle stays centred): xy
// gets 2n values. Power iteration in double, a fixed number of rounds.
void project_path(const std::vector<float>& path, int dim, std::vector<float>& xy);

}  // namespace ganstep::ui
