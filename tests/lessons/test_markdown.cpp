// Markdown-lite blocks and spans, and the schema's coverage of the engine keys.
#include <catch2/catch.hpp>

#include <set>

#include "lessons/format/lesson.h"
#include "lessons/format/markdown.h"

using namespace ganstep;
using namespace ganstep::lessons;

TEST_CASE("markdown-lite: headings, paragraphs, list items, styles, escapes", "[markdown]") {
  std::vector<MarkdownProblem> problems;
  auto blocks = parse_markdown_lite(
      "# Title\n\nFirst line\nsame **para**graph.\n\n- item *one*\n- item two\n### Small\nD\\*(x) and \\\\ and ***both***",
      &problems);
  CHECK(problems.empty());
  REQUIRE(blocks.size() == 6);
  CHECK(blocks[0].kind == BlockKind::Heading);
  CHECK(blocks[0].level == 1);
  CHECK(blocks[0].spans[0].text == "Title");
  CHECK(blocks[1].kind == BlockKind::Paragraph);
  CHECK(blocks[1].line == 3);
  REQUIRE(blocks[1].spans.size() == 3);
  CHECK(blocks[1].spans[0].text == "First line same ");
  CHECK(blocks[1].spans[1].text == "para");
  CHECK(blocks[1].spans[1].bold);
  CHECK(blocks[2].kind == BlockKind::ListItem);
  CHECK(blocks[2].spans[1].italic);
  CHECK(blocks[3].kind == BlockKind::ListItem);
  CHECK(blocks[4].kind == BlockKind::Heading);
  CHECK(blocks[4].level == 3);
  CHECK(blocks[5].spans[0].text == "D*(x) and \\ and ");
  CHECK(blocks[5].spans[1].bold);
  CHECK(blocks[5].spans[1].italic);
}

TEST_CASE("markdown-lite: unclosed styles are reported with their line", "[markdown]") {
  std::vector<MarkdownProblem> problems;
  parse_markdown_lite("ok\n\nthis is **bold\nstill", &problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
  problems.clear();
  parse_markdown_lite("#### too deep", &problems);
  REQUIRE(problems.size() == 1);
  problems.clear();
  CHECK(parse_markdown_lite("", &problems).empty());
  CHECK(problems.empty());
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
