#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "lessons/format/library.h"
#include "native/cli/commands.h"
#include "native/cli/image_commands.h"
#include "engine/io/json.h"

namespace ganstep::cli {

int bench_command(const BenchOptions& o) {
  if (o.preset == "peak") return peak_bench_command(o);
  const Preset* p = find_preset(o.preset);
  if (!p) {
    // an image lesson ("dcgan" is the standard DCGAN, mnist-dcgan)
    lessons::LoadResult found = lessons::find_lesson(o.preset == "dcgan" ? "mnist-dcgan" : o.preset);
    if (found.ok() && found.lesson.image) return image_bench_command(o, found.lesson);
    std::fprintf(stderr, "ganstep: error: unknown preset \"%s\"\n", o.preset.c_str());
    return 1;
  }
  if (o.iterations < 1 || o.repeats < 1) {
    std::fprintf(stderr, "ganstep: error: --iterations and --repeats must be >= 1\n");
    return 2;
  }
  std::vector<double> rates;
  for (int r = 0; r < o.repeats; ++r) {
    Trainer t(p->config);
    t.step_iterations(10);  // warm-up: buffers reach their steady-state size
    auto t0 = std::chrono::steady_clock::now();
    if (!t.step_iterations(o.iterations)) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 3;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    rates.push_back(static_cast<double>(o.iterations) / secs);
    if (!o.json) std::printf("repeat %d: %.0f iterations/s\n", r + 1, rates.back());
  }
  std::sort(rates.begin(), rates.end());
  const double median = rates[rates.size() / 2];
  if (o.json) {
    Json j;
    j.field("preset", o.preset).field("iterations", o.iterations).field("repeats", o.repeats);
    j.field("median_iterations_per_s", median).field("min", rates.front()).field("max", rates.back());
    std::printf("%s\n", j.str().c_str());
  } else {
    std::printf("%s: median %.0f iterations/s over %d repeats of %lld (min %.0f, max %.0f)\n",
                o.preset.c_str(), median, o.repeats, o.iterations, rates.front(), rates.back());
  }
  return 0;
}

}  // namespace ganstep::cli
