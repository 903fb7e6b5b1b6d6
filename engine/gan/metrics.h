// Divergences between p_data and p_g on a fixed grid, and the optimal
// discriminator D*(x) = p_data(x) / (p_data(x) + p_g(x)).
//
// Both distributions become probability masses over the same grid cells:
// p_data from its analytic density where it has one (else from 65536 samples),
// p_g from 4096 generator samples smoothed by a Gaussian kernel (Silverman's
// bandwidth). JS and KL are then exact sums over cells, in nats:
//   JS(P, Q) = 1/2 KL(P || M) + 1/2 KL(Q || M),  M = (P + Q) / 2,  0 <= JS <= ln 2
//   KL(P || Q) = sum p ln(p / q), with q floored at 1e-12 (mass where p_g has none)
#pragma once

#include <limits>
#include <vector>

#include "engine/core/tensor.h"

#include "engine/gan/dataset.h"

namespace ganstep {

class Trainer;

struct Grid {
  int dim = 1;
  int n[2] = {1, 1};  // cells per axis (n[1] = 1 in 1-D)
  double lo[2] = {0, 0}, hi[2] = {1, 1};
  int cells() const { return n[0] * n[1]; }
  double step(int axis) const { return (hi[axis] - lo[axis]) / n[axis]; }
  double center(int axis, int i) const { return lo[axis] + (i + 0.5) * step(axis); }
};

// The grid used for metrics: 512 cells in 1-D, 96 x 96 in 2-D, over the data's bounds.
Grid metric_grid(const Dataset& data);

double js_divergence(const std::vector<double>& p, const std::vector<double>& q);
double kl_divergence(const std::vector<double>& p, const std::vector<double>& q);

// Normalises non-negative weights to sum 1 (all zero stays all zero).
void normalise(std::vector<double>& p);

// Masses have g.cells() + 1 entries: the last holds the mass outside the grid.
// Probability mass per cell of a density evaluated at cell centres.
std::vector<double> density_mass(const Dataset& data, const Grid& g);
// Probability mass per cell of a kernel density estimate from samples (n, dim),
// computed by binning then a separable Gaussian blur of bandwidth h (per axis).
std::vector<double> sample_mass(const float* xs, int n, const Grid& g, const double h[2]);
// Silverman's rule of thumb for one coordinate (column `axis` of (n, dim)).
double silverman_bandwidth(const float* xs, int n, int dim, int axis);
// A 1-D Gaussian kernel density estimate at x.
double kde_1d(const float* xs, int n, double h, double x);

// p_data mass on the metric grid: analytic, or from 65536 samples with a fixed seed.
std::vector<double> data_mass(const Dataset& data, const Grid& g);

struct Divergences {
  double js = 0;         // JS(p_data, p_g), nats
  double kl_data_g = 0;  // KL(p_data || p_g)
  double kl_g_data = 0;  // KL(p_g || p_data)
};

// Measures G against the data with 4096 samples from fixed noise (the run's
// own random stream is not touched, so measuring never changes training).
Divergences measure_divergences(const Trainer& t);

// G's 4096 samples from the metrics' fixed noise, (4096, dim): what the
// divergences and mode coverage measure (and `ganstep run --samples` writes).
void generator_samples(const Trainer& t, Tensor2& out);

// Mode coverage, the standard figures for mixtures and ring / grid data
// (Dataset::modes()): a sample belongs to the nearest mode (in units of that
// mode's σ) among those within 3σ of it, or to none.
//   modes  how many modes hold >= 1% of the samples
//   hq     the share of samples within 3σ of some mode ("high quality")
// NaN (total 0) when the data set has no modes; NaN also when G's samples
// are not finite.
struct ModeCoverage {
  double modes = std::numeric_limits<double>::quiet_NaN();
  double hq = std::numeric_limits<double>::quiet_NaN();
  int total = 0;  // the data's modes
};
ModeCoverage mode_coverage(const std::vector<Mode>& modes, const float* xs, int n, int dim);
ModeCoverage measure_modes(const Trainer& t);

// D*(x) on the points xs (1-D data only): p_data(x) / (p_data(x) + p_g(x)),
// p_g by a Gaussian KDE of 4096 generator samples. Writes NaN where both are 0.
std::vector<double> optimal_discriminator_1d(const Trainer& t, const std::vector<double>& xs);

}  // namespace ganstep
