#include "lessons/player/logloss.h"

#include <cmath>

namespace ganstep::ui {
namespace {

// ln(1 + e^x) without overflow.
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

}  // namespace

const char* log_base_label(LogBase b) { return lessons::log_base_name(b); }

double in_base(LogBase b, double ln) {
  return b == LogBase::E ? ln : b == LogBase::Two ? ln * (1.0 / std::log(2.0)) : ln * (1.0 / std::log(10.0));
}

namespace {

void finish(LogLossTable& t) {
  const double n = static_cast<double>(t.rows.size());
  t.negative_mean = n > 0 ? -t.sum_log / n : 0;
  double real = 0, fake = 0;
  int nr = 0, nf = 0;
  for (const auto& r : t.rows) {
    if (r.actual) real += r.log_corrected, ++nr;
    else fake += r.log_corrected, ++nf;
  }
  t.v = nr && nf ? real / nr + fake / nf : std::nan("");
}

}  // namespace

LogLossTable worked_table(const std::vector<lessons::WorkedRow>& rows, LogBase base) {
  LogLossTable t;
  t.base = base;
  int id = 0;
  for (const auto& w : rows) {
    LogLossRow r;
    r.id = ++id;
    r.actual = w.real ? 1 : 0;
    r.predicted = w.d;
    r.corrected = corrected_probability(w.d, r.actual);
    r.log_corrected = in_base(base, std::log(r.corrected));
    t.sum_log += r.log_corrected;
    t.rows.push_back(r);
  }
  finish(t);
  return t;
}

bool cell_right(const std::string& typed, double value, double tolerance) {
  double v;
  return lessons::parse_decimal(typed, v) && std::abs(v - value) <= tolerance * (1 + 1e-9);
}

double corrected_probability(double predicted, int actual) { return actual ? predicted : 1.0 - predicted; }

LogLossTable log_loss_table(const float* predicted, const float* actual, int n, LogBase base,
                            const float* logits) {
  LogLossTable t;
  t.base = base;
  if (n <= 0) return t;
  t.rows.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    LogLossRow r;
    r.id = i + 1;
    r.actual = actual[i] >= 0.5f ? 1 : 0;
    r.predicted = predicted[i];
    r.corrected = corrected_probability(r.predicted, r.actual);
    double ln;
    if (logits) ln = r.actual ? -softplus(-static_cast<double>(logits[i])) : -softplus(logits[i]);
    else ln = std::log(r.corrected);
    r.log_corrected = in_base(base, ln);
    t.sum_log += r.log_corrected;
    t.rows.push_back(r);
  }
  finish(t);
  return t;
}

}  // namespace ganstep::ui
