// The checker catches what hurts: each case is a lesson with one planted
// mistake (the ones an instructor made, issue "Instructors") and the exact
// `ganstep check` output for it, FILE:LINE:COL and hints, nothing more (one
// root cause, one message). Beats are named by their id.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "lessons/format/lesson.h"
#include "lessons/format/share.h"
#include "tests/lessons/lesson_head.h"

using namespace ganstep::lessons;

namespace {

// Seven lines of a valid lesson head; cases append from line 8.
const std::string H = lesson_head("t", "T", "T", "S", "S");

// A beat of five lines: [[beat]], id, trigger, text.en, text.pt (+ extra lines).
std::string beat(const std::string& id, const std::string& trigger, const std::string& extra = "") {
  return "[[beat]]\nid = \"" + id + "\"\ntrigger = " + trigger + "\n" + extra + "text.en = \"e\"\ntext.pt = \"p\"\n";
}

struct Case {
  const char* name;
  std::string text;
  std::string expected;  // every line ganstep check prints for it
};

std::string check(const std::string& text) {
  std::string out;
  for (const Problem& p : parse_lesson(text).problems) out += format_problem("l.toml", p);
  return out;
}

std::vector<Case> cases() {
  std::vector<Case> c;
  // ---- beat order: an at_iteration trigger behind a later one (lines 8-12, 13-17)
  c.push_back({"at_iteration after a later at_iteration",
               H + beat("act-2", "{ at_iteration = 600 }") + beat("act-1", "{ at_iteration = 300 }"),
               "l.toml:15:11: error: beat \"act-1\": at_iteration = 300 cannot fire there: beat \"act-2\" before it "
               "(line 8) waits for iteration 600, so this beat fires with it\n"
               "l.toml:15:11: hint: beats fire in file order: move this beat before beat \"act-2\", or give it an "
               "iteration >= 600\n"});
  // The planted mistake: an at_iteration = 300 beat behind a metric beat that waits for 600.
  c.push_back({"at_iteration after a metric beat with after",
               H + beat("covered", "{ metric = \"js\", below = 0.1, after = 600 }") +
                   beat("next-act", "{ at_iteration = 300 }"),
               "l.toml:15:11: error: beat \"next-act\": at_iteration = 300 cannot fire there: beat \"covered\" before "
               "it (line 8) waits for iteration 600, so this beat fires with it\n"
               "l.toml:15:11: hint: beats fire in file order: move this beat before beat \"covered\", or give it an "
               "iteration >= 600\n"});
  // A reset starts the count again: 300 after a reset at 600 is fine.
  c.push_back({"at_iteration after a reset",
               H + beat("again", "{ at_iteration = 600 }", "reset = true\n") + beat("later", "{ at_iteration = 300 }"),
               ""});
  // ---- a trigger past the lesson's end
  c.push_back({"at_iteration past the end", H + "[training]\niterations = 500\n" + beat("end", "{ at_iteration = 800 }"),
               "l.toml:12:11: error: beat \"end\": trigger can never fire: at_iteration = 800 is after the last "
               "iteration\n"
               "l.toml:12:11: hint: the lesson runs 500 iterations ([training] iterations)\n"});
  c.push_back({"after past the end",
               H + "[training]\niterations = 500\n" + beat("end", "{ metric = \"d_real\", above = 0.5, after = 500 }"),
               "l.toml:12:11: error: beat \"end\": trigger can never fire: after = 500 is not before the last "
               "iteration\n"
               "l.toml:12:11: hint: the lesson runs 500 iterations ([training] iterations)\n"});
  // ---- a beat that can never fire before the next pausing beat
  c.push_back({"a beat covered by the next pausing beat",
               H + beat("d-wins", "{ metric = \"d_real\", above = 0.9, after = 200 }") +
                   beat("stop", "{ at_iteration = 200 }", "pause = true\n"),
               "l.toml:10:11: error: beat \"d-wins\": can never fire before the next pausing beat: beat \"stop\" "
               "(line 13, at_iteration = 200) fires in the same step, and the run pauses on its text\n"
               "l.toml:10:11: hint: give beat \"stop\" a later iteration, or merge the two texts\n"});
  c.push_back({"the same, with a question",
               H + beat("x", "{ at_iteration = 50 }") + beat("ask", "{ at_iteration = 50 }") +
                   "[beat.question]\nprompt.en = \"?\"\nprompt.pt = \"?\"\nchoices.en = [\"a\", \"b\"]\n"
                   "choices.pt = [\"a\", \"b\"]\nanswer = 0\n",
               "l.toml:10:11: error: beat \"x\": can never fire before the next pausing beat: beat \"ask\" (line 13, "
               "at_iteration = 50) fires in the same step, and the run pauses on its text\n"
               "l.toml:10:11: hint: give beat \"ask\" a later iteration, or merge the two texts\n"});
  c.push_back({"a later pausing beat is fine",
               H + beat("x", "{ at_iteration = 50 }") + beat("stop", "{ at_iteration = 51 }", "pause = true\n"), ""});
  c.push_back({"two load beats are fine", H + beat("a", "\"load\"") + beat("b", "\"load\"", "pause = true\n"), ""});
  // ---- unknown metrics: "did you mean" and the list stay within the lesson's kind
  c.push_back({"d_loss suggests loss_d", H + beat("m", "{ metric = \"d_loss\", above = 0.9 }"),
               "l.toml:10:22: error: beat \"m\": unknown metric \"d_loss\"\n"
               "l.toml:10:22: hint: did you mean \"loss_d\"?\n"});
  c.push_back({"a GAN lesson's list has no distance", H + beat("m", "{ metric = \"zzzzzz\", above = 0.9 }"),
               "l.toml:10:22: error: beat \"m\": unknown metric \"zzzzzz\"\n"
               "l.toml:10:22: hint: metrics: d_real, d_fake, loss_d, loss_d_real, loss_d_fake, loss_g, js, kl_data_g, "
               "kl_g_data, modes, hq\n"});
  c.push_back({"a game lesson suggests distance", H + "[game]\ngame = \"dirac\"\n" + beat("m", "{ metric = \"distanse\", below = 0.1 }"),
               "l.toml:12:22: error: beat \"m\": unknown metric \"distanse\"\n"
               "l.toml:12:22: hint: did you mean \"distance\"?\n"});
  c.push_back({"a game lesson does not suggest a GAN metric", H + "[game]\ngame = \"dirac\"\n" + beat("m", "{ metric = \"d_reel\", below = 0.1 }"),
               "l.toml:12:22: error: beat \"m\": unknown metric \"d_reel\"\n"
               "l.toml:12:22: hint: metrics: distance\n"});
  // ---- one root cause, one message
  c.push_back({"a missing CSV with view2d",
               H + "[data]\nset = \"csv:no-such-file.csv\"\n[view]\npanels = [\"view2d\", \"narration\"]\n" +
                   beat("a", "\"load\""),
               "l.toml:9:7: error: [data] set: no-such-file.csv: cannot open (No such file or directory)\n"});
  c.push_back({"a misspelt data set with view2d",
               H + "[data]\nset = \"ring9\"\n[view]\npanels = [\"view2d\"]\n",
               "l.toml:9:7: error: [data] set: unknown data set \"ring9\" (expected one of: gaussian, bimodal, "
               "uniform, mixture(...), mixture2d(...), ring8, grid25, moons, spiral, line, csv:FILE)\n"
               "l.toml:9:7: hint: did you mean \"ring8\"?\n"});
  // ---- beats named by their id; a beat without one by its number
  c.push_back({"a beat without an id", H + "[[beat]]\ntrigger = { at_phase = \"loss_q\" }\ntext.en = \"e\"\ntext.pt = \"p\"\n",
               "l.toml:9:24: error: beat 1: unknown phase \"loss_q\": this trigger can never fire\n"
               "l.toml:9:24: hint: did you mean \"loss_d\"?\n"});
  c.push_back({"a beat's set error names the beat", H + beat("fast", "\"load\"", "set = { lr_d = 99 }\n"),
               "l.toml:11:16: error: beat \"fast\": set.lr_d: 99 is out of range 0..10\n"});
  // ---- unlock
  c.push_back({"unlock a setting that is not locked",
               H + "[locks]\nlocked = [\"lr_d\"]\n" + beat("free", "{ at_iteration = 10 }", "unlock = [\"lr_g\"]\n"),
               "l.toml:13:10: error: beat \"free\": cannot unlock \"lr_g\": [locks] does not lock it\n"
               "l.toml:13:10: hint: locked: lr_d\n"});
  c.push_back({"unlock a locked setting",
               H + "[locks]\nlocked = [\"lr_d\"]\n" + beat("free", "{ at_iteration = 10 }", "unlock = [\"lr_d\"]\n"), ""});
  // ---- data the course uses: mixture weights, mode metrics
  c.push_back({"mixture weights summing to 1.1",
               H + "[data]\nset = \"mixture2d(0.45*N((-2,-1),0.3)+0.65*N((1,2),0.5))\"\n",
               "l.toml:9:7: error: [data] set: mixture2d: the weights sum to 1.1, not 1 (each weight is the share of "
               "the samples)\n"});
  c.push_back({"some weights written, some not", H + "[data]\nset = \"mixture(0.5*N(0,1)+N(3,1))\"\n",
               "l.toml:9:7: error: [data] set: mixture: give every component a weight (W*...) or none (equal "
               "shares)\n"});
  c.push_back({"modes on data without modes", H + "[data]\nset = \"moons\"\n" + beat("m", "{ metric = \"modes\", below = 3 }"),
               "l.toml:12:11: error: beat \"m\": trigger can never fire: modes counts the modes of mixture, mixture2d, "
               "ring8 or grid25 data, and \"moons\" has none\n"
               "l.toml:12:11: hint: use js or kl_data_g for other data\n"});
  c.push_back({"more modes than the data has", H + "[data]\nset = \"ring8\"\n" + beat("m", "{ metric = \"modes\", above = 8 }"),
               "l.toml:12:11: error: beat \"m\": trigger can never fire: modes above 8\n"
               "l.toml:12:11: hint: the data has 8 modes, so modes always lies in 0 .. 8\n"});
  c.push_back({"hq above 1", H + "[data]\nset = \"grid25\"\n" + beat("m", "{ metric = \"hq\", above = 1 }"),
               "l.toml:12:11: error: beat \"m\": trigger can never fire: hq above 1\n"
               "l.toml:12:11: hint: hq always lies in 0 .. 1\n"});
  c.push_back({"modes and hq on a mixture are fine",
               H + "[data]\nset = \"mixture2d(0.8*N((0,0),0.2)+0.2*N((3,0),0.2))\"\n" +
                   beat("m", "{ metric = \"modes\", below = 2 }") + beat("q", "{ metric = \"hq\", above = 0.9 }"),
               ""});
  // ---- [data] points: malformed, huge, truncated
  const std::string P = H + "[data]\n";
  c.push_back({"points not an array", P + "points = 5\n",
               "l.toml:9:10: error: [data] points must be an array of [x, y] pairs, got an integer\n"
               "l.toml:9:10: hint: e.g. points = [[0, 1], [2.5, -1]]\n"});
  c.push_back({"a point of three numbers", P + "points = [[0, 1], [1, 2, 3]]\n",
               "l.toml:9:19: error: [data] points: point 2 must be [x, y], two numbers in -1e6..1e6, got an array\n"});
  c.push_back({"a point with a string", P + "points = [[0, \"a\"]]\n",
               "l.toml:9:11: error: [data] points: point 1 must be [x, y], two numbers in -1e6..1e6, got an array\n"});
  c.push_back({"a point out of range", P + "points = [[0, 1e7]]\n",
               "l.toml:9:11: error: [data] points: point 1 must be [x, y], two numbers in -1e6..1e6, got an array\n"});
  c.push_back({"a point that is a number", P + "points = [3]\n",
               "l.toml:9:11: error: [data] points: point 1 must be [x, y], two numbers in -1e6..1e6, got an integer\n"});
  c.push_back({"no points", P + "points = []\n",
               "l.toml:9:10: error: [data] points has 0 points; it needs 1..10000\n"
               "l.toml:9:10: hint: add [x, y] pairs\n"});
  c.push_back({"set and points", P + "set = \"ring8\"\npoints = [[0, 1]]\n",
               "l.toml:10:10: error: [data] has both set and points\n"
               "l.toml:10:10: hint: keep one: points are the data set\n"});
  std::string many = P + "points = [";
  for (int i = 0; i <= 10000; ++i) many += (i ? ", " : "") + std::string("[1, 2]");
  c.push_back({"10001 points", many + "]\n",
               "l.toml:9:10: error: [data] points has 10001 points; it needs 1..10000\n"
               "l.toml:9:10: hint: put them in a CSV file: set = \"csv:points.csv\"\n"});
  c.push_back({"points with view1d", P + "points = [[0, 1]]\n[view]\npanels = [\"view1d\"]\n",
               "l.toml:11:10: error: panel view1d needs 1-D data, but [data] points is 2-D\n"
               "l.toml:11:10: hint: use view2d\n"});
  return c;
}

// A question: [beat.question] and its prompt (3 lines) + the lines given.
std::string question(const std::string& lines) {
  return "[beat.question]\nprompt.en = \"q\"\nprompt.pt = \"q\"\n" + lines;
}
const std::string kChoices = "choices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\n";

// Panel options, worked rows, numeric / free-text answers and next.
std::vector<Case> answer_cases() {
  const std::string LL = H + "[view]\npanels = [\"logloss\", \"narration\"]\n[view.logloss]\n";  // line 11 on
  std::vector<Case> c;
  // ---- [view.PANEL] options
  c.push_back({"log base misspelt", LL + "base = \"log_10\"\n",
               "l.toml:11:8: error: [view.logloss] base \"log_10\" is not a log base (ln, log2 or log10)\n"
               "l.toml:11:8: hint: did you mean \"log10\"?\n"});
  c.push_back({"mode unknown", LL + "mode = \"table\"\n",
               "l.toml:11:8: error: [view.logloss] mode \"table\" is not a mode (worked or minibatch)\n"});
  c.push_back({"show_v not a boolean", LL + "show_v = \"yes\"\n",
               "l.toml:11:10: error: [view.logloss] show_v must be a boolean (true or false), got a string\n"});
  c.push_back({"view1d key misspelt", H + "[view.view1d]\nd_stars = false\n",
               "l.toml:9:1: error: unknown key \"d_stars\" in [view.view1d]\n"
               "l.toml:9:1: hint: did you mean \"d_star\"?\n"});
  // ---- worked rows
  c.push_back({"d = 1", LL + "rows = [{ label = \"x1\", real = true, d = 1.0 }]\n",
               "l.toml:11:42: error: [view.logloss] row 1: d = 1 must be a number strictly between 0 and 1 (D's "
               "output, a probability)\n"
               "l.toml:11:42: hint: log(0) is not a number: write e.g. 0.001 or 0.999\n"});
  c.push_back({"d = 0", LL + "rows = [{ label = \"x1\", real = false, d = 0 }]\n",
               "l.toml:11:43: error: [view.logloss] row 1: d = 0 must be a number strictly between 0 and 1 (D's "
               "output, a probability)\n"
               "l.toml:11:43: hint: log(0) is not a number: write e.g. 0.001 or 0.999\n"});
  c.push_back({"d a string", LL + "rows = [{ label = \"x1\", real = true, d = \"0.9\" }]\n",
               "l.toml:11:42: error: [view.logloss] row 1: d = a string must be a number strictly between 0 and 1 "
               "(D's output, a probability)\n"
               "l.toml:11:42: hint: log(0) is not a number: write e.g. 0.001 or 0.999\n"});
  c.push_back({"row without real", LL + "rows = [{ label = \"x1\", d = 0.9 }]\n",
               "l.toml:11:9: error: [view.logloss] row 1 needs real\n"
               "l.toml:11:9: hint: e.g. rows = [{ label = \"x1\", real = true, d = 0.9 }, { label = \"G(z1)\", "
               "real = false, d = 0.2 }]\n"});
  c.push_back({"blank cell misspelt", LL + "rows = [{ label = \"x1\", real = true, d = 0.9, blank = [\"logs\"] }]\n",
               "l.toml:11:55: error: [view.logloss] row 1: unknown cell \"logs\" in blank\n"
               "l.toml:11:55: hint: did you mean \"log\"?\n"});
  c.push_back({"row key misspelt", LL + "rows = [{ label = \"x1\", real = true, dd = 0.9 }]\n",
               "l.toml:11:38: error: unknown key \"dd\" in [view.logloss] row 1\n"
               "l.toml:11:38: hint: did you mean \"d\"?\n"});
  c.push_back({"no rows", LL + "rows = []\n", "l.toml:11:8: error: [view.logloss] rows has 0 rows; it needs 1..16\n"});
  c.push_back({"tolerance 0", LL + "tolerance = 0\n",
               "l.toml:11:13: error: [view.logloss] tolerance = 0 is out of range: > 0 and at most 1\n"
               "l.toml:11:13: hint: e.g. tolerance = 0.001\n"});
  // ---- a beat's set changes panel options
  c.push_back({"set: panel option misspelt", H + beat("a", "\"load\"", "set = { logloss.bse = \"ln\" }\n"),
               "l.toml:11:17: error: beat \"a\": unknown panel option \"logloss.bse\" in set\n"
               "l.toml:11:17: hint: did you mean \"logloss.base\"?\n"});
  c.push_back({"set: bad base", H + beat("a", "\"load\"", "set = { \"logloss.base\" = \"log3\" }\n"),
               "l.toml:11:26: error: beat \"a\": set.logloss.base \"log3\" is not a log base (ln, log2 or log10)\n"});
  c.push_back({"set: rows cannot change", H + beat("a", "\"load\"", "set = { logloss.rows = [] }\n"),
               "l.toml:11:17: error: beat \"a\": unknown panel option \"logloss.rows\" in set\n"
               "l.toml:11:17: hint: panel options: logloss.base, logloss.mode, logloss.show_v, view1d.p_data, "
               "view1d.p_g, view1d.d, view1d.d_star, view1d.z_to_x, view1d.minibatch, view2d.real, view2d.fake, "
               "view2d.heatmap, view2d.arrows, view2d.grid_warp, view2d.minibatch, charts.show_v\n"});
  // ---- numeric and free-text questions
  c.push_back({"number without tolerance", H + beat("q", "\"load\"") + question("answer = 0.1899\n"),
               "l.toml:16:10: error: beat \"q\": a numeric answer needs a tolerance\n"
               "l.toml:16:10: hint: add tolerance = 0.0005 (answers within it are right)\n"});
  c.push_back({"negative tolerance", H + beat("q", "\"load\"") + question("answer = 0.1899\ntolerance = -0.1\n"),
               "l.toml:17:13: error: beat \"q\": tolerance = -0.1 is out of range: it must be > 0 and at most 1e6\n"
               "l.toml:17:13: hint: e.g. tolerance = 0.0005 accepts 0.1899 +- 0.0005\n"});
  c.push_back({"tolerance with choices", H + beat("q", "\"load\"") + question(kChoices + "answer = 1\ntolerance = 0.1\n"),
               "l.toml:19:13: error: beat \"q\": tolerance goes with a numeric answer, but this question has "
               "choices\n"});
  c.push_back({"float answer with choices", H + beat("q", "\"load\"") + question(kChoices + "answer = 0.5\n"),
               "l.toml:18:10: error: beat \"q\": answer must be the index of the right choice (an integer from 0): "
               "the question has choices\n"
               "l.toml:18:10: hint: for a numeric answer, remove choices and add tolerance\n"});
  c.push_back({"choices without answer", H + beat("q", "\"load\"") + question(kChoices),
               "l.toml:13:1: error: beat \"q\": missing question.answer in [beat.question]\n"
               "l.toml:13:1: hint: add answer = N, the index of the right choice, from 0\n"});
  c.push_back({"tolerance without answer", H + beat("q", "\"load\"") + question("tolerance = 0.1\n"),
               "l.toml:16:13: error: beat \"q\": tolerance needs answer = NUMBER\n"
               "l.toml:16:13: hint: add the right number: answer = 0.1899\n"});
  // ---- next
  c.push_back({"next: unknown beat", H + beat("q", "\"load\"") + question(kChoices + "answer = 0\nnext = [\"\", \"explian\"]\n") +
                                         beat("explain", "\"load\""),
               "l.toml:19:8: error: beat \"q\": next names no beat: \"explian\"\n"
               "l.toml:19:8: hint: did you mean \"explain\"?\n"});
  c.push_back({"next: one per choice", H + beat("q", "\"load\"") + question(kChoices + "answer = 0\nnext = [\"q\"]\n"),
               "l.toml:19:8: error: beat \"q\": next has 1 beats but the question has 2 choices\n"
               "l.toml:19:8: hint: one beat id per choice, \"\" for the next beat in the file\n"});
  c.push_back({"next: numeric has two", H + beat("q", "\"load\"") + question("answer = 1\ntolerance = 0.1\nnext = [\"q\"]\n"),
               "l.toml:18:8: error: beat \"q\": next of a numeric question has 2 beats, [if right, if wrong]; got 1\n"});
  c.push_back({"next: free text", H + beat("q", "\"load\"") + question("next = [\"q\"]\n"),
               "l.toml:16:8: error: beat \"q\": next needs an answer to branch on: a free-text answer is never right or "
               "wrong\n"
               "l.toml:16:8: hint: add choices, or answer = NUMBER with tolerance\n"});
  c.push_back({"next: a loop that cannot end",
               H + beat("a", "\"load\"") + beat("q", "\"load\"") + question(kChoices + "answer = 0\nnext = [\"a\", \"a\"]\n"),
               "l.toml:24:8: error: beat \"q\": next makes a loop that cannot end: after this question every answer "
               "comes back here\n"
               "l.toml:24:8: hint: let one answer lead on: \"\" is the next beat in the file\n"});
  // Fine: a wrong answer goes back to an explanation; the right one leads on.
  c.push_back({"next: a loop with a way out",
               H + beat("a", "\"load\"") + beat("q", "\"load\"") + question(kChoices + "answer = 0\nnext = [\"end\", \"a\"]\n") + beat("end", "\"load\""),
               ""});
  c.push_back({"numeric with next", H + beat("q", "\"load\"") + question("answer = 0.1899\ntolerance = 0.0005\nnext = [\"\", \"q\"]\n"),
               ""});
  return c;
}

}  // namespace

TEST_CASE("checker: each planted mistake gives exactly its FILE:LINE:COL message", "[checker]") {
  for (const Case& k : cases()) {
    INFO(k.name << "\n" << k.text);
    CHECK(check(k.text) == k.expected);
  }
}

TEST_CASE("checker: unlock lifts a lock from the beat on", "[checker]") {
  const LoadResult r = parse_lesson(H + "[locks]\nlocked = [\"lr_d\", \"k\"]\n" + beat("a", "\"load\"") +
                                    beat("free", "{ at_iteration = 10 }", "unlock = [\"lr_d\"]\n"));
  REQUIRE(r.ok());
  CHECK(r.lesson.is_locked("lr_d", {0}));
  CHECK_FALSE(r.lesson.is_locked("lr_d", {0, 1}));
  CHECK(r.lesson.is_locked("k", {0, 1}));
  CHECK_FALSE(r.lesson.is_locked("lr_g", {}));
  // Saved and read back.
  const LoadResult back = parse_lesson(save_lesson(r.lesson));
  REQUIRE(back.ok());
  CHECK(back.lesson.beats[1].unlock == std::vector<std::string>{"lr_d"});
}

TEST_CASE("checker: csv: paths are relative to the lesson file; a missing one is one message", "[checker]") {
  const std::string dir = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/ganstep-csv-rel";
  REQUIRE(std::system(("mkdir -p '" + dir + "/course'").c_str()) == 0);
  {
    std::ofstream(dir + "/course/clusters.csv") << "x,y\n0,0\n1,1\n2,0.5\n";
    std::ofstream(dir + "/course/ok.toml")
        << H << "[data]\nset = \"csv:clusters.csv\"\n[view]\npanels = [\"view2d\", \"narration\"]\n" << beat("a", "\"load\"");
    std::ofstream(dir + "/course/missing.toml")
        << H << "[data]\nset = \"csv:gone.csv\"\n[view]\npanels = [\"view2d\", \"narration\"]\n" << beat("a", "\"load\"");
  }
  const LoadResult ok = load_lesson_file(dir + "/course/ok.toml");  // from any working folder
  for (const auto& p : ok.problems) FAIL(format_problem("ok.toml", p));
  CHECK(ok.lesson.config.data == "csv:" + dir + "/course/clusters.csv");
  const LoadResult missing = load_lesson_file(dir + "/course/missing.toml");
  REQUIRE(missing.problems.size() == 1);  // not also "panel view2d needs 2-D data"
  CHECK(missing.problems[0].message ==
        "[data] set: " + dir + "/course/gone.csv: cannot open (No such file or directory)");
  // Absolute paths stay as written; text without a file (a link) reads none.
  CHECK(parse_lesson(H + "[data]\nset = \"csv:/no/such.csv\"\n").problems[0].message ==
        "[data] set: /no/such.csv: cannot open (No such file or directory)");
}

TEST_CASE("checker: [data] points read, save, share and train like any data set", "[checker]") {
  std::string text = H + "[data]\npoints = [";
  for (int i = 0; i < 10000; ++i) text += (i ? ", " : "") + std::to_string(i % 97) + ".5, " + std::to_string(i % 13 - 6);
  text.clear();  // (built below as pairs)
  text = H + "[data]\npoints = [";
  for (int i = 0; i < 10000; ++i)
    text += (i ? ", [" : "[") + std::to_string(i % 97) + ".5, " + std::to_string(i % 13 - 6) + "]";
  text += "]\n";
  const LoadResult r = parse_lesson(text);
  for (const auto& p : r.problems) FAIL(format_problem("points", p));
  CHECK(r.lesson.config.data.rfind("points:0.5,-6;1.5,-5;", 0) == 0);
  CHECK(r.lesson.view.shows(Panel::View2d));  // 2-D data: the 2-D panels
  const LoadResult back = parse_lesson(save_lesson(r.lesson));
  REQUIRE(back.ok());
  CHECK(back.lesson.config.data == r.lesson.config.data);
  const LoadResult compact = parse_lesson(save_lesson(r.lesson, true));
  REQUIRE(compact.ok());
  CHECK(compact.lesson.config.data == r.lesson.config.data);
}

TEST_CASE("worked tables, panel options, answers: each mistake is one FILE:LINE:COL message", "[checker][answers]") {
  for (const Case& k : answer_cases()) {
    INFO(k.name << "\n" << k.text);
    CHECK(check(k.text) == k.expected);
  }
}

TEST_CASE("worked tables, panel options, answers: read, saved and shared the same", "[checker][answers]") {
  const std::string text =
      H + "[view]\npanels = [\"logloss\", \"charts\", \"narration\"]\n"
          "[view.logloss]\nbase = \"log10\"\nshow_v = true\ntolerance = 0.0005\nblank_mean = true\n"
          "rows = [{ label = \"x1\", real = true, d = 0.9 }, { label = \"G(z1)\", real = false, d = 0.2, blank = [\"log\"] }]\n"
          "[view.charts]\nshow_v = true\n" +
      beat("q", "\"load\"", "set = { view1d = { d_star = false }, \"logloss.mode\" = \"minibatch\" }\n") +
      question("answer = 0.0726\ntolerance = 0.0005\nnext = [\"\", \"why\"]\n") + beat("why", "\"load\"") +
      question("feedback.en = \"f\"\nfeedback.pt = \"f\"\n");
  const LoadResult r = parse_lesson(text);
  for (const auto& p : r.problems) FAIL(format_problem("l.toml", p));
  const Lesson& l = r.lesson;
  const PanelOptions& o = l.view.options;
  CHECK(o.base == LogBase::Ten);
  CHECK(o.show_v);
  CHECK(o.chart_v);
  CHECK(o.blank_mean);
  CHECK(o.tolerance == 0.0005);
  REQUIRE(o.rows.size() == 2);
  CHECK((o.rows[1].label == "G(z1)" && !o.rows[1].real && o.rows[1].d == 0.2 && o.rows[1].blank_log &&
         !o.rows[1].blank_corrected));
  REQUIRE(l.beats[0].view_set.size() == 2);
  CHECK((l.beats[0].view_set[0].key == "view1d.d_star" && l.beats[0].view_set[0].value == "false"));
  CHECK((l.beats[0].view_set[1].key == "logloss.mode" && l.beats[0].view_set[1].value == "minibatch"));
  const Question& q = *l.beats[0].question;
  CHECK(q.kind == AnswerKind::Number);
  CHECK((q.number == 0.0726 && q.tolerance == 0.0005));
  CHECK(q.next == std::vector<std::string>{"", "why"});
  CHECK(l.beats[1].question->kind == AnswerKind::Text);
  for (bool compact : {false, true}) {
    INFO("compact " << compact);
    const LoadResult back = parse_lesson(save_lesson(l, compact));
    for (const auto& p : back.problems) FAIL(format_problem("saved", p) << save_lesson(l, compact));
    CHECK(back.lesson.view.options == o);
    CHECK(back.lesson.beats[0].view_set.size() == 2);
    CHECK(back.lesson.beats[0].question->next == q.next);
    CHECK(back.lesson.beats[0].question->kind == AnswerKind::Number);
    CHECK(back.lesson.beats[1].question->kind == AnswerKind::Text);
  }
  const LoadResult shared = parse_share_link(make_share_fragment(l));
  REQUIRE(shared.ok());
  CHECK(shared.lesson.view.options == o);
}

TEST_CASE("answers: numbers with a decimal point or comma, within the tolerance", "[answers]") {
  double v = 0;
  CHECK((parse_decimal("0,1899", v) && v == 0.1899));
  CHECK((parse_decimal(" 0.1899 ", v) && v == 0.1899));
  CHECK((parse_decimal("-2", v) && v == -2));
  CHECK((parse_decimal("1e-3", v) && v == 0.001));
  for (const char* bad : {"", " ", "1,000.5", "1,2,3", "abc", "0x10", "inf", "nan", "1.2.3", "1 2"}) {
    INFO(bad);
    CHECK_FALSE(parse_decimal(bad, v));
  }
  Question q;
  q.kind = AnswerKind::Number;
  q.number = 0.1899;
  q.tolerance = 0.0005;
  CHECK(answer_right(q, Answer{-1, "0,1899"}));
  CHECK(answer_right(q, Answer{-1, "0.1904"}));
  CHECK_FALSE(answer_right(q, Answer{-1, "0.1905"}));
  CHECK_FALSE(answer_right(q, Answer{-1, "0.19a"}));
  CHECK(check_answer(q, Answer{-1, "x"}) == "the question asks for a number, not \"x\"");
  Question t;
  t.kind = AnswerKind::Text;
  CHECK(check_answer(t, Answer{-1, "my idea"}) == "");
  CHECK_FALSE(answer_right(t, Answer{-1, "my idea"}));  // never right or wrong
  CHECK(check_answer(t, Answer{-1, "  "}) == "the question asks for a text");
  CHECK(check_answer(t, Answer{-1, std::string(201, 'x')}) == "the answer is too long (201 bytes; at most 200)");
  CHECK(check_answer(t, Answer{-1, "a\xff"}) == "the answer is not valid UTF-8 text");
  CHECK(check_answer(t, Answer{-1, "a\nb"}) == "the answer holds a control character");
  CHECK(check_answer(t, Answer{-1, "D vê ½"}) == "");
}

// A character the player's font lacks draws as "?": the checker warns where
// it is (the lesson still loads and runs), once per text, with how many.
TEST_CASE("checker: characters the player cannot draw are warnings at FILE:LINE:COL", "[checker][glyphs]") {
  struct Warned {
    const char* name;
    std::string text;
    std::string expected;  // every warning line, as `ganstep check` prints them
  };
  const std::string hint =
      "hint: the player draws Latin (with Portuguese accents), Greek, arrows, mathematical operators, super- and "
      "subscripts, geometric shapes and check marks; write it with those, or in words\n";
  const std::vector<Warned> cases = {
      {"an emoji on the second line of a multi-line text",
       H + "[[beat]]\nid = \"a\"\ntrigger = \"load\"\ntext.en = '''\nHello\nSmile \xF0\x9F\x98\x80 now\n'''\ntext.pt = \"p\"\n",
       "l.toml:13:7: warning: beat \"a\": text.en: U+1F600 '\xF0\x9F\x98\x80' is not in the player's font; it shows as \"?\"\n"
       "l.toml:13:7: " + hint},
      {"a dingbat in a one-line title (the head's title.en is line 4)",
       lesson_head("t", "Hi \xE2\x9C\xA8", "T", "S", "S"),
       "l.toml:4:16: warning: title.en: U+2728 '\xE2\x9C\xA8' is not in the player's font; it shows as \"?\"\nl.toml:4:16: " +
           hint},
      {"an escape: the value's place, not the character's",
       H + beat("b", "\"load\"", "question.prompt.en = \"p \\U0001F600\"\nquestion.prompt.pt = \"p\"\n"
                                 "question.choices.en = [\"a\", \"b\"]\nquestion.choices.pt = [\"a\", \"b\"]\nquestion.answer = 0\n"),
       "l.toml:11:22: warning: beat \"b\": prompt.en: U+1F600 '\xF0\x9F\x98\x80' is not in the player's font; it "
       "shows as \"?\"\nl.toml:11:22: " + hint},
      {"a circled letter in a choice, and two in one text counted",
       H + beat("c", "\"load\"", "question.prompt.en = \"p\"\nquestion.prompt.pt = \"p\"\n"
                                 "question.choices.en = [\"a\", \"\xE2\x92\xB6 or \xE2\x92\xB7\"]\n"
                                 "question.choices.pt = [\"a\", \"b\"]\nquestion.answer = 0\n"),
       "l.toml:13:30: warning: beat \"c\": choices.en: U+24B6 '\xE2\x92\xB6' is not in the player's font; it "
       "shows as \"?\" (2 such characters in this text)\nl.toml:13:30: " + hint},
      {"a control character is named, not printed",
       H + "[[beat]]\nid = \"d\"\ntrigger = \"load\"\ntext.en = \"a\\u0007b\"\ntext.pt = \"p\"\n",
       "l.toml:11:11: warning: beat \"d\": text.en: U+0007 is not in the player's font; it shows as \"?\"\n"
       "l.toml:11:11: " + hint},
      {"Portuguese, Greek and mathematics draw: nothing to say",
       H + "[[beat]]\nid = \"e\"\ntrigger = \"load\"\ntext.en = \"∇θ ≤ ½, ✓\"\ntext.pt = \"ação: σ² → x₁\"\n", ""},
  };
  for (const Warned& k : cases) {
    INFO(k.name << "\n" << k.text);
    const LoadResult r = parse_lesson(k.text);
    std::string out;
    for (const Problem& p : r.problems) out += format_problem("l.toml", p);
    CHECK(out == "");  // warnings only: the lesson loads
    out.clear();
    for (const Problem& p : r.warnings) out += format_problem("l.toml", p);
    CHECK(out == k.expected);
  }
}
