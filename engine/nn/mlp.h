// A multilayer perceptron of free depth, widths and activations.
//   x: (B, in)  ->  [Linear -> activation] x hidden.size()  ->  Linear -> out_act  ->  y: (B, out)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/layer.h"
#include "engine/nn/sequential.h"

namespace ganstep {

enum class Act { None, ReLU, LeakyReLU, Tanh, Sigmoid };

const char* act_name(Act a);
// Parses "none", "relu", "leaky_relu" (also "lrelu"), "tanh", "sigmoid".
bool parse_act(const std::string& s, Act& out);

struct HiddenLayer {
  int width = 0;
  Act act = Act::ReLU;
};

struct MlpSpec {
  int in = 1;
  std::vector<HiddenLayer> hidden;
  int out = 1;
  Act out_act = Act::None;
  float leaky_slope = 0.2f;
};

// Parses a hidden-layer list such as "14:relu,14:tanh" (an empty string means
// no hidden layer). Returns an error message, or "" on success.
std::string parse_hidden(const std::string& text, std::vector<HiddenLayer>& out);
std::string format_hidden(const std::vector<HiddenLayer>& hidden);

// The layers of an MLP (Linear, activation, ..., Linear, out_act) and their
// initialisation (each Linear in order draws from rng): what Mlp holds, for
// trainers that keep the net as a plain Sequential.
Sequential build_mlp(const MlpSpec& spec);
void init_mlp(Sequential& net, Rng& rng);

class Mlp {
 public:
  Mlp() = default;
  explicit Mlp(const MlpSpec& spec);

  void init(Rng& rng);
  const Tensor2& forward(const Tensor2& x);
  // Writes dx (B, in); fills the parameter gradients when param_grads.
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads = true);
  // Parameter gradients only (no dx for the input: saves the first layer's GEMM).
  void backward_params(const Tensor2& dy);

  std::vector<Param> params();
  std::size_t param_count();
  const MlpSpec& spec() const { return spec_; }
  std::string describe() const;

 private:
  MlpSpec spec_;
  Sequential net_;
};

}  // namespace ganstep
