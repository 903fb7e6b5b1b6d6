#include "engine/nn/conv2d.h"

#include <algorithm>

#include "engine/core/gemm.h"
#include "engine/nn/conv_common.h"

namespace ganstep {

std::string Conv2d::check(int in_c, int h, int w, int out_c, int k, int stride, int pad) {
  std::string e = conv_check_sizes(in_c, h, w, out_c, k, stride, pad);
  if (!e.empty()) return e;
  if (h + 2 * pad < k || w + 2 * pad < k)
    return "kernel " + std::to_string(k) + " is larger than the padded input " + std::to_string(h + 2 * pad) +
           "x" + std::to_string(w + 2 * pad);
  const ConvGeom g = ConvGeom::make(in_c, h, w, k, stride, pad);
  return conv_check_features(out_c, g.Ho, g.Wo);
}

Conv2d::Conv2d(int in_c, int h, int w, int out_c, int k, int stride, int pad)
    : g_(ConvGeom::make(in_c, h, w, k, stride, pad)), out_c_(out_c) {
  W = xt::zeros<float>({static_cast<std::size_t>(out_c), g_.col_rows()});
  b = xt::zeros<float>({std::size_t{1}, static_cast<std::size_t>(out_c)});
  dW = xt::zeros<float>(W.shape());
  db = xt::zeros<float>(b.shape());
}

void Conv2d::init(Rng& rng) { init_uniform_fan_in(W, b, g_.col_rows(), rng); }

// col (Cin*k*k, B*S) = im2col(x);  ycm (Cout, B*S) = W col;  y = ycm + b in NCHW
// (then the fused activation, if any). The input is kept (k*k/stride^2 times
// smaller than col) and col is made again in a scratch slot when the weight
// gradients need it. Fast mode with its kernel does it all in the GEMM: col is
// read from the input while packing, and each finished tile of ycm is
// written to y in NCHW with bias and activation while it is in cache.
// Inside a Sequential (forward_kept) the input is the Sequential's, kept
// until backward_kept: no copy.
void Conv2d::forward(const Tensor2& x, Tensor2& y) {
  x_.assign(x.data(), x.data() + x.size());
  forward_kept(x, y);
}

void Conv2d::forward_kept(const Tensor2& x, Tensor2& y) {
  const auto xi = image_in(x, in_image(), *this);
  const int B = static_cast<int>(xi.shape()[0]);
  const std::size_t S = g_.out_pixels(), N = static_cast<std::size_t>(B) * S;
  batch_ = B;
  auto yo = image_out(y, static_cast<std::size_t>(B), out_image());
  if (gemm_nn_im2col_nchw(out_c_, W.data(), g_, B, xi.data(), {b.data(), act_fused_, slope_}, yo.data(), mode_))
    return;
  float* ycm = conv_scratch(0, out_c_ * N);
  if (gemm_im2col_fused(mode_)) {  // fast mode: col is read from the input while packing
    gemm_nn_im2col(out_c_, W.data(), g_, B, xi.data(), ycm, mode_);
  } else {
    float* col = conv_scratch(1, g_.col_rows() * N);
    im2col(g_, B, xi.data(), col);
    gemm_nn(out_c_, static_cast<int>(N), static_cast<int>(g_.col_rows()), W.data(), col, ycm, false, mode_);
  }
  cm_to_nchw_bias(B, out_c_, static_cast<int>(S), ycm, b.data(), yo.data());
  if (!act_fused_) return;
  float* yp = yo.data();
  for (std::size_t i = 0, n = yo.size(); i < n; ++i) yp[i] = yp[i] > 0.0f ? yp[i] : slope_ * yp[i];  // LeakyReLU's
}

bool Conv2d::fuse_activation(bool on, float slope) {
  act_fused_ = on;
  slope_ = on ? slope : 0.0f;
  return on;
}

// dW (Cout, Cin*k*k) = dycm col^T (col made again from the kept input, in
// scratch slot 1);  db = per-channel sums of dy. Fast mode reads col inside
// the packing and takes the batch a few images at a time (dycm in scratch
// slot 0 is never whole), adding each chunk's products to dW: each element
// gets its products in the order of one product of the whole batch.
void Conv2d::weight_grads(const float* x, const Tensor2& dy) {
  const auto dyi = image_in(dy, out_image(), *this, batch_);
  const std::size_t S = g_.out_pixels(), N = static_cast<std::size_t>(batch_) * S;
  const int cs = static_cast<int>(S);
  if (gemm_im2col_fused(mode_)) {
    const int chunk = static_cast<int>(std::max<std::size_t>(1, kColChunkBytes / (out_c_ * S * sizeof(float))));
    for (int b0 = 0; b0 < batch_; b0 += chunk) {
      const int nb = std::min(chunk, batch_ - b0);
      float* dycm = conv_scratch(0, out_c_ * static_cast<std::size_t>(nb) * S);
      nchw_to_cm(nb, out_c_, cs, dyi.data() + static_cast<std::size_t>(b0) * out_c_ * S, dycm);
      gemm_nt_im2col(out_c_, dycm, g_, nb, x + static_cast<std::size_t>(b0) * g_.image_size(), dW.data(),
                     mode_, b0 > 0);
    }
  } else {
    float* dycm = conv_scratch(0, out_c_ * N);
    nchw_to_cm(batch_, out_c_, cs, dyi.data(), dycm);
    float* col = conv_scratch(1, g_.col_rows() * N);
    im2col(g_, batch_, x, col);
    gemm_nt(out_c_, static_cast<int>(g_.col_rows()), static_cast<int>(N), dycm, col, dW.data(), false, mode_);
  }
  channel_sums(batch_, out_c_, static_cast<int>(S), dyi.data(), db.data());
}

void Conv2d::backward_params(const Tensor2& dy) { weight_grads(x_.data(), dy); }

void Conv2d::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  backward_from(x_.data(), dy, dx, param_grads);
}

void Conv2d::backward_kept(const Tensor2& x, const Tensor2&, const Tensor2& dy, Tensor2& dx, bool param_grads) {
  backward_from(x.data(), dy, dx, param_grads);
}

// dcol (Cin*k*k, B*S) = W^T dycm;  dx = col2im(dcol).
void Conv2d::backward_from(const float* x, const Tensor2& dy, Tensor2& dx, bool param_grads) {
  const std::size_t S = g_.out_pixels(), N = static_cast<std::size_t>(batch_) * S;
  const auto dyi = image_in(dy, out_image(), *this, batch_);
  if (param_grads) weight_grads(x, dy);
  if (mode_ == MathMode::Fast) {  // a few images at a time, col never whole
    auto dxo = image_out(dx, static_cast<std::size_t>(batch_), in_image());
    col2im_product_chunked(g_, batch_, out_c_, W.data(), dyi.data(), dxo.data(), mode_);
    return;
  }
  float* dycm = conv_scratch(0, out_c_ * N);  // weight_grads left it there
  if (!param_grads) nchw_to_cm(batch_, out_c_, static_cast<int>(S), dyi.data(), dycm);
  float* dcol = conv_scratch(1, g_.col_rows() * N);
  gemm_tn(static_cast<int>(g_.col_rows()), static_cast<int>(N), out_c_, W.data(), dycm, dcol, false, mode_);
  auto dxo = image_out(dx, static_cast<std::size_t>(batch_), in_image());
  col2im(g_, batch_, dcol, dxo.data());
}

std::vector<Param> Conv2d::params() { return {{&W, &dW, "W"}, {&b, &db, "b"}}; }

std::string Conv2d::describe() const {
  return "Conv2d(" + chw(g_.C, g_.H, g_.W) + " -> " + chw(out_c_, g_.Ho, g_.Wo) + ", k" +
         std::to_string(g_.k) + " s" + std::to_string(g_.stride) + " p" + std::to_string(g_.pad) + ")";
}

}  // namespace ganstep
