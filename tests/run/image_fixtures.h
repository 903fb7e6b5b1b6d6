// What the image-run tests share (test_image_run.cpp, test_image_executor.cpp):
// a small synthetic MNIST written as IDX files, lesson 8's networks on it, an
// ImageRun on a Session (ImageSession) and the straight run's state hashes.
#pragma once

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>
#include "engine/gan/image_checkpoint.h"
#include "lessons/format/library.h"
#include "lessons/run/image_run.h"
#include "lessons/run/remote_run.h"
#include "lessons/run/session.h"

namespace ganstep::image_testing {

using namespace ganstep;


inline void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
}

inline void write_file(const std::filesystem::path& p, const std::vector<std::uint8_t>& b) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// 64 "digits": a bright bar whose row and thickness depend on the label.
inline std::string synthetic_mnist() {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "ganstep_test_image_session";
  std::filesystem::create_directories(dir);
  const int n = 64;
  std::vector<std::uint8_t> images = {0, 0, 8, 3}, labels = {0, 0, 8, 1};
  put_u32(images, n);
  put_u32(images, 28);
  put_u32(images, 28);
  put_u32(labels, n);
  for (int i = 0; i < n; ++i) {
    const int label = i % 10;
    labels.push_back(static_cast<std::uint8_t>(label));
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        const bool on = y >= 4 + 2 * label && y < 6 + 2 * label + i % 3 && x >= 4 && x < 24;
        images.push_back(on ? 255 : static_cast<std::uint8_t>((x * 7 + y * 3 + i) % 20));
      }
  }
  write_file(dir / "train-images-idx3-ubyte", images);
  write_file(dir / "train-labels-idx1-ubyte", labels);
  return dir.string();
}

// Lesson 8 on the synthetic digits, with a small minibatch (fast).
inline lessons::Lesson lesson8() {
  lessons::LoadResult r = lessons::find_lesson("dcgan-mnist");
  REQUIRE(r.ok());
  REQUIRE(r.lesson.image);
  r.lesson.image->data = "idx:" + synthetic_mnist();
  r.lesson.config.batch = 8;
  return r.lesson;
}

// The Session as the image panels see it, in the words of these tests.
struct ImageSession {
  static constexpr int kRecent = run::Session::kRecent;
  run::Session s;
  int snapshot_every = 0;   // 0: the run's
  int max_snapshots = 0;
  bool load(const lessons::Lesson& l, bool, std::uint64_t, std::string& e) {
    s.snapshot_every = snapshot_every;
    s.max_snapshots = static_cast<std::size_t>(max_snapshots);
    return s.load(l, std::nullopt, e);
  }
  bool loaded() const { return s.loaded(); }
  run::ImageRun& r() { return *s.as<run::ImageRun>(); }
  const run::ImageRun& r() const { return *s.as<run::ImageRun>(); }
  std::int64_t iteration() const { return r().iteration(); }
  int dstep() const { return r().dstep(); }
  bool next_is_g() const { return r().next_is_g(); }
  std::string state_hash_hex() { return r().state_hash_hex(); }
  Trainer& trainer() { return r().trainer(); }
  const GanConfig& config() const { return r().trainer().config(); }
  std::shared_ptr<const LabeledImages> data() const { return r().data(); }
  const std::vector<run::HistoryPoint>& history() const { return s.history(); }
  std::size_t visible_history() const { return s.history_end() - s.history_begin(); }
  std::int64_t phases_done() const { return s.position(); }  // the unit is a phase
  std::int64_t furthest_iteration() const { return s.furthest_iterations(); }
  std::size_t snapshot_count() const { return s.snapshot_count(); }
  std::size_t recent_count() const { return s.recent_count(); }
  std::int64_t replayed_phases() const { return s.replayed_units(); }
  std::uint64_t version() const { return s.version(); }
  bool step_updates(std::int64_t n) { return s.step_updates(n); }
  bool step_iterations(std::int64_t n) { return s.step_iterations(n); }
  bool back_iterations(std::int64_t n) { return s.back_iterations(n); }
  bool back_phases(std::int64_t n) { return s.back_units(n); }
  bool seek(std::int64_t it) { return s.seek_iteration(it); }
  bool seek_phase(std::int64_t u) { return s.seek_position(u); }
  std::string set(const std::string& k, const std::string& v) { return s.set(k, v); }
  std::string load_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    std::string e;
    auto run = r().from_checkpoint(bytes, size, name, e);
    return run ? s.replace_run(std::move(run)) : e;
  }
  std::vector<int> fired() const {
    std::vector<int> out;
    for (const auto& f : s.narration().fired) out.push_back(f.beat);
    return out;
  }
  bool take_pause_request() { return s.take_pause_request(); }
};

inline void load(ImageSession& s, const lessons::Lesson& l) {
  std::string e;
  REQUIRE(s.load(l, false, 0, e));
  CHECK(e.empty());
}

// The state hash after each iteration 0..n of a straight run.
inline std::vector<std::string> straight(const lessons::Lesson& l, int n) {
  ImageSession s;
  load(s, l);
  std::vector<std::string> h = {s.state_hash_hex()};
  for (int i = 0; i < n; ++i) {
    REQUIRE(s.step_iterations(1));
    h.push_back(s.state_hash_hex());
  }
  return h;
}

}  // namespace ganstep::image_testing
