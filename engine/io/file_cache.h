// A file made once and kept: a trained model cached by a key that names
// everything it was made from (settings, data, code). The file's name holds a
// hash of the key (DIR/STEM-<16 hex digits>.EXT), so files for several keys
// live side by side; the loader checks the key inside the file too. A file
// that does not load (corrupt, foreign) is made again and replaced, with a
// notice; writes are atomic; a file that cannot be written is a notice, not
// an error (the made bytes are still used). The classifier of the quality
// metric (engine/gan/classifier_cache.h) and the lessons' starting models
// (engine/gan/starting_models.h) are kept this way.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ganstep {

// DIR/STEM-<16 hex digits of the key's FNV-1a 64>.EXT
std::string cache_file_path(const std::string& dir, const std::string& stem, const std::string& ext,
                            const std::string& key);

struct CacheResult {
  std::string path;
  bool trained = false;  // false: loaded from the cache
  double seconds = 0;    // time to make it, when made
};

struct FileCacheSpec {
  std::string dir, stem, ext, key;
  std::size_t max_bytes = 0;
  std::string again;  // the notice's end when a file does not load: "training the classifier again"
  std::string what;   // "the classifier": in "cannot cache the classifier: ..."
};
// Loads the cached file with load (bytes, the path for messages; "" when it
// is usable), else make() fills the bytes (and the caller's model: "" or an
// error, returned as is) and they are saved in spec.dir (made if needed, not
// its parents). notice gets one-line messages.
std::string cached_file(const FileCacheSpec& spec,
                        const std::function<std::string(const std::vector<std::uint8_t>&, const std::string&)>& load,
                        const std::function<std::string(std::vector<std::uint8_t>&)>& make,
                        const std::function<void(const std::string&)>& notice, CacheResult* result = nullptr);

}  // namespace ganstep
