// The player's layout as drawn (layout_json): the narration shows the open
// question, its wrapped choices and the answer button without scrolling at
// 1280x800; the lesson's focus panel is the largest; the control bar never
// overlaps itself or leaves the window, and on a phone its targets are at
// least 40 px and a tap on Play plays; every panel shows one iteration number.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>

#include "headless.h"
#include "lessons/format/beat_text.h"
#include "lessons/format/library.h"
#include "lessons/player/layout.h"

using namespace ganstep;
using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// Every "name":[x,y,w,h] of a layout_json.
std::map<std::string, Rect> rects(const std::string& json) {
  std::map<std::string, Rect> out;
  static const std::regex re(R"re("([^"]+)":\[([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)\])re");
  for (auto it = std::sregex_iterator(json.begin(), json.end(), re); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    out[m[1]] = Rect{std::stof(m[2]), std::stof(m[3]), std::stof(m[4]), std::stof(m[5])};
  }
  return out;
}

// The toolbar's controls (not panels, tabs or the narration's).
bool toolbar_item(const std::string& name) {
  static const char* names[] = {"lesson", "open_share", "play", "phase", "dstep", "iteration", "n", "back_phase",
                                "back_iteration", "reset", "checkpoint", "seed", "language_help", "speed",
                                "timeline", "step", "back", "menu"};
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

// Steps the lesson until a question waits for its answer (false: none within the lesson).
bool to_question(Player& p, Headless& h) {
  for (int i = 0; i < 200; ++i) {
    if (field(p.beats_json(), "awaiting_answer") == "true") return true;
    if (field(p.beats_json(), "finished") == "true") return false;
    if (!p.step(StepSize::Iteration, 10)) return false;
    if (i % 20 == 0) h.frame(p);  // frames answer nothing: only the steps move the script
  }
  return false;
}

}  // namespace

TEST_CASE("player layout: the open question, all its choices and the button show without scrolling at 1280x800",
          "[player][layout]") {
  int asked = 0;
  for (const auto& lesson : lessons::library_lessons()) {
    bool has_question = false;
    for (const auto& b : lesson.beats) has_question = has_question || b.question.has_value();
    if (!has_question) continue;
    INFO(lesson.id);
    Player p(options(lesson.id));
    Headless h(p);
    h.frame(p);
    REQUIRE(to_question(p, h));
    ++asked;
    for (const Lang lang : {Lang::En, Lang::Pt}) {
      INFO((lang == Lang::Pt ? "pt" : "en"));
      p.set_lang(lang);
      for (int i = 0; i < 4; ++i) h.frame(p);  // the question's height is measured, then kept
      const std::string json = p.layout_json();
      INFO(json);
      const auto r = rects(json);
      REQUIRE(r.count("narration_visible"));
      REQUIRE(r.count("answer"));
      REQUIRE(r.count("choice0"));
      const Rect visible = r.at("narration_visible");
      for (const auto& [name, rect] : r)
        if (name.rfind("choice", 0) == 0 || name == "answer") {
          INFO(name);
          CHECK(contains(visible, rect));
          CHECK(rect.w <= visible.w + 0.5f);  // wrapped to the panel, not clipped
        }
      // The focus is the largest panel on screen.
      const std::string focus = field(json, "focus");
      for (const char* panel : {"narration", "algorithm", "settings", "view1d", "view2d", "charts", "minibatch",
                                "logloss", "saddle", "samples", "d_outputs", "latent", "classes", "styles", "projection",
                                "interpolation", "code_path", "inversion"})
        if (r.count(panel) && focus != panel) CHECK(r.at(panel).area() < r.at(focus).area());
    }
  }
  CHECK(asked >= 6);  // the library asks questions in several lessons
}

TEST_CASE("player layout: the control bar wraps without overlaps; on a phone, tabs and 40 px targets",
          "[player][layout]") {
  struct Case { float w, h; bool compact; };
  for (const Case c : {Case{1024, 768, false}, Case{390, 844, true}, Case{1280, 800, false}}) {
    for (const std::string id : {"two-players", "saddle-points", "dcgan-mnist", "gauss-1d"}) {
      for (const Lang lang : {Lang::Pt, Lang::En}) {
        INFO(id << " " << c.w << "x" << c.h << (lang == Lang::Pt ? " pt" : " en"));
        PlayerOptions o = options(id);
        o.lang = lang;
        Player p(o);
        Headless h(p);
        h.resize(c.w, c.h);
        for (int i = 0; i < 4; ++i) h.frame(p);
        const std::string json = p.layout_json();
        INFO(json);
        CHECK(field(json, "compact") == (c.compact ? "true" : "false"));
        const auto r = rects(json);
        const Rect window{0, 0, c.w, c.h};
        std::vector<std::pair<std::string, Rect>> bar;
        for (const auto& [name, rect] : r)
          if (toolbar_item(name)) bar.emplace_back(name, rect);
        REQUIRE(bar.size() >= (c.compact ? 4u : 8u));
        for (std::size_t i = 0; i < bar.size(); ++i) {
          INFO(bar[i].first);
          CHECK(contains(window, bar[i].second));
          CHECK(contains(r.at("controls"), bar[i].second));
          if (c.compact) {
            CHECK(bar[i].second.h >= kTouchTarget);
            CHECK(bar[i].second.w >= kTouchTarget);
          }
          for (std::size_t j = i + 1; j < bar.size(); ++j) {
            INFO(bar[j].first);
            CHECK_FALSE(overlaps(bar[i].second, bar[j].second));
          }
        }
        if (c.compact) {
          CHECK(field(json, "tab") == (id == "gauss-1d" ? "view1d" : "narration"));  // gauss-1d has no narration
          int tabs = 0;
          for (const auto& [name, rect] : r)
            if (name.rfind("tab:", 0) == 0) {  // every tab reachable: the rows wrap inside the window
              INFO(name);
              ++tabs;
              CHECK(rect.h >= kTouchTarget);
              CHECK(rect.w >= kTouchTarget);
              CHECK(contains(window, rect));
              CHECK(contains(r.at("tabs"), rect));
            }
          CHECK(tabs >= 2);
        }
      }
    }
  }
}

TEST_CASE("player layout: on a phone a tap on Play plays, tabs switch panels, the menu holds the rest",
          "[player][layout]") {
  Player p(options("two-players"));
  Headless h(p);
  h.resize(390, 844);
  for (int i = 0; i < 3; ++i) h.frame(p);
  auto r = rects(p.layout_json());
  REQUIRE(r.count("play"));
  const Rect play = r.at("play");
  h.click(p, play.x + play.w * 0.5f, play.y + play.h * 0.5f);
  CHECK(p.playing());
  p.set_playing(false);

  REQUIRE(r.count("tab:view1d"));
  const Rect tab = r.at("tab:view1d");
  h.click(p, tab.x + tab.w * 0.5f, tab.y + tab.h * 0.5f);
  h.frame(p);
  CHECK(field(p.layout_json(), "tab") == "view1d");

  // The charts tab: the charts one under the other, each as wide as the screen, not slivers.
  const Rect charts_tab = r.at("tab:charts");
  h.click(p, charts_tab.x + charts_tab.w * 0.5f, charts_tab.y + charts_tab.h * 0.5f);
  h.frame(p);
  const auto charts = rects(p.layout_json());
  for (const char* chart : {"##losses", "##outputs", "##js"}) {
    INFO(chart);
    REQUIRE(charts.count(chart));
    CHECK(charts.at(chart).w >= 300);
    CHECK(contains(Rect{0, 0, 390, 844}, charts.at(chart)));
  }

  const Rect menu = r.at("menu");
  h.click(p, menu.x + menu.w * 0.5f, menu.y + menu.h * 0.5f);
  h.frame(p);
  r = rects(p.layout_json());
  for (const char* name : {"lesson", "iteration", "reset", "seed", "language_help", "speed", "timeline", "open_share"}) {
    INFO(name);
    REQUIRE(r.count(name));
    CHECK(contains(Rect{0, 0, 390, 844}, r.at(name)));
  }
  CHECK(r.at("reset").h >= kTouchTarget);
}

TEST_CASE("player layout: every panel shows the same iteration number", "[player][layout]") {
  for (const std::string id : {"two-players", "saddle-points", "dcgan-mnist"}) {
    INFO(id);
    Player p(options(id));
    Headless h(p);
    REQUIRE(p.step(StepSize::Iteration, id == "dcgan-mnist" ? 2 : 30));
    h.frame(p);
    const std::string json = p.layout_json();
    INFO(json);
    const std::string it = field(p.state_json(), "steps");
    const auto at = json.find("\"counters\":[");
    REQUIRE(at != std::string::npos);
    const std::string list = json.substr(at + 12, json.find(']', at) - at - 12);
    CHECK(!list.empty());
    std::size_t start = 0;
    int n = 0;
    while (start < list.size()) {
      const std::size_t comma = list.find(',', start);
      CHECK(list.substr(start, comma - start) == it);
      ++n;
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    CHECK(n >= (id == "saddle-points" ? 1 : 2));  // the status line and the panels that show one
  }
}

TEST_CASE("player layout: saddle-points shows |mu| only after the prediction is answered", "[player][layout]") {
  Player p(options("saddle-points"));
  Headless h(p);
  for (int i = 0; i < 3; ++i) h.frame(p);
  REQUIRE(field(p.beats_json(), "awaiting_answer") == "true");
  auto r = rects(p.layout_json());
  CHECK(r.count("saddle_mu") == 0);
  CHECK(r.count("saddle_mu_hidden") == 1);
  REQUIRE(p.answer(0));
  h.frame(p);
  r = rects(p.layout_json());
  CHECK(r.count("saddle_mu") == 1);
  CHECK(r.count("saddle_mu_hidden") == 0);
}

TEST_CASE("player layout: the toolbar has the step buttons of the lesson's controls, no others", "[player][layout]") {
  // controls_of (lessons/format) is the list the checker holds a lesson's text
  // to; the bar draws from it. find-latent and detect-fakes step by
  // iterations only: a "Phase" or "D-step" button there named nothing.
  for (const std::string id : {"gauss-1d", "dcgan-mnist", "saddle-points", "find-latent", "detect-fakes"}) {
    INFO(id);
    Player p(options(id));
    Headless h(p);
    h.resize(1280, 800);
    for (int i = 0; i < 3; ++i) h.frame(p);
    const auto r = rects(p.layout_json());
    const lessons::LoadResult found = lessons::find_lesson(id);
    REQUIRE(found.ok());
    const std::vector<lessons::Control> want = lessons::controls_of(found.lesson);
    for (const lessons::Control c : {lessons::Control::Phase, lessons::Control::DStep, lessons::Control::Iteration,
                                     lessons::Control::BackPhase, lessons::Control::BackIteration}) {
      const std::string name = lessons::control_name(c);
      INFO(name);
      CHECK(static_cast<std::ptrdiff_t>(r.count(name)) == std::count(want.begin(), want.end(), c));
    }
    const bool latent = id == "find-latent" || id == "detect-fakes";
    CHECK(r.count("phase") == (latent || id == "saddle-points" ? 0u : 1u));
  }
}
