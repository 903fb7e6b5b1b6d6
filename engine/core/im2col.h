// im2col / col2im for batched convolutions, and the NCHW <-> channel-major
// permutations around them.
//
//   image: (B, C, H, W) as B rows of C*H*W floats (NCHW)
//   col:   (C*k*k, B*Ho*Wo), row (c*k + ki)*k + kj, column (b*Ho + oy)*Wo + ox,
//          holding image(b, c, oy*stride - pad + ki, ox*stride - pad + kj), or 0 outside
//
// One GEMM per layer then covers the whole batch (no per-sample loop).
// col2im is the adjoint of im2col: it adds every column entry back to the
// pixel it came from, in a fixed order (by kernel offset (ki, kj) ascending),
// so the sums are the same on every run and with any thread count.
#pragma once

#include <cstddef>

namespace ganstep {

struct ConvGeom {
  int C = 1, H = 1, W = 1;  // image channels and size
  int k = 1, stride = 1, pad = 0;
  int Ho = 1, Wo = 1;  // output size of the sliding window (may leave pixels uncovered)

  // The standard output size: (H + 2 pad - k) / stride + 1.
  static ConvGeom make(int C, int H, int W, int k, int stride, int pad);
  std::size_t col_rows() const { return static_cast<std::size_t>(C) * k * k; }
  std::size_t out_pixels() const { return static_cast<std::size_t>(Ho) * Wo; }
  std::size_t image_size() const { return static_cast<std::size_t>(C) * H * W; }
};

// col = im2col(image). image: B * g.image_size() floats; col: g.col_rows() x (B * Ho * Wo).
void im2col(const ConvGeom& g, int B, const float* image, float* col);
// image = col2im(col): image is overwritten (pixels no window covers get 0).
void col2im(const ConvGeom& g, int B, const float* col, float* image);

// (B, C, S) -> (C, B*S) and back: out[c][b*S + s] = in[b][c][s].
void nchw_to_cm(int B, int C, int S, const float* in, float* out);
void cm_to_nchw(int B, int C, int S, const float* in, float* out);

}  // namespace ganstep

namespace ganstep {

// Per-thread scratch buffers for transient products inside one forward() or
// backward() call (channel-major outputs, column matrices). Slots 0..3; a
// slot's contents are valid only until the next call that uses that slot.
float* conv_scratch(int slot, std::size_t n);

}  // namespace ganstep
