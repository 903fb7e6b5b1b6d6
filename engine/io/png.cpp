#include "engine/io/png.h"

#include "engine/io/bytes.h"

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>

namespace ganstep {
namespace {

void append(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* b = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), b, b + size);
}

}  // namespace

std::vector<std::uint8_t> png_bytes(const PixelImage& img) {
  std::vector<std::uint8_t> out;
  if (img.width < 1 || img.height < 1 || img.channels < 1 || img.channels > 4 ||
      img.pixels.size() != std::size_t(img.width) * std::size_t(img.height) * std::size_t(img.channels))
    return out;
  if (!stbi_write_png_to_func(append, &out, img.width, img.height, img.channels, img.pixels.data(),
                              img.width * img.channels))
    out.clear();
  return out;
}

std::string write_png(const std::string& path, const PixelImage& img) {
  const std::vector<std::uint8_t> bytes = png_bytes(img);
  if (bytes.empty())
    return path + ": cannot encode a " + std::to_string(img.width) + "x" + std::to_string(img.height) + "x" +
           std::to_string(img.channels) + " image as PNG";
  return write_file_atomic(path, bytes.data(), bytes.size());
}

}  // namespace ganstep
