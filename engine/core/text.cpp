#include "engine/core/text.h"

namespace ganstep {

std::size_t utf8_length(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

std::string quote_input(std::string_view s, std::size_t max_chars) {
  // Counts what is shown: a character is one, an escape its length (\n: 2,
  // \x01: 4), so the quoted text is at most max_chars characters long.
  // Control characters and bytes that are not well-formed UTF-8 are escaped.
  const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  std::size_t shown = 0, total = 0;
  bool cut = false;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c >= 0x80 ? utf8_length(s, i) : 1;
    std::string piece;
    if (c == '\n') piece = "\\n";
    else if (c == '\t') piece = "\\t";
    else if (c < 0x20 || c == 0x7F || n == 0) piece = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    else piece = std::string(s.substr(i, n));
    i += n == 0 ? 1 : n;
    ++total;
    if (cut) continue;
    const std::size_t width = n > 1 ? 1 : piece.size();
    if (shown + width > max_chars) {
      cut = true;
      continue;
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
