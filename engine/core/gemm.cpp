// Matrix multiplies. Every output element is its start value (0, or C when
// accumulating) plus the products for p = 0..K-1 added in ascending order.
// Large products go to the packed, multi-threaded kernel (gemm_blocked.cpp).
// Small ones (the 2-D MLPs) stay here, where each routine picks the loop
// order that gives the longest contiguous inner loop for the shape (so the
// compiler can vectorise it), possibly through a transposed copy. The
// per-element order of additions never changes, so the bits never do.
#include "engine/core/gemm.h"

#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <utility>
#include <vector>

#include "engine/core/gemm_blocked.h"
#include "engine/core/simd_clones.h"  // natively, the kernels are also compiled for AVX2

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

// The short-row helpers pass 8-lane vectors between inline functions of this
// file only: the note that their ABI differs between AVX and SSE is moot.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

namespace ganstep {
namespace {

using Index = std::size_t;

// out(cols, rows) = in(rows, cols)^T
void transpose(const float* in, Index rows, Index cols, float* out) {
  for (Index r = 0; r < rows; ++r)
    for (Index c = 0; c < cols; ++c) out[c * rows + r] = in[r * cols + c];
}

std::vector<float>& scratch(int which) {
  thread_local std::vector<float> buffers[4];  // transposed copies, an unfused im2col; reused across calls
  return buffers[which];
}

// C(M,N) += A(M,K) B(K,N), row-major, inner loop over N.
GANSTEP_SIMD_CLONES
void nn_rows(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
             float* __restrict C) {
  for (Index i = 0; i < M; ++i) {
    float* c = C + i * N;
    const float* a = A + i * K;
    for (Index p = 0; p < K; ++p) {
      const float ap = a[p];
      const float* b = B + p * N;
      for (Index j = 0; j < N; ++j) c[j] += ap * b[j];
    }
  }
}

// C(M,N) (+)= A(M,K) B(K,N) as one dot product per element; B's column j is
// read with stride N (ldb) or, when b_rows_are_columns, B is given as (N,K).
// Given row_init (N), each element starts from row_init[j] instead.
GANSTEP_SIMD_CLONES
void nn_dots(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
             float* __restrict C, bool accumulate, bool b_rows_are_columns,
             const float* __restrict row_init = nullptr) {
  // Eight rows at a time: eight independent sums, each still in p order.
  constexpr Index R = 8;
  const Index sb = b_rows_are_columns ? 1 : N;   // stride between B(p, j) and B(p+1, j)
  const Index jb = b_rows_are_columns ? K : 1;   // offset from column j to j+1
  Index i = 0;
  for (; i + R <= M; i += R) {
    for (Index j = 0; j < N; ++j) {
      float s[R];
      for (Index r = 0; r < R; ++r) s[r] = row_init ? row_init[j] : accumulate ? C[(i + r) * N + j] : 0.0f;
      const float* b = B + j * jb;
      for (Index p = 0; p < K; ++p) {
        const float bp = b[p * sb];
        for (Index r = 0; r < R; ++r) s[r] += A[(i + r) * K + p] * bp;
      }
      for (Index r = 0; r < R; ++r) C[(i + r) * N + j] = s[r];
    }
  }
  for (; i < M; ++i) {
    for (Index j = 0; j < N; ++j) {
      float s = row_init ? row_init[j] : accumulate ? C[i * N + j] : 0.0f;
      const float* b = B + j * jb;
      for (Index p = 0; p < K; ++p) s += A[i * K + p] * b[p * sb];
      C[i * N + j] = s;
    }
  }
}

// Short rows (the 2-D MLPs' widths, 8 <= N <= 16): a row of C is held in two
// 8-lane vectors (GCC/Clang vector extensions: AVX2 registers, or pairs of
// SSE / wasm simd128 ones), so each p costs two multiplies and two adds per
// row whatever N is. Rows are read 16 floats at a time (in place where 16
// floats exist, else through a zero-padded copy); lanes past N are scratch
// (stored only where the next row's own store overwrites them, see
// nn_rows_short). Every kept element still gets exactly the same operations
// in the same order.
constexpr Index kShort = 16;
constexpr Index kRowsMinN = 8;  // below this many output columns the inner loop is too short (dots())
typedef float V8 __attribute__((vector_size(32)));
typedef int I8 __attribute__((vector_size(32)));  // V8's bits, for masks
#define GANSTEP_INLINE_SHORT inline __attribute__((always_inline))

struct Row16 {
  V8 lo, hi;
};

inline V8 load8(const float* p) {
  V8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Row r of a (rows, n) matrix with `total` floats.
inline Row16 row16(const float* base, Index r, Index n, Index total) {
  const Index at = r * n;
  if (at + kShort <= total) return {load8(base + at), load8(base + at + 8)};
  float pad[kShort] = {};
  for (Index j = 0; j < n; ++j) pad[j] = base[at + j];
  return {load8(pad), load8(pad + 8)};
}

// Stores the first n lanes.
inline void store_row(float* out, const Row16& c, Index n) {
  if (n >= 8) {
    std::memcpy(out, &c.lo, sizeof c.lo);
    for (Index j = 8; j < n; ++j) out[j] = c.hi[j - 8];
  } else {
    for (Index j = 0; j < n; ++j) out[j] = c.lo[j];
  }
}

// Rows i0..M-1 of C = init + A B, 8 <= N <= 16, B given as (K, 16) padded
// rows. With FixedK (1..4: the first layer of a 2-D MLP, a backward pass
// through a 1- or 2-output layer) B's rows stay in registers and the p loop
// is unrolled; 0 takes K at run time. Each row is stored as all 16 lanes: the
// lanes past N land on the next row's head, which that row's own store
// overwrites later (16 <= 2N); the last row stores its N lanes.
template <int FixedK>
GANSTEP_INLINE_SHORT void rows_from_init(Index M, Index N, Index K, const float* __restrict A,
                                         const float* __restrict bp, float* __restrict C, const Row16 init) {
  const Index k = FixedK ? Index(FixedK) : K;
  Row16 b[FixedK ? FixedK : 1];
  for (int p = 0; p < FixedK; ++p) b[p] = {load8(bp + p * kShort), load8(bp + p * kShort + 8)};
  for (Index i = 0; i < M; ++i) {
    Row16 c = init;
    const float* a = A + i * k;
    for (Index p = 0; p < k; ++p) {
      const float ap = a[p];
      if (FixedK) {
        c.lo += ap * b[p].lo;
        c.hi += ap * b[p].hi;
      } else {
        c.lo += ap * load8(bp + p * kShort);
        c.hi += ap * load8(bp + p * kShort + 8);
      }
    }
    float* out = C + i * N;
    if (i + 1 < M) {
      std::memcpy(out, &c.lo, sizeof c.lo);
      std::memcpy(out + 8, &c.hi, sizeof c.hi);
    } else {
      store_row(out, c, N);
    }
  }
}

// C(M,N) = start + A(M,K) B(K,N), 8 <= N <= 16, where start is C itself
// (load_c), else row_init (N) in every row, else 0.
GANSTEP_SIMD_CLONES
void nn_rows_short(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
                   float* __restrict C, bool load_c, const float* __restrict row_init) {
  std::vector<float>& padded = scratch(0);  // B's rows as 16 lanes each
  padded.resize(K * kShort);
  for (Index p = 0; p < K; ++p)
    for (Index j = 0; j < kShort; ++j) padded[p * kShort + j] = j < N ? B[p * N + j] : 0.0f;
  const float* bp = padded.data();
  if (!load_c) {
    const Row16 init = row_init ? row16(row_init, 0, N, N) : Row16{};
    switch (K) {
      case 1: return rows_from_init<1>(M, N, K, A, bp, C, init);
      case 2: return rows_from_init<2>(M, N, K, A, bp, C, init);
      case 3: return rows_from_init<3>(M, N, K, A, bp, C, init);
      case 4: return rows_from_init<4>(M, N, K, A, bp, C, init);
      default: return rows_from_init<0>(M, N, K, A, bp, C, init);
    }
  }
  const Index total = M * N;
  for (Index i = 0; i < M; ++i) {
    Row16 c = row16(C, i, N, total);
    const float* a = A + i * K;
    for (Index p = 0; p < K; ++p) {
      const float ap = a[p];
      c.lo += ap * load8(bp + p * kShort);
      c.hi += ap * load8(bp + p * kShort + 8);
    }
    store_row(C + i * N, c, N);
  }
}

// Rows of C (R, n) += s[r] * x for p = 0..K-1, where x is row p of X (K, n)
// and s[r] = S[p * R + r]: the updates of gemm_tn, n <= 16, R <= 16. With
// FixedR (1 to 3) the rows stay in registers; 0 takes R at run time.
// Sums also adds up X's columns or S's, as if S (or X) had a further column of
// ones (1 * v is v, so the same bits as a product with a ones vector):
//   kSumsRow   sums(n) = the rows of X added in order, an (R+1)-th row of C
//   kSumsLane  sums(R) = the rows of S added in order, in lane n of C's rows (n < 16)
enum Sums { kNoSums, kSumsRow, kSumsLane };

GANSTEP_INLINE_SHORT void set_lane(Row16& x, Index lane, float v) {
  if (lane < 8) x.lo[lane] = v;
  else x.hi[lane - 8] = v;
}
GANSTEP_INLINE_SHORT float lane_of(const Row16& x, Index lane) { return lane < 8 ? x.lo[lane] : x.hi[lane - 8]; }

template <int FixedR, Sums sums_kind = kNoSums>
GANSTEP_INLINE_SHORT void outer_rows(Index R, Index n, Index K, const float* __restrict S,
                                     const float* __restrict X, float* __restrict C, float* __restrict sums = nullptr) {
  const Index rows = FixedR ? Index(FixedR) : R;
  Row16 c[FixedR ? FixedR : kShort];
  for (Index r = 0; r < rows; ++r) c[r] = row16(C, r, n, rows * n);
  Row16 e{};  // kSumsRow: the sums, from 0
  // kSumsLane: lane n of X's rows replaced by 1.0f through bit masks (a
  // vector insert at a run-time lane would go through memory each p)
  I8 keep_lo = ~I8{}, keep_hi = ~I8{}, one_lo{}, one_hi{};
  if (sums_kind == kSumsLane) {
    for (Index r = 0; r < rows; ++r) set_lane(c[r], n, 0.0f);
    Row16 keep{}, one{};
    set_lane(one, n, 1.0f);
    set_lane(keep, n, 1.0f);  // any nonzero bits: the lane to replace
    keep_lo = ~(I8)(keep.lo != 0.0f);  // != gives all ones where true
    keep_hi = ~(I8)(keep.hi != 0.0f);
    std::memcpy(&one_lo, &one.lo, sizeof one_lo);
    std::memcpy(&one_hi, &one.hi, sizeof one_hi);
  }
  for (Index p = 0; p < K; ++p) {
    Row16 x = row16(X, p, n, K * n);
    if (sums_kind == kSumsLane) {
      I8 lo, hi;
      std::memcpy(&lo, &x.lo, sizeof lo);
      std::memcpy(&hi, &x.hi, sizeof hi);
      lo = (lo & keep_lo) | one_lo;
      hi = (hi & keep_hi) | one_hi;
      std::memcpy(&x.lo, &lo, sizeof lo);
      std::memcpy(&x.hi, &hi, sizeof hi);
    }
    const float* s = S + p * rows;
    for (Index r = 0; r < rows; ++r) {
      c[r].lo += s[r] * x.lo;
      c[r].hi += s[r] * x.hi;
    }
    if (sums_kind == kSumsRow) {
      e.lo += x.lo;
      e.hi += x.hi;
    }
  }
  for (Index r = 0; r < rows; ++r) store_row(C + r * n, c[r], n);
  if (sums_kind == kSumsRow) store_row(sums, e, n);
  if (sums_kind == kSumsLane)
    for (Index r = 0; r < rows; ++r) sums[r] = lane_of(c[r], n);
}

GANSTEP_SIMD_CLONES
void outer_rows_short(Index R, Index n, Index K, const float* __restrict S, const float* __restrict X,
                      float* __restrict C) {
  if (R == 1) return outer_rows<1>(R, n, K, S, X, C);
  if (R == 2) return outer_rows<2>(R, n, K, S, X, C);
  outer_rows<0>(R, n, K, S, X, C);
}

GANSTEP_SIMD_CLONES
void outer_rows_sums(Sums kind, Index R, Index n, Index K, const float* __restrict S, const float* __restrict X,
                     float* __restrict C, float* __restrict sums) {
  if (kind == kSumsRow) {
    if (R == 1) return outer_rows<1, kSumsRow>(R, n, K, S, X, C, sums);
    if (R == 2) return outer_rows<2, kSumsRow>(R, n, K, S, X, C, sums);
    if (R == 3) return outer_rows<3, kSumsRow>(R, n, K, S, X, C, sums);
    return outer_rows<0, kSumsRow>(R, n, K, S, X, C, sums);
  }
  if (R == 1) return outer_rows<1, kSumsLane>(R, n, K, S, X, C, sums);
  if (R == 2) return outer_rows<2, kSumsLane>(R, n, K, S, X, C, sums);
  if (R == 3) return outer_rows<3, kSumsLane>(R, n, K, S, X, C, sums);
  outer_rows<0, kSumsLane>(R, n, K, S, X, C, sums);
}

// Rows i0..M-1 of nn_dots with B's columns given as bcol (bcol[j * K + p] =
// B(p, j)): the rows after the vector kernels' blocks.
GANSTEP_INLINE_SHORT void dots_scalar_rows(Index i0, Index M, Index N, Index K, const float* __restrict A,
                                           const float* __restrict bcol, float* __restrict C, bool accumulate,
                                           const float* __restrict row_init) {
  for (Index i = i0; i < M; ++i) {
    for (Index j = 0; j < N; ++j) {
      float s = row_init ? row_init[j] : accumulate ? C[i * N + j] : 0.0f;
      const float* b = bcol + j * K;
      for (Index p = 0; p < K; ++p) s += A[i * K + p] * b[p];
      C[i * N + j] = s;
    }
  }
}

#ifndef __wasm_simd128__  // WebAssembly: nn_dots_wasm below
// The eight rows r0..r7 (as V8 each) transposed in place: r[p] becomes
// (r0[p], ..., r7[p]). Shuffles only: every value is moved, none computed.
GANSTEP_INLINE_SHORT void transpose8(V8 r[8]) {
  V8 t[8], u[8];
  for (int k = 0; k < 8; k += 2) {
    t[k] = __builtin_shufflevector(r[k], r[k + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[k + 1] = __builtin_shufflevector(r[k], r[k + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (int k = 0; k < 8; k += 4) {
    u[k] = __builtin_shufflevector(t[k], t[k + 2], 0, 1, 8, 9, 4, 5, 12, 13);
    u[k + 1] = __builtin_shufflevector(t[k], t[k + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    u[k + 2] = __builtin_shufflevector(t[k + 1], t[k + 3], 0, 1, 8, 9, 4, 5, 12, 13);
    u[k + 3] = __builtin_shufflevector(t[k + 1], t[k + 3], 2, 3, 10, 11, 6, 7, 14, 15);
  }
  for (int k = 0; k < 4; ++k) {
    r[k] = __builtin_shufflevector(u[k], u[k + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    r[k + 4] = __builtin_shufflevector(u[k], u[k + 4], 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

GANSTEP_INLINE_SHORT void transpose(V8 r[8]) { transpose8(r); }

// nn_dots for narrow outputs (N < 8) and short sums (K <= 16): L rows of A
// are read in chunks of L floats and each chunk group transposed, so lane r
// of at[p] is A(i + r, p); then each output column is one L-lane sum,
// s += at[p] * B(p, j) for p in order: per element the same start, products
// and additions as nn_dots. KK is K, fixed at compile time so the p loops
// unroll. L is 8 (AVX registers, or pairs of SSE ones); WebAssembly keeps
// nn_dots (dots() below). Rows whose chunks would read past A take the scalar
// loop.
using VDots = V8;
template <int KK>
GANSTEP_INLINE_SHORT void dots_short_k(Index M, Index N, const float* __restrict A, const float* __restrict bcol,
                                       float* __restrict C, bool accumulate, const float* __restrict row_init) {
  constexpr Index K = KK;
  constexpr Index L = sizeof(VDots) / sizeof(float);
  constexpr Index chunks = (K + L - 1) / L;
  const Index total = M * K;
  Index i = 0;
  for (; i + L <= M && (i + L - 1) * K + chunks * L <= total; i += L) {
    VDots at[chunks * L];
    for (Index c = 0; c < chunks; ++c) {
      for (Index r = 0; r < L; ++r) std::memcpy(&at[c * L + r], A + (i + r) * K + c * L, sizeof(VDots));
      transpose(at + c * L);
    }
    for (Index j = 0; j < N; ++j) {
      VDots s;
      for (Index r = 0; r < L; ++r) s[r] = row_init ? row_init[j] : accumulate ? C[(i + r) * N + j] : 0.0f;
      const float* b = bcol + j * K;
      for (Index p = 0; p < K; ++p) s += at[p] * b[p];
      if (N == 1) {
        std::memcpy(C + i, &s, sizeof s);
      } else {
        for (Index r = 0; r < L; ++r) C[(i + r) * N + j] = s[r];
      }
    }
  }
  dots_scalar_rows(i, M, N, K, A, bcol, C, accumulate, row_init);
}

template <int... Ks>
GANSTEP_INLINE_SHORT void dots_short_dispatch(std::integer_sequence<int, Ks...>, Index M, Index N, Index K,
                                              const float* A, const float* bcol, float* C, bool accumulate,
                                              const float* row_init) {
  ((K == Index(Ks + 1) ? dots_short_k<Ks + 1>(M, N, A, bcol, C, accumulate, row_init) : void()), ...);
}

GANSTEP_SIMD_CLONES
void nn_dots_short(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
                   float* __restrict C, bool accumulate, bool b_rows_are_columns,
                   const float* __restrict row_init) {
  float bcol[kShort * kShort];  // bcol[j * K + p] = B(p, j)
  for (Index j = 0; j < N; ++j)
    for (Index p = 0; p < K; ++p) bcol[j * K + p] = b_rows_are_columns ? B[j * K + p] : B[p * N + j];
  // K = 1..16
  dots_short_dispatch(std::make_integer_sequence<int, kShort>{}, M, N, K, A, bcol, C, accumulate, row_init);
}
#else
// WebAssembly's nn_dots_short: four rows of A at a time, read as 4 x 4
// blocks and transposed with the two-input shuffles the engines compile to
// single instructions (unpack low/high of 32- and 64-bit lanes), so lane r of
// a[q] is A(i + r, p0 + q); each block is used at once for every output
// column j, whose four rows' sums stay in registers: s[j] = s[j] + a[q] *
// B(p, j) for p in order, block after block: per element the same start,
// products and additions as nn_dots. K (<= kDotsMaxK: the 2-D lessons' hidden
// widths) is a run-time value; N is fixed at compile time for 1 and 2 (the
// last layers of D and of a 2-D G), else a run-time value. Rows whose blocks
// would read past A take the scalar loop.
constexpr Index kDotsMaxK = 64;

// s[j] += a[q] * b(j, p0 + q) for q < count (1..4)
template <int NN>
GANSTEP_INLINE_SHORT void dots_block(Index n, Index K, const float* bcol, Index p0, const v128_t a[4], Index count,
                                     v128_t* s) {
  for (Index j = 0; j < (NN ? Index(NN) : n); ++j) {
    const float* b = bcol + j * K + p0;
    for (Index q = 0; q < count; ++q) s[j] = wasm_f32x4_add(s[j], wasm_f32x4_mul(a[q], wasm_f32x4_splat(b[q])));
  }
}

GANSTEP_INLINE_SHORT void transpose4(const float* a, Index lda, v128_t out[4]) {
  const v128_t r0 = wasm_v128_load(a), r1 = wasm_v128_load(a + lda), r2 = wasm_v128_load(a + 2 * lda),
               r3 = wasm_v128_load(a + 3 * lda);
  const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7),
               t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  out[0] = wasm_i64x2_shuffle(t0, t2, 0, 2);
  out[1] = wasm_i64x2_shuffle(t0, t2, 1, 3);
  out[2] = wasm_i64x2_shuffle(t1, t3, 0, 2);
  out[3] = wasm_i64x2_shuffle(t1, t3, 1, 3);
}

// The four-row blocks; returns the first row left for the scalar loop.
template <int NN>
Index dots_rows_wasm(Index M, Index N, Index K, const float* __restrict A, const float* __restrict bcol,
                     float* __restrict C, bool accumulate, const float* __restrict row_init) {
  const Index n = NN ? Index(NN) : N;
  const Index full = K / 4, rest = K % 4, chunks = full + (rest ? 1 : 0), total = M * K;
  Index i = 0;
  for (; i + 4 <= M && (i + 3) * K + chunks * 4 <= total; i += 4) {
    v128_t s[NN ? NN : kRowsMinN];
    for (Index j = 0; j < n; ++j)
      s[j] = row_init ? wasm_f32x4_splat(row_init[j])
             : accumulate ? wasm_f32x4_make(C[i * n + j], C[(i + 1) * n + j], C[(i + 2) * n + j], C[(i + 3) * n + j])
                          : wasm_f32x4_splat(0.0f);
    v128_t a[4];
    for (Index c = 0; c < full; ++c) {
      transpose4(A + i * K + 4 * c, K, a);
      dots_block<NN>(n, K, bcol, 4 * c, a, 4, s);
    }
    if (rest) {
      transpose4(A + i * K + 4 * full, K, a);
      dots_block<NN>(n, K, bcol, 4 * full, a, rest, s);
    }
    if (NN == 1) {
      wasm_v128_store(C + i, s[0]);
    } else if (NN == 2) {
      wasm_v128_store(C + 2 * i, wasm_i32x4_shuffle(s[0], s[1], 0, 4, 1, 5));
      wasm_v128_store(C + 2 * i + 4, wasm_i32x4_shuffle(s[0], s[1], 2, 6, 3, 7));
    } else {
      for (Index j = 0; j < n; ++j) {
        C[i * n + j] = wasm_f32x4_extract_lane(s[j], 0);
        C[(i + 1) * n + j] = wasm_f32x4_extract_lane(s[j], 1);
        C[(i + 2) * n + j] = wasm_f32x4_extract_lane(s[j], 2);
        C[(i + 3) * n + j] = wasm_f32x4_extract_lane(s[j], 3);
      }
    }
  }
  return i;
}

void nn_dots_wasm(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
                  float* __restrict C, bool accumulate, bool b_rows_are_columns, const float* __restrict row_init) {
  float bcol[kRowsMinN * kDotsMaxK];  // bcol[j * K + p] = B(p, j), N < kRowsMinN
  for (Index j = 0; j < N; ++j)
    for (Index p = 0; p < K; ++p) bcol[j * K + p] = b_rows_are_columns ? B[j * K + p] : B[p * N + j];
  const Index i = N == 1 ? dots_rows_wasm<1>(M, N, K, A, bcol, C, accumulate, row_init)
                  : N == 2 ? dots_rows_wasm<2>(M, N, K, A, bcol, C, accumulate, row_init)
                           : dots_rows_wasm<0>(M, N, K, A, bcol, C, accumulate, row_init);
  dots_scalar_rows(i, M, N, K, A, bcol, C, accumulate, row_init);
}
#endif

// nn_dots, through nn_dots_short (WebAssembly: nn_dots_wasm) where the sums are short.
void dots(Index M, Index N, Index K, const float* A, const float* B, float* C, bool accumulate,
          bool b_rows_are_columns, const float* row_init = nullptr) {
#ifdef __wasm_simd128__
  // (nn_dots_short's 8-lane transposes cost more than they save there: measured)
  if (K >= 1 && K <= kDotsMaxK && M >= 4 && N < kRowsMinN) {
    nn_dots_wasm(M, N, K, A, B, C, accumulate, b_rows_are_columns, row_init);
    return;
  }
#else
  if (K >= 1 && K <= kShort && M >= 4) {
    nn_dots_short(M, N, K, A, B, C, accumulate, b_rows_are_columns, row_init);
    return;
  }
#endif
  nn_dots(M, N, K, A, B, C, accumulate, b_rows_are_columns, row_init);
}

// Big enough for the packed kernel: packing pays off, and tiles are not mostly padding.
bool use_blocked(Index M, Index N, Index K) {
  return M >= 4 && N >= 16 && static_cast<double>(M) * N * K >= 65536.0;
}

// The packed kernel of the mode: fast mode's where it runs, else the exact one.
void blocked(MathMode mode, Index M, Index N, Index K, gemm_detail::View A, gemm_detail::View B, float* C,
             bool accumulate) {
#ifdef GANSTEP_FAST_KERNELS
  if (mode == MathMode::Fast) {
    gemm_detail::gemm_blocked_fast(M, N, K, A, B, C, accumulate);
    return;
  }
#endif
  (void)mode;
  gemm_detail::gemm_blocked(M, N, K, A, B, C, accumulate);
}

}  // namespace

#ifndef GANSTEP_FAST_KERNELS  // gemm_fast.cpp is not built here
bool gemm_fast_available() { return false; }
const char* gemm_fast_kernel_name() { return "none"; }
double fma_peak_gflops(double) { return 0.0; }
#endif

// ---- the clock (gemm.h: gemm_clock_enable) ------------------------------------

namespace {
std::atomic<bool> g_clock_on{false};
std::atomic<long long> g_clock_ns{0};
std::atomic<double> g_clock_flops{0.0};
thread_local int t_timer_depth = 0;

// This thread's CPU time (steadier than wall time on a shared machine; the
// same on a quiet one); wall time where there is no such clock.
long long now_ns() {
#ifdef CLOCK_THREAD_CPUTIME_ID
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0) return ts.tv_sec * 1000000000LL + ts.tv_nsec;
#endif
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The operations of a product that runs on the calling thread alone (not the packed kernel's).
double flops_of(Index M, Index N, Index K) { return 2.0 * double(M) * double(N) * double(K); }
}  // namespace

void gemm_clock_enable(bool on) {
  g_clock_ns = 0;
  g_clock_flops = 0.0;
  g_clock_on = on;
}

GemmClock gemm_clock_read() { return {double(g_clock_ns.load()) * 1e-9, g_clock_flops.load()}; }

gemm_detail::GemmTimer::GemmTimer(double flops) : on_(g_clock_on.load(std::memory_order_relaxed) && t_timer_depth == 0), flops_(flops) {
  ++t_timer_depth;
  if (on_) t0_ = now_ns();
}

gemm_detail::GemmTimer::~GemmTimer() {
  --t_timer_depth;
  if (!on_) return;
  g_clock_ns += now_ns() - t0_;
  double f = g_clock_flops.load();
  while (!g_clock_flops.compare_exchange_weak(f, f + flops_)) {
  }
}

// ---- the products --------------------------------------------------------------

void gemm_nn(int Mi, int Ni, int Ki, const float* A, const float* B, float* C, bool accumulate, MathMode mode) {
  const Index M = static_cast<Index>(Mi), N = static_cast<Index>(Ni), K = static_cast<Index>(Ki);
  if (use_blocked(M, N, K)) {
    blocked(mode, M, N, K, {A, K, 1}, {B, N, 1}, C, accumulate);
    return;
  }
  gemm_detail::GemmTimer timer(flops_of(M, N, K));
  if (N < kRowsMinN) {
    dots(M, N, K, A, B, C, accumulate, false);
    return;
  }
  if (N <= kShort) {
    nn_rows_short(M, N, K, A, B, C, accumulate, nullptr);
    return;
  }
  if (!accumulate) std::memset(C, 0, sizeof(float) * M * N);
  nn_rows(M, N, K, A, B, C);
}

void gemm_nn_bias(int Mi, int Ni, int Ki, const float* A, const float* B, const float* bias, float* C,
                  MathMode mode) {
  const Index M = static_cast<Index>(Mi), N = static_cast<Index>(Ni), K = static_cast<Index>(Ki);
  if (!use_blocked(M, N, K) && N <= kShort) {  // the rows start from the bias: no fill pass
    gemm_detail::GemmTimer timer(flops_of(M, N, K));
    if (N < kRowsMinN) dots(M, N, K, A, B, C, false, false, bias);
    else nn_rows_short(M, N, K, A, B, C, false, bias);
    return;
  }
  for (Index i = 0; i < M; ++i) std::memcpy(C + i * N, bias, sizeof(float) * N);
  gemm_nn(Mi, Ni, Ki, A, B, C, true, mode);
}

namespace {

// C(M,N) += A(K,M)^T B(K,N) with the inner loop over N; or, into Ct(N,M), over M.
GANSTEP_SIMD_CLONES
void tn_rows(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
             float* __restrict C) {
  for (Index p = 0; p < K; ++p) {
    const float* a = A + p * M;
    const float* b = B + p * N;
    for (Index i = 0; i < M; ++i) {
      const float ap = a[i];
      float* c = C + i * N;
      for (Index j = 0; j < N; ++j) c[j] += ap * b[j];
    }
  }
}

GANSTEP_SIMD_CLONES
void tn_cols(Index M, Index N, Index K, const float* __restrict A, const float* __restrict B,
             float* __restrict Ct) {
  for (Index p = 0; p < K; ++p) {
    const float* a = A + p * M;
    const float* b = B + p * N;
    for (Index j = 0; j < N; ++j) {
      const float bp = b[j];
      float* c = Ct + j * M;
      for (Index i = 0; i < M; ++i) c[i] += bp * a[i];
    }
  }
}

}  // namespace

void gemm_tn(int Mi, int Ni, int Ki, const float* A, const float* B, float* C, bool accumulate, MathMode mode) {
  const Index M = static_cast<Index>(Mi), N = static_cast<Index>(Ni), K = static_cast<Index>(Ki);
  if (use_blocked(M, N, K)) {
    blocked(mode, M, N, K, {A, 1, M}, {B, N, 1}, C, accumulate);
    return;
  }
  gemm_detail::GemmTimer timer(flops_of(M, N, K));
  if (N >= M) {
    // C[i, :] += A[p, i] B[p, :], inner loop over N
    if (!accumulate) std::memset(C, 0, sizeof(float) * M * N);
    if (N <= kShort) outer_rows_short(M, N, K, A, B, C);  // C[i, :] += A[p, i] B[p, :]
    else tn_rows(M, N, K, A, B, C);
    return;
  }
  if (M <= kShort) {
    // C^T[j, :] += B[p, j] A[p, :] with C^T (N, M) held in lanes: N < M <= 16
    auto& ct = scratch(1);
    ct.resize(N * M);
    if (accumulate) transpose(C, M, N, ct.data());
    else std::memset(ct.data(), 0, sizeof(float) * N * M);
    outer_rows_short(N, M, K, B, A, ct.data());
    transpose(ct.data(), N, M, C);
    return;
  }
  // C^T[j, :] += B[p, j] A[p, :], inner loop over M
  auto& ct = scratch(1);
  ct.resize(N * M);
  if (accumulate) transpose(C, M, N, ct.data());
  else std::memset(ct.data(), 0, sizeof(float) * N * M);
  tn_cols(M, N, K, A, B, ct.data());
  transpose(ct.data(), N, M, C);
}

void gemm_tn_sums(int Mi, int Ni, int Ki, const float* A, const float* B, float* C, float* col_sums, MathMode mode) {
  const Index M = static_cast<Index>(Mi), N = static_cast<Index>(Ni), K = static_cast<Index>(Ki);
  if (!use_blocked(M, N, K) && N <= kShort) {
    gemm_detail::GemmTimer timer(flops_of(M + 1, N, K));  // the sums: one more row
    if (N >= M) {  // as gemm_tn: C[i, :] += A[p, i] B[p, :]; the sums as one more row
      std::memset(C, 0, sizeof(float) * M * N);
      outer_rows_sums(kSumsRow, M, N, K, A, B, C, col_sums);
      return;
    }
    if (M < kShort) {  // as gemm_tn: C^T (N, M) in lanes; the sums in lane M
      auto& ct = scratch(1);
      ct.resize(N * M);
      std::memset(ct.data(), 0, sizeof(float) * N * M);
      outer_rows_sums(kSumsLane, N, M, K, B, A, ct.data(), col_sums);
      transpose(ct.data(), N, M, C);
      return;
    }
  }
  gemm_tn(Mi, Ni, Ki, A, B, C, false, mode);
  thread_local std::vector<float> ones;
  if (ones.size() < K) ones.assign(K, 1.0f);
  gemm_tn(1, Ni, Ki, ones.data(), B, col_sums, false, mode);
}

void gemm_nt(int Mi, int Ni, int Ki, const float* A, const float* B, float* C, bool accumulate, MathMode mode) {
  const Index M = static_cast<Index>(Mi), N = static_cast<Index>(Ni), K = static_cast<Index>(Ki);
  if (use_blocked(M, N, K)) {
    blocked(mode, M, N, K, {A, K, 1}, {B, 1, K}, C, accumulate);
    return;
  }
  gemm_detail::GemmTimer timer(flops_of(M, N, K));
  if (N < kRowsMinN) {
    dots(M, N, K, A, B, C, accumulate, true);  // B's rows are the columns of B^T
    return;
  }
  // Transpose B(N,K) to (K,N) and run the row-wise kernel.
  auto& bt = scratch(2);
  bt.resize(K * N);
  transpose(B, N, K, bt.data());
  if (N <= kShort) {
    nn_rows_short(M, N, K, A, bt.data(), C, accumulate, nullptr);
    return;
  }
  if (!accumulate) std::memset(C, 0, sizeof(float) * M * N);
  nn_rows(M, N, K, A, bt.data(), C);
}

void gemm_pack_a(int M, int K, const float* A, bool transposed, MathMode mode, GemmPackedA& a) {
  a.M = M, a.K = K, a.A = A, a.transposed = transposed, a.mode = mode, a.packed_rows = 0;
#ifdef GANSTEP_FAST_KERNELS
  if (mode != MathMode::Fast || !gemm_fast_available() || M <= 0 || K <= 0) return;
  const Index m = static_cast<Index>(M), k = static_cast<Index>(K);
  const gemm_detail::View v = transposed ? gemm_detail::View{A, 1, m} : gemm_detail::View{A, k, 1};
  a.packed_rows = gemm_detail::gemm_pack_a_fast(m, k, v, a.packed).packed_rows;
#endif
}

void gemm_packed_nn(const GemmPackedA& a, int Ni, const float* B, float* C) {
  [[maybe_unused]] const Index M = static_cast<Index>(a.M), N = static_cast<Index>(Ni), K = static_cast<Index>(a.K);
#ifdef GANSTEP_FAST_KERNELS
  if (a.packed_rows && use_blocked(M, N, K)) {
    gemm_detail::View v = a.transposed ? gemm_detail::View{a.A, 1, M} : gemm_detail::View{a.A, K, 1};
    v.packed = a.packed.data();
    v.packed_rows = a.packed_rows;
    gemm_detail::gemm_blocked_fast(M, N, K, v, {B, N, 1}, C, false);
    return;
  }
#endif
  if (a.transposed)
    gemm_tn(a.M, Ni, a.K, a.A, B, C, false, a.mode);
  else
    gemm_nn(a.M, Ni, a.K, a.A, B, C, false, a.mode);
}

namespace {
bool g_im2col_fusion = true;
}  // namespace

void gemm_detail::gemm_set_im2col_fusion(bool on) { g_im2col_fusion = on; }

bool gemm_im2col_fused(MathMode mode) {
  return g_im2col_fusion && mode == MathMode::Fast && gemm_fast_available();
}

namespace {

// C = A col, or A col^T when transposed, with col = im2col(g, batch, image).
void im2col_product(bool transposed, int Mi, const float* A, const ConvGeom& g, int batch, const float* image,
                    float* C, MathMode mode, bool accumulate = false) {
  [[maybe_unused]] const Index M = static_cast<Index>(Mi), R = g.col_rows(), P = static_cast<Index>(batch) * g.out_pixels();
  [[maybe_unused]] const Index N = transposed ? R : P, K = transposed ? P : R;
#ifdef GANSTEP_FAST_KERNELS
  if (gemm_im2col_fused(mode) && use_blocked(M, N, K)) {
    const gemm_detail::Im2col im{&g, image, transposed};  // transposed: B(p, j) = col(j, p)
    gemm_detail::gemm_blocked_fast(M, N, K, {A, K, 1}, {nullptr, 0, 0, &im}, C, accumulate);
    return;
  }
#endif
  auto& col = scratch(3);
  col.resize(R * P);
  im2col(g, batch, image, col.data());
  if (transposed)
    gemm_nt(Mi, static_cast<int>(N), static_cast<int>(K), A, col.data(), C, accumulate, mode);
  else
    gemm_nn(Mi, static_cast<int>(N), static_cast<int>(K), A, col.data(), C, accumulate, mode);
}

}  // namespace

bool gemm_nn_im2col_nchw(int Mi, const float* A, const ConvGeom& g, int batch, const float* image,
                         const GemmEpilogue& ep, float* y, MathMode mode) {
#ifdef GANSTEP_FAST_KERNELS
  const Index M = static_cast<Index>(Mi), K = g.col_rows(), N = static_cast<Index>(batch) * g.out_pixels();
  if (!gemm_im2col_fused(mode) || !use_blocked(M, N, K)) return false;
  const gemm_detail::Im2col im{&g, image, false};
  const gemm_detail::Epilogue e{ep.bias, ep.activate, ep.slope, y, g.out_pixels()};
  gemm_detail::gemm_blocked_fast(M, N, K, {A, K, 1}, {nullptr, 0, 0, &im}, nullptr, false, &e);
  return true;
#else
  (void)Mi, (void)A, (void)g, (void)batch, (void)image, (void)ep, (void)y, (void)mode;
  return false;
#endif
}

void gemm_nn_im2col(int M, const float* A, const ConvGeom& g, int batch, const float* image, float* C,
                    MathMode mode) {
  im2col_product(false, M, A, g, batch, image, C, mode);
}

void gemm_nt_im2col(int M, const float* A, const ConvGeom& g, int batch, const float* image, float* C,
                    MathMode mode, bool accumulate) {
  im2col_product(true, M, A, g, batch, image, C, mode, accumulate);
}

}  // namespace ganstep
