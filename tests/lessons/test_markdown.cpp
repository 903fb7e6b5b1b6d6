// Markdown blocks and spans (md4c), and the schema's coverage of the engine keys.
#include <catch2/catch.hpp>

#include <set>

#include "lessons/format/lesson.h"
#include "lessons/format/markdown.h"

using namespace ganstep;
using namespace ganstep::lessons;

namespace {

// A block in short: its kind letter (h p l t), level or depth, number, and its
// spans as text with *italics*, **bold** marks; a table as its rows "a|b/c|d".
std::string show(const std::vector<Span>& spans) {
  std::string s;
  for (const auto& sp : spans) {
    const std::string mark = sp.code ? "`" : sp.bold && sp.italic ? "***" : sp.bold ? "**" : sp.italic ? "*" : "";
    s += mark + sp.text + mark;
  }
  return s;
}
std::string show(const Block& b) {
  switch (b.kind) {
    case BlockKind::Heading: return "h" + std::to_string(b.level) + ":" + show(b.spans);
    case BlockKind::Paragraph: return "p:" + show(b.spans);
    case BlockKind::ListItem:
      return "l" + std::to_string(b.depth) + (b.ordered ? "#" + std::to_string(b.number) : "") + ":" + show(b.spans);
    case BlockKind::Table: {
      std::string s = "t" + std::to_string(b.header_rows) + ":";
      for (std::size_t r = 0; r < b.rows.size(); ++r) {
        if (r) s += "/";
        for (std::size_t c = 0; c < b.rows[r].size(); ++c) s += (c ? "|" : "") + show(b.rows[r][c]);
      }
      return s;
    }
  }
  return "?";
}
std::string show_all(const std::string& text, std::vector<MarkdownProblem>* problems = nullptr) {
  std::string s;
  for (const auto& b : parse_markdown(text, problems)) s += (s.empty() ? "" : " ¦ ") + show(b);
  return s;
}

}  // namespace

TEST_CASE("markdown: each kind of block and span, table-driven", "[markdown]") {
  struct Case {
    const char* name;
    const char* text;
    const char* blocks;
  };
  const Case cases[] = {
      {"headings, three levels", "# Title\n## Sub\n### Minor", "h1:Title ¦ h2:Sub ¦ h3:Minor"},
      {"a multi-word bold heading", "## **Two words** and *three more words*", "h2:**Two words** and *three more words*"},
      {"paragraph lines join with spaces", "First line\nsame **para**graph.\n\nNext.",
       "p:First line same **para**graph. ¦ p:Next."},
      {"bold and italics over several words", "a **b c d** e *f g* ***h i***", "p:a **b c d** e *f g* ***h i***"},
      {"underscores: italics, but not inside words", "_x y_ and loss_d and p_data", "p:*x y* and loss_d and p_data"},
      {"escapes", "D\\*(x) and \\\\ and \\# no heading", "p:D*(x) and \\ and # no heading"},
      {"bullet list", "- item *one*\n- item two\n* star item", "l0:item *one* ¦ l0:item two ¦ l0:star item"},
      {"numbered list from its first number", "3. three\n4. four\n\n1) one", "l0#3:three ¦ l0#4:four ¦ l0#1:one"},
      {"nested list", "1. outer\n   - inner\n2. next", "l0#1:outer ¦ l1:inner ¦ l0#2:next"},
      {"loose list item: its paragraphs are one block", "- a\n\n  b\n- c", "l0:a b ¦ l0:c"},
      {"pipe table with a header and alignments", "| x | **D(x)** |\n|:--|--:|\n| 1 | 0.9 |\n| 2 | 0.1 |",
       "t1:x|**D(x)**/1|0.9/2|0.1"},
      {"a table between paragraphs", "Before.\n\n| a | b |\n|---|---|\n| c | d |\n\nAfter.",
       "p:Before. ¦ t1:a|b/c|d ¦ p:After."},
      {"inline math stays plain Unicode", "∇θ ≈ ½ · x² − y", "p:∇θ ≈ ½ · x² − y"},
      {"HTML is text", "<b>not bold</b> &amp; &#955;", "p:<b>not bold</b> & λ"},
      {"4-space indentation is not code", "    indented text", "p:indented text"},
      {"live values and button names stay as written", "{loss_d:.2f} and {button:play}", "p:{loss_d:.2f} and {button:play}"},
      {"code spans keep their text", "run `ganstep run x --steps 2` now", "p:run `ganstep run x --steps 2` now"},
      {"an escaped star opens nothing", "D\\* = p_data / (p_data + p_g)", "p:D* = p_data / (p_data + p_g)"},
      {"empty", "", ""},
  };
  for (const Case& c : cases) {
    INFO(c.name << ": " << c.text);
    std::vector<MarkdownProblem> problems;
    CHECK(show_all(c.text, &problems) == c.blocks);
    CHECK(problems.empty());
  }
}

TEST_CASE("markdown: block lines, and the table's alignments", "[markdown]") {
  auto blocks = parse_markdown("# T\n\npara\nmore\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n1. x");
  REQUIRE(blocks.size() == 4);
  CHECK(blocks[0].line == 1);
  CHECK(blocks[1].line == 3);
  CHECK(blocks[2].line == 6);
  REQUIRE(blocks[2].align.size() == 3);
  CHECK(blocks[2].align[0] == Align::Left);
  CHECK(blocks[2].align[1] == Align::Center);
  CHECK(blocks[2].align[2] == Align::Right);
  CHECK(blocks[3].line == 10);
}

TEST_CASE("markdown: problems are reported with their line", "[markdown]") {
  struct Case {
    const char* text;
    int line;
    const char* message;
  };
  const Case cases[] = {
      {"ok\n\nthis is **bold\nstill", 3, "unclosed **bold**"},
      {"D*(x) is optimal", 1, "unclosed *italics*"},
      {"one\ntwo\n- an item with **open", 3, "unclosed **bold**"},
      {"| a |\n|---|\n| *x |", 3, "unclosed *italics*"},
      {"#### too deep", 1, "headings have at most three #"},
      {"| a | b |\n|--|--|\n| 1 | 2 |", 2, "at least three characters in each cell"},
      {"| a | b |\n| - |:-:|", 2, "at least three characters in each cell"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    std::vector<MarkdownProblem> problems;
    parse_markdown(c.text, &problems);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == c.line);
    CHECK(problems[0].message.find(c.message) != std::string::npos);
  }
  // Hostile input never crashes: deep nesting, long runs, bytes that are not UTF-8.
  parse_markdown(std::string(5000, '>') + " x");
  parse_markdown(std::string(3000, '*') + "x" + std::string(3000, '_'));
  parse_markdown(std::string("| a |\n|---|\n") + std::string(2000, '|'));
  parse_markdown(std::string("\x00\xff\xfe|\n|-|\n", 10));
  for (int depth = 0; depth < 300; ++depth) parse_markdown(std::string(depth * 2, ' ') + "- x");
}

TEST_CASE("the lesson schema covers every engine config key exactly once", "[schema]") {
  std::multiset<std::string> routed;
  std::multiset<std::string> game;
  for (const auto& k : lesson_keys())
    if (!k.config_key.empty()) (k.section == "game" ? game : routed).insert(k.config_key);
  for (const auto& k : config_keys()) {
    INFO(k.key);
    CHECK(routed.count(k.key) == 1);
  }
  CHECK(routed.size() == config_keys().size());
  // [game] routes the engine's game keys (engine/game/game.h), each once.
  for (const auto& k : ganstep::game_keys()) {
    INFO(k.key);
    CHECK(game.count(k.key) == 1);
  }
  CHECK(game.size() == ganstep::game_keys().size());
}

TEST_CASE("a compact save leaves defaults out and reads back the same", "[schema]") {
  LoadResult r = parse_lesson(
      "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n"
      "[training]\nlr_d = 0.05\nk = 3\n");
  REQUIRE(r.ok());
  const std::string compact = save_lesson(r.lesson, true);
  CHECK(compact.find("k = 3") != std::string::npos);
  CHECK(compact.find("lr_d = 0.05") != std::string::npos);
  CHECK(compact.find("batch") == std::string::npos);
  CHECK(compact.find("[view]") == std::string::npos);
  LoadResult back = parse_lesson(compact);
  REQUIRE(back.ok());
  CHECK(save_lesson(back.lesson) == save_lesson(r.lesson));
}

TEST_CASE("saving escapes strings so any text reads back", "[schema]") {
  LoadResult r = parse_lesson(
      "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"quote \\\" back\\\\slash\"\ntitle.pt = \"tab\\there\"\n"
      "summary.en = \"S\"\nsummary.pt = \"S\"\n"
      "[[beat]]\ntrigger = { metric = \"js\", below = 0.123456789012345 }\n"
      "text.en = \"\"\"\nline one \\\"\"\"\\\"\nline two \\\\* \\u0001\n\"\"\"\ntext.pt = 'x'\n");
  for (const auto& p : r.problems) FAIL_CHECK(format_problem("x", p));
  REQUIRE(r.ok());
  LoadResult back = parse_lesson(save_lesson(r.lesson));
  for (const auto& p : back.problems) FAIL_CHECK(format_problem("saved", p) << save_lesson(r.lesson));
  REQUIRE(back.ok());
  CHECK(back.lesson.title.en == r.lesson.title.en);
  CHECK(back.lesson.title.pt == "tab\there");
  CHECK(back.lesson.beats[0].text.en == r.lesson.beats[0].text.en);
  CHECK(back.lesson.beats[0].trigger.threshold == 0.123456789012345);
}
