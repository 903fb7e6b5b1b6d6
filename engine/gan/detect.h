// Detecting generated digits, three ways (the detect-fakes lesson):
//   resynthesis    invert the digit through a frozen G (LatentSearch, from the
//                  encoder's guess E(x) when there is one) for `updates` Adam
//                  updates and measure how far G(z) stays from it: the pixel
//                  MSE over the 784 pixels. A digit this G drew has a code
//                  that draws it again; a real digit usually has not.
//   discriminator  D's raw output on the digit (D of G's own training run).
//   classifier     the quality classifier's top softmax probability.
// Each detector's fakeness (higher = more likely a fake) is the negated
// value: a small re-synthesis error, a low D output, a low confidence.
// The ROC curve of a detector over real and fake digits: engine/gan/roc.h.
//   x: (B, 784) in [-1, 1], one digit per row; rows are scored independently
//   (G, D and the classifier in inference mode), so a digit's scores do not
//   depend on its batch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/gan/latent_encoder.h"
#include "engine/gan/latent_search.h"
#include "engine/gan/roc.h"

namespace ganstep {

enum class Detector { Resynthesis, Discriminator, Classifier };
constexpr int kDetectors = 3;
const char* detector_name(Detector d);  // "resynthesis", "discriminator", "classifier"

struct DigitScore {
  double error = 0;       // re-synthesis pixel MSE after the updates
  double d = 0;           // D's raw output (a logit under gan)
  double confidence = 0;  // the classifier's top class probability
};
double fakeness(const DigitScore& s, Detector d);

struct DetectNets {
  LatentNets latent;                // G inverted (and the classifier: features, confidence)
  LatentEncoder* encoder = nullptr; // the start E(x); null: random codes (the search's seed)
  Sequential* d = nullptr;          // D, inference mode
};

struct DetectConfig {
  LatentSearchConfig search;  // lr, weights, seed (starts is unused: one code per digit)
  int updates = 30;
};
// "" or what is wrong.
std::string check_detect_config(const DetectConfig& c);

// Scoring a batch of digits a few updates at a time (a lesson's unit): D
// and the classifier score x at once, the re-synthesis search runs
// step(n) by step(n) until config.updates, then finish() gives the scores.
class DigitScorer {
 public:
  // x: (B, 784). On bad nets, config or digits, error() says why.
  DigitScorer(DetectNets& nets, const DetectConfig& c, const Tensor2& x);
  const std::string& error() const { return error_; }
  int updates_done() const { return static_cast<int>(search_ ? search_->state().updates : 0); }
  bool done() const { return error_.empty() && updates_done() >= config_.updates; }
  // Up to n more updates (never past config.updates).
  void step(int n);
  // The scores of every row (appended to out); recon gets G(z), (B, 784).
  void finish(std::vector<DigitScore>& out, Tensor2* recon = nullptr) const;
  // The search's state (a saved unit position restores it into a scorer of the same x).
  const LatentState& state() const { return search_->state(); }
  void set_state(const LatentState& s);

 private:
  DetectConfig config_;
  std::vector<double> d_, confidence_;
  std::unique_ptr<LatentSearch> search_;
  std::string error_;
};

// Scores every row of x (appended to out); recon, when given, gets G(z) of
// each row after the updates, (B, 784). "" or an error.
std::string score_digits(DetectNets& nets, const DetectConfig& c, const Tensor2& x, std::vector<DigitScore>& out,
                         Tensor2* recon = nullptr);

// The ROC of a detector: real digits are the negatives, fakes the positives.
RocCurve detector_roc(const std::vector<DigitScore>& real, const std::vector<DigitScore>& fake, Detector d);

}  // namespace ganstep
