// The environment variables the native shells (ganstep, ganstep-player, and
// the wasm CLI under node) pass to the engine, which reads no environment:
//   GANSTEP_MAX_MEMORY  the memory limit (engine/gan/resources.h)
//   GANSTEP_ASSETS      the assets folder (engine/gan/image_data.h)
//   GANSTEP_CACHE_DIR   the classifier cache's folder (engine/gan/classifier_cache.h)
#pragma once

#include <cstdlib>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

// An image run's D sees 2m rows in its D-step and m in its G-step, so its
// activation buffers are freed and allocated again at every phase. glibc
// would hand buffers over 128 KiB back to the system each time (mmap, then
// zeroed pages on the next touch: a fifth of an iteration in page faults);
// keep them in the heap instead. Bits are unchanged: only where memory comes from.
inline void tune_allocator() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's largest: buffers up to 32 MiB come from the heap
  mallopt(M_TRIM_THRESHOLD, 256 << 20);  // and freed ones stay there for the next phase
#endif
}

}  // namespace ganstep::native
