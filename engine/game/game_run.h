// One run of a saddle-point game (engine/game/game.h): the parameters, the
// optimizers' state, the trajectory.
//
// A GameRun is a plain value: copying it is an exact snapshot (the UI keeps
// one per update rule to overlay several trajectories from the same start;
// the lesson runtime's timeline, lessons/run, steps back with such copies and
// deterministic replay).
//
// For the parameter-space panel:
//   trajectory()   the point after each iteration ([0] is the start)
//   path()         the point after every single player update (alternating runs
//                  draw their staircase: k vertical D-moves, one horizontal G-move)
//   distances()    |point - equilibrium| after each iteration
//   field(grid)    the vector field on a grid, for a quiver plot
//   eigen()        the eigenvalues of the Jacobian at the current point
//   step_eigen()   the eigenvalues of one iteration's linearised map (growth per step)
//   local_at(x,y)  everything at one point (for hover read-outs)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/game/game.h"

namespace ganstep {

struct GamePoint {
  double x, y;
};

// A regular grid: nx columns from x0 to x1 (inclusive), ny rows from y0 to y1.
// A single column or row sits at the middle of its range. nx, ny in 1..512.
struct FieldGrid {
  double x0 = -2, x1 = 2, y0 = -2, y1 = 2;
  int nx = 21, ny = 21;
};

// One arrow: at (x, y), the direction (u, w). NaN where the game is undefined.
struct FieldSample {
  double x, y, u, w;
};

class GameRun {
 public:
  // record = false keeps no trajectory or path (long CLI runs): trajectory()
  // and path() then hold only the start.
  explicit GameRun(const GameConfig& config, bool record = true);

  // False after a bad config (error() says why) or once the run has diverged
  // (a parameter became inf or NaN; error() names the iteration).
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool diverged() const { return diverged_; }

  // One iteration; false (doing nothing) once the run has failed.
  bool step();
  bool step(std::int64_t n);
  // Changes a setting from the current iteration on (game_keys() with retunable);
  // "" or an error.
  std::string retune(const std::string& key, const std::string& value);

  std::int64_t iteration() const { return core_.iteration; }
  GamePoint point() const { return GamePoint{core_.x, core_.y}; }
  GamePoint start() const { return GamePoint{start_.x, start_.y}; }
  GamePoint equilibrium() const { return GamePoint{game_.equilibrium_x(), game_.equilibrium_y()}; }
  double distance() const { return distance_of(point()); }
  double distance_of(GamePoint p) const;

  const std::vector<GamePoint>& trajectory() const { return trajectory_; }
  const std::vector<GamePoint>& path() const { return path_; }
  std::vector<double> distances() const;

  // The dynamics at the current point or anywhere (noise-free).
  GameLocal local() const { return game_.local(core_.x, core_.y); }
  GameLocal local_at(double x, double y) const { return game_.local(x, y); }
  // Eigenvalues of the rule's Jacobian J_d (with R1 or consensus; game.h).
  Eigen2 eigen() const { return eigenvalues(local().jd); }
  Eigen2 eigen_at(double x, double y) const { return eigenvalues(local_at(x, y).jd); }
  // Eigenvalues of the linearised one-iteration map (update_map in game.h): their
  // modulus is the per-step growth (> 1) or decay (< 1) of the distance nearby.
  Eigen2 step_eigen() const { return eigenvalues(update_map(config(), local().jd)); }
  Eigen2 step_eigen_at(double x, double y) const { return eigenvalues(update_map(config(), local_at(x, y).jd)); }
  // The field on a grid, row by row (y0 first), x varying fastest. with_rule:
  // the rule's direction d; else the game's own field v.
  std::vector<FieldSample> field(const FieldGrid& grid, bool with_rule = true) const;

  // FNV-1a 64 over the bytes of x then y (IEEE doubles, little-endian on every
  // target), like Trainer::state_hash.
  std::uint64_t state_hash() const;
  std::string state_hash_hex() const;

  const GameConfig& config() const { return game_.config(); }
  const Game& game() const { return game_; }

 private:
  struct Player {
    double m = 0, v = 0;                // momentum velocity / Adam moments
    double beta1_pow = 1, beta2_pow = 1;
    std::int64_t t = 0;                 // Adam steps taken
  };
  struct Core {
    double x = 0, y = 0;
    Player g, d;
    Rng rng;
    std::int64_t iteration = 0;
  };

  void update(double& p, double direction, Player& s, double lr) const;
  void draw_noise(double& eps_g, double& eps_d);
  std::string rebuild(const GameConfig& c);

  Game game_;         // the current config, compiled
  Core start_, core_;
  bool record_ = true;
  std::vector<GamePoint> trajectory_, path_;
  std::vector<std::size_t> path_end_;  // path_.size() after each iteration
  std::string error_;
  bool diverged_ = false;
};

}  // namespace ganstep
