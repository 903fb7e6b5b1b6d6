#include "lessons/format/share.h"

#include <zlib.h>

#include <cstring>

#include "engine/core/text.h"
#include "engine/io/crc32.h"

namespace ganstep::lessons {
namespace {

const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const char kPrefix[] = "2.";    // written: DEFLATE data + its CRC-32
const char kPrefixV1[] = "1.";  // still read: DEFLATE data only

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

bool deflate_raw(std::string_view in, std::string& out) {
  z_stream s;
  std::memset(&s, 0, sizeof s);
  if (deflateInit2(&s, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out.resize(deflateBound(&s, static_cast<uLong>(in.size())) + 16);
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(&out[0]);
  s.avail_out = static_cast<uInt>(out.size());
  const int r = deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return r == Z_STREAM_END;
}

// Inflates at most `cap` bytes; false with error set on bad data or a larger output.
bool inflate_raw(std::string_view in, std::size_t cap, std::string& out, std::string& error) {
  z_stream s;
  std::memset(&s, 0, sizeof s);
  if (inflateInit2(&s, -15) != Z_OK) {
    error = "cannot start decompression";
    return false;
  }
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  out.clear();
  char buf[16384];
  int r = Z_OK;
  while (r != Z_STREAM_END) {
    s.next_out = reinterpret_cast<Bytef*>(buf);
    s.avail_out = sizeof buf;
    r = inflate(&s, Z_NO_FLUSH);
    if (r != Z_OK && r != Z_STREAM_END) {
      error = r == Z_BUF_ERROR ? "the link is truncated (its compressed data ends early)"
                               : "the link's compressed data is corrupt";
      inflateEnd(&s);
      return false;
    }
    const std::size_t got = sizeof buf - s.avail_out;
    if (out.size() + got > cap) {
      error = "the link decompresses to more than " + std::to_string(cap) + " bytes";
      inflateEnd(&s);
      return false;
    }
    out.append(buf, got);
    if (r == Z_OK && got == 0 && s.avail_in == 0) {
      error = "the link is truncated (its compressed data ends early)";
      inflateEnd(&s);
      return false;
    }
  }
  const bool trailing = s.avail_in != 0;
  inflateEnd(&s);
  if (trailing) {
    error = "the link has extra data after its compressed lesson";
    return false;
  }
  return true;
}

std::string_view payload_of(std::string_view link) {
  const std::size_t hash = link.find('#');
  if (hash != std::string_view::npos) link.remove_prefix(hash + 1);
  const std::size_t key = link.find("lesson=");
  if (key != std::string_view::npos) link.remove_prefix(key + 7);
  const std::size_t amp = link.find('&');
  if (amp != std::string_view::npos) link = link.substr(0, amp);
  while (!link.empty() && (link.back() == '\n' || link.back() == '\r' || link.back() == ' ')) link.remove_suffix(1);
  while (!link.empty() && (link.front() == ' ')) link.remove_prefix(1);
  return link;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

bool base64url_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 == 1) return false;
  unsigned acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = b64_value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  // The encoder leaves the unused low bits of the last character zero: any
  // other value is a damaged link (it would decode to the same bytes).
  return (acc & ((1u << bits) - 1)) == 0;
}

std::string share_envelope(std::string_view deflated) {
  std::string bytes(deflated);
  const std::uint32_t crc = ganstep::crc32_update(0, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((crc >> (8 * i)) & 0xFF);
  return kPrefix + base64url_encode(bytes);
}

std::string make_share_payload(const Lesson& lesson, std::string* error) {
  const std::string text = save_lesson(lesson, true);
  std::string z;
  if (!deflate_raw(text, z)) {
    if (error) *error = "compression failed";
    return "";
  }
  std::string payload = share_envelope(z);
  if (payload.size() > kMaxLinkChars) {
    if (error) *error = "the lesson is too large to share as a link (" + std::to_string(payload.size()) +
                        " characters; at most " + std::to_string(kMaxLinkChars) + ")";
    return "";
  }
  return payload;
}

std::string make_share_fragment(const Lesson& lesson, std::string* error) {
  std::string p = make_share_payload(lesson, error);
  return p.empty() ? "" : "#lesson=" + p;
}

std::string decode_share_link(std::string_view link, std::string& error) {
  if (link.size() > kMaxLinkChars + 4096) {
    error = "the link is too long (" + std::to_string(link.size()) + " characters; at most " +
            std::to_string(kMaxLinkChars) + ")";
    return "";
  }
  std::string_view p = payload_of(link);
  if (p.empty()) {
    error = "the link holds no lesson (expected #lesson=2.…)";
    return "";
  }
  const bool v1 = p.substr(0, 2) == kPrefixV1;
  if (!v1 && p.substr(0, 2) != kPrefix) {
    error = "the link is not a ganstep lesson link (it should start with \"2.\" or \"1.\" after #lesson=, got " +
            quote_input(p.substr(0, 2)) + ")";
    return "";
  }
  p.remove_prefix(2);
  std::string z;
  if (!base64url_decode(p, z)) {
    error = "the link is damaged (not base64url text)";
    return "";
  }
  if (!v1) {
    // The last 4 bytes: the CRC-32 of the DEFLATE data before them (little-endian).
    if (z.size() < 4) {
      error = "the link is truncated (it is too short to hold a lesson)";
      return "";
    }
    std::uint32_t stored = 0;
    for (int i = 0; i < 4; ++i) stored |= std::uint32_t(static_cast<unsigned char>(z[z.size() - 4 + i])) << (8 * i);
    z.resize(z.size() - 4);
    if (ganstep::crc32_update(0, reinterpret_cast<const std::uint8_t*>(z.data()), z.size()) != stored) {
      error = "the link is damaged (its checksum does not match: a character was changed, added or lost "
              "when it was copied)";
      return "";
    }
  }
  std::string text;
  if (!inflate_raw(z, kMaxLessonBytes, text, error)) return "";
  return text;
}

LoadResult parse_share_link(std::string_view link) {
  std::string error;
  std::string text = decode_share_link(link, error);
  if (text.empty()) {
    LoadResult r;
    r.problems.push_back(Problem{1, 1, error.empty() ? "the link holds an empty lesson" : error, {}});
    return r;
  }
  ParseOptions o;
  o.allow_files = false;
  return parse_lesson(text, o);
}

}  // namespace ganstep::lessons
