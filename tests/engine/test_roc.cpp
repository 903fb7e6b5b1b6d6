// The ROC curve and AUC (engine/gan/roc.h) against tables worked out by hand
// and against the Mann-Whitney count done pair by pair.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "engine/core/rng.h"
#include "engine/gan/roc.h"

using namespace ganstep;

namespace {

// P(positive > negative) + P(tie) / 2, pair by pair.
double pairwise_auc(const std::vector<double>& neg, const std::vector<double>& pos) {
  double wins = 0;
  for (double p : pos)
    for (double n : neg) wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
  return wins / double(neg.size() * pos.size());
}

}  // namespace

TEST_CASE("roc: separated scores give AUC 1 and the hand-made curve", "[roc]") {
  const RocCurve c = roc_curve({1, 2, 3}, {4, 5});
  CHECK(c.auc == Approx(1.0));
  // Thresholds 5, 4, 3, 2, 1: TPR 1/2, 1, 1, 1, 1; FPR 0, 0, 1/3, 2/3, 1.
  const std::vector<double> fpr{0, 0, 0, 1.0 / 3, 2.0 / 3, 1}, tpr{0, 0.5, 1, 1, 1, 1};
  REQUIRE(c.fpr.size() == fpr.size());
  for (std::size_t i = 0; i < fpr.size(); ++i) {
    CHECK(c.fpr[i] == Approx(fpr[i]));
    CHECK(c.tpr[i] == Approx(tpr[i]));
  }
  CHECK(c.positives == 2);
  CHECK(c.negatives == 3);
  CHECK(roc_curve({4, 5}, {1, 2, 3}).auc == Approx(0.0));  // every fake below every real
}

TEST_CASE("roc: interleaved scores and ties (hand-computed)", "[roc]") {
  // Pairs (pos, neg): (2,1) win, (2,3) loss, (4,1) win, (4,3) win: 3/4.
  CHECK(roc_curve({1, 3}, {2, 4}).auc == Approx(0.75));
  // (2,1) win, (2,2) tie, (3,1) win, (3,2) win: 3.5/4.
  const RocCurve t = roc_curve({1, 2}, {2, 3});
  CHECK(t.auc == Approx(0.875));
  // The tie at 2 is one point: from (0, 1/2) straight to (1/2, 1).
  const std::vector<double> fpr{0, 0, 0.5, 1}, tpr{0, 0.5, 1, 1};
  REQUIRE(t.fpr.size() == fpr.size());
  for (std::size_t i = 0; i < fpr.size(); ++i) {
    CHECK(t.fpr[i] == Approx(fpr[i]));
    CHECK(t.tpr[i] == Approx(tpr[i]));
  }
  // Everything tied: chance, one diagonal step.
  const RocCurve all = roc_curve({5, 5}, {5, 5, 5});
  CHECK(all.auc == Approx(0.5));
  CHECK(all.fpr.size() == 2);
}

TEST_CASE("roc: an empty side gives 0.5 and no curve; NaN scores are dropped", "[roc]") {
  const RocCurve e = roc_curve({}, {1, 2});
  CHECK(e.auc == 0.5);
  CHECK(e.fpr.empty());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const RocCurve n = roc_curve({1, nan, 3}, {2, 4, nan});
  CHECK(n.dropped == 2);
  CHECK(n.auc == Approx(0.75));
}

TEST_CASE("roc: AUC is the pairwise Mann-Whitney share on random scores with ties", "[roc]") {
  Rng rng(7, 1);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> neg(17 + trial), pos(23 - trial / 2);
    for (double& v : neg) v = std::floor(rng.uniform() * 8);  // few distinct values: many ties
    for (double& v : pos) v = std::floor(rng.uniform() * 8 + trial * 0.2);
    const RocCurve c = roc_curve(neg, pos);
    CHECK(c.auc == Approx(pairwise_auc(neg, pos)).margin(1e-12));
    CHECK(roc_curve(pos, neg).auc == Approx(1.0 - c.auc).margin(1e-12));  // swapping the sides
    CHECK(c.fpr.front() == 0.0);
    CHECK(c.tpr.back() == Approx(1.0));
    for (std::size_t i = 1; i < c.fpr.size(); ++i) {  // monotone
      CHECK(c.fpr[i] >= c.fpr[i - 1]);
      CHECK(c.tpr[i] >= c.tpr[i - 1]);
    }
  }
}
