// Saddle-point games of two scalar parameters: the generator's x (theta) and the
// discriminator's y (psi). G minimises its loss L_G(x, y) over x; D maximises
// f(x, y) over y (a zero-sum game has L_G = f). The game's vector field is the
// direction of simultaneous gradient play,
//
//     v(x, y) = ( -dL_G/dx , df/dy ),
//
// and its Jacobian is J = dv/d(x, y) = [[-L_G_xx, -L_G_xy], [f_yx, f_yy]] (subscripts:
// partial derivatives). Near an equilibrium, gradient flow (x, y)' = v cycles when J's
// eigenvalues are purely imaginary and converges when their real parts are negative.
//
// THE GAMES
//   bilinear   f(x, y) = x*y.  v = (-y, x), J = [[0, -1], [1, 0]], eigenvalues +-i.
//
//   dirac      The Dirac-GAN of Mescheder, Geiger and Nowozin (2018), "Which Training
//              Methods for GANs do actually Converge?" (ICML), Sections 2 and 3: the data
//              is a point mass at 0, G is a point mass at theta, and D is linear,
//              D_psi(x) = psi*x (a logit; D(x) = sigma(psi*x)). The paper's objective,
//              which D maximises, is
//                  f(theta, psi) = h(D_psi(G_theta)) + h(-D_psi(0)) = h(psi*theta) + h(0).
//              Mind the paper's sign convention: D_psi is large on FAKE points, so
//              sigma(psi*x) is D's probability that x is fake and the usual probability
//              "x is real" is sigma(-psi*x). (Flipping psi's sign gives Goodfellow et al.'s
//              form, with mirror-image dynamics.)
//                minimax  h(t) = -log(1 + exp(-t)) = log sigma(t); G minimises
//                         L_G = f = h(psi*theta) + h(0), i.e. log(1 - D_real(G)).
//                nonsat   D as above; G minimises L_G = -h(-psi*theta) = -log sigma(-psi*theta)
//                         = -log D_real(G), the non-saturating loss.
//                wgan     h(t) = t: f = psi*theta (the bilinear game in theta, psi).
//              With t = psi*theta, h'(t) = sigma(-t) and h''(t) = -sigma(t)*sigma(-t):
//                minimax  v = (-h'(t) psi, h'(t) theta)
//                         J = [[-h''(t) psi^2,           -(h''(t) theta psi + h'(t))],
//                              [h''(t) psi theta + h'(t),  h''(t) theta^2          ]]
//                nonsat   v = (-h'(-t) psi, h'(t) theta)
//                         J = [[h''(-t) psi^2,            h''(-t) theta psi - h'(-t)],
//                              [h''(t) psi theta + h'(t),  h''(t) theta^2          ]]
//              The only equilibrium is (0, 0), where J = [[0, -h'(0)], [h'(0), 0]] with
//              eigenvalues +-i h'(0): +-i/2 for minimax and nonsat (h'(0) = 1/2), +-i for wgan.
//              Without regularization: minimax and wgan cycle (alternating) or spiral out
//              (simultaneous). For nonsat, trace J = h''(-t) psi^2 + h''(t) theta^2 < 0 away
//              from (0, 0) but -> 0 at it: alternating steps converge only sublinearly
//              (distance ~ 1/sqrt(t)), simultaneous steps settle on a limit cycle whose
//              radius grows with the step.
//
//   custom     f and optionally L_G as formulas in x and y (engine/game/expr.h), e.g.
//              formula = "x*y - 0.1*y^2". Without formula_g, L_G = f. The derivatives are
//              exact (forward-mode jets). The distance is measured to (eq_x, eq_y).
//
// THE UPDATE RULES (GameRun::step). One iteration is one update of each player,
// or k D-updates and one G-update when alternating.
//   order       simultaneous: both players step from the same point (one evaluation).
//               alternating: k D-steps, then one G-step (Goodfellow et al. 2014,
//               Algorithm 1), each from the latest point. first = g puts the G-step
//               first: on x*y that is x <- x - eta*y, then y <- y + eta*x with the new x,
//               which conserves x^2 + y^2 - eta*x*y (D first conserves x^2 + y^2 + eta*x*y).
//   optimizer   Each player descends its own loss with the gradient g = -(its component
//               of the direction d below), with lr_g (G) and lr_d (D):
//                 gd        p <- p - lr*g
//                 momentum  m <- beta*m + g;  p <- p - lr*m   (PyTorch's form; beta < 0 is
//                           the negative momentum of Gidel et al. 2019)
//                 adam      PyTorch's bias-corrected Adam, per player (scalar m, v):
//                           p <- p - lr * m_hat / (sqrt(v_hat) + eps)
//   regularizer The direction d that replaces v:
//                 none      d = v.
//                 r1        The R1 gradient penalty (Mescheder et al. 2018, eq. 9): D maximises
//                           f - (gamma/2) E_data[ |grad_x D_psi(x)|^2 ]. For the Dirac-GAN
//                           grad_x D_psi(x) = psi everywhere, so the penalty is (gamma/2) psi^2:
//                             d = (v_x, v_y - gamma*psi),  J_d = J - [[0, 0], [0, gamma]].
//                           At (0, 0) the eigenvalues are (-gamma +- sqrt(gamma^2 - 4 h'(0)^2)) / 2:
//                           negative real parts for any gamma > 0, so small enough steps converge.
//                           The bilinear and custom games get the same term, (gamma/2) y^2
//                           (on the bilinear game, the Dirac-WGAN, that is exactly R1).
//                 consensus Consensus optimization (Mescheder, Nowozin, Geiger 2017, "The
//                           Numerics of GANs"): with L = |v|^2 / 2, both players add
//                           gamma * grad L to their descent directions:
//                             d = v - gamma * grad L = v - gamma * J^T v.
//                           The Jacobian reported is J_d = J - gamma * J^T J: exact where v = 0;
//                           elsewhere it leaves out gamma * sum_k v_k * Hessian(v_k), which would
//                           need third derivatives.
//   noise       Instance noise sigma (Sonderby et al. 2016; Mescheder et al. 2018, Section 3):
//               each evaluation draws eps_g, eps_d ~ N(0, sigma^2) from the run's Rng
//               (engine/core/rng.h, two normal() calls) and moves the generator's point to
//               theta + eps_g and the data point to 0 + eps_d:
//                 dirac     f = h(psi (theta + eps_g)) + h(-psi eps_d)
//                           (wgan: psi (theta + eps_g) - psi eps_d)
//                 bilinear, custom: the gradients at (x + eps_g, y) (there is no data term).
//               Without noise the Rng is never drawn from. Fields and eigenvalues are always
//               noise-free.
//
// Every elementary function is a det_* of engine/core/detmath.h or IEEE sqrt, so runs are
// bit-identical natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/game/expr.h"

namespace ganstep {

enum class GameKind { Dirac, Bilinear, Custom };
enum class GameLoss { Minimax, NonSaturating, Wgan };
enum class GameOptimizer { Gd, Momentum, Adam };
enum class GameOrder { Simultaneous, Alternating };
enum class GameRegularizer { None, Consensus, R1 };

const char* game_kind_name(GameKind k);
const char* game_loss_name(GameLoss l);
const char* game_optimizer_name(GameOptimizer o);
const char* game_order_name(GameOrder o);
const char* game_regularizer_name(GameRegularizer r);

struct GameConfig {
  GameKind game = GameKind::Dirac;
  GameLoss loss = GameLoss::Minimax;   // dirac only
  std::string formula = "x*y";         // custom: f(x, y), D maximises it
  std::string formula_g;               // custom: L_G(x, y), G minimises it ("" = f)
  GameOptimizer optimizer = GameOptimizer::Gd;
  GameOrder order = GameOrder::Simultaneous;
  bool g_first = false;                // alternating: G-step before the D-steps
  int k = 1;                           // alternating: D-steps per G-step
  GameRegularizer regularizer = GameRegularizer::None;
  double gamma = 1.0;                  // weight of the regularizer
  double lr_g = 0.1, lr_d = 0.1;
  double momentum = 0.5;               // beta of the momentum optimizer
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  // Adam
  double noise = 0.0;                  // instance noise sigma
  double start_x = 1.0, start_y = 1.0;
  double eq_x = 0.0, eq_y = 0.0;       // custom: the equilibrium the distance is measured to
  std::uint64_t seed = 1;              // only instance noise draws random numbers
};

// One row of the key table (--set, lessons, share links).
struct GameKey {
  const char* key;
  const char* help;
  std::function<std::string(GameConfig&, const std::string&)> set;  // "" or an error
  std::function<std::string(const GameConfig&)> get;
  bool shorthand;  // rule, lr: set several fields; not needed in a share link
  bool retunable;  // may change mid-run (GameRun::retune); start and seed may not
};

const std::vector<GameKey>& game_keys();
// "key=value" or (key, value); "" or a message naming the key (with "did you mean").
std::string apply_game_setting(GameConfig& c, const std::string& key_equals_value);
std::string apply_game_setting(GameConfig& c, const std::string& key, const std::string& value);
// Cross-field checks (the formulas parse). "" when valid.
std::string validate_game(const GameConfig& c);
// A short label of the update rule for legends, e.g. "alternating GD (k=1, D first) + R1 gamma=1".
std::string rule_label(const GameConfig& c);
// The names `rule=` accepts, in order: simultaneous alternating momentum adam consensus r1.
const std::vector<std::string>& rule_names();

// [[a, b], [c, d]] = [[du/dx, du/dy], [dw/dx, dw/dy]] for a field (u, w).
struct Jacobian2 {
  double a, b, c, d;
};

// Eigenvalues l1, l2 of a 2x2 matrix from its trace T and determinant D:
// l = T/2 +- sqrt(T^2/4 - D). Complex pair: re1 = re2 = T/2, im1 = +sqrt(D - T^2/4) >= 0,
// im2 = -im1. Real: im1 = im2 = 0 and re1 >= re2.
struct Eigen2 {
  double re1, im1, re2, im2;
  double trace, det;
};
Eigen2 eigenvalues(const Jacobian2& j);

// The linearisation of one iteration of a GD rule (optimizer gd) around a point whose rule
// Jacobian is jd, with H = diag(lr_g, lr_d):
//   simultaneous              M = I + H J_d
//   alternating, D first      M = M_G M_D^k    M_D = [[1, 0], [lr_d c, 1 + lr_d d]]
//   alternating, G first      M = M_D^k M_G    M_G = [[1 + lr_g a, lr_g b], [0, 1]]
// Its eigenvalues' modulus is the factor by which the distance to an equilibrium grows
// (> 1) or shrinks (< 1) per iteration nearby: sqrt(1 + eta^2) for simultaneous GD on x*y,
// exactly 1 for alternating GD (eta < 2). All NaN for momentum and Adam, whose update also
// depends on their own state.
Jacobian2 update_map(const GameConfig& c, const Jacobian2& jd);
// max |mu| over the eigenvalues mu of m.
double spectral_radius(const Eigen2& e);

// The dynamics at one point.
struct GameLocal {
  double value;   // f(x, y) (D's objective, without the regularizer)
  double vx, vy;  // the game's vector field v
  Jacobian2 jv;   // dv/d(x, y)
  double dx, dy;  // the rule's direction d (v with R1 or consensus applied)
  Jacobian2 jd;   // its Jacobian (see consensus above)
};

// A compiled game and rule (a plain value: copies are independent).
class Game {
 public:
  Game() = default;
  // "" or an error (a formula's is "formula:COL: error: ..."). On error `out` still
  // gets the config, with a game that is 0 everywhere.
  static std::string build(const GameConfig& c, Game& out);

  // At (x, y), the generator's point shifted by eps_g and the data point by eps_d.
  GameLocal local(double x, double y, double eps_g = 0, double eps_d = 0) const;
  double equilibrium_x() const { return eq_x_; }
  double equilibrium_y() const { return eq_y_; }
  const GameConfig& config() const { return config_; }

 private:
  void game_field(double x, double y, double eps_g, double eps_d, GameLocal& out) const;
  GameConfig config_;
  Expr f_, g_;
  bool has_g_ = false;
  double eq_x_ = 0, eq_y_ = 0;
};

}  // namespace ganstep
