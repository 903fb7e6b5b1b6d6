// The packed GEMM's sections 1-4 (kernel, packing, blocking, threads; see
// gemm_blocked.cpp), included INSIDE an anonymous namespace by the two files
// that compile them: gemm_blocked.cpp (exact: -ffp-contract=off, so each
// product and sum rounds separately) and gemm_fast.cpp (fast: the same loops
// with multiply-adds fused). Internal linkage keeps the two builds apart.
// Expects std::size_t Index, View (gemm_blocked.h), <cstring>, <vector>,
// <algorithm> and parallel.h to be included first.
// NOLINT(build/header_guard): included once per translation unit, on purpose.

// Wide vectors only pass between always-inlined helpers inside one target
// function, so GCC's note about their calling convention does not apply.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#define GANSTEP_INLINE inline __attribute__((always_inline))

constexpr Index kKC = 256;  // K step: an A sliver and a B sliver stay in L1

// ---- 1. kernel ----------------------------------------------------------------

template <class V>
GANSTEP_INLINE V load(const float* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
GANSTEP_INLINE void store(float* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
// c (MR x NR, row stride ldc) = (load ? c : 0) + sum over p < kc of a[p*MR + i] b[p*BS + j],
// NR = NV vectors; B's packed rows are BS floats apart (NR, or a wider sliver's
// width when a narrow kernel runs the first NR columns of an edge tile).
template <class V, int MR, int NV, int BS = NV * int(sizeof(V) / sizeof(float))>
GANSTEP_INLINE void kernel(Index kc, const float* __restrict a, const float* __restrict b, float* c,
                           Index ldc, bool load_c) {
  constexpr int L = sizeof(V) / sizeof(float);
  V acc[MR][NV];
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) acc[i][v] = load_c ? load<V>(c + i * ldc + v * L) : V{};  // +0
  for (Index p = 0; p < kc; ++p) {
    V bv[NV];
    for (int v = 0; v < NV; ++v) bv[v] = load<V>(b + p * BS + v * L);
    for (int i = 0; i < MR; ++i) {
      const float ai = a[p * MR + i];  // scalar * vector: broadcast, then lane-wise products
      for (int v = 0; v < NV; ++v) acc[i][v] += ai * bv[v];
    }
  }
  for (int i = 0; i < MR; ++i)
    for (int v = 0; v < NV; ++v) store<V>(c + i * ldc + v * L, acc[i][v]);
}

// An edge tile's kernel: only as many vectors of the sliver as its nr
// columns need (columns past them are left unwritten in c). Each element's
// products are the same, in the same order, as in the full kernel.
template <class V, int MR, int NV>
GANSTEP_INLINE void edge_kernel(Index kc, const float* a, const float* b, float* c, Index ldc, bool load_c,
                                Index nr) {
  constexpr int L = sizeof(V) / sizeof(float), NR = NV * L;
  const Index need = (nr + L - 1) / L;
  if constexpr (NV >= 2) {
    if (need == 1) return kernel<V, MR, 1, NR>(kc, a, b, c, ldc, load_c);
  }
  if constexpr (NV >= 3) {
    if (need == 2) return kernel<V, MR, 2, NR>(kc, a, b, c, ldc, load_c);
  }
  kernel<V, MR, NV>(kc, a, b, c, ldc, load_c);
}

// ---- 2. packing ---------------------------------------------------------------

// Both packers read the source along its contiguous direction (whole rows of
// a row-major operand, whole columns of a transposed one), so the hardware
// prefetcher streams it; the scattered writes land in the cache-sized buffer.

// Runs of kc contiguous floats that start far apart are too short for the
// hardware prefetcher to pick up: ask for the run kAhead rows ahead.
constexpr Index kAhead = 4;
GANSTEP_INLINE void prefetch_run(const float* p, Index n) {
  for (Index q = 0; q < n; q += 16) __builtin_prefetch(p + q);
}

// ap[s][p][r] = A(i0 + s*MR + r, p0 + p) for s < ceil(mc/MR), 0 past row mc.
template <int MR>
GANSTEP_INLINE void pack_a(View A, Index i0, Index mc, Index p0, Index kc, float* ap) {
  const Index slivers = (mc + MR - 1) / MR;
  if (A.rs == 1) {  // A's columns are contiguous: walk slivers, then p, then the sliver's rows
    const Index full = mc / MR;
    for (Index s = 0; s < full; ++s) {
      float* dst = ap + s * MR * kc;
      const float* src = A.p + i0 + s * MR + p0 * A.cs;
      for (Index p = 0; p < kc; ++p)
        for (Index r = 0; r < MR; ++r) dst[p * MR + r] = src[p * A.cs + r];
    }
    if (full * MR < mc) {
      float* dst = ap + full * MR * kc;
      const float* src = A.p + i0 + full * MR + p0 * A.cs;
      const Index rows = mc - full * MR;
      for (Index p = 0; p < kc; ++p)
        for (Index r = 0; r < rows; ++r) dst[p * MR + r] = src[p * A.cs + r];
    }
  } else {
    for (Index i = 0; i < mc; ++i) {
      const float* src = A.p + (i0 + i) * A.rs + p0 * A.cs;
      if (A.cs == 1 && i + kAhead < mc) prefetch_run(src + kAhead * A.rs, kc);
      float* dst = ap + (i / MR) * MR * kc + i % MR;
      for (Index p = 0; p < kc; ++p) dst[p * MR] = src[p * A.cs];
    }
  }
  for (Index i = mc; i < slivers * MR; ++i)
    for (Index p = 0; p < kc; ++p) ap[(i / MR) * MR * kc + p * MR + i % MR] = 0.0f;
}

// bp[s][p][c] = B(p0 + p, j0 + s*NR + c) for s < ceil(nc/NR), 0 past column nc.
template <int NR>
GANSTEP_INLINE void pack_b(View B, Index p0, Index kc, Index j0, Index nc, float* bp) {
  const Index full = nc / NR, rest = nc % NR;
  if (B.cs == 1) {  // B's rows are contiguous: walk p, then j
    for (Index p = 0; p < kc; ++p) {
      const float* src = B.p + (p0 + p) * B.rs + j0;
      for (Index s = 0; s < full; ++s)
        std::memcpy(bp + s * NR * kc + p * NR, src + s * NR, sizeof(float) * NR);
      if (rest) {
        float* dst = bp + full * NR * kc + p * NR;
        for (Index c = 0; c < rest; ++c) dst[c] = src[full * NR + c];
        for (Index c = rest; c < NR; ++c) dst[c] = 0.0f;
      }
    }
    return;
  }
  for (Index j = 0; j < nc; ++j) {  // B's columns are contiguous: walk j, then p
    const float* src = B.p + p0 * B.rs + (j0 + j) * B.cs;
    if (B.rs == 1 && j + kAhead < nc) prefetch_run(src + kAhead * B.cs, kc);
    float* dst = bp + (j / NR) * NR * kc + j % NR;
    for (Index p = 0; p < kc; ++p) dst[p * NR] = src[p * B.rs];
  }
  if (rest)
    for (Index p = 0; p < kc; ++p)
      for (Index c = rest; c < NR; ++c) bp[full * NR * kc + p * NR + c] = 0.0f;
}

// out[t] = image(b, c, iy, ix0 + t * step) for t < run, 0 outside the image.
GANSTEP_INLINE void image_run(const Im2col& im, Index b, Index c, int iy, int ix0, int step, int run, float* out) {
  const ConvGeom& g = *im.g;
  if (iy < 0 || iy >= g.H) {
    for (int t = 0; t < run; ++t) out[t] = 0.0f;
    return;
  }
  const float* src = im.image + ((b * g.C + c) * g.H + Index(iy)) * g.W;
  if (step == 1) {
    for (int t = 0; t < run; ++t) out[t] = ix0 + t >= 0 && ix0 + t < g.W ? src[ix0 + t] : 0.0f;
    return;
  }
  for (int t = 0, ix = ix0; t < run; ++t, ix += step) out[t] = ix >= 0 && ix < g.W ? src[ix] : 0.0f;
}

// pack_b's layout for an im2col B (View::im): bp[s][p][c] = col(p0 + p, j0 + s*NR + c)
// (or col(j0 + s*NR + c, p0 + p) transposed), 0 past column nc. For each p the
// row is gathered into `line` (runs of j along one image row: consecutive
// output columns, or consecutive kernel columns when transposed), then copied
// sliver by sliver.
template <int NR>
GANSTEP_INLINE void pack_b_im2col(const Im2col& im, Index p0, Index kc, Index j0, Index nc, float* bp,
                                  float* line) {
  const ConvGeom& g = *im.g;
  const Index kk = Index(g.k) * g.k, S = g.out_pixels();
  const Index slivers = (nc + NR - 1) / NR;
  for (Index j = nc; j < slivers * NR; ++j) line[j] = 0.0f;
  for (Index p = 0; p < kc; ++p) {
    if (!im.transposed) {  // col row r = (c, ki, kj) fixed; columns q = (b, oy, ox)
      const Index r = p0 + p, c = r / kk;
      const int ki = int(r % kk) / g.k, kj = int(r % kk) % g.k;
      Index b = j0 / S;
      int oy = int(j0 % S) / g.Wo, ox = int(j0 % S) % g.Wo;
      for (Index jj = 0; jj < nc;) {
        const int run = static_cast<int>(std::min<Index>(nc - jj, Index(g.Wo - ox)));
        image_run(im, b, c, oy * g.stride - g.pad + ki, ox * g.stride - g.pad + kj, g.stride, run, line + jj);
        jj += Index(run);
        ox = 0;
        if (++oy == g.Ho) oy = 0, ++b;
      }
    } else {  // col column q = (b, oy, ox) fixed; rows r = (c, ki, kj)
      const Index q = p0 + p, b = q / S;
      const int oy = int(q % S) / g.Wo, ox = int(q % S) % g.Wo;
      Index c = j0 / kk;
      int ki = int(j0 % kk) / g.k, kj = int(j0 % kk) % g.k;
      for (Index jj = 0; jj < nc;) {
        const int run = static_cast<int>(std::min<Index>(nc - jj, Index(g.k - kj)));
        image_run(im, b, c, oy * g.stride - g.pad + ki, ox * g.stride - g.pad + kj, 1, run, line + jj);
        jj += Index(run);
        kj = 0;
        if (++ki == g.k) ki = 0, ++c;
      }
    }
    for (Index s = 0; s < slivers; ++s) std::memcpy(bp + s * NR * kc + p * NR, line + s * NR, sizeof(float) * NR);
  }
}

// ---- 2b. epilogue ---------------------------------------------------------------

// Rows [i0, i0 + mr) x columns [j0, j0 + nr) of a finished tile (row stride
// ldt) to the epilogue's NCHW output, with bias and activation. The tile's
// columns are at most a few runs of pixels of one image each: each run of a
// row is one contiguous (vectorised) loop.
GANSTEP_INLINE void epilogue_store(const Epilogue& ep, Index i0, Index mr, Index j0, Index nr, const float* tile,
                                   Index ldt) {
  const Index S = ep.pixels, image = ep.channels * S;
  for (Index j = 0, b = j0 / S, s = j0 % S; j < nr;) {
    const Index run = std::min(nr - j, S - s);
    for (Index i = 0; i < mr; ++i) {
      float* __restrict dst = ep.out + b * image + (i0 + i) * S + s;
      const float* __restrict t = tile + i * ldt + j;
      const float bias = ep.bias ? ep.bias[i0 + i] : 0.0f;
      if (ep.activate) {
        const float slope = ep.slope;
        for (Index q = 0; q < run; ++q) {
          const float v = t[q] + bias;
          dst[q] = v > 0.0f ? v : slope * v;  // LeakyReLU's formula
        }
      } else {
        for (Index q = 0; q < run; ++q) dst[q] = t[q] + bias;
      }
    }
    j += run;
    s = 0;
    ++b;
  }
}

// ---- 3. blocking --------------------------------------------------------------

// The packing buffers: gemm_pack_buffer (gemm_blocked.h), one set per
// thread whichever build of this file packs into them.
inline std::vector<float>& buffer(int which) { return gemm_pack_buffer(which); }

// C rows [m0, m1) x columns [n0, n1), the full K, with one kernel shape.
template <class V, int MR, int NV, Index KC = kKC>
GANSTEP_INLINE void block_range(Index m0, Index m1, Index n0, Index n1, Index K, View A, View B, float* C,
                                Index ldc, bool accumulate, const Epilogue* ep) {
  GemmTimer timer(2.0 * double(m1 - m0) * double(n1 - n0) * double(K));
  constexpr int L = sizeof(V) / sizeof(float), NR = NV * L;
  constexpr Index MC = MR * 16, NC = NR * 32;  // a B panel of NC x KC: 1-1.5 MiB (its size changes no bit)
  auto& abuf = buffer(0);
  auto& bbuf = buffer(1);
  if (abuf.size() < MC * KC) abuf.resize(MC * KC);
  if (bbuf.size() < NC * KC) bbuf.resize(NC * KC);
  auto& lbuf = buffer(2);  // one row of an im2col B
  if (B.im && lbuf.size() < NC) lbuf.resize(NC);
  // A fused product's partial sums (over K steps) live in a panel of this
  // range's rows x NC columns (buffer 4), not in a C of the whole product:
  // the epilogue writes the result.
  float* panel = nullptr;
  const Index ldp = n1 - n0 < NC ? n1 - n0 : NC;
  if (ep) {
    auto& pbuf = buffer(4);
    if (pbuf.size() < (m1 - m0) * ldp) pbuf.resize((m1 - m0) * ldp);
    panel = pbuf.data();
  }
  float tile[MR * NR];
  for (Index jc = n0; jc < n1; jc += NC) {
    const Index nc = n1 - jc < NC ? n1 - jc : NC;
    for (Index pc = 0; pc < K; pc += KC) {
      const Index kc = K - pc < KC ? K - pc : KC;
      const bool load_c = accumulate || pc > 0;
      if (B.im)
        pack_b_im2col<NR>(*B.im, pc, kc, jc, nc, bbuf.data(), lbuf.data());
      else
        pack_b<NR>(B, pc, kc, jc, nc, bbuf.data());
      for (Index ic = m0; ic < m1; ic += MC) {
        const Index mc = m1 - ic < MC ? m1 - ic : MC;
        const float* ablock = abuf.data();
        if (A.packed)  // packed once for the whole product: K step pc, then rows from ic
          ablock = A.packed + pc * A.packed_rows + ic * kc;
        else
          pack_a<MR>(A, ic, mc, pc, kc, abuf.data());
        for (Index jr = 0; jr < nc; jr += NR) {
          const Index nr = nc - jr < NR ? nc - jr : NR;
          const float* bs = bbuf.data() + jr * kc;
          for (Index ir = 0; ir < mc; ir += MR) {
            const Index mr = mc - ir < MR ? mc - ir : MR;
            const float* as = ablock + ir * kc;
            float* c = ep ? panel + (ic + ir - m0) * ldp + jr : C + (ic + ir) * ldc + jc + jr;
            const Index ld = ep ? ldp : ldc;
            const bool last = ep && pc + kc >= K;  // a fused product's last K step: out through the epilogue
            if (mr == MR && nr == NR) {
              kernel<V, MR, NV>(kc, as, bs, c, ld, load_c);
              if (last) epilogue_store(*ep, ic + ir, mr, jc + jr, nr, c, ld);
              continue;
            }
            // An edge tile: through a full-size scratch tile.
            for (Index i = 0; i < MR; ++i)
              for (Index j = 0; j < NR; ++j)
                tile[i * NR + j] = i < mr && j < nr && load_c ? c[i * ld + j] : 0.0f;
            edge_kernel<V, MR, NV>(kc, as, bs, tile, NR, load_c, nr);
            if (last) {
              epilogue_store(*ep, ic + ir, mr, jc + jr, nr, tile, NR);
              continue;
            }
            for (Index i = 0; i < mr; ++i)
              for (Index j = 0; j < nr; ++j) c[i * ld + j] = tile[i * NR + j];
          }
        }
      }
    }
  }
}

// The whole of A in block_range's order (View::packed): for each K step pc,
// rows [0, M) padded to whole slivers, as pack_a lays out one block. Rows
// [r0, r1) only (r0 a multiple of MR): the parts are disjoint, so threads can
// share the work.
template <int MR, Index KC = kKC>
void pack_a_rows(Index M, Index K, View A, float* out, Index r0, Index r1) {
  const Index rows = (M + MR - 1) / MR * MR;
  for (Index pc = 0; pc < K; pc += KC) {
    const Index kc = K - pc < KC ? K - pc : KC;
    pack_a<MR>(A, r0, std::min(r1, M) - r0, pc, kc, out + pc * rows + r0 * kc);
  }
}

// ---- 4. threads ---------------------------------------------------------------

// One kernel shape compiled for one instruction set: C rows [m0, m1) x columns [n0, n1).
using RangeFn = void (*)(Index m0, Index m1, Index n0, Index n1, Index K, View A, View B, float* C, Index ldc,
                         bool accumulate, const Epilogue* ep);
// Its packing of A's rows [r0, r1) (pack_a_rows with its MR and KC).
using PackFn = void (*)(Index M, Index K, View A, float* out, Index r0, Index r1);

// A packed whole into out, the parts spread over the threads; returns the View reading it.
View pack_whole_a(PackFn pack, Index MR, Index M, Index K, View A, std::vector<float>& out) {
  const Index rows = (M + MR - 1) / MR * MR, part = MR * 16;
  if (out.size() < rows * K) out.resize(rows * K);
  float* dst = out.data();
  const int parts = static_cast<int>(std::min<Index>(Index(thread_count()), (M + part - 1) / part));
  if (parts <= 1) {
    GemmTimer timer(0);
    pack(M, K, A, dst, 0, M);
  } else {
    const Index per = ((M + part - 1) / part + parts - 1) / parts * part;  // whole parts per task
    parallel_for(parts, [&](int t) {
      GemmTimer timer(0);
      const Index r0 = Index(t) * per;
      if (r0 < M) pack(M, K, A, dst, r0, std::min(M, r0 + per));
    });
  }
  View v = A;
  v.packed = dst;
  v.packed_rows = rows;
  return v;
}

constexpr double kMinFlopsPerTask = 4e6;  // smaller products are not split
constexpr int kTasksPerThread = 4;        // the pool hands them out as threads come free

// Splits C into disjoint column ranges (or row ranges when M > N), each a
// multiple of the tile size, up to kTasksPerThread per thread (so a thread
// slowed by another process does less of the work). Every element keeps its
// order: only whole elements move between threads, never parts of K.
// Column ranges all read the whole of A: it is packed once, before the
// tasks, and shared (not once per task).
void run(RangeFn range, PackFn pack, Index MR, Index NR, Index M, Index N, Index K, View A, View B, float* C,
         bool accumulate, const Epilogue* ep = nullptr) {
  const double flops = 2.0 * M * N * K;
  const int threads = thread_count();
  int tasks = 1;
  if (threads > 1)
    tasks =
        static_cast<int>(std::min(static_cast<double>(kTasksPerThread * threads), flops / kMinFlopsPerTask));
  const bool split_n = N >= M;
  const Index unit = split_n ? NR : MR;
  const Index extent = split_n ? N : M;
  const Index units = (extent + unit - 1) / unit;
  if (static_cast<Index>(tasks) > units) tasks = static_cast<int>(units);
  if (tasks <= 1) {
    range(0, M, 0, N, K, A, B, C, N, accumulate, ep);
    return;
  }
  if (split_n && !A.packed) A = pack_whole_a(pack, MR, M, K, A, buffer(3));
  parallel_for(tasks, [&](int t) {
    const Index lo = units * t / tasks * unit, hi_units = units * (t + 1) / tasks * unit;
    const Index hi = hi_units < extent ? hi_units : extent;
    if (split_n)
      range(0, M, lo, hi, K, A, B, C, N, accumulate, ep);
    else
      range(lo, hi, 0, N, K, A, B, C, N, accumulate, ep);
  });
}

// ---- the per-instruction-set entry points ---------------------------------------

typedef float V4 __attribute__((vector_size(16)));
typedef float V8 __attribute__((vector_size(32)));
typedef float V16 __attribute__((vector_size(64)));

// The kernels are inlined into one function per instruction set (a lambda or
// a non-inlined helper would be compiled for the baseline instead).
#define GANSTEP_RANGE_FN(name, V, MR, NV, ...)                                                    \
  void name(Index m0, Index m1, Index n0, Index n1, Index K, View A, View B, float* C, Index ldc, \
            bool acc, const Epilogue* ep) {                                                       \
    block_range<V, MR, NV, ##__VA_ARGS__>(m0, m1, n0, n1, K, A, B, C, ldc, acc, ep);              \
  }                                                                                               \
  void name##_pack(Index M, Index K, View A, float* out, Index r0, Index r1) {                    \
    pack_a_rows<MR, ##__VA_ARGS__>(M, K, A, out, r0, r1);                                        \
  }

