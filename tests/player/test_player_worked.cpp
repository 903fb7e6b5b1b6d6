// The log-loss panel's worked table and a numeric question in the player:
// panel options follow the lesson and its beats (and step back with them),
// a number typed with a decimal comma is read in pt and judged within the
// tolerance, and the screen-reader text offers a field for it.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "lessons/player/logloss.h"
#include "lessons/player/player.h"
#include "tests/player/headless.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

const std::string kWorked = R"toml(format = 1
[meta]
id = "worked"
title.en = "W"
title.pt = "W"
summary.en = "S"
summary.pt = "S"
[training]
batch = 16
[view]
panels = ["logloss", "view1d", "narration"]
[view.logloss]
base = "log10"
blank_mean = true
tolerance = 0.0005
rows = [{ label = "x1", real = true, d = 0.9 }, { label = "G(z1)", real = false, d = 0.2, blank = ["log"] }]
[[beat]]
id = "hello"
trigger = "load"
text.en = "Hello."
text.pt = "Olá."
[[beat]]
id = "live"
trigger = { at_iteration = 3 }
set = { view1d = { d_star = false }, logloss = { mode = "minibatch" } }
text.en = "Now the minibatch."
text.pt = "Agora o minilote."
[[beat]]
id = "mean"
trigger = { at_iteration = 5 }
text.en = "Compute."
text.pt = "Calcule."
[beat.question]
prompt.en = "The mean?"
prompt.pt = "A média?"
answer = 0.0713
tolerance = 0.0005
)toml";

std::string option(Player& p, const std::string& name) {
  const std::string j = p.beats_json();
  return field(j.substr(j.find("\"panel_options\"")), name);
}

}  // namespace

TEST_CASE("worked table: rows computed in the chosen base, cells judged with a decimal comma", "[player][logloss]") {
  const std::vector<ganstep::lessons::WorkedRow> rows = {{"x1", true, 0.9, false, false}, {"G(z1)", false, 0.2, false, true}};
  const LogLossTable t = worked_table(rows, LogBase::Ten);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].corrected == Approx(0.9));
  CHECK(t.rows[1].corrected == Approx(0.8));
  CHECK(t.rows[1].log_corrected == Approx(std::log10(0.8)));
  CHECK(t.negative_mean == Approx(-(std::log10(0.9) + std::log10(0.8)) / 2));  // 0.07133
  CHECK(t.v == Approx(std::log10(0.9) + std::log10(0.8)));                     // mean log D(x) + mean log(1 - D(G(z)))
  CHECK(worked_table(rows, LogBase::Two).rows[0].log_corrected == Approx(std::log2(0.9)));
  CHECK(std::isnan(worked_table({rows[0]}, LogBase::E).v));  // no fake row: V is not defined
  CHECK(cell_right("-0,0969", t.rows[1].log_corrected, 0.0005));
  CHECK(cell_right("-0.0969", t.rows[1].log_corrected, 0.0005));
  CHECK_FALSE(cell_right("-0,098", t.rows[1].log_corrected, 0.0005));
  CHECK_FALSE(cell_right("0,0969", t.rows[1].log_corrected, 0.0005));
  CHECK_FALSE(cell_right("", t.rows[1].log_corrected, 0.0005));
}

TEST_CASE("worked table: panel options follow the lesson's beats and step back with them; a numeric answer in pt",
          "[player][logloss][answers]") {
  PlayerOptions o = options("gauss-1d");
  o.lang = Lang::Pt;
  Player p(o);
  Headless h(p);
  std::string e;
  REQUIRE(p.open_text(kWorked, "worked.toml", e));
  h.frame(p);
  CHECK(option(p, "logloss.base") == "log10");
  CHECK(option(p, "logloss.mode") == "worked");
  CHECK(option(p, "view1d.d_star") == "true");
  REQUIRE(p.step(StepSize::Iteration, 4));
  h.frame(p);
  CHECK(option(p, "view1d.d_star") == "false");  // the beat at 3
  CHECK(option(p, "logloss.mode") == "minibatch");
  CHECK(option(p, "logloss.base") == "log10");
  REQUIRE(p.back(2));
  h.frame(p);
  CHECK(option(p, "view1d.d_star") == "true");  // back before the beat: the lesson's options again
  CHECK(option(p, "logloss.mode") == "worked");

  // The numeric question at 5: a field in the screen-reader text, answered with a decimal comma.
  REQUIRE(p.step(StepSize::Iteration, 3));
  h.frame(p);
  std::string s = p.screen_reader_json();
  CHECK(s.find("\"open\":true,\"given\":\"\"") != std::string::npos);
  CHECK(s.find("\"kind\":\"number\",\"placeholder\":\"um número, p. ex. 0,25\"") != std::string::npos);
  CHECK_FALSE(p.answer(0));  // a choice for a numeric question
  CHECK(p.answer_text("0,07a") == "the question asks for a number, not \"0,07a\"");
  CHECK(p.answer_text("0,0717") == "");
  h.frame(p);
  s = p.screen_reader_json();
  CHECK(s.find("\"open\":false,\"given\":\"0,0717\",\"right\":true,\"your_answer\":\"Sua resposta: 0,0717\","
               "\"verdict\":\"Certo!\"") != std::string::npos);
  CHECK(p.beats_json().find("\"answers\":[-1,-1,\"0,0717\"]") != std::string::npos);
  CHECK(p.answer_text("1") == "no question is waiting for an answer");

  // Back before the question: the answer is forgotten (stepping forward again replays it).
  REQUIRE(p.back(1));
  h.frame(p);
  CHECK(p.beats_json().find("\"answers\":[-1,-1,-1]") != std::string::npos);
  // A wrong answer shows the right number, in pt.
  REQUIRE(p.open_text(kWorked, "worked.toml", e));
  REQUIRE(p.step(StepSize::Iteration, 5));
  h.frame(p);
  REQUIRE(p.answer_text("0.08") == "");
  h.frame(p);
  CHECK(p.screen_reader_json().find("\"verdict\":\"Não exatamente. A resposta é 0,0713 (com tolerância 0,0005).\"") !=
        std::string::npos);
}
