// The built-in library: every lesson checks, loads, round-trips through
// save_lesson(), runs, and every beat fires in a scripted run.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "lessons/format/library.h"
#include "lessons/format/markdown.h"

using namespace ganstep;
using namespace ganstep::lessons;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* kExpectedIds[] = {"two-players",   "log-loss",      "training-d", "training-g",  "algorithm-1",
                              "saddle-points", "mode-collapse", "objectives", "dcgan-mnist", "growing",
                              "style-mapping", "find-latent",   "detect-fakes"};
// Each lesson's place in the course: the objectives lesson shares mode collapse's chapter.
const int kExpectedOrder[] = {1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12};
constexpr std::size_t kCourse = sizeof(kExpectedOrder) / sizeof(kExpectedOrder[0]);

}  // namespace

TEST_CASE("the library holds the course's lessons, in course order, then the extras, with no problems", "[library]") {
  for (const auto& p : library_problems()) FAIL_CHECK(format_problem(p.first, p.second));
  CHECK(library_problems().empty());
  REQUIRE(embedded_library().size() == kCourse + 2);
  REQUIRE(library_lessons().size() == kCourse + 2);
  for (std::size_t i = 0; i < kCourse; ++i) {
    CHECK(library_lessons()[i].id == kExpectedIds[i]);
    CHECK(library_lessons()[i].order == kExpectedOrder[i]);
  }
  // after lesson 8, the course's next chapters: growing G and D, StyleGAN's
  // mapping and styles, finding a digit's latent code, detecting fakes (in the list above)
  // beyond the course: the image lessons to train natively
  CHECK(library_lessons()[kCourse].id == "mnist-dcgan");
  CHECK(library_lessons()[kCourse + 1].id == "fashion-dcgan");
  for (std::size_t i = kCourse; i < kCourse + 2; ++i) CHECK(library_lessons()[i].order > 12);
  // lesson 8 is also known as mnist-dcgan-light
  LoadResult light = find_lesson("mnist-dcgan-light");
  REQUIRE(light.ok());
  CHECK(light.lesson.id == "dcgan-mnist");
  CHECK(light.lesson.image.has_value());
}

TEST_CASE("the embedded files are the files in lessons/library", "[library]") {
  for (const auto& f : embedded_library()) {
    INFO(f.name);
    const std::string disk = read_file(std::string(GANSTEP_LIBRARY_DIR) + "/" + f.name);
    CHECK(disk == std::string(f.text));
    LoadResult r = load_lesson_file(std::string(GANSTEP_LIBRARY_DIR) + "/" + f.name);
    for (const auto& p : r.problems) FAIL_CHECK(format_problem(f.name, p));
    CHECK(r.ok());
    CHECK(std::string(f.name) == r.lesson.id + ".toml");
  }
}

TEST_CASE("every library lesson is complete in both languages, with at least five beats", "[library]") {
  for (const auto& l : library_lessons()) {
    INFO(l.id);
    CHECK(l.beats.size() >= 5);
    CHECK_FALSE(l.title.en.empty());
    CHECK_FALSE(l.title.pt.empty());
    CHECK(l.title.en != l.title.pt);
    CHECK(l.summary.en != l.summary.pt);
    std::set<std::string> ids;
    for (const auto& b : l.beats) {
      CHECK_FALSE(b.text.en.empty());
      CHECK_FALSE(b.text.pt.empty());
      CHECK(b.text.en != b.text.pt);
      std::vector<MarkdownProblem> md;
      parse_markdown(b.text.en, &md);
      parse_markdown(b.text.pt, &md);
      CHECK(md.empty());
      if (!b.id.empty()) CHECK(ids.insert(b.id).second);
      if (b.question) {
        CHECK(b.question->choices.size() >= 2);
        CHECK(b.question->answer < static_cast<int>(b.question->choices.size()));
      }
    }
  }
}

TEST_CASE("every library lesson round-trips through save_lesson", "[library]") {
  for (const auto& l : library_lessons()) {
    INFO(l.id);
    for (bool compact : {false, true}) {
      const std::string text = save_lesson(l, compact);
      LoadResult r = parse_lesson(text);
      for (const auto& p : r.problems) FAIL_CHECK(format_problem(l.id + (compact ? " (compact)" : ""), p) << text);
      REQUIRE(r.ok());
      CHECK(save_lesson(r.lesson, false) == save_lesson(l, false));
      CHECK(r.lesson.beats.size() == l.beats.size());
    }
  }
}

TEST_CASE("two-players is the gauss-1d preset; mode-collapse's second run is ring-2d", "[library]") {
  LoadResult tp = find_lesson("two-players");
  REQUIRE(tp.ok());
  Trainer a(tp.lesson.config), b(find_preset("gauss-1d")->config);
  a.step_iterations(50);
  b.step_iterations(50);
  CHECK(a.state_hash() == b.state_hash());

  LoadResult mc = find_lesson("mode-collapse");
  REQUIRE(mc.ok());
  GanConfig second = mc.lesson.config;
  for (const auto& beat : mc.lesson.beats)
    if (beat.reset) REQUIRE(apply_settings(second, beat.set).empty());
  Trainer c(second), d(find_preset("ring-2d")->config);
  c.step_iterations(20);
  d.step_iterations(20);
  CHECK(c.state_hash() == d.state_hash());
}

TEST_CASE("find_lesson: library ids, preset aliases, files, unknown ids", "[library]") {
  CHECK(find_lesson("two-players").ok());
  for (const char* alias : {"gauss-1d", "ring-2d", "tiny-2d"}) {
    LoadResult r = find_lesson(alias);
    INFO(alias);
    REQUIRE(r.ok());
    CHECK(r.lesson.config.seed == find_preset(alias)->config.seed);
    Trainer a(r.lesson.config), b(find_preset(alias)->config);
    a.step_iterations(3);
    b.step_iterations(3);
    CHECK(a.state_hash() == b.state_hash());
  }
  LoadResult f = find_lesson(std::string(GANSTEP_LIBRARY_DIR) + "/log-loss.toml");
  CHECK(f.ok());
  CHECK(f.lesson.id == "log-loss");
  LoadResult typo = find_lesson("two-player");
  REQUIRE_FALSE(typo.ok());
  REQUIRE(typo.problems[0].hints.size() == 1);
  CHECK(typo.problems[0].hints[0] == "did you mean \"two-players\"?");
  LoadResult missing = find_lesson("no/such/file.toml");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.problems[0].message == "cannot open the file");
  CHECK(looks_like_path("a.toml"));
  CHECK(looks_like_path("./x"));
  CHECK_FALSE(looks_like_path("two-players"));
}
