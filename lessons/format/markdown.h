// Markdown-lite: the text format of beats, questions and feedback.
//
//   # Heading, ## Subheading, ### Minor heading    (a '#' run, a space, the text)
//   - item                                         (a list item; one line each)
//   **bold**, *italics*, ***both***                (within one paragraph, heading or item)
//   \* and \\                                      (a literal asterisk / backslash)
//   a blank line ends a paragraph; other line breaks inside a paragraph are spaces.
// Maths is plain Unicode (D*(x) written D\*(x), ∇, θ, ≈, ½, x², ·, −, …).
//
// The player renders the blocks; the lesson checker reports problems.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ganstep::lessons {

struct Span {
  std::string text;
  bool bold = false;
  bool italic = false;
};

enum class BlockKind { Heading, Paragraph, ListItem };

struct Block {
  BlockKind kind = BlockKind::Paragraph;
  int level = 0;          // Heading: 1..3
  std::vector<Span> spans;
  int line = 1;           // the block's first line in the text (1-based)
};

struct MarkdownProblem {
  int line = 1;  // 1-based line in the text
  std::string message;
  std::string hint;
};

// Splits text into blocks of styled spans. Never fails: an unclosed ** or *
// runs to the end of its block (and is reported in problems when given).
std::vector<Block> parse_markdown_lite(std::string_view text, std::vector<MarkdownProblem>* problems = nullptr);

}  // namespace ganstep::lessons
