// The Algorithm 1 step machine: phase order, counters, snapshots, seeds, the
// log-loss identity, divergence and retuning.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "engine/gan/presets.h"
#include "engine/gan/report.h"
#include "engine/gan/trainer.h"

using namespace ganstep;

namespace {

GanConfig small_config(int k = 1) {
  GanConfig c = find_preset("gauss-1d")->config;
  c.k = k;
  c.batch = 16;
  return c;
}

}  // namespace

TEST_CASE("phase order and algorithm lines through iterations, k = 1 and k = 3", "[trainer]") {
  for (int k : {1, 3}) {
    Trainer t(small_config(k));
    REQUIRE(t.ok());
    std::vector<int> want;
    std::vector<Phase> want_phase;
    for (int s = 0; s < k; ++s) {
      want.insert(want.end(), {3, 4, 5, 5, 5});
      want_phase.insert(want_phase.end(), {Phase::SampleNoiseD, Phase::SampleData, Phase::ForwardD,
                                           Phase::LossD, Phase::UpdateD});
    }
    want.insert(want.end(), {7, 8, 8, 8});
    want_phase.insert(want_phase.end(), {Phase::SampleNoiseG, Phase::ForwardG, Phase::LossG, Phase::UpdateG});
    for (int it = 0; it < 2; ++it) {
      for (std::size_t i = 0; i < want.size(); ++i) {
        INFO("k=" << k << " iteration " << it << " phase index " << i);
        REQUIRE(t.phase() == want_phase[i]);
        CHECK(algorithm_line(t.phase()) == want[i]);
        CHECK(t.iteration() == it);
        CHECK(t.dstep() == std::min<int>(static_cast<int>(i) / 5, k));
        CHECK(t.phases_done() == it * static_cast<std::int64_t>(want.size()) + static_cast<std::int64_t>(i));
        REQUIRE(t.step_phase());
      }
      CHECK(t.iteration() == it + 1);
      CHECK(t.dstep() == 0);
      CHECK(t.phase() == Phase::SampleNoiseD);
    }
  }
  CHECK(std::string(phase_name(Phase::LossG)) == "loss_g");
}

TEST_CASE("step_update stops after each update; step_iteration after the G update", "[trainer]") {
  Trainer t(small_config(3));
  for (int s = 1; s <= 3; ++s) {
    REQUIRE(t.step_update());
    CHECK(t.phases_done() == 5 * s);
    CHECK(t.dstep() == s);
    CHECK(t.iteration() == 0);
  }
  CHECK(t.phase() == Phase::SampleNoiseG);
  REQUIRE(t.step_update());
  CHECK(t.phases_done() == 19);
  CHECK(t.iteration() == 1);
  CHECK(t.phase() == Phase::SampleNoiseD);
  // from mid-iteration, step_iteration finishes the current one
  REQUIRE(t.step_phase());
  REQUIRE(t.step_phase());
  REQUIRE(t.step_iteration());
  CHECK(t.iteration() == 2);
  CHECK(t.phases_done() == 38);
  REQUIRE(t.step_iterations(3));
  CHECK(t.iteration() == 5);
  CHECK(t.phases_done() == 95);
  CHECK(t.stats().has_d);
  CHECK(t.stats().has_g);
}

TEST_CASE("a copied Trainer is an exact snapshot", "[trainer]") {
  Trainer a(small_config(2));
  REQUIRE(a.step_iterations(3));
  REQUIRE(a.step_phase());  // SampleNoiseD
  REQUIRE(a.step_phase());  // SampleData
  REQUIRE(a.step_phase());  // ForwardD: stop here, mid-iteration
  CHECK(a.phase() == Phase::LossD);
  Trainer b = a;
  CHECK(b.state_hash() == a.state_hash());
  for (int i = 0; i < 40; ++i) {
    REQUIRE(a.step_phase());
    REQUIRE(b.step_phase());
    REQUIRE(a.state_hash() == b.state_hash());
    REQUIRE(a.phase() == b.phase());
  }
  CHECK(a.stats().loss_d == b.stats().loss_d);
  // Restoring by assignment replays the same future.
  Trainer saved = a;
  REQUIRE(a.step_iterations(5));
  const std::uint64_t h5 = a.state_hash();
  const std::string json = state_json(a, "gauss-1d", true);
  CHECK(h5 != saved.state_hash());
  a = saved;
  CHECK(a.state_hash() == saved.state_hash());
  CHECK(a.phases_done() == saved.phases_done());
  REQUIRE(a.step_iterations(5));
  CHECK(a.state_hash() == h5);
  CHECK(state_json(a, "gauss-1d", true) == json);
}

TEST_CASE("same seed gives the same run; another seed a different one", "[trainer]") {
  GanConfig c = small_config();
  Trainer a(c), b(c);
  CHECK(a.state_hash() == b.state_hash());
  REQUIRE(a.step_iterations(20));
  REQUIRE(b.step_iterations(20));
  CHECK(a.state_hash() == b.state_hash());
  CHECK(a.state_hash_hex() == b.state_hash_hex());
  CHECK(a.state_hash_hex().size() == 16);
  c.seed = 2;
  Trainer d(c);
  CHECK(d.state_hash() != Trainer(small_config()).state_hash());  // different init
  REQUIRE(d.step_iterations(20));
  CHECK(d.state_hash() != a.state_hash());
}

TEST_CASE("loss_d is the negative mean log of the corrected probabilities", "[trainer]") {
  for (const char* preset : {"gauss-1d", "tiny-2d"}) {
    Trainer t(find_preset(preset)->config);
    REQUIRE(t.step_iterations(7));
    while (t.phase() != Phase::UpdateD) REQUIRE(t.step_phase());  // LossD done
    const Batch& b = t.batch();
    const std::size_t m = static_cast<std::size_t>(t.config().batch);
    REQUIRE(b.d_prob.shape()[0] == 2 * m);
    REQUIRE(b.targets.shape()[0] == 2 * m);
    double sum = 0, real = 0, fake = 0;
    for (std::size_t i = 0; i < 2 * m; ++i) {
      const double p = b.d_prob(i, 0);
      CHECK(b.targets(i, 0) == (i < m ? 1.0f : 0.0f));
      const double corrected = i < m ? p : 1 - p;  // the probability D gives the right label
      const double l = -std::log(corrected);
      sum += l;
      (i < m ? real : fake) += l;
    }
    INFO(preset);
    CHECK(sum / (2 * m) == Approx(t.stats().loss_d).margin(1e-6));
    CHECK(real / m == Approx(t.stats().loss_d_real).margin(1e-6));
    CHECK(fake / m == Approx(t.stats().loss_d_fake).margin(1e-6));
    CHECK(t.stats().loss_d == Approx((t.stats().loss_d_real + t.stats().loss_d_fake) / 2).epsilon(1e-12));
    // d_real / d_fake are the means of D over each half
    double dr = 0, df = 0;
    for (std::size_t i = 0; i < m; ++i) { dr += b.d_prob(i, 0); df += b.d_prob(m + i, 0); }
    CHECK(dr / m == Approx(t.stats().d_real).epsilon(1e-9));
    CHECK(df / m == Approx(t.stats().d_fake).epsilon(1e-9));
    // the D input is [x; G(z)] and G(z) = generate(z)
    Tensor2 gz;
    t.generate(b.z, gz);
    CHECK((gz == b.g_z));
    Tensor2 prob;
    t.discriminate(b.d_input, prob);
    for (std::size_t i = 0; i < 2 * m; ++i) REQUIRE(prob(i, 0) == b.d_prob(i, 0));
  }
}

TEST_CASE("a huge learning rate diverges with a clear error", "[trainer]") {
  GanConfig c = small_config();
  REQUIRE(apply_setting(c, "lr_d=10") == "");
  REQUIRE(apply_setting(c, "lr_g=10") == "");
  REQUIRE(apply_setting(c, "momentum_d=0.99") == "");
  Trainer t(c);
  REQUIRE(t.ok());
  std::int64_t phases = 0;
  bool stepped = true;
  while (phases < 100000 && (stepped = t.step_phase())) ++phases;
  REQUIRE_FALSE(stepped);
  CHECK_FALSE(t.ok());
  CHECK(t.phases_done() == phases);
  // The message names the iteration, the phase that failed (where the step machine stopped) and its line.
  const std::string want = "diverged at iteration " + std::to_string(t.iteration() + 1) + ", phase " +
                           phase_name(t.phase()) + " (Algorithm 1 line " + std::to_string(algorithm_line(t.phase())) +
                           "): ";
  INFO(t.error());
  CHECK(t.error().find(want) != std::string::npos);
  const bool d_side = static_cast<int>(t.phase()) <= static_cast<int>(Phase::UpdateD);
  CHECK(t.error().find(d_side ? "lower lr_d" : "lower lr_g") != std::string::npos);
  CHECK(t.error().find("lr_d=10") != std::string::npos);
  // Once failed, every step does nothing and says so.
  const std::uint64_t h = t.state_hash();
  CHECK_FALSE(t.step_phase());
  CHECK_FALSE(t.step_update());
  CHECK_FALSE(t.step_iteration());
  CHECK(t.phases_done() == phases);
  CHECK(t.state_hash() == h);
}

TEST_CASE("a bad config gives ok() false", "[trainer]") {
  GanConfig c;
  c.data = "nosuch";
  Trainer t(c);
  CHECK_FALSE(t.ok());
  CHECK(t.error().find("unknown data set") != std::string::npos);
  CHECK_FALSE(t.step_phase());
}

TEST_CASE("retune applies at the next step boundary", "[trainer]") {
  Trainer a(small_config());
  REQUIRE(a.step_iterations(2));
  REQUIRE(a.step_phase());  // SampleNoiseD
  REQUIRE(a.step_phase());  // SampleData: the D-step is under way
  Trainer b = a, plain = a;
  CHECK(a.retune("lr_d", "0.5") == "");
  CHECK(a.config().opt_d.lr == 0.05f);  // pending until the boundary
  while (a.phase() != Phase::SampleNoiseG) REQUIRE(a.step_phase());
  CHECK(a.config().opt_d.lr == 0.05f);
  REQUIRE(a.step_phase());  // the boundary: applied before the G noise is sampled
  CHECK(a.config().opt_d.lr == 0.5f);
  // b retunes at the boundary itself, where it applies at once: same run.
  while (b.phase() != Phase::SampleNoiseG) REQUIRE(b.step_phase());
  CHECK(b.retune("lr_d", "0.5") == "");
  CHECK(b.config().opt_d.lr == 0.5f);
  while (plain.phase() != Phase::SampleNoiseG) REQUIRE(plain.step_phase());
  CHECK(plain.state_hash() == b.state_hash());  // nothing changed the current D-step
  REQUIRE(a.step_iterations(3));
  REQUIRE(b.step_phase());
  REQUIRE(b.step_iterations(3));
  CHECK(a.state_hash() == b.state_hash());
  REQUIRE(plain.step_phase());
  REQUIRE(plain.step_iterations(3));
  CHECK(plain.iteration() == a.iteration());
  CHECK(plain.state_hash() != a.state_hash());  // the new lr_d did act

  // k and batch are live too
  CHECK(a.retune("k", "2") == "");
  CHECK(a.retune("batch", "8") == "");
  REQUIRE(a.step_iteration());
  CHECK(a.config().k == 2);
  CHECK(a.batch().z.shape()[0] == 8);
  // refused: structure changes and bad values
  CHECK(a.retune("data", "ring8").find("cannot change") != std::string::npos);
  CHECK(a.retune("d_hidden", "8:relu").find("cannot change") != std::string::npos);
  CHECK(a.retune("seed", "3").find("cannot change") != std::string::npos);
  CHECK_FALSE(a.retune("lr_d", "-1").empty());
  CHECK_FALSE(a.retune("k", "0").empty());
  CHECK(a.config().data == "gaussian(4,0.5)");
}

TEST_CASE("lowering k mid-iteration moves straight on to the G-step", "[trainer]") {
  Trainer t(small_config(3));
  REQUIRE(t.step_update());
  REQUIRE(t.step_update());
  CHECK(t.dstep() == 2);
  CHECK(t.retune("k", "2") == "");  // at a boundary: applied now
  CHECK(t.phase() == Phase::SampleNoiseG);
  REQUIRE(t.step_update());
  CHECK(t.iteration() == 1);
}

TEST_CASE("state_json carries the hash and position", "[trainer]") {
  Trainer t(small_config());
  REQUIRE(t.step_iterations(2));
  const std::string j = state_json(t, "gauss-1d", true);
  CHECK(j.find("\"state_hash\":\"" + t.state_hash_hex() + "\"") != std::string::npos);
  CHECK(j.find("\"algorithm_line\":3") != std::string::npos);
  CHECK(j.find("\"steps\":2") != std::string::npos);
  CHECK(state_json(t, "gauss-1d", false).find("algorithm_line") == std::string::npos);
}
