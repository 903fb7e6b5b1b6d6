// PCG32 known answers, uniform/normal statistics, below(n), batch fills.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/core/rng.h"

using ganstep::Rng;

TEST_CASE("Rng(42, 54) reproduces the PCG32 reference stream", "[rng]") {
  // pcg32_srandom_r(&rng, 42u, 54u) from the PCG paper's pcg32-demo.
  const std::uint32_t expected[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                     0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  Rng r(42, 54);
  CHECK(r.inc == ((54ull << 1u) | 1u));
  for (std::uint32_t e : expected) CHECK(r.next_u32() == e);
}

TEST_CASE("uniform() and normal() known answers for seed (1, 2)", "[rng]") {
  // Regression pins recorded from the implementation: the same bits must come
  // out natively and in WebAssembly.
  Rng u(1, 2);
  CHECK(u.uniform() == 0x1.ebbd6p-5f);
  CHECK(u.uniform() == 0x1.6f5d48p-2f);
  CHECK(u.uniform() == 0x1.648e6cp-1f);
  CHECK(u.uniform() == 0x1.d0723cp-2f);
  Rng n(1, 2);
  CHECK(n.normal() == -0x1.7f5feap+0f);
  CHECK(n.normal() == -0x1.a123fcp-1f);
  CHECK(n.normal() == -0x1.c81e86p+0f);
  CHECK(n.normal() == -0x1.96765cp+0f);
}

TEST_CASE("uniform() is the top 24 bits of next_u32()", "[rng]") {
  Rng a(7, 3), b(7, 3);
  for (int i = 0; i < 1000; ++i) {
    const float u = a.uniform();
    CHECK(u == static_cast<float>(b.next_u32() >> 8) * 0x1p-24f);
  }
}

TEST_CASE("uniform statistics", "[rng]") {
  Rng r(123, 9);
  const int n = 100000;
  double sum = 0, sum2 = 0;
  float lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const float u = r.uniform();
    REQUIRE(u >= 0.0f);
    REQUIRE(u < 1.0f);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
    sum2 += static_cast<double>(u) * u;
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  // sd of the mean: sqrt(1/12 / n) = 9.1e-4; bounds are ~5 sd.
  CHECK(std::fabs(mean - 0.5) < 0.005);
  CHECK(std::fabs(var - 1.0 / 12) < 0.002);
  CHECK(lo < 1e-3f);
  CHECK(hi > 1 - 1e-3f);
  for (int i = 0; i < 1000; ++i) {
    const float v = r.uniform(-3.0f, 5.0f);
    REQUIRE(v >= -3.0f);
    REQUIRE(v < 5.0f);
  }
}

TEST_CASE("normal statistics over 100k samples", "[rng]") {
  Rng r(2024, 5);
  const int n = 100000;
  double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
  int beyond2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r.normal();
    REQUIRE(std::isfinite(x));
    s1 += x;
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
    beyond2 += std::fabs(x) > 2.0;
  }
  const double mean = s1 / n, var = s2 / n - mean * mean;
  // sd of mean 0.0032, of variance 0.0045, of skew 0.0077, of kurtosis 0.0155: ~5 sd bounds.
  CHECK(std::fabs(mean) < 0.016);
  CHECK(std::fabs(var - 1.0) < 0.023);
  CHECK(std::fabs(s3 / n) < 0.04);
  CHECK(std::fabs(s4 / n - 3.0) < 0.08);
  // P(|x| > 2) = 0.0455, sd of the fraction 6.6e-4.
  CHECK(std::fabs(beyond2 / static_cast<double>(n) - 0.0455) < 0.0035);
}

TEST_CASE("fill_normal and fill_uniform equal repeated single calls", "[rng]") {
  for (int n : {1, 7, 255, 256, 257, 1000}) {
    Rng a(5, 6), b(5, 6);
    std::vector<float> out(n);
    a.fill_normal(out.data(), n);
    for (int i = 0; i < n; ++i) REQUIRE(out[i] == b.normal());
    CHECK(a == b);
    a.fill_uniform(out.data(), n, -1.0f, 2.0f);
    for (int i = 0; i < n; ++i) REQUIRE(out[i] == b.uniform(-1.0f, 2.0f));
    CHECK(a == b);
  }
}

TEST_CASE("fill_u32 and fill_below equal repeated single calls", "[rng]") {
  for (int n : {1, 7, 8, 15, 16, 17, 63, 256, 1001}) {
    Rng a(7, 8), b(7, 8);
    std::vector<std::uint32_t> out(n);
    a.fill_u32(out.data(), n);
    for (int i = 0; i < n; ++i) REQUIRE(out[i] == b.next_u32());
    CHECK(a == b);
    // bounds whose draws are rejected about half the time, rarely, never
    for (std::uint32_t bound : {0x80000001u, 3u, 8u, 0xffffffffu, 1u}) {
      a.fill_below(out.data(), n, bound);
      for (int i = 0; i < n; ++i) REQUIRE(out[i] == b.below(bound));
      CHECK(a == b);
    }
  }
}

TEST_CASE("below(n) stays in range and is unbiased", "[rng]") {
  Rng r(99, 1);
  for (int i = 0; i < 100; ++i) CHECK(r.below(1) == 0u);
  for (std::uint32_t n : {2u, 3u, 10u, 1000u, 0x80000001u, 0xffffffffu})
    for (int i = 0; i < 2000; ++i) REQUIRE(r.below(n) < n);
  // chi-square over 7 buckets (6 dof): 99.9% quantile is 22.5
  const int n = 70000;
  int counts[7] = {0};
  for (int i = 0; i < n; ++i) ++counts[r.below(7)];
  double chi2 = 0;
  for (int c : counts) chi2 += (c - n / 7.0) * (c - n / 7.0) / (n / 7.0);
  CHECK(chi2 < 22.5);
}

TEST_CASE("streams and seeds give different sequences; copies replay", "[rng]") {
  Rng a(1, 1), b(1, 2), c(2, 1);
  const std::uint32_t x = a.next_u32(), y = b.next_u32(), z = c.next_u32();
  CHECK(x != y);
  CHECK(x != z);
  Rng d = a;
  for (int i = 0; i < 10; ++i) CHECK(d.next_u32() == a.next_u32());
  CHECK((a.inc & 1u) == 1u);
}

TEST_CASE("normal_from_bits matches normal()", "[rng]") {
  Rng a(11, 12), b(11, 12);
  for (int i = 0; i < 100; ++i) {
    const std::uint32_t u = b.next_u32(), v = b.next_u32();
    CHECK(a.normal() == ganstep::normal_from_bits(u, v));
  }
  // Extreme bits: u1 = 2^-24 (the smallest), u1 = 1 (gives 0).
  CHECK(std::isfinite(ganstep::normal_from_bits(0u, 0u)));
  CHECK(std::fabs(ganstep::normal_from_bits(0u, 0u)) < 6.0f);
  CHECK(ganstep::normal_from_bits(0xffffffffu, 0x12345678u) == 0.0f);
}
