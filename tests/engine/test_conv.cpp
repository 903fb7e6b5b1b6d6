// Conv2d, ConvTranspose2d, Reshape and Flatten: forward against a direct
// (naive) convolution, the transposed convolution as the exact adjoint of the
// convolution, finite-difference gradients for the input and every parameter
// over several kernel/stride/padding configurations, and geometry checks.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <vector>

#include "engine/core/im2col.h"
#include "engine/core/parallel.h"
#include "engine/core/rng.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_transpose2d.h"
#include "engine/nn/flatten.h"
#include "engine/nn/reshape.h"
#include "tests/engine/gradcheck.h"

using namespace ganstep;
using namespace ganstep::gradcheck;

namespace {

struct ConvCase {
  int B, cin, h, w, cout, k, stride, pad, out_pad;
};

// y(b, co, oy, ox) = bias(co) + sum W(co, ci, ki, kj) x(b, ci, oy*s - p + ki, ox*s - p + kj), in double.
std::vector<double> direct_conv(const ConvCase& c, const Tensor2& x, const Tensor2& W, const Tensor2& bias,
                                int ho, int wo) {
  std::vector<double> y(static_cast<std::size_t>(c.B) * c.cout * ho * wo);
  for (int b = 0; b < c.B; ++b)
    for (int co = 0; co < c.cout; ++co)
      for (int oy = 0; oy < ho; ++oy)
        for (int ox = 0; ox < wo; ++ox) {
          double s = bias(0, co);
          for (int ci = 0; ci < c.cin; ++ci)
            for (int ki = 0; ki < c.k; ++ki)
              for (int kj = 0; kj < c.k; ++kj) {
                const int iy = oy * c.stride - c.pad + ki, ix = ox * c.stride - c.pad + kj;
                if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) continue;
                s +=
                    static_cast<double>(W(co, (ci * c.k + ki) * c.k + kj)) * x(b, (ci * c.h + iy) * c.w + ix);
              }
          y[((static_cast<std::size_t>(b) * c.cout + co) * ho + oy) * wo + ox] = s;
        }
  return y;
}

// y(b, co, iy*s - p + ki, ...) += W(ci, co, ki, kj) x(b, ci, iy, ix): the transposed convolution, in double.
std::vector<double> direct_conv_transpose(const ConvCase& c, const Tensor2& x, const Tensor2& W,
                                          const Tensor2& bias, int ho, int wo) {
  std::vector<double> y(static_cast<std::size_t>(c.B) * c.cout * ho * wo);
  for (int b = 0; b < c.B; ++b)
    for (int co = 0; co < c.cout; ++co)
      for (int i = 0; i < ho * wo; ++i)
        y[(static_cast<std::size_t>(b) * c.cout + co) * ho * wo + i] = bias(0, co);
  for (int b = 0; b < c.B; ++b)
    for (int ci = 0; ci < c.cin; ++ci)
      for (int iy = 0; iy < c.h; ++iy)
        for (int ix = 0; ix < c.w; ++ix)
          for (int co = 0; co < c.cout; ++co)
            for (int ki = 0; ki < c.k; ++ki)
              for (int kj = 0; kj < c.k; ++kj) {
                const int oy = iy * c.stride - c.pad + ki, ox = ix * c.stride - c.pad + kj;
                if (oy < 0 || oy >= ho || ox < 0 || ox >= wo) continue;
                y[((static_cast<std::size_t>(b) * c.cout + co) * ho + oy) * wo + ox] +=
                    static_cast<double>(W(ci, (co * c.k + ki) * c.k + kj)) * x(b, (ci * c.h + iy) * c.w + ix);
              }
  return y;
}

void check_close(const Tensor2& got, const std::vector<double>& want) {
  REQUIRE(got.size() == want.size());
  int bad = 0;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (std::fabs(got.data()[i] - want[i]) > 1e-5 * (1 + std::fabs(want[i]))) ++bad;
  CHECK(bad == 0);
}

const ConvCase kConvCases[] = {
    {2, 2, 5, 5, 3, 3, 1, 1, 0},  // same padding
    {2, 3, 6, 5, 2, 3, 2, 1, 0},  // stride 2, odd width
    {1, 2, 7, 7, 2, 5, 2, 2, 0},  // the DCGAN window (k5 s2 p2)
    {3, 1, 4, 6, 2, 2, 2, 0, 0},  // no padding, k = s
    {1, 2, 5, 4, 1, 3, 3, 2, 0},  // stride 3, padding 2
    {2, 1, 3, 3, 4, 1, 1, 0, 0},  // 1x1
    {1, 2, 4, 4, 2, 5, 1, 2, 0},  // kernel larger than the image
};

const ConvCase kTransposeCases[] = {
    {2, 2, 3, 3, 3, 3, 1, 1, 0},  // stride 1, same size
    {2, 3, 3, 4, 2, 5, 2, 2, 1},  // the DCGAN upsampling (k5 s2 p2 op1): 3x4 -> 6x8
    {1, 2, 4, 4, 2, 4, 2, 1, 0},  // k4 s2 p1: 4x4 -> 8x8
    {2, 1, 2, 3, 2, 3, 3, 0, 2},  // stride 3, output padding 2
    {1, 2, 3, 3, 1, 2, 2, 0, 1},  // k = s with output padding: an uncovered row and column
    {3, 2, 2, 2, 3, 1, 1, 0, 0},  // 1x1
};

}  // namespace

TEST_CASE("Conv2d: forward equals a direct convolution", "[conv]") {
  Rng rng(40, 1);
  for (const auto& c : kConvCases) {
    REQUIRE(Conv2d::check(c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad) == "");
    Conv2d conv(c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad);
    conv.init(rng);
    const Tensor2 x = random_tensor(rng, c.B, static_cast<std::size_t>(c.cin) * c.h * c.w, -1, 1);
    Tensor2 y;
    conv.forward(x, y);
    const int ho = (c.h + 2 * c.pad - c.k) / c.stride + 1, wo = (c.w + 2 * c.pad - c.k) / c.stride + 1;
    INFO(conv.describe());
    REQUIRE(y.shape()[0] == static_cast<std::size_t>(c.B));
    REQUIRE(y.shape()[1] == static_cast<std::size_t>(conv.out_features()));
    CHECK(conv.out_features() == c.cout * ho * wo);
    check_close(y, direct_conv(c, x, conv.W, conv.b, ho, wo));
  }
}

TEST_CASE("ConvTranspose2d: forward equals a direct transposed convolution", "[conv]") {
  Rng rng(40, 2);
  for (const auto& c : kTransposeCases) {
    REQUIRE(ConvTranspose2d::check(c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad, c.out_pad) == "");
    ConvTranspose2d conv(c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad, c.out_pad);
    conv.init(rng);
    const Tensor2 x = random_tensor(rng, c.B, static_cast<std::size_t>(c.cin) * c.h * c.w, -1, 1);
    Tensor2 y;
    conv.forward(x, y);
    const int ho = (c.h - 1) * c.stride - 2 * c.pad + c.k + c.out_pad;
    const int wo = (c.w - 1) * c.stride - 2 * c.pad + c.k + c.out_pad;
    INFO(conv.describe());
    CHECK(conv.out_h() == ho);
    CHECK(conv.out_w() == wo);
    REQUIRE(y.shape()[1] == static_cast<std::size_t>(c.cout * ho * wo));
    check_close(y, direct_conv_transpose(c, x, conv.W, conv.b, ho, wo));
  }
}

TEST_CASE("ConvTranspose2d is the adjoint of Conv2d", "[conv]") {
  // <conv(x), u> == <x, conv_transpose(u)> with shared weights and no bias.
  Rng rng(40, 3);
  // 3x7x7 -> 4x4x4 -> 3x7x7
  Conv2d sq(3, 7, 7, 4, 5, 2, 2);
  sq.init(rng);
  sq.b.fill(0.0f);
  ConvTranspose2d back(4, 4, 4, 3, 5, 2, 2, 0);
  REQUIRE(back.out_features() == sq.in_features());
  for (std::size_t i = 0; i < sq.W.size(); ++i) back.W.data()[i] = sq.W.data()[i];  // (4, 3*25) both
  back.b.fill(0.0f);
  const Tensor2 x = random_tensor(rng, 2, sq.in_features(), -1, 1);
  const Tensor2 u = random_tensor(rng, 2, sq.out_features(), -1, 1);
  Tensor2 cx, tu;
  sq.forward(x, cx);
  back.forward(u, tu);
  CHECK(dot(cx, u) == Approx(dot(x, tu)).epsilon(1e-5));
}

TEST_CASE("Conv2d: dx, dW, db by finite differences", "[conv][grad]") {
  Rng rng(41, 1);
  for (const auto& c : kConvCases) {
    Conv2d conv(c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad);
    conv.init(rng);
    check_layer(conv, random_tensor(rng, c.B, static_cast<std::size_t>(conv.in_features()), -1, 1), rng);
  }
}

TEST_CASE("ConvTranspose2d: dx, dW, db by finite differences", "[conv][grad]") {
  Rng rng(41, 2);
  for (const auto& c : kTransposeCases) {
    ConvTranspose2d conv(c.cin, c.h, c.w, c.cout, c.k, c.stride, c.pad, c.out_pad);
    conv.init(rng);
    check_layer(conv, random_tensor(rng, c.B, static_cast<std::size_t>(conv.in_features()), -1, 1), rng);
  }
}

TEST_CASE("Conv layers: backward_params equals backward's parameter gradients", "[conv][grad]") {
  Rng rng(41, 3);
  Conv2d conv(2, 6, 6, 3, 3, 2, 1);
  ConvTranspose2d convt(3, 3, 3, 2, 3, 2, 1, 1);
  conv.init(rng);
  convt.init(rng);
  for (Layer* layer : {static_cast<Layer*>(&conv), static_cast<Layer*>(&convt)}) {
    INFO(layer->describe());
    const std::size_t in = layer == &conv ? 72 : 27;  // 2x6x6 or 3x3x3
    const Tensor2 x = random_tensor(rng, 3, in, -1, 1);
    Tensor2 y, dx, dx2;
    layer->forward(x, y);
    const Tensor2 R = random_tensor(rng, y.shape()[0], y.shape()[1], -1, 1);
    layer->backward(R, dx, true);
    std::vector<Tensor2> grads;
    for (auto& p : layer->params()) grads.push_back(*p.grad);
    for (auto& p : layer->params()) p.grad->fill(5.0f);
    layer->backward(R, dx2, false);
    CHECK(same(dx2, dx));
    for (auto& p : layer->params()) CHECK((*p.grad)(0, 0) == 5.0f);
    layer->backward_params(R);
    auto ps = layer->params();
    for (std::size_t k = 0; k < ps.size(); ++k) CHECK(same(*ps[k].grad, grads[k]));
  }
}

TEST_CASE("Conv layers: describe and geometry errors", "[conv]") {
  CHECK(Conv2d(1, 28, 28, 64, 5, 2, 2).describe() == "Conv2d(1x28x28 -> 64x14x14, k5 s2 p2)");
  CHECK(ConvTranspose2d(128, 7, 7, 64, 5, 2, 2, 1).describe() ==
        "ConvTranspose2d(128x7x7 -> 64x14x14, k5 s2 p2 op1)");
  CHECK(ConvTranspose2d(256, 7, 7, 128, 5, 1, 2).describe() ==
        "ConvTranspose2d(256x7x7 -> 128x7x7, k5 s1 p2)");
  CHECK(Conv2d::check(0, 28, 28, 64, 5, 2, 2) == "input channels 0 is out of range 1..4096");
  CHECK(Conv2d::check(1, 28, 28, 64, 5, 0, 2) == "stride 0 is out of range 1..64");
  CHECK(Conv2d::check(1, 28, 28, 64, 5, 1, -1) == "padding -1 is out of range 0..64");
  CHECK(Conv2d::check(1, 3, 3, 4, 5, 1, 0) == "kernel 5 is larger than the padded input 3x3");
  CHECK(Conv2d::check(4096, 4096, 4096, 1, 1, 1, 0).find("features") != std::string::npos);
  CHECK(ConvTranspose2d::check(2, 3, 3, 2, 3, 2, 1, 2) ==
        "output padding 2 must be in 0..stride-1 (stride 2)");
  CHECK(ConvTranspose2d::check(2, 1, 1, 2, 1, 1, 1, 0) == "output size 2x-1x-1 is empty");
  CHECK(ConvTranspose2d::check(2, 3, 3, 2, 3, 2, 1, 1) == "");
}

TEST_CASE("Reshape and Flatten: copies with shapes", "[conv]") {
  REQUIRE(Reshape::check({12544}, {256, 7, 7}) == "");
  CHECK(Reshape::check({12544}, {256, 7, 6}) == "cannot reshape 12544 (12544) into 256x7x6 (10752)");
  CHECK(Reshape::check({}, {1}) == "a shape has 1 to 4 sizes");
  CHECK(Reshape::check({0, 3}, {3}) == "size 0 in 0x3 is out of range");
  Reshape r({12}, {3, 2, 2});
  Flatten f(3, 2, 2);
  CHECK(r.describe() == "Reshape(12 -> 3x2x2)");
  CHECK(f.describe() == "Flatten(3x2x2 -> 12)");
  CHECK(f.clone()->describe() == "Flatten(3x2x2 -> 12)");
  CHECK(f.features() == 12);
  Rng rng(42, 1);
  const Tensor2 x = random_tensor(rng, 2, 12, -1, 1);
  Tensor2 y, dx;
  r.forward(x, y);
  CHECK(same(y, x));
  f.backward(x, dx, true);
  CHECK(same(dx, x));
  check_layer(r, x, rng);
}

TEST_CASE("im2col then col2im multiplies each pixel by its window count", "[conv]") {
  // col2im(im2col(x)) = x * (number of windows covering the pixel).
  const ConvGeom g = ConvGeom::make(2, 5, 4, 3, 2, 1);
  Rng rng(43, 1);
  std::vector<float> x(2 * g.image_size()), ones(2 * g.image_size(), 1.0f), back(x.size()), counts(x.size());
  for (auto& v : x) v = rng.uniform(-1, 1);
  std::vector<float> col(g.col_rows() * 2 * g.out_pixels());
  im2col(g, 2, ones.data(), col.data());
  col2im(g, 2, col.data(), counts.data());
  im2col(g, 2, x.data(), col.data());
  col2im(g, 2, col.data(), back.data());
  int bad = 0;
  for (std::size_t i = 0; i < x.size(); ++i) bad += std::fabs(back[i] - x[i] * counts[i]) > 1e-6f;
  CHECK(bad == 0);
  CHECK(counts[0] == 1.0f);  // pixel (0, 0): only the window at (0, 0), kernel offset (1, 1)
  CHECK(counts[5] == 4.0f);  // pixel (1, 1): windows at oy, ox in {0, 1}
}

// im2col and col2im against the definition, bit for bit, with entries of -0
// (an addition of 0 to a pixel would turn -0 into +0). The geometries take
// every path of engine/core/im2col.cpp: phase planes (the stride divides the
// image) with output rows as wide as a plane (one run per block) or not (a
// run per row), stride 1 (the image is its own phase), kernels larger than
// the image, and the direct loops otherwise, with rows long enough for
// WebAssembly's four-at-a-time stride-2 paths and ending at the image's last
// floats.
TEST_CASE("im2col and col2im give the bits of the direct loops", "[conv]") {
  struct Case {
    int C, H, W, k, stride, pad, B;
  };
  for (const Case c : {Case{1, 28, 28, 4, 2, 1, 3}, Case{3, 14, 14, 4, 2, 1, 2}, Case{2, 13, 17, 3, 2, 0, 2},
                       Case{2, 9, 23, 5, 2, 2, 1}, Case{1, 8, 8, 3, 1, 1, 2}, Case{2, 11, 10, 3, 3, 1, 2},
                       Case{32, 14, 14, 4, 2, 1, 3}, Case{2, 7, 7, 3, 1, 1, 2}, Case{2, 12, 12, 3, 3, 0, 2},
                       Case{2, 12, 10, 4, 2, 0, 2}, Case{1, 8, 8, 5, 1, 0, 2}, Case{2, 6, 6, 2, 2, 0, 1},
                       Case{1, 4, 4, 7, 2, 3, 2}, Case{3, 6, 9, 4, 3, 2, 2}}) {
    const ConvGeom g = ConvGeom::make(c.C, c.H, c.W, c.k, c.stride, c.pad);
    const std::size_t P = std::size_t(c.B) * g.out_pixels(), R = g.col_rows();
    // visit(pixel, entry) for every window position inside the image, each
    // pixel's entries in (ki, kj) order (col2im's promise); -1: padding
    auto each = [&](auto visit) {
      for (int ch = 0; ch < c.C; ++ch)
        for (int ki = 0; ki < c.k; ++ki)
          for (int kj = 0; kj < c.k; ++kj)
            for (int b = 0; b < c.B; ++b)
              for (int oy = 0; oy < g.Ho; ++oy)
                for (int ox = 0; ox < g.Wo; ++ox) {
                  const int iy = oy * c.stride - c.pad + ki, ix = ox * c.stride - c.pad + kj;
                  const std::size_t r = (std::size_t(ch) * c.k + ki) * c.k + kj;
                  const std::size_t q = std::size_t(b) * g.out_pixels() + std::size_t(oy) * g.Wo + ox;
                  const bool inside = iy >= 0 && iy < c.H && ix >= 0 && ix < c.W;
                  visit(inside ? std::ptrdiff_t(((std::size_t(b) * c.C + ch) * c.H + iy) * c.W + ix) : -1,
                        r * P + q);
                }
    };
    Rng rng(44, 1);
    std::vector<float> x(std::size_t(c.B) * g.image_size()), col(R * P), want_col(R * P, 0.0f);
    for (auto& v : x) v = rng.uniform(-1, 1);
    for (std::size_t i = 0; i < x.size(); i += 7) x[i] = -0.0f;
    each([&](std::ptrdiff_t pixel, std::size_t entry) {
      if (pixel >= 0) want_col[entry] = x[std::size_t(pixel)];
    });
    im2col(g, c.B, x.data(), col.data());
    CHECK(std::memcmp(col.data(), want_col.data(), col.size() * sizeof(float)) == 0);

    for (auto& v : col) v = rng.uniform(-1, 1);
    for (std::size_t i = 0; i < col.size(); i += 5) col[i] = -0.0f;
    std::vector<float> img(x.size()), want_img(x.size(), 0.0f);
    each([&](std::ptrdiff_t pixel, std::size_t entry) {
      if (pixel >= 0) want_img[std::size_t(pixel)] += col[entry];
    });
    col2im(g, c.B, col.data(), img.data());
    CHECK(std::memcmp(img.data(), want_img.data(), img.size() * sizeof(float)) == 0);
  }
}

TEST_CASE("Conv layers: 1 and 2 threads give the same bits", "[conv][threads]") {
  // Big enough that the GEMMs and im2col/col2im split into tasks (one-channel
  // images split by batch ranges).
  Rng rng(44, 1);
  Conv2d conv(16, 14, 14, 32, 5, 2, 2);
  ConvTranspose2d convt(32, 7, 7, 16, 5, 2, 2, 1);
  Conv2d conv1(1, 28, 28, 8, 5, 2, 2);
  ConvTranspose2d convt1(8, 14, 14, 1, 5, 2, 2, 1);
  struct Case {
    Layer* layer;
    std::size_t in, batch;
  };
  const Case cases[] = {
      {&conv, 16 * 14 * 14, 8}, {&convt, 32 * 7 * 7, 8}, {&conv1, 784, 16}, {&convt1, 8 * 196, 16}};
  for (Conv2d* c : {&conv, &conv1}) c->init(rng);
  for (ConvTranspose2d* c : {&convt, &convt1}) c->init(rng);
  const int before = thread_count();
  for (const Case& k : cases) {
    Layer* layer = k.layer;
    INFO(layer->describe());
    const Tensor2 x = random_tensor(rng, k.batch, k.in, -1, 1);
    Tensor2 y[2], dx[2], R;
    std::vector<Tensor2> grads[2];
    for (int t = 0; t < 2; ++t) {
      set_thread_count(t + 1);
      layer->forward(x, y[t]);
      if (t == 0) R = random_tensor(rng, y[0].shape()[0], y[0].shape()[1], -1, 1);
      layer->backward(R, dx[t], true);
      for (auto& p : layer->params()) grads[t].push_back(*p.grad);
    }
    CHECK(same(y[0], y[1]));
    CHECK(same(dx[0], dx[1]));
    for (std::size_t k = 0; k < grads[0].size(); ++k) CHECK(same(grads[0][k], grads[1][k]));
  }
  set_thread_count(before);
}
