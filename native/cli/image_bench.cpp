// `ganstep bench dcgan`: the speed of full image-GAN iterations.
//   Each repeat builds a fresh trainer on random images (the data's values do
//   not change the work), runs one warm-up iteration (buffers reach their
//   steady size), then times --iterations iterations. Reported: the median
//   seconds per iteration over the repeats, images/s (batch / seconds), the
//   exact FLOP count of one iteration (iteration_flops: 2 per multiply-add of
//   every dense and convolution product the trainer runs) and the GFLOP/s it
//   implies, and the process's peak resident set size (getrusage).
//   tests/bench/dcgan_torch.py prints the same line for PyTorch. With
//   fast mode's kernels built in, the machine's FMA peak is measured too (as
//   `ganstep bench peak`: a register-only loop on the same threads) and the
//   GFLOP/s are given as a share of it (the whole iteration: every layer and
//   wait counts). The GEMM-only line is the products' own speed: their
//   operations over the CPU seconds spent inside them on all threads
//   (gemm.h's clock), against the peak per thread. --profile adds each layer's forward
//   and backward milliseconds per iteration (the last repeat), wall and CPU
//   (all threads: steadier on a shared machine), and its products'
//   thread-milliseconds and GFLOP per thread-second.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "engine/core/gemm.h"
#include "engine/core/gemm_blocked.h"
#include "engine/core/parallel.h"
#include "engine/gan/trainer.h"
#include "engine/io/json.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {

namespace {

double process_cpu_seconds() {  // all threads
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// One line per layer: milliseconds per iteration forward and backward, wall and CPU (all
// its calls: D runs on 2m rows in the D-step and on m in the G-step), and of those the
// GEMM's CPU milliseconds (all threads) and its GFLOP per CPU second (the products' own speed).
void print_profile(Trainer& t, const Sequential::LayerTimes& g, const Sequential::LayerTimes& d, long long iterations) {
  std::printf("%-4s %-52s %9s %9s %9s %9s %9s %9s %8s %8s\n", "net", "layer", "fwd ms/it", "bwd ms/it", "fwd CPU",
              "bwd CPU", "fwd GEMM", "bwd GEMM", "fwd GF/s", "bwd GF/s");
  double total = 0, total_cpu = 0, total_gemm = 0;
  const double per = 1e3 / double(iterations);
  auto rate = [](double flops, double secs) { return secs > 0 ? flops / secs / 1e9 : 0.0; };
  for (int which = 0; which < 2; ++which) {
    Sequential& net = which == 0 ? t.generator() : t.discriminator();
    const Sequential::LayerTimes& times = which == 0 ? g : d;
    for (std::size_t i = 0; i < net.size(); ++i) {
      const double f = times.forward[i] * per, b = times.backward[i] * per;
      const double fc = times.forward_cpu[i] * per, bc = times.backward_cpu[i] * per;
      const double fg = times.forward_gemm[i] * per, bg = times.backward_gemm[i] * per;
      total += f + b;
      total_cpu += fc + bc;
      total_gemm += fg + bg;
      std::printf("%-4s %-52.52s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %8.0f %8.0f\n", which == 0 ? "G" : "D",
                  net.layer(i).describe().c_str(), f, b, fc, bc, fg, bg,
                  rate(times.forward_gemm_flops[i], times.forward_gemm[i]),
                  rate(times.backward_gemm_flops[i], times.backward_gemm[i]));
    }
  }
  std::printf("layers total %.1f ms/iteration (CPU, all threads: %.1f ms; in GEMM: %.1f CPU ms)\n", total,
              total_cpu, total_gemm);
}

}  // namespace

int image_bench_command(const BenchOptions& o, const lessons::Lesson& lesson) {
  const ImageGanSpec& spec = *lesson.image;
  GanConfig config = lesson.config;
  config.batch = o.batch;
  if (o.fast) {
    const std::string e = apply_setting(config, "mode", "fast");
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --fast: %s\n", e.c_str());
      return 2;
    }
  }
  const long long iterations = o.has_iterations ? o.iterations : 5;
  const int repeats = o.has_repeats ? o.repeats : 3;
  if (o.batch < 1 || o.batch > 4096 || iterations < 1 || repeats < 1) {
    std::fprintf(stderr, "ganstep: error: --batch must be in 1..4096, --iterations and --repeats >= 1\n");
    return 2;
  }
  if (!set_threads(o.threads)) return 2;
  if (!o.gemm_kernel.empty()) {
    int which = -1;
    std::string names;
    for (int k = 0; k < gemm_detail::gemm_kernel_count(); ++k) {
      names += std::string(k ? ", " : "") + gemm_detail::gemm_kernel_name(k);
      if (o.gemm_kernel == gemm_detail::gemm_kernel_name(k)) which = k;
    }
    if (which < 0) {
      std::fprintf(stderr, "ganstep: error: --gemm-kernel %.80s is not one of this machine's (%s)\n", o.gemm_kernel.c_str(),
                   names.c_str());
      return 2;
    }
    gemm_detail::gemm_force_kernel(which);
  }
  auto data = std::make_shared<LabeledImages>();
  const std::size_t n = 1024, dim = std::size_t(spec.shape.size());
  data->images = Tensor2::from_shape({n, dim});
  Rng rng(12345, 7);
  rng.fill_uniform(data->images.data(), static_cast<int>(n * dim), -1.0f, 1.0f);
  data->labels.assign(n, 0);

  std::vector<double> secs, cpu;  // wall and CPU (all threads) seconds per iteration
  std::vector<double> gemm_secs;  // CPU seconds (all threads) per iteration inside the products (gemm.h's clock)
  double gemm_flops = 0;          // the products' operations per iteration, as the clock counted them
  gemm_clock_enable(true);
  Sequential::LayerTimes g_times, d_times;
  for (int r = 0; r < repeats; ++r) {
    Trainer t(spec, config, data);
    if (!t.ok()) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 1;
    }
    t.step_iteration();  // warm-up
    if (o.profile && r + 1 == repeats) {
      t.generator().set_profile(&g_times);
      t.discriminator().set_profile(&d_times);
    }
    const GemmClock g0 = gemm_clock_read();
    const double c0 = process_cpu_seconds();
    const auto t0 = std::chrono::steady_clock::now();
    if (!t.step_iterations(iterations)) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 3;
    }
    secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / double(iterations));
    cpu.push_back((process_cpu_seconds() - c0) / double(iterations));
    const GemmClock g1 = gemm_clock_read();
    gemm_secs.push_back((g1.thread_seconds - g0.thread_seconds) / double(iterations));
    gemm_flops = (g1.flops - g0.flops) / double(iterations);
    if (!o.json) std::printf("repeat %d: %.4f s/iteration (CPU %.4f s)\n", r + 1, secs.back(), cpu.back());
    if (o.profile && r + 1 == repeats) print_profile(t, g_times, d_times, iterations);
    std::fflush(stdout);
  }
  gemm_clock_enable(false);
  std::sort(secs.begin(), secs.end());
  std::sort(cpu.begin(), cpu.end());
  std::sort(gemm_secs.begin(), gemm_secs.end());
  const double gemm_s = gemm_secs[gemm_secs.size() / 2];
  const double median = secs[secs.size() / 2];
  const double flops = iteration_flops(spec, config.noise_dim, config.batch);
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  const double rss_mib = double(ru.ru_maxrss) / 1024.0;  // Linux: KiB
  const double ips = config.batch / median, gflops = flops / median / 1e9;
  const double peak = fma_peak_gflops(0.5);  // 0 without FMA kernels (then no share is printed)
  if (o.json) {
    Json j;
    j.field("bench", o.preset).field("lesson", lesson.id).field("batch", config.batch).field("threads", o.threads);
    j.field("repeats", repeats).field("iterations", iterations);
    j.field("median_s_per_iteration", median).field("min", secs.front()).field("max", secs.back());
    j.field("images_per_s", ips).field("gflop_per_iteration", flops / 1e9).field("gflop_per_s", gflops);
    j.field("cpu_s_per_iteration", cpu[cpu.size() / 2]);
    j.field("peak_rss_mib", rss_mib).field("mode", math_mode_name(config.mode));
    if (!o.gemm_kernel.empty()) j.field("gemm_kernel", o.gemm_kernel);
    j.field("gemm_gflop_per_iteration", gemm_flops / 1e9).field("gemm_cpu_s_per_iteration", gemm_s);
    j.field("gemm_gflop_per_cpu_s", gemm_flops / gemm_s / 1e9);
    if (peak > 0) {
      j.field("fma_peak_gflop_per_s", peak).field("share_of_peak", gflops / peak);
      j.field("gemm_share_of_thread_peak", gemm_flops / 1e9 / gemm_s / (peak / thread_count()));
    }
    std::printf("%s\n", j.str().c_str());
  } else {
    std::printf("%s (%s) batch %d threads %d mode %s%s%s: median %.4f s/iteration over %d repeats of %lld (min %.4f, "
                "max %.4f); %.1f images/s; %.2f GFLOP/iteration, %.1f GFLOP/s",
                o.preset.c_str(), lesson.id.c_str(), config.batch, thread_count(), math_mode_name(config.mode),
                o.gemm_kernel.empty() ? "" : " gemm kernel ", o.gemm_kernel.c_str(), median,
                repeats, iterations, secs.front(), secs.back(), ips, flops / 1e9, gflops);
    if (peak > 0) std::printf(" (%.0f%% of the measured %.0f GFLOP/s FMA peak)", gflops / peak * 100, peak);
    std::printf("; CPU %.4f s/iteration (all threads); peak RSS %.0f MiB\n", cpu[cpu.size() / 2], rss_mib);
    // The products alone: their operations over the thread-seconds spent in them
    // (packing, fused gathers, kernel, epilogue; not the waits, not the other layers).
    std::printf("GEMM only: %.2f GFLOP/iteration in %.4f CPU s/iteration (%.0f%% of the iteration's CPU time), "
                "%.1f GFLOP per CPU second",
                gemm_flops / 1e9, gemm_s, gemm_s / cpu[cpu.size() / 2] * 100, gemm_flops / gemm_s / 1e9);
    if (peak > 0)
      std::printf(" (%.0f%% of the measured peak per thread, %.0f GFLOP/s)",
                  gemm_flops / 1e9 / gemm_s / (peak / thread_count()) * 100, peak / thread_count());
    std::printf("\n");
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

int peak_bench_command(const BenchOptions& o) {
  if (!set_threads(o.threads)) return 2;
  if (!gemm_fast_available()) {
    std::fprintf(stderr, "ganstep: error: bench peak needs AVX-512 or AVX2+FMA natively (this build or CPU has neither)\n");
    return 1;
  }
  const double seconds = o.has_iterations ? double(o.iterations) / 1000.0 : 2.0;  // --iterations: milliseconds
  const double peak = fma_peak_gflops(seconds < 0.05 ? 0.05 : seconds);
  if (o.json) {
    Json j;
    j.field("bench", "peak").field("threads", thread_count()).field("kernel", gemm_fast_kernel_name());
    j.field("fma_peak_gflop_per_s", peak);
    std::printf("%s\n", j.str().c_str());
  } else {
    std::printf("FMA peak (%s, %d threads, register-only loop): %.1f GFLOP/s\n", gemm_fast_kernel_name(), thread_count(),
                peak);
  }
  return 0;
}

}  // namespace ganstep::cli
