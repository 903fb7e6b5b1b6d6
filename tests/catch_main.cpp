// The Catch2 runner of every test program (ganstep_tests, the game, lesson,
// run and player tests), compiled once: Catch2's implementation alone takes
// about 20 s to compile.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>

#include "engine/gan/classifier_cache.h"

int main(int argc, char* argv[]) {
  // As the shells do (native/shell_env.h): where the quality classifier and
  // the lessons' starting models are cached (find-latent loads them).
  if (const char* dir = std::getenv("GANSTEP_CACHE_DIR")) ganstep::set_classifier_cache_dir(dir);
  return Catch::Session().run(argc, argv);
}
