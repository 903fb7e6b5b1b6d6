// The paper's Proposition 1: for a fixed G, the D that maximises V(D, G) is
// D*(x) = p_data(x) / (p_data(x) + p_g(x)). Training D alone should approach it.
//
// Setup (the gauss-1d preset, adjusted so the test means something):
//  * G is frozen exactly: after every iteration we copy back the initial G
//    (Trainer::generator() is public). The G-steps still run (the step machine
//    cannot skip them) but their update is thrown away; lr_g is also set to
//    1e-9 so nothing else depends on it.
//  * With the preset's data N(4, 0.5) the initial G (output ~N(-0.64, 0.28)
//    for seed 1 and Gaussian noise) has no overlap with the data, so D* would
//    be a trivial step. We use data N(0, 0.5) instead: the two densities
//    overlap and D* rises smoothly from ~0.05 to ~1 across the grid.
//  * D: Adam, lr 1e-2, two hidden layers of 32 ReLUs, batch 256, 3000 D-steps.
// D is compared with optimal_discriminator_1d() (p_g by KDE of 4096 samples)
// on a grid over the data's bounds wherever p_data + p_g > 0.05.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

#include "engine/gan/metrics.h"
#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"

using namespace ganstep;

TEST_CASE("D trained against a frozen G approaches the optimal discriminator", "[trainer][optimal_d]") {
  GanConfig c = find_preset("gauss-1d")->config;
  for (const char* kv : {"data=gaussian(0,0.5)", "noise=gaussian", "opt_d=adam", "lr_d=0.01",
                         "d_hidden=32:relu,32:relu", "lr_g=1e-9", "batch=256", "seed=1"})
    REQUIRE(apply_setting(c, kv) == "");
  Trainer t(c);
  REQUIRE(t.ok());
  const Sequential frozen = t.generator();
  const auto zero_d = [](Trainer& probe) {
    for (auto& p : probe.discriminator().params()) p.value->fill(0.0f);
  };
  const std::uint64_t g_hash_before = [&] {
    Trainer probe = t;
    zero_d(probe);  // zero D: hash of G alone
    return probe.state_hash();
  }();
  for (int it = 0; it < 3000; ++it) {
    REQUIRE(t.step_iteration());
    t.generator() = frozen;
  }
  {
    Trainer probe = t;
    zero_d(probe);
    CHECK(probe.state_hash() == g_hash_before);  // G really did not move
  }

  const Bounds b = t.dataset().bounds();
  const int n = 200;
  std::vector<double> xs(n);
  for (int i = 0; i < n; ++i) xs[i] = b.lo[0] + (i + 0.5) * (b.hi[0] - b.lo[0]) / n;
  const std::vector<double> dstar = optimal_discriminator_1d(t, xs);
  Tensor2 x = Tensor2::from_shape({static_cast<std::size_t>(n), 1});
  for (int i = 0; i < n; ++i) x(i, 0) = static_cast<float>(xs[i]);
  Tensor2 prob;
  t.discriminate(x, prob);

  // p_g by the same KDE the metric uses, to pick the points that matter
  Tensor2 z = Tensor2::from_shape({4096, 1}), gen;
  Rng rng(9, 9);
  rng.fill_normal(z.data(), 4096);
  t.generate(z, gen);
  const double h = silverman_bandwidth(gen.data(), 4096, 1, 0);
  double sum = 0, worst = 0, lo = 1, hi = 0;
  int used = 0;
  for (int i = 0; i < n; ++i) {
    const double pd = t.dataset().density(&xs[i]);
    const double pg = kde_1d(gen.data(), 4096, h, xs[i]);
    if (pd + pg < 0.05) continue;
    REQUIRE(std::isfinite(dstar[i]));
    const double e = std::fabs(prob(i, 0) - dstar[i]);
    sum += e;
    worst = std::max(worst, e);
    lo = std::min(lo, dstar[i]);
    hi = std::max(hi, dstar[i]);
    ++used;
  }
  const double mae = sum / used;
  std::printf("[optimal_d] %d points, D* range %.3f..%.3f, mean |D - D*| = %.4f, max = %.4f\n", used, lo,
              hi, mae, worst);
  CHECK(used > 50);
  CHECK(lo < 0.2);   // the comparison covers where G dominates ...
  CHECK(hi > 0.9);   // ... and where the data dominates
  // Tolerance: mean |D - D*| < 0.05. Measured: 0.0104 for this seed (max 0.051);
  // seeds 2, 3, 5 give 0.017..0.025. The KDE's smoothing of p_g and D's finite
  // capacity keep it from 0, so 0.05 is about twice the worst seed we tried.
  CHECK(mae < 0.05);
}
