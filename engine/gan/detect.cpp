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

std::string score_digits(DetectNets& nets, const DetectConfig& c, const Tensor2& x, std::vector<DigitScore>& out,
                         Tensor2* recon) {
  std::string e = check_detect_config(c);
  if (!e.empty()) return e;
  if (x.dimension() != 2 || x.shape()[1] != std::size_t(LatentSearch::kPixels))
    return "digits must be rows of 784 pixels";
  const std::size_t B = x.shape()[0];
  if (B == 0) return "";
  if (!nets.latent.f) return "the detectors need the quality classifier";
  if (!nets.d) return "the detectors need D";
  // D and the classifier on the digits themselves.
  Tensor2 dout = nets.d->forward(x);
  if (dout.size() != B) return "D gives " + std::to_string(dout.size()) + " values for " + std::to_string(B) + " digits";
  std::vector<double> d(dout.begin(), dout.end());
  Tensor2 feats, probs;
  classify_all(*nets.latent.f, x, feats, probs);
  if (probs.shape()[0] != B) return "the classifier did not score the digits";
  // Re-synthesis: one code per digit, side by side.
  LatentSearchConfig sc = c.search;
  sc.starts = 1;
  LatentSearch search(nets.latent, sc);
  if (!search.ok()) return search.error();
  search.set_targets(x);
  if (nets.encoder) {
    Tensor2 z_hat;
    nets.encoder->encode(x, z_hat);
    search.start_from(z_hat);
  }
  for (int u = 0; u < c.updates; ++u) search.step();
  const LatentLoss& l = search.state().loss;
  for (std::size_t r = 0; r < B; ++r) {
    DigitScore s;
    s.error = l.pixel[r];
    s.d = d[r];
    s.confidence = 0;
    for (std::size_t k = 0; k < probs.shape()[1]; ++k) s.confidence = std::max(s.confidence, double(probs(r, k)));
    out.push_back(s);
  }
  if (recon) *recon = search.reconstruction();
  return "";
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
