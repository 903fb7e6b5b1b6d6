#include "engine/gan/classifier_cache.h"

#include <algorithm>
#include <cstdlib>

#include "engine/gan/image_data.h"
#include "engine/io/bytes.h"
#include "engine/io/envelope.h"
#include "engine/gan/param_file.h"

namespace ganstep {
namespace {

constexpr std::size_t kMaxBytes = std::size_t(256) << 20;
const EnvelopeKind kClassifierKind{"GSCLSF01", "classifier file", 1, kMaxBytes};

}  // namespace

std::string classifier_cache_key(const ClassifierConfig& c, const LabeledImages& train) {
  std::uint64_t h = kFnvOffset;
  fnv1a_mix(h, train.images);
  h = fnv1a_bytes(h, train.labels.data(), train.labels.size());
  return describe(c) + "; data " + std::to_string(train.size()) + " images, fnv " + hash_hex(h);
}

std::vector<std::uint8_t> classifier_bytes(Classifier& net, const std::string& key) {
  return param_file_bytes(kClassifierKind, net.params(), key);
}

std::string load_classifier_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                  const std::string& key, Classifier& net) {
  return load_param_file_bytes(kClassifierKind, "classifier", bytes, size, name, key, net.params());
}

namespace {
std::string g_cache_dir;  // set_classifier_cache_dir's, "" for assets_dir() + "/data"
}  // namespace

void set_classifier_cache_dir(const std::string& dir) { g_cache_dir = dir; }

std::string classifier_cache_dir() { return g_cache_dir.empty() ? assets_dir() + "/data" : g_cache_dir; }

std::string classifier_cache_path(const std::string& dir, const std::string& key) {
  return cache_file_path(dir, "classifier", "gscls", key);
}

std::string load_cached_classifier(const LabeledImages& train, const ClassifierConfig& config,
                                   const std::string& dir, Classifier& net) {
  const std::string key = classifier_cache_key(config, train);
  const std::string path = classifier_cache_path(dir, key);
  if (!path_exists(path)) return path + ": no cached classifier";
  std::vector<std::uint8_t> bytes;
  std::string e = read_file_bytes(path, kMaxBytes, bytes);
  if (e.empty()) e = load_classifier_bytes(bytes.data(), bytes.size(), path, key, net);
  return e;
}

std::string cached_classifier(const LabeledImages& train, const ClassifierConfig& config,
                              const std::string& dir, Classifier& net,
                              const std::function<void(const std::string&)>& notice, CacheResult* result) {
  const std::string key = classifier_cache_key(config, train);
  const FileCacheSpec spec{dir, "classifier", "gscls", key, kMaxBytes, "training the classifier again", "the classifier"};
  auto load = [&](const std::vector<std::uint8_t>& bytes, const std::string& path) {
    return load_classifier_bytes(bytes.data(), bytes.size(), path, key, net);
  };
  auto make = [&](std::vector<std::uint8_t>& bytes) -> std::string {
    if (train.size() < std::size_t(config.batch) || train.images.shape()[1] != std::size_t(Classifier::kPixels))
      return "cannot train the quality classifier: it needs at least " + std::to_string(config.batch) +
             " 28x28 images, the data has " + std::to_string(train.size());
    const std::size_t used = std::min(train.size(), kMaxClassifierImages);
    if (notice)
      notice("training the quality classifier on " + std::to_string(used) + " images" +
             (used < train.size() ? " (the first of " + std::to_string(train.size()) + ")" : std::string()) + " (" +
             describe(config) + "); cached in " + classifier_cache_path(dir, key));
    train_classifier(net, train);
    bytes = classifier_bytes(net, key);
    return "";
  };
  return cached_file(spec, load, make, notice, result);
}

}  // namespace ganstep
