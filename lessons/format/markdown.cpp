#include "lessons/format/markdown.h"

namespace ganstep::lessons {
namespace {

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// Inline styles of one block's text.
void parse_inline(std::string_view s, Block& b, int line, std::vector<MarkdownProblem>* problems) {
  bool bold = false, italic = false;
  int bold_line = line, italic_line = line;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) b.spans.push_back(Span{cur, bold, italic});
    cur.clear();
  };
  int at = line;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') { ++at; cur += ' '; continue; }
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '*' || s[i + 1] == '\\')) {
      cur += s[++i];
      continue;
    }
    if (c == '*') {
      if (i + 1 < s.size() && s[i + 1] == '*') {
        flush();
        bold = !bold;
        bold_line = at;
        ++i;
      } else {
        flush();
        italic = !italic;
        italic_line = at;
      }
      continue;
    }
    cur += c;
  }
  flush();
  if (problems) {
    if (bold)
      problems->push_back({bold_line, "unclosed **bold** (a ** without its closing **)",
                           "write \\* for a literal asterisk"});
    if (italic)
      problems->push_back({italic_line, "unclosed *italics* (a * without its closing *)",
                           "write \\* for a literal asterisk, e.g. D\\*(x)"});
  }
}

}  // namespace

std::vector<Block> parse_markdown_lite(std::string_view text, std::vector<MarkdownProblem>* problems) {
  std::vector<Block> blocks;
  std::string para;
  int para_line = 0;
  auto end_para = [&] {
    if (para_line) {
      Block b;
      b.kind = BlockKind::Paragraph;
      b.line = para_line;
      parse_inline(para, b, para_line, problems);
      blocks.push_back(std::move(b));
    }
    para.clear();
    para_line = 0;
  };
  int line = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = trim_right(text.substr(pos, nl - pos));
    ++line;
    pos = nl + 1;
    std::string_view l = trim_left(raw);
    if (l.empty()) {
      end_para();
      if (nl == text.size()) break;
      continue;
    }
    std::size_t hashes = 0;
    while (hashes < l.size() && l[hashes] == '#') ++hashes;
    if (hashes >= 1 && hashes <= 3 && hashes < l.size() && l[hashes] == ' ') {
      end_para();
      Block b;
      b.kind = BlockKind::Heading;
      b.level = static_cast<int>(hashes);
      b.line = line;
      parse_inline(trim_left(l.substr(hashes)), b, line, problems);
      blocks.push_back(std::move(b));
    } else if (hashes > 3 && hashes < l.size() && l[hashes] == ' ') {
      end_para();
      if (problems) problems->push_back({line, "headings have at most three #", "use #, ## or ###"});
      Block b;
      b.kind = BlockKind::Heading;
      b.level = 3;
      b.line = line;
      parse_inline(trim_left(l.substr(hashes)), b, line, problems);
      blocks.push_back(std::move(b));
    } else if (l.size() >= 2 && l[0] == '-' && l[1] == ' ') {
      end_para();
      Block b;
      b.kind = BlockKind::ListItem;
      b.line = line;
      parse_inline(trim_left(l.substr(2)), b, line, problems);
      blocks.push_back(std::move(b));
    } else {
      if (!para_line) para_line = line;
      else para += '\n';
      para += std::string(l);
    }
    if (nl == text.size()) break;
  }
  end_para();
  return blocks;
}

}  // namespace ganstep::lessons
