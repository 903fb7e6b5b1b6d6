// The models a lesson starts from, trained once at set-up (`ganstep models`,
// run by the build) and cached like the quality classifier
// (engine/io/file_cache.h), in classifier_cache_dir():
//   gan-<hash>.gsck        an image lesson's run after its [training]
//                          iterations: a checkpoint (image_checkpoint.h)
//   encoder-<hash>.gsenc   the find-latent encoder (latent_encoder.h),
//                          trained on that G's samples
// The keys name the lesson's networks and settings as a checkpoint writes
// them (checkpoint_spec_text, checkpoint_config_text), its iterations, the
// data (image count and FNV-1a 64 of images and labels) and the code: the
// state hash of the same run after kFingerprintIterations iterations, so
// code that computes other bits never loads an old model. Training is
// deterministic (exact mode: the same bits on any thread count, natively and
// in WebAssembly), so a cached model is the one the lesson would train.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/gan/latent_encoder.h"
#include "engine/gan/trainer.h"
#include "engine/io/file_cache.h"

namespace ganstep {

constexpr int kFingerprintIterations = 2;

// An image lesson's run, trained for `iterations`.
struct GanRecipe {
  std::string lesson_id;
  ImageGanSpec spec;
  GanConfig config;
  std::int64_t iterations = 0;
  std::shared_ptr<const LabeledImages> data;
};

// The cache key (trains kFingerprintIterations iterations); "" and an error
// when the recipe does not build.
std::string gan_recipe_key(const GanRecipe& r, std::string& error);

using Notice = std::function<void(const std::string&)>;
// progress(iterations done, of total) every 100 iterations while training.
using Progress = std::function<void(std::int64_t, std::int64_t)>;

// The recipe's trained run: loaded from `dir`, or (train) trained and saved
// there. out holds it. "" or an error (no cached model and !train; a recipe
// that does not build; a run that diverged).
std::string cached_gan(const GanRecipe& r, const std::string& dir, bool train, std::unique_ptr<Trainer>& out,
                       const Notice& notice, const Progress& progress = nullptr, CacheResult* result = nullptr);
// The recipes' trained runs in `dir`, each one not yet cached trained and
// saved there (as cached_gan, the same bits), up to thread_count() of them at
// once, each run on one thread: a batch-32 step gains little from a second
// thread, two runs side by side gain twice. Recipes with the same key train
// once. notice names each run's progress every 500 iterations. "" or the
// first error (the other runs still finish and are cached).
std::string cache_gans(const std::vector<GanRecipe>& recipes, const std::string& dir, const Notice& notice);
// Trains the recipe from scratch (no cache): what `--from-scratch` and the player's button do.
std::string train_gan(const GanRecipe& r, std::unique_ptr<Trainer>& out, const Progress& progress = nullptr);

// The encoder for a trained G (gan_key: gan_recipe_key of its run): loaded
// from `dir`, or (train) trained and saved there.
std::string encoder_key(const EncoderConfig& c, const std::string& gan_key);
std::string cached_encoder(const std::string& gan_key, Sequential& g, const std::string& dir, bool train,
                           LatentEncoder& out, const Notice& notice, CacheResult* result = nullptr);

}  // namespace ganstep
