// The resource model: how much memory a run will need, estimated from its
// settings before anything is allocated, and the one check every entry point
// (--set, lesson files, share links, checkpoints, --data folders, the player
// and the page) makes against the memory limit.
//
// The estimate is a pure function of the settings. It counts, in bytes:
//   parameters   weights and their gradients                      2 P x 4
//   optimizer    Adam's two moments (SGD keeps the same two)      2 P x 4
//   activations  per minibatch: every layer's output and cache,
//                two gradient buffers, the convolution scratch
//                (G on m rows, D on 2m rows) and the minibatch; for a
//                point GAN at least the network copies that the metrics
//                and the decision map make between iterations
//   data         the data set as floats, plus its file bytes while read
//   snapshots    copies kept to step back or to checkpoint (Keeping)
// Measured against peak RSS in the README's "Limits" section. The weights
// of G and D together are capped too (kMaxPointWeights, kMaxImageWeights).
//
// The limit: kPageMemoryLimit in WebAssembly, kNativeMemoryLimit natively;
// the shells may set another with set_memory_limit (GANSTEP_MAX_MEMORY: the
// engine reads no environment). Lesson files and share links are checked
// against the page's limit, since they are made to be opened there.
#pragma once

#include <cstdint>
#include <string>

#include "engine/gan/config.h"
#include "engine/gan/image_spec.h"

namespace ganstep {

constexpr double kPageMemoryLimit = 2.0 * (1 << 30);    // 2 GiB: the page and the WebAssembly CLI
constexpr double kNativeMemoryLimit = 8.0 * (1 << 30);  // 8 GiB natively, unless GANSTEP_MAX_MEMORY
// Trainable weights of G and D together: beyond these a run is too slow to
// teach anything, whatever the memory (every entry point, as the memory).
constexpr double kMaxPointWeights = 2e6;
constexpr double kMaxImageWeights = 20e6;
// Decoded image data (float pixels) of one split: 512 MiB, 171,196 images of
// 28 x 28 (MNIST's and Fashion-MNIST's 70,000 fit).
constexpr double kMaxImageDataBytes = 512.0 * (1 << 20);

// Copies of a run held besides the run itself.
struct Keeping {
  int state_copies = 0;  // serialised weights + buffers + optimizer moments (checkpoints, image snapshots)
  int full_copies = 0;   // whole trainers, minibatch caches included (the point player's snapshots)
};

// How the lesson player keeps a run, for checking lesson files and links:
// the Session (lessons/run/session.h) keeps for a point GAN as many whole
// trainers as fit in the limit, at least 2 besides the current one; for an
// image GAN up to 16 snapshots and 6 recent ones, and a checkpoint.
constexpr Keeping kPointPlayerKeeping{0, 3};
constexpr Keeping kImagePlayerKeeping{23, 0};
// `ganstep run` on an image lesson: the checkpoint it writes and the one it resumes.
constexpr Keeping kImageRunKeeping{2, 0};

struct MemoryEstimate {
  double parameters = 0;   // bytes, as listed above
  double optimizer = 0;
  double activations = 0;
  double data = 0;
  double snapshots = 0;
  double weights = 0, max_weights = 0;  // G + D trainable weights, and the cap (kMax*Weights)
  // What to lower, for the message: "batch 4096", "g_hidden 4096:relu,4096:relu".
  std::string batch_setting, net_setting, data_setting;
  double total() const { return parameters + optimizer + activations + data + snapshots; }
};

// A point GAN (engine/gan/trainer.h) on data of data_dim columns holding
// data_points rows in memory (0 for data drawn on the fly).
MemoryEstimate estimate_point_memory(const GanConfig& config, int data_dim, std::int64_t data_points,
                                     Keeping keep = {});
// An image GAN (engine/gan/trainer.h) on data_images training images
// of spec.shape. A spec whose shapes do not check gives an all-zero estimate.
MemoryEstimate estimate_image_memory(const ImageGanSpec& spec, const GanConfig& config, std::int64_t data_images,
                                     Keeping keep = {});

// The limit runs are checked against (bytes): set_memory_limit's, else the default.
double memory_limit();
double default_memory_limit();  // kPageMemoryLimit in WebAssembly, else kNativeMemoryLimit
void set_memory_limit(double bytes);  // 0: the default; in WebAssembly at most kPageMemoryLimit
// Reads a memory size: bytes, or a number with K, M, G or T (powers of
// 1024, an optional "B" or "iB"), e.g. "8G", "512M", "1.5GiB". "" or a message.
std::string parse_memory_size(const std::string& text, double& bytes);
// The shells' GANSTEP_MAX_MEMORY: sets the limit from the variable's text
// (nullptr or "": the default). "" or a message naming the variable.
std::string set_memory_limit_from(const char* env_text);

// "" when the weights are within their cap and e.total() within limit, else
// a message naming the setting to lower:
//   batch 4096 needs about 11 GB for activations (12 GB in all); the limit
//   is 8 GB natively (GANSTEP_MAX_MEMORY; 2 GB in the page)
std::string check_memory(const MemoryEstimate& e, double limit);
// The same, against memory_limit().
std::string check_memory(const MemoryEstimate& e);
// "11.2 GB", "350 MB", "12 KB" (powers of 1024, as the limits).
std::string memory_text(double bytes);

}  // namespace ganstep
