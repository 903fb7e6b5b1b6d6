// Helpers shared by the convolution layers (Conv2d, ConvTranspose2d).
//   NCHW rows: (B, C*S) with S = H*W pixels;  channel-major: (C, B*S)
#pragma once

#include <cstddef>
#include <string>

#include "engine/core/gemm.h"
#include "engine/core/im2col.h"
#include "engine/core/math_mode.h"
#include "engine/core/rng.h"
#include "engine/core/tensor.h"

namespace ganstep {

// Largest accepted channel count, image side and kernel, and features per sample.
constexpr int kConvMaxChannels = 4096;
constexpr int kConvMaxSide = 4096;
constexpr int kConvMaxKernel = 64;
constexpr long long kConvMaxFeatures = 1LL << 26;

// "" or what is wrong with the sizes (all >= 1, pad >= 0, below the limits).
std::string conv_check_sizes(int in_c, int h, int w, int out_c, int k, int stride, int pad);
// "" or what is wrong with an output of C x H x W.
std::string conv_check_features(int c, int h, int w);

// out(b, c, s) = in(c, b*S + s) + bias[c]
void cm_to_nchw_bias(int B, int C, int S, const float* in, const float* bias, float* out);
// out = col2im(W^T in), fast mode's order of work: in (B, cw, S) NCHW rows with
// S = g.out_pixels(), W (cw, g.col_rows()), out B * g.image_size() floats. A
// few images at a time, so each chunk's column matrix (about kColChunkBytes,
// as is its copy of the input) is still in cache when col2im reads it, and
// the full one is never stored.
// Every element gets the same operations as in one product of the whole batch.
// With at least two chunks per thread, the chunks are spread over the threads
// (threads over the batch), each in that thread's scratch.
constexpr std::size_t kColChunkBytes = std::size_t(4) << 20;
void col2im_product_chunked(const ConvGeom& g, int B, int cw, const float* W, const float* in, float* out,
                            MathMode mode);
// This thread's packed weights for the products over a batch's chunks
// (col2im_product_chunked, ConvTranspose2d's backward pass): one buffer for
// both, as neither runs inside the other.
GemmPackedA& conv_packed_weights();
// sums[c] = sum over b, then s, of in(b, c, s), accumulated in double in that order.
void channel_sums(int B, int C, int S, const float* in, float* sums);

// PyTorch's default initialisation: W, then b, uniform in +-1/sqrt(fan_in).
void init_uniform_fan_in(Tensor2& W, Tensor2& b, std::size_t fan_in, Rng& rng);

// "64x7x7"
std::string chw(int c, int h, int w);

}  // namespace ganstep
