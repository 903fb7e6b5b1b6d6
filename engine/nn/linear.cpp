#include "engine/nn/linear.h"

#include <vector>

#include "engine/core/detmath.h"
#include "engine/core/gemm.h"

namespace ganstep {

Linear::Linear(int in, int out, bool bias) : in_(in), out_(out), bias_(bias) {
  W = Tensor2::from_shape({static_cast<std::size_t>(in), static_cast<std::size_t>(out)});
  b = Tensor2::from_shape({1, static_cast<std::size_t>(out)});
  dW = xt::zeros<float>(W.shape());
  db = xt::zeros<float>(b.shape());
  W.fill(0.0f);
  b.fill(0.0f);
}

void Linear::init(Rng& rng) {
  const float bound = static_cast<float>(1.0 / det_sqrt(static_cast<double>(in_)));
  for (auto& w : W) w = rng.uniform(-bound, bound);
  if (bias_)
    for (auto& v : b) v = rng.uniform(-bound, bound);
}

void Linear::forward(const Tensor2& x, Tensor2& y) {
  x_ = x;
  forward_kept(x, y);
}

void Linear::forward_kept(const Tensor2& x, Tensor2& y) {
  const int B = static_cast<int>(x.shape()[0]);
  ensure_shape(y, static_cast<std::size_t>(B), static_cast<std::size_t>(out_));
  gemm_nn_bias(B, out_, in_, x.data(), W.data(), b.data(), y.data(), mode_);  // y = b + x W
}

void Linear::params_grad(const Tensor2& x, const Tensor2& dy) {
  const int B = static_cast<int>(dy.shape()[0]);
  if (!bias_) {
    gemm_tn(in_, out_, B, x.data(), dy.data(), dW.data(), false, mode_);
    return;
  }
  // dW = x^T dy, and db = 1^T dy: the rows of dy summed in order
  gemm_tn_sums(in_, out_, B, x.data(), dy.data(), dW.data(), db.data(), mode_);
}

void Linear::input_grad(const Tensor2& dy, Tensor2& dx) const {
  const int B = static_cast<int>(dy.shape()[0]);
  ensure_shape(dx, static_cast<std::size_t>(B), static_cast<std::size_t>(in_));
  gemm_nt(B, in_, out_, dy.data(), W.data(), dx.data(), false, mode_);
}

void Linear::backward_params(const Tensor2& dy) { params_grad(x_, dy); }

void Linear::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  if (param_grads) params_grad(x_, dy);
  input_grad(dy, dx);
}

void Linear::backward_kept(const Tensor2& x, const Tensor2&, const Tensor2& dy, Tensor2& dx, bool param_grads) {
  if (param_grads) params_grad(x, dy);
  input_grad(dy, dx);
}

std::vector<Param> Linear::params() {
  if (!bias_) return {{&W, &dW, "W"}};
  return {{&W, &dW, "W"}, {&b, &db, "b"}};
}

std::string Linear::describe() const {
  return "Linear(" + std::to_string(in_) + " -> " + std::to_string(out_) + (bias_ ? ")" : ", no bias)");
}

}  // namespace ganstep
