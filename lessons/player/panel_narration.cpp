// The lesson's narration: the beats fired so far (markdown, paged), the
// current beat's question with its choices and feedback, and the lesson
// problems window shown when a lesson file or link fails to open.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "lessons/format/markdown.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

constexpr ImU32 kInk = IM_COL32(0x1E, 0x1E, 0x24, 0xFF);
constexpr ImU32 kItalicInk = IM_COL32(0x00, 0x55, 0x88, 0xFF);  // no italic face: a colour instead
constexpr ImU32 kCodeTint = IM_COL32(0x00, 0x00, 0x00, 0x14);  // behind `code`

// One block of styled spans, word-wrapped at the window's width. Bold is
// drawn twice, whole pixels apart (the font has no bold face; see bold_twin).
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
      if (span.code)  // a command: a tinted box behind each word (and the space after it)
        dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + w + space + 1, at.y + size * 1.15f), kCodeTint, 2.0f);
      dl->AddText(font, size, at, ink, w0, w1);
      if (span.bold) dl->AddText(font, size, bold_twin(at, dpi), ink, w0, w1);
      x += w + (span.bold ? bold_twin(at, dpi).x - at.x : 0.0f);
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
  const lessons::Answer& given = n.answers[static_cast<std::size_t>(beat_index)];
  const bool open = !given.given() && n.script.awaiting_answer() && n.script.question_beat() == beat_index;
  if (open && q.kind != lessons::AnswerKind::Choice) {
    // A number or a text: a field, and the Answer button (Enter answers too).
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 16.0f));
    const bool enter = ImGui::InputTextWithHint("##typed", p.t(q.kind == lessons::AnswerKind::Number ? S::TypeNumber : S::TypeText),
                                                s.typed, sizeof s.typed, ImGuiInputTextFlags_EnterReturnsTrue);
    p.layout.note("answer_field");
    const lessons::Answer a{-1, s.typed};
    const bool fits = lessons::check_answer(q, a).empty();
    if (!fits && s.typed[0] && q.kind == lessons::AnswerKind::Number)
      ImGui::TextColored(to_vec4(col::kError), "%s", p.t(S::NotANumber));
    ImGui::BeginDisabled(!fits);
    if ((ImGui::Button(p.t(S::Answer)) || enter) && fits) p.answer(a);
    ImGui::EndDisabled();
    p.layout.note("answer");
    return;
  }
  if (open) {
    // Each choice: a radio button and its text, wrapped to the panel; a click anywhere on it selects it.
    for (std::size_t c = 0; c < q.choices.size(); ++c) {
      const int ci = static_cast<int>(c);
      ImGui::PushID(ci);
      ImGui::BeginGroup();
      if (ImGui::RadioButton("##choice", s.choice == ci)) s.choice = ci;
      ImGui::SameLine();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(text(q.choices[c]).c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndGroup();
      if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) s.choice = ci;
      ImGui::PopID();
      p.layout.note(("choice" + std::to_string(c)).c_str());
    }
    ImGui::BeginDisabled(s.choice < 0);
    if (ImGui::Button(p.t(S::Answer))) p.answer(lessons::Answer{s.choice, ""});
    ImGui::EndDisabled();
    p.layout.note("answer");
    return;
  }
  if (!given.given()) return;
  char buf[512];
  std::snprintf(buf, sizeof buf, p.t(S::YourAnswer), p.said(q, given, fired).c_str());
  ImGui::TextWrapped("%s", buf);
  if (q.kind != lessons::AnswerKind::Text) {  // a free text is never right or wrong
    const bool right = lessons::answer_right(q, given);
    ImGui::TextColored(to_vec4(right ? col::kOk : col::kError), "%s", p.t(right ? S::Right : S::NotQuite));
    if (!right && q.kind == lessons::AnswerKind::Number)
      ImGui::TextWrapped("%s", fmt_num(p.lang, p.t(S::RightNumberIs), q.number, q.tolerance).c_str());
  }
  narration_markdown(p, text(q.feedback));
}

}  // namespace

std::string PlayerImpl::said(const lessons::Question& q, const lessons::Answer& a, const run::FiredBeat& fired) const {
  if (q.kind == lessons::AnswerKind::Choice) {
    if (a.choice < 0 || a.choice >= static_cast<int>(q.choices.size())) return "";
    return beat_text(q.choices[static_cast<std::size_t>(a.choice)].get(text_lang()), fired);
  }
  return a.text;
}

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

namespace {

// A pipe table: a bordered ImGui table, the header row bold, each cell wrapped to its column.
void narration_table(PlayerImpl& p, const lessons::Block& b, int index) {
  std::size_t columns = b.align.size();
  for (const auto& row : b.rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  if (columns > 64) {  // past ImGui's column limit: each row as a line, its cells between bars
    for (const auto& row : b.rows) {
      lessons::Block line;
      for (const auto& cell : row) {
        line.spans.push_back(lessons::Span{"| "});
        line.spans.insert(line.spans.end(), cell.begin(), cell.end());
        line.spans.push_back(lessons::Span{" "});
      }
      rich_block(line, ImGui::GetFont(), 0.0f, p.dpi);
    }
    return;
  }
  ImGui::PushID(index);
  if (ImGui::BeginTable("##md_table", static_cast<int>(columns),
                        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
    for (std::size_t r = 0; r < b.rows.size(); ++r) {
      ImGui::TableNextRow(static_cast<int>(r) < b.header_rows ? ImGuiTableRowFlags_Headers : 0);
      for (std::size_t c = 0; c < columns; ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        lessons::Block cell;
        if (c < b.rows[r].size()) cell.spans = b.rows[r][c];
        if (static_cast<int>(r) < b.header_rows)
          for (auto& sp : cell.spans) sp.bold = true;
        const lessons::Align a = c < b.align.size() ? b.align[c] : lessons::Align::Default;
        float indent = 0;  // right / centred columns: a one-line cell moves over
        if (a == lessons::Align::Right || a == lessons::Align::Center) {
          float w = 0;
          for (const auto& sp : cell.spans) w += ImGui::CalcTextSize(sp.text.c_str()).x;
          const float room = ImGui::GetContentRegionAvail().x - w;
          if (room > 0) indent = a == lessons::Align::Right ? room : room * 0.5f;
        }
        rich_block(cell, ImGui::GetFont(), indent, p.dpi);
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopID();
  ImGui::Dummy(ImVec2(0, ImGui::GetFontSize() * 0.25f));
}

}  // namespace

void narration_markdown(PlayerImpl& p, const std::string& text) {
  int index = 0;
  for (const auto& b : lessons::parse_markdown(text)) {
    ++index;
    switch (b.kind) {
      case lessons::BlockKind::Heading: {
        ImFont* f = b.level == 1 ? p.fonts.title : p.fonts.body;
        lessons::Block bold = b;
        for (auto& s : bold.spans) s.bold = s.bold || b.level > 1;
        rich_block(bold, f ? f : ImGui::GetFont(), 0.0f, p.dpi);
        break;
      }
      case lessons::BlockKind::ListItem: {  // a bullet, or the item's number; nested items further in
        const ImVec2 c = ImGui::GetCursorScreenPos();
        const float fs = ImGui::GetFontSize();
        const float in = fs * 1.1f * static_cast<float>(std::min(b.depth, 6));
        if (b.ordered) {
          const std::string n = std::to_string(b.number) + ".";
          ImGui::GetWindowDrawList()->AddText(ImVec2(c.x + in, c.y), kInk, n.c_str());
          rich_block(b, ImGui::GetFont(), in + std::max(fs * 1.1f, ImGui::CalcTextSize(n.c_str()).x + fs * 0.35f), p.dpi);
        } else {
          ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(c.x + in + fs * 0.45f, c.y + fs * 0.62f), fs * 0.16f, kInk);
          rich_block(b, ImGui::GetFont(), in + fs * 1.1f, p.dpi);
        }
        break;
      }
      case lessons::BlockKind::Table:
        narration_table(p, b, index);
        break;
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
  if (n > 0) {  // the pager: small buttons, or touch-sized ones on a narrow screen; they wrap
    s.page = std::clamp(s.page, 0, n - 1);
    const bool touch = p.layout.rects.compact;
    auto pager_button = [&](const char* label) { return small_button(p, label); };
    ImGui::BeginDisabled(s.page == 0);
    if (pager_button(p.t(S::BeatPrev))) --s.page;
    ImGui::EndDisabled();
    char buf[64];
    std::snprintf(buf, sizeof buf, p.t(S::BeatOf), s.page + 1, n);
    flow(ImGui::CalcTextSize(buf).x);
    if (touch) ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(buf);
    ImGui::BeginDisabled(s.page >= n - 1);
    flow(button_w(p.t(S::BeatNext)));
    if (pager_button(p.t(S::BeatNext))) ++s.page;
    flow(button_w(p.t(S::BeatLatest)));
    if (pager_button(p.t(S::BeatLatest))) s.page = n - 1;
    ImGui::EndDisabled();
  }
  ImGui::Separator();
  // The page's text scrolls; the open question under it (prompt, every
  // choice, the answer button) keeps the height it took last frame, so it
  // shows without scrolling whenever the panel can hold it.
  const lessons::Beat* beat = n > 0 ? &lesson.beats[static_cast<std::size_t>(nar.fired[static_cast<std::size_t>(s.page)].beat)] : nullptr;
  const run::FiredBeat* fired = n > 0 ? &nar.fired[static_cast<std::size_t>(s.page)] : nullptr;
  const bool asks = beat && beat->question;
  const float footer_h = ImGui::GetTextLineHeightWithSpacing() * 1.6f;
  const float min_text = ImGui::GetTextLineHeightWithSpacing() * 3.0f;
  const float question_h = asks ? std::min(s.question_h, std::max(0.0f, ImGui::GetContentRegionAvail().y - footer_h - min_text)) : 0.0f;
  ImGui::BeginChild("##beat", ImVec2(0, -(footer_h + question_h)));
  if (n == 0) {
    narration_markdown(p, lesson.summary.get(l));
    ImGui::Spacing();
    ImGui::TextDisabled("%s", p.t(S::NoBeatYet));
  } else {
    narration_markdown(p, p.beat_text(beat->text.get(l), *fired));
  }
  ImGui::EndChild();
  if (asks) {
    ImGui::BeginChild("##question", ImVec2(0, std::max(1.0f, question_h)), false, ImGuiWindowFlags_NoScrollbar);
    question(p, s, *fired, *beat->question);
    const float used = ImGui::GetCursorPosY();
    ImGui::EndChild();
    if (std::abs(used - s.question_h) > 0.5f) s.question_h = used;
  }
  {  // the part of the panel on screen (tests check the question lies inside it)
    const ImVec2 wp = ImGui::GetWindowPos(), a = ImGui::GetWindowContentRegionMin(), b = ImGui::GetWindowContentRegionMax();
    p.layout.items.push_back({"narration_visible", Rect{wp.x + a.x, wp.y + a.y, b.x - a.x, b.y - a.y}});
  }
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
  const std::string title = std::string(p.t(s.warnings_only ? S::WinWarnings : S::WinProblems)) + ": " + s.title + "###problems";
  if (ImGui::Begin(title.c_str(), &s.open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::TextWrapped("%s", p.t(s.warnings_only ? S::WarningsIntro : S::ProblemsIntro));
    ImGui::Spacing();
    for (const auto& line : s.lines) {
      const bool hint = line.find(": hint: ") != std::string::npos;
      ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(hint ? col::kGrey : s.warnings_only ? col::kBrown : col::kError));
      ImGui::TextWrapped("%s", line.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::Spacing();
    if (ImGui::Button(p.t(S::Close))) s.open = false;
  }
  ImGui::End();
}

}  // namespace ganstep::ui
