// parse_markdown: md4c's callbacks (enter/leave block and span, text) build
// the blocks of markdown.h.
#include "lessons/format/markdown.h"

#include <md4c.h>

#include <cstdlib>
#include <cstring>

namespace ganstep::lessons {
namespace {

constexpr unsigned kFlags = MD_FLAG_TABLES | MD_FLAG_NOHTML | MD_FLAG_NOINDENTEDCODEBLOCKS;

struct Builder {
  std::string_view src;
  std::vector<MarkdownProblem>* problems = nullptr;
  std::vector<Block> out;
  Block cur;
  bool open = false;  // cur is being filled
  int bold = 0, italic = 0, code = 0;
  struct List {
    bool ordered = false;
    int next = 1;
  };
  std::vector<List> lists;
  int li_open = 0;        // list items entered and not left (a paragraph inside one is its text)
  bool in_table = false, in_head = false, in_cell = false;
  int last_line = 1;

  int line_of(const char* p) {
    if (p < src.data() || p > src.data() + src.size()) return last_line;
    int line = 1;
    for (const char* q = src.data(); q < p; ++q) line += *q == '\n';
    return last_line = line;
  }

  void problem(int line, std::string message, std::string hint) {
    if (problems) problems->push_back({line, std::move(message), std::move(hint)});
  }

  void start(BlockKind kind) {
    flush();
    cur = Block{};
    cur.kind = kind;
    cur.line = -1;  // set by its first text
    open = true;
  }

  void flush() {
    if (!open) return;
    open = false;
    if (cur.line < 0) cur.line = last_line;
    if (cur.kind == BlockKind::Table || !cur.spans.empty() || cur.kind == BlockKind::ListItem) out.push_back(std::move(cur));
    cur = Block{};
  }

  std::vector<Span>& target() {
    if (in_table && in_cell && !cur.rows.empty() && !cur.rows.back().empty()) return cur.rows.back().back();
    if (!open) start(BlockKind::Paragraph);  // text after a nested list, inside its item
    return cur.spans;
  }

  void add(std::string_view t, const char* at) {
    std::vector<Span>& v = target();
    if (cur.line < 0) cur.line = line_of(at);
    const bool b = bold > 0, i = italic > 0, c = code > 0;
    if (!v.empty() && v.back().bold == b && v.back().italic == i && v.back().code == c) v.back().text.append(t.data(), t.size());
    else v.push_back(Span{std::string(t), b, i, c});
  }

  // A '*' that md4c left as text opened or closed nothing, unless it was escaped.
  void check_stars(const char* t, std::size_t n) {
    const bool inside = t >= src.data() && t + n <= src.data() + src.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (t[i] != '*') continue;
      const char* at = t + i;
      if (inside && at > src.data() && at[-1] == '\\') continue;  // \* (md4c gives the '*' in place)
      std::size_t run = 1;
      while (i + run < n && t[i + run] == '*') ++run;
      const int line = inside ? line_of(t + i) : last_line;
      if (run >= 2)
        problem(line, "unclosed **bold** (a ** without its closing **)", "write \\* for a literal asterisk");
      else
        problem(line, "unclosed *italics* (a * without its closing *)", "write \\* for a literal asterisk, e.g. D\\*(x)");
      i += run - 1;
    }
  }
};

std::string utf8(unsigned long c) {
  std::string s;
  if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (c >> 18));
    s += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

// An entity as its character: numeric ones and the few named ones a text needs; others stay as written.
std::string entity(std::string_view e) {
  if (e.size() > 3 && e[1] == '#') {
    const bool hex = e[2] == 'x' || e[2] == 'X';
    const std::string digits(e.substr(hex ? 3 : 2, e.size() - (hex ? 4 : 3)));
    return utf8(std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10));
  }
  static const struct {
    const char* name;
    const char* text;
  } named[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", "\xC2\xA0"}};
  for (const auto& n : named)
    if (e == n.name) return n.text;
  return std::string(e);
}

int enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_BLOCK_H: {
      b.start(BlockKind::Heading);
      const int level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
      b.cur.level = level > 3 ? 3 : level;
      b.cur.number = level;  // the level as written, checked on leaving (its line is known then)
      break;
    }
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
      if (b.li_open > 0 && b.open) {  // a loose item's paragraphs are its text
        if (!b.cur.spans.empty()) b.cur.spans.back().text += ' ';
      } else {
        b.start(BlockKind::Paragraph);
      }
      break;
    case MD_BLOCK_UL:
      b.flush();
      b.lists.push_back({false, 1});
      break;
    case MD_BLOCK_OL:
      b.flush();
      b.lists.push_back({true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
      break;
    case MD_BLOCK_LI: {
      b.start(BlockKind::ListItem);
      ++b.li_open;
      if (!b.lists.empty()) {
        Builder::List& l = b.lists.back();
        b.cur.depth = static_cast<int>(b.lists.size()) - 1;
        b.cur.ordered = l.ordered;
        b.cur.number = l.ordered ? l.next++ : 0;
      }
      break;
    }
    case MD_BLOCK_TABLE:
      b.start(BlockKind::Table);
      b.in_table = true;
      break;
    case MD_BLOCK_THEAD:
      b.in_head = true;
      break;
    case MD_BLOCK_TBODY:
      b.in_head = false;
      break;
    case MD_BLOCK_TR:
      if (b.in_table) b.cur.rows.emplace_back();
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      if (b.in_table && !b.cur.rows.empty()) {
        b.cur.rows.back().emplace_back();
        if (b.cur.rows.size() == 1) {
          const MD_ALIGN a = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
          b.cur.align.push_back(a == MD_ALIGN_LEFT ? Align::Left : a == MD_ALIGN_CENTER ? Align::Center
                                : a == MD_ALIGN_RIGHT ? Align::Right : Align::Default);
        }
        b.in_cell = true;
      }
      break;
    default:  // the document, quotes, rules, HTML (off)
      break;
  }
  return 0;
}

int leave_block(MD_BLOCKTYPE type, void* detail, void* user) {
  (void)detail;
  Builder& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_BLOCK_H:
      if (b.open && b.cur.number > 3)
        b.problem(b.cur.line < 0 ? b.last_line : b.cur.line, "headings have at most three #", "use #, ## or ###");
      b.cur.number = 0;
      b.flush();
      break;
    case MD_BLOCK_P:
    case MD_BLOCK_CODE:
      if (b.li_open == 0) b.flush();
      break;
    case MD_BLOCK_LI:
      --b.li_open;
      b.flush();
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      b.flush();
      if (!b.lists.empty()) b.lists.pop_back();
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      b.in_cell = false;
      break;
    case MD_BLOCK_THEAD:
      b.cur.header_rows = static_cast<int>(b.cur.rows.size());
      b.in_head = false;
      break;
    case MD_BLOCK_TABLE:
      b.in_table = false;
      b.flush();
      break;
    default:
      break;
  }
  return 0;
}

int enter_span(MD_SPANTYPE type, void* detail, void* user) {
  (void)detail;
  Builder& b = *static_cast<Builder*>(user);
  if (type == MD_SPAN_EM) ++b.italic;
  if (type == MD_SPAN_STRONG) ++b.bold;
  if (type == MD_SPAN_CODE) ++b.code;
  return 0;  // links and images: their text only
}

int leave_span(MD_SPANTYPE type, void* detail, void* user) {
  (void)detail;
  Builder& b = *static_cast<Builder*>(user);
  if (type == MD_SPAN_EM) --b.italic;
  if (type == MD_SPAN_STRONG) --b.bold;
  if (type == MD_SPAN_CODE) --b.code;
  return 0;
}

int text(MD_TEXTTYPE type, const MD_CHAR* t, MD_SIZE size, void* user) {
  Builder& b = *static_cast<Builder*>(user);
  switch (type) {
    case MD_TEXT_NULLCHAR:
      b.add("\xEF\xBF\xBD", t);
      break;
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      b.add(" ", t);
      break;
    case MD_TEXT_ENTITY:
      b.add(entity(std::string_view(t, size)), t);
      break;
    case MD_TEXT_NORMAL:
      b.check_stars(t, size);
      b.add(std::string_view(t, size), t);
      break;
    default:  // code, HTML shown as text
      b.add(std::string_view(t, size), t);
      break;
  }
  return 0;
}

// A pipe table's dash row whose cells md4c 0.4.8 does not take: it needs at
// least three characters in each ("---", ":--", ":-:", "--:"), else the
// table is a paragraph of pipes.
void check_dash_rows(std::string_view text, std::vector<MarkdownProblem>* problems) {
  if (!problems) return;
  int line = 0;
  for (std::size_t at = 0; at <= text.size();) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(at, end - at);
    at = end + 1;
    ++line;
    if (l.find('|') == std::string_view::npos || l.find('-') == std::string_view::npos ||
        l.find_first_not_of("|-: \t\r") != std::string_view::npos)
      continue;
    std::size_t b = l.find_first_not_of(" \t");
    std::size_t e = l.find_last_not_of(" \t\r");
    std::string_view cells = l.substr(b, e - b + 1);
    if (!cells.empty() && cells.front() == '|') cells.remove_prefix(1);
    if (!cells.empty() && cells.back() == '|') cells.remove_suffix(1);
    bool short_cell = false;
    for (std::size_t c = 0; c <= cells.size();) {
      std::size_t bar = cells.find('|', c);
      if (bar == std::string_view::npos) bar = cells.size();
      std::string_view cell = cells.substr(c, bar - c);
      const std::size_t cb = cell.find_first_not_of(" \t"), ce = cell.find_last_not_of(" \t");
      if (cb == std::string_view::npos || ce - cb + 1 < 3) short_cell = true;
      c = bar + 1;
    }
    if (short_cell)
      problems->push_back({line, "a pipe table's dash row needs at least three characters in each cell",
                           "write --- (or :-- left, :-: centred, --: right) under each header cell"});
  }
}

}  // namespace

std::vector<Block> parse_markdown(std::string_view text_in, std::vector<MarkdownProblem>* problems) {
  Builder b;
  b.src = text_in;
  b.problems = problems;
  MD_PARSER parser;
  std::memset(&parser, 0, sizeof parser);
  parser.abi_version = 0;
  parser.flags = kFlags;
  parser.enter_block = enter_block;
  parser.leave_block = leave_block;
  parser.enter_span = enter_span;
  parser.leave_span = leave_span;
  parser.text = text;
  check_dash_rows(text_in, problems);
  if (md_parse(text_in.data(), static_cast<MD_SIZE>(text_in.size()), &parser, &b) != 0) return {};
  b.flush();
  return std::move(b.out);
}

}  // namespace ganstep::lessons
