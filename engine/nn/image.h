// 4-D NCHW views of image batches. The image layers (Conv2d, ConvTranspose2d,
// BatchNorm, Reshape/Flatten) state their input and output as (B, C, H, W)
// tensors; the rows (B, C*H*W) that Sequential, Mlp and the trainer pass
// around hold the same floats in the same order, so a view is an
// xt::adapt over the row buffer: no copy, no change to any result.
//   view(b, c, y, x) == rows(b, (c * H + y) * W + x)
// image_in checks the row length against C*H*W (and a gradient's batch
// against the forward's) and throws std::logic_error naming the layer and both
// shapes: a net whose layers do not connect is a bug in the code that built it
// (lesson specs are checked before); image_out sizes the output rows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include <xtensor/xadapt.hpp>

#include "engine/core/tensor.h"
#include "engine/nn/layer.h"

namespace ganstep {

// C x H x W of one image (n x 1 x 1 for a plain row of n features); the
// default is an MNIST digit.
struct ImageShape {
  int c = 1, h = 28, w = 28;
  std::int64_t size() const { return std::int64_t(c) * h * w; }
  std::size_t features() const { return static_cast<std::size_t>(size()); }
  bool operator==(const ImageShape& o) const { return c == o.c && h == o.h && w == o.w; }
  std::string text() const { return std::to_string(c) + "x" + std::to_string(h) + "x" + std::to_string(w); }
};

using NchwShape = std::array<std::size_t, 4>;
// A batch of images (B, C, H, W) over a row buffer it does not own.
using Tensor4View = decltype(xt::adapt(std::declval<float*>(), std::size_t{}, xt::no_ownership(),
                                       std::declval<NchwShape>()));
using ConstTensor4View = decltype(xt::adapt(std::declval<const float*>(), std::size_t{}, xt::no_ownership(),
                                            std::declval<NchwShape>()));

inline NchwShape nchw(std::size_t batch, const ImageShape& s) {
  return {batch, static_cast<std::size_t>(s.c), static_cast<std::size_t>(s.h), static_cast<std::size_t>(s.w)};
}

// Any number of rows (a forward input); backward passes the forward's batch.
constexpr std::size_t kAnyBatch = static_cast<std::size_t>(-1);

// "" when rows is (batch, C*H*W) for shape s, else what is wrong, naming the
// layer (describe() is only called then: the check costs two comparisons).
inline std::string image_shape_error(const Tensor2& rows, const ImageShape& s, const Layer& layer,
                                     std::size_t batch = kAnyBatch) {
  if (rows.shape()[1] != s.features())
    return layer.describe() + ": rows of " + std::to_string(rows.shape()[1]) + " features are not NCHW images of " +
           s.text() + " (" + std::to_string(s.features()) + " features)";
  if (batch != kAnyBatch && rows.shape()[0] != batch)
    return layer.describe() + ": " + std::to_string(rows.shape()[0]) + " gradient rows for a batch of " +
           std::to_string(batch);
  return "";
}

// The input x (or the gradient dy, with its batch) of a layer as (B, C, H, W);
// throws std::logic_error when its shape is not (batch, C*H*W).
inline ConstTensor4View image_in(const Tensor2& x, const ImageShape& s, const Layer& layer,
                                 std::size_t batch = kAnyBatch) {
  const std::string e = image_shape_error(x, s, layer, batch);
  if (!e.empty()) throw std::logic_error(e);
  return xt::adapt(x.data(), x.size(), xt::no_ownership(), nchw(x.shape()[0], s));
}

// The output y of a layer, sized (B, C*H*W) (no allocation in the steady state), as (B, C, H, W).
inline Tensor4View image_out(Tensor2& y, std::size_t batch, const ImageShape& s) {
  ensure_shape(y, batch, s.features());
  return xt::adapt(y.data(), y.size(), xt::no_ownership(), nchw(batch, s));
}

}  // namespace ganstep
