// Layer specs written in one line, for tests and fuzz targets of image GANs
// (engine/gan/image_spec.h): dense(32), act(LayerKind::Tanh), reshape(1, 6, 6),
// conv(LayerKind::Conv, 8, 4, 2, 1), layer(kind, units, kernel, stride, padding).
#pragma once

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

}  // namespace ganstep::testing
