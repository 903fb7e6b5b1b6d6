#include "engine/io/png.h"

#include "engine/io/bytes.h"

#include <algorithm>

#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_NO_THREAD_LOCALS  // the CLI and the page decode on one thread
#include <stb_image.h>

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

std::string decode_png(const std::uint8_t* bytes, std::size_t size, const std::string& name, PixelImage& out,
                       int max_side) {
  static const std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (size < 8 || !std::equal(kSignature, kSignature + 8, bytes)) return name + ": not a PNG file (no PNG signature)";
  if (size > std::size_t(64) << 20) return name + ": too large for an image of a digit (" + std::to_string(size) + " bytes)";
  const int len = static_cast<int>(size);
  int w = 0, h = 0, n = 0;
  if (!stbi_info_from_memory(bytes, len, &w, &h, &n))
    return name + ": truncated or corrupt PNG (" + stbi_failure_reason() + ")";
  if (stbi_is_16_bit_from_memory(bytes, len))
    return name + ": a PNG of 16 bits per channel; save it with 8 bits per channel";
  if (w < 1 || h < 1 || w > max_side || h > max_side)
    return name + ": " + std::to_string(w) + "x" + std::to_string(h) + " pixels is too large";
  stbi_uc* px = stbi_load_from_memory(bytes, len, &w, &h, &n, 0);
  if (!px) return name + ": truncated or corrupt PNG (" + stbi_failure_reason() + ")";
  out.width = w;
  out.height = h;
  out.channels = n;
  out.pixels.assign(px, px + std::size_t(w) * std::size_t(h) * std::size_t(n));
  stbi_image_free(px);
  return "";
}

}  // namespace ganstep
