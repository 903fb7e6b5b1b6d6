// The script (lessons/run/script.h): ordering, each trigger kind, questions,
// coarse stepping, resets.
#include <catch2/catch.hpp>

#include "engine/gan/presets.h"
#include "lessons/run/point_run.h"
#include "lessons/run/script.h"

using namespace ganstep;
using namespace ganstep::lessons;
using ganstep::run::observe;

namespace {

const std::string H =
    "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n"
    "[training]\nbatch = 16\niterations = 400\n";

std::string beat(const std::string& trigger, const std::string& extra = "") {
  return "[[beat]]\ntrigger = " + trigger + "\ntext.en = \"e\"\ntext.pt = \"p\"\n" + extra;
}

Lesson lesson(const std::string& beats) {
  LoadResult r = parse_lesson(H + beats);
  for (const auto& p : r.problems) FAIL(format_problem("beats", p));
  return r.lesson;
}

}  // namespace

TEST_CASE("load and at_iteration 0 fire at once, in order", "[beats]") {
  Lesson l = lesson(beat("\"load\"") + beat("{ at_iteration = 0 }") + beat("{ at_iteration = 2 }"));
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  CHECK(s.update(observe(t)) == std::vector<int>{0, 1});
  CHECK(s.current() == 2);
  t.step_iteration();
  CHECK(s.update(observe(t)).empty());
  t.step_iteration();
  CHECK(s.update(observe(t)) == std::vector<int>{2});
  CHECK(s.finished());
  CHECK(s.update(observe(t)).empty());
}

TEST_CASE("beats wait for the one before: a later trigger that already holds fires after", "[beats]") {
  Lesson l = lesson(beat("{ at_iteration = 5 }") + beat("{ at_iteration = 6 }"));
  l.beats[1].trigger.iteration = 1;  // (ganstep check refuses this order; the script still keeps it)
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  t.step_iterations(3);
  CHECK(s.update(observe(t)).empty());  // beat 2 is not watched yet
  t.step_iterations(2);
  CHECK(s.update(observe(t)) == std::vector<int>{0, 1});
}

TEST_CASE("at_phase fires right after the phase, phase by phase", "[beats]") {
  Lesson l = lesson(beat("\"load\"") + beat("{ at_phase = \"loss_d\" }") + beat("{ at_phase = \"update_g\", after = 2 }"));
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  CHECK(s.update(observe(t)) == std::vector<int>{0});
  CHECK(s.needs_phase_steps());
  int fired_at = -1;
  for (int i = 0; i < 200 && !s.finished(); ++i) {
    t.step_phase();
    for (int b : s.update(observe(t))) {
      if (b == 1) {
        CHECK(t.iteration() == 0);
        CHECK(t.phase() == Phase::UpdateD);  // loss_d just ran
      }
      if (b == 2) fired_at = static_cast<int>(t.iteration());
    }
  }
  CHECK(s.finished());
  CHECK(fired_at == 3);  // update_g of iteration 2 completes iteration 3
}

TEST_CASE("at_phase fires late but fires with coarse steps", "[beats]") {
  Lesson l = lesson(beat("\"load\"") + beat("{ at_phase = \"forward_g\" }") + beat("{ at_phase = \"loss_d\", after = 50 }"));
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  s.update(observe(t));
  t.step_iteration();
  CHECK(s.update(observe(t)) == std::vector<int>{1});
  t.step_iterations(40);
  CHECK(s.update(observe(t)).empty());  // iterations 1..40: before 50
  t.step_iterations(20);
  CHECK(s.update(observe(t)) == std::vector<int>{2});
}

TEST_CASE("metric triggers wait for a value, and for the next step after the previous beat", "[beats]") {
  Lesson l = lesson(beat("\"load\"") + beat("{ metric = \"d_real\", above = 0.0 }") + beat("{ metric = \"loss_g\", above = 0.0 }"));
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  CHECK(s.update(observe(t)) == std::vector<int>{0});  // no D step yet: d_real not available
  t.step_phase();
  CHECK(s.update(observe(t)).empty());
  while (!t.stats().has_d) t.step_phase();
  CHECK(s.update(observe(t)) == std::vector<int>{1});
  // loss_g > 0 holds as soon as a G step ran, but only from the next update on
  while (!t.stats().has_g) t.step_phase();
  CHECK(s.update(observe(t)) == std::vector<int>{2});
}

TEST_CASE("divergence metrics need a measurement", "[beats]") {
  Lesson l = lesson(beat("{ metric = \"js\", below = 0.7 }"));
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  CHECK(s.needs_divergences(0));
  BeatEvaluator later(lesson(beat("{ metric = \"js\", below = 0.7, after = 50 }")).beats);
  CHECK_FALSE(later.needs_divergences(49));  // it cannot fire before 50: nothing to measure
  CHECK(later.needs_divergences(50));
  Observation o = observe(t);
  CHECK(s.update(o).empty());  // NaN: not measured
  o.js = 0.5;
  CHECK(s.update(o) == std::vector<int>{0});
}

TEST_CASE("a question blocks the next beat until it is answered", "[beats]") {
  const std::string q =
      "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nchoices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\nanswer = 1\n";
  Lesson l = lesson(beat("\"load\"", q) + beat("{ at_iteration = 0 }"));
  Trainer t(l.config);
  BeatEvaluator s(l.beats);
  CHECK(s.update(observe(t)) == std::vector<int>{0});
  CHECK(s.awaiting_answer());
  CHECK(s.question_beat() == 0);
  CHECK(s.update(observe(t)).empty());
  CHECK_FALSE(s.answer(0));  // wrong, but it unblocks
  CHECK_FALSE(s.awaiting_answer());
  CHECK(s.update(observe(t)) == std::vector<int>{1});
  CHECK_FALSE(s.answer(1));  // nothing to answer
}

