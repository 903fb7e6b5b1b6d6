// Preview = play (lessons/run/preview.h): play_to with --answer choices
// equals a student stepping one iteration at a time and answering each
// question where playing paused; --answer is checked against the lesson;
// a watched run (follow_actions off) is the lesson's own run.
#include <catch2/catch.hpp>

#include <sstream>

#include "engine/gan/trainer.h"
#include "lessons/format/library.h"
#include "lessons/run/preview.h"

using namespace ganstep;
using namespace ganstep::lessons;
using ganstep::run::PresetAnswer;
using ganstep::run::Session;

namespace {

const std::string H =
    "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n"
    "[training]\nbatch = 16\niterations = 400\n";

std::string question(int answer) {
  return "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nchoices.en = [\"a\", \"b\", \"c\"]\n"
         "choices.pt = [\"a\", \"b\", \"c\"]\nanswer = " + std::to_string(answer) + "\n";
}

std::string beat(const std::string& id, const std::string& trigger, const std::string& extra = "") {
  return "[[beat]]\nid = \"" + id + "\"\ntrigger = " + trigger + "\ntext.en = \"e\"\ntext.pt = \"p\"\n" + extra;
}

// Two questions, a live set behind the first and a metric beat behind the second.
const std::string kQuiz = H + beat("intro", "\"load\"") + beat("q1", "{ at_iteration = 5 }", question(1)) +
                          beat("faster", "{ at_iteration = 6 }", "set = { lr_d = 0.1 }\n") +
                          beat("q2", "{ at_phase = \"loss_g\", after = 20 }", question(2)) +
                          beat("late", "{ metric = \"d_real\", above = 0.01 }") +
                          beat("end", "{ at_iteration = 60 }", question(0));

Lesson lesson(const std::string& text) {
  LoadResult r = parse_lesson(text);
  for (const auto& p : r.problems) FAIL(format_problem("preview", p));
  return r.lesson;
}

std::string key(const Session& s) {
  std::ostringstream o;
  const auto& n = s.narration();
  o << "its " << s.iterations() << " hash " << s.run().state_hash_hex() << " awaiting " << n.script.question_beat()
    << " fired";
  for (const auto& f : n.fired) o << " " << f.beat << "@" << f.position;
  o << " answers";
  for (const auto& a : n.answers) o << " " << a.choice << a.text;
  return o.str();
}

// A student: one iteration at a time, answering what waits with `choice(beat)`.
template <class Choice>
std::string played(const Lesson& l, std::int64_t n, Choice choice) {
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  for (std::int64_t i = 0; i < n; ++i) {
    while (s.narration().script.awaiting_answer()) s.answer(choice(s.narration().script.question_beat()));
    REQUIRE(s.step_iterations(1));
  }
  return key(s);
}

std::string previewed(const Lesson& l, std::int64_t n, const std::vector<std::string>& answers) {
  std::vector<PresetAnswer> parsed;
  REQUIRE(run::parse_preset_answers(l, answers, parsed) == "");
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(run::play_to(s, n, parsed));
  return key(s);
}

}  // namespace

TEST_CASE("preview: --answer parses a beat id or number and a choice; mistakes name the beat", "[preview]") {
  const Lesson l = lesson(kQuiz);
  PresetAnswer a;
  CHECK(run::parse_preset_answer(l, "q2=0", a) == "");
  CHECK((a.beat == 3 && a.answer.choice == 0));
  CHECK(run::parse_preset_answer(l, "2=2", a) == "");
  CHECK((a.beat == 1 && a.answer.choice == 2));
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"q1", "--answer \"q1\": expected BEAT=VALUE (a beat's id or number; a choice from 0, a number or a text)"},
      {"q3=1", "--answer \"q3=1\": no beat \"q3\" (did you mean \"q1\"?)"},
      {"zzzzzz=1", "--answer \"zzzzzz=1\": no beat \"zzzzzz\" (name a beat by its id or its number from 1)"},
      {"7=1", "--answer \"7=1\": no beat \"7\" (name a beat by its id or its number from 1)"},
      {"intro=0", "--answer \"intro=0\": beat \"intro\" asks no question"},
      {"q1=3", "--answer \"q1=3\": beat \"q1\"'s question has choices 0..2"},
      {"q1=-1", "--answer \"q1=-1\": beat \"q1\"'s question has choices 0..2"},
      {"q1=", "--answer \"q1=\": beat \"q1\"'s question has choices 0..2"},
      {"q1=99999999999999999999", "--answer \"q1=99999999999999999999\": beat \"q1\"'s question has choices 0..2"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(run::parse_preset_answer(l, c.text, a) == c.message);
  }
  std::vector<PresetAnswer> list;
  CHECK(run::parse_preset_answers(l, {"q1=0", "2=1"}, list) == "--answer \"2=1\": that beat is answered twice");
  const std::string huge(100000, 'x');
  CHECK(run::parse_preset_answer(l, huge + "=1", a).size() < 300);  // the input is quoted, clipped
}

TEST_CASE("preview: play_to with answers equals playing and answering (narration and hash)", "[preview]") {
  const Lesson l = lesson(kQuiz);
  const auto right = [&](int b) { return l.beats[static_cast<std::size_t>(b)].question->answer; };
  for (std::int64_t n : {0, 3, 5, 6, 21, 40, 61, 80}) {
    INFO("to " << n);
    CHECK(previewed(l, n, {}) == played(l, n, right));
    CHECK(previewed(l, n, {"q1=0", "q2=1"}) == played(l, n, [&](int b) { return b == 1 ? 0 : b == 3 ? 1 : right(b); }));
    CHECK(previewed(l, n, {"end=2"}) == played(l, n, [&](int b) { return b == 5 ? 2 : right(b); }));
  }
  // The answers are the ones given, and the question of the last iteration waits.
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  std::vector<PresetAnswer> given;
  REQUIRE(run::parse_preset_answers(l, {"q1=0"}, given) == "");
  REQUIRE(run::play_to(s, 60, given));
  std::vector<int> choices;
  for (const auto& a : s.narration().answers) choices.push_back(a.choice);
  CHECK(choices == std::vector<int>{-1, 0, -1, 2, -1, -1});
  CHECK(s.narration().script.question_beat() == 5);
  // The library: every lesson with questions, to 300.
  for (const char* id : {"two-players", "training-d", "training-g", "log-loss", "saddle-points"}) {
    const LoadResult r = find_lesson(id);
    REQUIRE(r.ok());
    INFO(id);
    const auto lib_right = [&](int b) { return r.lesson.beats[static_cast<std::size_t>(b)].question->answer; };
    const std::int64_t n = std::min<std::int64_t>(r.lesson.run_length(), 300);
    CHECK(previewed(r.lesson, n, {}) == played(r.lesson, n, lib_right));
  }
}

TEST_CASE("preview: a watched run (follow_actions off) fires the beats on the lesson's own run", "[preview]") {
  const Lesson l = lesson(kQuiz);
  Session watched;
  watched.follow_actions = false;
  std::string e;
  REQUIRE(watched.load(l, std::nullopt, e));
  REQUIRE(run::play_to(watched, 30, {}));
  Trainer t(l.config);
  for (int i = 0; i < 30; ++i) REQUIRE(t.step_iteration());
  CHECK(watched.run().state_hash_hex() == t.state_hash_hex());  // lr_d = 0.1 at 6 not applied
  CHECK(watched.narration().fired.size() == 5);                  // intro, q1, faster, q2, late
  Session followed;
  REQUIRE(followed.load(l, std::nullopt, e));
  REQUIRE(run::play_to(followed, 30, {}));
  CHECK(followed.run().state_hash_hex() != t.state_hash_hex());
}
