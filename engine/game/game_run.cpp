#include "engine/game/game_run.h"

#include <cstdio>

#include "engine/core/detmath.h"

namespace ganstep {
namespace {

bool finite(double v) { return v - v == 0; }

std::string show(double v) {
  if (v != v) return "nan";
  if (!finite(v)) return v > 0 ? "inf" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Rng stream for instance noise (any fixed odd-making selector; the seed picks the run).
constexpr std::uint64_t kNoiseStream = 0x5add1e;

}  // namespace

GameRun::GameRun(const GameConfig& config, bool record) : record_(record) {
  error_ = Game::build(config, game_);
  start_.x = config.start_x;
  start_.y = config.start_y;
  start_.rng = Rng(config.seed, kNoiseStream);
  core_ = start_;
  trajectory_.push_back(point());
  path_.push_back(point());
  path_end_.push_back(1);
}

double GameRun::distance_of(GamePoint p) const {
  const double dx = p.x - game_.equilibrium_x(), dy = p.y - game_.equilibrium_y();
  return det_sqrt(dx * dx + dy * dy);
}

std::vector<double> GameRun::distances() const {
  std::vector<double> d;
  d.reserve(trajectory_.size());
  for (const auto& p : trajectory_) d.push_back(distance_of(p));
  return d;
}

void GameRun::update(double& p, double direction, Player& s, double lr) const {
  const GameConfig& c = game_.config();
  const double g = -direction;  // the gradient of the player's own loss
  switch (c.optimizer) {
    case GameOptimizer::Gd:
      p = p - lr * g;
      break;
    case GameOptimizer::Momentum:
      s.m = c.momentum * s.m + g;
      p = p - lr * s.m;
      break;
    case GameOptimizer::Adam: {
      s.t += 1;
      s.beta1_pow *= c.beta1;
      s.beta2_pow *= c.beta2;
      s.m = c.beta1 * s.m + (1 - c.beta1) * g;
      s.v = c.beta2 * s.v + (1 - c.beta2) * (g * g);
      const double m_hat = s.m / (1 - s.beta1_pow);
      const double v_hat = s.v / (1 - s.beta2_pow);
      p = p - lr * m_hat / (det_sqrt(v_hat) + c.eps);
      break;
    }
  }
}

void GameRun::draw_noise(double& eps_g, double& eps_d) {
  const double sigma = game_.config().noise;
  if (sigma > 0) {
    eps_g = sigma * static_cast<double>(core_.rng.normal());
    eps_d = sigma * static_cast<double>(core_.rng.normal());
  } else {
    eps_g = eps_d = 0;
  }
}

namespace {

// Why an update left a non-finite point: the gradient (gx, gy) it used at
// (x0, y0) was not finite (the formula is undefined or overflows there), or it
// was finite and the step overflowed (learning rates too high for the game).
std::string divergence_cause(const GameConfig& c, double gx, double gy, double x0, double y0) {
  const std::string at = "(x, y) = (" + show(x0) + ", " + show(y0) + ")";
  if (!finite(gx) || !finite(gy)) {
    std::string why = "the game's gradient is not finite at " + at;
    if (c.game == GameKind::Custom)
      why += ": the formula" + std::string(c.formula_g.empty() ? " f = \"" + c.formula + "\"" : "s") +
             " is undefined or overflows there (a log, division, root or power outside its domain); "
             "change the formula or start_x/start_y";
    else
      why += "; lower the learning rates";
    return why;
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "a step too large for this game (lr_g=%g, lr_d=%g, %s)", c.lr_g, c.lr_d,
                game_optimizer_name(c.optimizer));
  std::string why = buf;
  why += "; lower the learning rates";
  if (c.order == GameOrder::Simultaneous && c.regularizer == GameRegularizer::None)
    why += ", or use alternating order or a regularizer (simultaneous steps spiral outward around a saddle)";
  return why;
}

}  // namespace

bool GameRun::step() {
  if (!error_.empty()) return false;
  const GameConfig& c = game_.config();
  Core& s = core_;
  double eg = 0, ed = 0;
  // The first update that left a non-finite point: its name and why.
  std::string where, cause;
  auto check = [&](const std::string& name, double gx, double gy, double x0, double y0) {
    if (!where.empty() || (finite(s.x) && finite(s.y))) return;
    where = name;
    cause = divergence_cause(c, gx, gy, x0, y0);
  };
  if (c.order == GameOrder::Simultaneous) {
    draw_noise(eg, ed);
    const double x0 = s.x, y0 = s.y;
    const GameLocal l = game_.local(s.x, s.y, eg, ed);
    update(s.x, l.dx, s.g, c.lr_g);
    update(s.y, l.dy, s.d, c.lr_d);
    check("the simultaneous update", l.dx, l.dy, x0, y0);
    if (record_) path_.push_back(point());
  } else {
    int d_steps = 0;
    auto d_step = [&] {
      draw_noise(eg, ed);
      const double x0 = s.x, y0 = s.y;
      const GameLocal l = game_.local(s.x, s.y, eg, ed);
      update(s.y, l.dy, s.d, c.lr_d);
      ++d_steps;
      check("D-step " + std::to_string(d_steps) + " of " + std::to_string(c.k), 0, l.dy, x0, y0);
      if (record_) path_.push_back(point());
    };
    auto g_step = [&] {
      draw_noise(eg, ed);
      const double x0 = s.x, y0 = s.y;
      const GameLocal l = game_.local(s.x, s.y, eg, ed);
      update(s.x, l.dx, s.g, c.lr_g);
      check("the G-step", l.dx, 0, x0, y0);
      if (record_) path_.push_back(point());
    };
    if (c.g_first) g_step();
    for (int i = 0; i < c.k; ++i) d_step();
    if (!c.g_first) g_step();
  }
  s.iteration += 1;
  const bool good = finite(s.x) && finite(s.y);
  if (record_) {
    trajectory_.push_back(point());
    path_end_.push_back(path_.size());
  }
  if (!good) {
    error_ = "the run diverged at iteration " + std::to_string(s.iteration) + " in " + where +
             ": (x, y) = (" + show(s.x) + ", " + show(s.y) + "). Likely cause: " + cause;
    diverged_ = true;
    return false;
  }
  return true;
}

bool GameRun::step(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i)
    if (!step()) return false;
  return true;
}

std::string GameRun::rebuild(const GameConfig& c) {
  Game g;
  std::string e = Game::build(c, g);
  if (e.empty()) game_ = std::move(g);
  return e;
}

std::string GameRun::retune(const std::string& key, const std::string& value) {
  for (const auto& k : game_keys())
    if (key == k.key && !k.retunable) return key + ": cannot change during a run (start a new run)";
  GameConfig next = game_.config();
  std::string e = apply_game_setting(next, key, value);
  if (e.empty()) e = rebuild(next);
  return e;
}

std::vector<FieldSample> GameRun::field(const FieldGrid& grid, bool with_rule) const {
  std::vector<FieldSample> out;
  const int nx = grid.nx < 1 ? 1 : (grid.nx > 512 ? 512 : grid.nx);
  const int ny = grid.ny < 1 ? 1 : (grid.ny > 512 ? 512 : grid.ny);
  out.reserve(static_cast<std::size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j) {
    const double y = ny == 1 ? (grid.y0 + grid.y1) / 2 : grid.y0 + (grid.y1 - grid.y0) * j / (ny - 1);
    for (int i = 0; i < nx; ++i) {
      const double x = nx == 1 ? (grid.x0 + grid.x1) / 2 : grid.x0 + (grid.x1 - grid.x0) * i / (nx - 1);
      const GameLocal l = game_.local(x, y);
      out.push_back(with_rule ? FieldSample{x, y, l.dx, l.dy} : FieldSample{x, y, l.vx, l.vy});
    }
  }
  return out;
}

std::uint64_t GameRun::state_hash() const {
  std::uint64_t h = 1469598103934665603ULL;
  const double params[2] = {core_.x, core_.y};
  const auto* bytes = reinterpret_cast<const unsigned char*>(params);
  for (std::size_t i = 0; i < sizeof params; ++i) {
    h ^= bytes[i];
    h *= 1099511628211ULL;
  }
  return h;
}

std::string GameRun::state_hash_hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(state_hash()));
  return buf;
}

}  // namespace ganstep
