// The log-loss table against the course's worked example, and against the
// engine's D loss on a live minibatch.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "lessons/player/logloss.h"

using namespace ganstep;
using namespace ganstep::ui;

namespace {
const std::vector<float> kPredicted = {0.94f, 0.9f, 0.78f, 0.56f, 0.51f, 0.47f, 0.32f, 0.1f};
const std::vector<float> kActual = {1, 1, 1, 0, 0, 1, 1, 0};
}  // namespace

TEST_CASE("log loss: the course's worked example in base 10", "[logloss]") {
  const LogLossTable t = log_loss_table(kPredicted.data(), kActual.data(), 8, LogBase::Ten);
  REQUIRE(t.rows.size() == 8);
  const double corrected[] = {0.94, 0.9, 0.78, 0.44, 0.49, 0.47, 0.32, 0.9};
  const double logs[] = {-0.02687, -0.04576, -0.10791, -0.35655, -0.3098, -0.3279, -0.49485, -0.04576};
  for (int i = 0; i < 8; ++i) {
    INFO("row " << i + 1);
    CHECK(t.rows[i].id == i + 1);
    CHECK(t.rows[i].actual == static_cast<int>(kActual[i]));
    CHECK(t.rows[i].predicted == Approx(kPredicted[i]));
    CHECK(t.rows[i].corrected == Approx(corrected[i]).margin(1e-6));
    CHECK(t.rows[i].log_corrected == Approx(logs[i]).margin(6e-6));
  }
  CHECK(t.negative_mean == Approx(0.2144).margin(5e-5));
  CHECK(std::string(log_base_label(t.base)) == "log10");
}

TEST_CASE("log loss: natural log of the worked example", "[logloss]") {
  const LogLossTable t = log_loss_table(kPredicted.data(), kActual.data(), 8, LogBase::E);
  CHECK(t.negative_mean == Approx(0.4937).margin(5e-5));
  CHECK(t.rows[3].log_corrected == Approx(std::log(0.44)).margin(1e-6));
  // ln and log10 differ by the factor ln 10.
  const LogLossTable t10 = log_loss_table(kPredicted.data(), kActual.data(), 8, LogBase::Ten);
  CHECK(t.negative_mean == Approx(t10.negative_mean * std::log(10.0)));
  CHECK(std::string(log_base_label(t.base)) == "ln");
}

TEST_CASE("log loss: from logits equals from probabilities, and stays finite at saturation", "[logloss]") {
  std::vector<float> logits, probs;
  for (float p : kPredicted) {
    logits.push_back(std::log(p / (1 - p)));
    probs.push_back(p);
  }
  const LogLossTable a = log_loss_table(probs.data(), kActual.data(), 8, LogBase::E);
  const LogLossTable b = log_loss_table(probs.data(), kActual.data(), 8, LogBase::E, logits.data());
  CHECK(b.negative_mean == Approx(a.negative_mean).epsilon(1e-6));
  const float sat_logit[] = {40.0f}, sat_p[] = {1.0f}, fake[] = {0.0f};
  const LogLossTable s = log_loss_table(sat_p, fake, 1, LogBase::E, sat_logit);
  CHECK(std::isfinite(s.negative_mean));
  CHECK(s.negative_mean == Approx(40.0).epsilon(1e-6));
  CHECK(log_loss_table(nullptr, nullptr, 0, LogBase::E).rows.empty());
}

TEST_CASE("log loss: the table's negative mean is the engine's loss_d on a live minibatch", "[logloss]") {
  for (const char* id : {"gauss-1d", "ring-2d"}) {
    INFO(id);
    Trainer t(find_preset(id)->config);
    REQUIRE(t.ok());
    REQUIRE(t.step_iterations(7));
    while (t.phase() != Phase::UpdateD) REQUIRE(t.step_phase());  // LossD has run
    const Batch& b = t.batch();
    const int n = static_cast<int>(b.d_prob.shape()[0]);
    REQUIRE(n == 2 * t.config().batch);
    const LogLossTable with_logits = log_loss_table(b.d_prob.data(), b.targets.data(), n, LogBase::E, b.d_logits.data());
    CHECK(with_logits.negative_mean == Approx(t.stats().loss_d).epsilon(1e-6));
    const LogLossTable from_p = log_loss_table(b.d_prob.data(), b.targets.data(), n, LogBase::E);
    CHECK(from_p.negative_mean == Approx(t.stats().loss_d).epsilon(1e-4));
    // The first m rows are the real ones (class 1).
    CHECK(with_logits.rows.front().actual == 1);
    CHECK(with_logits.rows.back().actual == 0);
  }
}
