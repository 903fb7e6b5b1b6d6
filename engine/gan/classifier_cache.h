// The quality metric's MNIST classifier (classifier.h), trained on first use
// and cached as a small file of its weights:
//   magic "GSCLSF01", version (uint32 LE), total size (uint64 LE), the key
//   (text), the tensor count, each tensor (name, rows, cols, float32 LE
//   data), a CRC-32 of all that precedes it.
// The key names the classifier's settings (describe(config)) and the training
// data (image count and an FNV-1a 64 hash of images and labels): a file made
// for other settings or other data is never used. The file name holds a hash
// of the key, so several can live side by side. Writes are atomic; a corrupt
// or foreign file is retrained and replaced, with a notice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/gan/classifier.h"
#include "engine/io/file_cache.h"  // CacheResult

namespace ganstep {

std::string classifier_cache_key(const ClassifierConfig& c, const LabeledImages& train);

// The file's bytes for a trained classifier.
std::vector<std::uint8_t> classifier_bytes(Classifier& net, const std::string& key);
// Restores the weights of a classifier built with the same config, checking
// magic, version, size, CRC, key, names and shapes first: on error `net` is
// untouched. "" or an error "NAME: ...".
std::string load_classifier_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                  const std::string& key, Classifier& net);

// Where caches go: the folder set_classifier_cache_dir gave (the shells pass
// $GANSTEP_CACHE_DIR), else assets_dir() + "/data".
std::string classifier_cache_dir();
void set_classifier_cache_dir(const std::string& dir);  // "": the default
// DIR/classifier-<16 hex digits of the key's hash>.gscls
std::string classifier_cache_path(const std::string& dir, const std::string& key);

// Loads the cached classifier for (config, train) from `dir` into `net`
// (built with `config`) without training. "" when loaded; else why not (no
// file, unreadable, corrupt or foreign), with `net` untouched.
std::string load_cached_classifier(const LabeledImages& train, const ClassifierConfig& config,
                                   const std::string& dir, Classifier& net);

// Loads the classifier for (config, train) from `dir`, or trains it on
// `train` and saves it there (creating `dir`, not its parents, if needed). `notice` receives
// one-line messages (training, a corrupt cache being replaced, a cache that
// cannot be written: the classifier is still usable). `net` must be built
// with `config`. "" or an error (only when there is nothing to train on).
std::string cached_classifier(const LabeledImages& train, const ClassifierConfig& config,
                              const std::string& dir, Classifier& net,
                              const std::function<void(const std::string&)>& notice,
                              CacheResult* result = nullptr);

}  // namespace ganstep
