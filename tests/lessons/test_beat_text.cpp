// Beat texts with live values, control names and claims (beat_text.h): the
// checker's messages at FILE:LINE:COL, filling texts in both languages, and
// parsing and evaluating claims.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "lessons/format/beat_text.h"
#include "lessons/format/lesson.h"

using namespace ganstep::lessons;

namespace {

// Seven lines of a valid lesson head; a beat starts on line 8, its text.en on line 10.
const std::string H = "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n";

std::string beat(const std::string& en, const std::string& extra = "") {
  return "[[beat]]\ntrigger = \"load\"\ntext.en = " + en + "\ntext.pt = \"p\"\n" + extra;
}

struct Case {
  const char* name;
  std::string text;
  const char* fragment;  // in the message or a hint
  int line, col;
};

}  // namespace

TEST_CASE("placeholder and claim mistakes are reported at their line and column", "[beat_text]") {
  const Case cases[] = {
      {"unknown value", H + beat("\"D is {lossd} now\""), "unknown value \"lossd\" in a placeholder", 10, 17},
      {"did you mean", H + beat("\"D is {lossd} now\""), "did you mean \"loss_d\"?", 10, 17},
      {"d_loss", H + beat("\"{d_loss:.2f}\""), "did you mean \"loss_d\"?", 10, 12},
      {"bad format", H + beat("\"{d_real:.2x}\""), "bad format \".2x\"", 10, 12},
      {"too many decimals", H + beat("\"{js:.8f}\""), "at most 6 decimals", 10, 12},
      {"unclosed", H + beat("\"{js:.2f and more\""), "unclosed placeholder", 10, 12},
      {"multi-line text", H + beat("'''\n# Title\nJS is {jss}.\n'''"), "did you mean \"js\"?", 12, 7},
      {"iteration takes no format", H + beat("\"{iteration:.2f}\""), "takes no format", 10, 12},
      {"game metric in a GAN lesson", H + beat("\"{distance}\""), "unknown value \"distance\"", 10, 12},
      {"unknown control", H + beat("\"Press {button:step}\""), "unknown control \"step\"", 10, 18},
      {"control hint", H + beat("\"Press {button:iteraton}\""), "did you mean \"iteration\"?", 10, 18},
      {"a game has no phase button",
       H + "[game]\ngame = \"bilinear\"\n" + "[[beat]]\ntrigger = \"load\"\ntext.en = \"{button:phase}\"\ntext.pt = \"p\"\n",
       "a [game] lesson has no such control", 12, 12},
      {"panel not shown", H + "[view]\npanels = [\"view1d\", \"narration\"]\n" + beat("\"see {panel:charts}\""),
       "the lesson does not show this panel", 12, 16},
      {"question texts too", H + beat("\"t\"", "[beat.question]\nprompt.en = \"{kl}\"\nprompt.pt = \"p\"\n"
                                               "choices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\nanswer = 0\n"),
       "unknown value \"kl\"", 13, 14},
      {"a long name is echoed short", H + beat("\"{" + std::string(500, 'q') + "}\""), "(500 characters)", 10, 12},
      {"claim name", H + beat("\"t\"", "claims = [\"jss < 0.1\"]\n"), "did you mean \"js\"?", 12, 11},
      {"claim operator", H + beat("\"t\"", "claims = [\"js = 0.1\"]\n"), "expected <, <=, > or >=", 12, 11},
      {"claim number", H + beat("\"t\"", "claims = [\"js < small\"]\n"), "\"small\" is not a number", 12, 11},
  };
  for (const auto& c : cases) {
    INFO(c.name << "\n" << c.text);
    LoadResult r = parse_lesson(c.text);
    bool found = false;
    for (const auto& p : r.problems) {
      INFO(format_problem("t.toml", p));
      bool has = p.message.find(c.fragment) != std::string::npos;
      for (const auto& h : p.hints) has = has || h.find(c.fragment) != std::string::npos;
      if (!has) continue;
      found = true;
      CHECK(p.line == c.line);
      CHECK(p.col == c.col);
    }
    CHECK(found);
  }
}

TEST_CASE("texts with literal braces, Unicode and good placeholders are fine", "[beat_text]") {
  const std::string ok = H + beat("\"{z⁽¹⁾, …, z⁽ᵐ⁾} and {x, y}: D(x) = {d_real:.2f} at {iteration}, {{js}}, "
                                  "{button:iteration} in {panel:narration}\"",
                                  "claims = [\"d_real >= 0.5\", \"iteration<10\"]\n");
  LoadResult r = parse_lesson(ok);
  for (const auto& p : r.problems) FAIL(format_problem("t.toml", p));
  REQUIRE(r.lesson.beats.size() == 1);
  CHECK(r.lesson.beats[0].claims.size() == 2);
  // and they survive saving
  LoadResult back = parse_lesson(save_lesson(r.lesson));
  REQUIRE(back.ok());
  CHECK(back.lesson.beats[0].claims == r.lesson.beats[0].claims);
}

TEST_CASE("fill_text: values in the lesson's language, labels from the player", "[beat_text]") {
  LiveValues v;
  v.iteration = 300;
  v.metrics.assign(metric_names().size(), std::nan(""));
  v.metrics[static_cast<std::size_t>(Metric::Js)] = 0.0810805;
  v.metrics[static_cast<std::size_t>(Metric::DReal)] = 0.5;
  const std::string t = "JS = {js} at {iteration}; D(x) = {d_real:.2f}, {d_real:.0%}; {{js}} {z, y}; {loss_g}; {button:play}";
  CHECK(fill_text(t, v, Lang::En) == "JS = 0.0811 at 300; D(x) = 0.50, 50%; {js} {z, y}; —; play");
  const LabelFn label = [](const std::string& kind, const std::string& name, Lang l) {
    return kind + ":" + name + (l == Lang::Pt ? ":pt" : ":en");
  };
  CHECK(fill_text(t, v, Lang::Pt, label) == "JS = 0,0811 at 300; D(x) = 0,50, 50%; {js} {z, y}; —; button:play:pt");
}

TEST_CASE("claims: parse and evaluate", "[beat_text]") {
  const std::vector<std::string> names = {"iteration", "js", "d_real"};
  LiveValues v;
  v.iteration = 100;
  v.metrics.assign(metric_names().size(), std::nan(""));
  v.metrics[static_cast<std::size_t>(Metric::Js)] = 0.28;
  struct C {
    const char* text;
    std::optional<bool> holds;
  };
  const C cases[] = {{"js < 0.3", true},     {"js<0.28", false},       {"js <= 0.28", true}, {"js > 0.05", true},
                     {" js >= 0.3 ", false}, {"iteration >= 100", true}, {"d_real > 0.5", std::nullopt}};
  for (const auto& c : cases) {
    INFO(c.text);
    Claim claim;
    REQUIRE(parse_claim(c.text, names, claim) == "");
    CHECK(claim_holds(claim, v) == c.holds);
  }
  Claim claim;
  std::string hint;
  CHECK(parse_claim("loss_d < 1", names, claim, &hint).find("unknown name \"loss_d\"") != std::string::npos);
  CHECK(parse_claim("js < 1e400", names, claim) != "");
  CHECK(parse_claim("js < nan", names, claim) != "");
  CHECK(parse_claim("js <", names, claim) != "");
}
