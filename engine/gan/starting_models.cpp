#include "engine/gan/starting_models.h"

#include <algorithm>

#include "engine/core/parallel.h"
#include "engine/gan/image_checkpoint.h"
#include "engine/gan/param_file.h"

namespace ganstep {
namespace {

const EnvelopeKind kEncoderKind{"GSENCD01", "encoder file", 1, std::size_t(64) << 20};

std::string build(const GanRecipe& r, std::unique_ptr<Trainer>& out) {
  if (!r.data) return r.lesson_id + ": no training data";
  out = std::make_unique<Trainer>(r.spec, r.config, r.data);
  return out->ok() ? "" : r.lesson_id + ": " + out->error();
}

std::string diverged(const GanRecipe& r, const Trainer& t) { return r.lesson_id + ": " + t.error(); }

}  // namespace

std::string gan_recipe_key(const GanRecipe& r, std::string& error) {
  std::unique_ptr<Trainer> t;
  error = build(r, t);
  if (!error.empty()) return "";
  if (!t->step_iterations(kFingerprintIterations)) {
    error = diverged(r, *t);
    return "";
  }
  std::uint64_t h = kFnvOffset;
  fnv1a_mix(h, r.data->images);
  h = fnv1a_bytes(h, r.data->labels.data(), r.data->labels.size());
  return "lesson " + r.lesson_id + "\n" + checkpoint_spec_text(*t) + "\n" + checkpoint_config_text(r.config) +
         "\niterations " + std::to_string(r.iterations) + "\ndata " + std::to_string(r.data->size()) +
         " images, fnv " + hash_hex(h) + "\ncode " + t->state_hash_hex() + " after " +
         std::to_string(kFingerprintIterations) + " iterations";
}

std::string train_gan(const GanRecipe& r, std::unique_ptr<Trainer>& out, const Progress& progress) {
  std::unique_ptr<Trainer> t;
  std::string e = build(r, t);
  if (!e.empty()) return e;
  while (t->iteration() < r.iterations) {
    const std::int64_t n = std::min<std::int64_t>(100, r.iterations - t->iteration());
    if (!t->step_iterations(n)) return diverged(r, *t);
    if (progress) progress(t->iteration(), r.iterations);
  }
  out = std::move(t);
  return "";
}

std::string cached_gan(const GanRecipe& r, const std::string& dir, bool train, std::unique_ptr<Trainer>& out,
                       const Notice& notice, const Progress& progress, CacheResult* result) {
  std::string e;
  const std::string key = gan_recipe_key(r, e);
  if (!e.empty()) return e;
  const FileCacheSpec spec{dir, "gan", "gsck", key, kMaxCheckpointBytes, "training it again",
                           "the trained " + r.lesson_id};
  std::unique_ptr<Trainer> t;
  auto load = [&](const std::vector<std::uint8_t>& bytes, const std::string& path) -> std::string {
    std::unique_ptr<Trainer> fresh;
    std::string le = build(r, fresh);
    if (le.empty()) le = load_model_bytes(bytes.data(), bytes.size(), path, *fresh);
    if (le.empty() && fresh->iteration() != r.iterations)
      le = path + ": holds iteration " + std::to_string(fresh->iteration()) + ", not " + std::to_string(r.iterations);
    if (le.empty()) t = std::move(fresh);
    return le;
  };
  auto make = [&](std::vector<std::uint8_t>& bytes) -> std::string {
    if (!train)
      return "no trained " + r.lesson_id + " in " + dir + " (ganstep models trains it; " +
             cache_file_path(dir, "gan", "gsck", key) + ")";
    if (notice)
      notice("training " + r.lesson_id + " for " + std::to_string(r.iterations) + " iterations; cached in " +
             cache_file_path(dir, "gan", "gsck", key));
    std::string te = train_gan(r, t, progress);
    if (te.empty()) bytes = checkpoint_bytes(*t, r.lesson_id, CheckpointContent::Nets);  // a model: no optimizer
    return te;
  };
  e = cached_file(spec, load, make, notice, result);
  if (e.empty()) out = std::move(t);
  return e;
}

std::string cache_gans(const std::vector<GanRecipe>& recipes, const std::string& dir, const Notice& notice) {
  std::vector<const GanRecipe*> unique;
  std::vector<std::string> keys;
  for (const GanRecipe& r : recipes) {
    std::string e;
    const std::string key = gan_recipe_key(r, e);
    if (!e.empty()) return e;
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(key);
    unique.push_back(&r);
  }
  // The longest runs first, one more at a time than there are cores: with
  // as many as cores, the last run trained alone with a core idle (lesson 8's
  // two seeds side by side, then the growing G alone for 90 s).
  std::stable_sort(unique.begin(), unique.end(),
                   [](const GanRecipe* a, const GanRecipe* b) { return a->iterations > b->iterations; });
  std::vector<std::string> errors(unique.size());
  side_by_side(static_cast<int>(unique.size()), thread_count() + 1, [&](int i) {  // the engine's loops run serially
    const GanRecipe& r = *unique[std::size_t(i)];
    const std::string name = r.lesson_id + " (seed " + std::to_string(r.config.seed) + ")";
    Progress progress = [&](std::int64_t done, std::int64_t total) {
      if (notice && (done % 500 == 0 || done == total))
        notice(name + ": iteration " + std::to_string(done) + "/" + std::to_string(total));
    };
    std::unique_ptr<Trainer> t;
    errors[std::size_t(i)] = cached_gan(r, dir, true, t, notice, progress);
  });
  for (const std::string& e : errors)
    if (!e.empty()) return e;
  return "";
}

std::string encoder_key(const EncoderConfig& c, const std::string& gan_key) {
  return describe(c) + "\nfor G of\n" + gan_key;
}

std::string cached_encoder(const std::string& gan_key, Sequential& g, const std::string& dir, bool train,
                           LatentEncoder& out, const Notice& notice, CacheResult* result) {
  const std::string key = encoder_key(out.config(), gan_key);
  const FileCacheSpec spec{dir, "encoder", "gsenc", key, kEncoderKind.max_bytes, "training the encoder again",
                           "the encoder"};
  auto load = [&](const std::vector<std::uint8_t>& bytes, const std::string& path) {
    return load_param_file_bytes(kEncoderKind, "encoder", bytes.data(), bytes.size(), path, key, out.params());
  };
  auto make = [&](std::vector<std::uint8_t>& bytes) -> std::string {
    if (!train)
      return "no trained encoder in " + dir + " (ganstep models trains it; " +
             cache_file_path(dir, "encoder", "gsenc", key) + ")";
    if (notice) notice("training the encoder (" + describe(out.config()) + ")");
    train_encoder(out, g);
    bytes = param_file_bytes(kEncoderKind, out.params(), key);
    return "";
  };
  return cached_file(spec, load, make, notice, result);
}

}  // namespace ganstep
