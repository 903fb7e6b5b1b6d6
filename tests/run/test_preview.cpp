// Preview = play (lessons/run/preview.h): play_to with --answer choices,
// numbers and texts equals a student stepping one iteration at a time and
// answering each question where playing paused; --answer is checked against
// the lesson; a watched run (follow_actions off) is the lesson's own run.
// Branching (`next`): the beats that follow depend on the answer; stepping
// back before an answer forgets it and undoes a beat's panel options.
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

// A numeric question at 5: right -> "good" (skipping "help"); wrong -> "help",
// which speeds D up and shows base-10 logs, then "good". A free text at 12.
const std::string kBranch =
    H + beat("intro", "\"load\"") +
    beat("q", "{ at_iteration = 5 }",
         "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nanswer = 0.1899\ntolerance = 0.0005\n"
         "next = [\"good\", \"\"]\n") +
    beat("help", "{ at_iteration = 6 }", "set = { lr_d = 0.1, \"logloss.base\" = \"log10\" }\n") +
    beat("good", "{ at_iteration = 8 }") +
    beat("note", "{ at_iteration = 12 }", "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\n") +
    beat("end", "{ at_iteration = 20 }");

// A choice that sends the student back to an explanation until it is right.
const std::string kLoop =
    H + beat("explain", "\"load\"") +
    beat("q", "{ at_iteration = 3 }",
         "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nchoices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\n"
         "answer = 0\nnext = [\"\", \"explain\"]\n") +
    beat("end", "{ at_iteration = 9 }");

Lesson lesson(const std::string& text) {
  LoadResult r = parse_lesson(text);
  for (const auto& p : r.problems) FAIL(format_problem("preview", p));
  return r.lesson;
}

std::string key(const Session& s) {
  std::ostringstream o;
  const auto& n = s.narration();
  o << "its " << s.iterations() << " hash " << s.run().state_hash_hex() << " awaiting " << n.script.question_beat()
    << " base " << log_base_name(n.view.base) << " fired";
  for (const auto& f : n.fired) o << " " << f.beat << "@" << f.position;
  o << " answers";
  for (const auto& a : n.answers) o << " " << a.choice << a.text;
  return o.str();
}

// A student: one iteration at a time, answering what waits with `choice(beat)`.
std::string ids(const Session& s) {
  std::string out;
  for (const auto& f : s.narration().fired) out += s.lesson().beats[static_cast<std::size_t>(f.beat)].id + " ";
  return out;
}

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

TEST_CASE("branching: the beats that follow depend on the answer", "[preview][answers]") {
  const Lesson l = lesson(kBranch);
  Session right, wrong;
  std::string e;
  REQUIRE(right.load(l, std::nullopt, e));
  REQUIRE(wrong.load(l, std::nullopt, e));
  std::vector<PresetAnswer> r, w;
  REQUIRE(run::parse_preset_answers(l, {"q=0,1899", "note=D wins"}, r) == "");
  REQUIRE(run::parse_preset_answers(l, {"q=0.25"}, w) == "");
  REQUIRE(run::play_to(right, 30, r));
  REQUIRE(run::play_to(wrong, 30, w));
  CHECK(ids(right) == "intro q good note end ");
  CHECK(ids(wrong) == "intro q help good note end ");
  CHECK(right.narration().answers[1].text == "0,1899");
  CHECK(right.narration().answers[4].text == "D wins");  // a free text, recorded as given
  CHECK(wrong.narration().answers[4].text == "\u2026");  // not given: preview's placeholder
  CHECK(right.narration().view.base == LogBase::E);
  CHECK(wrong.narration().view.base == LogBase::Ten);     // help's set of a panel option
  CHECK(right.run().state_hash_hex() != wrong.run().state_hash_hex());  // help's lr_d
  // Stepping back before the answer forgets it and undoes help's set.
  REQUIRE(wrong.seek_iteration(3));
  CHECK_FALSE(wrong.narration().answers[1].given());
  CHECK(wrong.narration().view.base == LogBase::E);
  CHECK(ids(wrong) == "intro ");
  // Forward again over the recorded timeline: the answer made there is replayed.
  REQUIRE(wrong.step_iterations(4));
  CHECK(ids(wrong) == "intro q help ");
  CHECK(wrong.narration().view.base == LogBase::Ten);
  // A student who types the other answer by hand takes the other branch.
  Session typed;
  REQUIRE(typed.load(l, std::nullopt, e));
  REQUIRE(typed.step_iterations(5));
  REQUIRE(typed.narration().script.awaiting_answer());
  CHECK_FALSE(typed.answer(Answer{-1, "abc"}));  // not a number: refused, still waiting
  CHECK_FALSE(typed.answer(0));                  // a choice for a numeric question: refused
  CHECK(typed.narration().script.awaiting_answer());
  CHECK(typed.answer(Answer{-1, "0.19"}));       // within 0.0005 of 0.1899
  REQUIRE(typed.step_iterations(7));
  REQUIRE(typed.narration().script.question_beat() == 4);
  CHECK_FALSE(typed.answer(Answer{-1, "D wins"}));  // recorded, never "right"
  CHECK_FALSE(typed.narration().script.awaiting_answer());
  CHECK(typed.narration().answers[4].text == "D wins");
  REQUIRE(run::play_to(typed, 30, {}));
  CHECK(ids(typed) == "intro q good note end ");
  CHECK(typed.narration().answers[1].text == "0.19");
}

TEST_CASE("branching: preview with --answer equals playing and answering", "[preview][answers]") {
  const Lesson l = lesson(kBranch);
  for (std::int64_t n : {0, 5, 6, 7, 9, 13, 25}) {
    INFO("to " << n);
    CHECK(previewed(l, n, {"q=0,1899", "note=D wins"}) ==
          played(l, n, [](int b) { return Answer{-1, b == 1 ? "0,1899" : "D wins"}; }));
    CHECK(previewed(l, n, {"q=1"}) == played(l, n, [](int b) { return Answer{-1, b == 1 ? "1" : "\u2026"}; }));
  }
  // --answer is checked against the question's kind.
  PresetAnswer a;
  CHECK(run::parse_preset_answer(l, "q=abc", a) == "--answer \"q=abc\": beat \"q\": the question asks for a number, not \"abc\"");
  CHECK(run::parse_preset_answer(l, "note=", a) == "--answer \"note=\": beat \"note\": the question asks for a text");
  CHECK(run::parse_preset_answer(l, "note=" + std::string(300, 'x'), a).find("too long") != std::string::npos);
}

TEST_CASE("branching: a wrong choice loops back to the explanation until the right one", "[preview][answers]") {
  const Lesson l = lesson(kLoop);
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(s.step_iterations(3));
  REQUIRE(s.narration().script.question_beat() == 1);
  CHECK_FALSE(s.answer(1));  // wrong: back to "explain" (a load trigger: it fires at once), and q (past 3) again
  CHECK(ids(s) == "explain q explain q ");
  CHECK_FALSE(s.narration().answers[1].given());  // asked again: waiting
  CHECK(s.narration().script.question_beat() == 1);
  CHECK(s.answer(0));
  REQUIRE(s.step_iterations(6));
  CHECK(ids(s) == "explain q explain q end ");
  // And back before the first answer: the loop is forgotten.
  REQUIRE(s.seek_iteration(2));
  CHECK(ids(s) == "explain ");
}

TEST_CASE("branching: preview of a wrong answer that loops back to its own question ends, the question waiting",
          "[preview][answers]") {
  const Lesson l = lesson(
      H + beat("q", "{ at_iteration = 2 }",
               "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nanswer = 2\ntolerance = 0.1\nnext = [\"\", \"q\"]\n") +
      beat("end", "{ at_iteration = 4 }"));
  Session s;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  std::vector<PresetAnswer> wrong;
  REQUIRE(run::parse_preset_answers(l, {"q=3"}, wrong) == "");
  REQUIRE(run::play_to(s, 10, wrong));
  CHECK(s.iterations() == 10);
  CHECK(s.narration().script.question_beat() == 0);  // asked again after every wrong answer
  CHECK(ids(s).rfind("q q ", 0) == 0);
  CHECK(ids(s).find("end") == std::string::npos);
}
