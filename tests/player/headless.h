// The player without a window, for tests: a real ImGui context whose frames
// are built and rendered to draw lists; a field of the API's JSON; options
// for a lesson with the project's font.
#pragma once

#include <string>

#include "imgui.h"
#include "lessons/player/player.h"

namespace ganstep::ui::testing {

// GLFW key codes, as imgui_impl_glfw fills io.KeysDown.
constexpr int kRight = 262, kLeft = 263, kDown = 264, kUp = 265, kSpace = 32;

struct Headless {
  double now = 0;
  explicit Headless(Player& p) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 800);
    io.KeyMap[ImGuiKey_RightArrow] = kRight;
    io.KeyMap[ImGuiKey_LeftArrow] = kLeft;
    io.KeyMap[ImGuiKey_DownArrow] = kDown;
    io.KeyMap[ImGuiKey_UpArrow] = kUp;
    io.KeyMap[ImGuiKey_Space] = kSpace;
    io.KeyMap[ImGuiKey_Escape] = 256;
    p.init_imgui(1.0f);
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);  // builds the atlas (a renderer would upload it)
  }
  ~Headless() { ImGui::DestroyContext(); }
  Headless(const Headless&) = delete;
  Headless& operator=(const Headless&) = delete;
  // One frame dt seconds after the last.
  void frame(Player& p, double dt = 1.0 / 60.0) { run(p, dt, -1, false); }
  // One frame with a key held down (and shift).
  void press(Player& p, int key, bool shift = false) { run(p, 1.0 / 60.0, key, shift); }
  // The window's size in pixels (the next frame lays the panels out for it).
  void resize(float w, float h) { ImGui::GetIO().DisplaySize = ImVec2(w, h); }
  // A tap or click at (x, y): the pointer moves there, goes down for a frame, comes up.
  void click(Player& p, float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    run(p, 1.0 / 60.0, -1, false);
    io.MouseDown[0] = true;
    run(p, 1.0 / 60.0, -1, false);
    io.MouseDown[0] = false;
    run(p, 1.0 / 60.0, -1, false);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  }

 private:
  void run(Player& p, double dt, int key, bool shift) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = static_cast<float>(dt);
    now += dt;
    for (bool& k : io.KeysDown) k = false;
    if (key >= 0) io.KeysDown[key] = true;
    io.KeyShift = shift;
    ImGui::NewFrame();
    p.frame(now);
    ImGui::Render();
  }
};

// A field of a flat JSON object, unquoted ("" when absent).
inline std::string field(const std::string& json, const std::string& key) {
  const auto k = json.find("\"" + key + "\":");
  if (k == std::string::npos) return "";
  auto v = k + key.size() + 3;
  auto e = json.find_first_of(",}", v);
  std::string s = json.substr(v, e - v);
  if (!s.empty() && s.front() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

inline PlayerOptions options(const std::string& lesson) {
  PlayerOptions o;
  o.lesson = lesson;
  o.font_path = GANSTEP_ASSETS_DIR "/fonts/DejaVuSans.ttf";
  return o;
}

}  // namespace ganstep::ui::testing
