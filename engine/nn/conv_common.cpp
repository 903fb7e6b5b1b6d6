#include "engine/nn/conv_common.h"

#include <algorithm>
#include <cstddef>
#include <vector>

#include "engine/core/detmath.h"
#include "engine/core/gemm.h"
#include "engine/core/parallel.h"
#include "engine/nn/channel_chains.h"
#include "engine/nn/image.h"

namespace ganstep {

namespace {

std::string in_range(const char* what, int v, int lo, int hi) {
  if (v >= lo && v <= hi) return "";
  return std::string(what) + " " + std::to_string(v) + " is out of range " + std::to_string(lo) + ".." +
         std::to_string(hi);
}

}  // namespace

std::string conv_check_sizes(int in_c, int h, int w, int out_c, int k, int stride, int pad) {
  for (const std::string& e :
       {in_range("input channels", in_c, 1, kConvMaxChannels), in_range("input height", h, 1, kConvMaxSide),
        in_range("input width", w, 1, kConvMaxSide), in_range("output channels", out_c, 1, kConvMaxChannels),
        in_range("kernel", k, 1, kConvMaxKernel), in_range("stride", stride, 1, kConvMaxKernel),
        in_range("padding", pad, 0, kConvMaxKernel)})
    if (!e.empty()) return e;
  return conv_check_features(in_c, h, w);
}

std::string conv_check_features(int c, int h, int w) {
  if (h < 1 || w < 1) return "output size " + chw(c, h, w) + " is empty";
  if (h > kConvMaxSide || w > kConvMaxSide) return "output size " + chw(c, h, w) + " is too large";
  if (static_cast<long long>(c) * h * w > kConvMaxFeatures)
    return chw(c, h, w) + " has more than " + std::to_string(kConvMaxFeatures) + " features";
  return "";
}

void cm_to_nchw_bias(int B, int C, int S, const float* in, const float* bias, float* out) {
  const std::size_t s = static_cast<std::size_t>(S), bs = static_cast<std::size_t>(B) * s;
  for (int b = 0; b < B; ++b)
    for (int c = 0; c < C; ++c) {
      const float* src = in + c * bs + b * s;
      float* dst = out + (static_cast<std::size_t>(b) * C + c) * s;
      const float bc = bias[c];
      for (std::size_t i = 0; i < s; ++i) dst[i] = src[i] + bc;
    }
}

void col2im_product_chunked(const ConvGeom& g, int B, int cw, const float* W, const float* in, float* out,
                            MathMode mode) {
  const std::size_t S = g.out_pixels(), rows = g.col_rows();
  const std::size_t per_image = std::max<std::size_t>(rows, cw) * S * sizeof(float);  // col's or cm's share
  const int chunk = static_cast<int>(std::max<std::size_t>(1, kColChunkBytes / per_image));
  const int chunks = (B + chunk - 1) / chunk;
  GemmPackedA& wt = conv_packed_weights();  // W^T, packed once for every chunk's product
  // (a named reference: the tasks on other threads read this thread's copy)
  gemm_pack_a(static_cast<int>(rows), cw, W, true, mode, wt);
  // Chunk t: its images' layout copy, product and col2im, in this thread's scratch.
  auto one = [&](int t) {
    const int b0 = t * chunk, nb = std::min(chunk, B - b0);
    const std::size_t n = static_cast<std::size_t>(nb) * S;
    float* cm = conv_scratch(2, static_cast<std::size_t>(cw) * n);
    float* col = conv_scratch(3, rows * n);
    nchw_to_cm(nb, cw, static_cast<int>(S), in + static_cast<std::size_t>(b0) * cw * S, cm);
    gemm_packed_nn(wt, static_cast<int>(n), cm, col);
    col2im(g, nb, col, out + static_cast<std::size_t>(b0) * g.image_size());
  };
  // Threads over the batch where there are chunks enough to share: each chunk
  // is one task (the product and col2im inside run on its thread), writing its
  // own images. Each element gets the same operations either way.
  if (chunks >= 2 * thread_count()) {
    parallel_for(chunks, one);
    return;
  }
  for (int t = 0; t < chunks; ++t) one(t);
}

GemmPackedA& conv_packed_weights() {
  thread_local GemmPackedA packed;
  return packed;
}

void channel_sums(int B, int C, int S, const float* in, float* sums) {
  thread_local std::vector<double> acc;
  acc.resize(static_cast<std::size_t>(C));
  double* const out[1] = {acc.data()};
  channel_chains<1>(static_cast<std::size_t>(B), static_cast<std::size_t>(C), static_cast<std::size_t>(S), 0,
                    static_cast<std::size_t>(C), out,
                    [in](std::size_t i, std::size_t, double* a) { a[0] += static_cast<double>(in[i]); });
  for (int c = 0; c < C; ++c) sums[c] = static_cast<float>(acc[static_cast<std::size_t>(c)]);
}

void init_uniform_fan_in(Tensor2& W, Tensor2& b, std::size_t fan_in, Rng& rng) {
  const float bound = static_cast<float>(1.0 / det_sqrt(static_cast<double>(fan_in)));
  for (auto& v : W) v = rng.uniform(-bound, bound);
  for (auto& v : b) v = rng.uniform(-bound, bound);
}

std::string chw(int c, int h, int w) {
  return ImageShape{c, h, w}.text();
}

}  // namespace ganstep
