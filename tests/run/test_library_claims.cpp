// Narration cannot contradict the run: every library lesson played straight
// (its own seed, to its end, each question answered right, as a student who
// plays it) and each beat's claims (beat_text.h) checked with the values of
// the moment it fired. Every beat that makes claims must fire, and every live
// value a fired beat's text shows must exist at that moment.
//
// Image lessons train far too slowly for a unit test: they may not make claims.
#include <catch2/catch.hpp>

#include <sstream>

#include "lessons/format/beat_text.h"
#include "lessons/format/library.h"
#include "lessons/run/session.h"

using namespace ganstep;
using namespace ganstep::lessons;
using ganstep::run::Session;

namespace {

// Plays a lesson as a student does, to its end: "" or every claim that failed.
std::string play_and_check(const Lesson& lesson, std::vector<std::string>* log = nullptr) {
  Session s;
  s.js_every = 0;  // no charts
  std::string error;
  if (!s.load(lesson, std::nullopt, error)) return lesson.id + ": cannot load: " + error;
  const std::int64_t end = lesson.run_length();
  for (std::int64_t guard = 0; guard < 8 * end + 8; ++guard) {
    if (s.narration().script.awaiting_answer()) {
      s.answer(lesson.beats[static_cast<std::size_t>(s.narration().script.question_beat())].question->answer);
      continue;
    }
    if (s.run().iteration() >= end) break;  // where the player stops playing
    if (!s.step_iterations(1)) return lesson.id + ": the run failed: " + s.error();
  }
  std::ostringstream out;
  const std::vector<std::string> names = value_names(lesson);
  std::vector<bool> fired(lesson.beats.size(), false);
  for (const auto& f : s.narration().fired) {
    const Beat& b = lesson.beats[static_cast<std::size_t>(f.beat)];
    fired[static_cast<std::size_t>(f.beat)] = true;
    const std::string who = lesson.id + " beat \"" + (b.id.empty() ? std::to_string(f.beat + 1) : b.id) + "\" (iteration " +
                            std::to_string(f.iteration) + ")";
    for (const auto& text : {b.text.en, b.text.pt})
      for (const auto& p : find_placeholders(text))
        if (p.kind.empty() && !f.values.get(p.name))
          out << who << ": its text shows {" << p.name << "}, which the run does not have then\n";
    for (const auto& c : b.claims) {
      Claim claim;
      const std::string e = parse_claim(c, names, claim);
      if (!e.empty()) {
        out << who << ": " << e << "\n";
        continue;
      }
      const std::optional<bool> holds = claim_holds(claim, f.values);
      const std::optional<double> v = f.values.get(claim.name);
      if (log) log->push_back(who + ": " + c + " (" + claim.name + " = " + (v ? std::to_string(*v) : "none") + ")");
      if (!holds) out << who << ": claims \"" << c << "\" but " << claim.name << " is not available then\n";
      else if (!*holds) out << who << ": claims \"" << c << "\" but " << claim.name << " = " << *v << "\n";
    }
  }
  for (std::size_t i = 0; i < lesson.beats.size(); ++i)
    if (!fired[i] && !lesson.beats[i].claims.empty())
      out << lesson.id << " beat " << i + 1 << ": makes claims but never fires in a straight run\n";
  return out.str();
}

}  // namespace

TEST_CASE("every narrated claim of the library holds when its beat fires", "[claims][library]") {
  int checked = 0;
  for (const Lesson& lesson : library_lessons()) {
    INFO(lesson.id);
    if (lesson.image) {
      for (const auto& b : lesson.beats) CHECK(b.claims.empty());
      continue;
    }
    std::vector<std::string> log;
    const std::string failures = play_and_check(lesson, &log);
    checked += static_cast<int>(log.size());
    CHECK(failures == "");
  }
  CHECK(checked >= 10);  // the library does make claims
}

TEST_CASE("a claim the run contradicts fails the check", "[claims]") {
  // two-players at iteration 300: D answers about ½, yet JS is far from 0.
  LoadResult r = find_lesson("two-players");
  REQUIRE(r.ok());
  Lesson l = r.lesson;
  bool planted = false;
  for (auto& b : l.beats)
    if (b.id == "half") {
      b.claims = {"js < 0.01"};  // "the detective can no longer tell the two apart": p_g = p_data
      planted = true;
    }
  REQUIRE(planted);
  l.iterations = 310;
  const std::string failures = play_and_check(l);
  CHECK(failures.find("two-players beat \"half\" (iteration 300): claims \"js < 0.01\" but js = 0.0") != std::string::npos);
}
