// Layer specs written in one line, for tests and fuzz targets of image GANs
// (engine/gan/image_spec.h): dense(32), act(LayerKind::Tanh), reshape(1, 6, 6),
// conv(LayerKind::Conv, 8, 4, 2, 1), layer(kind, units, kernel, stride, padding);
// block_images(n), a tiny image data set, bn_dcgan_8x8(), a small DCGAN for it, and
// dense_g_conv_d_8x8(), the smallest image GAN.
#pragma once

#include <cstddef>
#include <memory>

#include "engine/gan/classifier.h"
#include "engine/gan/config.h"
#include "engine/gan/image_spec.h"

namespace ganstep::testing {

inline LayerSpec layer(LayerKind k, int units = 0, int kernel = 0, int stride = 1, int padding = 0,
                       int output_padding = 0) {
  LayerSpec l;
  l.kind = k;
  l.units = units;
  l.kernel = kernel;
  l.stride = stride;
  l.padding = padding;
  l.output_padding = output_padding;
  return l;
}
inline LayerSpec dense(int n, bool bias = true) {
  LayerSpec l = layer(LayerKind::Dense, n);
  l.bias = bias;
  return l;
}
inline LayerSpec act(LayerKind k) { return layer(k); }
inline LayerSpec reshape(int c, int h, int w) {
  LayerSpec l = layer(LayerKind::Reshape);
  l.c = c;
  l.h = h;
  l.w = w;
  return l;
}
inline LayerSpec conv(LayerKind k, int ch, int kernel, int stride, int pad, int out_pad = 0) {
  return layer(k, ch, kernel, stride, pad, out_pad);
}

// A small DCGAN on 1x8x8 images (block_images) with batch norm in G, so G has buffers too.
inline ImageGanSpec bn_dcgan_8x8() {
  ImageGanSpec s;
  s.shape = ImageShape{1, 8, 8};
  s.g = {dense(4 * 4 * 4, false), act(LayerKind::BatchNorm), act(LayerKind::ReLU), reshape(4, 4, 4),
         conv(LayerKind::ConvT, 1, 4, 2, 1), act(LayerKind::Tanh)};
  s.d = {conv(LayerKind::Conv, 4, 4, 2, 1), act(LayerKind::LeakyReLU), act(LayerKind::Flatten), dense(1)};
  return s;
}

// A small image run's settings: Gaussian noise of 8, Adam 2e-3 with beta1 0.5 for both nets.
// The smallest image GAN on 1x8x8 images: a dense G, one convolution in D.
inline ImageGanSpec dense_g_conv_d_8x8() {
  ImageGanSpec s;
  s.shape = ImageShape{1, 8, 8};
  s.g = {dense(64), act(LayerKind::Tanh)};
  s.d = {conv(LayerKind::Conv, 4, 4, 2, 1), act(LayerKind::LeakyReLU), act(LayerKind::Flatten), dense(1)};
  return s;
}

inline GanConfig adam_test_config(int batch, std::uint64_t seed) {
  GanConfig c;
  c.noise = NoiseKind::Gaussian;
  c.noise_dim = 8;
  c.batch = batch;
  c.opt_d.kind = c.opt_g.kind = OptKind::Adam;
  c.opt_d.lr = c.opt_g.lr = 2e-3f;
  c.opt_d.beta1 = c.opt_g.beta1 = 0.5f;
  c.seed = seed;
  return c;
}

// n 8x8 images in [-1, 1], label 0: image i a white 4x3 block at row i % 4, column i % 5.
inline std::shared_ptr<LabeledImages> block_images(int n) {
  auto d = std::make_shared<LabeledImages>();
  d->images = Tensor2::from_shape({std::size_t(n), 64});
  d->images.fill(-1.0f);
  for (int i = 0; i < n; ++i)
    for (int y = i % 4; y < i % 4 + 4; ++y)
      for (int x = i % 5; x < i % 5 + 3; ++x) d->images(i, y * 8 + x) = 1.0f;
  d->labels.assign(std::size_t(n), 0);
  return d;
}

}  // namespace ganstep::testing
