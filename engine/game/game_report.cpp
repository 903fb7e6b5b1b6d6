#include "engine/game/game_report.h"

#include "engine/core/detmath.h"
#include "engine/io/json.h"

namespace ganstep {

std::string game_state_json(const GameRun& run, const std::string& lesson, bool with_position) {
  const GameLocal l = run.local();
  const Eigen2 e = eigenvalues(l.jd);
  const bool dirac = run.config().game == GameKind::Dirac;
  Json j;
  j.field("lesson", lesson).field("seed", static_cast<unsigned long long>(run.config().seed));
  j.field("steps", static_cast<long long>(run.iteration())).field("state_hash", run.state_hash_hex());
  Json m;
  m.field(dirac ? "theta" : "x", run.point().x).field(dirac ? "psi" : "y", run.point().y);
  m.field("distance", run.distance());
  m.field("eig1_re", e.re1).field("eig1_im", e.im1).field("eig2_re", e.re2).field("eig2_im", e.im2);
  m.field("value", l.value).field("speed", det_sqrt(l.dx * l.dx + l.dy * l.dy));
  j.raw("metrics", m.str());
  if (with_position) {
    j.field("game", game_kind_name(run.config().game)).field("rule", rule_label(run.config()));
    if (!run.ok()) j.field("error", run.error());
  }
  return j.str();
}

}  // namespace ganstep
