// "Open…" and "Share": open a lesson file (the shell's file picker, or a path
// field), make a share link of the current lesson with its live settings, and
// reload a watched lesson file when it changes on disk.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>

#include "lessons/format/library.h"
#include "lessons/format/share.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

// Modification time and size, mixed: a change of either is a change. 0: unreadable.
std::int64_t file_stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtime) * 1000003 + static_cast<std::int64_t>(st.st_size);
}

}  // namespace

std::string make_share_link(const PlayerImpl& p, std::string& error) {
  lessons::Lesson lesson = p.lesson();
  // The lesson with the settings the student changed (the beats change theirs
  // again as the run reaches them), so the link replays what Reset replays.
  if (p.kind() != run::RunKind::Game) {
    if (p.session.seed()) lesson.config.seed = *p.session.seed();
    const std::string e = lessons::apply_settings(lesson.config, p.session.user_settings());
    if (!e.empty()) {
      error = e;
      return "";
    }
  }
  error.clear();
  const std::string payload = lessons::make_share_payload(lesson, &error);
  if (payload.empty()) return "";
  return p.options.share_base + "#lesson=" + payload;
}

float open_share_width(const PlayerImpl& p) {
  const ImGuiStyle& st = ImGui::GetStyle();
  return ImGui::CalcTextSize(p.t(S::OpenFile)).x + ImGui::CalcTextSize(p.t(S::Share)).x + st.FramePadding.x * 4 +
         st.ItemSpacing.x;
}

void open_share_buttons(PlayerImpl& p, OpenShareState& s) {
  if (ImGui::Button(p.t(S::OpenFile))) {
    if (p.options.pick_file) p.options.pick_file();
    else s.ask_path = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipOpenFile));
  ImGui::SameLine();
  if (ImGui::Button(p.t(S::Share))) {
    s.link = make_share_link(p, s.link_error);
    s.show_link = true;
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipShare));
}

bool path_window(PlayerImpl& p, const std::string& title, const char* prompt, char* path, std::size_t size,
                 const char* action, bool& open) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.25f),
                          ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, fs * 40.0f), 0.0f), ImGuiCond_Appearing);
  bool act = false;
  if (ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::TextWrapped("%s", prompt);
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool enter = ImGui::InputText("##path", path, size, ImGuiInputTextFlags_EnterReturnsTrue);
    act = (ImGui::Button(action) || enter) && path[0];
    ImGui::SameLine();
    if (ImGui::Button(p.t(S::Close))) open = false;
  }
  ImGui::End();
  return act;
}

void panel_open_share(PlayerImpl& p, OpenShareState& s) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float fs = ImGui::GetFontSize();
  const ImVec2 centre(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.25f);
  if (s.ask_path && path_window(p, std::string(p.t(S::OpenFile)) + "###openpath", p.t(S::OpenPathPrompt), s.path,
                                 sizeof s.path, p.t(S::Open), s.ask_path)) {
    std::string path = s.path;
    // A bare name is a file in the working folder, not a library id.
    if (!lessons::looks_like_path(path)) path = "./" + path;
    if (p.load(path, false, 0)) s.ask_path = false;
  }
  if (s.show_link) {
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.0f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, fs * 44.0f), 0.0f), ImGuiCond_Appearing);
    const std::string title = std::string(p.t(S::Share)) + "###share";
    if (ImGui::Begin(title.c_str(), &s.show_link, ImGuiWindowFlags_NoCollapse)) {
      if (s.link.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(col::kError));
        ImGui::TextWrapped("%s", s.link_error.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::TextWrapped("%s", p.t(S::ShareIntro));
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##link", s.link.data(), s.link.size() + 1, ImGuiInputTextFlags_ReadOnly);
        if (ImGui::Button(p.t(S::Copy))) {
          if (p.options.copy_text) p.options.copy_text(s.link);
          else ImGui::SetClipboardText(s.link.c_str());
          p.info = p.t(S::Copied);
        }
        ImGui::SameLine();
        ImGui::TextDisabled("%zu %s", s.link.size(), p.t(S::Characters));
        ImGui::SameLine();
      }
      if (ImGui::Button(p.t(S::Close))) s.show_link = false;
    }
    ImGui::End();
  }
}

void PlayerImpl::check_watched_file(double now) {
  if (!options.watch_files || watch.path.empty() || now < watch.next_check) return;
  watch.next_check = now + 0.5;
  const std::int64_t stamp = file_stamp(watch.path);
  if (stamp == 0 || stamp == watch.stamp) return;  // a file being replaced can vanish for a moment
  watch.stamp = stamp;
  const std::string path = watch.path;
  const lessons::LoadResult r = lessons::load_lesson_file(path);
  if (!r.ok()) {  // the old lesson keeps running; the problems say where
    show_problems(path, r.problems);
    return;
  }
  if (open_lesson(r.lesson, false, 0)) {
    options.lesson = path;
    info = std::string(t(S::Reloaded)) + " " + path;
    show_problems(path, r.warnings);
  }
  watch.path = path;  // open_lesson clears it
  watch.stamp = stamp;
}

void PlayerImpl::watch_file(const std::string& path) {
  watch.path = path;
  watch.stamp = file_stamp(path);
}

}  // namespace ganstep::ui
