// Beat texts' markdown blocks in the player: the screen reader gets tables
// (rows of cells, live values filled in) and numbered lists as blocks, and
// the narration panel draws hostile tables (ragged rows, many columns, empty
// cells) without trouble.
#include <catch2/catch.hpp>

#include <string>

#include "tests/player/headless.h"

using namespace ganstep;
using namespace ganstep::ui;
using namespace ganstep::ui::testing;

TEST_CASE("screen reader: mode-collapse's table and numbered list, in pt", "[player][markdown]") {
  PlayerOptions o = options("mode-collapse");
  o.lang = Lang::Pt;
  o.step = 250;  // past the "collapsed" beat (iteration 200)
  Player p(o);
  Headless h(p);
  h.frame(p);
  const std::string s = p.screen_reader_json();
  INFO(s.substr(0, 1500));
  CHECK(s.find("\"kind\":\"table\"") != std::string::npos);
  CHECK(s.find("\"header_rows\":1") != std::string::npos);
  CHECK(s.find("{\"text\":\"medida\",\"bold\":false,\"italic\":false}") != std::string::npos);
  CHECK(s.find("\"text\":\"21,7\"") != std::string::npos);  // {kl_data_g:.1f} filled in, decimal comma
  CHECK(s.find("\"ordered\":true,\"number\":3") != std::string::npos);
  CHECK(s.find("{modes") == std::string::npos);
  CHECK(s.find("|:--") == std::string::npos);
}

TEST_CASE("narration: hostile tables in a lesson text are drawn", "[player][markdown]") {
  std::string wide = "|";
  std::string rule = "|";
  for (int c = 0; c < 80; ++c) {  // more than ImGui's 64 columns
    wide += " c" + std::to_string(c) + " |";
    rule += "---|";
  }
  const std::string text = "# T\n\n" + wide + "\n" + rule + "\n| a |\n|  | b | c | d |\n\n| x |\n|---|\n\n" +
                           "1. one\n   1. nested\n      - deeper\n2. two\n";
  const std::string lesson =
      "format = 1\n[meta]\nid = \"md\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n"
      "[data]\nset = \"ring8\"\n[view]\npanels = [\"view2d\", \"narration\"]\n"
      "[[beat]]\ntrigger = \"load\"\ntext.en = '''\n" + text + "'''\ntext.pt = '''\n" + text + "'''\n";
  Player p(options("gauss-1d"));
  Headless h(p);
  std::string e;
  REQUIRE(p.open_text(lesson, "md.toml", e));
  for (int i = 0; i < 3; ++i) h.frame(p);
  const std::string s = p.screen_reader_json();
  INFO(s.substr(0, 600));
  CHECK(s.find("\"kind\":\"table\"") != std::string::npos);
  CHECK(s.find("\"depth\":2") != std::string::npos);
  // Narrower tables in a narrow panel (a phone) too.
  h.resize(390, 844);
  for (int i = 0; i < 3; ++i) h.frame(p);
}
