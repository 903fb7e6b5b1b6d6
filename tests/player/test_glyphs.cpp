// Every character the player can show is in the font atlas: the player's own
// strings and every text of every library lesson, in both languages. (A
// missing glyph draws as "?", which a student reads as a typo.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "lessons/format/glyphs.h"
#include "lessons/format/library.h"
#include "lessons/player/text.h"
#include "lessons/player/theme.h"

using namespace ganstep;

namespace {

// The first code point of s the atlas lacks, as "U+XXXX after '...'", or "".
std::string first_missing(const std::string& s) {
  char32_t cp = 0;
  const std::size_t i = lessons::first_missing_glyph(s, &cp);
  if (i == std::string::npos) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "U+%04X after '", static_cast<unsigned>(cp));
  return buf + s.substr(i >= 20 ? i - 20 : 0, i >= 20 ? 20 : i) + "'";
}

void check_text(const lessons::Text& t, const std::string& where) {
  INFO(where);
  CHECK(first_missing(t.en) == "");
  CHECK(first_missing(t.pt) == "");
}

}  // namespace

TEST_CASE("glyphs: the atlas holds exactly the ranges the lesson checker knows", "[player][glyphs]") {
  std::size_t n = 0;
  const lessons::GlyphRange* r = lessons::glyph_ranges(&n);
  const ImWchar* w = ui::glyph_ranges();
  std::size_t i = 0;
  for (; w[0] && i < n; w += 2, ++i) {
    CHECK(w[0] == r[i].first);
    CHECK(w[1] == r[i].last);
  }
  CHECK(i == n);
  CHECK(w[0] == 0);
  CHECK(lessons::has_glyph(U'ç'));
  CHECK(lessons::has_glyph(U'∇'));
  CHECK_FALSE(lessons::has_glyph(U'✨'));
  CHECK_FALSE(lessons::has_glyph(0x1F600));
}

TEST_CASE("glyphs: every player string is in the font atlas", "[player][glyphs]") {
  for (int i = 0; i < static_cast<int>(ui::S::Count); ++i)
    for (ui::Lang l : {ui::Lang::En, ui::Lang::Pt}) {
      INFO("string " << i);
      CHECK(first_missing(ui::tr(l, static_cast<ui::S>(i))) == "");
    }
}

TEST_CASE("glyphs: every text of every library lesson is in the font atlas", "[player][glyphs]") {
  for (const auto& lesson : lessons::library_lessons()) {
    check_text(lesson.title, lesson.id + " title");
    check_text(lesson.summary, lesson.id + " summary");
    for (std::size_t b = 0; b < lesson.beats.size(); ++b) {
      const auto& beat = lesson.beats[b];
      const std::string at = lesson.id + " beat " + std::to_string(b + 1);
      check_text(beat.text, at);
      if (!beat.question) continue;
      check_text(beat.question->prompt, at + " prompt");
      check_text(beat.question->feedback, at + " feedback");
      for (const auto& c : beat.question->choices) check_text(c, at + " choice");
    }
  }
}

// Bold is a word drawn twice; ImGui starts text at the floor of its x, so the
// second copy must land at least a whole pixel to the right wherever the word
// starts (a 0.9 px offset from x = 10.05 drew both copies from pixel 10, and
// only some words of a heading looked bold).
TEST_CASE("glyphs: a bold word's second copy is a whole pixel over, wherever the word starts", "[glyphs]") {
  for (const float dpi : {1.0f, 1.5f, 2.0f}) {
    for (int i = 0; i < 100; ++i) {
      const float x = 10.0f + i * 0.01f;
      const ImVec2 twin = ui::bold_twin(ImVec2(x, 5.0f), dpi);
      INFO("x " << x << " dpi " << dpi);
      CHECK(std::floor(twin.x) - std::floor(x) >= std::max(1.0f, std::round(dpi)));
      CHECK(twin.x - x <= std::round(dpi) + 1.0f);  // still one glyph, not two
      CHECK(twin.y == 5.0f);
    }
  }
}
