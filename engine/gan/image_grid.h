// Sample grids: a batch of images laid out rows x cols, with a gap between
// them and around them, as 8-bit pixels (for PNG files and the player's texture).
//   images: (N, C*H*W) in [-1, 1], NCHW rows; C = 1 (gray) or 3 (RGB)
//   grid:   height = rows*H + (rows+1)*gap, width = cols*W + (cols+1)*gap,
//           channels = C, pixels row-major and interleaved
// A value v becomes round((v + 1) * 127.5) clamped to 0..255 (NaN: 0). Cells
// past the N-th image and the gaps are kGridGapValue.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/tensor.h"
#include "engine/gan/image_spec.h"
#include "engine/io/png.h"  // PixelImage

namespace ganstep {

constexpr std::uint8_t kGridGapValue = 96;

// One value in [-1, 1] to 0..255.
std::uint8_t to_pixel(float v);

// Lays out the first min(N, rows*cols) images. "" or an error (a shape whose
// size differs from the images' columns, C other than 1 or 3, rows or cols < 1,
// gap outside 0..16).
std::string image_grid(const Tensor2& images, ImageShape shape, int rows, int cols, int gap, PixelImage& out);

}  // namespace ganstep
