// Panel options, worked log-loss tables, numeric / free-text answers and
// branching (`next`): each malformed value is one FILE:LINE:COL message with
// its hint, and the good forms read, save and read back the same.
#include <catch2/catch.hpp>

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
std::string beat(const std::string& id, const std::string& extra = "") {
  return "[[beat]]\nid = \"" + id + "\"\ntrigger = \"load\"\n" + extra + "text.en = \"e\"\ntext.pt = \"p\"\n";
}
// A question: [beat.question] and its prompt (3 lines) + the lines given.
std::string question(const std::string& lines) {
  return "[beat.question]\nprompt.en = \"q\"\nprompt.pt = \"q\"\n" + lines;
}
const std::string kChoices = "choices.en = [\"a\", \"b\"]\nchoices.pt = [\"a\", \"b\"]\n";

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
  c.push_back({"set: panel option misspelt", H + beat("a", "set = { logloss.bse = \"ln\" }\n"),
               "l.toml:11:17: error: beat \"a\": unknown panel option \"logloss.bse\" in set\n"
               "l.toml:11:17: hint: did you mean \"logloss.base\"?\n"});
  c.push_back({"set: bad base", H + beat("a", "set = { \"logloss.base\" = \"log3\" }\n"),
               "l.toml:11:26: error: beat \"a\": set.logloss.base \"log3\" is not a log base (ln, log2 or log10)\n"});
  c.push_back({"set: rows cannot change", H + beat("a", "set = { logloss.rows = [] }\n"),
               "l.toml:11:17: error: beat \"a\": unknown panel option \"logloss.rows\" in set\n"
               "l.toml:11:17: hint: panel options: logloss.base, logloss.mode, logloss.show_v, view1d.p_data, "
               "view1d.p_g, view1d.d, view1d.d_star, view1d.z_to_x, view1d.minibatch, view2d.real, view2d.fake, "
               "view2d.heatmap, view2d.arrows, view2d.grid_warp, view2d.minibatch, charts.show_v\n"});
  // ---- numeric and free-text questions
  c.push_back({"number without tolerance", H + beat("q") + question("answer = 0.1899\n"),
               "l.toml:16:10: error: beat \"q\": a numeric answer needs a tolerance\n"
               "l.toml:16:10: hint: add tolerance = 0.0005 (answers within it are right)\n"});
  c.push_back({"negative tolerance", H + beat("q") + question("answer = 0.1899\ntolerance = -0.1\n"),
               "l.toml:17:13: error: beat \"q\": tolerance = -0.1 is out of range: it must be > 0 and at most 1e6\n"
               "l.toml:17:13: hint: e.g. tolerance = 0.0005 accepts 0.1899 +- 0.0005\n"});
  c.push_back({"tolerance with choices", H + beat("q") + question(kChoices + "answer = 1\ntolerance = 0.1\n"),
               "l.toml:19:13: error: beat \"q\": tolerance goes with a numeric answer, but this question has "
               "choices\n"});
  c.push_back({"float answer with choices", H + beat("q") + question(kChoices + "answer = 0.5\n"),
               "l.toml:18:10: error: beat \"q\": answer must be the index of the right choice (an integer from 0): "
               "the question has choices\n"
               "l.toml:18:10: hint: for a numeric answer, remove choices and add tolerance\n"});
  c.push_back({"choices without answer", H + beat("q") + question(kChoices),
               "l.toml:13:1: error: beat \"q\": missing question.answer in [beat.question]\n"
               "l.toml:13:1: hint: add answer = N, the index of the right choice, from 0\n"});
  c.push_back({"tolerance without answer", H + beat("q") + question("tolerance = 0.1\n"),
               "l.toml:16:13: error: beat \"q\": tolerance needs answer = NUMBER\n"
               "l.toml:16:13: hint: add the right number: answer = 0.1899\n"});
  // ---- next
  c.push_back({"next: unknown beat", H + beat("q") + question(kChoices + "answer = 0\nnext = [\"\", \"explian\"]\n") +
                                         beat("explain"),
               "l.toml:19:8: error: beat \"q\": next names no beat: \"explian\"\n"
               "l.toml:19:8: hint: did you mean \"explain\"?\n"});
  c.push_back({"next: one per choice", H + beat("q") + question(kChoices + "answer = 0\nnext = [\"q\"]\n"),
               "l.toml:19:8: error: beat \"q\": next has 1 beats but the question has 2 choices\n"
               "l.toml:19:8: hint: one beat id per choice, \"\" for the next beat in the file\n"});
  c.push_back({"next: numeric has two", H + beat("q") + question("answer = 1\ntolerance = 0.1\nnext = [\"q\"]\n"),
               "l.toml:18:8: error: beat \"q\": next of a numeric question has 2 beats, [if right, if wrong]; got 1\n"});
  c.push_back({"next: free text", H + beat("q") + question("next = [\"q\"]\n"),
               "l.toml:16:8: error: beat \"q\": next needs an answer to branch on: a free-text answer is never right or "
               "wrong\n"
               "l.toml:16:8: hint: add choices, or answer = NUMBER with tolerance\n"});
  c.push_back({"next: a loop that cannot end",
               H + beat("a") + beat("q") + question(kChoices + "answer = 0\nnext = [\"a\", \"a\"]\n"),
               "l.toml:24:8: error: beat \"q\": next makes a loop that cannot end: after this question every answer "
               "comes back here\n"
               "l.toml:24:8: hint: let one answer lead on: \"\" is the next beat in the file\n"});
  // Fine: a wrong answer goes back to an explanation; the right one leads on.
  c.push_back({"next: a loop with a way out",
               H + beat("a") + beat("q") + question(kChoices + "answer = 0\nnext = [\"end\", \"a\"]\n") + beat("end"),
               ""});
  c.push_back({"numeric with next", H + beat("q") + question("answer = 0.1899\ntolerance = 0.0005\nnext = [\"\", \"q\"]\n"),
               ""});
  return c;
}

}  // namespace

TEST_CASE("worked tables, panel options, answers: each mistake is one FILE:LINE:COL message", "[checker][answers]") {
  for (const Case& k : cases()) {
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
      beat("q", "set = { view1d = { d_star = false }, \"logloss.mode\" = \"minibatch\" }\n") +
      question("answer = 0.0726\ntolerance = 0.0005\nnext = [\"\", \"why\"]\n") + beat("why") +
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
}
