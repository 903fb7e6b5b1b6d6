// The image-lesson panels (lesson 8 and any lesson with [data] images): the
// run's state, the images the panels draw, and the functions that draw them.
// PlayerImpl shows these instead of the GAN panels while an image lesson is
// loaded.
//
//   +-----------------------------------------------------------------+
//   | controls (with the checkpoint picker)                           |
//   +-------------+---------------------------+-----------------------+
//   | narration   | samples: G(fixed z), 8x8  | d_outputs: D(x) and   |
//   |             |                           | D(G(z)) under images  |
//   +-------------+                           +-----------------------+
//   | algorithm 1 +---------------------------+ latent interpolation  |
//   |             | charts (losses, D)        +-----------------------+
//   |             |                           | classes + Fréchet     |
//   +-------------+---------------------------+-----------------------+
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/gan/disentangle.h"
#include "engine/gan/quality.h"
#include "imgui.h"
#include "lessons/run/remote_run.h"
#include "lessons/player/layout.h"

namespace ganstep::ui {

class PlayerImpl;

// Images shown as one texture (the shell's PlayerOptions::upload_texture), or
// as rectangles when the shell has none.
struct ImageStrip {
  explicit ImageStrip(int texture_slot = 0) : slot(texture_slot) {}
  int slot = 0;                    // the shell's texture slot
  int cols = 0, rows = 0, side_w = 0, side_h = 0;
  std::vector<unsigned char> rgba;  // (rows * (side_h + 1) + 1) x (cols * (side_w + 1) + 1) pixels
  int w = 0, h = 0;
  void* texture = nullptr;
  bool dirty = true;               // rgba changed since the last upload
};

struct ImageState {

  // What the panels show, rebuilt when the run changes (at most 4 times a second while playing).
  std::uint64_t built_version = 0;
  double last_build = -1e9;
  double build_ms = 0;             // the last views' time from asking to showing
  Tensor2 samples;                 // (64, C*H*W): G(fixed noise)
  Tensor2 real, real_prob;         // 8 real images and D(x)
  Tensor2 fake_prob;               // D(G(z)) of the first 8 samples
  std::uint64_t real_pick = 1;     // which real images ("Other digits" draws again)
  Tensor2 z_ends, z_line, line_images;  // the two latent ends, the walk between them, G of it
  std::uint64_t latent_seed = 1;   // "New z₀, z₁" draws again
  std::uint64_t line_version = 0;  // the session version the walk was drawn at
  // The views are computed where the run trains (run::compute_image_views), asked for and streamed back.
  std::uint64_t asked_id = 0, asked_version = 0;
  double asked_at = -1e9;          // frame() seconds
  double last_line = -1e9, last_judge = -1e9;  // frame() seconds
  static constexpr int kWalkSteps = 10;  // the walk: t = 0, 1/10, ..., 1 (11 images)
  ImageStrip grid{0}, real_row{1}, fake_row{2}, line_row{3};

  // The styles panel (a style-based G): psi, the mixing sources and grid.
  static constexpr int kMixA = 4, kMixB = 5;
  bool styles_shown = false;       // the lesson shows the panel: ask for the grid
  float psi = -1;                  // < 0 until set from the run's setting
  std::uint32_t mix_from_b = 6;    // bit 0 coarse, 1 middle, 2 fine
  std::uint64_t mix_seed = 1;      // "New A, B" draws again
  Tensor2 mix_z_a, mix_z_b;
  std::uint64_t mix_version = 0;   // the session version the grid was drawn at
  bool mix_stale = true;           // psi, levels or sources changed
  ImageStrip mix_a{4}, mix_b{5}, mix{6};

  // The projection and interpolation panels (a style-based G's Z and W,
  // engine/gan/disentangle.h): measured where the run is, once per trained
  // state, while paused (a second or so).
  bool dis_shown = false;          // the lesson shows one of them: ask for the measures
  std::uint64_t dis_version = 0;   // the session version they were measured at (0: none yet)
  std::uint64_t dis_asked = 0;     // the request that asks for them (0: none on its way)
  std::int64_t dis_iteration = 0;  // the run's iteration they were measured at
  std::int64_t dis_asked_iteration = 0;
  std::uint64_t dis_asked_version = 0;  // the session version the measure was asked at
  Disentanglement dis;
  std::string dis_note;            // why they are not measured ("": they are)
  ImageStrip interp{7};            // row 1: the line in Z, row 2: in W

  // The classes panel.
  run::JudgeView judge;            // the classifier beside the run (run::SampleQuality), as it last reported
  QualityReport quality;           // its view of the samples shown
  std::uint64_t quality_version = 0;
  double last_quality = -1e9;


  // The checkpoint picker (natively a path field; the web page's file input otherwise).
  bool ask_path = false;
  char path[1024] = {};
  std::string message;
  bool message_error = false;
};

// The views above, recomputed when stale (now: frame() seconds).
void refresh_image_views(PlayerImpl& p, ImageState& s, double now);
// Loads a checkpoint file's bytes; "" or the error (shown in the controls).
std::string load_image_checkpoint(PlayerImpl& p, ImageState& s, const std::uint8_t* bytes, std::size_t size,
                                  const std::string& name);

void panel_samples(PlayerImpl& p, ImageState& s, const Rect& r);
void panel_d_outputs(PlayerImpl& p, ImageState& s, const Rect& r);
void panel_latent(PlayerImpl& p, ImageState& s, const Rect& r);
void panel_classes(PlayerImpl& p, ImageState& s, const Rect& r);
void panel_styles(PlayerImpl& p, ImageState& s, const Rect& r);
// panel_disentangle.cpp
void panel_projection(PlayerImpl& p, ImageState& s, const Rect& r);
void panel_interpolation(PlayerImpl& p, ImageState& s, const Rect& r);

// Strips of images (panel_image.cpp): count images (rows of C*H*W values),
// cols per row; the scale at which one fits w x h; drawn at the cursor
// (returns its top-left corner).
void fill_strip(ImageStrip& s, const float* values, int count, int cols, const ImageShape& shape);
float fit_scale(const ImageStrip& s, float w, float h);
ImVec2 draw_strip(PlayerImpl& p, ImageStrip& s, float scale);

}  // namespace ganstep::ui
