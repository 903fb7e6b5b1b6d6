// The point GAN's training loop allocates nothing once its buffers have their
// steady size (after the first iteration): every operator new of this test
// program is counted while a NoAllocScope on the same thread is open.
//
// It pins what the point GAN's speed rests on: layers inside a Sequential keep
// no copies, parameter lists are built once, losses, GEMM scratch and noise
// buffers are reused. A new allocation per step shows up here as a count, not
// as a slower benchmark.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "engine/core/parallel.h"
#include "engine/nn/mlp.h"
#include "tests/engine/layer_specs.h"

namespace {

thread_local bool g_counting = false;
thread_local long g_news = 0;

struct NoAllocScope {
  NoAllocScope() {
    g_news = 0;
    g_counting = true;
  }
  ~NoAllocScope() { g_counting = false; }
  long count() const { return g_news; }
};

}  // namespace

// The program's own operator new / delete (the sized, array and nothrow forms
// of the standard library call these).
void* operator new(std::size_t n) {
  if (g_counting) ++g_news;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace ganstep;

TEST_CASE("the allocation counter sees operator new", "[alloc]") {
  NoAllocScope scope;
  auto* v = new std::vector<float>(100);
  CHECK(scope.count() == 2);  // the vector and its buffer
  delete v;
}

TEST_CASE("point GAN training allocates nothing after the first iteration", "[alloc][trainer]") {
  for (const char* id : {"tiny-2d", "gauss-1d", "ring-2d"}) {
    for (const char* g_loss : {"nonsat", "minimax"}) {
      GanConfig c = find_preset(id)->config;
      REQUIRE(apply_setting(c, "g_loss", g_loss).empty());
      REQUIRE(apply_setting(c, "k", "2").empty());
      Trainer t(c);
      REQUIRE(t.ok());
      t.step_iterations(1);
      long news = 0;
      {
        NoAllocScope scope;
        for (int i = 0; i < 5; ++i) t.step_update();  // D, D, G, D, D: update by update
        for (int i = 0; i < 9; ++i) t.step_phase();   // and phase by phase
        t.step_iterations(20);
        news = scope.count();
      }
      INFO(id << " g_loss=" << g_loss);
      CHECK(news == 0);
    }
  }
}

TEST_CASE("an MLP's forward and backward passes allocate nothing once sized", "[alloc]") {
  MlpSpec spec;
  spec.in = 2;
  spec.hidden = {{16, Act::LeakyReLU}, {16, Act::Tanh}, {8, Act::Sigmoid}};
  spec.out = 3;
  Sequential net = build_mlp(spec);
  Rng rng(3, 4);
  init_mlp(net, rng);
  Tensor2 x = Tensor2::from_shape({32, 2}), dy = Tensor2::from_shape({32, 3}), dx;
  rng.fill_normal(x.data(), 64);
  rng.fill_normal(dy.data(), 96);
  net.forward(x);
  net.backward(dy, dx);
  net.backward_params(dy);
  NoAllocScope scope;
  for (int i = 0; i < 3; ++i) {
    net.forward(x);
    net.backward(dy, dx);
    net.backward_params(dy);
  }
  CHECK(scope.count() == 0);
}

TEST_CASE("image GAN training allocates nothing after the first iteration, exact and fast", "[alloc][trainer]") {
  // A DCGAN with every kind of layer the standard one has (batch norm, leaky
  // ReLU, dropout, strided and transposed convolutions, dense ends), on one
  // thread (the counter sees this thread's allocations).
  using namespace ganstep::testing;
  ImageGanSpec spec;
  spec.shape = ImageShape{1, 28, 28};
  spec.g = {dense(1568, false), act(LayerKind::BatchNorm), act(LayerKind::LeakyReLU), reshape(32, 7, 7),
            conv(LayerKind::ConvT, 16, 5, 2, 2, 1), act(LayerKind::BatchNorm), act(LayerKind::LeakyReLU),
            conv(LayerKind::ConvT, 1, 5, 2, 2, 1), act(LayerKind::Tanh)};
  LayerSpec drop = act(LayerKind::Dropout);
  drop.p = 0.3f;
  spec.d = {conv(LayerKind::Conv, 16, 5, 2, 2), act(LayerKind::LeakyReLU), drop,
            conv(LayerKind::Conv, 32, 5, 2, 2), act(LayerKind::LeakyReLU), drop, act(LayerKind::Flatten), dense(1)};
  auto data = std::make_shared<LabeledImages>();
  data->images = Tensor2::from_shape({64, 784});
  Rng(5, 5).fill_uniform(data->images.data(), 64 * 784, -1.0f, 1.0f);
  data->labels.assign(64, 0);
  set_thread_count(1);
  for (const char* mode : {"exact", "fast"}) {
    GanConfig c = adam_test_config(16, 2);
    c.noise_dim = 32;
    if (std::string(mode) == "fast" && !fast_mode_compiled()) continue;
    REQUIRE(apply_setting(c, "mode", mode).empty());
    Trainer t(spec, c, data);
    REQUIRE(t.ok());
    t.step_iterations(2);
    long news = 0;
    {
      NoAllocScope scope;
      t.step_iterations(3);
      news = scope.count();
    }
    INFO(mode);
    CHECK(news == 0);
  }
  set_thread_count(0);
}
