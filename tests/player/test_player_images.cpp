// Image lessons in the player (lesson 8, dcgan-mnist, on the MNIST digits made
// at set-up): the image panels draw, through the shell's texture hook or as
// rectangles; stepping by D/G step and back is exact; the state JSON; the
// checkpoint API (good, bad, not an image lesson); the classifier trains
// across frames and scores the samples; a bad data folder is an error, not a crash.
#include <catch2/catch.hpp>

#include "tests/lessons/lesson_head.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_data.h"
#include "engine/gan/image_checkpoint.h"
#include "imgui.h"
#include "lessons/format/library.h"
#include "lessons/player/player.h"
#include "lessons/run/executor.h"
#include "tests/player/headless.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// A texture hook that records what the player uploads.
struct FakeTextures {
  std::map<int, std::pair<int, int>> sizes;  // slot -> (w, h)
  std::map<int, int> uploads;
  std::map<int, std::vector<unsigned char>> pixels;
  int ids[8] = {};
  void install(PlayerOptions& o) {
    o.upload_texture = [this](int slot, int w, int h, const unsigned char* rgba) -> void* {
      sizes[slot] = {w, h};
      ++uploads[slot];
      pixels[slot].assign(rgba, rgba + static_cast<std::size_t>(w) * h * 4);
      return &ids[slot];
    };
  }
};

}  // namespace

TEST_CASE("player images: lesson 8 draws its panels through the texture hook", "[player][images]") {
  FakeTextures tex;
  PlayerOptions o = options("dcgan-mnist");
  tex.install(o);
  Player p(o);
  REQUIRE(p.last_error().empty());
  Headless h(p);
  h.frame(p);
  // Slots: 0 the 8 x 8 grid, 1 real digits, 2 generated, 3 the latent walk; 28 x 28 with 1-pixel lines.
  REQUIRE(tex.sizes.size() == 4);
  CHECK(tex.sizes[0] == std::make_pair(8 * 29 + 1, 8 * 29 + 1));
  CHECK(tex.sizes[1] == std::make_pair(8 * 29 + 1, 29 + 1));
  CHECK(tex.sizes[2] == std::make_pair(8 * 29 + 1, 29 + 1));
  CHECK(tex.sizes[3] == std::make_pair(11 * 29 + 1, 29 + 1));  // t = 0, 0.1, ..., 1
  // The real row holds MNIST digits: mostly black, some white pixels.
  int white = 0, black = 0;
  for (std::size_t i = 0; i < tex.pixels[1].size(); i += 4) {
    white += tex.pixels[1][i] > 200;
    black += tex.pixels[1][i] < 20;
  }
  CHECK(white > 8 * 40);
  CHECK(black > 8 * 400);
  // Nothing changed: no new upload. A step: the grid, the rows and the walk again.
  const int before = tex.uploads[0];
  h.frame(p);
  CHECK(tex.uploads[0] == before);
  const std::vector<unsigned char> grid0 = tex.pixels[0];
  REQUIRE(p.step(StepSize::DStep, 1));  // G's weights stay, its batch norm statistics move
  h.frame(p);
  CHECK(tex.uploads[0] == before + 1);
  REQUIRE(p.step(StepSize::DStep, 1));  // the G-step
  h.frame(p);
  CHECK(tex.uploads[0] == before + 2);
  CHECK(tex.pixels[0] != grid0);
  CHECK(field(p.state_json(), "steps") == "1");
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
}

TEST_CASE("player images: without a hook the images are rectangles; every panel draws", "[player][images]") {
  for (Lang lang : {Lang::En, Lang::Pt}) {
    PlayerOptions o = options("dcgan-mnist");
    o.lang = lang;
    Player p(o);
    Headless h(p);
    REQUIRE(p.step(StepSize::Iteration, 2));
    p.set_playing(true);
    for (int i = 0; i < 5; ++i) h.frame(p, 0.05);
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 20000);  // thousands of pixel runs
    CHECK(std::stoll(field(p.state_json(), "steps")) >= 2);
  }
}

TEST_CASE("player images: the settings panel shows an image run's settings", "[player][images]") {
  // It read the point run's trainer, which an image lesson does not have: the player crashed.
  std::string text;
  for (const ganstep::lessons::EmbeddedFile& f : ganstep::lessons::embedded_library())
    if (std::string(f.name) == "dcgan-mnist.toml") text = std::string(f.text);
  const std::size_t at = text.find("\npanels = [");
  REQUIRE(at != std::string::npos);
  text.insert(at + std::string("\npanels = [").size(), "\"settings\", ");
  Player p(options("dcgan-mnist"));
  Headless h(p);
  std::string error;
  REQUIRE(p.open_text(text, "image-settings.toml", error));
  CHECK(error.empty());
  for (int i = 0; i < 3; ++i) h.frame(p);
  REQUIRE(p.step(StepSize::Iteration, 1));
  h.frame(p);
  CHECK(std::stoll(field(p.state_json(), "steps")) == 1);
  CHECK(p.last_error().empty());
}

TEST_CASE("player images: stepping, back and the state JSON", "[player][images]") {
  Player p(options("dcgan-mnist"));
  Headless h(p);
  h.frame(p);
  std::string s = p.state_json();
  CHECK(field(s, "lesson") == "dcgan-mnist");
  CHECK(field(s, "steps") == "0");
  CHECK(field(s, "phase") == "d_step");
  CHECK(field(s, "k") == "1");
  CHECK(field(s, "seed") == "1");
  const std::string h0 = field(s, "state_hash");
  CHECK(p.beats_json().find("\"shown\":[\"intro\"]") != std::string::npos);  // the load beat
  REQUIRE(h0.size() == 16);
  CHECK(field(s, "next_phase") == "sample_noise_d");
  REQUIRE(p.step(StepSize::Phase, 1));  // image lessons step by phase too
  CHECK(field(p.state_json(), "phase") == "d_step");
  CHECK(field(p.state_json(), "next_phase") == "sample_data");
  CHECK(field(p.state_json(), "algorithm_line") == "4");
  REQUIRE(p.step(StepSize::DStep, 1));  // to the end of the D-step
  CHECK(field(p.state_json(), "phase") == "g_step");
  CHECK(field(p.state_json(), "next_phase") == "sample_noise_g");
  REQUIRE(p.step(StepSize::Iteration, 3));  // finishes this one, then two more
  CHECK(field(p.state_json(), "steps") == "3");
  const std::string h3 = field(p.state_json(), "state_hash");
  REQUIRE(p.back(2));
  CHECK(field(p.state_json(), "steps") == "1");
  REQUIRE(p.seek_iteration(3));
  CHECK(field(p.state_json(), "state_hash") == h3);
  REQUIRE(p.back_phases(1));
  CHECK(field(p.state_json(), "steps") == "2");
  CHECK(field(p.state_json(), "dstep") == "1");
  REQUIRE(p.seek_iteration(0));
  CHECK(field(p.state_json(), "state_hash") == h0);
  // Settings restart the run; unknown or bad ones are errors.
  CHECK(p.get("lr_d") == "0.001");
  CHECK_FALSE(p.set("lr_d", "fast"));
  CHECK_FALSE(p.last_error().empty());
  CHECK(p.set("lr_d", "0.0005"));
  CHECK(p.get("lr_d") == "0.0005");
  // The narration is the timeline's: at iteration 0 only the load beat.
  CHECK(p.beats_json().find("\"shown\":[\"intro\"]") != std::string::npos);
  REQUIRE(p.step(StepSize::Iteration, 1));
  CHECK(p.beats_json().find("\"shown\":[\"intro\",\"strided\"]") != std::string::npos);
}

TEST_CASE("player images: checkpoints through the API; bad ones leave the run going", "[player][images]") {
  Player p(options("dcgan-mnist"));
  Headless h(p);
  std::string e;
  const std::vector<std::uint8_t> junk = {'G', 'S', 'C', 'K', 'P', 'T', '0', '1', 9, 9, 9};
  REQUIRE(p.step(StepSize::Iteration, 2));
  const std::string h2 = field(p.state_json(), "state_hash");
  CHECK_FALSE(p.load_checkpoint(junk.data(), junk.size(), "junk.ckpt", e));
  CHECK(e.rfind("junk.ckpt", 0) == 0);
  CHECK(p.last_error() == e);
  CHECK(field(p.state_json(), "state_hash") == h2);
  h.frame(p);  // the error shows; the frame draws
  REQUIRE(p.step(StepSize::Iteration, 1));
  CHECK(field(p.state_json(), "steps") == "3");

  // A checkpoint of a run at iteration 5, made with the engine directly.
  ganstep::lessons::LoadResult r = ganstep::lessons::find_lesson("dcgan-mnist");
  REQUIRE(r.ok());
  ganstep::LabeledImages data;
  REQUIRE(ganstep::load_image_data("mnist", "", r.lesson.image->shape, ganstep::ImageSplit::Train, data).empty());
  ganstep::Trainer t(*r.lesson.image, r.lesson.config, std::make_shared<ganstep::LabeledImages>(data));
  REQUIRE(t.step_iterations(5));
  const std::vector<std::uint8_t> bytes = ganstep::checkpoint_bytes(t, "dcgan-mnist");
  REQUIRE(p.load_checkpoint(bytes.data(), bytes.size(), "five.ckpt", e));
  CHECK(e.empty());
  CHECK(field(p.state_json(), "steps") == "5");
  CHECK(field(p.state_json(), "first_iteration") == "5");
  CHECK(field(p.state_json(), "state_hash") == t.state_hash_hex());
  REQUIRE(p.step(StepSize::Iteration, 2));
  REQUIRE(t.step_iterations(2));
  CHECK(field(p.state_json(), "state_hash") == t.state_hash_hex());
  h.frame(p);

  // Not an image lesson: a clear error.
  REQUIRE(p.load("gauss-1d", e));
  CHECK_FALSE(p.load_checkpoint(bytes.data(), bytes.size(), "five.ckpt", e));
  CHECK(e.find("image lesson") != std::string::npos);
}

// GANSTEP_CACHE_DIR for one scope (the quality classifier's cache folder).
struct CacheDir {
  std::string dir, before = ganstep::classifier_cache_dir();
  explicit CacheDir(const std::string& name) {
    dir = (std::filesystem::temp_directory_path() / name).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ganstep::set_classifier_cache_dir(dir);
  }
  ~CacheDir() {
    ganstep::set_classifier_cache_dir(before);  // main()'s GANSTEP_CACHE_DIR, or the default
    std::filesystem::remove_all(dir);
  }
};

TEST_CASE("player images: the classifier trains across frames, then scores the samples", "[player][images]") {
  CacheDir cache("ganstep_player_no_cache");  // no cached classifier here: the player trains one
  Player p(options("dcgan-mnist"));
  Headless h(p);
  CHECK(field(p.state_json(), "classifier_ready") == "false");
  int frames = 0;
  while (field(p.state_json(), "classifier_ready") != "true" && frames < 3000) {
    h.frame(p);
    ++frames;
  }
  CHECK(field(p.state_json(), "classifier_ready") == "true");
  h.frame(p);
  const double fd = std::stod(field(p.state_json(), "frechet"));
  CHECK(fd > 1.0);  // noise from an untrained G is far from digits
  INFO("frames to train the classifier: " << frames);
  CHECK(frames > 1);
  CHECK(field(p.state_json(), "classifier_cached") == "false");
}

TEST_CASE("player images: the quality metric's cached classifier is used when present", "[player][images]") {
  CacheDir cache("ganstep_player_cache");
  ganstep::LabeledImages data;
  const ganstep::ImageShape shape{1, 28, 28};
  REQUIRE(ganstep::load_image_data("mnist", "", shape, ganstep::ImageSplit::Train, data).empty());
  const ganstep::ClassifierConfig metric;
  const std::string key = ganstep::classifier_cache_key(metric, data);
  ganstep::Classifier net(metric);
  ganstep::Rng init(3, 4);
  net.init(init);  // untrained weights are enough to tell the file was used
  const std::vector<std::uint8_t> bytes = ganstep::classifier_bytes(net, key);
  {
    std::ofstream f(ganstep::classifier_cache_path(cache.dir, key), std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  {
    Player p(options("dcgan-mnist"));
    Headless h(p);
    h.frame(p);  // the first views from beside the run: ready at once, no frames of training
    CHECK(field(p.state_json(), "classifier_ready") == "true");
    CHECK(field(p.state_json(), "classifier_cached") == "true");
    CHECK(std::stod(field(p.state_json(), "frechet")) > 0.0);
  }
  // A corrupt cache file: the player trains its own instead.
  {
    std::vector<std::uint8_t> bad = bytes;
    bad[bad.size() / 2] ^= 1;
    std::ofstream f(ganstep::classifier_cache_path(cache.dir, key), std::ios::binary);
    f.write(reinterpret_cast<const char*>(bad.data()), static_cast<std::streamsize>(bad.size()));
  }
  Player q(options("dcgan-mnist"));
  Headless h(q);
  h.frame(q);
  CHECK(field(q.state_json(), "classifier_ready") == "false");
  CHECK(field(q.state_json(), "classifier_cached") == "false");
  CHECK(std::stod(field(q.state_json(), "classifier_progress")) > 0.0);  // trains beside the run
}

TEST_CASE("player images: a missing data folder is an error; the previous lesson keeps running", "[player][images]") {
  const std::string text = lesson_head("nodata", "No data", "Sem dados", "x", "x") + R"TOML([data]
images = "idx:/nonexistent/ganstep-digits"
shape = "1x28x28"
[noise]
prior = "gaussian"
dim = 8
[generator]
layers = ["dense(784)", "reshape(1, 28, 28)", "tanh"]
[discriminator]
layers = ["flatten", "dense(1)"]
)TOML";
  Player p(options("gauss-1d"));
  Headless h(p);
  std::string e;
  CHECK_FALSE(p.open_text(text, "nodata.toml", e));  // lesson text (the page): no folders at all
  CHECK(e.find("nodata.toml:9:10: error: [data] images: idx: data sets are not allowed here") == 0);
  const std::string path = (std::filesystem::temp_directory_path() / "ganstep_nodata.toml").string();
  {
    std::ofstream f(path);
    f << text;
  }
  CHECK_FALSE(p.load(path, e));  // a lesson file may name a folder: this one is missing
  INFO(e);
  CHECK(e.find("/nonexistent/ganstep-digits") != std::string::npos);
  CHECK(field(p.state_json(), "lesson") == "gauss-1d");
  h.frame(p);  // the problems window shows the error
  REQUIRE(p.step(StepSize::Iteration, 1));
}

TEST_CASE("player images: lesson 8 on a training thread: frames never wait for a step; the same run", "[player][images][thread]") {
  // The in-process run (today's UI-thread training) for reference.
  Player direct(options("dcgan-mnist"));
  REQUIRE(direct.step(StepSize::Iteration, 3));
  const std::string want = field(direct.state_json(), "state_hash");
  PlayerOptions o = options("dcgan-mnist");
  o.executor = std::make_shared<ganstep::run::ThreadExecutor>();
  Player p(o);
  Headless h(p);
  h.frame(p);
  // The scripting API's moves are whole where the executor can wait.
  REQUIRE(p.step(StepSize::Iteration, 3));
  CHECK_FALSE(p.busy());
  CHECK(field(p.state_json(), "state_hash") == want);
  // Playing: frames return within their budget (8 ms) plus what drawing
  // takes while the thread trains; D- and G-steps take tens of ms each. (The
  // median: a busy machine may deschedule any one frame.)
  p.set_speed(0);  // max
  p.set_playing(true);
  std::vector<double> frame_ms;
  const auto t0 = std::chrono::steady_clock::now();
  while (std::stoll(field(p.state_json(), "steps")) < 6 &&
         std::chrono::steady_clock::now() - t0 < std::chrono::seconds(60)) {
    h.frame(p);
    frame_ms.push_back(p.frame_ms());
  }
  p.set_playing(false);
  while (p.busy()) h.frame(p);
  const long long steps = std::stoll(field(p.state_json(), "steps"));
  REQUIRE(steps >= 6);
  REQUIRE(frame_ms.size() > 6);
  std::nth_element(frame_ms.begin(), frame_ms.begin() + frame_ms.size() / 2, frame_ms.end());
  INFO("the median frame: " << frame_ms[frame_ms.size() / 2] << " ms over " << frame_ms.size() << " frames");
  CHECK(frame_ms[frame_ms.size() / 2] < 15);
  // The same iteration stepped directly: the same bits.
  REQUIRE(direct.step(StepSize::Iteration, steps - 3));
  CHECK(field(p.state_json(), "state_hash") == field(direct.state_json(), "state_hash"));
  // Back and seek through the thread.
  REQUIRE(p.back(2));
  REQUIRE(direct.back(2));
  CHECK(field(p.state_json(), "state_hash") == field(direct.state_json(), "state_hash"));
  // The views came from the thread: the grid is drawn.
  for (int i = 0; i < 20 && ImGui::GetDrawData()->TotalVtxCount < 20000; ++i) h.frame(p, 0.3);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 20000);
}
