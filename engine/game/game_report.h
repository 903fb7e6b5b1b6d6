// A game run's state as one JSON object, in the shape of engine/gan/report.h
// (shared by `ganstep run saddle-points --json` and any web page):
//   {"lesson", "seed", "steps", "state_hash",
//    "metrics": {"theta", "psi"  (Dirac-GAN; "x", "y" for the other games),
//                "distance", "eig1_re", "eig1_im", "eig2_re", "eig2_im", "value", "speed"},
//    "game", "rule", "error"}      (the last three with_position only, "error" when failed)
// distance is to the equilibrium; eig* are the eigenvalues of the rule's Jacobian at the
// current point (engine/game/game.h); value is f(x, y); speed is |d|, the length of the
// rule's direction there. Non-finite numbers are written as null.
#pragma once

#include <string>

#include "engine/game/game_run.h"

namespace ganstep {

std::string game_state_json(const GameRun& run, const std::string& lesson, bool with_position);

}  // namespace ganstep
