// The numbers behind the 1-D and 2-D views, computed from a Trainer without
// touching its state (fixed noise, fixed data samples). No ImGui.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/gan/trainer.h"

namespace ganstep::ui {

// The paper's Figure 1, live: p_data, p_g, D(x) and D*(x) over x, and the
// mapping x = G(z) from a lower z axis.
struct View1dData {
  double x0 = 0, x1 = 1;            // x range shown
  double y1 = 1;                    // density axis top
  std::vector<float> xs;            // grid
  std::vector<float> p_data;        // analytic density on xs
  std::vector<float> p_g;           // KDE of generator samples (fixed noise) on xs
  std::vector<float> d;             // D(x) on xs
  std::vector<float> d_star_x;      // D*(x) = p_data / (p_data + p_g) (optimal_discriminator_1d,
                                    // or from p_g above when ViewOptions::exact_dstar is off)
  std::vector<float> d_star;
  float z0 = -1, z1 = 1;            // z axis range
  std::vector<float> map_z, map_gz; // evenly spaced z (first coordinate; others 0) and G(z)
  std::vector<float> rug_gz;        // G of the fixed noise sample (for a rug under the axis)
  bool finite = true;               // G's outputs are finite
  // D's output axis: [0, 1.05] for a probability (gan); a critic's scores
  // (the other objectives) span what its curve and optimum need.
  double d0 = 0, d1 = 1.05;
  // Compared runs ([training] compare), in order: their p_g on xs (empty when not finite).
  std::vector<std::vector<float>> p_g_runs;
};

// D's optimum for a fixed G under an objective, pointwise (Goodfellow et al.
// Prop. 1; Mao et al. Prop. 1 with targets 0/1; the hinge loss's minimiser):
//   Ratio  gan, lsgan   p_data / (p_data + p_g)
//   Sign   hinge        +1 where p_data > p_g, −1 where p_data < p_g
//   None   wgan-gp      no pointwise form (a 1-Lipschitz potential)
enum class DOptimum { Ratio, Sign, None };
DOptimum d_optimum(Objective o);

struct View2dData {
  double lo[2] = {0, 0}, hi[2] = {1, 1};  // range shown (equal aspect for the given pixel size)
  int nx = 0, ny = 0;                     // D map cells; dmap[j * nx + i], j along y from lo
  std::vector<float> dmap;
  std::vector<float> real_xy;             // fixed data sample, interleaved (x, y)
  std::vector<float> fake_xy;             // G of fixed noise, interleaved
  int warp_lines = 0, warp_points = 0;    // noise_dim 2: G of a regular z grid,
  std::vector<float> warp_xy;             // 2 * warp_lines polylines of warp_points (x, y) each
  bool finite = true;
  // dmap holds D(x) in [0, 1] under gan; a critic's score f is shown as
  // (f − map_lo) / (map_hi − map_lo), clamped: lsgan 0..1, hinge −1..1,
  // wgan-gp the map's own range (only its differences mean something).
  float map_lo = 0, map_hi = 1;
  // Compared runs ([training] compare), in order: G of the same fixed noise, interleaved.
  std::vector<std::vector<float>> fake_runs;
};

struct ViewOptions {
  int grid_1d = 256;       // x grid for densities and D
  int dstar_points = 80;   // D* evaluation points (a KDE over 4096 samples each)
  bool exact_dstar = true; // optimal_discriminator_1d; else p_data / (p_data + p_g) from this view's p_g (cheap)
  int gen_samples = 2048;  // generator samples for the 1-D KDE (2-D scatter: at most 1000)
  int dmap_cells = 48;     // per axis
  int warp_lines = 13;
  int warp_points = 33;
  float aspect = 1.0f;     // plot width / height in pixels (2-D)
  // 2-D: these ranges instead of the data's and G's (the draw mode keeps its plot still).
  bool fixed_range = false;
  double lo[2] = {0, 0}, hi[2] = {1, 1};
};

// Range of the prior worth drawing on a z axis: U(-1,1) -> [-1,1], N(0,1) -> [-3,3].
void noise_range(const GanConfig& c, float& z0, float& z1);

// compared: a point lesson's compared runs; their samples widen the range too.
void compute_view1d(const Trainer& t, const ViewOptions& o, View1dData& v, const std::vector<Trainer>& compared = {});
// real_xy is reused while spec_of_real matches the data set spec.
void compute_view2d(const Trainer& t, const ViewOptions& o, View2dData& v, std::string& spec_of_real,
                    const std::vector<Trainer>& compared = {});

// Linear interpolation of ys over the increasing grid xs at x (NaN outside).
float interpolate(const std::vector<float>& xs, const std::vector<float>& ys, float x);

}  // namespace ganstep::ui
