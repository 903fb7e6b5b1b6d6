// The ROC curve and its area for a detector's scores: `positives` are the
// scores of the items the detector should flag (fakes), `negatives` of the
// others (real digits); a higher score means "more likely a fake".
//   A threshold t flags every item scored >= t:
//     TPR(t) = #{positives >= t} / P,   FPR(t) = #{negatives >= t} / N
//   The curve: (0, 0), then one point per distinct score, from the highest
//   down, to (1, 1).
//   AUC = P(a random positive scores above a random negative), ties counted
//   one half (the Mann-Whitney U / (P N)): the trapezoid area under the curve.
// NaN scores are left out (counted in `dropped`).
#pragma once

#include <cstddef>
#include <vector>

namespace ganstep {

struct RocCurve {
  std::vector<double> fpr, tpr;  // from (0, 0) to (1, 1); empty when a side has no scores
  double auc = 0.5;              // 0.5 when a side has no scores
  std::size_t positives = 0, negatives = 0, dropped = 0;
};

RocCurve roc_curve(const std::vector<double>& negatives, const std::vector<double>& positives);

}  // namespace ganstep
