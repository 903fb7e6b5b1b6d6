// Share links: round trips, and hostile links that may only give problems.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "lessons/format/library.h"
#include "lessons/format/share.h"

using namespace ganstep::lessons;

namespace {

std::string deflate_raw(const std::string& in) {
  z_stream s;
  std::memset(&s, 0, sizeof s);
  deflateInit2(&s, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&s, static_cast<uLong>(in.size())) + 16, '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  s.next_out = reinterpret_cast<Bytef*>(&out[0]);
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

std::string link_of_text(const std::string& toml) { return "#lesson=1." + base64url_encode(deflate_raw(toml)); }

const std::string H =
    "format = 1\n[meta]\nid = \"t\"\ntitle.en = \"T\"\ntitle.pt = \"T\"\nsummary.en = \"S\"\nsummary.pt = \"S\"\n";

bool has(const LoadResult& r, const std::string& fragment) {
  for (const auto& p : r.problems)
    if (p.message.find(fragment) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("base64url round trip", "[share]") {
  std::mt19937 rng(3);
  for (int n = 0; n < 70; ++n) {
    std::string bytes(static_cast<std::size_t>(n), '\0');
    for (auto& b : bytes) b = static_cast<char>(rng() & 0xFF);
    std::string text = base64url_encode(bytes), back;
    CHECK(text.find_first_of("+/=") == std::string::npos);
    REQUIRE(base64url_decode(text, back));
    CHECK(back == bytes);
  }
  std::string out;
  CHECK_FALSE(base64url_decode("abc$", out));
  CHECK_FALSE(base64url_decode("a", out));
}

TEST_CASE("every library lesson survives a share link", "[share]") {
  for (const auto& l : library_lessons()) {
    INFO(l.id);
    std::string error;
    const std::string fragment = make_share_fragment(l, &error);
    REQUIRE(error.empty());
    CHECK(fragment.rfind("#lesson=2.", 0) == 0);
    CHECK(fragment.size() < 8000);
    for (const std::string& form : {fragment, fragment.substr(1), fragment.substr(8),
                                    "https://example.org/ganstep/index.html?lang=pt" + fragment}) {
      LoadResult r = parse_share_link(form);
      for (const auto& p : r.problems) FAIL_CHECK(format_problem("<link>", p));
      REQUIRE(r.ok());
      CHECK(save_lesson(r.lesson) == save_lesson(l));
    }
  }
}

TEST_CASE("a small custom lesson gives a short link", "[share]") {
  LoadResult r = parse_lesson(H + "[training]\nk = 3\n[[beat]]\ntrigger = \"load\"\ntext.en = \"Hi\"\ntext.pt = \"Oi\"\n");
  REQUIRE(r.ok());
  const std::string f = make_share_fragment(r.lesson);
  CHECK(f.size() < 250);
  LoadResult back = parse_share_link(f);
  REQUIRE(back.ok());
  CHECK(back.lesson.config.k == 3);
  CHECK(back.lesson.beats.size() == 1);
}

TEST_CASE("hostile links only give problems", "[share]") {
  SECTION("not a link") {
    CHECK(has(parse_share_link(""), "no lesson"));
    CHECK(has(parse_share_link("#lesson="), "no lesson"));
    CHECK(has(parse_share_link("#lesson=3.abc"), "not a ganstep lesson link"));
    CHECK(has(parse_share_link("#lesson=2.abc"), "truncated"));
    CHECK(has(parse_share_link("#lesson=1.ab$d"), "not base64url"));
    CHECK(has(parse_share_link(std::string(200000, 'A')), "too long"));
  }
  SECTION("random bytes") {
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; ++i) {
      std::string bytes(static_cast<std::size_t>(rng() % 300), '\0');
      for (auto& b : bytes) b = static_cast<char>(rng() & 0xFF);
      LoadResult r = parse_share_link("1." + base64url_encode(bytes));
      CHECK_FALSE(r.ok());
      LoadResult raw = parse_share_link(bytes);
      CHECK_FALSE(raw.ok());
    }
  }
  SECTION("truncated and corrupted") {
    const std::string good = make_share_payload(library_lessons().front());
    REQUIRE_FALSE(good.empty());
    for (std::size_t cut = 2; cut < good.size(); cut += 7) {
      LoadResult r = parse_share_link(good.substr(0, cut));
      CHECK_FALSE(r.ok());
    }
    std::mt19937 rng(11);
    for (int i = 0; i < 300; ++i) {
      std::string bad = good;
      const std::size_t at = 2 + rng() % (bad.size() - 2);
      bad[at] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[rng() % 64];
      (void)parse_share_link(bad);  // may even decode to a valid lesson: it must just not crash
    }
  }
  SECTION("a decompression bomb stops at the cap") {
    const std::string bomb = link_of_text(H + "# " + std::string(30u * 1024 * 1024, ' ') + "\n");
    CHECK(bomb.size() < kMaxLinkChars);
    LoadResult r = parse_share_link(bomb);
    CHECK(has(r, "decompresses to more than 262144 bytes"));
  }
  SECTION("trailing data after the stream") {
    CHECK(has(parse_share_link("1." + base64url_encode(deflate_raw(H) + "junk")), "extra data"));
  }
  SECTION("a link cannot read files") {
    LoadResult r = parse_share_link(link_of_text(H + "[data]\nset = \"csv:/etc/passwd\"\n"));
    CHECK(has(r, "not allowed"));
    LoadResult s = parse_share_link(link_of_text(H + "[[beat]]\ntrigger = \"load\"\ntext.en = \"a\"\ntext.pt = \"a\"\n"
                                                     "set = { data = \"csv:/etc/passwd\" }\nreset = true\n"));
    CHECK(has(s, "not allowed"));
  }
  SECTION("a valid link to an invalid lesson gives positions in its text") {
    LoadResult r = parse_share_link(link_of_text(H + "[training]\nk = 500\n"));
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].line == 9);
    std::string error;
    CHECK(decode_share_link(link_of_text(H), error) == H);
  }
  SECTION("huge networks in a link are refused before anything is built") {
    LoadResult r = parse_share_link(link_of_text(H + "[generator]\nhidden = \"4096:relu,4096:relu\"\n"
                                                     "[discriminator]\nhidden = \"4096:relu,4096:relu\"\n"));
    CHECK(has(r, "gives G and D"));
    LoadResult b = parse_share_link(link_of_text(H + "[training]\nbatch = 65536\n[generator]\nhidden = \"1024:relu\"\n"));
    CHECK(has(b, "batch 65536 needs about"));
    CHECK(has(b, "the limit is 2 GB in the page"));
  }
}

TEST_CASE("every single-bit change of a link is refused", "[share]") {
  // All 8 bits of every character of a real link (the payload after
  // "#lesson="): the CRC-32 catches every change of the DEFLATE data and of
  // the checksum itself, the base64url decoder every change of the unused
  // bits of the last character, the prefix check every change of "2.".
  const std::string fragment = make_share_fragment(library_lessons().front());
  REQUIRE(fragment.rfind("#lesson=2.", 0) == 0);
  const std::size_t start = std::string("#lesson=").size();
  int decoded = 0, tried = 0;
  for (std::size_t i = start; i < fragment.size(); ++i)
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = fragment;
      bad[i] = static_cast<char>(bad[i] ^ (1 << bit));
      ++tried;
      if (parse_share_link(bad).ok()) {
        ++decoded;
        FAIL_CHECK("a flip of bit " << bit << " of character " << i << " still decodes");
      }
    }
  CHECK(tried == 8 * static_cast<int>(fragment.size() - start));
  CHECK(decoded == 0);
}

TEST_CASE("a version 1 link (no checksum) is still read", "[share]") {
  // tests/lessons/link-v1.txt was written by `ganstep share` before links
  // carried a CRC-32; it holds this lesson.
  const std::string text = H + "[training]\nk = 2\nlr_d = 0.05\n[[beat]]\ntrigger = \"load\"\n"
                               "text.en = \"Version 1 link\"\ntext.pt = \"Link da versão 1\"\n";
  std::ifstream in(std::string(GANSTEP_LESSON_TEST_DIR) + "/link-v1.txt", std::ios::binary);
  std::stringstream link;
  link << in.rdbuf();
  REQUIRE(link.str().rfind("#lesson=1.", 0) == 0);
  LoadResult r = parse_share_link(link.str());
  for (const auto& p : r.problems) FAIL_CHECK(format_problem("<link>", p));
  REQUIRE(r.ok());
  LoadResult want = parse_lesson(text);
  REQUIRE(want.ok());
  CHECK(save_lesson(r.lesson) == save_lesson(want.lesson));
  // the same lesson shared today: version 2, and it reads back the same
  const std::string today = make_share_fragment(r.lesson);
  CHECK(today.rfind("#lesson=2.", 0) == 0);
  CHECK(save_lesson(parse_share_link(today).lesson) == save_lesson(want.lesson));
}

TEST_CASE("a link's messages suggest only what links allow", "[share]") {
  LoadResult r = parse_share_link(link_of_text(H + "[data]\nimages = \"idx:/tmp/x\"\n"));
  REQUIRE_FALSE(r.ok());
  bool found = false;
  for (const auto& p : r.problems) {
    if (p.message.find("not allowed") == std::string::npos) continue;
    found = true;
    for (const auto& h : p.hints) CHECK(h.find("idx:") == std::string::npos);
  }
  CHECK(found);
  // a file may use idx:
  LoadResult f = parse_lesson(H + "[data]\nimages = \"nosuch\"\n");
  REQUIRE_FALSE(f.ok());
  CHECK(format_problem("f", f.problems[0]).find("idx:FOLDER") != std::string::npos);
}

