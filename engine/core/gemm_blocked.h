// The packed, register-blocked GEMM behind gemm_nn/tn/nt for large shapes
// (engine/core/gemm.h routes small ones to simpler loops). Internal header.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/core/im2col.h"

namespace ganstep {
namespace gemm_detail {

using Index = std::size_t;

// The im2col matrix of an image batch (engine/core/im2col.h), never stored:
// the packing reads its elements from the image. col(r, q) for r < g.col_rows(),
// q < batch * g.out_pixels(); transposed: element (r, c) is col(c, r).
struct Im2col {
  const ConvGeom* g;
  const float* image;
  bool transposed;
};

// A general strided matrix: element (r, c) is p[r * rs + c * cs]; or, when
// im is set (only for B), that element of the im2col matrix; or, when packed
// is set (only for A), the whole A already in the kernel's packed order
// (gemm_pack_a_fast: K steps of packed_rows x kc, each MR-row sliver kc x MR).
struct View {
  const float* p;
  Index rs, cs;
  const Im2col* im = nullptr;
  const float* packed = nullptr;
  Index packed_rows = 0;  // M rounded up to the kernel's MR
};

// Fast mode's fused output (gemm.h's GemmEpilogue): as each tile of C is
// finished (in cache), element (i, j) also goes to
// out[(j / pixels) * M * pixels + i * pixels + j % pixels] (C's columns are
// (image, pixel), so out is the NCHW batch of M channels) as
// act(C(i, j) + bias[i]), act = leaky ReLU with `slope` when `activate`.
// C itself is not written (each thread keeps a panel of partial sums).
struct Epilogue {
  const float* bias;  // per row, or null
  bool activate;
  float slope;
  float* out;
  Index pixels;
  Index channels = 0;  // M (gemm_blocked_fast sets it)
};

// C(M,N) (+)= A(M,K) B(K,N), C row-major with row stride N. Each C element
// is its start value (0, or C when accumulate) plus A(i,p) B(p,j) added for
// p = 0..K-1 in ascending order, whatever the kernel, blocking or threads.
void gemm_blocked(Index M, Index N, Index K, View A, View B, float* C, bool accumulate);

// Fast mode's version (gemm_fast.cpp): fused multiply-adds; the exact one
// where the CPU has no FMA. Natively only. With ep (accumulate false), the
// output goes through the epilogue.
void gemm_blocked_fast(Index M, Index N, Index K, View A, View B, float* C, bool accumulate,
                       const Epilogue* ep = nullptr);

// Fast mode: the whole of A (M, K) packed once in its kernel's order into
// out (resized; for gemm_blocked_fast's products by many B, sharing it across
// calls and threads). Returns A as a View reading out, or A itself where fast
// mode has no kernel. The products' bits are those of the unpacked A.
View gemm_pack_a_fast(Index M, Index K, View A, std::vector<float>& out);

// Times one part of a product on this thread for gemm_clock_read (gemm.h),
// when the clock is on; a timer inside another on the same thread adds nothing.
class GemmTimer {
 public:
  explicit GemmTimer(double flops);
  ~GemmTimer();
  GemmTimer(const GemmTimer&) = delete;
  GemmTimer& operator=(const GemmTimer&) = delete;

 private:
  bool on_;
  double flops_;
  long long t0_ = 0;
};

// This thread's packing buffers (0: the A block, 1: the B panel, 2: one row of
// an im2col B, 3: the whole A shared by a product's tasks, 4: a fused
// product's partial sums), shared by
// the exact and the fast kernels.
std::vector<float>& gemm_pack_buffer(int which);

// The instruction-set variants this machine can run (for tests): names and a
// way to force one (-1 = the best available, the default).
int gemm_kernel_count();
const char* gemm_kernel_name(int which);
void gemm_force_kernel(int which);
// Whether fast mode reads im2col matrices inside the packing (gemm_im2col_fused;
// default on). Off, it builds them in memory as exact mode does: the same
// values in the same order, so the same bits (for tests and benchmarks).
void gemm_set_im2col_fusion(bool on);

}  // namespace gemm_detail
}  // namespace ganstep
