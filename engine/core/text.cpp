#include "engine/core/text.h"

namespace ganstep {

std::string quote_input(std::string_view s, std::size_t max_chars) {
  std::string out = "\"";
  std::size_t chars = 0, total = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++total;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const bool starts_char = (c & 0xC0) != 0x80;
    if (starts_char && chars == max_chars) break;
    if (starts_char) ++chars;
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7F) {
      const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (total <= chars) return out + '"';
  return out + "…\" (" + std::to_string(total) + " characters)";
}

bool has_utf8_bom(std::string_view s) { return s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0; }

std::string_view skip_utf8_bom(std::string_view s) { return has_utf8_bom(s) ? s.substr(3) : s; }

}  // namespace ganstep
