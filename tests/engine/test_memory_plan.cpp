// Where an image net's memory goes (README, Benchmarks): a Dropout after a
// (leaky) ReLU runs in place over the activation's output, element-wise
// layers write their input gradient over their output gradient, batch norm
// inside a net makes xhat again from the input the net keeps, and a
// trainer's G and D share the backward pass's two buffers. None of it
// changes a bit: the nets give the values of their layers run one by one,
// each with its own copies, in exact and in fast mode.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/gan/trainer.h"
#include "engine/nn/batch_norm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/dropout.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/linear.h"
#include "engine/nn/sequential.h"
#include "tests/engine/layer_specs.h"
#include "tests/engine/net_checks.h"

using namespace ganstep;
using namespace ganstep::testing;


TEST_CASE("memory plan: in-place dropout, batch norm without xhat, element-wise backward: the same bits", "[memory]") {
  set_thread_count(2);
  for (MathMode mode : {MathMode::Exact, MathMode::Fast}) {
    INFO((mode == MathMode::Fast ? "fast" : "exact"));
    // D's pattern: convolution, leaky ReLU, dropout (twice), then a dense layer.
    Conv2d c1(2, 8, 8, 6, 3, 2, 1), c2(6, 4, 4, 5, 3, 2, 1);
    LeakyReLU a1(0.3f), a2(0.3f);
    Dropout d1(0.3f, Rng(5, 1)), d2(0.4f, Rng(5, 2));
    Linear out(5 * 2 * 2, 1);
    Rng init(7, 1);
    c1.init(init), c2.init(init), out.init(init);
    check_same_as_alone({&c1, &a1, &d1, &c2, &a2, &d2, &out}, mode, 9, 2 * 64, 1);
    // G's pattern: dense, batch norm, leaky ReLU, convolution, batch norm, ReLU-like slope 0.
    Linear in(10, 4 * 4 * 4, false);
    in.init(init);
    BatchNorm b1(64), b2(3, 4, 4);
    LeakyReLU a3(0.2f), a4(0.0f);
    Conv2d c3(4, 4, 4, 3, 3, 1, 1);
    c3.init(init);
    check_same_as_alone({&in, &b1, &a3, &c3, &b2, &a4}, mode, 9, 10, 3 * 16);
  }
  set_thread_count(0);
}

TEST_CASE("memory plan: what a net keeps", "[memory]") {
  // Linear 16 -> 64, leaky ReLU, dropout, Linear 64 -> 8, leaky ReLU, dropout, Linear 8 -> 1, batch B.
  const std::size_t B = 32;
  Sequential net;
  Rng init(3, 1);
  auto lin = [&](int i, int o) {
    auto l = std::make_unique<Linear>(i, o);
    l->init(init);
    return l;
  };
  net.add(lin(16, 64));
  net.add(std::make_unique<LeakyReLU>(0.2f));
  net.add(std::make_unique<Dropout>(0.3f));
  net.add(lin(64, 8));
  net.add(std::make_unique<LeakyReLU>(0.2f));
  net.add(std::make_unique<Dropout>(0.3f));
  net.add(lin(8, 1));
  const Tensor2 x = random_rows(B, 16, 1), dy = random_rows(B, 1, 2);
  net.forward(x);
  Tensor2 dx;
  net.backward(dy, dx, true);
  // Activations: 64 + 64 + 8 + 8 + 1 per row (each dropout writes over its
  // ReLU's output); backward buffers: one of 8 per row (the last layer's
  // input gradient, then the dropout's and the ReLU's over it) and one of 64.
  CHECK(net.kept_bytes() == sizeof(float) * B * ((64 + 64 + 8 + 8 + 1) + (8 + 64)));

  // Batch norm inside a net keeps no xhat; alone (or first) it does.
  BatchNorm alone(8);
  Tensor2 y;
  alone.forward(random_rows(B, 8, 3), y);
  CHECK(alone.stores_xhat());
  Sequential g;
  g.add(lin(16, 8));
  g.add(std::make_unique<BatchNorm>(8));
  g.forward(x);
  CHECK_FALSE(static_cast<BatchNorm&>(g.layer(1)).stores_xhat());
}

TEST_CASE("memory plan: an image trainer's G and D share their backward buffers", "[memory]") {
  const ImageGanSpec spec = dense_g_conv_d_8x8();
  GanConfig config;
  config.batch = 4;
  config.noise_dim = 4;
  auto data = std::make_shared<LabeledImages>();
  data->images = random_rows(16, std::size_t(spec.shape.size()), 5);
  data->labels.assign(16, 0);
  Trainer t(spec, config, data);
  REQUIRE(t.ok());
  CHECK(t.generator().shares_backward_buffers(t.discriminator()));
  Trainer copy = t;  // a copy's nets get buffers of their own
  CHECK_FALSE(copy.generator().shares_backward_buffers(t.discriminator()));
  CHECK(t.step_iteration());
}
