// Checkpoints of an image GAN run (Trainer): everything needed to resume
// bit for bit, and to sample from G in the browser. In engine/io's frame
// (envelope.h: magic "GSCKPT01", format version, total size, CRC-32), the
// body holds: the lesson id, the image spec and config as text (checked
// against the trainer's on load), ScalarState, then each NamedTensor: name,
// rank, dims, float32 LE data. Strings are a uint32 length and the bytes.
// Saving writes PATH.tmp, flushes and renames it over PATH (atomic on POSIX):
// a kill at any moment leaves the last good checkpoint intact.
// Loading checks magic, version, names, shapes, sizes and the CRC before it
// changes anything: on error the trainer is untouched.
// A checkpoint holds the whole run (CheckpointContent::Run), or only its
// networks (::Nets: G, D, the average of G and batch norm's statistics, no
// optimizer moments; about half the bytes): a trained model to sample, invert
// or score, as the set-up caches the lessons' starting models
// (starting_models.h). Its tensor list is the run's without the "opt_" ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gan/trainer.h"

namespace ganstep {

constexpr std::uint32_t kCheckpointVersion = 1;
constexpr std::size_t kMaxCheckpointBytes = 0x7FFFFFFF;  // 2 GiB: fits a 32-bit size_t (wasm)

enum class CheckpointContent { Run, Nets };

// The checkpoint's bytes for a trainer.
std::vector<std::uint8_t> checkpoint_bytes(Trainer& t, const std::string& lesson_id,
                                           CheckpointContent content = CheckpointContent::Run);
// Saves atomically; "" or an error naming the path.
std::string save_checkpoint(const std::string& path, Trainer& t, const std::string& lesson_id);
// Restores a trainer built from the same lesson; "" or an error "NAME: ...".
// Every tensor must be finite (a NaN or infinity is refused, naming the
// tensor). The trainer's settings must equal the checkpoint's; with
// allow_live_changes only those resume_may_change() allows may differ (the
// trainer's win: --resume --set lr_d=...).
// A checkpoint of the networks only is refused, with a message: it cannot resume a run.
std::string load_checkpoint_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                  Trainer& t, bool allow_live_changes = false);
// Either content, into a trainer used as a trained model (sampled, inverted,
// scored; never trained further): from a checkpoint of the networks only its
// optimizer moments stay as they were. The same checks, "" or an error.
std::string load_model_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name, Trainer& t);
std::string load_checkpoint(const std::string& path, Trainer& t);

// What a checkpoint says about itself, read (and fully checked: size, CRC)
// without a trainer, e.g. to build a trainer with the checkpoint's settings.
struct CheckpointInfo {
  std::string lesson_id;
  std::string spec_text;    // data set, image shape, noise, G and D layer by layer
  std::string config_text;  // training settings as "key=value" lines (config_keys())
  std::int64_t iteration = 0;
};
std::string read_checkpoint_info(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                 CheckpointInfo& out);
// Applies a checkpoint's training settings (batch, seed, optimizers, ...) to a
// config; "" or an error.
std::string apply_checkpoint_config(const CheckpointInfo& info, GanConfig& config);
// Settings a resumed run may change: learning rates, momenta, betas, k, G's
// loss (config_keys()' live ones, except batch, which sizes the run).
bool resume_may_change(const std::string& key);
struct SettingChange {
  std::string key, from, to;  // from: the checkpoint's value
};
// The resume_may_change settings whose value in `config` differs from the checkpoint's.
std::vector<SettingChange> checkpoint_setting_changes(const CheckpointInfo& info, const GanConfig& config);
// The texts a checkpoint of this trainer holds.
std::string checkpoint_spec_text(Trainer& t);
std::string checkpoint_config_text(const GanConfig& c);

}  // namespace ganstep
