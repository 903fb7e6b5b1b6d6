// The detect-fakes panels (a [latent] lesson with detect > 0,
// lessons/run/detect_run.h): Scores, the histograms of a detector's values
// on the real digits and each G's fakes, with a brush canvas whose digit is
// scored live (where the run is: the page's worker) and placed on them; Roc, the
// ROC curve of every detector against every fake source, with its AUC.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gan/detect.h"
#include "lessons/player/layout.h"

namespace ganstep::ui {

class PlayerImpl;

struct DetectState {
  std::vector<float> canvas = std::vector<float>(784, -1.0f);  // [-1, 1], white ink on black
  int detector = 0;            // the histograms' detector (Detector)
  bool scored = false;         // the canvas's digit was scored
  std::uint64_t asked = 0;     // the last request (Run::score_digit); waiting: its verdict has not come
  bool waiting = false;
  DigitScore yours;
  std::vector<float> recon;    // its re-synthesis (784)
  std::string message;
  std::vector<float> xs, ys;   // scratch
};

void panel_scores(PlayerImpl& p, DetectState& s, const Rect& r);
// Asks the run for the verdict on the canvas's digit (scored where the run is: the worker in the page).
void score_canvas(PlayerImpl& p, DetectState& s);
// Takes the verdict that came (any frame, drawn or not).
void take_verdict(PlayerImpl& p, DetectState& s);
void panel_roc(PlayerImpl& p, DetectState& s, const Rect& r);

// Counts of values in `bins` equal bins over [lo, hi] (values outside go to
// the end bins), as shares of the values' count.
std::vector<float> histogram_shares(const std::vector<double>& values, double lo, double hi, int bins);

}  // namespace ganstep::ui
