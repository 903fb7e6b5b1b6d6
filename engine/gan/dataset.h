// Data sets p_data and noise priors p_z.
//
// A data set is named by a spec string (the same string lessons and --set use):
//   1-D:  gaussian(mean,std)           e.g. "gaussian(4,0.5)"   or "gaussian" (defaults 4, 0.5)
//         bimodal                       a fixed two-Gaussian mixture
//         uniform(lo,hi)                e.g. "uniform(-1,3)"
//         mixture(W*N(mu,sd)+W*U(a,b)+...)  any list of Gaussian / uniform components,
//                                       e.g. "mixture(0.3*N(-2,0.5)+0.7*U(1,3))"
//   2-D:  ring8, grid25, moons, spiral, line
//         mixture2d(W*N((x,y),std)+...)  isotropic Gaussians, e.g.
//                                       "mixture2d(0.45*N((-2,-1),0.3)+0.55*N((1,2),0.5))"
//         (a mixture's weights: all written and summing to 1, or none: equal shares)
//         points:X,Y;X,Y;...            inline points (at most 10000), a lesson's [data] points
//         csv:PATH                      user points, one "x,y" row per line ('#' comments,
//                                       blank lines, CRLF and a UTF-8 BOM accepted; line 1
//                                       is a header when none of its fields starts like a
//                                       number, e.g. "x,y"; "1,2,3" there is an error)
// Densities are analytic where the data set has one (every 1-D set, ring8,
// grid25); otherwise has_density() is false and metrics estimate p_data from
// samples.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/rng.h"

namespace ganstep {

// A Gaussian mode of a data set: centre (x[1] = 0 in 1-D), σ and its share of
// the samples (the `modes` and `hq` metrics, engine/gan/metrics.h).
struct Mode {
  double x[2] = {0, 0};
  double sd = 1;
  double weight = 1;
};

struct Bounds {
  double lo[2] = {0, 0};
  double hi[2] = {0, 0};
};

class Dataset {
 public:
  virtual ~Dataset() = default;
  virtual int dim() const = 0;
  // Writes m samples, row-major (m, dim()).
  virtual void sample(Rng& rng, int m, float* out) const = 0;
  virtual bool has_density() const { return false; }
  virtual double density(const double* x) const { (void)x; return 0.0; }
  // The Gaussian modes (mixtures of N components, ring8, grid25); empty for
  // sets without them (moons, spiral, line, csv, a uniform).
  virtual std::vector<Mode> modes() const { return {}; }
  // A box that holds (nearly) all the mass, for plots and metric grids.
  virtual Bounds bounds() const = 0;
  const std::string& spec() const { return spec_; }

 protected:
  std::string spec_;
  friend std::shared_ptr<const Dataset> make_dataset(const std::string&, std::string&);
};

// Builds a data set from its spec. On failure returns null and sets error to a
// message (for csv: "FILE:LINE: ..." naming the bad row).
std::shared_ptr<const Dataset> make_dataset(const std::string& spec, std::string& error);
// The points of a CSV text (the csv: format above); `name` (the file) starts
// every error, as "NAME:LINE: ...".
constexpr std::size_t kMaxCsvPoints = 1000000;
constexpr std::size_t kMaxInlinePoints = 10000;  // points:X,Y;X,Y;... (a lesson's [data] points)
constexpr std::size_t kMaxCsvBytes = std::size_t(64) << 20;  // a csv: file, 64 MiB
std::shared_ptr<const Dataset> parse_csv_points(std::string_view text, const std::string& name, std::string& error);
// The points of an inline list ("X,Y;X,Y;...", a "points:" spec without its
// prefix) as x0, y0, x1, y1, ...; false with an error naming the point.
bool parse_inline_points(const std::string& list, std::vector<float>& xy, std::string& error);
// The names accepted, for help texts and "did you mean".
std::vector<std::string> dataset_names();

enum class NoiseKind { Uniform, Gaussian, Mixture };
constexpr int kMaxNoiseComponents = 1000;

// p_z. Uniform: U(-1, 1) per coordinate; Gaussian: N(0, I); Mixture
// ("mixture(K)"): K Gaussians N(mu_k, I) of equal weight, whose centres
// mu_k ~ N(0, I) are drawn once from a stream of their own (the same for every
// seed and every run of the same K and dim). A Gaussian's single mode makes G's
// image of it connected, so G must draw something between two digit classes;
// a mixture leaves gaps between its components (lesson 8).
struct NoisePrior {
  NoiseKind kind = NoiseKind::Uniform;
  int dim = 1;
  int components = 0;          // Mixture: K (2..kMaxNoiseComponents)
  std::vector<float> centers;  // Mixture: (K, dim), mixture_centers(K, dim); filled by sample() if empty
  // Writes m noise vectors, row-major (m, dim). Mixture: row by row, the
  // component (rng.below(K)), then dim unit normals added to its centre, so
  // the first rows of m are those of any smaller draw from the same state.
  void sample(Rng& rng, int m, float* out) const;
  // Mixture: the component whose centre is nearest z (dim floats; the first of equals); else -1.
  int nearest_component(const float* z) const;
  // The standard deviation along a direction, averaged over directions: 1/sqrt(3), 1, or for a
  // mixture sqrt(1 + the centres' mean square coordinate) (about sqrt(2)).
  double sd() const;

 private:
  const float* means(std::vector<float>& scratch) const;
};

// The mixture's centres, (K, dim) row-major.
std::vector<float> mixture_centers(int components, int dim);
// The prior a config names (its centres computed once).
NoisePrior make_noise_prior(NoiseKind kind, int dim, int components);

// "uniform", "gaussian" or "mixture(K)".
std::string noise_name(NoiseKind k, int components = 0);
// The plain names: uniform, gaussian (or normal).
bool parse_noise(const std::string& s, NoiseKind& out);
// Any prior's text, mixture(K) included; "" or an error naming the text.
std::string parse_noise_prior(const std::string& s, NoiseKind& out, int& components);

}  // namespace ganstep
