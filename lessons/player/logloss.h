// The course's log-loss table (binary cross-entropy written out row by row),
// with no ImGui so it can be unit tested:
//
//   ID | actual class | predicted P(class 1) | corrected | log(corrected)
//   corrected = p for class 1, 1 - p for class 0
//   log loss  = -(1/n) sum log(corrected)
//
// With the natural log and D's minibatch (m real rows with class 1, then m
// fake rows with class 0) the log loss is exactly the engine's loss_d
// (StepStats::loss_d); the course prints base-10 logs, so both bases are offered.
#pragma once

#include <vector>

#include "lessons/format/lesson.h"  // LogBase, WorkedRow

namespace ganstep::ui {

using lessons::LogBase;
// "ln", "log2" or "log10", for column headers.
const char* log_base_label(LogBase b);
// ln(x) in base b.
double in_base(LogBase b, double ln);

struct LogLossRow {
  int id = 0;            // 1-based
  int actual = 0;        // 1 or 0
  double predicted = 0;  // P(class 1)
  double corrected = 0;  // P(actual class)
  double log_corrected = 0;
};

struct LogLossTable {
  LogBase base = LogBase::E;
  std::vector<LogLossRow> rows;
  double sum_log = 0;        // sum of log(corrected)
  double negative_mean = 0;  // -sum_log / n: the log loss
  // V(D,G) = mean log D(x) over the class-1 rows + mean log(1 - D(G(z))) over
  // the class-0 rows (the game's value on these samples); NaN without both classes.
  double v = 0;
};

double corrected_probability(double predicted, int actual);

// One row per sample. actual[i] >= 0.5 counts as class 1. When logits is not
// null, log(corrected) is computed from the logit the way the engine's loss
// is (ln p = -softplus(-l), ln(1 - p) = -softplus(l)), so it stays finite and
// matches the engine even where p rounds to 0 or 1 in float.
LogLossTable log_loss_table(const float* predicted, const float* actual, int n, LogBase base,
                            const float* logits = nullptr);
// The worked table of a lesson's [view.logloss] rows (real: class 1, d: predicted).
LogLossTable worked_table(const std::vector<lessons::WorkedRow>& rows, LogBase base);
// A student's entry for a cell: right when it reads as a number (decimal point
// or comma) within tolerance of the cell's value.
bool cell_right(const std::string& typed, double value, double tolerance);

}  // namespace ganstep::ui
