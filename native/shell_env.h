// The environment variables the native shells (ganstep, ganstep-player, and
// the wasm CLI under node) pass to the engine, which reads no environment:
//   GANSTEP_MAX_MEMORY  the memory limit (engine/gan/resources.h)
//   GANSTEP_ASSETS      the assets folder (engine/gan/image_data.h)
//   GANSTEP_CACHE_DIR   the classifier cache's folder (engine/gan/classifier_cache.h)
#pragma once

#include <cstdlib>
#include <string>

#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_data.h"
#include "engine/gan/resources.h"

namespace ganstep::native {

// "" or a message naming the variable that is wrong.
inline std::string apply_environment() {
  auto env = [](const char* name) {
    const char* v = std::getenv(name);
    return std::string(v ? v : "");
  };
  set_assets_dir(env("GANSTEP_ASSETS"));
  set_classifier_cache_dir(env("GANSTEP_CACHE_DIR"));
  return set_memory_limit_from(std::getenv("GANSTEP_MAX_MEMORY"));
}

}  // namespace ganstep::native
