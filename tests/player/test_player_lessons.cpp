// Lessons in the player: every library lesson opens and draws in both
// languages; a lesson's beats fire, pause, change settings, highlight and ask
// questions that gate the script; locks refuse changes; bad lesson text and
// links leave the current lesson running with FILE:LINE:COL problems; share
// links round-trip the live settings; a watched lesson file reloads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "imgui.h"
#include "lessons/format/library.h"
#include "lessons/player/player.h"
#include "tests/player/headless.h"

using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// Beats: a load text, a set + highlight at iteration 3, a question at 5, a text at 6.
// The browser tests read this literal from here (one copy of the lesson).
const char* kScripted = R"TOML(format = 1

[meta]
id = "scripted"
title.en = "Scripted"
title.pt = "Roteirizada"
summary.en = "A lesson of the player's tests."
summary.pt = "Uma lição dos testes do player."

[data]
set = "gaussian(4,0.5)"

[training]
lr_d = 0.05
iterations = 40

[view]
panels = ["view1d", "charts", "settings", "narration"]

[locks]
locked = ["data", "g_hidden"]

[[beat]]
id = "hello"
trigger = "load"
text.en = "Hello"
text.pt = "Olá"

[[beat]]
id = "faster"
trigger = { at_iteration = 3 }
set = { lr_d = 0.1 }
highlight = "charts"
pause = true
text.en = "D learns faster now."
text.pt = "D aprende mais rápido agora."

[[beat]]
id = "ask"
trigger = { at_iteration = 5 }
text.en = "A question."
text.pt = "Uma pergunta."

[beat.question]
prompt.en = "Which?"
prompt.pt = "Qual?"
choices.en = ["a", "b"]
choices.pt = ["a", "b"]
answer = 1

[[beat]]
id = "after"
trigger = { at_iteration = 6 }
text.en = "After."
text.pt = "Depois."
)TOML";

}  // namespace

TEST_CASE("player lessons: every library lesson opens, plays and draws in both languages", "[player][lessons]") {
  for (const auto& lesson : ganstep::lessons::library_lessons()) {
    for (Lang lang : {Lang::En, Lang::Pt}) {
      INFO(lesson.id << (lang == Lang::Pt ? " pt" : " en"));
      PlayerOptions o = options(lesson.id);
      o.lang = lang;
      Player p(o);
      CHECK(p.last_error().empty());
      Headless h(p);
      h.frame(p);
      CHECK(field(p.state_json(), "lesson") == lesson.id);
      if (lesson.image) REQUIRE(p.set("batch", "8"));  // the standard DCGAN takes 0.7 s an iteration at 64
      REQUIRE(p.step(StepSize::Iteration, 3));
      p.set_playing(true);
      for (int i = 0; i < 20; ++i) h.frame(p, 0.05);
      CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
      CHECK(std::stoll(field(p.state_json(), "steps")) >= 3);
    }
  }
}

TEST_CASE("player lessons: beats fire in order, set, pause, and a question gates the script", "[player][lessons]") {
  Player p(options("gauss-1d"));
  Headless h(p);
  std::string e;
  REQUIRE(p.open_text(kScripted, "scripted.toml", e));
  h.frame(p);
  CHECK(field(p.state_json(), "lesson") == "scripted");
  CHECK(p.beats_json().find("\"shown\":[\"hello\"]") != std::string::npos);

  // At iteration 3 the second beat sets lr_d, pauses and highlights.
  p.set_playing(true);
  for (int i = 0; i < 400 && p.playing(); ++i) h.frame(p, 0.05);
  CHECK_FALSE(p.playing());
  CHECK(field(p.state_json(), "steps") == "3");
  CHECK(p.beats_json().find("\"shown\":[\"hello\",\"faster\"]") != std::string::npos);
  CHECK(p.get("lr_d") == "0.1");

  // The question at 5 waits for an answer; the beat at 6 does not fire before it.
  REQUIRE(p.step(StepSize::Iteration, 2));
  CHECK(field(p.beats_json(), "awaiting_answer") == "true");
  CHECK_FALSE(p.answer(7));  // out of range
  REQUIRE(p.step(StepSize::Iteration, 3));
  CHECK(p.beats_json().find("\"after\"") == std::string::npos);
  CHECK(p.answer(1));
  CHECK(field(p.beats_json(), "awaiting_answer") == "false");
  CHECK(p.beats_json().find("\"shown\":[\"hello\",\"faster\",\"ask\",\"after\"]") != std::string::npos);
  CHECK_FALSE(p.answer(0));  // nothing waits any more
  for (int i = 0; i < 5; ++i) h.frame(p);
}

TEST_CASE("player lessons: preview with --steps and --answer equals stepping by one and playing, answering", "[player][lessons]") {
  // The narration part of beats_json() (the page turned to is the panel's own).
  auto narration = [](Player& p) {
    const std::string b = p.beats_json();
    return b.substr(0, b.find(",\"page\"")) + b.substr(b.find(",\"awaiting_answer\""));
  };
  struct Case {
    const char* id;
    std::vector<std::string> answers;  // --answer; other questions: the right answer
  };
  const Case cases[] = {{"two-players", {}},  {"two-players", {"half=0"}}, {"mode-collapse", {}},
                        {"training-g", {}},   {"saddle-points", {"predict=0"}}, {"log-loss", {}}};
  for (const Case& c : cases) {
    const ganstep::lessons::LoadResult r = ganstep::lessons::find_lesson(c.id);
    REQUIRE(r.ok());
    const auto& beats = r.lesson.beats;
    const std::int64_t n = std::min<std::int64_t>(r.lesson.run_length(), c.answers.empty() ? 300 : 400);
    INFO(c.id << " to " << n << " with " << c.answers.size() << " answer(s)");
    // What a student answers to the waiting question: as --answer says, else right.
    auto answer = [&](Player& p) {
      while (field(p.beats_json(), "awaiting_answer") == "true") {
        const std::string q = field(p.beats_json(), "question");
        std::size_t b = 0;
        while (b < beats.size() && beats[b].id != q && std::to_string(b) != q) ++b;
        REQUIRE(b < beats.size());
        int choice = beats[b].question->answer;
        for (const std::string& a : c.answers)
          if (a.substr(0, a.find('=')) == beats[b].id) choice = std::stoi(a.substr(a.find('=') + 1));
        REQUIRE(p.answer(choice));
      }
    };
    PlayerOptions o = options(c.id);
    o.step = n;
    o.answers = c.answers;
    Player preview(o);  // ganstep-player LESSON --steps N --answer ...
    CHECK(preview.last_error() == "");
    const std::string hash = field(preview.state_json(), "state_hash"), told = narration(preview);

    Player ones(options(c.id));
    for (std::int64_t i = 0; i < n; ++i) {
      answer(ones);
      REQUIRE(ones.step(StepSize::Iteration, 1));
    }
    CHECK(field(ones.state_json(), "state_hash") == hash);
    CHECK(narration(ones) == told);

    Player played(options(c.id));
    Headless h(played);
    for (int frame = 0; frame < 20000 && field(played.beats_json(), "iterations") != std::to_string(n); ++frame) {
      if (!played.playing()) {  // paused by a beat: answer, then play on
        answer(played);
        played.set_playing(true);
      }
      h.frame(played, 0.05);
      if (std::stoll(field(played.beats_json(), "iterations")) > n) REQUIRE(played.seek_iteration(n));
    }
    played.set_playing(false);
    CHECK(field(played.state_json(), "state_hash") == hash);
    CHECK(narration(played) == told);
  }
  // A bad --answer is an error the player shows; the lesson still opens.
  PlayerOptions bad = options("two-players");
  bad.step = 3;
  bad.answers = {"hal=1"};
  Player p(bad);
  CHECK(p.last_error() == "--answer \"hal=1\": no beat \"hal\" (did you mean \"half\"?)");
  CHECK(field(p.state_json(), "steps") == "3");
}

TEST_CASE("player lessons: locked settings are refused, others apply", "[player][lessons]") {
  Player p(options("gauss-1d"));
  std::string e;
  REQUIRE(p.open_text(kScripted, "scripted.toml", e));
  CHECK_FALSE(p.set("data", "uniform(0,1)"));
  CHECK(p.last_error().find("data") != std::string::npos);
  CHECK(p.last_error().find("lock") != std::string::npos);
  CHECK_FALSE(p.set("g_hidden", "8:relu"));
  CHECK(p.set("lr_g", "0.01"));
}

TEST_CASE("player lessons: a beat's unlock lifts a lock from where it fires; seeking back locks again", "[player][lessons]") {
  std::string lesson = kScripted;
  const std::size_t at = lesson.find("[[beat]]");
  REQUIRE(at != std::string::npos);
  lesson.insert(at, "[[beat]]\nid = \"free\"\ntrigger = { at_iteration = 2 }\nunlock = [\"g_hidden\"]\n"
                    "text.en = \"Now change G.\"\ntext.pt = \"Agora mude G.\"\n\n");
  Player p(options("gauss-1d"));
  std::string e;
  REQUIRE(p.open_text(lesson, "unlock.toml", e));
  CHECK_FALSE(p.set("g_hidden", "8:relu"));  // locked by [locks]
  REQUIRE(p.step(StepSize::Iteration, 2));
  CHECK(p.set("g_hidden", "8:relu"));        // unlocked by beat "free"
  CHECK_FALSE(p.set("data", "uniform(0,1)"));  // still locked
  REQUIRE(p.seek_iteration(0));
  CHECK_FALSE(p.set("g_hidden", "16:relu"));
}

TEST_CASE("player lessons: a bad lesson or link keeps the current lesson, with FILE:LINE:COL", "[player][lessons]") {
  Player p(options("two-players"));
  Headless h(p);
  REQUIRE(p.step(StepSize::Iteration, 4));
  std::string e;
  std::string broken = kScripted;
  broken.replace(broken.find("lr_d = 0.05"), 11, "lr_d = \"fast\"");
  CHECK_FALSE(p.open_text(broken, "broken.toml", e));
  CHECK(e.find("broken.toml:") == 0);
  CHECK(e.find("broken.toml:14:") == 0);
  CHECK(field(p.state_json(), "lesson") == "two-players");
  CHECK(field(p.state_json(), "steps") == "4");
  h.frame(p);  // the problems window draws
  for (const char* link : {"#lesson=", "#lesson=1.%%%", "#lesson=2.AAAA", "#lesson=1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) {
    INFO(link);
    CHECK_FALSE(p.open_link(link, e));
    CHECK_FALSE(e.empty());
    CHECK(field(p.state_json(), "lesson") == "two-players");
  }
  CHECK_FALSE(p.load("/no/such/lesson.toml", e));
  CHECK(e.find("/no/such/lesson.toml: error: cannot open the file") == 0);
  h.frame(p);
}

TEST_CASE("player lessons: a lesson with characters the font lacks opens, and its warnings show", "[player][lessons][glyphs]") {
  Player p(options("two-players"));
  Headless h(p);
  std::string e;
  std::string text = kScripted;
  const std::size_t at = text.find("text.en = ");
  REQUIRE(at != std::string::npos);
  text.insert(at + 11, "\xE2\x9C\xA8 ");  // a sparkle (U+2728) opens the first English text
  REQUIRE(p.open_text(text, "sparkle.toml", e));
  CHECK(e.empty());
  CHECK(field(p.state_json(), "lesson") == "scripted");
  h.frame(p);
  const std::string s = p.screen_reader_json();
  CHECK(s.find("\"warnings_only\":true") != std::string::npos);
  CHECK(s.find("sparkle.toml:") != std::string::npos);
  CHECK(s.find("warning: ") != std::string::npos);
  CHECK(s.find("U+2728") != std::string::npos);
  // A lesson without them: no window.
  REQUIRE(p.open_text(kScripted, "scripted.toml", e));
  CHECK(p.screen_reader_json().find("\"problems\"") == std::string::npos);
}

TEST_CASE("player lessons: a share link reopens the lesson with the live settings", "[player][lessons]") {
  PlayerOptions o = options("training-d");
  o.share_base = "https://example.org/ganstep/";
  Player a(o);
  REQUIRE(a.set("lr_d", "0.125"));
  std::string e;
  const std::string link = a.share_link(e);
  INFO(e);
  REQUIRE(link.rfind("https://example.org/ganstep/#lesson=", 0) == 0);
  Player b(options("gauss-1d"));
  REQUIRE(b.open_link(link, e));
  CHECK(field(b.state_json(), "lesson") == "training-d");
  CHECK(b.get("lr_d") == "0.125");
  // Same lesson, same settings, same seed: the same run.
  REQUIRE(a.step(StepSize::Iteration, 5));
  REQUIRE(b.step(StepSize::Iteration, 5));
  CHECK(field(a.state_json(), "state_hash") == field(b.state_json(), "state_hash"));
}

TEST_CASE("player lessons: a watched lesson file reloads; a broken edit keeps the old lesson", "[player][lessons]") {
  const std::string path = "player_watch_test.toml";
  auto write = [&](const std::string& text) {
    std::ofstream(path, std::ios::trunc) << text;
  };
  std::string text = kScripted;
  write(text);
  PlayerOptions o = options("./" + path);
  o.watch_files = true;
  Player p(o);
  REQUIRE(p.last_error().empty());
  Headless h(p);
  h.frame(p);
  CHECK(field(p.state_json(), "lesson") == "scripted");

  // A broken edit: problems, and the old lesson keeps running.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a new mtime second
  write(text + "\n[training]\n");
  for (int i = 0; i < 40; ++i) h.frame(p, 0.05);
  CHECK(field(p.state_json(), "lesson") == "scripted");

  // A good edit reloads.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  std::string renamed = text;
  renamed.replace(renamed.find("id = \"scripted\""), 15, "id = \"renamed1\"");
  write(renamed);
  for (int i = 0; i < 40; ++i) h.frame(p, 0.05);
  CHECK(field(p.state_json(), "lesson") == "renamed1");
  std::remove(path.c_str());
}

TEST_CASE("player lessons: the screen-reader text follows the narration panel, its question and Algorithm 1", "[player][lessons]") {
  PlayerOptions o = options("gauss-1d");
  o.lang = Lang::Pt;
  Player p(o);
  Headless h(p);
  std::string e;
  REQUIRE(p.open_text(kScripted, "scripted.toml", e));
  h.frame(p);
  std::string s = p.screen_reader_json();
  CHECK(field(s, "lang") == "pt");
  CHECK(s.find("\"blocks\":[{\"kind\":\"p\",\"level\":0,\"spans\":[{\"text\":\"Olá\"") != std::string::npos);
  CHECK(s.find("\"question\"") == std::string::npos);
  CHECK(field(s, "algorithm_line") == "3");  // sample z for D
  CHECK(s.find("\"algorithm_text\":\"Amostre um minilote de m amostras de ruído") != std::string::npos);
  REQUIRE(p.step(StepSize::Phase, 1));
  CHECK(field(p.screen_reader_json(), "algorithm_line") == "4");

  // At iteration 5 the question waits: its prompt and choices, open for an answer.
  REQUIRE(p.step(StepSize::Iteration, 5));
  h.frame(p);
  s = p.screen_reader_json();
  CHECK(s.find("\"question\":{\"beat\":2,\"prompt\":[{\"kind\":\"p\",\"level\":0,\"spans\":[{\"text\":\"Qual?\"") !=
        std::string::npos);
  CHECK(s.find("\"choices\":[\"a\",\"b\"],\"open\":true,\"given\":-1") != std::string::npos);
  CHECK(field(s, "status") == "Responda à pergunta para continuar.");
  REQUIRE(p.answer(1));
  h.frame(p);
  CHECK(p.screen_reader_json().find("\"open\":false,\"given\":1,\"right\":true,\"your_answer\":\"Sua resposta: b\",\"verdict\":\"Certo!\"") !=
        std::string::npos);
  REQUIRE(p.step(StepSize::Iteration, 1));
  h.frame(p);
  s = p.screen_reader_json();
  CHECK(s.find("\"text\":\"Depois.\"") != std::string::npos);  // the next beat fired; its page shows

  // Markdown reaches the page as spans, never with its ** and * marks.
  REQUIRE(p.load("two-players", e));
  p.set_lang(Lang::En);
  h.frame(p);
  s = p.screen_reader_json();  // the load beat: "- The **generator** G is a forger. ..."
  CHECK(field(s, "lesson") == "two-players");
  CHECK(s.find("\"bold\":true") != std::string::npos);
  CHECK(s.find("**") == std::string::npos);
}
