#include "engine/gan/image_grid.h"

namespace ganstep {

std::uint8_t to_pixel(float v) {
  if (!(v == v)) return 0;  // NaN
  const float p = (v + 1.0f) * 127.5f + 0.5f;
  if (p <= 0.0f) return 0;
  if (p >= 255.0f) return 255;
  return static_cast<std::uint8_t>(p);
}

std::string image_grid(const Tensor2& images, ImageShape shape, int rows, int cols, int gap,
                       PixelImage& out) {
  if (shape.c != 1 && shape.c != 3) return "image grids need 1 or 3 channels, not " + std::to_string(shape.c);
  if (shape.h < 1 || shape.w < 1) return "bad image shape " + shape.text();
  if (static_cast<std::int64_t>(images.shape()[1]) != shape.size())
    return "the images have " + std::to_string(images.shape()[1]) + " values each, shape " + shape.text() +
           " has " + std::to_string(shape.size());
  if (rows < 1 || cols < 1 || rows > 256 || cols > 256) return "a grid needs 1..256 rows and columns";
  if (gap < 0 || gap > 16) return "a grid's gap must be 0..16 pixels";
  const int C = shape.c, H = shape.h, W = shape.w;
  out.channels = C;
  out.width = cols * W + (cols + 1) * gap;
  out.height = rows * H + (rows + 1) * gap;
  out.pixels.assign(std::size_t(out.width) * std::size_t(out.height) * std::size_t(C), kGridGapValue);
  const std::size_t n = images.shape()[0];
  for (int r = 0; r < rows; ++r)
    for (int q = 0; q < cols; ++q) {
      const std::size_t i = std::size_t(r) * std::size_t(cols) + std::size_t(q);
      if (i >= n) return "";
      const float* img = images.data() + i * std::size_t(shape.size());
      const int y0 = gap + r * (H + gap), x0 = gap + q * (W + gap);
      for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x)
          for (int c = 0; c < C; ++c)
            out.pixels[(std::size_t(y0 + y) * std::size_t(out.width) + std::size_t(x0 + x)) * std::size_t(C) +
                       std::size_t(c)] = to_pixel(img[(std::size_t(c) * H + y) * W + x]);
    }
  return "";
}

}  // namespace ganstep
