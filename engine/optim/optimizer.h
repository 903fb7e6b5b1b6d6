// Optimizers over a list of parameters: SGD with momentum (the paper's
// choice) and Adam. State is plain data, so an Optimizer copies exactly
// (snapshots rely on that).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/nn/layer.h"

namespace ganstep {

enum class OptKind { Sgd, Adam };

struct OptimizerConfig {
  OptKind kind = OptKind::Sgd;
  float lr = 0.01f;
  float momentum = 0.0f;  // SGD: v = momentum v + g; p -= lr v   (PyTorch's form)
  float beta1 = 0.9f;     // Adam
  float beta2 = 0.999f;
  float eps = 1e-8f;
};

const char* opt_name(OptKind k);
bool parse_opt(const std::string& s, OptKind& out);

// One SGD-with-momentum update of p given g, velocity v. All (n) arrays.
void sgd_step(float* p, const float* g, float* v, std::size_t n, float lr, float momentum);
// One Adam update (PyTorch's form, bias-corrected); t is the 1-based step.
void adam_step(float* p, const float* g, float* m, float* v, std::size_t n, float lr,
               float beta1, float beta2, float eps, double bias1, double bias2);

class Optimizer {
 public:
  Optimizer() = default;
  explicit Optimizer(const OptimizerConfig& c) : config(c) {}
  void step(const std::vector<Param>& params);
  // Sizes m and v for params (zeros) unless they already are: step() does it
  // on the first step; checkpoints call it to name the state before one.
  void size_state(const std::vector<Param>& params);

  OptimizerConfig config;
  std::int64_t t = 0;             // steps taken
  double beta1_pow = 1.0;         // beta1^t, by repeated multiplication
  double beta2_pow = 1.0;
  std::vector<Tensor2> m, v;      // per parameter: velocity (SGD) or moments (Adam)
};

}  // namespace ganstep
