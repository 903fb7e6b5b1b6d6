// Times the engine's GEMM (not a test; not run by CI):
//   ganstep_bench_gemm [M N K] [--threads T] [--form nn|tn|nt] [--kernel I] [--repeats R]
// Prints the median time and GFLOP/s (2 M N K flops per product). The
// default shape, 64 x 3136 x 3200, is the DCGAN's first transposed
// convolution's size class (Cout, batch 64 x 7 x 7 pixels, Cin x 5 x 5).
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
  int pos = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (a == "--form" && i + 1 < argc)
      form = argv[++i];
    else if (a == "--kernel" && i + 1 < argc)
      kernel = std::atoi(argv[++i]);
    else if (a == "--repeats" && i + 1 < argc)
      repeats = std::max(1, std::atoi(argv[++i]));
    else if (pos < 3 && std::atoi(a.c_str()) > 0)
      (pos == 0 ? M : pos == 1 ? N : K) = std::atoi(a.c_str()), ++pos;
    else {
      std::fprintf(stderr, "usage: %s [M N K] [--threads T] [--form nn|tn|nt] [--kernel I] [--repeats R]\n",
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
  std::vector<double> times;
  for (int r = 0; r < repeats + 1; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    if (form == "nn") gemm_nn(M, N, K, A.data(), B.data(), C.data(), false);
    if (form == "tn") gemm_tn(M, N, K, A.data(), B.data(), C.data(), false);
    if (form == "nt") gemm_nt(M, N, K, A.data(), B.data(), C.data(), false);
    const auto t1 = std::chrono::steady_clock::now();
    if (r > 0) times.push_back(std::chrono::duration<double>(t1 - t0).count());  // the first warms up
  }
  std::sort(times.begin(), times.end());
  const double t = times[times.size() / 2];
  std::printf("gemm_%s M=%d N=%d K=%d threads=%d kernel=%s: median %.3f ms, %.1f GFLOP/s (best %.1f)\n",
              form.c_str(), M, N, K, thread_count(), gemm_detail::gemm_kernel_name(shown), t * 1e3,
              2.0 * M * N * K / t * 1e-9, 2.0 * M * N * K / times[0] * 1e-9);
  return 0;
}
