// Sample quality by the MNIST classifier (engine/gan/classifier.h):
//   frechet:     the Fréchet distance between the classifier's penultimate
//                features of the samples and of real digits (an MNIST analogue
//                of FID; lower is better, 0 for identical statistics)
//   class_hist:  the fraction of samples predicted as each digit (mode
//                collapse shows as mass piling into few bins)
//   confidence:  the mean of the classifier's top softmax probability, and
//   confident:   the fraction of samples whose top probability is >= 0.9;
//                both near those of real digits when samples look like digits.
// FD from few samples is biased upwards (the covariance is estimated from N
// rows in 128 dimensions): compare scores computed from the same N.
//   images: (N, 784) in [-1, 1]
#pragma once

#include <array>

#include "engine/gan/classifier.h"
#include "engine/gan/frechet.h"

namespace ganstep {

struct QualityReport {
  int count = 0;
  double frechet = 0.0;
  std::array<double, 10> class_hist{};
  double confidence = 0.0;
  double confident = 0.0;
  int top_class = 0;  // the most frequent predicted class
};

// The real data's feature statistics (with the square root of the covariance,
// ready for many scores) and the real digits' own histogram and confidence.
struct RealStats {
  GaussianStats features;
  QualityReport self;  // the real images scored against nothing (frechet = 0)
};

RealStats real_stats(Classifier& net, const Tensor2& real_images);

// Scores a set of samples against real statistics. Images that are not
// (N, 784), or N < 2, give count 0 and a NaN frechet.
QualityReport score_samples(Classifier& net, const Tensor2& images, const RealStats& real);

}  // namespace ganstep
