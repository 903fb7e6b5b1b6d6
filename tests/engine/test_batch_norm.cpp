// BatchNorm: forward against a double-precision reference (training and
// inference), running statistics with PyTorch's momentum and unbiased
// variance, and finite-difference gradients in both modes, 1-D and 2-D.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/nn/batch_norm.h"
#include "engine/nn/channel_chains.h"
#include "tests/engine/gradcheck.h"

using namespace ganstep;
using namespace ganstep::gradcheck;

namespace {

struct Stats2 {
  std::vector<double> mean, var;  // biased var
};

Stats2 channel_stats(const Tensor2& x, int C, int S) {
  Stats2 st{std::vector<double>(C, 0.0), std::vector<double>(C, 0.0)};
  const std::size_t B = x.shape()[0];
  const double n = static_cast<double>(B) * S;
  for (int c = 0; c < C; ++c) {
    for (std::size_t b = 0; b < B; ++b)
      for (int s = 0; s < S; ++s) st.mean[c] += x(b, c * S + s);
    st.mean[c] /= n;
    for (std::size_t b = 0; b < B; ++b)
      for (int s = 0; s < S; ++s) st.var[c] += std::pow(x(b, c * S + s) - st.mean[c], 2);
    st.var[c] /= n;
  }
  return st;
}

void randomise_affine(BatchNorm& bn, Rng& rng) {
  for (auto& v : bn.gamma) v = rng.uniform(0.5f, 2.0f);
  for (auto& v : bn.beta) v = rng.uniform(-1.0f, 1.0f);
}

}  // namespace

TEST_CASE("BatchNorm: training forward normalises each channel", "[bn]") {
  Rng rng(50, 1);
  for (auto shape : {std::vector<int>{8, 5, 1, 1}, {4, 3, 3, 2}, {2, 2, 4, 4}}) {
    const int B = shape[0], C = shape[1], S = shape[2] * shape[3];
    BatchNorm bn(C, shape[2], shape[3]);
    randomise_affine(bn, rng);
    Tensor2 x = random_tensor(rng, B, static_cast<std::size_t>(C) * S, -3.0f, 5.0f);
    Tensor2 y;
    bn.forward(x, y);
    const Stats2 st = channel_stats(x, C, S);
    INFO(bn.describe());
    for (int b = 0; b < B; ++b)
      for (int c = 0; c < C; ++c)
        for (int s = 0; s < S; ++s) {
          const double want =
              bn.gamma(0, c) * (x(b, c * S + s) - st.mean[c]) / std::sqrt(st.var[c] + 1e-5) + bn.beta(0, c);
          CHECK(y(b, c * S + s) == Approx(want).epsilon(1e-5).margin(1e-6));
        }
    // One step of the running statistics from (0, 1) with momentum 0.1, unbiased variance.
    const double n = static_cast<double>(B) * S;
    for (int c = 0; c < C; ++c) {
      CHECK(bn.running_mean(0, c) == Approx(0.1 * st.mean[c]).epsilon(1e-6).margin(1e-7));
      CHECK(bn.running_var(0, c) == Approx(0.9 + 0.1 * st.var[c] * n / (n - 1)).epsilon(1e-6));
    }
  }
}

TEST_CASE("BatchNorm: inference uses the running statistics", "[bn]") {
  Rng rng(50, 2);
  BatchNorm bn(3, 2, 2, 0.25f, 1e-3f);
  randomise_affine(bn, rng);
  for (int step = 0; step < 3; ++step) {  // a few training batches to move the running statistics
    Tensor2 x = random_tensor(rng, 5, 12, -1.0f, 3.0f), y;
    bn.forward(x, y);
  }
  const Tensor2 rm = bn.running_mean, rv = bn.running_var;
  bn.set_training(false);
  CHECK_FALSE(bn.training());
  Tensor2 x = random_tensor(rng, 2, 12, -2.0f, 2.0f), y;
  bn.forward(x, y);
  CHECK(same(bn.running_mean, rm));  // inference never updates them
  CHECK(same(bn.running_var, rv));
  for (int b = 0; b < 2; ++b)
    for (int c = 0; c < 3; ++c)
      for (int s = 0; s < 4; ++s) {
        const double want =
            bn.gamma(0, c) * (x(b, c * 4 + s) - rm(0, c)) / std::sqrt(rv(0, c) + 1e-3) + bn.beta(0, c);
        CHECK(y(b, c * 4 + s) == Approx(want).epsilon(1e-5).margin(1e-6));
      }
  CHECK(bn.clone()->describe() == "BatchNorm(3x2x2)");
  CHECK(BatchNorm(12544).describe() == "BatchNorm(12544)");
}

TEST_CASE("BatchNorm: dx, dgamma, dbeta by finite differences", "[bn][grad]") {
  Rng rng(51, 1);
  for (bool training : {true, false}) {
    for (auto shape : {std::vector<int>{6, 4, 1, 1}, {3, 2, 3, 2}, {2, 3, 2, 2}}) {
      BatchNorm bn(shape[1], shape[2], shape[3]);
      randomise_affine(bn, rng);
      for (auto& v : bn.running_mean) v = rng.uniform(-0.5f, 0.5f);
      for (auto& v : bn.running_var) v = rng.uniform(0.5f, 2.0f);
      bn.set_training(training);
      INFO((training ? "training " : "inference ") << bn.describe());
      check_layer(bn, random_tensor(rng, shape[0], static_cast<std::size_t>(bn.features()), -2.0f, 2.0f),
                  rng);
    }
  }
}

TEST_CASE("channel_chains: each channel's sums in (b, s) order, whatever the grouping", "[bn]") {
  // Batch norm's statistics and a convolution's bias gradient take their
  // per-channel sums four channels at a time; each sum must still be the one
  // chain of additions of a channel alone (the bits of the simple loop).
  struct Case {
    std::size_t B, C, S, c0, c1;
  };
  for (const Case k : {Case{3, 9, 5, 0, 9}, Case{2, 7, 49, 2, 7}, Case{1, 4, 196, 0, 4}, Case{4, 3, 2, 1, 3},
                       Case{2, 8, 1, 0, 8}}) {
    std::vector<float> x(k.B * k.C * k.S);
    for (std::size_t i = 0; i < x.size(); ++i)  // magnitudes far apart: another order rounds differently
      x[i] = static_cast<float>((i % 3 == 0 ? 1e7 : 0.37) * ((i * 7919) % 13 - 6.0) + 1e-3 * double(i));
    std::vector<double> s(k.C, -1.0), sq(k.C, -1.0);
    double* const out[2] = {s.data(), sq.data()};
    channel_chains<2>(k.B, k.C, k.S, k.c0, k.c1, out, [&](std::size_t i, std::size_t c, double* acc) {
      acc[0] += static_cast<double>(x[i]);
      acc[1] += static_cast<double>(x[i]) * static_cast<double>(c + 1);
    });
    for (std::size_t c = 0; c < k.C; ++c) {
      INFO("B " << k.B << " C " << k.C << " S " << k.S << " channel " << c);
      if (c < k.c0 || c >= k.c1) {
        CHECK(s[c] == -1.0);  // outside [c0, c1): untouched
        continue;
      }
      double a = 0, b = 0;
      for (std::size_t bb = 0; bb < k.B; ++bb)
        for (std::size_t j = 0; j < k.S; ++j) {
          const float v = x[(bb * k.C + c) * k.S + j];
          a += static_cast<double>(v);
          b += static_cast<double>(v) * static_cast<double>(c + 1);
        }
      CHECK(s[c] == a);
      CHECK(sq[c] == b);
    }
  }
}
