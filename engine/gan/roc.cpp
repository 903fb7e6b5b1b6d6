#include "engine/gan/roc.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace ganstep {

RocCurve roc_curve(const std::vector<double>& negatives, const std::vector<double>& positives) {
  RocCurve out;
  std::vector<std::pair<double, bool>> all;  // (score, is positive)
  all.reserve(negatives.size() + positives.size());
  for (double v : negatives) {
    if (std::isnan(v)) ++out.dropped;
    else all.emplace_back(v, false);
  }
  for (double v : positives) {
    if (std::isnan(v)) ++out.dropped;
    else all.emplace_back(v, true);
  }
  for (const auto& a : all) (a.second ? out.positives : out.negatives) += 1;
  if (!out.positives || !out.negatives) return out;
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double P = double(out.positives), N = double(out.negatives);
  std::size_t tp = 0, fp = 0;
  double area = 0;
  out.fpr.push_back(0);
  out.tpr.push_back(0);
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    for (; j < all.size() && all[j].first == all[i].first; ++j) (all[j].second ? tp : fp) += 1;
    const double x = double(fp) / N, y = double(tp) / P;
    area += (x - out.fpr.back()) * (y + out.tpr.back()) / 2;  // a tie group: its diagonal, one half
    out.fpr.push_back(x);
    out.tpr.push_back(y);
    i = j;
  }
  out.auc = area;
  return out;
}

}  // namespace ganstep
