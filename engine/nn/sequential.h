// A stack of layers run in order, of any kinds (the image GAN's G and D).
//   x: (B, in) -> layer 0 -> ... -> layer n-1 -> y: (B, out)
// backward() runs the layers in reverse; backward_params() skips the first
// layer's input gradient (nobody needs it). A Sequential is a value: copying
// it clones every layer, caches included. Layers after the first run through
// forward_kept / backward_kept: their inputs and outputs are acts_, so they
// keep no copies of their own (the first layer's input is the caller's, which
// may change before backward: that layer caches it). A layer that can run in
// place (Layer::runs_in_place: Dropout) after a (leaky) ReLU writes its output
// over the activation's: the activation's backward reads only the sign of its
// output (layer.h), which the mask keeps where the gradient is not zero.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "engine/nn/layer.h"

namespace ganstep {

// Whether fast mode fuses activations into the layers before them (default
// on). Off, fast mode runs every layer on its own: the same values (for tests
// and benchmarks). Takes effect at the next set_math_mode.
void set_activation_fusion(bool on);

class Sequential {
 public:
  Sequential() = default;
  Sequential(const Sequential& o);
  Sequential& operator=(const Sequential& o);
  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;

  void add(std::unique_ptr<Layer> layer);
  std::size_t size() const { return layers_.size(); }
  Layer& layer(std::size_t i) { return *layers_[i]; }

  const Tensor2& forward(const Tensor2& x);
  void backward(const Tensor2& dy, Tensor2& dx, bool param_grads = true);
  void backward_params(const Tensor2& dy);
  // The two scratch buffers of the backward pass are other's too (a trainer's
  // G and D, whose backward passes never overlap): the larger net's pair
  // serves both. A copy of either gets buffers of its own.
  void share_backward_buffers(Sequential& other) { grads_ = other.grads_; }
  bool shares_backward_buffers(const Sequential& other) const { return grads_ == other.grads_; }
  // Bytes of the activations it keeps and of its backward buffers (not the layers' own).
  std::size_t kept_bytes() const;

  // Every parameter, named "layerI.NAME" with I counting layers that have parameters.
  std::vector<Param> params() { return param_list(); }
  // The same list, built once (the training loop reads it every update
  // without allocating); add() drops it, and a copy builds its own.
  const std::vector<Param>& param_list();
  std::size_t param_count();
  // Every layer's buffers (BatchNorm running statistics), named like params().
  std::vector<Param> buffers();
  void set_training(bool training);
  // Fast mode also fuses activations into the layers before them (layer.h).
  void set_math_mode(MathMode mode);
  // Layer i that draws random numbers gets Rng(seed, stream + i).
  void reseed(std::uint64_t seed, std::uint64_t stream);
  // Every layer's growth position (Layer::set_growth).
  void set_growth(int stage, float alpha);
  std::string describe() const;

  // Per-layer wall time, for profiling (ganstep bench --profile): when set,
  // forward() and backward*() add each layer's seconds to its entry, and the
  // process's CPU seconds (all threads; std::clock) to the *_cpu one.
  // With the GEMM clock on (gemm_clock_enable), also each layer's products:
  // their CPU seconds on all threads and operations (engine/core/gemm.h).
  struct LayerTimes {
    std::vector<double> forward, backward;
    std::vector<double> forward_cpu, backward_cpu;
    std::vector<double> forward_gemm, backward_gemm;              // CPU seconds (all threads) in products
    std::vector<double> forward_gemm_flops, backward_gemm_flops;  // their operations
    std::vector<long long> forward_calls, backward_calls;
  };
  void set_profile(LayerTimes* times);

 private:
  bool backward_pair(std::size_t i, const Tensor2& g, Tensor2& out, bool param_grads);
  // The tensor holding layer i's output: acts_[i], or for a layer run in place its input's.
  Tensor2& act(std::size_t i) { return in_place_[i] ? act(i - 1) : acts_[i]; }
  // Which layers run in place (in_place_), from the layers and fused_.
  void plan_in_place();
  Tensor2& same_scratch(const Tensor2* g);
  Tensor2& other_scratch(const Tensor2* g);

  LayerTimes* profile_ = nullptr;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Tensor2> acts_;   // acts_[i] = output of layer i
  using Scratch = std::array<Tensor2, 2>;
  std::shared_ptr<Scratch> grads_ = std::make_shared<Scratch>();  // two scratch buffers for backward
  std::vector<Param> params_;   // param_list(), pointing into this net's layers
  std::vector<bool> fused_;     // fused_[i]: layer i takes in activation i + 1 (fast mode)
  std::vector<bool> in_place_;  // in_place_[i]: layer i writes its output over its input (acts_[i] unused)
  bool params_built_ = false;
};

}  // namespace ganstep
