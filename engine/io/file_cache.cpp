#include "engine/io/file_cache.h"

#include <chrono>

#include "engine/core/tensor.h"  // fnv1a_bytes, hash_hex
#include "engine/io/bytes.h"

namespace ganstep {

std::string cache_file_path(const std::string& dir, const std::string& stem, const std::string& ext,
                            const std::string& key) {
  return dir + "/" + stem + "-" + hash_hex(fnv1a_bytes(kFnvOffset, key.data(), key.size())) + "." + ext;
}

std::string cached_file(const FileCacheSpec& spec,
                        const std::function<std::string(const std::vector<std::uint8_t>&, const std::string&)>& load,
                        const std::function<std::string(std::vector<std::uint8_t>&)>& make,
                        const std::function<void(const std::string&)>& notice, CacheResult* result) {
  auto say = [&](const std::string& s) {
    if (notice) notice(s);
  };
  const std::string path = cache_file_path(spec.dir, spec.stem, spec.ext, spec.key);
  if (result) *result = CacheResult{path, false, 0.0};
  if (path_exists(path)) {
    std::vector<std::uint8_t> bytes;
    std::string e = read_file_bytes(path, spec.max_bytes, bytes);
    if (e.empty()) e = load(bytes, path);
    if (e.empty()) return "";
    say(e + "; " + spec.again);
  }
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::uint8_t> bytes;
  std::string e = make(bytes);
  if (!e.empty()) return e;
  if (result) {
    result->trained = true;
    result->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  // `dir` itself, never its parents: a default folder whose parent is
  // absent (e.g. /assets under node) is not made up.
  e = make_dir(spec.dir);
  if (e.empty()) e = write_file_atomic(path, bytes.data(), bytes.size());
  if (!e.empty()) say("cannot cache " + spec.what + ": " + e);
  return "";
}

}  // namespace ganstep
