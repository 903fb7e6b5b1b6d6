// The run's state as one JSON object, shared by `ganstep run --json` and the
// web page's ganstep.state():
//   {"lesson", "seed", "steps", "state_hash",
//    "metrics": {"loss_d", "loss_g", "d_real", "d_fake", "js", "kl_data_g", "kl_g_data"},
//    "phase", "algorithm_line", "dstep", "k"}      (the last four with_position only)
// (loss_gp, the gradient penalty, joins the metrics under objective wgan-gp.)
#pragma once

#include <string>

#include "engine/gan/trainer.h"

namespace ganstep {

std::string state_json(const Trainer& t, const std::string& lesson, bool with_position);
// A compared run (a point lesson's [training] compare entry) at the end:
//   {"compare": the entry, "objective", "steps", "state_hash", "metrics": {as above}, "error" (when it diverged)}
std::string compared_json(const Trainer& t, const std::string& entry);

}  // namespace ganstep
