#include "engine/nn/conv_transpose2d.h"

#include <algorithm>
#include <cstring>

#include "engine/core/gemm.h"
#include "engine/nn/conv_common.h"

namespace ganstep {

namespace {

int transposed_size(int n, int k, int stride, int pad, int output_padding) {
  return (n - 1) * stride - 2 * pad + k + output_padding;
}

}  // namespace

std::string ConvTranspose2d::check(int in_c, int h, int w, int out_c, int k, int stride, int pad,
                                   int output_padding) {
  std::string e = conv_check_sizes(in_c, h, w, out_c, k, stride, pad);
  if (!e.empty()) return e;
  if (output_padding < 0 || output_padding >= stride)
    return "output padding " + std::to_string(output_padding) + " must be in 0..stride-1 (stride " +
           std::to_string(stride) + ")";
  return conv_check_features(out_c, transposed_size(h, k, stride, pad, output_padding),
                             transposed_size(w, k, stride, pad, output_padding));
}

ConvTranspose2d::ConvTranspose2d(int in_c, int h, int w, int out_c, int k, int stride, int pad,
                                 int output_padding)
    : in_c_(in_c), output_padding_(output_padding) {
  g_.C = out_c;
  g_.H = transposed_size(h, k, stride, pad, output_padding);
  g_.W = transposed_size(w, k, stride, pad, output_padding);
  g_.k = k;
  g_.stride = stride;
  g_.pad = pad;
  g_.Ho = h;
  g_.Wo = w;
  W = xt::zeros<float>({static_cast<std::size_t>(in_c), g_.col_rows()});
  b = xt::zeros<float>({std::size_t{1}, static_cast<std::size_t>(out_c)});
  dW = xt::zeros<float>(W.shape());
  db = xt::zeros<float>(b.shape());
}

void ConvTranspose2d::init(Rng& rng) { init_uniform_fan_in(W, b, g_.col_rows(), rng); }

void ConvTranspose2d::forward(const Tensor2& x, Tensor2& y) {
  if (mode_ == MathMode::Fast) x_.assign(x.data(), x.data() + x.size());
  forward_from(x, y);
}

void ConvTranspose2d::forward_kept(const Tensor2& x, Tensor2& y) { forward_from(x, y); }

// xcm (Cin, B*H*W);  col (Cout*k*k, B*H*W) = W^T xcm;  y = col2im(col) + b.
void ConvTranspose2d::forward_from(const Tensor2& x, Tensor2& y) {
  const auto xi = image_in(x, in_image(), *this);
  const int B = static_cast<int>(xi.shape()[0]);
  const std::size_t S = g_.out_pixels(), N = static_cast<std::size_t>(B) * S;
  batch_ = B;
  fast_ = mode_ == MathMode::Fast;
  if (!fast_) {
    xcm_.resize(static_cast<std::size_t>(in_c_) * N);
    nchw_to_cm(B, in_c_, static_cast<int>(S), xi.data(), xcm_.data());
  }
  auto yo = image_out(y, static_cast<std::size_t>(B), out_image());
  if (fast_) {  // a few images at a time, col never whole (im2col of dy
    // in the backward pass stays in memory: its stride-1 rows copy faster than packing gathers them)
    col2im_product_chunked(g_, B, in_c_, W.data(), xi.data(), yo.data(), mode_);
  } else {
    float* col = conv_scratch(0, g_.col_rows() * N);
    gemm_tn(static_cast<int>(g_.col_rows()), static_cast<int>(N), in_c_, W.data(), xcm_.data(), col, false, mode_);
    col2im(g_, B, col, yo.data());
  }
  const std::size_t plane = static_cast<std::size_t>(g_.H) * g_.W;
  float* yp = yo.data();
  for (int bi = 0; bi < B; ++bi)
    for (int c = 0; c < g_.C; ++c) {
      float* row = yp + (static_cast<std::size_t>(bi) * g_.C + c) * plane;
      const float bc = b.data()[c];
      for (std::size_t i = 0; i < plane; ++i) row[i] += bc;
    }
}

// dcol = im2col(dy);  dW (Cin, Cout*k*k) = xcm dcol^T;  db = per-channel sums of dy.
void ConvTranspose2d::param_grads_from(const Tensor2& dy, float* dcol) {
  const auto dyi = image_in(dy, out_image(), *this, batch_);
  const std::size_t N = static_cast<std::size_t>(batch_) * g_.out_pixels();
  im2col(g_, batch_, dyi.data(), dcol);
  gemm_nt(in_c_, static_cast<int>(g_.col_rows()), static_cast<int>(N), xcm_.data(), dcol, dW.data(), false, mode_);
  channel_sums(batch_, g_.C, g_.H * g_.W, dyi.data(), db.data());
}

// Fast mode: the same products a few images at a time, so dcol is never
// whole and each chunk's is still in cache when the products read it. dW gets
// the chunks' products added in image order (each element's multiply-adds in
// the order of one product of the whole batch).
void ConvTranspose2d::backward_chunked(const float* x, const float* dy, float* dx, bool param_grads) {
  const std::size_t S = g_.out_pixels(), rows = g_.col_rows();
  const std::size_t per_image = std::max<std::size_t>(rows, in_c_) * S * sizeof(float);  // dcol's or xc's share
  const int chunk = static_cast<int>(std::max<std::size_t>(1, kColChunkBytes / per_image));
  GemmPackedA& w = conv_packed_weights();  // W, packed once for every chunk's input-gradient product
  if (dx) gemm_pack_a(in_c_, static_cast<int>(rows), W.data(), false, mode_, w);
  for (int b0 = 0; b0 < batch_; b0 += chunk) {
    const int nb = std::min(chunk, batch_ - b0);
    const std::size_t n = static_cast<std::size_t>(nb) * S;
    float* dcol = conv_scratch(1, rows * n);
    im2col(g_, nb, dy + static_cast<std::size_t>(b0) * g_.image_size(), dcol);
    if (param_grads) {
      float* xc = conv_scratch(2, static_cast<std::size_t>(in_c_) * n);  // the chunk's input, channel-major
      nchw_to_cm(nb, in_c_, static_cast<int>(S), x + static_cast<std::size_t>(b0) * in_c_ * S, xc);
      gemm_nt(in_c_, static_cast<int>(rows), static_cast<int>(n), xc, dcol, dW.data(), b0 > 0, mode_);
    }
    if (dx) {
      float* dxcm = conv_scratch(0, static_cast<std::size_t>(in_c_) * n);
      gemm_packed_nn(w, static_cast<int>(n), dcol, dxcm);
      cm_to_nchw(nb, in_c_, static_cast<int>(S), dxcm, dx + static_cast<std::size_t>(b0) * in_c_ * S);
    }
  }
  if (param_grads) channel_sums(batch_, g_.C, g_.H * g_.W, dy, db.data());
}

void ConvTranspose2d::backward_params(const Tensor2& dy) {
  if (fast_) {
    backward_chunked(x_.data(), image_in(dy, out_image(), *this, batch_).data(), nullptr, true);
    return;
  }
  param_grads_from(dy, conv_scratch(1, g_.col_rows() * static_cast<std::size_t>(batch_) * g_.out_pixels()));
}

// dxcm (Cin, B*H*W) = W dcol;  dx = NCHW of dxcm.
void ConvTranspose2d::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  const std::size_t S = g_.out_pixels(), N = static_cast<std::size_t>(batch_) * S;
  const auto dyi = image_in(dy, out_image(), *this, batch_);
  if (fast_) {
    auto dxo = image_out(dx, static_cast<std::size_t>(batch_), in_image());
    backward_chunked(x_.data(), dyi.data(), dxo.data(), param_grads);
    return;
  }
  float* dcol = conv_scratch(1, g_.col_rows() * N);
  if (param_grads)
    param_grads_from(dy, dcol);
  else
    im2col(g_, batch_, dyi.data(), dcol);
  float* dxcm = conv_scratch(0, static_cast<std::size_t>(in_c_) * N);
  gemm_nn(in_c_, static_cast<int>(N), static_cast<int>(g_.col_rows()), W.data(), dcol, dxcm, false, mode_);
  auto dxo = image_out(dx, static_cast<std::size_t>(batch_), in_image());
  cm_to_nchw(batch_, in_c_, static_cast<int>(S), dxcm, dxo.data());
}

void ConvTranspose2d::backward_kept(const Tensor2& x, const Tensor2&, const Tensor2& dy, Tensor2& dx,
                                    bool param_grads) {
  if (!fast_) {
    backward(dy, dx, param_grads);
    return;
  }
  const auto dyi = image_in(dy, out_image(), *this, batch_);
  auto dxo = image_out(dx, static_cast<std::size_t>(batch_), in_image());
  backward_chunked(x.data(), dyi.data(), dxo.data(), param_grads);
}

std::vector<Param> ConvTranspose2d::params() { return {{&W, &dW, "W"}, {&b, &db, "b"}}; }

std::string ConvTranspose2d::describe() const {
  std::string s = "ConvTranspose2d(" + chw(in_c_, g_.Ho, g_.Wo) + " -> " + chw(g_.C, g_.H, g_.W) + ", k" +
                  std::to_string(g_.k) + " s" + std::to_string(g_.stride) + " p" + std::to_string(g_.pad);
  if (output_padding_) s += " op" + std::to_string(output_padding_);
  return s + ")";
}

}  // namespace ganstep
