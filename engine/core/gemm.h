// Our own matrix multiply (core xtensor has none, and we need the same bits in
// WebAssembly). Row-major raw pointers. Each output element is summed over the
// inner index p in ascending order, always, whatever the vector width, so the
// result is identical on every platform (with -ffp-contract=off).
//
//   gemm_nn: C(M,N) (+)= A(M,K) * B(K,N)
//   gemm_tn: C(M,N) (+)= A(K,M)^T * B(K,N)
//   gemm_nt: C(M,N) (+)= A(M,K) * B(N,K)^T
//
// MathMode::Fast (engine/core/math_mode.h) sends the large products to fast
// mode's kernel (gemm_fast.cpp: fused multiply-adds, AVX-512 or AVX2+FMA);
// small ones, and every product where that kernel is missing (WebAssembly, a
// CPU without FMA), run as in exact mode.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/core/im2col.h"
#include "engine/core/math_mode.h"

namespace ganstep {

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate,
             MathMode mode = MathMode::Exact);
void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate,
             MathMode mode = MathMode::Exact);
void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate,
             MathMode mode = MathMode::Exact);
// C(M,N) = bias(N) in every row, plus A(M,K) * B(K,N): the same bits as
// filling C's rows with bias and calling gemm_nn with accumulate.
void gemm_nn_bias(int M, int N, int K, const float* A, const float* B, const float* bias, float* C,
                  MathMode mode = MathMode::Exact);
// C(M,N) = A(K,M)^T B(K,N) and col_sums(N) = 1^T B (B's rows added in
// order): the same bits as gemm_tn(M, N, K, A, B, C, false) and gemm_tn(1, N,
// K, ones, B, col_sums, false); small shapes take both in one pass over B
// (a Linear layer's weight and bias gradients).
void gemm_tn_sums(int M, int N, int K, const float* A, const float* B, float* C, float* col_sums,
                  MathMode mode = MathMode::Exact);

// One A for many products (a layer's weights over the chunks of a batch):
// gemm_pack_a keeps op(A) = A (M,K), or A given as (K,M) when transposed,
// and in fast mode with its kernel packs it once in the kernel's order;
// gemm_packed_nn(a, N, B, C) is then C(M,N) = op(A) B(K,N), the same bits as
// gemm_nn / gemm_tn on the unpacked A in a's mode, without packing A again
// (threads share the packed copy). A must not change in between.
struct GemmPackedA {
  int M = 0, K = 0;
  const float* A = nullptr;
  bool transposed = false;
  MathMode mode = MathMode::Exact;
  std::vector<float> packed;    // kept across calls: no allocation once large enough
  std::size_t packed_rows = 0;  // 0: not packed (exact mode, no fast kernel)
};
void gemm_pack_a(int M, int K, const float* A, bool transposed, MathMode mode, GemmPackedA& a);
void gemm_packed_nn(const GemmPackedA& a, int N, const float* B, float* C);

// Convolution products whose B is the im2col matrix of an image batch
// (engine/core/im2col.h: col = im2col(g, batch, image), K or N = g.col_rows(),
// the pixel count P = batch * g.out_pixels()):
//   gemm_nn_im2col: C(M, P) = A(M, g.col_rows()) col
//   gemm_nt_im2col: C(M, g.col_rows()) (+)= A(M, P) col^T
// Where gemm_im2col_fused(mode) (fast mode with its kernel) the packing reads
// col's elements straight from the image, and col is never stored; otherwise
// col is built in a scratch buffer and multiplied as gemm_nn / gemm_nt would.
bool gemm_im2col_fused(MathMode mode);
void gemm_nn_im2col(int M, const float* A, const ConvGeom& g, int batch, const float* image, float* C,
                    MathMode mode);
void gemm_nt_im2col(int M, const float* A, const ConvGeom& g, int batch, const float* image, float* C,
                    MathMode mode, bool accumulate = false);

// Fast mode's epilogue fusion (Conv2d's forward pass): y (batch, M,
// g.out_pixels()) NCHW = act(A col + bias per row), written by the GEMM's last
// store, tile by tile while it is in cache (bias null: none; act: leaky ReLU
// with `slope` when `activate`, slope 0 = ReLU); the product (M, P) is never
// whole (each thread keeps a panel of partial sums). Runs and
// returns true where gemm_im2col_fused(mode) and the product is large enough
// for the packed kernel; otherwise does nothing and returns false (the caller
// runs gemm_nn_im2col and its own bias, layout and activation passes).
struct GemmEpilogue {
  const float* bias;
  bool activate;
  float slope;
};
bool gemm_nn_im2col_nchw(int M, const float* A, const ConvGeom& g, int batch, const float* image,
                         const GemmEpilogue& ep, float* y, MathMode mode);

// Profiling (ganstep bench dcgan): while on, each product's work (packing,
// im2col gathers read inside the packing, kernel, fused epilogue) adds the
// CPU seconds it takes on each thread that runs a part of it (so the sum is
// in thread-seconds, waits for other threads and time the thread was not
// running left out) and its 2 M N K operations. Building an im2col matrix in memory, col2im and layout
// copies are not counted: they are not the product.
struct GemmClock {
  double thread_seconds = 0;
  double flops = 0;
};
void gemm_clock_enable(bool on);  // on: from zero
GemmClock gemm_clock_read();

// Fast mode's kernel runs on this machine (false in WebAssembly), and its name
// ("avx512-fma", "avx2-fma" or "none").
bool gemm_fast_available();
const char* gemm_fast_kernel_name();
// The machine's FMA peak in GFLOP/s on thread_count() threads: a loop of
// independent fused multiply-adds on registers for about `seconds`, with fast
// mode's instruction set (0 without one). ganstep bench peak.
double fma_peak_gflops(double seconds);

}  // namespace ganstep
