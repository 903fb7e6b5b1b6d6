// `ganstep sample LESSON|CHECKPOINT --n N --out FILE.npy|DIR`: N samples of an
// image lesson's G, for anyone to judge.
//   LESSON      an image lesson (id or file): trained natively first, --steps
//               iterations (default: the lesson's) from --seed (as `ganstep run`)
//   CHECKPOINT  a .gsck file of `ganstep run` (a name ending in .gsck, or any
//               path with a '/' not ending in .toml): G as saved, with the checkpoint's lesson and settings
// The noise is the quality metric's (engine/gan/samples.h): Rng(seed, 4), seed
// the run's (a lesson's --seed, or the checkpoint's, which --seed replaces), so
// the first 1000 samples are the ones `ganstep run` scored at the end.
//   FILE.npy    one float32 array (N, H, W) for one channel, else (N, C, H, W),
//               values in [-1, 1], written atomically (an existing file is replaced)
//   DIR         sample-00000.png ... one 8-bit PNG per sample, each written
//               atomically; the folder is made when missing, and files already
//               there with those names are never overwritten (nothing is written).
// Every output is checked before any training.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/text.h"
#include "engine/gan/image_checkpoint.h"
#include "engine/gan/image_data.h"
#include "engine/gan/image_grid.h"
#include "engine/gan/samples.h"
#include "engine/gan/trainer.h"
#include "engine/io/bytes.h"
#include "engine/io/npy.h"
#include "engine/io/png.h"
#include "lessons/format/library.h"
#include "native/cli/commands.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool is_folder(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::string png_name(const std::string& dir, int i) {
  char name[32];
  std::snprintf(name, sizeof name, "/sample-%05d.png", i);
  return dir + name;
}

// Checks (and for a folder, makes) the output before any work; "" or an error.
std::string check_output(const std::string& out, int n, bool npy) {
  if (npy) {
    std::string e = check_writable_dir(parent_of(out));
    return e.empty() ? check_replaceable(out) : e;
  }
  const std::size_t dot = out.rfind('.'), slash = out.rfind('/');
  if (dot != std::string::npos && (slash == std::string::npos || dot > slash) && dot + 1 < out.size() &&
      !is_folder(out))
    return "--out " + quote_input(out) +
           " is neither FILE.npy nor a folder (PNGs go into a folder: --out DIR, one sample-NNNNN.png each)";
  if (path_exists(out) && !is_folder(out)) return out + " exists and is not a folder";
  std::string e = make_dirs(out);
  if (e.empty()) e = check_writable_dir(out);
  if (!e.empty()) return e;
  int taken = 0;
  std::string first;
  for (int i = 0; i < n; ++i)
    if (path_exists(png_name(out, i)) && taken++ == 0) first = png_name(out, i);
  if (taken > 0)
    return out + " already holds " + first + (taken > 1 ? " and " + std::to_string(taken - 1) + " more" : "") +
           " of the " + std::to_string(n) +
           " names (choose an empty folder or remove those files)";
  return "";
}

std::string write_outputs(const Tensor2& images, ImageShape shape, const std::string& out, bool npy) {
  const std::size_t n = images.shape()[0], dim = images.shape()[1];
  if (npy) {
    std::vector<std::size_t> dims = {n};
    if (shape.c != 1) dims.push_back(std::size_t(shape.c));
    dims.push_back(std::size_t(shape.h));
    dims.push_back(std::size_t(shape.w));
    return write_npy(out, images.data(), dims);
  }
  Tensor2 one = Tensor2::from_shape({1, dim});
  PixelImage img;
  for (std::size_t i = 0; i < n; ++i) {
    std::copy_n(images.data() + i * dim, dim, one.data());
    std::string e = image_grid(one, shape, 1, 1, 0, img);
    if (e.empty()) e = write_png(png_name(out, int(i)), img);
    if (!e.empty()) return e;
  }
  return "";
}

int fail(int code, const std::string& message) {
  std::fprintf(stderr, "ganstep: error: %s\n", message.c_str());
  return code;
}

}  // namespace

int sample_command(const SampleOptions& o) {
  if (o.n < 1 || o.n > kMaxSamples)
    return fail(2, "--n " + std::to_string(o.n) + " is out of range 1.." + std::to_string(kMaxSamples));
  if (o.has_steps && (o.steps < 0 || o.steps > 100000000))
    return fail(2, "--steps " + std::to_string(o.steps) + " is out of range 0..100000000");
  if (!set_threads(o.threads)) return 2;
  // A checkpoint (*.gsck, or any other path with a '/' that is not a lesson file) or a lesson.
  const bool checkpoint =
      ends_with(o.source, ".gsck") || (o.source.find('/') != std::string::npos && !ends_with(o.source, ".toml"));
  lessons::LoadResult found;
  CheckpointInfo info;
  std::vector<std::uint8_t> bytes;
  if (checkpoint) {
    if (o.has_steps)
      return fail(2, "--steps trains a lesson; a checkpoint is sampled as saved (train it further with `ganstep run "
                     "LESSON --resume-from " + o.source + " --steps N`)");
    std::string e = read_file_bytes(o.source, kMaxCheckpointBytes, bytes);
    if (e.empty()) e = read_checkpoint_info(bytes.data(), bytes.size(), o.source, info);
    if (!e.empty()) return fail(1, e);
    found = lessons::find_lesson(info.lesson_id);
    if (!found.ok() || !found.lesson.image)
      return fail(1, o.source + ": a checkpoint of lesson " + quote_input(info.lesson_id) +
                         ", which is not a built-in image lesson");
  } else {
    found = lessons::find_lesson(o.source);
    if (!found.ok()) return lesson_not_found(o.source, found);
    if (!found.lesson.image)
      return fail(1, quote_input(o.source) + " is not an image lesson (`ganstep run LESSON --samples OUT.csv` writes "
                                              "the samples of a 1-D or 2-D lesson)");
  }
  const lessons::Lesson& lesson = found.lesson;
  const bool npy = ends_with(o.out, ".npy");
  std::string e = check_output(o.out, int(o.n), npy);
  if (!e.empty()) return fail(1, e + "; nothing was trained or written");

  GanConfig config = lesson.config;
  if (checkpoint) {
    e = apply_checkpoint_config(info, config);
    if (!e.empty()) return fail(1, o.source + ": " + e);
  }
  std::uint64_t seed = config.seed;
  if (o.has_seed) {
    if (checkpoint)
      seed = o.seed;  // the noise only: the checkpoint's weights are what they are
    else
      config.seed = seed = o.seed;
  }
  auto data = std::make_shared<LabeledImages>();
  e = load_image_data(lesson.image->data, o.data, lesson.image->shape, ImageSplit::Train, *data);
  if (!e.empty()) return fail(1, e);
  Trainer t(*lesson.image, config, data);
  if (!t.ok()) return fail(1, lesson.id + ": " + t.error());
  if (checkpoint) {
    e = load_model_bytes(bytes.data(), bytes.size(), o.source, t);  // a run or a model
    if (!e.empty()) return fail(1, e);
  } else {
    const long long steps = o.has_steps ? o.steps : lesson.iterations;
    std::fprintf(stderr, "ganstep: training %s for %lld iterations (seed %llu)\n", lesson.id.c_str(), steps,
                 static_cast<unsigned long long>(config.seed));
    const long long every = steps >= 10 ? steps / 10 : 1;  // a line every 10%
    while (t.iteration() < steps) {
      if (!t.step_iterations(std::min<long long>(every, steps - t.iteration()))) return fail(3, t.error());
      std::fprintf(stderr, "ganstep: iteration %lld/%lld\n", static_cast<long long>(t.iteration()), steps);
    }
  }
  Tensor2 z, images;
  sample_noise(config, seed, int(o.n), z);
  generate_samples(t, z, images);
  e = write_outputs(images, lesson.image->shape, o.out, npy);
  if (!e.empty()) return fail(1, e);
  const ImageShape& s = lesson.image->shape;
  std::printf("wrote %lld samples of %s (iteration %lld, noise seed %llu, state_hash %s) to %s: %s\n", o.n,
              lesson.id.c_str(), static_cast<long long>(t.iteration()), static_cast<unsigned long long>(seed),
              t.state_hash_hex().c_str(), o.out.c_str(),
              npy ? ("float32 " + std::to_string(o.n) + (s.c != 1 ? " x " + std::to_string(s.c) : "") + " x " +
                     std::to_string(s.h) + " x " + std::to_string(s.w) + " in [-1, 1]")
                        .c_str()
                  : "one sample-NNNNN.png each");
  return 0;
}

}  // namespace ganstep::cli
