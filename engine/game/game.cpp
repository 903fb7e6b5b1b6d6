#include "engine/game/game.h"
#include "engine/core/text.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "engine/core/detmath.h"
#include "engine/core/rng.h"

namespace ganstep {
namespace {

// The shortest of %.15g .. %.17g that reads back exactly (0.1, not 0.10000000000000001).
std::string fmt(double v) { return shortest_text(v, false, 15); }

std::string parse_double(const std::string& s, double lo, double hi, double& out) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || errno == ERANGE || v != v || v - v != 0)
    return quote_input(s) + " is not a number";
  if (v < lo || v > hi) return fmt(v) + " is out of range " + fmt(lo) + ".." + fmt(hi);
  out = v;
  return "";
}

std::string parse_int(const std::string& s, long lo, long hi, int& out) {
  errno = 0;
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE) return quote_input(s) + " is not an integer";
  if (v < lo || v > hi) return std::to_string(v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi);
  out = static_cast<int>(v);
  return "";
}

// Parses one of `names` (the enum value is its index).
template <typename E>
std::string parse_choice(const std::string& s, const std::vector<std::string>& names, E& out) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (s == names[i]) {
      out = static_cast<E>(i);
      return "";
    }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  std::string hint = did_you_mean(s, names);
  return "unknown value " + quote_input(s) + " (expected " + list + ")" +
         (hint.empty() ? "" : "; did you mean \"" + hint + "\"?");
}

const std::vector<std::string> kKinds = {"dirac", "bilinear", "custom"};
const std::vector<std::string> kLosses = {"minimax", "nonsat", "wgan"};
const std::vector<std::string> kOptimizers = {"gd", "momentum", "adam"};
const std::vector<std::string> kOrders = {"simultaneous", "alternating"};
const std::vector<std::string> kRegularizers = {"none", "consensus", "r1"};
const std::vector<std::string> kRules = {"simultaneous", "alternating", "momentum",
                                         "adam",         "consensus",   "r1"};
const std::vector<std::string> kFirst = {"d", "g"};

struct RuleParts {
  GameOptimizer optimizer;
  GameOrder order;
  GameRegularizer regularizer;
};
const RuleParts kRuleParts[] = {
    {GameOptimizer::Gd, GameOrder::Simultaneous, GameRegularizer::None},
    {GameOptimizer::Gd, GameOrder::Alternating, GameRegularizer::None},
    {GameOptimizer::Momentum, GameOrder::Simultaneous, GameRegularizer::None},
    {GameOptimizer::Adam, GameOrder::Simultaneous, GameRegularizer::None},
    {GameOptimizer::Gd, GameOrder::Simultaneous, GameRegularizer::Consensus},
    {GameOptimizer::Gd, GameOrder::Simultaneous, GameRegularizer::R1},
};

std::string check_formula(const std::string& text, const char* name) {
  Expr e;
  std::string err;
  if (!Expr::parse(text, e, err, name)) return err;
  return "";
}

using K = GameKey;

K number_key(const char* key, const char* help, double lo, double hi, double GameConfig::*field,
             bool retunable = true) {
  return K{key, help,
           [=](GameConfig& c, const std::string& v) { return parse_double(v, lo, hi, c.*field); },
           [=](const GameConfig& c) { return fmt(c.*field); }, false, retunable};
}

std::vector<GameKey> build_keys() {
  std::vector<GameKey> t;
  t.push_back(K{"game", "the game: dirac (Dirac-GAN), bilinear (x*y) or custom (formula)",
                [](GameConfig& c, const std::string& v) { return parse_choice(v, kKinds, c.game); },
                [](const GameConfig& c) { return std::string(game_kind_name(c.game)); }, false, true});
  t.push_back(K{"loss", "Dirac-GAN loss: minimax, nonsat (non-saturating G) or wgan",
                [](GameConfig& c, const std::string& v) { return parse_choice(v, kLosses, c.loss); },
                [](const GameConfig& c) { return std::string(game_loss_name(c.loss)); }, false, true});
  t.push_back(K{"formula", "custom game f(x,y) that D (y) maximises, e.g. x*y (sets game=custom)",
                [](GameConfig& c, const std::string& v) {
                  std::string e = check_formula(v, "formula");
                  if (e.empty()) {
                    c.formula = v;
                    c.game = GameKind::Custom;
                  }
                  return e;
                },
                [](const GameConfig& c) { return c.formula; }, false, true});
  t.push_back(K{"formula_g", "custom game: G's loss L_G(x,y) that x minimises (empty: f)",
                [](GameConfig& c, const std::string& v) {
                  std::string e = v.empty() ? std::string() : check_formula(v, "formula_g");
                  if (e.empty()) c.formula_g = v;
                  return e;
                },
                [](const GameConfig& c) { return c.formula_g; }, false, true});
  t.push_back(K{"rule",
                "update rule: simultaneous, alternating, momentum, adam, consensus or r1 "
                "(sets optimizer, order and regularizer)",
                [](GameConfig& c, const std::string& v) {
                  int i = 0;
                  std::string e = parse_choice(v, kRules, i);
                  if (e.empty()) {
                    c.optimizer = kRuleParts[i].optimizer;
                    c.order = kRuleParts[i].order;
                    c.regularizer = kRuleParts[i].regularizer;
                  }
                  return e;
                },
                [](const GameConfig& c) {
                  for (std::size_t i = 0; i < kRules.size(); ++i)
                    if (c.optimizer == kRuleParts[i].optimizer && c.order == kRuleParts[i].order &&
                        c.regularizer == kRuleParts[i].regularizer)
                      return kRules[i];
                  return rule_label(c);
                },
                true, true});
  t.push_back(K{"optimizer", "gd, momentum or adam",
                [](GameConfig& c, const std::string& v) { return parse_choice(v, kOptimizers, c.optimizer); },
                [](const GameConfig& c) { return std::string(game_optimizer_name(c.optimizer)); }, false,
                true});
  t.push_back(K{"order", "simultaneous or alternating (k D-steps, then one G-step)",
                [](GameConfig& c, const std::string& v) { return parse_choice(v, kOrders, c.order); },
                [](const GameConfig& c) { return std::string(game_order_name(c.order)); }, false, true});
  t.push_back(K{"first", "alternating: which player steps first, d (Algorithm 1) or g",
                [](GameConfig& c, const std::string& v) {
                  int i = 0;
                  std::string e = parse_choice(v, kFirst, i);
                  if (e.empty()) c.g_first = i == 1;
                  return e;
                },
                [](const GameConfig& c) { return std::string(c.g_first ? "g" : "d"); }, false, true});
  t.push_back(K{"k", "alternating: D-steps per G-step (1..1000)",
                [](GameConfig& c, const std::string& v) { return parse_int(v, 1, 1000, c.k); },
                [](const GameConfig& c) { return std::to_string(c.k); }, false, true});
  t.push_back(K{"regularizer", "none, consensus or r1 (weight gamma)",
                [](GameConfig& c, const std::string& v) {
                  return parse_choice(v, kRegularizers, c.regularizer);
                },
                [](const GameConfig& c) { return std::string(game_regularizer_name(c.regularizer)); },
                false, true});
  t.push_back(number_key("gamma", "weight of consensus or R1 (0..1000)", 0, 1000, &GameConfig::gamma));
  t.push_back(K{"lr", "learning rate of both players (sets lr_g and lr_d; 0..100, > 0)",
                [](GameConfig& c, const std::string& v) {
                  double x = 0;
                  std::string e = parse_double(v, 0, 100, x);
                  if (e.empty() && x <= 0) e = "learning rate must be > 0";
                  if (e.empty()) c.lr_g = c.lr_d = x;
                  return e;
                },
                [](const GameConfig& c) { return fmt(c.lr_g); }, true, true});
  for (int which = 0; which < 2; ++which) {
    double GameConfig::*field = which == 0 ? &GameConfig::lr_g : &GameConfig::lr_d;
    t.push_back(K{which == 0 ? "lr_g" : "lr_d",
                  which == 0 ? "G's learning rate (0..100, > 0)" : "D's learning rate (0..100, > 0)",
                  [field](GameConfig& c, const std::string& v) {
                    double x = 0;
                    std::string e = parse_double(v, 0, 100, x);
                    if (e.empty() && x <= 0) e = "learning rate must be > 0";
                    if (e.empty()) c.*field = x;
                    return e;
                  },
                  [field](const GameConfig& c) { return fmt(c.*field); }, false, true});
  }
  t.push_back(number_key("momentum", "beta of the momentum optimizer (-0.999999..0.999999)", -0.999999,
                         0.999999, &GameConfig::momentum));
  t.push_back(number_key("beta1", "Adam beta1 (0..0.999999)", 0, 0.999999, &GameConfig::beta1));
  t.push_back(number_key("beta2", "Adam beta2 (0..0.999999)", 0, 0.999999, &GameConfig::beta2));
  t.push_back(K{"eps", "Adam epsilon (0..1, > 0)",
                [](GameConfig& c, const std::string& v) {
                  double x = 0;
                  std::string e = parse_double(v, 0, 1, x);
                  if (e.empty() && x <= 0) e = "must be > 0";
                  if (e.empty()) c.eps = x;
                  return e;
                },
                [](const GameConfig& c) { return fmt(c.eps); }, false, true});
  t.push_back(number_key("noise", "instance noise sigma (0..100)", 0, 100, &GameConfig::noise));
  t.push_back(number_key("start_x", "starting x (theta) (-1e6..1e6)", -1e6, 1e6, &GameConfig::start_x, false));
  t.push_back(number_key("start_y", "starting y (psi) (-1e6..1e6)", -1e6, 1e6, &GameConfig::start_y, false));
  t.push_back(number_key("eq_x", "custom game: the equilibrium's x, for the distance", -1e6, 1e6,
                         &GameConfig::eq_x));
  t.push_back(number_key("eq_y", "custom game: the equilibrium's y, for the distance", -1e6, 1e6,
                         &GameConfig::eq_y));
  t.push_back(K{"seed", "random seed for instance noise (0..2^53)",
                [](GameConfig& c, const std::string& v) { return parse_seed(v, c.seed); },
                [](const GameConfig& c) { return std::to_string(c.seed); }, false, false});
  return t;
}

// h(t) = -log(1 + e^-t) = log sigma(t) and its derivatives (the identity for wgan).
struct HLoss {
  bool wgan;
  double h(double t) const { return wgan ? t : -det_log1p_exp(-t); }
  double d1(double t) const { return wgan ? 1.0 : det_sigmoid(-t); }
  double d2(double t) const { return wgan ? 0.0 : -(det_sigmoid(t) * det_sigmoid(-t)); }
};

}  // namespace

const char* game_kind_name(GameKind k) { return kKinds[static_cast<int>(k)].c_str(); }
const char* game_loss_name(GameLoss l) { return kLosses[static_cast<int>(l)].c_str(); }
const char* game_optimizer_name(GameOptimizer o) { return kOptimizers[static_cast<int>(o)].c_str(); }
const char* game_order_name(GameOrder o) { return kOrders[static_cast<int>(o)].c_str(); }
const char* game_regularizer_name(GameRegularizer r) { return kRegularizers[static_cast<int>(r)].c_str(); }
const std::vector<std::string>& rule_names() { return kRules; }

const std::vector<GameKey>& game_keys() {
  static const std::vector<GameKey> keys = build_keys();
  return keys;
}

std::string apply_game_setting(GameConfig& c, const std::string& key, const std::string& value) {
  std::vector<std::string> names;
  for (const auto& k : game_keys()) {
    if (key == k.key) {
      std::string e = k.set(c, value);
      if (e.empty() || e.compare(0, key.size() + 1, key + ":") == 0) return e;  // formula errors name it
      return key + ": " + e;
    }
    names.push_back(k.key);
  }
  std::string hint = did_you_mean(key, names);
  return "unknown setting " + quote_input(key) + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)");
}

std::string apply_game_setting(GameConfig& c, const std::string& kv) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0) return "expected key=value, got " + quote_input(kv);
  return apply_game_setting(c, kv.substr(0, eq), kv.substr(eq + 1));
}

std::string validate_game(const GameConfig& c) {
  Game g;
  return Game::build(c, g);
}

std::string rule_label(const GameConfig& c) {
  std::string s;
  if (c.order == GameOrder::Alternating)
    s = "alternating ";
  else
    s = "simultaneous ";
  s += c.optimizer == GameOptimizer::Gd ? "GD" : c.optimizer == GameOptimizer::Momentum ? "momentum" : "Adam";
  if (c.optimizer == GameOptimizer::Momentum) s += " (beta=" + fmt(c.momentum) + ")";
  if (c.order == GameOrder::Alternating)
    s += std::string(" (k=") + std::to_string(c.k) + (c.g_first ? ", G first)" : ", D first)");
  if (c.regularizer == GameRegularizer::Consensus) s += " + consensus gamma=" + fmt(c.gamma);
  if (c.regularizer == GameRegularizer::R1) s += " + R1 gamma=" + fmt(c.gamma);
  if (c.noise > 0) s += " + instance noise sigma=" + fmt(c.noise);
  return s;
}

Eigen2 eigenvalues(const Jacobian2& j) {
  Eigen2 e;
  e.trace = j.a + j.d;
  e.det = j.a * j.d - j.b * j.c;
  const double h = e.trace / 2;
  const double disc = h * h - e.det;
  if (disc < 0) {
    const double s = det_sqrt(-disc);
    e.re1 = e.re2 = h;
    e.im1 = s;
    e.im2 = -s;
  } else {
    // Real pair, the larger-magnitude root first without cancellation, then det / it.
    const double s = det_sqrt(disc);
    const double big = h >= 0 ? h + s : h - s;
    const double small = big != 0 ? e.det / big : 0.0;
    e.re1 = big >= small ? big : small;
    e.re2 = big >= small ? small : big;
    if (disc != disc) e.re1 = e.re2 = disc;  // NaN in, NaN out
    e.im1 = e.im2 = 0.0;
  }
  return e;
}

namespace {
Jacobian2 matmul(const Jacobian2& p, const Jacobian2& q) {
  return Jacobian2{p.a * q.a + p.b * q.c, p.a * q.b + p.b * q.d, p.c * q.a + p.d * q.c, p.c * q.b + p.d * q.d};
}
}  // namespace

Jacobian2 update_map(const GameConfig& c, const Jacobian2& j) {
  if (c.optimizer != GameOptimizer::Gd) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return Jacobian2{nan, nan, nan, nan};
  }
  if (c.order == GameOrder::Simultaneous)
    return Jacobian2{1 + c.lr_g * j.a, c.lr_g * j.b, c.lr_d * j.c, 1 + c.lr_d * j.d};
  const Jacobian2 g{1 + c.lr_g * j.a, c.lr_g * j.b, 0, 1};
  const Jacobian2 d{1, 0, c.lr_d * j.c, 1 + c.lr_d * j.d};
  Jacobian2 dk{1, 0, 0, 1};
  for (int i = 0; i < c.k; ++i) dk = matmul(d, dk);
  return c.g_first ? matmul(dk, g) : matmul(g, dk);
}

double spectral_radius(const Eigen2& e) {
  const double m1 = det_sqrt(e.re1 * e.re1 + e.im1 * e.im1);
  const double m2 = det_sqrt(e.re2 * e.re2 + e.im2 * e.im2);
  if (m1 != m1 || m2 != m2) return m1 + m2;  // NaN
  return m1 > m2 ? m1 : m2;
}

std::string Game::build(const GameConfig& c, Game& out) {
  Game g;
  g.config_ = c;
  std::string err;
  if (c.k < 1) {
    err = "k: must be >= 1";
  } else if (!(c.lr_g > 0) || !(c.lr_d > 0)) {
    err = "lr: must be > 0";
  } else if (c.game == GameKind::Custom) {
    if (Expr::parse(c.formula, g.f_, err, "formula") && !c.formula_g.empty() &&
        Expr::parse(c.formula_g, g.g_, err, "formula_g"))
      g.has_g_ = true;
    g.eq_x_ = c.eq_x;
    g.eq_y_ = c.eq_y;
  }
  if (!err.empty()) {  // a game that is all zeros, but with the config (for messages)
    g.f_ = Expr();
    g.g_ = Expr();
    g.has_g_ = false;
  }
  out = std::move(g);
  return err;
}

void Game::game_field(double x, double y, double eps_g, double eps_d, GameLocal& o) const {
  switch (config_.game) {
    case GameKind::Bilinear: {
      const double xe = x + eps_g;
      o.value = xe * y;
      o.vx = -y;
      o.vy = xe;
      o.jv = Jacobian2{0.0, -1.0, 1.0, 0.0};
      return;
    }
    case GameKind::Dirac: {
      const HLoss h{config_.loss == GameLoss::Wgan};
      const double th = x + eps_g, psi = y;
      const double t = psi * th;
      const double h1 = h.d1(t), h2 = h.d2(t);
      // D's side: d/dpsi [h(psi theta) + h(-psi eps_d)]
      double vy = h1 * th, j22 = h2 * th * th;
      const double s = -psi * eps_d;
      o.value = h.h(t) + h.h(s);
      if (eps_d != 0) {
        vy = vy - h.d1(s) * eps_d;
        j22 = j22 + h.d2(s) * eps_d * eps_d;
      }
      o.vy = vy;
      if (config_.loss == GameLoss::NonSaturating) {
        const double n1 = h.d1(-t), n2 = h.d2(-t);
        o.vx = -(n1 * psi);
        o.jv = Jacobian2{n2 * psi * psi, n2 * th * psi - n1, h2 * psi * th + h1, j22};
      } else {
        o.vx = -(h1 * psi);
        o.jv = Jacobian2{-(h2 * psi * psi), -(h2 * th * psi + h1), h2 * psi * th + h1, j22};
      }
      return;
    }
    case GameKind::Custom: {
      const double xe = x + eps_g;
      const Jet f = f_.eval(xe, y);
      const Jet l = has_g_ ? g_.eval(xe, y) : f;
      o.value = f.v;
      o.vx = -l.dx;
      o.vy = f.dy;
      o.jv = Jacobian2{-l.dxx, -l.dxy, f.dxy, f.dyy};
      return;
    }
  }
}

GameLocal Game::local(double x, double y, double eps_g, double eps_d) const {
  GameLocal o;
  game_field(x, y, eps_g, eps_d, o);
  o.dx = o.vx;
  o.dy = o.vy;
  o.jd = o.jv;
  const double gamma = config_.gamma;
  if (config_.regularizer == GameRegularizer::R1) {
    o.dy = o.vy - gamma * y;
    o.jd.d = o.jv.d - gamma;
  } else if (config_.regularizer == GameRegularizer::Consensus) {
    const Jacobian2& j = o.jv;
    // grad (|v|^2 / 2) = J^T v
    const double gx = j.a * o.vx + j.c * o.vy;
    const double gy = j.b * o.vx + j.d * o.vy;
    o.dx = o.vx - gamma * gx;
    o.dy = o.vy - gamma * gy;
    // J - gamma J^T J
    o.jd.a = j.a - gamma * (j.a * j.a + j.c * j.c);
    o.jd.b = j.b - gamma * (j.a * j.b + j.c * j.d);
    o.jd.c = j.c - gamma * (j.b * j.a + j.d * j.c);
    o.jd.d = j.d - gamma * (j.b * j.b + j.d * j.d);
  }
  return o;
}

}  // namespace ganstep
