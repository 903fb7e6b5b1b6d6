#include "engine/nn/sequential.h"

#include <chrono>
#include <ctime>

#include "engine/core/gemm.h"

namespace ganstep {

namespace {

// Adds the seconds a call of layer i takes to times (nothing when null).
struct LayerTimer {
  Sequential::LayerTimes* times;
  std::vector<double>* secs;
  std::vector<double>* cpu;
  std::vector<double>* gemm;
  std::vector<double>* gemm_flops;
  std::vector<long long>* calls;
  std::size_t i;
  std::chrono::steady_clock::time_point t0;
  std::clock_t c0;
  GemmClock g0;
  LayerTimer(Sequential::LayerTimes* t, bool backward, std::size_t layer) : times(t), i(layer) {
    if (!times) return;
    secs = backward ? &t->backward : &t->forward;
    cpu = backward ? &t->backward_cpu : &t->forward_cpu;
    gemm = backward ? &t->backward_gemm : &t->forward_gemm;
    gemm_flops = backward ? &t->backward_gemm_flops : &t->forward_gemm_flops;
    calls = backward ? &t->backward_calls : &t->forward_calls;
    t0 = std::chrono::steady_clock::now();
    c0 = std::clock();
    g0 = gemm_clock_read();
  }
  ~LayerTimer() {
    if (!times) return;
    (*secs)[i] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    (*cpu)[i] += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    const GemmClock g1 = gemm_clock_read();
    (*gemm)[i] += g1.thread_seconds - g0.thread_seconds;
    (*gemm_flops)[i] += g1.flops - g0.flops;
    ++(*calls)[i];
  }
};

bool g_activation_fusion = true;

}  // namespace

void set_activation_fusion(bool on) { g_activation_fusion = on; }

Sequential::Sequential(const Sequential& o)
    : acts_(o.acts_), grads_(std::make_shared<Scratch>(*o.grads_)), fused_(o.fused_), in_place_(o.in_place_) {
  for (const auto& l : o.layers_) layers_.push_back(l->clone());
}

Sequential& Sequential::operator=(const Sequential& o) {
  if (this != &o) {
    Sequential copy(o);
    *this = std::move(copy);
  }
  return *this;
}

void Sequential::add(std::unique_ptr<Layer> layer) {
  params_.clear();
  params_built_ = false;
  layers_.push_back(std::move(layer));
  acts_.resize(layers_.size());
  fused_.resize(layers_.size(), false);
  plan_in_place();
}

void Sequential::plan_in_place() {
  in_place_.assign(layers_.size(), false);
  float slope = 0;
  for (std::size_t i = 1; i < layers_.size(); ++i)
    in_place_[i] = !fused_[i] && layers_[i]->runs_in_place() && layers_[i - 1]->leaky_slope(slope);
}

// A layer fused with the activation after it (fused_[i], fast mode) writes
// that activation's output, acts_[i + 1]: the activation's forward is skipped
// and acts_[i] is not written; its backward too, where the layer takes it in.
const Tensor2& Sequential::forward(const Tensor2& x) {
  const Tensor2* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    LayerTimer timer(profile_, false, i);
    if (in_place_[i]) {  // i >= 1: in is act(i - 1)
      layers_[i]->forward_in_place(act(i - 1));
      continue;
    }
    Tensor2& out = fused_[i] ? acts_[i + 1] : acts_[i];
    if (i == 0) layers_[i]->forward(*in, out);
    else layers_[i]->forward_kept(*in, out);
    in = &out;
    if (fused_[i]) ++i;
  }
  return *in;
}

// Activation i (i >= 1) and the layer before it as one backward step, when
// that layer is fused with it and takes it in: the gradient at the
// activation's output g, to the gradient at layer i - 1's input, out (which
// may be g itself). False: nothing done.
bool Sequential::backward_pair(std::size_t i, const Tensor2& g, Tensor2& out, bool param_grads) {
  if (!fused_[i - 1]) return false;
  LayerTimer timer(profile_, true, i - 1);
  return layers_[i - 1]->backward_through_activation(i >= 2 ? &act(i - 2) : nullptr, act(i), g, out, param_grads);
}

// The scratch buffer that is g (g itself, when a layer may write its gradient
// over it), or, for other layers, the one that is not.
Tensor2& Sequential::same_scratch(const Tensor2* g) {
  Scratch& grads = *grads_;
  return g == &grads[1] ? grads[1] : grads[0];
}
Tensor2& Sequential::other_scratch(const Tensor2* g) {
  Scratch& grads = *grads_;
  return g == &grads[0] ? grads[1] : grads[0];
}

// Element-wise layers (Layer::backward_elementwise) write their gradient
// over the one they read: a run of them (activation, dropout) needs one
// buffer, not two of the largest size.
void Sequential::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  const Tensor2* g = &dy;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    if (i >= 1) {
      Tensor2& pair_out = i == 1 ? dx : same_scratch(g);
      if (backward_pair(i, *g, pair_out, param_grads)) {
        g = &pair_out;
        --i;
        continue;
      }
    }
    Tensor2& out = i == 0 ? dx : layers_[i]->backward_elementwise() ? same_scratch(g) : other_scratch(g);
    LayerTimer timer(profile_, true, i);
    if (i == 0) layers_[i]->backward(*g, out, param_grads);
    else layers_[i]->backward_kept(act(i - 1), act(i), *g, out, param_grads);
    g = &out;
  }
}

void Sequential::backward_params(const Tensor2& dy) {
  if (layers_.empty()) return;
  const Tensor2* g = &dy;
  for (std::size_t i = layers_.size() - 1; i >= 1; --i) {
    // A pair ending at layer 0 also computes layer 0's input gradient (into a scratch buffer).
    Tensor2& pair_out = same_scratch(g);
    if (backward_pair(i, *g, pair_out, true)) {
      if (i == 1) return;
      g = &pair_out;
      --i;
      continue;
    }
    Tensor2& out = layers_[i]->backward_elementwise() ? same_scratch(g) : other_scratch(g);
    LayerTimer timer(profile_, true, i);
    layers_[i]->backward_kept(act(i - 1), act(i), *g, out, true);
    g = &out;
  }
  LayerTimer timer(profile_, true, 0);
  layers_[0]->backward_params(*g);
}

std::size_t Sequential::kept_bytes() const {
  std::size_t n = 0;
  for (const Tensor2& a : acts_) n += a.size();
  for (const Tensor2& g : *grads_) n += g.size();
  return n * sizeof(float);
}

void Sequential::set_profile(LayerTimes* times) {
  profile_ = times;
  if (!times) return;
  for (auto* v : {&times->forward, &times->backward, &times->forward_cpu, &times->backward_cpu, &times->forward_gemm,
                 &times->backward_gemm, &times->forward_gemm_flops, &times->backward_gemm_flops})
    v->assign(layers_.size(), 0.0);
  for (auto* v : {&times->forward_calls, &times->backward_calls}) v->assign(layers_.size(), 0);
}

const std::vector<Param>& Sequential::param_list() {
  if (params_built_) return params_;
  params_built_ = true;
  std::vector<Param>& all = params_;
  int index = 0;
  for (auto& l : layers_) {
    auto ps = l->params();
    for (auto& p : ps) {
      p.name = "layer" + std::to_string(index) + "." + p.name;
      all.push_back(p);
    }
    if (!ps.empty()) ++index;
  }
  return params_;
}

std::vector<Param> Sequential::buffers() {
  std::vector<Param> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& p : layers_[i]->buffers()) {
      p.name = "buffer" + std::to_string(i) + "." + p.name;
      all.push_back(p);
    }
  return all;
}

void Sequential::set_training(bool training) {
  for (auto& l : layers_) l->set_training(training);
}

// Fast mode fuses each activation that says its slope into the layer before
// it where that layer can take it in (layer.h); exact mode undoes it.
void Sequential::set_math_mode(MathMode mode) {
  for (auto& l : layers_) l->set_math_mode(mode);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    float slope = 0;
    const bool can = mode == MathMode::Fast && g_activation_fusion && i + 1 < layers_.size() && !(i > 0 && fused_[i - 1]) &&
                     layers_[i + 1]->leaky_slope(slope);
    fused_[i] = layers_[i]->fuse_activation(can, slope) && can;
  }
  plan_in_place();
}

void Sequential::reseed(std::uint64_t seed, std::uint64_t stream) {
  for (std::size_t i = 0; i < layers_.size(); ++i) layers_[i]->reseed(Rng(seed, stream + i));
}

void Sequential::set_growth(int stage, float alpha) {
  for (auto& l : layers_) l->set_growth(stage, alpha);
}

std::size_t Sequential::param_count() {
  std::size_t n = 0;
  for (auto& p : param_list()) n += p.value->size();
  return n;
}

std::string Sequential::describe() const {
  std::string s;
  for (std::size_t i = 0; i < layers_.size(); ++i) s += (i ? " -> " : "") + layers_[i]->describe();
  return s;
}

}  // namespace ganstep
