// A stack of layers run in order, of any kinds (the image GAN's G and D).
//   x: (B, in) -> layer 0 -> ... -> layer n-1 -> y: (B, out)
// backward() runs the layers in reverse; backward_params() skips the first
// layer's input gradient (nobody needs it). A Sequential is a value: copying
// it clones every layer, caches included. Layers after the first run through
// forward_kept / backward_kept: their inputs and outputs are acts_, so they
// keep no copies of their own (the first layer's input is the caller's, which
// may change before backward: that layer caches it).
#pragma once

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
  struct LayerTimes {
    std::vector<double> forward, backward;
    std::vector<double> forward_cpu, backward_cpu;
    std::vector<long long> forward_calls, backward_calls;
  };
  void set_profile(LayerTimes* times);

 private:
  bool backward_pair(std::size_t i, const Tensor2& g, Tensor2& out, bool param_grads);

  LayerTimes* profile_ = nullptr;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Tensor2> acts_;   // acts_[i] = output of layer i
  std::vector<Tensor2> grads_;  // two scratch buffers for backward
  std::vector<Param> params_;   // param_list(), pointing into this net's layers
  std::vector<bool> fused_;     // fused_[i]: layer i takes in activation i + 1 (fast mode)
  bool params_built_ = false;
};

}  // namespace ganstep
