#include "engine/nn/mlp.h"

#include <sstream>

#include "engine/core/text.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/linear.h"
#include "engine/nn/relu.h"
#include "engine/nn/sigmoid.h"
#include "engine/nn/tanh.h"

namespace ganstep {
namespace {

std::unique_ptr<Layer> make_act(Act a, float slope) {
  switch (a) {
    case Act::ReLU: return std::make_unique<ReLU>();
    case Act::LeakyReLU: return std::make_unique<LeakyReLU>(slope);
    case Act::Tanh: return std::make_unique<Tanh>();
    case Act::Sigmoid: return std::make_unique<Sigmoid>();
    case Act::None: break;
  }
  return nullptr;
}

}  // namespace

const char* act_name(Act a) {
  switch (a) {
    case Act::None: return "none";
    case Act::ReLU: return "relu";
    case Act::LeakyReLU: return "leaky_relu";
    case Act::Tanh: return "tanh";
    case Act::Sigmoid: return "sigmoid";
  }
  return "?";
}

bool parse_act(const std::string& s, Act& out) {
  if (s == "none" || s == "linear") out = Act::None;
  else if (s == "relu") out = Act::ReLU;
  else if (s == "leaky_relu" || s == "lrelu") out = Act::LeakyReLU;
  else if (s == "tanh") out = Act::Tanh;
  else if (s == "sigmoid") out = Act::Sigmoid;
  else return false;
  return true;
}

std::string parse_hidden(const std::string& text, std::vector<HiddenLayer>& out) {
  std::vector<HiddenLayer> result;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) return "empty layer in " + quote_input(text) + " (expected WIDTH:ACT,...)";
    HiddenLayer h;
    auto colon = item.find(':');
    std::string width = item.substr(0, colon);
    if (width.empty() || width.size() > 5 || width.find_first_not_of("0123456789") != std::string::npos)
      return "bad width " + quote_input(width) + " in " + quote_input(text) + " (expected 1..4096)";
    h.width = std::stoi(width);
    if (h.width < 1 || h.width > 4096)
      return "width " + width + " out of range 1..4096";
    if (colon != std::string::npos && !parse_act(item.substr(colon + 1), h.act))
      return "unknown activation " + quote_input(item.substr(colon + 1)) +
             " (expected relu, leaky_relu, tanh, sigmoid or none)";
    result.push_back(h);
  }
  if (result.size() > 64) return "too many hidden layers (at most 64)";
  out = result;
  return "";
}

std::string format_hidden(const std::vector<HiddenLayer>& hidden) {
  std::string s;
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    if (i) s += ",";
    s += std::to_string(hidden[i].width) + ":" + act_name(hidden[i].act);
  }
  return s;
}

Sequential build_mlp(const MlpSpec& spec) {
  Sequential net;
  int in = spec.in;
  for (const auto& h : spec.hidden) {
    net.add(std::make_unique<Linear>(in, h.width));
    if (auto a = make_act(h.act, spec.leaky_slope)) net.add(std::move(a));
    in = h.width;
  }
  net.add(std::make_unique<Linear>(in, spec.out));
  if (auto a = make_act(spec.out_act, spec.leaky_slope)) net.add(std::move(a));
  return net;
}

void init_mlp(Sequential& net, Rng& rng) {
  for (std::size_t i = 0; i < net.size(); ++i)
    if (auto* lin = dynamic_cast<Linear*>(&net.layer(i))) lin->init(rng);
}

Mlp::Mlp(const MlpSpec& spec) : spec_(spec), net_(build_mlp(spec)) {}

void Mlp::init(Rng& rng) { init_mlp(net_, rng); }

const Tensor2& Mlp::forward(const Tensor2& x) { return net_.forward(x); }
void Mlp::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) { net_.backward(dy, dx, param_grads); }
void Mlp::backward_params(const Tensor2& dy) { net_.backward_params(dy); }
std::vector<Param> Mlp::params() { return net_.params(); }

std::size_t Mlp::param_count() { return net_.param_count(); }

std::string Mlp::describe() const { return net_.describe(); }

}  // namespace ganstep
