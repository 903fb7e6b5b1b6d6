// `ganstep bench dcgan`: the speed of full image-GAN iterations.
//   Each repeat builds a fresh trainer on random images (the data's values do
//   not change the work), runs one warm-up iteration (buffers reach their
//   steady size), then times --iterations iterations. Reported: the median
//   seconds per iteration over the repeats, images/s (batch / seconds), the
//   exact FLOP count of one iteration (iteration_flops: 2 per multiply-add of
//   every dense and convolution product the trainer runs) and the GFLOP/s it
//   implies, and the process's peak resident set size (getrusage).
//   tests/bench/dcgan_torch.py prints the same line for PyTorch.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/gan/trainer.h"
#include "engine/io/json.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {

int image_bench_command(const BenchOptions& o, const lessons::Lesson& lesson) {
  const ImageGanSpec& spec = *lesson.image;
  GanConfig config = lesson.config;
  config.batch = o.batch;
  const long long iterations = o.has_iterations ? o.iterations : 5;
  const int repeats = o.has_repeats ? o.repeats : 3;
  if (o.batch < 1 || o.batch > 4096 || iterations < 1 || repeats < 1) {
    std::fprintf(stderr, "ganstep: error: --batch must be in 1..4096, --iterations and --repeats >= 1\n");
    return 2;
  }
  if (!set_threads(o.threads)) return 2;
  auto data = std::make_shared<LabeledImages>();
  const std::size_t n = 1024, dim = std::size_t(spec.shape.size());
  data->images = Tensor2::from_shape({n, dim});
  Rng rng(12345, 7);
  rng.fill_uniform(data->images.data(), static_cast<int>(n * dim), -1.0f, 1.0f);
  data->labels.assign(n, 0);

  std::vector<double> secs;
  for (int r = 0; r < repeats; ++r) {
    Trainer t(spec, config, data);
    if (!t.ok()) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 1;
    }
    t.step_iteration();  // warm-up
    const auto t0 = std::chrono::steady_clock::now();
    if (!t.step_iterations(iterations)) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 3;
    }
    secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / double(iterations));
    if (!o.json) std::printf("repeat %d: %.4f s/iteration\n", r + 1, secs.back());
    std::fflush(stdout);
  }
  std::sort(secs.begin(), secs.end());
  const double median = secs[secs.size() / 2];
  const double flops = iteration_flops(spec, config.noise_dim, config.batch);
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  const double rss_mib = double(ru.ru_maxrss) / 1024.0;  // Linux: KiB
  const double ips = config.batch / median, gflops = flops / median / 1e9;
  if (o.json) {
    Json j;
    j.field("bench", o.preset).field("lesson", lesson.id).field("batch", config.batch).field("threads", o.threads);
    j.field("repeats", repeats).field("iterations", iterations);
    j.field("median_s_per_iteration", median).field("min", secs.front()).field("max", secs.back());
    j.field("images_per_s", ips).field("gflop_per_iteration", flops / 1e9).field("gflop_per_s", gflops);
    j.field("peak_rss_mib", rss_mib);
    std::printf("%s\n", j.str().c_str());
  } else {
    std::printf("%s (%s) batch %d threads %d: median %.4f s/iteration over %d repeats of %lld (min %.4f, max %.4f); "
                "%.1f images/s; %.2f GFLOP/iteration, %.1f GFLOP/s; peak RSS %.0f MiB\n",
                o.preset.c_str(), lesson.id.c_str(), config.batch, o.threads, median, repeats, iterations,
                secs.front(), secs.back(), ips, flops / 1e9, gflops, rss_mib);
  }
  return 0;
}

}  // namespace ganstep::cli

namespace ganstep::cli {

bool set_threads(int threads) {
  if (threads < 0 || threads > 256) {
    std::fprintf(stderr, "ganstep: error: --threads %d is out of range 0..256 (0: all cores)\n", threads);
    return false;
  }
  set_thread_count(threads);  // 0: all cores; the web build always runs on one
  return true;
}

}  // namespace ganstep::cli
