// Times the engine's GEMM (not a test; not run by CI):
//   ganstep_bench_gemm [M N K] [--threads T] [--form nn|tn|nt] [--kernel I] [--repeats R] [--fast] [--peak]
// --fast: fast mode's kernel (FMA); --peak: also the measured FMA peak and the share.
// Prints the median time and GFLOP/s (2 M N K flops per product). The
// default shape, 64 x 3136 x 3200, is the DCGAN's first transposed
// convolution's size class (Cout, batch 64 x 7 x 7 pixels, Cin x 5 x 5).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/gemm.h"
#include "engine/core/gemm_blocked.h"
#include "engine/core/parallel.h"
#include "engine/core/rng.h"

using namespace ganstep;

int main(int argc, char** argv) {
  int M = 64, N = 3136, K = 3200, threads = 0, repeats = 15, kernel = -1;
  std::string form = "nn";
  bool fast = false, peak = false;
  int pos = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (a == "--form" && i + 1 < argc)
      form = argv[++i];
    else if (a == "--kernel" && i + 1 < argc)
      kernel = std::atoi(argv[++i]);
    else if (a == "--fast")
      fast = true;
    else if (a == "--peak")
      peak = true;
    else if (a == "--repeats" && i + 1 < argc)
      repeats = std::max(1, std::atoi(argv[++i]));
    else if (pos < 3 && std::atoi(a.c_str()) > 0)
      (pos == 0 ? M : pos == 1 ? N : K) = std::atoi(a.c_str()), ++pos;
    else {
      std::fprintf(stderr, "usage: %s [M N K] [--threads T] [--form nn|tn|nt] [--kernel I] [--repeats R] [--fast] [--peak]\n",
                   argv[0]);
      return 2;
    }
  }
  if (form != "nn" && form != "tn" && form != "nt") {
    std::fprintf(stderr, "unknown --form %s (nn, tn or nt)\n", form.c_str());
    return 2;
  }
  set_thread_count(threads);
  gemm_detail::gemm_force_kernel(kernel);
  const int shown = kernel >= 0 && kernel < gemm_detail::gemm_kernel_count() ? kernel : 0;
  std::vector<float> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N),
      C(static_cast<std::size_t>(M) * N);
  Rng rng(1, 1);
  for (auto& v : A) v = rng.uniform(-1, 1);
  for (auto& v : B) v = rng.uniform(-1, 1);
  const MathMode mode = fast ? MathMode::Fast : MathMode::Exact;
  std::vector<double> times;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  };
  double cpu0 = 0;
  for (int r = 0; r < repeats + 1; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    if (form == "nn") gemm_nn(M, N, K, A.data(), B.data(), C.data(), false, mode);
    if (form == "tn") gemm_tn(M, N, K, A.data(), B.data(), C.data(), false, mode);
    if (form == "nt") gemm_nt(M, N, K, A.data(), B.data(), C.data(), false, mode);
    const auto t1 = std::chrono::steady_clock::now();
    if (r > 0) times.push_back(std::chrono::duration<double>(t1 - t0).count());  // the first warms up
    if (r == 0) cpu0 = cpu_now();
  }
  const double cpu = (cpu_now() - cpu0) / repeats;  // CPU seconds per product, all threads
  std::sort(times.begin(), times.end());
  const double t = times[times.size() / 2];
  std::printf("gemm_%s M=%d N=%d K=%d threads=%d kernel=%s: median %.3f ms, %.1f GFLOP/s (best %.1f)\n",
              form.c_str(), M, N, K, thread_count(), fast ? gemm_fast_kernel_name() : gemm_detail::gemm_kernel_name(shown),
              t * 1e3, 2.0 * M * N * K / t * 1e-9, 2.0 * M * N * K / times[0] * 1e-9);
  std::printf("per CPU-second (all threads; steadier on a shared machine): %.1f GFLOP/s per thread\n",
              2.0 * M * N * K / cpu * 1e-9);
  if (peak) {
    const double p = fma_peak_gflops(1.0);
    std::printf("FMA peak %.1f GFLOP/s on %d threads: %.0f%% (median), %.0f%% (best)\n", p, thread_count(),
                2.0 * M * N * K / t * 1e-9 / p * 100, 2.0 * M * N * K / times[0] * 1e-9 / p * 100);
  }
  return 0;
}
