// Fast mode's packed GEMM (engine/core/math_mode.h): the same kernel, packing,
// blocking and threads as gemm_blocked.cpp (gemm_blocked_impl.h), compiled
// here with -ffp-contract=fast (engine/CMakeLists.txt), so each
// `acc += a * b` is one fused multiply-add, for AVX-512 and AVX2+FMA chosen
// at run time. Without either, fast mode runs the exact kernel. Only this file
// is built that way; it is left out of the WebAssembly build.
//
// Each element's products are still added in ascending p, one FMA each, and K
// is never split across threads: the result depends on the instruction set
// (FMA vs multiply-then-add), never on the thread count.
//
// Also here: the register-only FMA loop that measures the machine's peak
// (ganstep bench peak), compiled for the same instruction sets.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <vector>

#include "engine/core/gemm.h"
#include "engine/core/gemm_blocked.h"
#include "engine/core/parallel.h"

#if !defined(__x86_64__) || !defined(__GNUC__) || defined(__EMSCRIPTEN__)
#error "gemm_fast.cpp is for x86-64 native builds (engine/CMakeLists.txt leaves it out elsewhere)"
#endif

namespace ganstep {
namespace gemm_detail {
namespace {

#include "engine/core/gemm_blocked_impl.h"

__attribute__((target("avx2,fma"))) GANSTEP_RANGE_FN(fast_avx2, V8, 6, 2)
// 8 x 48 (24 of the 32 zmm registers; three B loads and eight broadcasts per
// 24 FMAs): 10-20% faster than the exact kernel's 12 x 32 on the DCGAN's
// shapes, whose M (channels x kernel offsets) are multiples of 8. The tile
// does not change the bits: each element's products are summed in p order.
__attribute__((target("avx512f,fma"))) GANSTEP_RANGE_FN(fast_avx512, V16, 8, 3)

struct FastVariant {
  const char* name;
  RangeFn fn;
  PackFn pack;
  Index MR, NR;
};

FastVariant pick() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return {"avx512-fma", fast_avx512, fast_avx512_pack, 8, 48};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return {"avx2-fma", fast_avx2, fast_avx2_pack, 6, 16};
  return {nullptr, nullptr, nullptr, 0, 0};
}

const FastVariant& variant() {
  static const FastVariant v = pick();
  return v;
}

// ---- peak ----------------------------------------------------------------------

// n rounds of kAcc independent vector FMAs on registers (no memory traffic).
// Returns the value so the loop is not optimised away.
template <class V>
__attribute__((always_inline)) inline float fma_loop(long long n, float seed) {
  constexpr int kAcc = 12;  // enough independent chains to cover the FMA latency on both pipes
  V acc[kAcc];
  V mul, add;
  for (int j = 0; j < static_cast<int>(sizeof(V) / sizeof(float)); ++j) {
    mul[j] = 1.0f + seed * 1e-9f;
    add[j] = seed * 1e-9f;
  }
  for (int i = 0; i < kAcc; ++i) acc[i] = add * float(i);
  for (long long r = 0; r < n; ++r) {
    for (int i = 0; i < kAcc; ++i) acc[i] = acc[i] * mul + add;
    __asm__ volatile("" : "+x"(mul));  // keep mul opaque: no reassociation across rounds
  }
  float s = 0;
  for (int i = 0; i < kAcc; ++i) s += acc[i][0];
  return s;
}

__attribute__((target("avx512f,fma"))) float peak_avx512(long long n, float seed) {
  return fma_loop<V16>(n, seed);
}
__attribute__((target("avx2,fma"))) float peak_avx2(long long n, float seed) { return fma_loop<V8>(n, seed); }

}  // namespace

void gemm_blocked_fast(Index M, Index N, Index K, View A, View B, float* C, bool accumulate, const Epilogue* ep) {
  const FastVariant& v = variant();
  if (!v.fn || K == 0) {  // gemm.cpp sends fused products here only with the kernel and K > 0
    gemm_blocked(M, N, K, A, B, C, accumulate);
    return;
  }
  if (!ep) {
    run(v.fn, v.pack, v.MR, v.NR, M, N, K, A, B, C, accumulate);
    return;
  }
  Epilogue e = *ep;
  e.channels = M;
  run(v.fn, v.pack, v.MR, v.NR, M, N, K, A, B, C, false, &e);
}

View gemm_pack_a_fast(Index M, Index K, View A, std::vector<float>& out) {
  const FastVariant& v = variant();
  if (!v.fn || M == 0 || K == 0) return A;
  return pack_whole_a(v.pack, v.MR, M, K, A, out);
}

}  // namespace gemm_detail

using gemm_detail::FastVariant;
using gemm_detail::variant;

bool gemm_fast_available() { return variant().fn != nullptr; }
const char* gemm_fast_kernel_name() { return variant().name ? variant().name : "none"; }

double fma_peak_gflops(double seconds) {
  using gemm_detail::peak_avx2;
  using gemm_detail::peak_avx512;
  const FastVariant& v = variant();
  if (!v.fn) return 0.0;
  const bool wide = v.fn == gemm_detail::fast_avx512;
  const double flops_per_round = 12.0 * (wide ? 16 : 8) * 2;
  const int threads = thread_count();
  std::vector<double> rate(threads, 0.0);
  std::vector<float> sink(threads, 0.0f);
  // Each slice is timed in the thread's CPU time: on a shared machine the
  // time it was not running does not count (on a quiet one both are the same).
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
  };
  parallel_for(threads, [&](int t) {
    long long n = 1 << 16;
    double best = 0;
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const double c0 = cpu_now();
      sink[t] += wide ? peak_avx512(n, float(t + 1)) : peak_avx2(n, float(t + 1));
      const double dt = cpu_now() - c0;
      const auto t1 = std::chrono::steady_clock::now();
      if (dt < 0.01) {
        n *= 2;
        continue;
      }
      best = std::max(best, flops_per_round * double(n) / dt);  // the best slice: least disturbed
      if (std::chrono::duration<double>(t1 - start).count() > seconds) break;
    }
    rate[t] = best;
  });
  double total = 0;
  for (int t = 0; t < threads; ++t) total += rate[t] + (sink[t] == 12345.678f ? 1e-30 : 0.0);
  return total / 1e9;
}

}  // namespace ganstep
