// What the StyleGAN paper measured about its latent spaces (Karras et al.
// 2019, section 4), on MNIST, for a style-based G (engine/nn/style_generator.h)
// with the digit classifier (classifier.h) as the perceptual space and the judge:
//   projection   2-D PCA of n codes z and of their w = f(z) (each its own
//                axes), each point labelled by the classifier's digit for G(z)
//   interpolation G along a straight line in Z and in W between the same two codes
//   ppl          perceptual path length: E[ ||phi(G(l(t))) - phi(G(l(t + eps)))||^2 ] / eps^2,
//                l a line between two codes (slerp in Z, lerp in W, t ~ U(0, 1)),
//                phi the classifier's features; the paper's "full" path length,
//                with the paper's filtering of the 1% smallest and largest distances
//   separability a 10-class logistic regression from the code (z, or w) to the
//                classifier's digit, trained on half of the codes and scored on
//                the other half: its accuracy (the paper used an SVM per binary
//                attribute and an entropy; the question is the same: are the
//                classes linearly separable in this space?)
// Everything is in inference mode (noise fixed per row, truncation psi = 1)
// and deterministic (own Rng streams, fixed summation orders).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/gan/classifier.h"

namespace ganstep {

class Trainer;

struct DisentangleSettings {
  int codes = 2000;        // projection and separability
  int ppl_pairs = 256;     // path-length samples in each space
  double ppl_eps = 1e-2;   // the step along the path (float arithmetic: the paper's 1e-4 is below G's rounding)
  int interp_steps = 8;    // images on each interpolation row (ends included)
  int logreg_epochs = 200; // full-batch gradient steps of the logistic regression
  std::uint64_t seed = 1;
};

struct Disentanglement {
  // projection: (n, 2) each, and the digit of G(z) per code
  Tensor2 z_pca, w_pca;
  std::vector<std::uint8_t> labels;
  double z_explained = 0, w_explained = 0;  // variance share of the two axes
  // interpolation: (interp_steps, 784) each, between the same two codes
  Tensor2 interp_z, interp_w;
  double ppl_z = 0, ppl_w = 0;
  double separability_z = 0, separability_w = 0;  // held-out accuracy, 0..1
  double chance = 0;                               // the most frequent class's share of the held-out half
};

// "" or why not (G is not style-based). The classifier must be trained.
std::string measure_disentanglement(const Trainer& t, Classifier& judge, const DisentangleSettings& s,
                                    Disentanglement& out);

// The same measure in slices, so a run's steps need not wait behind it
// (lessons/run/executor.h measures between units): each slice is one chunk
// of images through G (64), of the classifier (500) or one of the small
// stages; the result is measure_disentanglement's, bit for bit. It keeps its
// own copy of G (taken at construction: the run may train on meanwhile) and
// a reference to the judge (which must outlive it).
class DisentangleJob {
 public:
  DisentangleJob(const Trainer& t, Classifier& judge, const DisentangleSettings& s);
  ~DisentangleJob();
  // Slices until ms have passed (at least one); true once done.
  bool run_for(double ms);
  bool done() const;
  const std::string& error() const;  // "" or why not (G is not style-based)
  Disentanglement& result();

 private:
  struct Work;
  void slice();
  std::unique_ptr<Work> w_;
};

// The two leading principal axes of the rows of x (n, d), by power iteration
// with deflation (deterministic), and x's projection on them (n, 2).
// explained: their share of the total variance.
void pca_2d(const Tensor2& x, Tensor2& projected, double& explained);

// Held-out accuracy of a softmax regression from x (n, d) to labels (0..9):
// trained on the even rows, scored on the odd ones (features standardised on the training half).
double linear_separability(const Tensor2& x, const std::vector<std::uint8_t>& labels, int epochs);

}  // namespace ganstep
