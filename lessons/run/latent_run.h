// A [latent] lesson (find-latent) as a Run: LatentSearch (engine/gan/
// latent_search.h) on the trained G of the lesson its generator names, one
// Adam update of z per unit (and per iteration). The models (G, the quality
// classifier, the encoder, the held-out digits) are loaded once and shared by
// every run of the lesson; a saved state is the search's small state plus the
// code's path so far.
//   target: (1, 784) in [-1, 1]    z: (starts, noise_dim)    path: one best code per update
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/gan/latent_encoder.h"
#include "engine/gan/latent_search.h"
#include "engine/io/png.h"
#include "lessons/format/lesson.h"
#include "lessons/run/latent_view.h"
#include "lessons/run/run.h"

namespace ganstep::run {

// What every run of a [latent] lesson shares.
struct LatentModels {
  std::string generator;  // the lesson id
  Sequential g;           // its trained G (inference mode)
  NoisePrior prior;       // its p_z (prior.dim: the code's length)
  std::int64_t iterations = 0;  // G's training iterations
  std::shared_ptr<Classifier> classifier;
  std::shared_ptr<LatentEncoder> encoder;
  std::shared_ptr<const LabeledImages> test;  // held-out digits: the "test:N" targets
  std::string gan_key;
  Sequential d;                // the same run's D (inference mode): a detector of fakes
  // A second trained G ([latent] other_generator; empty otherwise): the
  // detect lesson's fakes from a G the detector did not invert.
  std::string other;
  Sequential other_g;
  NoisePrior other_prior;  // its p_z
  std::int64_t other_iterations = 0;
  // The generator lesson trained again with [latent] other_seed (0: none):
  // fakes of a G of the same networks and schedule, from another seed.
  std::uint64_t other_seed = 0;
  Sequential other_seed_g;
};

struct LatentLoadOptions {
  std::string data_dir;      // replaces the data's folder (--data)
  std::string cache_dir;     // "" : classifier_cache_dir()
  bool train = true;         // train what is not cached (else: an error)
  bool from_scratch = false; // train G now, whatever is cached (the encoder then too)
  bool need_gan = true;      // false: the classifier and the digits only (G comes from elsewhere)
  std::function<void(const std::string&)> notice;
  std::function<void(std::int64_t, std::int64_t)> progress;  // G's training iterations
  std::vector<std::string>* files = nullptr;  // not null: gets the path of each cache file used
};
// What decides a lesson's models (its G's, the data): runs with the same key share them.
std::string latent_models_key(const lessons::LatentSpec& spec, const std::string& data_dir);
// "" or an error naming what is missing.
std::string load_latent_models(const lessons::LatentSpec& spec, const LatentLoadOptions& o, LatentModels& out);

// Trains the G's the specs name that the cache lacks, side by side on the
// engine's threads (cache_gans): `ganstep models` calls it first, then
// load_latent_models per lesson finds them cached. o.cache_dir, o.data_dir
// and o.notice count. "" or an error.
std::string cache_latent_gans(const std::vector<lessons::LatentSpec>& specs, const LatentLoadOptions& o);

// What the models tell a setting's check (latent_view.h): known, the held-out count.
LatentFacts latent_facts(const LatentModels& m);

// The target image of a spec: (1, 784). "" or an error.
std::string latent_target(const lessons::LatentSpec& spec, const LatentModels& m, Tensor2& out);

// The search a lesson's [latent] table sets (learning rate, loss weights,
// restarts, seed): one place for every run that inverts G.
LatentSearchConfig search_config(const lessons::LatentSpec& spec);

class LatentRun final : public Run {
 public:
  LatentRun(std::shared_ptr<LatentModels> models, const lessons::LatentSpec& spec);

  const lessons::LatentSpec& spec() const { return spec_; }
  const LatentSearch& search() const { return *search_; }
  LatentSearch& search() { return *search_; }
  const LatentModels& models() const { return *models_; }
  // The best code's z after each update (path()[0]: the start), noise_dim floats each.
  const std::vector<float>& path() const { return view_.path; }
  // The best code's reconstruction G(z): 784 values.
  const float* reconstruction() const;

  RunKind kind() const override { return RunKind::Latent; }
  std::int64_t iteration() const override { return search_ ? search_->state().updates : 0; }
  bool at_iteration_start() const override { return true; }
  bool at_update_end() const override { return true; }
  bool step_unit() override;
  std::string error() const override { return error_; }
  lessons::Observation observe() const override;
  HistoryPoint history_point() const override;
  std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) override;
  std::unique_ptr<RunState> save() const override;
  void restore(const RunState& state) override;
  std::size_t snapshot_budget() const override { return 64; }
  std::string state_hash_hex() const override { return search_ ? search_->state_hash_hex() : "0000000000000000"; }
  const LatentView* latent_view() const override { return search_ && error_.empty() ? &view_ : nullptr; }

 private:
  std::string rebuild(const lessons::LatentSpec& spec);  // a fresh search at update 0
  void record();       // the best code onto the path, and the view
  void update_view();  // the view's loss, reconstruction and target

  std::shared_ptr<LatentModels> models_;
  lessons::LatentSpec spec_;
  std::unique_ptr<LatentSearch> search_;
  LatentView view_;  // path: the best code after each update
  std::string error_;
};

// Updates until the best code's loss is below spec.loss_target (-1: not
// within max_updates), from random codes and from the encoder's guess.
struct UpdatesToTarget {
  int random = -1, encoder = -1;
  double start_random = 0, start_encoder = 0;  // the loss before the first update
  double end_random = 0, end_encoder = 0;      // the loss where it stopped
};
UpdatesToTarget updates_to_target(std::shared_ptr<LatentModels> models, lessons::LatentSpec spec, int max_updates);

}  // namespace ganstep::run
