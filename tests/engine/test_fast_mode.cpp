// Fast mode (engine/core/math_mode.h) against exact mode: each GEMM layer's
// output and gradients, and a whole G + D forward and backward pass, agree to
// a relative error of 1e-5 (the norm of the difference over the norm of the
// exact result) on random inputs; fast mode is deterministic for a thread
// count; exact mode's bits are those of the default.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "engine/core/gemm.h"
#include "engine/core/gemm_blocked.h"
#include "engine/core/parallel.h"
#include "engine/gan/config.h"
#include "engine/gan/trainer.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_common.h"
#include "engine/nn/conv_transpose2d.h"
#include "engine/nn/linear.h"
#include "engine/nn/sequential.h"
#include "tests/engine/layer_specs.h"
#include "tests/engine/net_checks.h"

using namespace ganstep;
using namespace ganstep::testing;

namespace {

constexpr double kTolerance = 1e-5;

double relative_error(const Tensor2& fast, const Tensor2& exact) {
  REQUIRE(fast.shape() == exact.shape());
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const double d = double(fast.data()[i]) - double(exact.data()[i]);
    diff += d * d;
    norm += double(exact.data()[i]) * double(exact.data()[i]);
  }
  return norm > 0 ? std::sqrt(diff / norm) : std::sqrt(diff);
}

struct Pass {
  Tensor2 y, dx;
  std::vector<Tensor2> grads;
};

// Forward, then backward with dy, in the given mode, on a copy of the layer.
Pass run_layer(const Layer& proto, MathMode mode, const Tensor2& x, const Tensor2& dy) {
  std::unique_ptr<Layer> l = proto.clone();
  l->set_math_mode(mode);
  Pass p;
  l->forward(x, p.y);
  l->backward(dy, p.dx, true);
  for (const Param& q : l->params()) p.grads.push_back(*q.grad);
  return p;
}

// Fast and exact agree within kTolerance on y, dx and every parameter
// gradient; and when fast mode's kernel runs here, some bits differ (the
// fast path really ran).
void check_layer(Layer& layer, std::size_t batch, std::size_t in, std::size_t out, std::uint64_t seed) {
  const Tensor2 x = random_rows(batch, in, seed);
  const Tensor2 dy = random_rows(batch, out, seed + 1);
  const Pass e = run_layer(layer, MathMode::Exact, x, dy);
  const Pass f = run_layer(layer, MathMode::Fast, x, dy);
  CHECK(relative_error(f.y, e.y) <= kTolerance);
  CHECK(relative_error(f.dx, e.dx) <= kTolerance);
  REQUIRE(f.grads.size() == e.grads.size());
  for (std::size_t i = 0; i < e.grads.size(); ++i) {
    INFO("gradient " << i);
    CHECK(relative_error(f.grads[i], e.grads[i]) <= kTolerance);
  }
  if (gemm_fast_available()) CHECK_FALSE(bool(f.y == e.y && f.dx == e.dx));
}

// The light DCGAN of lesson 8 (dcgan-mnist), at a test's size.
ImageGanSpec light_dcgan() {
  ImageGanSpec s;
  s.shape = ImageShape{1, 28, 28};
  s.g = {dense(3136, false), act(LayerKind::BatchNorm), act(LayerKind::ReLU), reshape(64, 7, 7),
         conv(LayerKind::ConvT, 32, 4, 2, 1), act(LayerKind::BatchNorm), act(LayerKind::ReLU),
         conv(LayerKind::ConvT, 1, 4, 2, 1), act(LayerKind::Tanh)};
  s.d = {conv(LayerKind::Conv, 32, 4, 2, 1), act(LayerKind::LeakyReLU), conv(LayerKind::Conv, 64, 4, 2, 1),
         act(LayerKind::LeakyReLU), act(LayerKind::Flatten), dense(1)};
  return s;
}

std::shared_ptr<LabeledImages> random_images(int n) {
  auto d = std::make_shared<LabeledImages>();
  d->images = random_rows(std::size_t(n), 784, 99);
  d->labels.assign(std::size_t(n), 0);
  return d;
}

}  // namespace

TEST_CASE("fast mode: the setting, its name and its checks", "[fast]") {
  GanConfig c;
  CHECK(c.mode == MathMode::Exact);
  if (!fast_mode_compiled()) {  // WebAssembly: exact only, and the setting says so
    CHECK(apply_setting(c, "mode=fast").find("natively only") != std::string::npos);
    CHECK(c.mode == MathMode::Exact);
    return;
  }
  CHECK(apply_setting(c, "mode=fast").empty());
  CHECK(c.mode == MathMode::Fast);
  CHECK(config_key("mode")->get(c) == "fast");
  CHECK(config_key("mode")->live);
  CHECK(apply_setting(c, "mode=exact").empty());
  CHECK(c.mode == MathMode::Exact);
  const std::string e = apply_setting(c, "mode=fastest");
  CHECK(e.find("unknown mode") != std::string::npos);
  CHECK(e.find("exact or fast") != std::string::npos);
}

TEST_CASE("fast mode: conv, transposed conv and dense layers within 1e-5 of exact", "[fast]") {
  set_thread_count(2);
  SECTION("Conv2d 32x14x14 -> 64x7x7, k4 s2 p1 (D's second layer)") {
    Conv2d l(32, 14, 14, 64, 4, 2, 1);
    Rng init(1, 1);
    l.init(init);
    check_layer(l, 16, 32 * 14 * 14, 64 * 7 * 7, 3);
  }
  SECTION("Conv2d 16x12x12 -> 24x12x12, k5 s1 p2") {
    Conv2d l(16, 12, 12, 24, 5, 1, 2);
    Rng init(2, 1);
    l.init(init);
    check_layer(l, 8, 16 * 144, 24 * 144, 5);
  }
  SECTION("ConvTranspose2d 64x7x7 -> 32x14x14, k4 s2 p1 (G's first)") {
    ConvTranspose2d l(64, 7, 7, 32, 4, 2, 1);
    Rng init(3, 1);
    l.init(init);
    check_layer(l, 16, 64 * 49, 32 * 196, 7);
  }
  SECTION("ConvTranspose2d 32x7x7 -> 16x14x14, k5 s2 p2 op1") {
    ConvTranspose2d l(32, 7, 7, 16, 5, 2, 2, 1);
    Rng init(4, 1);
    l.init(init);
    check_layer(l, 8, 32 * 49, 16 * 196, 9);
  }
  SECTION("Linear 300 -> 1200") {
    Linear l(300, 1200);
    Rng init(5, 1);
    l.init(init);
    check_layer(l, 64, 300, 1200, 11);
  }
  set_thread_count(0);
}

TEST_CASE("fast mode: products done a few images at a time stay within 1e-5 of exact", "[fast]") {
  // col2im after the product (Conv2d's input gradient, ConvTranspose2d's
  // output) runs on chunks of about kColChunkBytes of columns: these batches
  // make several chunks, the last one short.
  set_thread_count(2);
  SECTION("Conv2d 64x14x14 -> 32x7x7, k5 s2 p2: 40 images, chunks of 13") {
    Conv2d l(64, 14, 14, 32, 5, 2, 2);
    REQUIRE(kColChunkBytes / (l.geom().col_rows() * l.geom().out_pixels() * sizeof(float)) == 13);
    Rng init(6, 1);
    l.init(init);
    check_layer(l, 40, 64 * 196, 32 * 49, 13);
  }
  SECTION("ConvTranspose2d 64x7x7 -> 32x7x7, k5 s1 p2: 40 images, chunks of 26") {
    ConvTranspose2d l(64, 7, 7, 32, 5, 1, 2);
    Rng init(7, 1);
    l.init(init);
    check_layer(l, 40, 64 * 49, 32 * 49, 15);
  }
  set_thread_count(0);
}

TEST_CASE("fast mode: an A packed once gives the bits of the products that pack it each time", "[fast]") {
  // Shapes with edge tiles in both directions (M not a multiple of the
  // kernel's rows, N leaving 1..47 columns of a 48-column sliver), K over
  // one K step, and N small enough that the plain loops take it.
  const int shapes[][3] = {{100, 294, 300}, {37, 61, 513}, {256, 17, 40}, {24, 5, 7}, {3200, 49, 64}};
  for (int threads : {1, 2}) {
    set_thread_count(threads);
    for (const auto& s : shapes) {
      const int M = s[0], N = s[1], K = s[2];
      INFO(threads << " threads, M " << M << " N " << N << " K " << K);
      const Tensor2 a = random_rows(std::size_t(M), std::size_t(K), 51), b = random_rows(std::size_t(K), std::size_t(N), 52);
      const Tensor2 at = random_rows(std::size_t(K), std::size_t(M), 53);
      for (MathMode mode : {MathMode::Exact, MathMode::Fast}) {
        Tensor2 want = Tensor2::from_shape({std::size_t(M), std::size_t(N)}), got = want;
        Tensor2 want_t = want, got_t = want;
        gemm_nn(M, N, K, a.data(), b.data(), want.data(), false, mode);
        gemm_tn(M, N, K, at.data(), b.data(), want_t.data(), false, mode);
        GemmPackedA pa, pt;
        gemm_pack_a(M, K, a.data(), false, mode, pa);
        gemm_pack_a(M, K, at.data(), true, mode, pt);
        CHECK((pa.packed_rows > 0) == (mode == MathMode::Fast && gemm_fast_available()));
        for (int twice = 0; twice < 2; ++twice) {  // the packed copy is reused
          gemm_packed_nn(pa, N, b.data(), got.data());
          gemm_packed_nn(pt, N, b.data(), got_t.data());
          CHECK(bool(got == want));
          CHECK(bool(got_t == want_t));
        }
      }
    }
  }
  set_thread_count(0);
}

TEST_CASE("convolutions inside a net read its kept activations: the bits of the layers run alone", "[fast]") {
  // Conv2d and ConvTranspose2d after the first layer keep no copy of their
  // input (forward_kept / backward_kept): a net of two of each gives the
  // values of the same layers run one by one with their own copies.
  set_thread_count(2);
  for (MathMode mode : {MathMode::Exact, MathMode::Fast}) {
    INFO((mode == MathMode::Fast ? "fast" : "exact"));
    Conv2d c1(2, 10, 10, 8, 3, 2, 1), c2(8, 5, 5, 6, 3, 1, 1);
    ConvTranspose2d t1(6, 5, 5, 4, 4, 2, 1), t2(4, 10, 10, 3, 3, 1, 1);
    Rng init(21, 1);
    c1.init(init), c2.init(init), t1.init(init), t2.init(init);
    check_same_as_alone({&c1, &c2, &t1, &t2}, mode, 7, 2 * 100, 3 * 100);
  }
  set_thread_count(0);
}

TEST_CASE("fast mode: im2col read inside the packing gives the bits of a stored im2col", "[fast]") {
  // The same values reach the same kernel in the same order: only where they
  // are read from differs. Odd sizes: stride 3, padding, a batch whose
  // threads' column ranges start inside an image row.
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    set_thread_count(threads);
    const ConvGeom g = ConvGeom::make(8, 11, 12, 3, 3, 2);  // 5 x 5 windows
    const int batch = 41, M = 64;  // on 2 threads, the second range starts at image 21, row 0, column 3
    const std::size_t P = static_cast<std::size_t>(batch) * g.out_pixels(), R = g.col_rows();
    const Tensor2 image = random_rows(std::size_t(batch), g.image_size(), 31);
    const Tensor2 a_nn = random_rows(std::size_t(M), R, 32), a_nt = random_rows(std::size_t(M), P, 33);
    Tensor2 fused[2], stored[2], exact[2];
    for (int f = 0; f < 2; ++f) {
      gemm_detail::gemm_set_im2col_fusion(f == 1);
      Tensor2* out = f ? fused : stored;
      out[0] = Tensor2::from_shape({std::size_t(M), P});
      out[1] = Tensor2::from_shape({std::size_t(M), R});
      gemm_nn_im2col(M, a_nn.data(), g, batch, image.data(), out[0].data(), MathMode::Fast);
      gemm_nt_im2col(M, a_nt.data(), g, batch, image.data(), out[1].data(), MathMode::Fast);
    }
    gemm_detail::gemm_set_im2col_fusion(true);
    CHECK(gemm_im2col_fused(MathMode::Fast) == gemm_fast_available());
    CHECK_FALSE(gemm_im2col_fused(MathMode::Exact));
    CHECK(bool(fused[0] == stored[0]));
    CHECK(bool(fused[1] == stored[1]));
    // Exact mode: im2col, then the plain products.
    std::vector<float> col(R * P);
    im2col(g, batch, image.data(), col.data());
    exact[0] = Tensor2::from_shape({std::size_t(M), P});
    exact[1] = Tensor2::from_shape({std::size_t(M), R});
    Tensor2 e0 = exact[0], e1 = exact[1];
    gemm_nn(M, int(P), int(R), a_nn.data(), col.data(), e0.data(), false);
    gemm_nt(M, int(R), int(P), a_nt.data(), col.data(), e1.data(), false);
    gemm_nn_im2col(M, a_nn.data(), g, batch, image.data(), exact[0].data(), MathMode::Exact);
    gemm_nt_im2col(M, a_nt.data(), g, batch, image.data(), exact[1].data(), MathMode::Exact);
    CHECK(bool(exact[0] == e0));
    CHECK(bool(exact[1] == e1));
    CHECK(relative_error(fused[0], e0) <= kTolerance);
    CHECK(relative_error(fused[1], e1) <= kTolerance);
    if (gemm_fast_available()) CHECK_FALSE(bool(fused[0] == e0));
  }
  // A whole layer, fused against stored.
  set_thread_count(2);
  Conv2d l(16, 14, 14, 32, 5, 2, 2);
  Rng init(8, 1);
  l.init(init);
  const Tensor2 x = random_rows(24, 16 * 196, 41), dy = random_rows(24, 32 * 49, 42);
  gemm_detail::gemm_set_im2col_fusion(false);
  const Pass stored = run_layer(l, MathMode::Fast, x, dy);
  gemm_detail::gemm_set_im2col_fusion(true);
  const Pass fused = run_layer(l, MathMode::Fast, x, dy);
  CHECK(bool(fused.y == stored.y));
  CHECK(bool(fused.dx == stored.dx));
  for (std::size_t i = 0; i < fused.grads.size(); ++i) CHECK(bool(fused.grads[i] == stored.grads[i]));
  set_thread_count(0);
}

TEST_CASE("fast mode: a whole G and D forward and backward pass within 1e-5 of exact", "[fast]") {
  set_thread_count(2);
  const ImageGanSpec spec = light_dcgan();
  Sequential g[2], d[2];
  for (int m = 0; m < 2; ++m) {
    Rng init(7, 1);
    REQUIRE(build_network(spec.g, ImageShape{64, 1, 1}, init, g[m]).empty());
    REQUIRE(build_network(spec.d, spec.shape, init, d[m]).empty());
    g[m].set_math_mode(m ? MathMode::Fast : MathMode::Exact);
    d[m].set_math_mode(m ? MathMode::Fast : MathMode::Exact);
  }
  const Tensor2 z = random_rows(32, 64, 21);
  const Tensor2 dlogits = random_rows(32, 1, 22);
  Tensor2 fake[2], dfake[2], dz[2];
  for (int m = 0; m < 2; ++m) {
    fake[m] = g[m].forward(z);
    d[m].forward(fake[m]);
    d[m].backward(dlogits, dfake[m], true);
    g[m].backward(dfake[m], dz[m], true);
  }
  CHECK(relative_error(fake[1], fake[0]) <= kTolerance);
  CHECK(relative_error(dfake[1], dfake[0]) <= kTolerance);
  CHECK(relative_error(dz[1], dz[0]) <= kTolerance);
  // Each net's whole gradient (every parameter's, as one vector), and each
  // tensor's whose gradient is not 0 in exact arithmetic: a bias just before
  // a batch norm gets sums that cancel to rounding noise (the norm takes the
  // mean out), whose relative error measures that noise, not the arithmetic.
  for (Sequential* net : {&g[0], &d[0]}) {
    Sequential* other = net == &g[0] ? &g[1] : &d[1];
    const std::vector<Param> e = net->params(), f = other->params();
    REQUIRE(e.size() == f.size());
    double diff = 0, norm = 0;
    std::vector<double> norms;
    for (std::size_t i = 0; i < e.size(); ++i) {
      double n = 0;
      for (std::size_t j = 0; j < e[i].grad->size(); ++j) {
        const double x = e[i].grad->data()[j], y = f[i].grad->data()[j];
        diff += (y - x) * (y - x);
        n += x * x;
      }
      norms.push_back(std::sqrt(n));
      norm += n;
    }
    CHECK(std::sqrt(diff / norm) <= kTolerance);
    for (std::size_t i = 0; i < e.size(); ++i) {
      const double r = relative_error(*f[i].grad, *e[i].grad);
      INFO((net == &g[0] ? "G " : "D ") << e[i].name << ": " << r << ", norm " << norms[i]);
      if (norms[i] > 1e-5 * std::sqrt(norm)) CHECK(r <= kTolerance);
    }
  }
  if (gemm_fast_available()) CHECK_FALSE(bool(dz[1] == dz[0]));
  set_thread_count(0);
}

TEST_CASE("fast mode: deterministic for a thread count; exact is the default's bits", "[fast]") {
  auto data = random_images(64);
  GanConfig c = adam_test_config(16, 3);
  c.noise_dim = 64;
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    set_thread_count(threads);
    std::uint64_t h[3];
    for (int run = 0; run < 3; ++run) {
      GanConfig rc = c;
      rc.mode = run == 0 ? MathMode::Exact : MathMode::Fast;
      Trainer t(light_dcgan(), rc, data);
      REQUIRE(t.ok());
      REQUIRE(t.step_iterations(3));
      h[run] = t.state_hash();
    }
    Trainer plain(light_dcgan(), c, data);  // mode left at its default
    REQUIRE(plain.step_iterations(3));
    CHECK(plain.state_hash() == h[0]);
    CHECK(h[1] == h[2]);
    if (gemm_fast_available()) CHECK(h[1] != h[0]);
  }
  set_thread_count(0);
}

TEST_CASE("fast mode: a live setting; a run switched to fast mid-way goes on", "[fast]") {
  auto data = random_images(64);
  GanConfig c = adam_test_config(16, 4);
  c.noise_dim = 64;
  Trainer t(light_dcgan(), c, data);
  REQUIRE(t.step_iterations(2));
  const std::string e = t.retune("mode", "fast");
  if (!fast_mode_compiled()) {  // WebAssembly: refused, the run goes on exact
    CHECK(e.find("natively only") != std::string::npos);
    REQUIRE(t.step_iterations(2));
    CHECK(t.config().mode == MathMode::Exact);
    return;
  }
  CHECK(e.empty());
  REQUIRE(t.step_iterations(2));
  CHECK(t.config().mode == MathMode::Fast);
}

namespace {

// Two copies of a net in one mode, one with its activations fused into the
// layers before them and one without: forward, backward (with and without
// the first layer's input gradient) and every parameter gradient.
struct NetPass {
  Tensor2 y, dx;
  std::vector<Tensor2> grads, grads_no_dx;
};

NetPass run_net(const std::vector<LayerSpec>& specs, ImageShape in, MathMode mode, bool fusion, const Tensor2& x,
                const Tensor2& dy) {
  set_activation_fusion(fusion);
  Sequential net;
  Rng init(17, 1);
  REQUIRE(build_network(specs, in, init, net).empty());
  net.set_math_mode(mode);
  NetPass p;
  p.y = net.forward(x);
  net.backward(dy, p.dx, true);
  for (const Param& q : net.params()) p.grads.push_back(*q.grad);
  net.forward(x);
  net.backward_params(dy);
  for (const Param& q : net.params()) p.grads_no_dx.push_back(*q.grad);
  set_activation_fusion(true);
  return p;
}

void check_same(const NetPass& a, const NetPass& b) {
  CHECK(bool(a.y == b.y));
  CHECK(bool(a.dx == b.dx));
  REQUIRE(a.grads.size() == b.grads.size());
  for (std::size_t i = 0; i < a.grads.size(); ++i) {
    INFO("gradient " << i);
    CHECK(bool(a.grads[i] == b.grads[i]));
    CHECK(bool(a.grads_no_dx[i] == b.grads_no_dx[i]));
  }
}

}  // namespace

TEST_CASE("fast mode: activations fused into conv epilogues and batch norm give the unfused values", "[fast]") {
  // Conv2d + bias + LeakyReLU in the GEMM's last store (K = 25 in one K step;
  // K = 1600 with partial sums in between; 49 and 196 pixels per image, so
  // tiles of 48 columns cross images), BatchNorm + LeakyReLU / ReLU in one
  // pass each way, a fused pair as the first layer (backward_params).
  const std::vector<LayerSpec> d = {conv(LayerKind::Conv, 64, 5, 2, 2), act(LayerKind::LeakyReLU),
                                    conv(LayerKind::Conv, 72, 5, 2, 2), act(LayerKind::LeakyReLU),
                                    act(LayerKind::Flatten), dense(1)};
  const std::vector<LayerSpec> g = {dense(1568, false), act(LayerKind::BatchNorm), act(LayerKind::ReLU),
                                    reshape(32, 7, 7),   conv(LayerKind::ConvT, 16, 4, 2, 1),
                                    act(LayerKind::BatchNorm), act(LayerKind::LeakyReLU),
                                    conv(LayerKind::ConvT, 1, 4, 2, 1), act(LayerKind::Tanh)};
  const std::vector<LayerSpec> bn_first = {act(LayerKind::BatchNorm), act(LayerKind::LeakyReLU), dense(3)};
  const Tensor2 images = random_rows(19, 784, 51), dlogit = random_rows(19, 1, 52);
  const Tensor2 z = random_rows(19, 40, 53), dimage = random_rows(19, 784, 54);
  const Tensor2 h = random_rows(19, 40, 55), dh = random_rows(19, 3, 56);
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    set_thread_count(threads);
    for (MathMode mode : {MathMode::Fast, MathMode::Exact}) {
      INFO(math_mode_name(mode));
      check_same(run_net(d, ImageShape{1, 28, 28}, mode, true, images, dlogit),
                 run_net(d, ImageShape{1, 28, 28}, mode, false, images, dlogit));
      check_same(run_net(g, ImageShape{40, 1, 1}, mode, true, z, dimage),
                 run_net(g, ImageShape{40, 1, 1}, mode, false, z, dimage));
      check_same(run_net(bn_first, ImageShape{40, 1, 1}, mode, true, h, dh),
                 run_net(bn_first, ImageShape{40, 1, 1}, mode, false, h, dh));
    }
    // Fused fast mode against exact: within 1e-5 per output and gradient.
    const NetPass f = run_net(d, ImageShape{1, 28, 28}, MathMode::Fast, true, images, dlogit);
    const NetPass e = run_net(d, ImageShape{1, 28, 28}, MathMode::Exact, true, images, dlogit);
    CHECK(relative_error(f.y, e.y) <= kTolerance);
    CHECK(relative_error(f.dx, e.dx) <= kTolerance);
    for (std::size_t i = 0; i < e.grads.size(); ++i) CHECK(relative_error(f.grads[i], e.grads[i]) <= kTolerance);
  }
  set_thread_count(0);
}

TEST_CASE("fast mode: which layers fuse", "[fast]") {
  const std::vector<LayerSpec> d = {conv(LayerKind::Conv, 8, 4, 2, 1), act(LayerKind::LeakyReLU),
                                    act(LayerKind::LeakyReLU), act(LayerKind::Flatten), dense(1)};
  Sequential net;
  Rng init(3, 1);
  REQUIRE(build_network(d, ImageShape{1, 8, 8}, init, net).empty());
  Conv2d& c = dynamic_cast<Conv2d&>(net.layer(0));
  // Fusion shows in what the conv layer writes: in fast mode, the LeakyReLU of
  // its exact-mode output (negative values scaled by the slope).
  const Tensor2 x = random_rows(4, 64, 61);
  float slope = 0;
  REQUIRE(net.layer(1).leaky_slope(slope));
  Tensor2 fused, plain;
  net.set_math_mode(MathMode::Fast);
  c.forward(x, fused);
  net.set_math_mode(MathMode::Exact);  // undone
  c.forward(x, plain);
  CHECK(std::any_of(plain.begin(), plain.end(), [](float v) { return v < -1e-3f; }));
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const float p = plain.data()[i];
    CHECK(std::abs(fused.data()[i] - (p > 0 ? p : slope * p)) <= 1e-5f * (1.0f + std::abs(p)));
  }
  // The second LeakyReLU follows an activation, not a layer that takes it in: the
  // net's output is that of the unfused layers.
  set_activation_fusion(false);
  Sequential unfused = net;
  unfused.set_math_mode(MathMode::Fast);
  set_activation_fusion(true);
  net.set_math_mode(MathMode::Fast);
  CHECK(bool(net.forward(x) == unfused.forward(x)));
}
