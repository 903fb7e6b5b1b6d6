#include "lessons/format/glyphs.h"

namespace ganstep::lessons {
namespace {

constexpr GlyphRange kRanges[] = {
    {0x0020, 0x00FF},  // Basic Latin, Latin-1 Supplement (á ç ã õ é ê í ó ú ± · ×)
    {0x0100, 0x017F},  // Latin Extended-A
    {0x0370, 0x03FF},  // Greek (θ σ μ ∇'s friends)
    {0x1D2C, 0x1D6A},  // modifier letters: superscript and subscript letters (ᵐ ᵢ)
    {0x1D9B, 0x1DBF},  // modifier small letters (superscripts)
    {0x2000, 0x206F},  // general punctuation (– — … ‖ •)
    {0x2070, 0x209F},  // superscripts and subscripts (⁽ⁱ⁾ ₁ ₂)
    {0x2100, 0x218F},  // letterlike symbols, number forms (⅛ ½ Ⅰ)
    {0x2190, 0x21FF},  // arrows
    {0x2200, 0x22FF},  // mathematical operators (∇ ∑ ≈ ≤ ≥ − ∈ ∞ ·)
    {0x25A0, 0x25FF},  // geometric shapes (▶ ◀ ■ ●)
    {0x2713, 0x2718},  // check marks and crosses (✓ ✔ ✗ ✘); the rest of the dingbats
    {0x275A, 0x275A},  // (❚) stays out: 24 KB of the page's first 1 MB (gzipped)
    {0x27F0, 0x27FF},  // supplemental arrows (⟲)
};

// One UTF-8 character at s[i]: its code point (U+FFFD for invalid bytes) and length.
char32_t decode(std::string_view s, std::size_t i, std::size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > s.size()) {
    *len = 1;
    return 0xFFFD;
  }
  char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
  for (std::size_t k = 1; k < n; ++k) {
    const unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *len = n;
  return cp;
}

}  // namespace

const GlyphRange* glyph_ranges(std::size_t* count) {
  *count = sizeof kRanges / sizeof kRanges[0];
  return kRanges;
}

bool has_glyph(char32_t cp) {
  if (cp == '\n' || cp == '\t' || cp == '\r') return true;
  for (const GlyphRange& r : kRanges)
    if (cp >= r.first && cp <= r.last) return true;
  return false;
}

std::size_t first_missing_glyph(std::string_view s, char32_t* cp) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    const char32_t c = decode(s, i, &len);
    if (!has_glyph(c)) {
      *cp = c;
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace ganstep::lessons
