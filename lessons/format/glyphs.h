// The characters the player can draw: the code-point ranges its font atlas
// holds. The player builds the atlas from this table; the lesson checker warns
// about a text character outside it (ImGui would draw it as "?", which a
// student reads as a typo). No UI code here.
#pragma once

#include <cstddef>
#include <string_view>

namespace ganstep::lessons {

struct GlyphRange {
  char32_t first, last;  // inclusive
};

// The ranges, in increasing order (Latin-1 and Latin Extended-A for
// Portuguese, Greek, super- and subscripts, arrows, mathematical operators,
// geometric shapes, check marks).
const GlyphRange* glyph_ranges(std::size_t* count);

// True when the atlas holds cp (newline and tab are layout, not glyphs).
bool has_glyph(char32_t cp);

// The first character of UTF-8 text `s` the atlas lacks: its byte offset
// (npos: none) and code point. Invalid bytes are not glyphs: they count as
// missing (U+FFFD).
std::size_t first_missing_glyph(std::string_view s, char32_t* cp);

}  // namespace ganstep::lessons
