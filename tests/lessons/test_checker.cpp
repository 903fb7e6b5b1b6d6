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
