// Colours (Okabe–Ito, colour-blind safe), the ImGui style and the fonts.
#pragma once

#include <string>

#include "imgui.h"

namespace ganstep::ui {

// Okabe & Ito (2008). Real data is blue, generated (fake) data vermillion/orange.
namespace col {
constexpr ImU32 kBlue = IM_COL32(0x00, 0x72, 0xB2, 0xFF);        // real, p_data
constexpr ImU32 kSky = IM_COL32(0x56, 0xB4, 0xE9, 0xFF);
constexpr ImU32 kVermillion = IM_COL32(0xD5, 0x5E, 0x00, 0xFF);  // fake, p_g, G
constexpr ImU32 kOrange = IM_COL32(0xE6, 0x9F, 0x00, 0xFF);
constexpr ImU32 kGreen = IM_COL32(0x00, 0x9E, 0x73, 0xFF);       // D(x)
constexpr ImU32 kYellow = IM_COL32(0xF0, 0xE4, 0x42, 0xFF);      // highlight
constexpr ImU32 kPurple = IM_COL32(0xCC, 0x79, 0xA7, 0xFF);      // JS divergence
constexpr ImU32 kBlack = IM_COL32(0x20, 0x20, 0x20, 0xFF);       // D*(x), reference lines
constexpr ImU32 kGrey = IM_COL32(0x80, 0x80, 0x88, 0xFF);
constexpr ImU32 kError = IM_COL32(0xB0, 0x20, 0x20, 0xFF);
constexpr ImU32 kOk = IM_COL32(0x00, 0x7A, 0x58, 0xFF);

constexpr ImU32 kBrown = IM_COL32(0x8C, 0x51, 0x0A, 0xFF);        // a compared GAN run

constexpr ImU32 kReal = kBlue;
constexpr ImU32 kFake = kVermillion;
constexpr ImU32 kD = kGreen;

// The one word for each colour a text may name, per language: the help and
// the lessons call the plots' colours by these words and no others (fakes are
// "orange", never "vermillion"). kOrange, a lighter orange, only tints D's
// map on the "fake" side and marks highlights, so texts never name it apart.
struct Name {
  ImU32 colour;
  const char* en;
  const char* pt;
};
constexpr Name kNames[] = {{kBlue, "blue", "azul"},     {kSky, "light blue", "azul-claro"},
                           {kVermillion, "orange", "laranja"}, {kGreen, "green", "verde"},
                           {kPurple, "purple", "roxo"}, {kBlack, "black", "preto"},
                           {kGrey, "grey", "cinza"},    {kYellow, "yellow", "amarelo"},
                           {kBrown, "brown", "marrom"}};

// The colours of compared runs, in run order (the main run first), each named
// through kNames. A [game] lesson's runs: the main run blue. A point GAN
// lesson's ([training] compare): the main run keeps the fakes' orange, and
// blue and green stay for real data and D.
constexpr ImU32 kGameRuns[] = {kBlue, kVermillion, kGreen, kPurple, kSky, kOrange};
constexpr ImU32 kGanRuns[] = {kVermillion, kPurple, kBrown, kBlack};
inline const char* colour_name(ImU32 c, bool pt) {
  for (const Name& n : kNames)
    if (n.colour == c) return pt ? n.pt : n.en;
  return "";
}
}  // namespace col

ImU32 with_alpha(ImU32 c, float alpha);
ImVec4 to_vec4(ImU32 c);
// D's decision map: D = 0 (says fake) orange, 1/2 white, 1 (says real) blue,
// pastel so samples drawn on top stay visible.
ImU32 dmap_colour(float d);

struct Fonts {
  ImFont* body = nullptr;   // 15 px x dpi
  ImFont* small = nullptr;  // 12.5 px x dpi: ticks, legends, tables
  ImFont* title = nullptr;  // 17 px x dpi
  bool from_file = false;   // false: ImGui's default font (ASCII only)
};

// The glyph ranges the player's font atlas holds, as ImGui takes them: the
// table of lessons/format/glyphs.h (which the lesson checker also reads).
const ImWchar* glyph_ranges();

// The light theme at dpi_scale, and the fonts from font_path (empty or missing:
// ImGui's default font; `warning` says so).
Fonts apply_theme(float dpi_scale, const std::string& font_path, std::string& warning);
// Where a bold word's second copy goes: ImGui draws text from the floor of
// its x, so a copy a fraction of a pixel to the right often lands on the same
// pixels and the word looks regular (words of one heading came out bold or
// not by where they started). The twin is always at least one whole pixel
// (dpi pixels) to the right.
ImVec2 bold_twin(ImVec2 at, float dpi_scale);

// Narrow (touch) screens: controls at least 40 px tall, wider scrollbars and
// grabs; off: apply_theme's sizes again.
void apply_touch_style(float dpi_scale, bool touch);

}  // namespace ganstep::ui
