#include "engine/gan/classifier_cache.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "engine/gan/image_data.h"
#include "engine/io/bytes.h"
#include "engine/io/envelope.h"

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
  ByteWriter w;
  begin_envelope(w, kClassifierKind, 1);
  w.str(key);
  const std::vector<Param> params = net.params();
  w.u32(static_cast<std::uint32_t>(params.size()));
  for (const Param& p : params) {
    w.str(p.name);
    w.u64(p.value->shape()[0]);
    w.u64(p.value->shape()[1]);
    w.floats(p.value->data(), p.value->size());
  }
  return end_envelope(w);
}

std::string load_classifier_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                  const std::string& key, Classifier& net) {
  std::uint32_t version = 0;
  ByteReader body(nullptr, 0);
  const std::string e = open_envelope(bytes, size, name, kClassifierKind, version, body);
  if (!e.empty()) return e;
  const std::string file_key = body.str(1 << 16);
  if (body.failed()) return name + ": corrupt classifier file (its key runs past the end)";
  if (file_key != key) return name + ": made for another classifier or data (" + file_key + ")";
  const std::vector<Param> params = net.params();
  const std::uint32_t count = body.u32();
  if (count != params.size())
    return name + ": holds " + std::to_string(count) + " tensors, the classifier has " +
           std::to_string(params.size());
  // Check every name and shape before copying anything.
  for (int pass = 0; pass < 2; ++pass) {
    ByteReader t = body;
    for (const Param& p : params) {
      const std::string pname = t.str(1000);
      const std::uint64_t rows = t.u64(), cols = t.u64();
      if (t.failed()) return name + ": corrupt classifier file (tensor " + p.name + " runs past the end)";
      if (pname != p.name || rows != p.value->shape()[0] || cols != p.value->shape()[1])
        return name + ": tensor " + pname + " " + std::to_string(rows) + "x" + std::to_string(cols) +
               " does not match the classifier's " + p.name;
      const std::size_t n = std::size_t(rows * cols);
      if (pass == 1)
        t.floats(p.value->data(), n);
      else
        t.skip(n * sizeof(float));
      if (t.failed()) return name + ": corrupt classifier file (tensor " + p.name + " runs past the end)";
    }
    if (t.remaining() != 0) return name + ": corrupt classifier file (bytes after the last tensor)";
  }
  return "";
}

namespace {
std::string g_cache_dir;  // set_classifier_cache_dir's, "" for assets_dir() + "/data"
}  // namespace

void set_classifier_cache_dir(const std::string& dir) { g_cache_dir = dir; }

std::string classifier_cache_dir() { return g_cache_dir.empty() ? assets_dir() + "/data" : g_cache_dir; }

std::string classifier_cache_path(const std::string& dir, const std::string& key) {
  return dir + "/classifier-" + hash_hex(fnv1a_bytes(kFnvOffset, key.data(), key.size())) + ".gscls";
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
  auto say = [&](const std::string& s) {
    if (notice) notice(s);
  };
  const std::string key = classifier_cache_key(config, train);
  const std::string path = classifier_cache_path(dir, key);
  if (result) *result = CacheResult{path, false, 0.0};
  if (path_exists(path)) {
    const std::string e = load_cached_classifier(train, config, dir, net);
    if (e.empty()) return "";
    say(e + "; training the classifier again");
  }
  if (train.size() < std::size_t(config.batch) || train.images.shape()[1] != std::size_t(Classifier::kPixels))
    return "cannot train the quality classifier: it needs at least " + std::to_string(config.batch) +
           " 28x28 images, the data has " + std::to_string(train.size());
  const std::size_t used = std::min(train.size(), kMaxClassifierImages);
  say("training the quality classifier on " + std::to_string(used) + " images" +
      (used < train.size() ? " (the first of " + std::to_string(train.size()) + ")" : std::string()) + " (" +
      describe(config) +
      "); cached in " + path);
  const auto t0 = std::chrono::steady_clock::now();
  train_classifier(net, train);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (result) {
    result->trained = true;
    result->seconds = secs;
  }
  const std::vector<std::uint8_t> bytes = classifier_bytes(net, key);
  // `dir` itself, never its parents: a default folder whose parent is
  // absent (e.g. /assets under node) is not made up.
  std::string e = make_dir(dir);
  if (e.empty()) e = write_file_atomic(path, bytes.data(), bytes.size());
  if (!e.empty()) say("cannot cache the classifier: " + e);
  return "";
}

}  // namespace ganstep
