// The lesson's narration: the beats fired so far (markdown-lite, paged), the
// current beat's question with its choices and feedback, and the lesson
// problems window shown when a lesson file or link fails to open.
#include <algorithm>
#include <cstdio>
#include <string>

#include "lessons/format/markdown.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

constexpr ImU32 kInk = IM_COL32(0x1E, 0x1E, 0x24, 0xFF);
constexpr ImU32 kItalicInk = IM_COL32(0x00, 0x55, 0x88, 0xFF);  // no italic face: a colour instead

// One block of styled spans, word-wrapped at the window's width. Bold is
// drawn twice, a pixel apart (the font has no bold face).
void rich_block(const lessons::Block& b, ImFont* font, float indent, float dpi) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float wrap = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  const float size = font->FontSize, line_h = size * 1.3f;
  const float space = font->CalcTextSizeA(size, FLT_MAX, 0.0f, " ").x;
  float x = indent, y = 0;
  bool line_start = true;
  for (const auto& span : b.spans) {
    const ImU32 ink = span.italic ? kItalicInk : kInk;
    std::size_t i = 0;
    const std::string& t = span.text;
    while (i < t.size()) {
      if (t[i] == ' ') {
        if (!line_start) x += space;
        ++i;
        continue;
      }
      std::size_t j = t.find(' ', i);
      if (j == std::string::npos) j = t.size();
      const char* w0 = t.data() + i;
      const char* w1 = t.data() + j;
      const float w = font->CalcTextSizeA(size, FLT_MAX, 0.0f, w0, w1).x;
      if (x + w > wrap && !line_start) {
        x = indent;
        y += line_h;
      }
      const ImVec2 at(origin.x + x, origin.y + y);
      dl->AddText(font, size, at, ink, w0, w1);
      if (span.bold) dl->AddText(font, size, ImVec2(at.x + 0.9f * dpi, at.y), ink, w0, w1);
      x += w + (span.bold ? dpi : 0.0f);
      line_start = false;
      i = j;
    }
  }
  ImGui::Dummy(ImVec2(wrap, y + line_h));
}


void question(PlayerImpl& p, NarrationState& s, const run::FiredBeat& fired, const lessons::Question& q) {
  const int beat_index = fired.beat;
  const lessons::Lang l = p.text_lang();
  const run::Narration& n = p.session.narration();
  auto text = [&](const lessons::Text& t) { return p.beat_text(t.get(l), fired); };
  ImGui::Separator();
  narration_markdown(p, text(q.prompt));
  const int given = n.answers[static_cast<std::size_t>(beat_index)];
  const bool open = given < 0 && n.script.awaiting_answer() && n.script.question_beat() == beat_index;
  if (open) {
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      const std::string label = text(q.choices[c]) + "##choice" + std::to_string(c);
      if (ImGui::RadioButton(label.c_str(), s.choice == static_cast<int>(c))) s.choice = static_cast<int>(c);
    }
    ImGui::BeginDisabled(s.choice < 0);
    if (ImGui::Button(p.t(S::Answer))) p.answer(s.choice);
    ImGui::EndDisabled();
    return;
  }
  if (given < 0) return;
  char buf[512];
  std::snprintf(buf, sizeof buf, p.t(S::YourAnswer), text(q.choices[static_cast<std::size_t>(given)]).c_str());
  ImGui::TextWrapped("%s", buf);
  const bool right = given == q.answer;
  ImGui::TextColored(to_vec4(right ? col::kOk : col::kError), "%s", p.t(right ? S::Right : S::NotQuite));
  narration_markdown(p, text(q.feedback));
}

}  // namespace

std::string PlayerImpl::beat_text(const std::string& text, const run::FiredBeat& fired) const {
  return lessons::fill_text(text, fired.values, text_lang(),
                            [&](const std::string& kind, const std::string& name, lessons::Lang l) {
                              const Lang ui = l == lessons::Lang::Pt ? Lang::Pt : Lang::En;
                              lessons::Control c;
                              lessons::Panel panel;
                              if (kind == "button" && lessons::parse_control(name, c)) return control_label(ui, c);
                              if (kind == "panel" && lessons::parse_panel(name, panel)) return panel_title(ui, panel);
                              return name;
                            });
}

void narration_markdown(PlayerImpl& p, const std::string& text) {
  for (const auto& b : lessons::parse_markdown_lite(text)) {
    switch (b.kind) {
      case lessons::BlockKind::Heading: {
        ImFont* f = b.level == 1 ? p.fonts.title : p.fonts.body;
        lessons::Block bold = b;
        for (auto& s : bold.spans) s.bold = s.bold || b.level > 1;
        rich_block(bold, f ? f : ImGui::GetFont(), 0.0f, p.dpi);
        break;
      }
      case lessons::BlockKind::ListItem: {
        const ImVec2 c = ImGui::GetCursorScreenPos();
        const float fs = ImGui::GetFontSize();
        ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(c.x + fs * 0.45f, c.y + fs * 0.62f), fs * 0.16f, kInk);
        rich_block(b, ImGui::GetFont(), fs * 1.1f, p.dpi);
        break;
      }
      case lessons::BlockKind::Paragraph:
        rich_block(b, ImGui::GetFont(), 0.0f, p.dpi);
        ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.25f));
        break;
    }
  }
}

// One narration panel for every kind of lesson: what the Session's script
// fired up to the current position (paged; a new beat turns to it), the
// current beat's question, and where the script waits.
void panel_narration(PlayerImpl& p, NarrationState& s, const Rect& r) {
  begin_panel(p, S::WinNarration, "narration", r, p.layout.place);
  const lessons::Lesson& lesson = p.session.lesson();
  const run::Narration& nar = p.session.narration();
  const lessons::Lang l = p.text_lang();
  if (p.fonts.title) ImGui::PushFont(p.fonts.title);
  ImGui::TextWrapped("%s", lesson.title.get(l).c_str());
  if (p.fonts.title) ImGui::PopFont();

  const int n = static_cast<int>(nar.fired.size());
  if (n != s.seen) {  // beats fired (or the timeline went back): show the newest
    s.page = n - 1;
    s.choice = -1;
    s.seen = n;
  }
  if (n > 0) {
    s.page = std::clamp(s.page, 0, n - 1);
    ImGui::BeginDisabled(s.page == 0);
    if (ImGui::SmallButton(p.t(S::BeatPrev))) --s.page;
    ImGui::EndDisabled();
    ImGui::SameLine();
    char buf[64];
    std::snprintf(buf, sizeof buf, p.t(S::BeatOf), s.page + 1, n);
    ImGui::TextUnformatted(buf);
    ImGui::SameLine();
    ImGui::BeginDisabled(s.page >= n - 1);
    if (ImGui::SmallButton(p.t(S::BeatNext))) ++s.page;
    ImGui::SameLine();
    if (ImGui::SmallButton(p.t(S::BeatLatest))) s.page = n - 1;
    ImGui::EndDisabled();
  }
  ImGui::Separator();
  ImGui::BeginChild("##beat", ImVec2(0, -ImGui::GetTextLineHeightWithSpacing() * 1.6f));
  if (n == 0) {
    narration_markdown(p, lesson.summary.get(l));
    ImGui::Spacing();
    ImGui::TextDisabled("%s", p.t(S::NoBeatYet));
  } else {
    const run::FiredBeat& fired = nar.fired[static_cast<std::size_t>(s.page)];
    const lessons::Beat& beat = lesson.beats[static_cast<std::size_t>(fired.beat)];
    narration_markdown(p, p.beat_text(beat.text.get(l), fired));
    if (beat.question) question(p, s, fired, *beat.question);
  }
  ImGui::EndChild();
  ImGui::Separator();
  const S footer = nar.script.awaiting_answer() ? S::AnswerToGoOn : nar.script.finished() ? S::LessonEnd : S::NextBeatWaits;
  ImGui::TextDisabled("%s", p.t(footer));
  ImGui::End();
}

void panel_problems(PlayerImpl& p, ProblemsState& s) {
  if (!s.open) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.3f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, ImGui::GetFontSize() * 50.0f), 0.0f),
                           ImGuiCond_Appearing);
  const std::string title = std::string(p.t(S::WinProblems)) + ": " + s.title + "###problems";
  if (ImGui::Begin(title.c_str(), &s.open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::TextWrapped("%s", p.t(S::ProblemsIntro));
    ImGui::Spacing();
    for (const auto& line : s.lines) {
      const bool hint = line.find(": hint: ") != std::string::npos;
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(hint ? col::kGrey : col::kError));
      ImGui::TextWrapped("%s", line.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    if (ImGui::Button(p.t(S::Close))) s.open = false;
  }
  ImGui::End();
}

}  // namespace ganstep::ui
