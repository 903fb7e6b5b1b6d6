#include "engine/optim/optimizer.h"

namespace ganstep {

const char* opt_name(OptKind k) { return k == OptKind::Adam ? "adam" : "sgd"; }

bool parse_opt(const std::string& s, OptKind& out) {
  if (s == "sgd") out = OptKind::Sgd;
  else if (s == "adam") out = OptKind::Adam;
  else return false;
  return true;
}

void Optimizer::size_state(const std::vector<Param>& params) {
  if (m.size() == params.size()) return;
  m.clear();
  v.clear();
  for (auto& p : params) {
    m.push_back(xt::zeros<float>(p.value->shape()));
    v.push_back(xt::zeros<float>(p.value->shape()));
  }
}

void Optimizer::step(const std::vector<Param>& params) {
  size_state(params);
  ++t;
  beta1_pow *= config.beta1;
  beta2_pow *= config.beta2;
  for (std::size_t i = 0; i < params.size(); ++i) {
    float* p = params[i].value->data();
    const float* g = params[i].grad->data();
    const std::size_t n = params[i].value->size();
    const float lr = config.lr * params[i].lr_scale;  // exactly config.lr at the usual scale 1
    if (config.kind == OptKind::Sgd)
      sgd_step(p, g, m[i].data(), n, lr, config.momentum);
    else
      adam_step(p, g, m[i].data(), v[i].data(), n, lr, config.beta1, config.beta2,
                config.eps, 1.0 - beta1_pow, 1.0 - beta2_pow);
  }
}

}  // namespace ganstep
