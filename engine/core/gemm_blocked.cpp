// The packed GEMM (after Goto and van de Geijn, and BLIS):
//   1. kernel        a register tile C(MR x NR) += A sliver (MR x kc) B sliver (kc x NR)
//   2. packing       A and B blocks copied into sliver order (zero-padded at the edges)
//   3. blocking      N in NC columns, K in KC steps, M in MC rows
//   4. threads       disjoint column (or row) ranges of C, one task each
//   5. dispatch      AVX-512, AVX2 or baseline SIMD, chosen at run time
//
// Summation order. The K loop is split into KC-sized steps, but every step
// starts from the partial sums the previous one stored in C (a float stored
// and loaded is unchanged), so each C element still gets its products added
// one by one for p = 0, 1, ..., K-1 with a separate multiply and add
// (-ffp-contract=off: no FMA). Lane-wise vector multiply and add round
// exactly like scalar ones. So the bits are those of the naive loop,
// independent of vector width, blocking and thread count (K is never split
// across threads).
#include "engine/core/gemm_blocked.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "engine/core/parallel.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__EMSCRIPTEN__)
#define GANSTEP_GEMM_X86 1
#endif

namespace ganstep {
namespace gemm_detail {

std::vector<float>& gemm_pack_buffer(int which) {
  thread_local std::vector<float> b[5];  // packed A block, B panel, one row of an im2col B, the whole A, a fused C panel
  return b[which];
}

namespace {

#include "engine/core/gemm_blocked_impl.h"

// ---- 5. dispatch --------------------------------------------------------------

#ifndef __EMSCRIPTEN__
// Baseline: 128-bit vectors (SSE2 natively), a 6 x 8 tile (12 of 16 registers).
GANSTEP_RANGE_FN(range_base, V4, 6, 2)
#else
// WebAssembly's simd128: a 4 x 8 tile. The engine's code generator (V8 on
// x86-64) allocates about 15 vector registers and needs a temporary for each
// product: 6 x 8's 12 accumulators spill, and 4 x 8 ran about 20% faster
// (CPU time of the DCGAN's 64 x 1568 x 512 product under node).
GANSTEP_RANGE_FN(range_wasm, V4, 4, 2)
#endif
#ifdef GANSTEP_GEMM_X86
// 16 ymm registers: a 6 x 16 tile takes 12, plus two of B and one of A.
__attribute__((target("avx2"))) GANSTEP_RANGE_FN(range_avx2, V8, 6, 2)
    // 32 zmm registers: an 8 x 48 tile takes 24, and so does 12 x 32. 8 x 48
    // was as fast or faster on every product of lesson 8 (best of 30 rounds,
    // one thread: 64 x 1568 x 512 63 against 60 GFLOP/s, 64 x 512 x 1568
    // transposed 60 against 53, 32 x 3136 x 64 54 against 44), and pads M = 64
    // to 64 rows where 12 x 32 computes 72; 12 x 32 is kept for M such as 36.
    __attribute__((target("avx512f"))) GANSTEP_RANGE_FN(range_avx512, V16, 12, 2)
        __attribute__((target("avx512f"))) GANSTEP_RANGE_FN(range_avx512_8, V16, 8, 3)
#endif

        struct Variant {
  const char* name;
  RangeFn fn;
  PackFn pack;
  Index MR, NR;
  int wide;  // floats per vector
};

std::vector<Variant> available() {
  std::vector<Variant> v;
#ifdef GANSTEP_GEMM_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    v.push_back({"avx512-8x48", range_avx512_8, range_avx512_8_pack, 8, 48, 16});
    v.push_back({"avx512", range_avx512, range_avx512_pack, 12, 32, 16});
  }
  if (__builtin_cpu_supports("avx2")) v.push_back({"avx2", range_avx2, range_avx2_pack, 6, 16, 8});
  v.push_back({"sse2", range_base, range_base_pack, 6, 8, 4});
#elif defined(__EMSCRIPTEN__)
  v.push_back({"simd128", range_wasm, range_wasm_pack, 4, 8, 4});
#else
  v.push_back({"base", range_base, range_base_pack, 6, 8, 4});
#endif
  return v;
}

const std::vector<Variant>& variants() {
  static const std::vector<Variant> v = available();
  return v;
}

int g_forced = -1;

// The best instruction set's tile for M rows: its first shape, unless
// another of the same vector width pads M at least 2% less (M = 36: 12 x 32
// computes 36 rows where 8 x 48 computes 40).
int tile_for(const std::vector<Variant>& v, Index M) {
  int best = 0;
  auto padded = [&](int i) { return (M + v[i].MR - 1) / v[i].MR * v[i].MR; };
  for (int i = 1; i < static_cast<int>(v.size()) && v[i].wide == v[0].wide; ++i)
    if (padded(i) * 50 < padded(best) * 49) best = i;
  return best;
}

}  // namespace

void gemm_blocked(Index M, Index N, Index K, View A, View B, float* C, bool accumulate) {
  const auto& v = variants();
  const int which = g_forced >= 0 && g_forced < static_cast<int>(v.size()) ? g_forced : tile_for(v, M);
  if (K == 0) {
    if (!accumulate) std::memset(C, 0, sizeof(float) * M * N);
    return;
  }
  run(v[which].fn, v[which].pack, v[which].MR, v[which].NR, M, N, K, A, B, C, accumulate);
}

int gemm_kernel_count() { return static_cast<int>(variants().size()); }
const char* gemm_kernel_name(int which) { return variants()[which].name; }
void gemm_force_kernel(int which) { g_forced = which; }

}  // namespace gemm_detail
}  // namespace ganstep
