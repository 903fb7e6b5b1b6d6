// The text format of beats, questions and feedback: CommonMark, parsed by
// md4c (Debian's libmd4c; its C sources in the web build), with GitHub's pipe
// tables. What a text may hold:
//
//   # Heading, ## Subheading, ### Minor heading    (a '#' run, a space, the text; at most three)
//   paragraphs                                     (a blank line ends one; line breaks are spaces)
//   - item, * item                                 (bullet lists; indent to nest)
//   1. item, 2) item                               (numbered lists, from their first number)
//   | a | b |  then  |---|--:|  then rows          (pipe tables: a header row, alignments, rows)
//   **bold**, *italics*, ***both***, _italics_     (within a block, over several words)
//   `ganstep run x`                                (code: as written, on a tinted background)
//   \* and \\                                      (a literal asterisk / backslash)
// Raw HTML is shown as text, and lines indented by 4 spaces are not code.
// Maths is plain Unicode (D*(x) written D\*(x), ∇, θ, ≈, ½, x², ·, −, …), and
// {live values} (beat_text.h) are filled in before a text is parsed.
//
// The player renders the blocks (the narration panel; tables as tables), the
// page's screen-reader region gets them as DOM (web/a11y.js), and the lesson
// checker reports problems.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ganstep::lessons {

struct Span {
  std::string text;
  bool bold = false;
  bool italic = false;
  bool code = false;  // `a command`: shown on a tinted background, as written
};

enum class BlockKind { Heading, Paragraph, ListItem, Table };
enum class Align { Default, Left, Center, Right };

// One table cell's text.
using Cell = std::vector<Span>;

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  int level = 0;          // Heading: 1..3
  std::vector<Span> spans;
  int line = 1;           // the block's first line in the text (1-based)
  // ListItem: its nesting (0: top), and in a numbered list its number.
  int depth = 0;
  bool ordered = false;
  int number = 0;
  // Table: rows of cells (the first header_rows are the header) and each column's alignment.
  std::vector<std::vector<Cell>> rows;
  int header_rows = 0;
  std::vector<Align> align;
};

struct MarkdownProblem {
  int line = 1;  // 1-based line in the text
  std::string message;
  std::string hint;
};

// Splits text into blocks of styled spans. Never fails: an unclosed ** or *
// stays a literal asterisk (and is reported in problems when given, as are
// headings deeper than ###).
std::vector<Block> parse_markdown(std::string_view text, std::vector<MarkdownProblem>* problems = nullptr);

}  // namespace ganstep::lessons
