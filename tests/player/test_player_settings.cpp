// The settings panel in the lesson's language: a float typed with a decimal
// comma in pt ("0,05") is read as 0.05, as "0.05" is in en, through the
// widget's own text mode (Ctrl+click), with real key and mouse events.
#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <string>

#include "tests/player/headless.h"

using namespace ganstep;
using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// The [x, y, w, h] of a layout_json item, or empty.
std::vector<float> item_rect(const std::string& json, const std::string& name) {
  const std::regex re("\"" + name + R"re(":\[([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)\])re");
  std::smatch m;
  if (!std::regex_search(json, m, re)) return {};
  return {std::stof(m[1]), std::stof(m[2]), std::stof(m[3]), std::stof(m[4])};
}

// Ctrl+clicks the setting's widget, types text and presses Enter; the setting's value after.
std::string type_into(Player& p, Headless& h, const std::string& key, const std::string& text) {
  h.frame(p);
  h.frame(p);
  const std::vector<float> r = item_rect(p.layout_json(), "setting:" + key);
  REQUIRE(r.size() == 4);
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_Enter] = 257;
  io.KeyCtrl = true;
  h.click(p, r[0] + r[2] / 2, r[1] + r[3] / 2);
  io.KeyCtrl = false;
  for (char c : text) {
    io.AddInputCharacter(static_cast<unsigned>(c));
    h.frame(p);
  }
  h.press(p, 257);
  h.frame(p);
  return p.get(key);
}

}  // namespace

TEST_CASE("settings panel: a float typed with a decimal comma in pt, a point in en", "[player][settings]") {
  for (const char* lang : {"pt", "en"}) {
    Player p(options("tiny-2d"));
    Headless h(p);
    h.resize(1440, 900);
    p.set_lang(std::string(lang) == "pt" ? Lang::Pt : Lang::En);
    const bool pt = std::string(lang) == "pt";
    INFO(lang);
    REQUIRE(p.get("lr_d") != "0.0125");
    REQUIRE(p.get("lr_g") != "0.003");
    CHECK(type_into(p, h, "lr_d", pt ? "0,0125" : "0.0125") == "0.0125");
    CHECK(type_into(p, h, "lr_g", pt ? "0,003" : "0.003") == "0.003");
  }
}
