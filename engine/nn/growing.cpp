#include "engine/nn/growing.h"

#include <stdexcept>

#include "engine/nn/fade_in.h"

namespace ganstep {
namespace {

void add_into(Tensor2& acc, const Tensor2& v) {  // acc += v (same shape)
  for (std::size_t i = 0, n = acc.size(); i < n; ++i) acc.data()[i] += v.data()[i];
}

void zero_grads(Sequential& s) {
  for (const Param& p : s.param_list()) p.grad->fill(0.0f);
}

}  // namespace

Growth growth_at(int stages, int stage_iterations, int fade_iterations, std::int64_t iteration) {
  Growth g;
  if (stages <= 1 || stage_iterations <= 0) {
    g.stage = stages > 1 ? stages - 1 : 0;
    return g;
  }
  const std::int64_t s = iteration / stage_iterations;
  g.stage = s >= stages - 1 ? stages - 1 : static_cast<int>(s);
  if (g.stage == 0) return g;
  const std::int64_t into = iteration - std::int64_t(g.stage) * stage_iterations;
  if (fade_iterations > 0 && into < fade_iterations)
    g.alpha = static_cast<float>(static_cast<double>(into) / static_cast<double>(fade_iterations));
  return g;
}

Growing::Growing(Net net, std::vector<Sequential> blocks, std::vector<Sequential> ends, ImageShape in,
                 ImageShape out)
    : net_(net), blocks_(std::move(blocks)), ends_(std::move(ends)), in_(in), out_(out) {
  if (ends_.empty() || blocks_.size() + 1 != ends_.size())
    throw std::logic_error("Growing: " + std::to_string(blocks_.size()) + " blocks need " +
                           std::to_string(blocks_.size() + 1) + " to-image or from-image paths, got " +
                           std::to_string(ends_.size()));
  stage_ = stages() - 1;  // full size until told otherwise
}

void Growing::set_growth(int stage, float alpha) {
  stage_ = stage < 0 ? 0 : stage >= stages() ? stages() - 1 : stage;
  alpha_ = !(alpha > 0.0f) ? 0.0f : alpha > 1.0f ? 1.0f : alpha;
  if (stage_ == 0) alpha_ = 1.0f;
}

void Growing::forward(const Tensor2& x, Tensor2& y) {
  const std::size_t batch = x.shape()[0];
  if (x.shape()[1] != in_.features())
    throw std::logic_error(describe() + ": rows of " + std::to_string(x.shape()[1]) + " features, expected " +
                           std::to_string(in_.features()));
  const int s = stage_;
  if (net_ == Net::Generator) {
    const Tensor2* h = &x;
    for (int i = 0; i + 1 < s; ++i) h = &blocks_[i].forward(*h);
    if (s == 0) {
      y = ends_[0].forward(*h);
    } else {
      const Tensor2& grown = ends_[s].forward(blocks_[s - 1].forward(*h));
      if (!fading()) {
        y = grown;
      } else {
        const Tensor2& old = ends_[s - 1].forward(*h);
        fade_in_forward(old, grown, alpha_, y);
      }
    }
  } else {
    const Tensor2* h;
    if (s == 0) {
      h = &ends_[0].forward(x);
    } else {
      const Tensor2& grown = blocks_[s - 1].forward(ends_[s].forward(x));
      if (!fading()) {
        h = &grown;
      } else {
        fade_in_forward(ends_[s - 1].forward(x), grown, alpha_, blend_);
        h = &blend_;
      }
    }
    for (int i = s - 2; i >= 0; --i) h = &blocks_[i].forward(*h);
    y = *h;
  }
  if (y.shape()[0] != batch || y.shape()[1] != out_.features())
    throw std::logic_error(describe() + ": made rows of " + std::to_string(y.shape()[1]) + " features, expected " +
                           std::to_string(out_.features()));
}

void Growing::zero_idle_grads() {
  const int s = stage_;
  for (int i = s; i < static_cast<int>(blocks_.size()); ++i) zero_grads(blocks_[i]);
  for (int e = 0; e < stages(); ++e)
    if (!(e == s || (e == s - 1 && fading()))) zero_grads(ends_[e]);
}

// G: dy at the image -> dx at the features.
void Growing::backward_g(const Tensor2& dy, Tensor2* dx, bool pg) {
  const int s = stage_;
  Tensor2* dh = &g0_;
  Tensor2* other = &g1_;
  if (s == 0) {
    ends_[0].backward(dy, *dh, pg);
  } else {
    const Tensor2* d_grown = &dy;
    if (fading()) {
      fade_in_backward(dy, alpha_, d_old_, d_new_);
      d_grown = &d_new_;
    }
    ends_[s].backward(*d_grown, *other, pg);
    blocks_[s - 1].backward(*other, *dh, pg);
    if (fading()) {
      ends_[s - 1].backward(d_old_, *other, pg);
      add_into(*dh, *other);  // new path + old path
    }
  }
  for (int i = s - 2; i >= 0; --i) {
    if (i == 0 && !dx) {
      blocks_[0].backward_params(*dh);
      return;
    }
    blocks_[i].backward(*dh, *other, pg);
    std::swap(dh, other);
  }
  if (dx) *dx = *dh;
}

// D: dy at the features -> dx at the image (dx null: parameter gradients only).
void Growing::backward_d(const Tensor2& dy, Tensor2* dx, bool pg) {
  const int s = stage_;
  const Tensor2* g = &dy;
  Tensor2* bufs[2] = {&g0_, &g1_};
  int next = 0;
  for (int i = 0; i + 1 < s; ++i) {
    blocks_[i].backward(*g, *bufs[next], pg);
    g = bufs[next];
    next ^= 1;
  }
  auto end_backward = [&](int e, const Tensor2& grad, Tensor2& out) {
    if (dx) ends_[e].backward(grad, out, pg);
    else ends_[e].backward_params(grad);
  };
  if (s == 0) {
    end_backward(0, *g, blend_);
  } else {
    const Tensor2* d_grown = g;
    if (fading()) {
      fade_in_backward(*g, alpha_, d_old_, d_new_);
      d_grown = &d_new_;
    }
    Tensor2& mid = *bufs[next];
    blocks_[s - 1].backward(*d_grown, mid, pg);
    end_backward(s, mid, blend_);
    if (fading()) {
      Tensor2& old = *bufs[next ^ 1];
      end_backward(s - 1, d_old_, old);
      if (dx) add_into(blend_, old);  // new path + old path
    }
  }
  if (dx) *dx = blend_;
}

void Growing::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  if (param_grads) zero_idle_grads();
  if (net_ == Net::Generator) backward_g(dy, &dx, param_grads);
  else backward_d(dy, &dx, param_grads);
}

void Growing::backward_params(const Tensor2& dy) {
  zero_idle_grads();
  if (net_ == Net::Generator) backward_g(dy, nullptr, true);
  else backward_d(dy, nullptr, true);
}

// Every block's and path's parameters (or buffers), named "block1.…", "toimage0.…" / "fromimage0.…".
template <class List>
std::vector<Param> Growing::named(List list) {
  std::vector<Param> out;
  auto add = [&](Sequential& net, const std::string& prefix) {
    for (Param p : list(net)) {
      p.name = prefix + "." + p.name;
      out.push_back(p);
    }
  };
  for (std::size_t i = 0; i < blocks_.size(); ++i) add(blocks_[i], "block" + std::to_string(i + 1));
  const std::string end = net_ == Net::Generator ? "toimage" : "fromimage";
  for (std::size_t e = 0; e < ends_.size(); ++e) add(ends_[e], end + std::to_string(e));
  return out;
}

std::vector<Param> Growing::params() {
  return named([](Sequential& s) { return s.param_list(); });
}

std::vector<Param> Growing::buffers() {
  return named([](Sequential& s) { return s.buffers(); });
}

void Growing::set_training(bool training) {
  for (auto& b : blocks_) b.set_training(training);
  for (auto& e : ends_) e.set_training(training);
}

void Growing::set_math_mode(MathMode mode) {
  for (auto& b : blocks_) b.set_math_mode(mode);
  for (auto& e : ends_) e.set_math_mode(mode);
}

void Growing::reseed(const Rng& rng) {
  // Each inner Sequential gets its own streams, from the layer's generator.
  std::uint64_t k = 0;
  for (auto& b : blocks_) b.reseed(rng.state, rng.inc + 256 * k++);
  for (auto& e : ends_) e.reseed(rng.state, rng.inc + 256 * k++);
}

std::string Growing::describe() const {
  // The architecture only (checkpoints compare it): not the stage or alpha, which follow the iteration.
  std::string s = std::string(net_ == Net::Generator ? "GrowingG(" : "GrowingD(") + in_.text() + " -> " +
                  out_.text() + ", " + std::to_string(stages()) + " resolutions:";
  for (std::size_t i = 0; i < blocks_.size(); ++i) s += " block" + std::to_string(i + 1) + " [" + blocks_[i].describe() + "]";
  const char* end = net_ == Net::Generator ? " toimage" : " fromimage";
  for (std::size_t e = 0; e < ends_.size(); ++e) s += end + std::to_string(e) + " [" + ends_[e].describe() + "]";
  return s + ")";
}

}  // namespace ganstep
