// The image-GAN side of the CLI: `ganstep bench dcgan` (image_bench.cpp), `ganstep run`
// on an image lesson (image_run.cpp) and `ganstep quality` (quality_command.cpp).
#pragma once

#include <string>

#include "engine/gan/image_spec.h"
#include "lessons/format/lesson.h"
#include "native/cli/commands.h"

namespace ganstep::cli {

int image_bench_command(const BenchOptions& o, const lessons::Lesson& lesson);
// `ganstep bench peak`: the machine's FMA peak on --threads threads (image_bench.cpp).
int peak_bench_command(const BenchOptions& o);
int image_run_command(const RunOptions& o, const lessons::Lesson& lesson);

// Sets the engine's thread count (0: the default); false with a message on a bad value.
bool set_threads(int threads);

}  // namespace ganstep::cli
