// The layer interface: forward() and backward() side by side, llm.c style.
//   x, y:   (B, in), (B, out)       B = batch rows
//   dy, dx: gradients of the same shapes
// forward() caches what backward() needs; backward() overwrites the layer's
// parameter gradients (when param_grads is true) and writes dx.
// Image layers take rows in NCHW order: x(b, (c * H + y) * W + x).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/tensor.h"

namespace ganstep {

struct Param {
  Tensor2* value;
  Tensor2* grad;
  std::string name;
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual void forward(const Tensor2& x, Tensor2& y) = 0;
  virtual void backward(const Tensor2& dy, Tensor2& dx, bool param_grads) = 0;
  // Parameter gradients only, when nobody needs dx (the first layer of a net).
  virtual void backward_params(const Tensor2& dy) {
    Tensor2 unused;
    backward(dy, unused, true);
  }
  virtual std::vector<Param> params() { return {}; }
  // Training (the default) or inference mode: BatchNorm uses batch or running
  // statistics, Dropout drops or passes through. Other layers ignore it.
  virtual void set_training(bool) {}
  // State that is not trained but belongs to the model (BatchNorm's running
  // statistics), grad = nullptr: checkpoints and state hashes include it.
  virtual std::vector<Param> buffers() { return {}; }
  // Layers that draw random numbers (Dropout) restart their generator from
  // here; trainers call it before each forward pass, so a run's randomness is
  // a function of the seed and the step alone (and resumes exactly).
  virtual void reseed(const Rng& rng) { (void)rng; }
  virtual std::unique_ptr<Layer> clone() const = 0;
  virtual std::string describe() const = 0;
};

}  // namespace ganstep
