// A shell that fetches image data on demand and cannot run every lesson (the
// web page, web/main.cpp): an image lesson waits for its data, then opens at
// the iteration asked for; lessons beyond the shell's limits are listed as
// native-only, with the command that runs them, and never replaced.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lessons/player/player.h"
#include "tests/player/headless.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// The page's limits (web/main.cpp): MNIST only, at most 4 GFLOP an iteration;
// the data arrive when the test says so.
struct PageShell {
  std::vector<std::string> asked;
  bool arrived = false;
  PlayerOptions options(const std::string& lesson, std::int64_t step = 0) {
    PlayerOptions o = testing::options(lesson);
    o.step = step;
    o.fetch_data = [this](const std::string& data) {
      asked.push_back(data);
      return arrived;
    };
    o.limited = true;
    o.shell_image_data = {"mnist"};
    o.max_iteration_gflop = 4.0;
    return o;
  }
};

}  // namespace

TEST_CASE("shell limits: an image lesson waits for its data, then opens (or the error shows)", "[player][shell]") {
  PageShell shell;
  Player p(shell.options("two-players"));
  Headless h(p);
  std::string e;
  REQUIRE(p.load("dcgan-mnist", e));
  CHECK(shell.asked == std::vector<std::string>{"mnist"});
  CHECK(p.pending_data() == "mnist");
  CHECK(field(p.state_json(), "lesson") == "two-players");  // the current lesson shows meanwhile
  h.frame(p);
  REQUIRE(p.step(StepSize::Iteration, 1));
  SECTION("the data arrive") {
    p.data_arrived("fashion-mnist", "");  // not what the lesson waits for
    CHECK(p.pending_data() == "mnist");
    shell.arrived = true;
    p.data_arrived("mnist", "");
    CHECK(p.pending_data().empty());
    CHECK(field(p.state_json(), "lesson") == "dcgan-mnist");
    CHECK(field(p.state_json(), "steps") == "0");
  }
  SECTION("the download fails: the error shows, the current lesson stays") {
    p.data_arrived("mnist", "could not download images.data (HTTP 404)");
    CHECK(p.pending_data().empty());
    CHECK(p.last_error().find("images.data") != std::string::npos);
    CHECK(field(p.state_json(), "lesson") == "two-players");
    CHECK(field(p.state_json(), "steps") == "1");
  }
  h.frame(p);
}

TEST_CASE("shell limits: a URL's image lesson opens at its step once the data arrive", "[player][shell]") {
  PageShell shell;
  Player p(shell.options("dcgan-mnist", 3));
  Headless h(p);
  CHECK(p.pending_data() == "mnist");
  CHECK(field(p.state_json(), "lesson") == "two-players");  // the first lesson, never stepped
  CHECK(field(p.state_json(), "steps") == "0");
  h.frame(p);
  shell.arrived = true;
  p.data_arrived("mnist", "");
  CHECK(field(p.state_json(), "lesson") == "dcgan-mnist");
  CHECK(field(p.state_json(), "steps") == "3");
}

TEST_CASE("shell limits: lessons beyond the shell are native-only, listed with their command", "[player][shell]") {
  PageShell shell;
  Player p(shell.options("two-players"));
  Headless h(p);
  const std::string list = p.lessons_json();
  for (const char* id : {"fashion-dcgan", "mnist-dcgan"}) {
    INFO(id);
    const std::string note = p.native_only_note(id);
    CHECK(note.find(std::string("ganstep-player ") + id) != std::string::npos);
    CHECK(list.find(std::string("\"id\":\"") + id + "\"") != std::string::npos);  // still listed
    std::string e;
    CHECK_FALSE(p.load(id, e));  // never opened, never replaced by another lesson
    CHECK(e == note);
    CHECK(field(p.state_json(), "lesson") == "two-players");
    CHECK(shell.asked.empty());  // nothing downloaded for it
    h.frame(p);                  // the note shows in the problems window
  }
  CHECK(p.native_only_note("fashion-dcgan").find("fashion-mnist") != std::string::npos);
  CHECK(p.native_only_note("mnist-dcgan").find("GFLOP") != std::string::npos);
  CHECK(p.native_only_note("dcgan-mnist").empty());
  CHECK(p.native_only_note("two-players").empty());
  const auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = list.find(what); at != std::string::npos; at = list.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("\"native_only\":true") == 2);
  p.set_lang(Lang::Pt);  // the note in the player's language
  CHECK(p.native_only_note("mnist-dcgan").find("Rode nativamente: ganstep-player mnist-dcgan") != std::string::npos);
}

TEST_CASE("shell limits: a URL naming a native-only lesson opens the first lesson with the note", "[player][shell]") {
  PageShell shell;
  Player p(shell.options("fashion-dcgan", 50));
  Headless h(p);
  CHECK(field(p.state_json(), "lesson") == "two-players");
  CHECK(p.last_error() == p.native_only_note("fashion-dcgan"));
  h.frame(p);
}

TEST_CASE("shell limits: an unlimited shell (native) runs every lesson at once", "[player][shell]") {
  Player p(options("two-players"));
  CHECK(p.lessons_json().find("native_only") == std::string::npos);
  CHECK(p.native_only_note("mnist-dcgan").empty());
  std::string e;
  REQUIRE(p.load("dcgan-mnist", e));
  CHECK(p.pending_data().empty());
  CHECK(field(p.state_json(), "lesson") == "dcgan-mnist");
}
