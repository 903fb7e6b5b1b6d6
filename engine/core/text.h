// Text helpers shared by every parser and message.
//   quote_input(s)    s in double quotes for a message, at most kMaxEchoChars
//                     characters of it (cut on a UTF-8 character boundary,
//                     then "…" and the full length), control characters shown
//                     as \n, \t, \xHH. Every message that echoes user input
//                     (settings, lesson values, data specs, CSV rows, links)
//                     goes through it, so a 100 KB value gives a short line:
//                       quote_input("abc")            -> "abc"
//                       quote_input(string(100000,'a')) -> "aaa…a…" (100000 characters)
//   utf8_length(s, i) the byte length of the UTF-8 character at s[i].
//   skip_utf8_bom(s)  s without a leading UTF-8 byte-order mark (EF BB BF),
//                     as spreadsheet programs and Windows editors write it.
//   did_you_mean(w, names) the name closest to a mistyped word, for the
//                     "did you mean" hint of every unknown-name message.
//   shortest_text(v, as_float, min_precision) the shortest "%.Ng" text of v,
//                     N from min_precision up to 17, that reads back as the
//                     same float (as_float) or double: settings, messages and
//                     lesson files write 0.001, not 0.00100000005.
//                       shortest_text(0.1, false)          -> "0.1"
//                       shortest_text(0.1f, false)         -> "0.10000000149011612"
//                       shortest_text(100000, false)       -> "1e+05"
//                       shortest_text(100000, false, 15)   -> "100000"
//   number_text(v, style, digits, comma) the one formatter of numbers shown to
//                     students (narration, panels): 'f' digits decimals, 'g'
//                     digits significant digits (never an exponent below
//                     1e15, trailing zeros dropped), '%' v × 100 with digits
//                     decimals and "%"; comma: ',' is the decimal separator (pt).
//                       number_text(0.0812, 'g', 3, true) -> "0,0812"
//                       number_text(0.5, 'f', 2, false)   -> "0.50"
//                       number_text(0.262, '%', 0, true)  -> "26%"
//   decimal_comma(s)  s with every '.' between two digits made ',' (a printf-
//                     formatted line of numbers, shown in Portuguese).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ganstep {

constexpr std::size_t kMaxEchoChars = 80;

std::string quote_input(std::string_view s, std::size_t max_chars = kMaxEchoChars);

// The length in bytes of the well-formed UTF-8 character of 2 to 4 bytes that
// starts at s[i], or 0 (ASCII, a stray or cut byte, an invalid sequence).
std::size_t utf8_length(std::string_view s, std::size_t i);

// True when s starts with a UTF-8 byte-order mark.
bool has_utf8_bom(std::string_view s);
std::string_view skip_utf8_bom(std::string_view s);

// The closest name in candidates by edit distance, or "" when none is close.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// min_precision is clamped to 1..17; nan and inf give "nan", "inf", "-inf".
std::string shortest_text(double v, bool as_float, int min_precision = 1);

// digits: 0..9 decimals ('f', '%'), 1..9 significant digits ('g'); clamped.
// nan gives "—", infinities "∞" and "−∞".
std::string number_text(double v, char style, int digits, bool comma);
std::string decimal_comma(std::string s);

}  // namespace ganstep
