#include "engine/nn/minibatch_stddev.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ganstep {

std::string MinibatchStdDev::describe() const {
  return "MinibatchStdDev(group " + std::to_string(group_) + ", " + in_.text() + ")";
}

void MinibatchStdDev::forward(const Tensor2& x, Tensor2& y) {
  (void)image_in(x, in_, *this);  // checks the row length
  batch_ = x.shape()[0];
  x_ = x;
  (void)image_out(y, batch_, out_image());
  const std::size_t n = in_.features(), plane = std::size_t(in_.h) * std::size_t(in_.w);
  const std::size_t G = std::size_t(group_), groups = (batch_ + G - 1) / G;
  ensure_shape(mean_, groups, n);
  ensure_shape(sigma_, groups, n);
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t first = g * G, rows = std::min(G, batch_ - first);
    float* mu = mean_.data() + g * n;
    float* sd = sigma_.data() + g * n;
    double total = 0;
    for (std::size_t f = 0; f < n; ++f) {
      double s = 0;
      for (std::size_t j = 0; j < rows; ++j) s += x.data()[(first + j) * n + f];
      const double m = s / double(rows);
      double v = 0;
      for (std::size_t j = 0; j < rows; ++j) {
        const double d = double(x.data()[(first + j) * n + f]) - m;
        v += d * d;
      }
      mu[f] = static_cast<float>(m);
      sd[f] = static_cast<float>(std::sqrt(v / double(rows) + double(kEps)));
      total += sd[f];
    }
    const float s_g = static_cast<float>(total / double(n));
    for (std::size_t j = 0; j < rows; ++j) {
      float* out = y.data() + (first + j) * (n + plane);
      std::memcpy(out, x.data() + (first + j) * n, sizeof(float) * n);
      std::fill(out + n, out + n + plane, s_g);
    }
  }
}

void MinibatchStdDev::backward(const Tensor2& dy, Tensor2& dx, bool param_grads) {
  (void)param_grads;  // no parameters
  (void)image_in(dy, out_image(), *this, batch_);
  (void)image_out(dx, batch_, in_);
  const std::size_t n = in_.features(), plane = std::size_t(in_.h) * std::size_t(in_.w);
  const std::size_t G = std::size_t(group_), groups = (batch_ + G - 1) / G;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t first = g * G, rows = std::min(G, batch_ - first);
    double S = 0;  // S_g: the gradient at s_g, summed over the group's extra maps
    for (std::size_t j = 0; j < rows; ++j) {
      const float* d = dy.data() + (first + j) * (n + plane) + n;
      for (std::size_t p = 0; p < plane; ++p) S += d[p];
    }
    const double k = S / double(n) / double(rows);  // S_g / (C H W) / n_g
    const float* mu = mean_.data() + g * n;
    const float* sd = sigma_.data() + g * n;
    for (std::size_t j = 0; j < rows; ++j) {
      const float* d = dy.data() + (first + j) * (n + plane);
      const float* xr = x_.data() + (first + j) * n;
      float* o = dx.data() + (first + j) * n;
      for (std::size_t f = 0; f < n; ++f)
        o[f] = static_cast<float>(double(d[f]) + k * (double(xr[f]) - double(mu[f])) / double(sd[f]));
    }
  }
}

}  // namespace ganstep
