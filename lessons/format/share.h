// Share links: a (small, custom) lesson as a compact string for a URL fragment.
//
//   link payload = "2." + base64url(Z + CRC-32(Z) as 4 bytes, little-endian)
//                  where Z = raw DEFLATE(save_lesson(lesson, compact = true))
//   fragment     = "#lesson=" + payload
//
// Version 1 links ("1." + base64url(Z), no checksum) are still read. The
// CRC-32 refuses every single-bit change of a version 2 payload (base64url
// characters must also leave their unused low bits zero).
//
// Reading a link goes through the same parser and validator as a file (with
// csv: data sets refused), after capping every size: the link text
// (kMaxLinkChars), the decompressed TOML (kMaxLessonBytes, checked while
// inflating, so a zip bomb stops early). A hostile link can only give Problems.
#pragma once

#include <string>
#include <string_view>

#include "lessons/format/lesson.h"

namespace ganstep::lessons {

constexpr std::size_t kMaxLinkChars = 64 * 1024;

// The payload ("2.…"); "" and an error when the lesson is too large to share.
std::string make_share_payload(const Lesson& lesson, std::string* error = nullptr);
// "#lesson=" + payload.
std::string make_share_fragment(const Lesson& lesson, std::string* error = nullptr);

// Accepts a whole URL ("https://…/index.html#lesson=2.…"), a fragment
// ("#lesson=2.…"), "lesson=2.…" or the bare payload (version 2 or 1). Problems about the link
// itself are at line 1, column 1; problems in the lesson are at positions in
// its decompressed TOML text (see decode_share_link to print it).
LoadResult parse_share_link(std::string_view link);
// The decompressed TOML of a link, or "" with error set.
std::string decode_share_link(std::string_view link, std::string& error);

// Base64url without padding (RFC 4648 §5), exposed for tests. Decoding
// refuses non-zero unused bits in the last character.
std::string base64url_encode(std::string_view bytes);
bool base64url_decode(std::string_view text, std::string& out);
// "2." + base64url(deflated + its CRC-32): the version 2 payload of raw
// DEFLATE data (make_share_payload's last step; for tests and the fuzzer).
std::string share_envelope(std::string_view deflated);

}  // namespace ganstep::lessons
