// Checkpoints (engine/gan/image_checkpoint.h): an exact round trip, a table of
// corrupt inputs with their messages (each leaves the trainer unchanged),
// interrupted and blocked writes, and the settings read back from a file.
// A small DCGAN (batch norm buffers in G, dropout in D) on synthetic 1x8x8
// images, so it runs natively and under node.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <functional>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

#include "engine/io/bytes.h"
#include "engine/gan/image_checkpoint.h"
#include "engine/io/crc32.h"
#include "tests/engine/layer_specs.h"

#ifndef GANSTEP_TEST_TMP_DIR
#error "GANSTEP_TEST_TMP_DIR must name a writable folder (set by tests/CMakeLists.txt)"
#endif

using namespace ganstep;
using namespace ganstep::testing;

namespace {

// G: dense 8 -> 4x4x4, batch norm, ReLU, convT -> 1x8x8, tanh. D: conv, leaky ReLU, dropout, dense.
ImageGanSpec tiny_spec(int g_channels = 4) {
  ImageGanSpec s;
  s.shape = ImageShape{1, 8, 8};
  LayerSpec d1 = layer(LayerKind::Dense, g_channels * 16);
  d1.bias = false;
  LayerSpec reshape = layer(LayerKind::Reshape);
  reshape.c = g_channels;
  reshape.h = reshape.w = 4;
  LayerSpec drop = layer(LayerKind::Dropout);
  drop.p = 0.3f;
  s.g = {d1,      layer(LayerKind::BatchNorm),         layer(LayerKind::ReLU),
         reshape, layer(LayerKind::ConvT, 1, 4, 2, 1), layer(LayerKind::Tanh)};
  s.d = {layer(LayerKind::Conv, 4, 4, 2, 1), layer(LayerKind::LeakyReLU), drop, layer(LayerKind::Flatten),
         layer(LayerKind::Dense, 1)};
  return s;
}

GanConfig tiny_config() { return testing::adam_test_config(8, 11); }

std::string tmp_path(const std::string& name) { return std::string(GANSTEP_TEST_TMP_DIR) + "/" + name; }

void write_raw(const std::string& path, const std::vector<std::uint8_t>& b) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  if (!b.empty()) std::fwrite(b.data(), 1, b.size(), f);
  std::fclose(f);
}

bool exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

void put_u32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = std::uint8_t(v >> (8 * i));
}
void put_u64(std::vector<std::uint8_t>& b, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = std::uint8_t(v >> (8 * i));
}
std::uint32_t get_u32(const std::vector<std::uint8_t>& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t(b[at + i]) << (8 * i);
  return v;
}
// Recomputes the trailing CRC after an edit, so the edit reaches the checks behind it.
void fix_crc(std::vector<std::uint8_t>& b) {
  put_u32(b, b.size() - 4, crc32_update(0, b.data(), b.size() - 4));
}

// Offset of the first tensor's name length (after the envelope, three texts, the scalars and the count).
std::size_t first_tensor_at(const std::vector<std::uint8_t>& b) {
  std::size_t at = 20;
  for (int i = 0; i < 3; ++i) at += 4 + get_u32(b, at);
  return at + 10 * 8 + 4;
}

}  // namespace

TEST_CASE("crc32: the standard check value", "[checkpoint]") {
  const char* s = "123456789";
  CHECK(crc32_update(0, reinterpret_cast<const std::uint8_t*>(s), 9) == 0xCBF43926u);
  CHECK(crc32_update(0, nullptr, 0) == 0u);
  // in two pieces
  const std::uint32_t a = crc32_update(0, reinterpret_cast<const std::uint8_t*>(s), 4);
  CHECK(crc32_update(a, reinterpret_cast<const std::uint8_t*>(s) + 4, 5) == 0xCBF43926u);
}

TEST_CASE("checkpoint: save at 3, load into a fresh trainer, train to 6: the same state", "[checkpoint]") {
  auto data = block_images(40);
  Trainer a(tiny_spec(), tiny_config(), data);
  REQUIRE(a.ok());
  REQUIRE(a.step_iterations(3));
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(a, "tiny");
  const std::string path = tmp_path("ckpt-roundtrip.gsck");
  REQUIRE(save_checkpoint(path, a, "tiny") == "");
  CHECK_FALSE(exists(path + ".tmp"));
  REQUIRE(a.step_iterations(3));

  for (int from_file = 0; from_file < 2; ++from_file) {
    INFO("from file: " << from_file);
    Trainer b(tiny_spec(), tiny_config(), data);
    REQUIRE(b.ok());
    const std::string e =
        from_file ? load_checkpoint(path, b) : load_checkpoint_bytes(bytes.data(), bytes.size(), "mem", b);
    REQUIRE(e == "");
    CHECK(b.iteration() == 3);
    REQUIRE(b.step_iterations(3));
    CHECK(b.iteration() == 6);
    CHECK(b.state_hash() == a.state_hash());
    // and the checkpoint of the resumed run equals the straight one's, byte for byte
    CHECK(checkpoint_bytes(b, "tiny") == checkpoint_bytes(a, "tiny"));
  }

  CheckpointInfo info;
  REQUIRE(read_checkpoint_info(bytes.data(), bytes.size(), "mem", info) == "");
  CHECK(info.lesson_id == "tiny");
  CHECK(info.iteration == 3);
  CHECK(info.spec_text.find("shape 1x8x8\n") != std::string::npos);
  CHECK(info.config_text.find("batch=8\n") != std::string::npos);
  CHECK(info.config_text.find("seed=11\n") != std::string::npos);
}

TEST_CASE("checkpoint of the networks only: a model to sample, about half the bytes, never resumed",
          "[checkpoint]") {
  auto data = block_images(40);
  GanConfig c = tiny_config();
  c.ema_g = 0.9f;  // the average of G is part of the networks
  Trainer a(tiny_spec(), c, data);
  REQUIRE(a.ok());
  REQUIRE(a.step_iterations(3));
  const std::vector<std::uint8_t> run = checkpoint_bytes(a, "tiny");
  const std::vector<std::uint8_t> nets = checkpoint_bytes(a, "tiny", CheckpointContent::Nets);
  CHECK(nets.size() < run.size() * 6 / 10);  // G, D and G's average without Adam's two moments of G and D

  Trainer b(tiny_spec(), c, data);
  REQUIRE(b.ok());
  const std::uint64_t fresh = b.state_hash();
  CHECK(load_checkpoint_bytes(nets.data(), nets.size(), "model.gsck", b) ==
        "model.gsck: holds a trained model's networks only (no optimizer state): it can be sampled, inverted and "
        "scored, not resumed; train the lesson from the start instead");
  CHECK(b.state_hash() == fresh);  // refused: untouched
  REQUIRE(load_model_bytes(nets.data(), nets.size(), "model.gsck", b) == "");
  CHECK(b.iteration() == 3);
  CHECK(checkpoint_bytes(b, "tiny", CheckpointContent::Nets) == nets);  // every network, bit for bit
  // G's samples (its average's) are the trained run's.
  Tensor2 z = Tensor2::from_shape({std::size_t(4), std::size_t(c.noise_dim)});
  Rng rng(5, 5);
  for (auto& v : z) v = rng.normal();
  Sequential ga = a.sample_net(), gb = b.sample_net();
  ga.set_training(false);
  gb.set_training(false);
  const Tensor2 xa = ga.forward(z), xb = gb.forward(z);
  CHECK(std::memcmp(xa.data(), xb.data(), xa.size() * sizeof(float)) == 0);

  // A whole run loads as a model too; a truncated model file is refused, the trainer unchanged.
  Trainer m(tiny_spec(), c, data);
  REQUIRE(load_model_bytes(run.data(), run.size(), "run.gsck", m) == "");
  CHECK(m.state_hash() == a.state_hash());
  std::vector<std::uint8_t> cut(nets.begin(), nets.end() - 100);
  Trainer t(tiny_spec(), c, data);
  const std::uint64_t before = t.state_hash();
  CHECK_FALSE(load_model_bytes(cut.data(), cut.size(), "cut.gsck", t).empty());
  CHECK(t.state_hash() == before);
}

TEST_CASE("checkpoint: a fresh trainer's checkpoint (before any step) resumes too", "[checkpoint]") {
  auto data = block_images(40);
  Trainer a(tiny_spec(), tiny_config(), data);
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(a, "tiny");
  REQUIRE(a.step_iterations(2));
  Trainer b(tiny_spec(), tiny_config(), data);
  REQUIRE(load_checkpoint_bytes(bytes.data(), bytes.size(), "mem", b) == "");
  REQUIRE(b.step_iterations(2));
  CHECK(b.state_hash() == a.state_hash());
}

TEST_CASE("checkpoint: corrupt or foreign inputs give their message and leave the trainer unchanged",
          "[checkpoint]") {
  auto data = block_images(40);
  Trainer src(tiny_spec(), tiny_config(), data);
  REQUIRE(src.step_iterations(3));
  const std::vector<std::uint8_t> good = checkpoint_bytes(src, "tiny");
  const std::size_t n = good.size();
  const std::size_t t0 = first_tensor_at(good);
  const std::size_t name_len = get_u32(good, t0);

  GanConfig other_batch = tiny_config();
  other_batch.batch = 16;
  Trainer wide(tiny_spec(8), tiny_config(), data);
  Trainer batch16(tiny_spec(), other_batch, data);

  struct Case {
    const char* what;
    std::vector<std::uint8_t> bytes;
    std::string message;
  };
  auto edit = [&](auto f) {
    std::vector<std::uint8_t> b = good;
    f(b);
    return b;
  };
  auto truncated = [&](std::size_t size) {
    return std::vector<std::uint8_t>(good.begin(), good.begin() + size);
  };
  auto flipped = [&](std::size_t at) { return edit([&](std::vector<std::uint8_t>& b) { b[at] ^= 0x10; }); };
  std::vector<Case> cases = {
      {"empty", {}, "not a ganstep checkpoint"},
      {"text", {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n'}, "not a ganstep checkpoint"},
      {"bad magic", edit([](std::vector<std::uint8_t>& b) { b[0] = 'X'; }), "not a ganstep checkpoint"},
      {"magic only, cut", truncated(5), "truncated checkpoint (5 bytes)"},
      {"newer version", edit([](std::vector<std::uint8_t>& b) { put_u32(b, 8, 2), fix_crc(b); }),
       "checkpoint format version 2 is newer than this ganstep reads (1)"},
      {"version 0", edit([](std::vector<std::uint8_t>& b) { put_u32(b, 8, 0), fix_crc(b); }),
       "bad checkpoint format version 0"},
      {"another architecture", checkpoint_bytes(wide, "wide"),
       "a checkpoint of lesson \"wide\" with another architecture (the checkpoint has \"G Linear(8 -> 128, "
       "no bias)"},
      {"other settings", checkpoint_bytes(batch16, "tiny"),
       "trained with other settings (the checkpoint has \"batch=16\", this run \"batch=8\")"},
      {"wrong shape", edit([&](std::vector<std::uint8_t>& b) {
         const std::size_t rows_at = t0 + 4 + name_len + 4;
         put_u64(b, rows_at, get_u32(b, rows_at) + 1);
         fix_crc(b);
       }),
       "tensor g.layer0.W has shape 9x64 in the checkpoint, 8x64 in this lesson"},
      {"wrong name", edit([&](std::vector<std::uint8_t>& b) { b[t0 + 4] = 'x', fix_crc(b); }),
       "the checkpoint has tensor x.layer0.W where this lesson has g.layer0.W"},
      {"impossible counters",
       edit([&](std::vector<std::uint8_t>& b) { put_u64(b, t0 - 4 - 80, ~0ull), fix_crc(b); }),
       "impossible counters"},
      {"size field", edit([&](std::vector<std::uint8_t>& b) { put_u64(b, 12, 3); }),
       "its size field says 3 bytes"},
      {"trailing bytes", edit([](std::vector<std::uint8_t>& b) { b.push_back(0); }), "1 bytes after its end"},
      {"cut in the envelope", truncated(10), "truncated checkpoint (10 bytes)"},
      {"cut after the envelope", truncated(20),
       "truncated checkpoint (20 of " + std::to_string(n) + " bytes)"},
      {"cut in the texts", truncated(100), "truncated checkpoint (100 of"},
      {"cut in a tensor", truncated(n / 2), "truncated checkpoint"},
      {"cut in the CRC", truncated(n - 1), "truncated checkpoint"},
      {"flip in the texts", flipped(30), "CRC-32 mismatch"},
      {"flip in the scalars", flipped(t0 - 10), "CRC-32 mismatch"},
      {"flip in a tensor name", flipped(t0 + 5), "CRC-32 mismatch"},
      {"flip in the data", flipped(n / 2), "CRC-32 mismatch"},
      {"flip in the CRC", flipped(n - 2), "CRC-32 mismatch"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Trainer t(tiny_spec(), tiny_config(), data);
    REQUIRE(t.step_iterations(1));
    const std::uint64_t before = t.state_hash();
    const std::vector<std::uint8_t> snapshot = checkpoint_bytes(t, "tiny");
    const std::string e =
        load_checkpoint_bytes(c.bytes.empty() ? nullptr : c.bytes.data(), c.bytes.size(), "bad.gsck", t);
    CHECK(e.rfind("bad.gsck: ", 0) == 0);
    CHECK_THAT(e, Catch::Contains(c.message));
    CHECK(t.iteration() == 1);
    CHECK(t.state_hash() == before);
    CHECK(checkpoint_bytes(t, "tiny") == snapshot);  // scalars and moments too
    CheckpointInfo info;
    if (std::string(c.what) != "another architecture" && std::string(c.what) != "other settings" &&
        std::string(c.what).rfind("wrong", 0) != 0)
      CHECK(read_checkpoint_info(c.bytes.data(), c.bytes.size(), "bad.gsck", info) != "");
  }
}

TEST_CASE("checkpoint: settings read from a checkpoint build a trainer that loads it", "[checkpoint]") {
  auto data = block_images(40);
  GanConfig c16 = tiny_config();
  c16.batch = 16;
  c16.seed = 99;
  c16.opt_g.lr = 5e-4f;
  Trainer src(tiny_spec(), c16, data);
  REQUIRE(src.step_iterations(2));
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(src, "tiny");
  CheckpointInfo info;
  REQUIRE(read_checkpoint_info(bytes.data(), bytes.size(), "c", info) == "");
  GanConfig c = tiny_config();
  REQUIRE(apply_checkpoint_config(info, c) == "");
  CHECK(c.batch == 16);
  CHECK(c.seed == 99);
  CHECK(c.opt_g.lr == 5e-4f);
  Trainer t(tiny_spec(), c, data);
  REQUIRE(load_checkpoint_bytes(bytes.data(), bytes.size(), "c", t) == "");
  CHECK(t.state_hash() == src.state_hash());
  info.config_text = "batch=0\n";
  GanConfig untouched = tiny_config();
  CHECK_THAT(apply_checkpoint_config(info, untouched), Catch::Contains("checkpoint setting batch=0"));
  CHECK(untouched.batch == 8);
}

// The temporary files write_file_atomic left in the test folder for PATH.
std::vector<std::string> temp_files_of(const std::string& path) {
  std::vector<std::string> found;
  const std::string dir = path.substr(0, path.find_last_of('/')), base = path.substr(dir.size() + 1);
  DIR* d = opendir(dir.c_str());
  REQUIRE(d);
  while (const dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n.compare(0, base.size(), base) == 0 && is_temp_file_name(n)) found.push_back(dir + "/" + n);
  }
  closedir(d);
  return found;
}

TEST_CASE("checkpoint: interrupted and blocked writes leave the last good file", "[checkpoint]") {
  auto data = block_images(40);
  Trainer t(tiny_spec(), tiny_config(), data);
  const std::string path = tmp_path("ckpt-atomic.gsck");
  for (const std::string& stale : temp_files_of(path)) std::remove(stale.c_str());
  REQUIRE(t.step_iterations(2));
  REQUIRE(save_checkpoint(path, t, "tiny") == "");
  CHECK(temp_files_of(path).empty());
  const std::uint64_t at2 = t.state_hash();

  // A kill during the next save leaves a partial PATH.tmp-XXXXXX: PATH still loads.
  std::vector<std::uint8_t> next = checkpoint_bytes(t, "tiny");
  next.resize(next.size() / 3);
  write_raw(path + ".tmp-Ab3xYz", next);
  {
    Trainer r(tiny_spec(), tiny_config(), data);
    REQUIRE(load_checkpoint(path, r) == "");
    CHECK(r.state_hash() == at2);
  }
  // The next save uses a fresh name and leaves none of its own behind; the
  // stale one is removed by remove_stale_temp_files (a run does it at start).
  REQUIRE(t.step_iterations(1));
  REQUIRE(save_checkpoint(path, t, "tiny") == "");
  CHECK(temp_files_of(path) == std::vector<std::string>{path + ".tmp-Ab3xYz"});
  CHECK(remove_stale_temp_files(GANSTEP_TEST_TMP_DIR) >= 1);
  CHECK(temp_files_of(path).empty());
  const std::uint64_t at3 = t.state_hash();
  {
    Trainer r(tiny_spec(), tiny_config(), data);
    REQUIRE(load_checkpoint(path, r) == "");
    CHECK(r.iteration() == 3);
    CHECK(r.state_hash() == at3);
  }
  // A save into a folder that does not exist fails, naming its temporary file.
  const std::string nowhere = tmp_path("no-such-folder/ckpt.gsck");
  CHECK_THAT(save_checkpoint(nowhere, t, "tiny"), Catch::StartsWith(nowhere + ".tmp-"));
  CHECK_THAT(save_checkpoint(nowhere, t, "tiny"), Catch::Contains(": cannot create (No such file"));
  // A folder at PATH is refused before anything is written; no temporary file is left.
  const std::string dir_path = tmp_path("ckpt-is-a-folder.gsck");
  mkdir(dir_path.c_str(), 0755);
  CHECK(save_checkpoint(dir_path, t, "tiny") == dir_path + ": is a folder, not a file; cannot replace it");
  CHECK(temp_files_of(dir_path).empty());
  rmdir(dir_path.c_str());
  // A missing file names its path.
  Trainer r(tiny_spec(), tiny_config(), data);
  CHECK_THAT(load_checkpoint(tmp_path("no-such.gsck"), r),
             Catch::StartsWith(tmp_path("no-such.gsck") + ": cannot open"));
}

TEST_CASE("checkpoint: a non-finite weight is refused, naming the tensor", "[checkpoint]") {
  auto data = block_images(40);
  Trainer src(tiny_spec(), tiny_config(), data);
  REQUIRE(src.step_iterations(2));
  const std::vector<NamedTensor> tensors = src.state_tensors();
  REQUIRE(tensors.size() > 3);
  for (const float bad : {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::infinity()}) {
    Trainer forged(tiny_spec(), tiny_config(), data);
    REQUIRE(forged.step_iterations(2));
    const std::vector<NamedTensor> all = forged.state_tensors();
    const NamedTensor& victim = all[2];
    victim.value->data()[1] = bad;
    // A valid envelope and CRC around the bad value: only the new check finds it.
    const std::vector<std::uint8_t> bytes = checkpoint_bytes(forged, "tiny");
    Trainer t(tiny_spec(), tiny_config(), data);
    const std::uint64_t before = t.state_hash();
    CHECK(load_checkpoint_bytes(bytes.data(), bytes.size(), "forged.gsck", t) ==
          "forged.gsck: tensor " + victim.name + " holds a non-finite value (NaN or infinity) at element 1 of " +
              std::to_string(victim.value->size()) +
              ": the checkpoint is damaged or was written by a diverged run; resume from an earlier checkpoint");
    CHECK(t.state_hash() == before);
    CHECK(t.iteration() == 0);
  }
}

TEST_CASE("checkpoint: a resume may change live settings, never the others", "[checkpoint]") {
  auto data = block_images(40);
  Trainer src(tiny_spec(), tiny_config(), data);
  REQUIRE(src.step_iterations(2));
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(src, "tiny");
  CheckpointInfo info;
  REQUIRE(read_checkpoint_info(bytes.data(), bytes.size(), "c.gsck", info) == "");

  GanConfig lower = tiny_config();
  REQUIRE(apply_setting(lower, "lr_d=0.0005") == "");
  REQUIRE(apply_setting(lower, "k=2") == "");
  Trainer strict(tiny_spec(), lower, data);
  CHECK_THAT(load_checkpoint_bytes(bytes.data(), bytes.size(), "c.gsck", strict),
             Catch::Contains("trained with other settings"));
  Trainer live(tiny_spec(), lower, data);
  REQUIRE(load_checkpoint_bytes(bytes.data(), bytes.size(), "c.gsck", live, true) == "");
  CHECK(live.iteration() == 2);
  CHECK(live.config().opt_d.lr == 0.0005f);
  CHECK(live.step_iterations(1));
  const std::vector<SettingChange> changes = checkpoint_setting_changes(info, lower);
  REQUIRE(changes.size() == 2);
  CHECK((changes[0].key == "lr_d" && changes[0].from == "0.002" && changes[0].to == "0.0005"));
  CHECK((changes[1].key == "k" && changes[1].from == "1" && changes[1].to == "2"));

  // Structural settings still refuse, naming the setting.
  for (const char* kv : {"batch=16", "seed=12", "opt_d=sgd"}) {
    INFO(kv);
    GanConfig other = tiny_config();
    REQUIRE(apply_setting(other, kv) == "");
    Trainer t(tiny_spec(), other, data);
    const std::string e = load_checkpoint_bytes(bytes.data(), bytes.size(), "c.gsck", t, true);
    CHECK_THAT(e, Catch::Contains("trained with other settings"));
    CHECK_THAT(e, Catch::Contains(std::string("this run \"") + kv + "\""));
  }
  CHECK(resume_may_change("lr_g"));
  CHECK(resume_may_change("beta2_d"));
  CHECK_FALSE(resume_may_change("batch"));
  CHECK_FALSE(resume_may_change("seed"));
}

// The checkpoint's bytes with its config text rewritten by edit (lengths, total size and CRC fixed).
std::vector<std::uint8_t> with_config_text(const std::vector<std::uint8_t>& b,
                                           const std::function<std::string(std::string)>& edit) {
  std::size_t at = 20;
  for (int i = 0; i < 2; ++i) at += 4 + get_u32(b, at);
  const std::uint32_t len = get_u32(b, at);
  const std::string text = edit(std::string(b.begin() + long(at + 4), b.begin() + long(at + 4 + len)));
  std::vector<std::uint8_t> out(b.begin(), b.begin() + long(at));
  out.resize(at + 4);
  put_u32(out, at, std::uint32_t(text.size()));
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), b.begin() + long(at + 4 + len), b.end());
  put_u64(out, 12, out.size());
  fix_crc(out);
  return out;
}

std::string without_line(std::string text, const std::string& key) {
  const std::size_t at = text.find("\n" + key + "=");
  REQUIRE(at != std::string::npos);
  return text.erase(at + 1, text.find('\n', at + 1) - at);
}

TEST_CASE("checkpoint: one written before a setting existed resumes, the setting at its default", "[checkpoint]") {
  auto data = block_images(40);
  Trainer src(tiny_spec(), tiny_config(), data);
  REQUIRE(src.step_iterations(2));
  const std::vector<std::uint8_t> now = checkpoint_bytes(src, "tiny");
  const std::vector<std::uint8_t> old = with_config_text(now, [](std::string t) {
    return without_line(without_line(without_line(t, "ema_g"), "real_target"), "lr_decay_start");
  });
  REQUIRE(old.size() < now.size());
  Trainer resumed(tiny_spec(), tiny_config(), data);
  REQUIRE(load_checkpoint_bytes(old.data(), old.size(), "old.gsck", resumed) == "");
  CHECK(resumed.state_hash() == src.state_hash());
  CheckpointInfo info;
  REQUIRE(read_checkpoint_info(old.data(), old.size(), "old.gsck", info) == "");
  GanConfig from_file;
  REQUIRE(apply_checkpoint_config(info, from_file) == "");
  CHECK(checkpoint_config_text(from_file) == checkpoint_config_text(tiny_config()));

  // A missing setting this run does not leave at its default still refuses, naming it.
  GanConfig smoothed = tiny_config();
  REQUIRE(apply_setting(smoothed, "real_target=0.9") == "");
  Trainer other(tiny_spec(), smoothed, data);
  CHECK_THAT(load_checkpoint_bytes(old.data(), old.size(), "old.gsck", other), Catch::Contains("real_target"));
  // A setting this build does not know (a newer checkpoint) refuses, naming it.
  const std::vector<std::uint8_t> newer = with_config_text(now, [](std::string t) { return t + "future_key=1\n"; });
  Trainer t(tiny_spec(), tiny_config(), data);
  CHECK_THAT(load_checkpoint_bytes(newer.data(), newer.size(), "new.gsck", t), Catch::Contains("future_key=1"));
  CHECK(t.iteration() == 0);
}

TEST_CASE("byte reader: reads past the end fail and return zeros", "[checkpoint]") {
  ByteWriter w;
  w.u32(7);
  w.str("abc");
  w.f64(-2.5);
  const std::vector<std::uint8_t>& b = w.out();
  ByteReader r(b.data(), b.size());
  CHECK(r.u32() == 7);
  CHECK(r.str(10) == "abc");
  CHECK(r.f64() == -2.5);
  CHECK_FALSE(r.failed());
  CHECK(r.u32() == 0);
  CHECK(r.failed());
  ByteReader s(b.data(), b.size());
  s.u32();
  CHECK(s.str(2) == "");  // longer than allowed
  CHECK(s.failed());
}
