#include "engine/gan/detect.h"

#include <algorithm>

namespace ganstep {

const char* detector_name(Detector d) {
  switch (d) {
    case Detector::Resynthesis: return "resynthesis";
    case Detector::Discriminator: return "discriminator";
    case Detector::Classifier: return "classifier";
  }
  return "?";
}

double fakeness(const DigitScore& s, Detector d) {
  switch (d) {
    case Detector::Resynthesis: return -s.error;
    case Detector::Discriminator: return -s.d;
    case Detector::Classifier: return -s.confidence;
  }
  return 0;
}

std::string check_detect_config(const DetectConfig& c) {
  if (c.updates < 0 || c.updates > 10000) return "updates must be 0..10000";
  LatentSearchConfig probe = c.search;
  probe.starts = 1;
  return check_latent_config(probe);
}

DigitScorer::DigitScorer(DetectNets& nets, const DetectConfig& c, const Tensor2& x) : config_(c) {
  error_ = check_detect_config(c);
  if (!error_.empty()) return;
  if (x.dimension() != 2 || x.shape()[1] != std::size_t(LatentSearch::kPixels)) {
    error_ = "digits must be rows of 784 pixels";
    return;
  }
  const std::size_t B = x.shape()[0];
  if (B == 0) {
    error_ = "no digits to score";
    return;
  }
  if (!nets.latent.f) {
    error_ = "the detectors need the quality classifier";
    return;
  }
  if (!nets.d) {
    error_ = "the detectors need D";
    return;
  }
  // D and the classifier on the digits themselves.
  const Tensor2& dout = nets.d->forward(x);
  if (dout.size() != B) {
    error_ = "D gives " + std::to_string(dout.size()) + " values for " + std::to_string(B) + " digits";
    return;
  }
  d_.assign(dout.begin(), dout.end());
  Tensor2 feats, probs;
  classify_all(*nets.latent.f, x, feats, probs);
  if (probs.shape()[0] != B) {
    error_ = "the classifier did not score the digits";
    return;
  }
  confidence_.assign(B, 0.0);
  for (std::size_t r = 0; r < B; ++r)
    for (std::size_t k = 0; k < probs.shape()[1]; ++k) confidence_[r] = std::max(confidence_[r], double(probs(r, k)));
  // Re-synthesis: one code per digit, side by side, from E(x) when there is an encoder.
  LatentSearchConfig sc = c.search;
  sc.starts = 1;
  search_ = std::make_unique<LatentSearch>(nets.latent, sc);
  if (!search_->ok()) {
    error_ = search_->error();
    return;
  }
  search_->set_targets(x);
  if (nets.encoder) {
    Tensor2 z_hat;
    nets.encoder->encode(x, z_hat);
    search_->start_from(z_hat);
  }
}

void DigitScorer::step(int n) {
  if (!error_.empty()) return;
  for (int i = 0; i < n && updates_done() < config_.updates; ++i) search_->step();
}

void DigitScorer::set_state(const LatentState& s) {
  if (!error_.empty()) return;
  search_->set_state(s);
  search_->loss_at(search_->state().z, nullptr);  // the reconstruction of the restored codes
}

void DigitScorer::finish(std::vector<DigitScore>& out, Tensor2* recon) const {
  if (!error_.empty()) return;
  const LatentLoss& l = search_->state().loss;
  for (std::size_t r = 0; r < d_.size(); ++r) out.push_back(DigitScore{l.pixel[r], d_[r], confidence_[r]});
  if (recon) *recon = search_->reconstruction();
}

std::string score_digits(DetectNets& nets, const DetectConfig& c, const Tensor2& x, std::vector<DigitScore>& out,
                         Tensor2* recon) {
  if (x.dimension() == 2 && x.shape()[0] == 0 && x.shape()[1] == std::size_t(LatentSearch::kPixels)) return "";
  DigitScorer s(nets, c, x);
  s.step(c.updates);
  s.finish(out, recon);
  return s.error();
}

RocCurve detector_roc(const std::vector<DigitScore>& real, const std::vector<DigitScore>& fake, Detector d) {
  std::vector<double> neg, pos;
  neg.reserve(real.size());
  pos.reserve(fake.size());
  for (const auto& s : real) neg.push_back(fakeness(s, d));
  for (const auto& s : fake) pos.push_back(fakeness(s, d));
  return roc_curve(neg, pos);
}

}  // namespace ganstep
