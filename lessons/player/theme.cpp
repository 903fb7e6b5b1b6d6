#include "lessons/player/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "lessons/format/glyphs.h"

namespace ganstep::ui {

const ImWchar* glyph_ranges() {
  // The atlas holds lessons/format's table (the checker warns about the rest).
  static const std::vector<ImWchar> ranges = [] {
    std::size_t n = 0;
    const lessons::GlyphRange* r = lessons::glyph_ranges(&n);
    std::vector<ImWchar> v;
    for (std::size_t i = 0; i < n; ++i) {
      v.push_back(static_cast<ImWchar>(r[i].first));
      v.push_back(static_cast<ImWchar>(r[i].last));
    }
    v.push_back(0);
    return v;
  }();
  return ranges.data();
}

ImU32 with_alpha(ImU32 c, float alpha) {
  const ImU32 a = static_cast<ImU32>(std::clamp(alpha, 0.0f, 1.0f) * 255.0f + 0.5f);
  return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImVec4 to_vec4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

ImU32 dmap_colour(float d) {
  if (!(d == d)) return IM_COL32(0xDD, 0xDD, 0xDD, 0xFF);
  d = std::clamp(d, 0.0f, 1.0f);
  // white -> a pastel of the class colour: orange (#E69F00) below 1/2, blue (#0072B2) above.
  const float t = std::min(1.0f, std::abs(d - 0.5f) * 2.0f) * 0.62f;
  const float r = d < 0.5f ? 0xE6 : 0x00, g = d < 0.5f ? 0x9F : 0x72, b = d < 0.5f ? 0x00 : 0xB2;
  auto mix = [t](float c) { return static_cast<int>(255.0f + (c - 255.0f) * t + 0.5f); };
  return IM_COL32(mix(r), mix(g), mix(b), 0xFF);
}

Fonts apply_theme(float dpi_scale, const std::string& font_path, std::string& warning) {
  if (!(dpi_scale > 0.25f)) dpi_scale = 1.0f;
  ImGuiStyle& style = ImGui::GetStyle();
  style = ImGuiStyle();
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 3.0f;
  style.FrameRounding = 3.0f;
  style.GrabRounding = 3.0f;
  style.TabRounding = 3.0f;
  style.ScrollbarRounding = 4.0f;
  style.WindowBorderSize = 1.0f;
  style.FrameBorderSize = 1.0f;
  style.WindowPadding = ImVec2(8, 6);
  style.FramePadding = ImVec2(6, 3);
  style.ItemSpacing = ImVec2(7, 5);
  style.ItemInnerSpacing = ImVec2(5, 4);
  style.CellPadding = ImVec2(5, 2);
  style.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  ImVec4* c = style.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.965f, 0.965f, 0.972f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.86f, 0.87f, 0.90f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.80f, 0.84f, 0.90f, 1.0f);
  c[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.18f);
  c[ImGuiCol_Button] = ImVec4(0.0f, 0.447f, 0.698f, 0.14f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.0f, 0.447f, 0.698f, 0.32f);
  c[ImGuiCol_ButtonActive] = ImVec4(0.0f, 0.447f, 0.698f, 0.50f);
  c[ImGuiCol_Header] = ImVec4(0.0f, 0.447f, 0.698f, 0.16f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.0f, 0.447f, 0.698f, 0.30f);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.0f, 0.0f, 0.0f, 0.035f);
  c[ImGuiCol_PlotLines] = to_vec4(col::kBlue);
  style.ScaleAllSizes(dpi_scale);

  Fonts f;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  std::FILE* probe = font_path.empty() ? nullptr : std::fopen(font_path.c_str(), "rb");
  if (probe) {
    std::fclose(probe);
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    f.body = io.Fonts->AddFontFromFileTTF(font_path.c_str(), 15.0f * dpi_scale, &cfg, glyph_ranges());
    f.small = io.Fonts->AddFontFromFileTTF(font_path.c_str(), 12.5f * dpi_scale, &cfg, glyph_ranges());
    f.title = io.Fonts->AddFontFromFileTTF(font_path.c_str(), 17.0f * dpi_scale, &cfg, glyph_ranges());
    f.from_file = f.body && f.small && f.title;
  }
  if (!f.from_file) {
    warning = font_path.empty() ? "no font given: using ImGui's default font (ASCII only)"
                                : "cannot read the font " + font_path + ": using ImGui's default font (ASCII only)";
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.SizePixels = 13.0f * dpi_scale;
    f.body = io.Fonts->AddFontDefault(&cfg);
    f.small = f.body;
    f.title = f.body;
  }
  io.FontDefault = f.body;
  return f;
}

ImVec2 bold_twin(ImVec2 at, float dpi_scale) {
  return ImVec2(std::floor(at.x) + std::max(1.0f, std::round(dpi_scale)), at.y);
}

void apply_touch_style(float dpi_scale, bool touch) {
  if (!(dpi_scale > 0.25f)) dpi_scale = 1.0f;
  ImGuiStyle& style = ImGui::GetStyle();
  const float font = ImGui::GetIO().FontDefault ? ImGui::GetIO().FontDefault->FontSize : 13.0f * dpi_scale;
  if (touch) {  // every button, field and box at least 40 px tall
    style.FramePadding = ImVec2(10.0f * dpi_scale, std::max(3.0f * dpi_scale, std::ceil((40.0f * dpi_scale - font) * 0.5f)));
    style.ScrollbarSize = 22.0f * dpi_scale;
    style.GrabMinSize = 30.0f * dpi_scale;
    style.TouchExtraPadding = ImVec2(4.0f * dpi_scale, 4.0f * dpi_scale);
  } else {
    const ImGuiStyle plain;
    style.FramePadding = ImVec2(6.0f * dpi_scale, 3.0f * dpi_scale);
    style.ScrollbarSize = plain.ScrollbarSize * dpi_scale;
    style.GrabMinSize = plain.GrabMinSize * dpi_scale;
    style.TouchExtraPadding = ImVec2(0, 0);
  }
}

}  // namespace ganstep::ui
