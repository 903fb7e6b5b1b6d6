// libFuzzer target: arbitrary bytes as a checkpoint of a small image GAN
// (engine/gan/image_checkpoint.h). Built and run by scripts/fuzz.sh checkpoint;
// replayed by the fuzz_replay_checkpoint test.
//
// Each input is loaded twice: as it is, and with its size field and CRC-32
// made right (so mutations reach the parser behind the envelope). Checks,
// beyond "no crash, no sanitizer report":
//   - an error names the file, and the trainer is unchanged (its checkpoint
//     bytes are the same as before the load);
//   - a loaded checkpoint re-encodes to exactly the input, or (its config
//     text lacked settings, read at their defaults, or had them in another
//     order) to an encoding that loads and re-encodes to itself.
// GANSTEP_FUZZ_SEED_DIR=DIR writes a valid checkpoint there as a seed.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "engine/gan/image_checkpoint.h"
#include "engine/io/crc32.h"
#include "tests/engine/layer_specs.h"

using namespace ganstep;
using namespace ganstep::testing;

namespace {

Trainer& trainer() {
  static Trainer* t = [] {
    ImageGanSpec s;
    s.shape = ImageShape{1, 4, 4};
    LayerSpec reshape = layer(LayerKind::Reshape);
    reshape.c = 2;
    reshape.h = reshape.w = 2;
    s.g = {layer(LayerKind::Dense, 8), layer(LayerKind::BatchNorm), layer(LayerKind::ReLU), reshape,
           layer(LayerKind::ConvT, 1, 4, 2, 1), layer(LayerKind::Tanh)};
    s.d = {layer(LayerKind::Conv, 2, 4, 2, 1), layer(LayerKind::LeakyReLU), layer(LayerKind::Flatten),
           layer(LayerKind::Dense, 1)};
    GanConfig c;
    c.noise_dim = 3;
    c.batch = 4;
    c.opt_d.kind = c.opt_g.kind = OptKind::Adam;
    auto data = std::make_shared<LabeledImages>();
    data->images = Tensor2::from_shape({8, 16});
    for (std::size_t i = 0; i < data->images.size(); ++i) data->images.data()[i] = float(i % 7) / 3.0f - 1.0f;
    data->labels.assign(8, 0);
    auto* tr = new Trainer(s, c, data);
    if (!tr->ok() || !tr->step_iterations(2)) __builtin_trap();
    return tr;
  }();
  return *t;
}

const std::vector<std::uint8_t>& pristine() {
  static const std::vector<std::uint8_t> b = checkpoint_bytes(trainer(), "fuzz");
  return b;
}

void load_and_check(const std::uint8_t* data, std::size_t size) {
  Trainer& t = trainer();
  const std::string e = load_checkpoint_bytes(data, size, "f", t);
  if (!e.empty()) {
    if (e.rfind("f: ", 0) != 0 || e.size() <= 3) __builtin_trap();
    if (checkpoint_bytes(t, "fuzz") != pristine()) __builtin_trap();
    return;
  }
  CheckpointInfo info;
  if (!read_checkpoint_info(data, size, "f", info).empty()) __builtin_trap();
  const std::vector<std::uint8_t> again = checkpoint_bytes(t, info.lesson_id);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) {
    // Only a checkpoint whose config text lacked settings (written before
    // they existed: read at their defaults) or listed them in another order
    // re-encodes otherwise, complete and in order; that encoding must load
    // and re-encode to itself.
    if (again.size() < size) __builtin_trap();
    if (!load_checkpoint_bytes(again.data(), again.size(), "g", t).empty()) __builtin_trap();
    if (checkpoint_bytes(t, info.lesson_id) != again) __builtin_trap();
  }
  // back to the pristine state for the next input
  if (!load_checkpoint_bytes(pristine().data(), pristine().size(), "p", t).empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("GANSTEP_FUZZ_SEED_DIR");
  if (dir && *dir) {
    const std::string path = std::string(dir) + "/seed.gsck";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f) {
      std::fwrite(pristine().data(), 1, pristine().size(), f);
      std::fclose(f);
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  load_and_check(size ? data : nullptr, size);
  if (size >= 24) {
    std::vector<std::uint8_t> fixed(data, data + size);
    for (int i = 0; i < 8; ++i) fixed[12 + i] = std::uint8_t(std::uint64_t(size) >> (8 * i));
    const std::uint32_t crc = crc32_update(0, fixed.data(), size - 4);
    for (int i = 0; i < 4; ++i) fixed[size - 4 + i] = std::uint8_t(crc >> (8 * i));
    load_and_check(fixed.data(), size);
  }
  return 0;
}
