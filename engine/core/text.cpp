#include "engine/core/text.h"

namespace ganstep {

std::string quote_input(std::string_view s, std::size_t max_chars) {
  // Counts what is shown: a character is one, an escape its length (\n: 2,
  // \x01: 4), so the quoted text is at most max_chars characters long.
  std::string out = "\"";
  std::size_t shown = 0, total = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++total;
  bool cut = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) {  // a continuation byte: part of the character already counted
      out += static_cast<char>(c);
      continue;
    }
    std::string piece;
    if (c == '\n') piece = "\\n";
    else if (c == '\t') piece = "\\t";
    else if (c < 0x20 || c == 0x7F) {
      const char hex[] = "0123456789abcdef";
      piece = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    } else {
      piece = std::string(1, static_cast<char>(c));
    }
    const std::size_t width = piece.size() > 1 ? piece.size() : 1;
    if (shown + width > max_chars) {
      cut = true;
      break;
    }
    shown += width;
    out += piece;
  }
  if (!cut) return out + '"';
  return out + "…\" (" + std::to_string(total) + " characters)";
}

bool has_utf8_bom(std::string_view s) { return s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0; }

std::string_view skip_utf8_bom(std::string_view s) { return has_utf8_bom(s) ? s.substr(3) : s; }

}  // namespace ganstep
