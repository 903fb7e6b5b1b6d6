// `ganstep bench point [LESSON]` (and `ganstep bench PRESET`, its older
// spelling): the speed of a point GAN's iterations, the work of `ganstep run
// LESSON` without the lesson runtime around it.
//   LESSON is a preset (tiny-2d, the default: one hidden layer of 14 ReLU
//   units in G and D, batch 256) or any 1-D/2-D lesson (its settings). Each
//   repeat builds a fresh trainer, runs 10 warm-up iterations (buffers reach
//   their steady size) and times --iterations iterations. Printed: the median
//   iterations/s over the repeats, and the minimum and maximum, and the median
//   per second of the process's CPU time (std::clock: steadier than the wall
//   clock on a machine shared with other work; natively only, WebAssembly's
//   clock is the wall clock). The run is the
//   same exact-mode run as `ganstep run` (its state hash is printed too).
//   tests/bench/tiny_torch.py times the same GAN in PyTorch.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <vector>

#include "engine/core/text.h"
#include "engine/gan/trainer.h"
#include "engine/io/json.h"
#include "lessons/format/library.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {

int point_bench_command(const BenchOptions& o, const std::string& lesson) {
  if (o.iterations < 1 || o.repeats < 1) {
    std::fprintf(stderr, "ganstep: error: --iterations and --repeats must be >= 1\n");
    return 2;
  }
  lessons::LoadResult found = lessons::find_lesson(lesson);
  if (!found.ok()) return lesson_not_found(lesson, found);
  if (found.lesson.image || found.lesson.game) {
    std::fprintf(stderr, "ganstep: error: bench point times a 1-D or 2-D GAN; %s is %s (try `ganstep bench %s`)\n",
                 quote_input(lesson).c_str(), found.lesson.image ? "an image lesson" : "a [game] lesson",
                 found.lesson.image ? "dcgan --batch 64" : "point tiny-2d");
    return 2;
  }
  std::vector<double> rates, cpu_rates;
  std::string hash;
  for (int r = 0; r < o.repeats; ++r) {
    Trainer t(found.lesson.config);
    if (!t.ok()) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 1;
    }
    t.step_iterations(10);  // warm-up: buffers reach their steady-state size
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    if (!t.step_iterations(o.iterations)) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 3;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double cpu_secs = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    rates.push_back(static_cast<double>(o.iterations) / secs);
    cpu_rates.push_back(cpu_secs > 0 ? static_cast<double>(o.iterations) / cpu_secs : 0.0);
    hash = t.state_hash_hex();
    if (!o.json) std::printf("repeat %d: %.0f iterations/s\n", r + 1, rates.back());
    std::fflush(stdout);
  }
  std::sort(rates.begin(), rates.end());
  std::sort(cpu_rates.begin(), cpu_rates.end());
  const double median = rates[rates.size() / 2];
  const double cpu_median = cpu_rates[cpu_rates.size() / 2];
  if (o.json) {
    Json j;
    j.field("bench", "point").field("lesson", found.lesson.id).field("preset", found.lesson.id);
    j.field("iterations", o.iterations).field("repeats", o.repeats);
    j.field("median_iterations_per_s", median).field("min", rates.front()).field("max", rates.back());
#ifndef __EMSCRIPTEN__
    j.field("median_iterations_per_cpu_s", cpu_median);
#endif
    j.field("state_hash", hash);
    std::printf("%s\n", j.str().c_str());
  } else {
    std::printf("%s: median %.0f iterations/s over %d repeats of %lld (min %.0f, max %.0f)", found.lesson.id.c_str(),
                median, o.repeats, o.iterations, rates.front(), rates.back());
#ifndef __EMSCRIPTEN__
    std::printf(", %.0f per CPU second", cpu_median);
#else
    (void)cpu_median;
#endif
    std::printf("; state %s\n", hash.c_str());
  }
  return 0;
}

}  // namespace ganstep::cli
