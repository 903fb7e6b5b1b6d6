// PNG files of 8-bit images (gray or RGB), by stb_image_write (Debian's
// libstb headers; compiled into this file, so it needs no library and builds
// to WebAssembly too).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ganstep {

// An 8-bit image (engine/gan/image_grid.h lays sample grids out as one).
struct PixelImage {
  int width = 0, height = 0, channels = 1;
  std::vector<std::uint8_t> pixels;  // height * width * channels
};

// The PNG file's bytes; empty for an empty image or a channel count other than 1..4.
std::vector<std::uint8_t> png_bytes(const PixelImage& img);
// Decodes an 8-bit PNG (gray, gray + alpha, RGB or RGBA; stb_image) into
// out with its own channel count. "" or an error "NAME: ..." (not a PNG, a
// truncated or corrupt one, 16 bits per channel, larger than max_side).
std::string decode_png(const std::uint8_t* bytes, std::size_t size, const std::string& name, PixelImage& out,
                       int max_side = 4096);
// Writes a PNG atomically (PATH.tmp, then rename). "" or an error naming the path.
std::string write_png(const std::string& path, const PixelImage& img);

}  // namespace ganstep
