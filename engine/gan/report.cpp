#include "engine/gan/report.h"

#include "engine/gan/metrics.h"
#include "engine/io/json.h"

namespace ganstep {

std::string state_json(const Trainer& t, const std::string& lesson, bool with_position) {
  const StepStats& s = t.stats();
  const Divergences d = measure_divergences(t);
  Json j;
  j.field("lesson", lesson).field("seed", static_cast<unsigned long long>(t.config().seed));
  j.field("steps", static_cast<long long>(t.iteration())).field("state_hash", t.state_hash_hex());
  j.field("mode", math_mode_name(t.config().mode));
  Json m;
  m.field("loss_d", s.loss_d).field("loss_g", s.loss_g).field("d_real", s.d_real).field("d_fake", s.d_fake);
  m.field("js", d.js).field("kl_data_g", d.kl_data_g).field("kl_g_data", d.kl_g_data);
  j.raw("metrics", m.str());
  if (with_position) {
    j.field("phase", phase_name(t.phase())).field("algorithm_line", algorithm_line(t.phase()));
    j.field("dstep", t.dstep()).field("k", t.config().k);
    if (!t.ok()) j.field("error", t.error());
  }
  return j.str();
}

}  // namespace ganstep
