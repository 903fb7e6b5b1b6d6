#include "engine/nn/gradient_penalty.h"

#include <cmath>

#include "engine/core/detmath.h"
#include "engine/core/floatmath.h"
#include "engine/core/gemm.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/linear.h"
#include "engine/nn/relu.h"
#include "engine/nn/sigmoid.h"
#include "engine/nn/tanh.h"

namespace ganstep {
namespace {

enum class ActKind { None, ReLU, LeakyReLU, Tanh, Sigmoid };

// One Linear and the activation after it.
struct Block {
  Linear* lin = nullptr;
  ActKind act = ActKind::None;
  float slope = 0;  // LeakyReLU
};

// The net as blocks; "" or why it is not an MLP this file can differentiate twice.
std::string blocks_of(Sequential& d, std::vector<Block>& out) {
  out.clear();
  for (std::size_t i = 0; i < d.size(); ++i) {
    Layer& l = d.layer(i);
    if (auto* lin = dynamic_cast<Linear*>(&l)) {
      out.push_back(Block{lin});
      continue;
    }
    if (out.empty() || out.back().act != ActKind::None)
      return "the gradient penalty needs an MLP (Linear, activation, ...); layer " + std::to_string(i + 1) +
             " (" + l.describe() + ") does not follow a Linear";
    Block& b = out.back();
    if (dynamic_cast<ReLU*>(&l)) b.act = ActKind::ReLU;
    else if (auto* lr = dynamic_cast<LeakyReLU*>(&l)) { b.act = ActKind::LeakyReLU; b.slope = lr->slope(); }
    else if (dynamic_cast<Tanh*>(&l)) b.act = ActKind::Tanh;
    else if (dynamic_cast<Sigmoid*>(&l)) b.act = ActKind::Sigmoid;
    else return "the gradient penalty supports dense layers with relu, leaky_relu, tanh or sigmoid, not " + l.describe();
  }
  if (out.empty()) return "the gradient penalty needs a net with layers";
  if (out.back().lin->out() != 1) return "the gradient penalty needs a critic with one output";
  return "";
}

// h = σ(u), and σ'(u), σ''(u) from u and h.
float act_fwd(const Block& b, float u) {
  switch (b.act) {
    case ActKind::None: return u;
    case ActKind::ReLU: return u > 0.0f ? u : 0.0f;
    case ActKind::LeakyReLU: return u > 0.0f ? u : b.slope * u;
    case ActKind::Tanh: return static_cast<float>(det_tanh(u));
    case ActKind::Sigmoid: return fmath::sigmoid(u);
  }
  return u;
}
float act_d1(const Block& b, float u, float h) {
  switch (b.act) {
    case ActKind::None: return 1.0f;
    case ActKind::ReLU: return u > 0.0f ? 1.0f : 0.0f;
    case ActKind::LeakyReLU: return u > 0.0f ? 1.0f : b.slope;
    case ActKind::Tanh: return 1.0f - h * h;
    case ActKind::Sigmoid: return h * (1.0f - h);
  }
  return 1.0f;
}
float act_d2(const Block& b, float h) {
  switch (b.act) {
    case ActKind::Tanh: return -2.0f * h * (1.0f - h * h);
    case ActKind::Sigmoid: return h * (1.0f - h) * (1.0f - 2.0f * h);
    default: return 0.0f;  // piecewise linear
  }
}

}  // namespace

std::string gradient_penalty_support(Sequential& d) {
  std::vector<Block> blocks;
  return blocks_of(d, blocks);
}

double gradient_penalty(Sequential& d, const Tensor2& x_hat, float lambda, Tensor2& norms,
                        std::vector<Tensor2>& grads) {
  std::vector<Block> blocks;
  if (!blocks_of(d, blocks).empty()) return 0.0;  // callers check gradient_penalty_support first
  const std::size_t n = blocks.size();
  const int B = static_cast<int>(x_hat.shape()[0]);
  const std::size_t rows = x_hat.shape()[0];
  // Every tensor below has B rows: h[l] (l = 0..n) the forward activations,
  // u[l] (l = 1..n) the pre-activations, e[l] (l = 0..n-1) the backward's
  // gradients at h_l, s[l] (l = 1..n) at u_l.
  std::vector<Tensor2> h(n + 1), u(n + 1), e(n + 1), s(n + 1);
  h[0] = x_hat;
  for (std::size_t l = 1; l <= n; ++l) {
    const Block& bk = blocks[l - 1];
    const int in = bk.lin->in(), out = bk.lin->out();
    ensure_shape(u[l], rows, static_cast<std::size_t>(out));
    if (bk.lin->has_bias()) gemm_nn_bias(B, out, in, h[l - 1].data(), bk.lin->W.data(), bk.lin->b.data(), u[l].data());
    else gemm_nn(B, out, in, h[l - 1].data(), bk.lin->W.data(), u[l].data(), false);
    ensure_shape(h[l], rows, static_cast<std::size_t>(out));
    for (std::size_t i = 0; i < u[l].size(); ++i) h[l].data()[i] = act_fwd(bk, u[l].data()[i]);
  }
  // The input gradient: e_n = 1, s_l = e_l ⊙ σ'(u_l), e_{l-1} = s_l W_lᵀ.
  ensure_shape(e[n], rows, 1);
  e[n].fill(1.0f);
  for (std::size_t l = n; l >= 1; --l) {
    const Block& bk = blocks[l - 1];
    const int in = bk.lin->in(), out = bk.lin->out();
    ensure_shape(s[l], rows, static_cast<std::size_t>(out));
    for (std::size_t i = 0; i < s[l].size(); ++i)
      s[l].data()[i] = e[l].data()[i] * act_d1(bk, u[l].data()[i], h[l].data()[i]);
    ensure_shape(e[l - 1], rows, static_cast<std::size_t>(in));
    gemm_nt(B, in, out, s[l].data(), bk.lin->W.data(), e[l - 1].data(), false);
  }
  // P and ē_0.
  const std::size_t in0 = e[0].shape()[1];
  ensure_shape(norms, rows, 1);
  Tensor2 e_bar = Tensor2::from_shape({rows, in0});
  double total = 0.0;
  const float scale = B ? 2.0f * lambda / static_cast<float>(B) : 0.0f;
  for (std::size_t i = 0; i < rows; ++i) {
    const float* v = e[0].data() + i * in0;
    double sq = 0.0;
    for (std::size_t j = 0; j < in0; ++j) sq += static_cast<double>(v[j]) * v[j];
    const float norm = static_cast<float>(det_sqrt(sq));
    norms.data()[i] = norm;
    const float gap = norm - 1.0f;
    total += static_cast<double>(lambda) * gap * gap;
    const float k = norm > 0.0f ? scale * gap / norm : 0.0f;  // d‖v‖/dv = v / ‖v‖ (0 at v = 0, as PyTorch)
    for (std::size_t j = 0; j < in0; ++j) e_bar.data()[i * in0 + j] = k * v[j];
  }
  // The parameters' gradients, one per d.params() entry (W, then b when present).
  std::vector<Tensor2*> gw(n), gb(n, nullptr);
  std::size_t count = 0;
  for (const Block& bk : blocks) count += bk.lin->has_bias() ? 2 : 1;
  grads.resize(count);
  for (std::size_t l = 0, j = 0; l < n; ++l) {
    Linear& lin = *blocks[l].lin;
    grads[j] = xt::zeros<float>(lin.W.shape());
    gw[l] = &grads[j++];
    if (lin.has_bias()) {
      grads[j] = xt::zeros<float>(lin.b.shape());
      gb[l] = &grads[j++];
    }
  }
  // Backward through the backward pass, l = 1..n: ē_{l-1} is e_bar.
  std::vector<Tensor2> u_bar(n + 1);  // ū_l, the second-order terms
  Tensor2 s_bar;
  for (std::size_t l = 1; l <= n; ++l) {
    const Block& bk = blocks[l - 1];
    const int in = bk.lin->in(), out = bk.lin->out();
    gemm_tn(in, out, B, e_bar.data(), s[l].data(), gw[l - 1]->data(), true);  // W̄_l += ē_{l-1}ᵀ s_l
    ensure_shape(s_bar, rows, static_cast<std::size_t>(out));
    gemm_nn(B, out, in, e_bar.data(), bk.lin->W.data(), s_bar.data(), false);  // s̄_l = ē_{l-1} W_l
    ensure_shape(u_bar[l], rows, static_cast<std::size_t>(out));
    Tensor2 next = Tensor2::from_shape({rows, static_cast<std::size_t>(out)});
    for (std::size_t i = 0; i < s_bar.size(); ++i) {
      const float hv = h[l].data()[i];
      u_bar[l].data()[i] = s_bar.data()[i] * e[l].data()[i] * act_d2(bk, hv);
      next.data()[i] = s_bar.data()[i] * act_d1(bk, u[l].data()[i], hv);  // ē_l
    }
    e_bar = std::move(next);  // ē_n is not used (e_n = 1 is a constant)
  }
  // Then back through the forward pass, l = n..1.
  Tensor2 h_bar, u_tot;
  for (std::size_t l = n; l >= 1; --l) {
    const Block& bk = blocks[l - 1];
    const int in = bk.lin->in(), out = bk.lin->out();
    u_tot = u_bar[l];
    if (l < n)
      for (std::size_t i = 0; i < u_tot.size(); ++i)
        u_tot.data()[i] += h_bar.data()[i] * act_d1(bk, u[l].data()[i], h[l].data()[i]);
    gemm_tn(in, out, B, h[l - 1].data(), u_tot.data(), gw[l - 1]->data(), true);  // W̄_l += h_{l-1}ᵀ ũ_l
    if (gb[l - 1]) {
      float* db = gb[l - 1]->data();
      for (std::size_t i = 0; i < rows; ++i)
        for (int j = 0; j < out; ++j) db[j] += u_tot.data()[i * static_cast<std::size_t>(out) + static_cast<std::size_t>(j)];
    }
    if (l > 1) {
      ensure_shape(h_bar, rows, static_cast<std::size_t>(in));
      gemm_nt(B, in, out, u_tot.data(), bk.lin->W.data(), h_bar.data(), false);  // h̄_{l-1} = ũ_l W_lᵀ
    }
  }
  return rows ? total / static_cast<double>(rows) : 0.0;
}

}  // namespace ganstep
