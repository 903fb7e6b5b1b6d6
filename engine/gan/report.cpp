#include "engine/gan/report.h"

#include "engine/gan/metrics.h"
#include "engine/io/json.h"

namespace ganstep {

namespace {

std::string metrics_json(const Trainer& t) {
  const StepStats& s = t.stats();
  const Divergences d = measure_divergences(t);
  Json m;
  m.field("loss_d", s.loss_d).field("loss_g", s.loss_g).field("d_real", s.d_real).field("d_fake", s.d_fake);
  m.field("js", d.js).field("kl_data_g", d.kl_data_g).field("kl_g_data", d.kl_g_data);
  if (t.config().objective == Objective::WganGp) m.field("loss_gp", s.loss_gp);
  if (t.config().r1_gamma > 0) m.field("loss_r1", s.loss_r1);
  return m.str();
}

}  // namespace

std::string compared_json(const Trainer& t, const std::string& entry) {
  Json j;
  j.field("compare", entry).field("objective", objective_name(t.config().objective));
  j.field("steps", static_cast<long long>(t.iteration())).field("state_hash", t.state_hash_hex());
  j.raw("metrics", metrics_json(t));
  if (!t.ok()) j.field("error", t.error());
  return j.str();
}

std::string state_json(const Trainer& t, const std::string& lesson, bool with_position) {
  Json j;
  j.field("lesson", lesson).field("seed", static_cast<unsigned long long>(t.config().seed));
  j.field("steps", static_cast<long long>(t.iteration())).field("state_hash", t.state_hash_hex());
  j.field("mode", math_mode_name(t.config().mode));
  j.raw("metrics", metrics_json(t));
  if (with_position) {
    j.field("phase", phase_name(t.phase())).field("algorithm_line", algorithm_line(t.phase()));
    j.field("dstep", t.dstep()).field("k", t.config().k);
    if (!t.ok()) j.field("error", t.error());
  }
  return j.str();
}

}  // namespace ganstep
