// What the panels of the [latent] lessons draw, as plain values: a LatentRun
// or DetectRun keeps its view up to date after every unit; a RemoteRun
// (remote_run.h) mirrors the one its host streams back with each unit's
// report. The panels, the page's state() and the status line read only
// these, so the page links no latent search (the heavy runs live in its
// worker).
//   target, recon: 784 values in [-1, 1]    path: one best code (noise_dim floats) per update
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gan/detect.h"  // DigitScore, Detector, RocCurve (no nets used)
#include "engine/io/bytes.h"
#include "engine/io/png.h"
#include "lessons/format/lesson.h"

namespace ganstep::run {

// What only a [latent] run's models know and a setting is checked against
// (latent_next_spec): the held-out digits ("test:N" targets, detect's digits
// per group). Each view carries them; a RemoteRun keeps the first that came
// (the models do not change during a run), so its set() refuses what the run
// there would refuse, at once.
struct LatentFacts {
  bool known = false;          // false: the models have not loaded yet
  std::size_t test_count = 0;  // held-out digits
};

// find-latent: the search at its current update.
struct LatentView {
  lessons::LatentSpec spec;
  std::int64_t updates = 0;
  double loss = 0, pixel = 0, feature = 0;  // the best code's loss and its two parts
  std::vector<float> target, recon;         // 784 each
  std::vector<float> path;                  // the best code after each update (path[0..dim): the start)
  int noise_dim = 0;
  float prior_sd = 1.0f;  // G's prior's standard deviation along any direction (NoisePrior::sd)
  LatentFacts facts;
};

// Other: the other_generator's G; Seed: the generator lesson trained with other_seed.
enum class DigitGroup { Real, Same, Other, Seed };
constexpr int kDigitGroups = 4;
const char* group_name(DigitGroup g);  // "real", "same_g", "other_g", "other_seed"

// detect-fakes: the scores so far.
struct DetectView {
  lessons::LatentSpec spec;
  std::array<std::vector<DigitScore>, kDigitGroups> scores;
  bool has_other = false;  // an other_generator's fakes are scored too
  bool has_seed = false;   // and an other_seed's
  LatentFacts facts;
  bool has_group(DigitGroup g) const {
    return g == DigitGroup::Other ? has_other : g == DigitGroup::Seed ? has_seed : true;
  }
  // A detector's ROC over the real digits and a fake group's, scored so far.
  RocCurve roc(Detector d, DigitGroup fakes) const;
};

// A drawn or dropped digit scored by the detect run's detectors (Run::score_digit).
struct DigitVerdict {
  std::uint64_t id = 0;   // of the request
  std::string error;      // "" or why it was not scored
  DigitScore score;
  std::vector<float> recon;  // its re-synthesis: 784 values
};

// Iterations of a detect run until every digit is scored (a batch of `batch` digits of each group each).
std::int64_t detect_batches(const lessons::LatentSpec& s);

// A detect run's batch scored ahead, elsewhere (RemoteRun's helper executor:
// a second worker): what DetectRun::step_unit would compute for iteration
// `batch`, so that the run there goes through that batch's units from it
// without searching, to the same bits (DetectRun::score_ahead, take_ahead).
struct ScoredBatch {
  std::string key;                 // DetectRun::batch_key() of the run that scored it
  std::int64_t batch = -1;         // its iteration (0: the first); -1 with error: none
  std::string error;               // the helper could not score it ("" when scored)
  std::vector<DigitScore> scores;  // its groups in order, the batch's digits each
  std::vector<Tensor2> z;          // the codes after each of its units but the last
  Tensor2 recon;                   // G(z) of every row at the end
};

// A 28x28 image (a decoded PNG: gray, gray + alpha, RGB, RGBA; alpha over white
// paper) as a digit's 784 values in [-1, 1], white ink on black as
// in MNIST: a mostly light image is taken as dark ink on paper and inverted
// (*inverted says so). "" or an error naming `name` (the wrong size).
std::string digit_from_image(const PixelImage& img, const std::string& name, std::vector<float>& pixels,
                             bool* inverted = nullptr);

// The spec after settings, by the rules of LatentRun::set (detect: DetectRun::set):
// "" or an error naming the setting (next unspecified). live: the search goes
// on (lr, weights, loss_target); else the run starts over. A new "test:N"
// target must be below facts.test_count, a new detect at most it; unknown
// facts (models still loading) refuse both.
std::string latent_next_spec(const lessons::LatentSpec& now, const std::vector<lessons::Setting>& settings,
                             bool force_restart, const LatentFacts& facts, lessons::LatentSpec& next, bool& live);

// As bytes (a RemoteRun's unit reports).
void put_latent_spec(ByteWriter& w, const lessons::LatentSpec& s);
bool get_latent_spec(ByteReader& r, lessons::LatentSpec& s);
void put_latent_view(ByteWriter& w, const LatentView& v);
bool get_latent_view(ByteReader& r, LatentView& v);
void put_detect_view(ByteWriter& w, const DetectView& v);
bool get_detect_view(ByteReader& r, DetectView& v);
void put_verdict(ByteWriter& w, const DigitVerdict& v);
bool get_verdict(ByteReader& r, DigitVerdict& v);
// A (rows, cols) tensor (at most 2^24 floats; a reader refuses more, or more than the bytes left).
void put_tensor(ByteWriter& w, const Tensor2& t);
bool get_tensor(ByteReader& r, Tensor2& t);
void put_scored_batch(ByteWriter& w, const ScoredBatch& b);
bool get_scored_batch(ByteReader& r, ScoredBatch& b);

}  // namespace ganstep::run
