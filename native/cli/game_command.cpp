// `ganstep run LESSON` for a lesson with a [game] section (saddle-points): a
// two-parameter saddle-point game (engine/game/), from the lesson's settings.
//   ganstep run saddle-points --steps N [--seed S] [--set key=value ...] [--json]
// Keys: engine/game/game.h's game_keys() (game, loss, formula, rule, lr, gamma, k, ...).
#include <cstdio>
#include <string>

#include "engine/game/game_report.h"
#include "engine/game/game_run.h"
#include "native/cli/commands.h"

namespace ganstep::cli {

int game_command(const RunOptions& o, const GameConfig& base) {
  if (o.steps < 0 || o.steps > 100000000) {
    std::fprintf(stderr, "ganstep: error: --steps %lld is out of range 0..100000000\n", o.steps);
    return 2;
  }
  GameConfig config = base;
  for (const auto& kv : o.settings) {
    std::string e = apply_game_setting(config, kv);
    if (!e.empty()) {
      if (e.compare(0, 15, "unknown setting") == 0) {
        e += "; the keys of " + o.lesson + " are";
        for (const auto& k : game_keys()) e += std::string(" ") + k.key;
      }
      std::fprintf(stderr, "ganstep: error: --set: %s\n", e.c_str());  // e names the key, quotes the value
      return 1;
    }
  }
  if (o.has_seed) config.seed = o.seed;
  const std::string invalid = validate_game(config);
  if (!invalid.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", invalid.c_str());
    return 1;
  }
  GameRun run(config, /*record=*/false);
  const bool dirac = config.game == GameKind::Dirac;
  const long long every = o.steps >= 10 ? o.steps / 10 : 1;
  for (long long i = 0; i < o.steps; ++i) {
    if (!run.step()) {
      std::fprintf(stderr, "ganstep: error: %s\n", run.error().c_str());
      return 3;
    }
    if (!o.json && ((i + 1) % every == 0 || i + 1 == o.steps)) {
      const Eigen2 e = run.eigen();
      std::printf("iteration %7lld/%lld  %s %+.6f  %s %+.6f  distance %.6f  eigenvalues %.4f%+.4fi, %.4f%+.4fi\n",
                  i + 1, o.steps, dirac ? "theta" : "x", run.point().x, dirac ? "psi" : "y", run.point().y,
                  run.distance(), e.re1, e.im1, e.re2, e.im2);
      std::fflush(stdout);
    }
  }
  if (o.json) {
    std::printf("%s\n", game_state_json(run, o.lesson, false).c_str());
  } else {
    std::printf("state_hash %s\n", run.state_hash_hex().c_str());
  }
  return 0;
}

}  // namespace ganstep::cli
