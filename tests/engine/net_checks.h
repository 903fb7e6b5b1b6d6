// Helpers for tests that compare a net with its layers run one by one.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/sequential.h"

namespace ganstep::testing {

// rows x cols uniform in [-1, 1), from the seed.
inline Tensor2 random_rows(std::size_t rows, std::size_t cols, std::uint64_t seed) {
  Tensor2 t = Tensor2::from_shape({rows, cols});
  Rng r(seed, 11);
  r.fill_uniform(t.data(), static_cast<int>(t.size()), -1.0f, 1.0f);
  return t;
}

// The net's forward and backward against its layers' clones run one by one
// (forward / backward, their own caches): the same output, input gradient and
// parameter gradients, bit for bit.
inline void check_same_as_alone(const std::vector<Layer*>& layers, MathMode mode, std::size_t batch, std::size_t in,
                         std::size_t out) {
  Sequential net;
  std::vector<std::unique_ptr<Layer>> alone;
  for (Layer* l : layers) {
    net.add(l->clone());
    alone.push_back(l->clone());
    alone.back()->set_math_mode(mode);
  }
  net.set_math_mode(mode);
  const Tensor2 x = random_rows(batch, in, 41), dy = random_rows(batch, out, 42);
  for (int pass = 0; pass < 2; ++pass) {  // the second pass reuses every buffer (and draws new masks)
    INFO("pass " << pass);
    std::vector<Tensor2> h(layers.size() + 1);
    h[0] = x;
    for (std::size_t i = 0; i < layers.size(); ++i) alone[i]->forward(h[i], h[i + 1]);
    const Tensor2 y = net.forward(x);
    CHECK(bool(y == h.back()));
    Tensor2 g = dy, gi, dx;
    for (std::size_t i = layers.size(); i-- > 0;) {
      alone[i]->backward(g, gi, true);
      g = gi;
    }
    net.backward(dy, dx, true);
    CHECK(bool(dx == g));
    const std::vector<Param> p = net.params();
    std::size_t k = 0;
    for (auto& l : alone)
      for (const Param& q : l->params()) {
        REQUIRE(k < p.size());
        CHECK(bool(*p[k++].grad == *q.grad));
      }
    CHECK(k == p.size());
  }
}

}  // namespace ganstep::testing
