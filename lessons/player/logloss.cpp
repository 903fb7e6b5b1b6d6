#include "lessons/player/logloss.h"

#include <cmath>

namespace ganstep::ui {
namespace {

// ln(1 + e^x) without overflow.
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

}  // namespace

const char* log_base_label(LogBase b) { return b == LogBase::E ? "ln" : "log10"; }

double corrected_probability(double predicted, int actual) { return actual ? predicted : 1.0 - predicted; }

LogLossTable log_loss_table(const float* predicted, const float* actual, int n, LogBase base,
                            const float* logits) {
  LogLossTable t;
  t.base = base;
  if (n <= 0) return t;
  t.rows.reserve(static_cast<std::size_t>(n));
  const double to_base = base == LogBase::E ? 1.0 : 1.0 / std::log(10.0);
  for (int i = 0; i < n; ++i) {
    LogLossRow r;
    r.id = i + 1;
    r.actual = actual[i] >= 0.5f ? 1 : 0;
    r.predicted = predicted[i];
    r.corrected = corrected_probability(r.predicted, r.actual);
    double ln;
    if (logits) ln = r.actual ? -softplus(-static_cast<double>(logits[i])) : -softplus(logits[i]);
    else ln = std::log(r.corrected);
    r.log_corrected = ln * to_base;
    t.sum_log += r.log_corrected;
    t.rows.push_back(r);
  }
  t.negative_mean = -t.sum_log / n;
  return t;
}

}  // namespace ganstep::ui
