#include "engine/core/im2col.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/core/simd_clones.h"

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace ganstep {
namespace {

using Index = std::size_t;

// Stride 2's gather and scatter-add along one output row: d[ox] = s[2 ox]
// and s[2 ox] += d[ox] for ox in [ox0, ox1). WebAssembly has no vector
// gather and its scalar loop costs about twice native's (measured): four
// outputs at a time there, as two loads of eight consecutive inputs and the
// shuffle that picks the even lanes (the odd ones are stored back unchanged:
// one thread, the web build's only one, owns the row). Each kept value is
// moved, or gets its one addition, exactly as in the scalar loop. `avail`
// is how many floats from s on may be read (the rest of the image plane).
void gather_stride2(const float* __restrict s, float* __restrict d, int ox0, int ox1, std::ptrdiff_t avail) {
  int ox = ox0;
#ifdef __wasm_simd128__
  for (; ox + 4 <= ox1 && 2 * static_cast<std::ptrdiff_t>(ox) + 8 <= avail; ox += 4) {
    const v128_t a = wasm_v128_load(s + 2 * ox), b = wasm_v128_load(s + 2 * ox + 4);
    wasm_v128_store(d + ox, wasm_i32x4_shuffle(a, b, 0, 2, 4, 6));
  }
#else
  (void)avail;
#endif
  for (; ox < ox1; ++ox) d[ox] = s[2 * static_cast<std::ptrdiff_t>(ox)];
}

void scatter_add_stride2(float* s, const float* __restrict d, int ox0, int ox1, std::ptrdiff_t avail) {  // s: the image row
  int ox = ox0;
#ifdef __wasm_simd128__
  for (; ox + 4 <= ox1 && 2 * static_cast<std::ptrdiff_t>(ox) + 8 <= avail; ox += 4) {
    float* p = s + 2 * ox;
    const v128_t a = wasm_v128_load(p), b = wasm_v128_load(p + 4);
    const v128_t even = wasm_f32x4_add(wasm_i32x4_shuffle(a, b, 0, 2, 4, 6), wasm_v128_load(d + ox));
    wasm_v128_store(p, wasm_i32x4_shuffle(even, a, 0, 5, 1, 7));
    wasm_v128_store(p + 4, wasm_i32x4_shuffle(even, b, 2, 5, 3, 7));
  }
#else
  (void)avail;
#endif
  for (; ox < ox1; ++ox) s[2 * static_cast<std::ptrdiff_t>(ox)] += d[ox];
}

// Output positions o in [lo, hi) whose input index o*stride - pad + kk lies in [0, n).
void valid_range(int out, int n, int stride, int pad, int kk, int& lo, int& hi) {
  // o*stride >= pad - kk  and  o*stride <= n - 1 + pad - kk
  const int a = pad - kk;
  lo = a <= 0 ? 0 : (a + stride - 1) / stride;
  const int b = n - 1 + pad - kk;
  hi = b < 0 ? 0 : b / stride + 1;
  if (hi > out) hi = out;
  if (lo > hi) lo = hi;
}

// Runs body(ki, kj, oy0, oy1, ox0, ox1, row) for every kernel offset in
// (ki, kj) order: the output rows [oy0, oy1) and columns [ox0, ox1) whose
// input pixel lies inside the image, and the offset's first column index
// in col ((c k + ki) k + kj) * ncols, the layout im2col writes.
template <class F>
void for_offsets(const ConvGeom& g, int c, Index ncols, F body) {
  for (int ki = 0; ki < g.k; ++ki) {
    int oy0, oy1;
    valid_range(g.Ho, g.H, g.stride, g.pad, ki, oy0, oy1);
    for (int kj = 0; kj < g.k; ++kj) {
      int ox0, ox1;
      valid_range(g.Wo, g.W, g.stride, g.pad, kj, ox0, ox1);
      body(ki, kj, oy0, oy1, ox0, ox1, ((static_cast<Index>(c) * g.k + ki) * g.k + kj) * ncols);
    }
  }
}

// Runs body(c, b0, b1) over every channel c and a split of the batch into
// ranges [b0, b1), in parallel when the work is big enough. The pieces touch
// disjoint parts of the image and of col, whatever the split.
template <class F>
void for_pieces(const ConvGeom& g, int B, F body) {
  const Index work = g.col_rows() * static_cast<Index>(B) * g.out_pixels();
  if (work < (1u << 16)) {
    for (int c = 0; c < g.C; ++c) body(c, 0, B);
    return;
  }
  const int splits = g.C >= 16 ? 1 : (B < 8 ? B : 8);  // few channels: split the batch too
  parallel_for(g.C * splits, [&](int t) {
    const int c = t / splits, part = t % splits;
    body(c, B * part / splits, B * (part + 1) / splits);
  });
}

// ---- phase planes ---------------------------------------------------------------
// When the stride s divides the image's height and width, every row of col
// (one kernel offset) reads one of the image's s*s phase planes, the pixels
// (s*y + py, s*x + px), shifted by whole pixels of the plane:
//   image(oy*s - pad + ki, ox*s - pad + kj) = P[py][px](oy + qy, ox + qx),
//   py = (ki - pad) mod s, qy = floor((ki - pad) / s), and alike for columns.
// So a plane is deinterleaved once per (image, channel) and each offset's
// block is contiguous copies (one copy of the whole block when the output
// is as wide as a plane), instead of one strided gather per output row.
// Only floats are moved, and col2im adds each entry to its pixel in the
// same (ki, kj) order: the bits are the direct loops'.
struct Phases {
  int s, Hp, Wp;
  bool usable;
};

Phases phases_of(const ConvGeom& g) {
  const int s = g.stride;
  return {s, g.H / s, g.W / s, g.H % s == 0 && g.W % s == 0};  // stride 1: always
}

// floor division and its remainder for a possibly negative a (s > 0)
inline int floor_div(int a, int s) { return a >= 0 ? a / s : -((-a + s - 1) / s); }

// planes (s*s planes of Hp x Wp, phase-major) = the s*s phases of one image
// plane: image row y goes to row y / s of the planes (y mod s, px).
void deinterleave(const float* __restrict img, int W, const Phases& ph, float* __restrict planes) {
  const std::size_t n = static_cast<std::size_t>(ph.Hp) * ph.Wp;
  for (int y = 0; y < ph.Hp * ph.s; ++y) {
    const float* __restrict r = img + static_cast<std::ptrdiff_t>(y) * W;
    float* o = planes + static_cast<std::size_t>(y % ph.s) * ph.s * n + static_cast<std::size_t>(y / ph.s) * ph.Wp;
    if (ph.s == 2) {
      float* __restrict e = o;
      float* __restrict d = o + n;
      for (int x = 0; x < ph.Wp; ++x) {
        e[x] = r[2 * x];
        d[x] = r[2 * x + 1];
      }
      continue;
    }
    for (int px = 0; px < ph.s; ++px)
      for (int x = 0; x < ph.Wp; ++x) o[px * n + x] = r[x * ph.s + px];
  }
}

void interleave(const float* __restrict planes, int W, const Phases& ph, float* __restrict img) {
  const std::size_t n = static_cast<std::size_t>(ph.Hp) * ph.Wp;
  for (int y = 0; y < ph.Hp * ph.s; ++y) {
    float* __restrict r = img + static_cast<std::ptrdiff_t>(y) * W;
    const float* o = planes + static_cast<std::size_t>(y % ph.s) * ph.s * n + static_cast<std::size_t>(y / ph.s) * ph.Wp;
    if (ph.s == 2) {
      const float* __restrict e = o;
      const float* __restrict d = o + n;
      for (int x = 0; x < ph.Wp; ++x) {
        r[2 * x] = e[x];
        r[2 * x + 1] = d[x];
      }
      continue;
    }
    for (int px = 0; px < ph.s; ++px)
      for (int x = 0; x < ph.Wp; ++x) r[x * ph.s + px] = o[px * n + x];
  }
}

// One kernel offset's block: where in the planes it reads, and its valid
// output rows [oy0, oy1) and columns [ox0, ox1).
struct Block {
  std::size_t plane;  // first float of the phase plane
  std::ptrdiff_t shift;  // plane index of output (oy, ox) = oy*Wp + ox + shift
  int oy0, oy1, ox0, ox1;
  const std::uint32_t* mask;  // output rows as wide as a plane: all ones where valid, else 0 (S of them)
  bool empty() const { return oy0 >= oy1 || ox0 >= ox1; }
};

// The blocks of every kernel offset, in (ki, kj) order (k*k of them).
const Block* blocks_of(const ConvGeom& g, const Phases& ph) {
  thread_local std::vector<Block> blocks;
  thread_local std::vector<std::uint32_t> masks;
  const std::size_t kk = static_cast<std::size_t>(g.k) * g.k, S = g.out_pixels();
  const bool flat = g.Wo == ph.Wp;
  blocks.resize(kk);
  masks.assign(flat ? kk * S : 0, 0u);
  for (int ki = 0; ki < g.k; ++ki)
    for (int kj = 0; kj < g.k; ++kj) {
      const std::size_t r = static_cast<std::size_t>(ki) * g.k + kj;
      Block& b = blocks[r];
      valid_range(g.Ho, g.H, g.stride, g.pad, ki, b.oy0, b.oy1);
      valid_range(g.Wo, g.W, g.stride, g.pad, kj, b.ox0, b.ox1);
      const int qy = floor_div(ki - g.pad, ph.s), qx = floor_div(kj - g.pad, ph.s);
      const int py = ki - g.pad - qy * ph.s, px = kj - g.pad - qx * ph.s;
      b.plane = (static_cast<std::size_t>(py) * ph.s + px) * ph.Hp * ph.Wp;
      b.shift = static_cast<std::ptrdiff_t>(qy) * ph.Wp + qx;
      b.mask = flat ? masks.data() + r * S : nullptr;
      if (flat)
        for (int oy = b.oy0; oy < b.oy1; ++oy)
          for (int ox = b.ox0; ox < b.ox1; ++ox) masks[r * S + static_cast<std::size_t>(oy) * g.Wo + ox] = ~0u;
    }
  return blocks.data();
}

inline void fill_zero(float* d, std::ptrdiff_t n) {
  for (std::ptrdiff_t t = 0; t < n; ++t) d[t] = 0.0f;
}

inline std::uint32_t bits_of(float v) {
  std::uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}
inline float float_of(std::uint32_t u) {
  float v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

// d[t] = s[t] where mask[t], else +0: the float's bits, or none of them.
GANSTEP_SIMD_CLONES void masked_copy(const float* __restrict s, const std::uint32_t* __restrict mask,
                                     float* __restrict d, std::ptrdiff_t n) {
  for (std::ptrdiff_t t = 0; t < n; ++t) d[t] = float_of(bits_of(s[t]) & mask[t]);
}

// d[t] += (mask[t] ? s[t] : +0). Adding +0 leaves every float but -0 as it
// is, and a sum that starts at +0 is never -0 (x + y is -0 only when both
// are): so the masked entries change no bit of the pixels they land on.
GANSTEP_SIMD_CLONES void masked_add(const float* __restrict s, const std::uint32_t* __restrict mask,
                                    float* __restrict d, std::ptrdiff_t n) {
  for (std::ptrdiff_t t = 0; t < n; ++t) d[t] += float_of(bits_of(s[t]) & mask[t]);
}

// d (Ho x Wo) = the block read from the planes, 0 where it lies outside the image.
inline void copy_block(const ConvGeom& g, const Phases& ph, const Block& k, const float* __restrict planes,
                       float* __restrict d) {
  const std::ptrdiff_t Wo = g.Wo, S = static_cast<std::ptrdiff_t>(g.out_pixels());
  if (k.empty()) return fill_zero(d, S);
  const float* __restrict p = planes + k.plane;
  const std::ptrdiff_t sh = k.shift;  // p[t + sh] is in the plane for every t of the block's run
  if (k.mask) {  // one run from the first valid entry to the last, the columns outside masked to 0
    const std::ptrdiff_t first = k.oy0 * Wo + k.ox0, last = (k.oy1 - 1) * Wo + k.ox1;
    fill_zero(d, first);
    masked_copy(p + first + sh, k.mask + first, d + first, last - first);
    fill_zero(d + last, S - last);
    return;
  }
  fill_zero(d, k.oy0 * Wo);
  for (std::ptrdiff_t oy = k.oy0; oy < k.oy1; ++oy) {
    float* r = d + oy * Wo;
    const std::ptrdiff_t q = oy * ph.Wp + sh;
    for (int ox = 0; ox < k.ox0; ++ox) r[ox] = 0.0f;
    for (int ox = k.ox0; ox < k.ox1; ++ox) r[ox] = p[q + ox];
    for (std::ptrdiff_t ox = k.ox1; ox < Wo; ++ox) r[ox] = 0.0f;
  }
  fill_zero(d + k.oy1 * Wo, S - k.oy1 * Wo);
}

// planes += the block's valid entries of d (Ho x Wo), each to its pixel
// (planes start at +0: see masked_add).
inline void add_block(const ConvGeom& g, const Phases& ph, const Block& k, const float* __restrict d,
                      float* __restrict planes) {
  if (k.empty()) return;
  const std::ptrdiff_t Wo = g.Wo;
  float* __restrict p = planes + k.plane;
  const std::ptrdiff_t sh = k.shift;
  if (k.mask) {  // one run in both, the masked entries adding +0
    const std::ptrdiff_t first = k.oy0 * Wo + k.ox0, last = (k.oy1 - 1) * Wo + k.ox1;
    masked_add(d + first, k.mask + first, p + first + sh, last - first);
    return;
  }
  for (std::ptrdiff_t oy = k.oy0; oy < k.oy1; ++oy) {
    const std::ptrdiff_t q = oy * ph.Wp + sh;
    const float* __restrict i = d + oy * Wo;
    for (int ox = k.ox0; ox < k.ox1; ++ox) p[q + ox] += i[ox];
  }
}

// One image plane's phases, per thread (H*W floats; grows once).
float* phase_buffer(std::size_t n) {
  thread_local std::vector<float> buf;
  if (buf.size() < n) buf.resize(n);
  return buf.data();
}

// Runs per_image(planes, at, first) for every (image b, channel c): planes
// this thread's phase buffer (nullptr at stride 1, where the image is its
// own one phase), at = the plane's first float in the image, first = its
// first column in the channel's first row of col (rows are ncols apart).
template <class F>
void for_phase_images(const ConvGeom& g, int B, const Phases& ph, F per_image) {
  const Index ncols = static_cast<Index>(B) * g.out_pixels();
  const Index plane = static_cast<Index>(g.H) * g.W, kk = static_cast<Index>(g.k) * g.k;
  for_pieces(g, B, [&](int c, int b0, int b1) {
    float* planes = ph.s == 1 ? nullptr : phase_buffer(plane);
    for (int b = b0; b < b1; ++b)
      per_image(planes, (static_cast<Index>(b) * g.C + c) * plane, c * kk * ncols + static_cast<Index>(b) * g.out_pixels());
  });
}

void im2col_phases(const ConvGeom& g, const Phases& ph, int B, const float* image, float* col) {
  const Index ncols = static_cast<Index>(B) * g.out_pixels(), kk = static_cast<Index>(g.k) * g.k;
  const Block* blocks = blocks_of(g, ph);
  for_phase_images(g, B, ph, [&](float* planes, Index at, Index first) {
    if (planes) deinterleave(image + at, g.W, ph, planes);
    const float* from = planes ? planes : image + at;
    for (Index r = 0; r < kk; ++r) copy_block(g, ph, blocks[r], from, col + first + r * ncols);
  });
}

void col2im_phases(const ConvGeom& g, const Phases& ph, int B, const float* col, float* image) {
  const Index ncols = static_cast<Index>(B) * g.out_pixels(), kk = static_cast<Index>(g.k) * g.k;
  const Block* blocks = blocks_of(g, ph);
  for_phase_images(g, B, ph, [&](float* planes, Index at, Index first) {
    float* to = planes ? planes : image + at;
    fill_zero(to, static_cast<std::ptrdiff_t>(g.H) * g.W);
    // Every pixel gets its contributions in (ki, kj) order.
    for (Index r = 0; r < kk; ++r) add_block(g, ph, blocks[r], col + first + r * ncols, to);
    if (planes) interleave(planes, g.W, ph, image + at);
  });
}

}  // namespace

ConvGeom ConvGeom::make(int C, int H, int W, int k, int stride, int pad) {
  ConvGeom g;
  g.C = C;
  g.H = H;
  g.W = W;
  g.k = k;
  g.stride = stride;
  g.pad = pad;
  g.Ho = (H + 2 * pad - k) / stride + 1;
  g.Wo = (W + 2 * pad - k) / stride + 1;
  return g;
}

void im2col(const ConvGeom& g, int B, const float* image, float* col) {
  const Phases ph = phases_of(g);
  if (ph.usable) return im2col_phases(g, ph, B, image, col);
  const Index ncols = static_cast<Index>(B) * g.out_pixels();
  const Index plane = static_cast<Index>(g.H) * g.W;
  for_pieces(g, B, [&](int c, int b0, int b1) {
    for_offsets(g, c, ncols, [&](int ki, int kj, int oy0, int oy1, int ox0, int ox1, Index offset) {
      float* row = col + offset;
      for (int b = b0; b < b1; ++b) {
        const float* src = image + (static_cast<Index>(b) * g.C + c) * plane;
        float* dst = row + static_cast<Index>(b) * g.out_pixels();
        for (int oy = 0; oy < g.Ho; ++oy) {
          float* d = dst + static_cast<Index>(oy) * g.Wo;
          if (oy < oy0 || oy >= oy1) {
            std::memset(d, 0, sizeof(float) * g.Wo);
            continue;
          }
          // input pixel of output ox: src[base + ox * stride] (in range for ox in [ox0, ox1))
          const std::ptrdiff_t base =
              static_cast<std::ptrdiff_t>(oy * g.stride - g.pad + ki) * g.W - g.pad + kj;
          for (int ox = 0; ox < ox0; ++ox) d[ox] = 0.0f;
          if (g.stride == 2) {  // (stride 1 always takes the phase planes)
            gather_stride2(src + base, d, ox0, ox1, static_cast<std::ptrdiff_t>(plane) - base);
          } else {
            for (int ox = ox0; ox < ox1; ++ox) d[ox] = src[base + static_cast<std::ptrdiff_t>(ox) * g.stride];
          }
          for (int ox = ox1; ox < g.Wo; ++ox) d[ox] = 0.0f;
        }
      }
    });
  });
}

void col2im(const ConvGeom& g, int B, const float* col, float* image) {
  const Phases ph = phases_of(g);
  if (ph.usable) return col2im_phases(g, ph, B, col, image);
  const Index ncols = static_cast<Index>(B) * g.out_pixels();
  const Index plane = static_cast<Index>(g.H) * g.W;
  for_pieces(g, B, [&](int c, int b0, int b1) {
    for (int b = b0; b < b1; ++b)
      std::memset(image + (static_cast<Index>(b) * g.C + c) * plane, 0, sizeof(float) * plane);
    // Every pixel gets its contributions in (ki, kj) order.
    for_offsets(g, c, ncols, [&](int ki, int kj, int oy0, int oy1, int ox0, int ox1, Index offset) {
      const float* row = col + offset;
      for (int b = b0; b < b1; ++b) {
        float* dst = image + (static_cast<Index>(b) * g.C + c) * plane;
        const float* src = row + static_cast<Index>(b) * g.out_pixels();
        for (int oy = oy0; oy < oy1; ++oy) {
          const float* s = src + static_cast<Index>(oy) * g.Wo;
          const std::ptrdiff_t base =
              static_cast<std::ptrdiff_t>(oy * g.stride - g.pad + ki) * g.W - g.pad + kj;
          if (g.stride == 2) {
            scatter_add_stride2(dst + base, s, ox0, ox1, static_cast<std::ptrdiff_t>(plane) - base);
          } else {
            for (int ox = ox0; ox < ox1; ++ox)
              dst[base + static_cast<std::ptrdiff_t>(ox) * g.stride] += s[ox];
          }
        }
      }
    });
  });
}

void nchw_to_cm(int B, int C, int S, const float* in, float* out) {
  const Index s = static_cast<Index>(S), bs = static_cast<Index>(B) * s;
  for (int b = 0; b < B; ++b)
    for (int c = 0; c < C; ++c)
      std::memcpy(out + c * bs + b * s, in + (static_cast<Index>(b) * C + c) * s, sizeof(float) * s);
}

void cm_to_nchw(int B, int C, int S, const float* in, float* out) {
  const Index s = static_cast<Index>(S), bs = static_cast<Index>(B) * s;
  for (int b = 0; b < B; ++b)
    for (int c = 0; c < C; ++c)
      std::memcpy(out + (static_cast<Index>(b) * C + c) * s, in + c * bs + b * s, sizeof(float) * s);
}

}  // namespace ganstep

namespace ganstep {

float* conv_scratch(int slot, std::size_t n) {
  thread_local std::vector<float> buffers[4];
  auto& v = buffers[slot & 3];
  if (v.size() < n) v.resize(n);
  return v.data();
}

}  // namespace ganstep
