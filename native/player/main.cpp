// ganstep-player: the lesson player in a desktop window (GLFW + OpenGL 3),
// in the style of Dear ImGui's example_glfw_opengl3. All panels live in the
// shared ganstep_player library (lessons/player); this file owns the window.
//
//   ganstep-player [LESSON | FILE.toml | LINK] [--seed S] [--lang en|pt] [--steps N [--answer BEAT=VALUE ...]] [--phases N] [--play]
//                  [--speed IT_PER_S|max] [--scale S] [--size WxH] [--show-help] [--screenshot OUT.png [--frames N]]
//
// --steps runs N iterations (then --phases N phases) before the first frame, --play starts playing
// (at --speed iterations per second, default 20),
// --scale forces the HiDPI scale (default: the monitor's content scale),
// --size the window's size in pixels at scale 1 (default 1280x800).
// A lesson file is reloaded when it changes on disk (errors keep the old lesson
// running); a .toml dropped on the window opens; LINK is a share link
// (".../#lesson=..."). The language chosen last is remembered (remembered.h).
//
// --screenshot renders N frames without input, writes the last one as a PNG,
// prints frame timings and exits 0. Bad arguments exit 2, an unknown lesson 1.
#include <GL/gl.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "engine/gan/resources.h"
#include "engine/core/rng.h"
#include "engine/io/png.h"
#include "lessons/format/library.h"
#include "lessons/format/share.h"
#include "lessons/player/frame_pacer.h"
#include "lessons/player/key_queue.h"
#include "lessons/player/player.h"
#include "lessons/run/executor.h"
#include "lessons/run/preview.h"
#include "native/last_resort.h"
#include "native/shell_env.h"
#include "native/player/remembered.h"

namespace {

int usage(const char* error) {
  std::fprintf(stderr,
               "ganstep-player: %s\nusage: ganstep-player [LESSON] [--seed S] [--lang en|pt] [--steps N [--answer BEAT=VALUE ...]] [--phases N] [--play]\n"
               "                      [--speed IT_PER_S|max] [--scale S] [--size WxH] [--show-help] [--screenshot OUT.png [--frames N]]\n",
               error);
  return 2;
}

bool parse_int(const char* s, long long lo, long long& out) {
  char* end = nullptr;
  out = std::strtoll(s, &end, 10);
  return *s && *end == '\0' && out >= lo;
}

bool readable(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f) std::fclose(f);
  return f != nullptr;
}

// Image lessons' pictures (PlayerOptions::upload_texture): one GL texture per
// slot, nearest-neighbour so digits stay crisp when scaled up.
void* upload_texture(int slot, int w, int h, const unsigned char* rgba) {
  static GLuint names[8] = {};
  static int sizes[8][2] = {};
  if (slot < 0 || slot >= 8 || w <= 0 || h <= 0) return nullptr;
  GLint previous = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
  if (!names[slot]) {
    glGenTextures(1, &names[slot]);
    glBindTexture(GL_TEXTURE_2D, names[slot]);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  glBindTexture(GL_TEXTURE_2D, names[slot]);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  if (sizes[slot][0] == w && sizes[slot][1] == h) {
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  } else {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    sizes[slot][0] = w;
    sizes[slot][1] = h;
  }
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(names[slot]));
}

// The back buffer as a PNG (bottom-up rows flipped), written atomically by
// the engine's writer. "" or an error naming the path.
std::string write_screenshot(const std::string& path, int w, int h) {
  std::vector<unsigned char> px(static_cast<std::size_t>(w) * h * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  ganstep::PixelImage img;
  img.width = w;
  img.height = h;
  img.channels = 3;
  img.pixels.resize(px.size());
  const std::size_t row = static_cast<std::size_t>(w) * 3;
  for (int y = 0; y < h; ++y)
    std::copy_n(px.data() + static_cast<std::size_t>(h - 1 - y) * row, row, img.pixels.data() + y * row);
  return ganstep::write_png(path, img);
}

}  // namespace

namespace {
int player_main(int argc, char** argv);

// The window's key events, handed to ImGui one change per key per frame (key_queue.h).
ganstep::ui::KeyQueue g_keys;
GLFWkeyfun g_imgui_key = nullptr;  // imgui_impl_glfw's key callback
}  // namespace

// The last resort (native/last_resort.h): an escaped exception (e.g. std::bad_alloc)
// ends the player with exit 1 and a message, never an abort.
int main(int argc, char** argv) {
  return ganstep::native::main_with_last_resort("ganstep-player", player_main, argc, argv);
}

namespace {

int player_main(int argc, char** argv) {
  ganstep::ui::PlayerOptions opt;
  std::string screenshot;
  long long frames = 10, steps = 0, phases = 0;
  bool play = false, have_lesson = false, have_lang = false;
  float scale = 0;  // 0: the monitor's
  long long size_w = 1280, size_h = 800;
  std::string speed;
  bool show_help = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char*& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    const char* v = nullptr;
    if (a == "-h" || a == "--help") {
      usage("the lesson player");
      return 0;
    } else if (a == "--seed") {
      if (!value(v)) return usage("--seed needs an integer 0..2^53");
      const std::string e = ganstep::parse_seed(v, opt.seed);
      if (!e.empty()) return usage(("--seed " + e).c_str());
      opt.has_seed = true;
    } else if (a == "--lang") {
      if (!value(v) || !ganstep::ui::parse_lang(v, opt.lang)) return usage("--lang needs en or pt");
      have_lang = true;
    } else if (a == "--steps") {
      if (!value(v) || !parse_int(v, 0, steps)) return usage("--steps needs an integer >= 0");
    } else if (a == "--answer") {  // BEAT=VALUE, as `ganstep run --answer` (checked once the lesson is read)
      if (!value(v)) return usage("--answer needs BEAT=VALUE");
      opt.answers.push_back(v);
    } else if (a == "--phases") {  // then N more phases (e.g. 4: D's loss computed, update not yet)
      if (!value(v) || !parse_int(v, 0, phases)) return usage("--phases needs an integer >= 0");
    } else if (a == "--frames") {
      if (!value(v) || !parse_int(v, 1, frames)) return usage("--frames needs an integer >= 1");
    } else if (a == "--screenshot") {
      if (!value(v) || !*v) return usage("--screenshot needs a file name");
      screenshot = v;
    } else if (a == "--scale") {  // force the HiDPI scale (else the monitor's content scale)
      if (!value(v) || !(std::strtod(v, nullptr) >= 0.5 && std::strtod(v, nullptr) <= 4)) return usage("--scale needs a number 0.5..4");
      scale = static_cast<float>(std::strtod(v, nullptr));
    } else if (a == "--size") {  // the window's size, e.g. 390x844 (a phone) or 1024x768
      const char* x = nullptr;
      if (!value(v) || !(x = std::strchr(v, 'x')) || !parse_int(std::string(v, x).c_str(), 200, size_w) ||
          !parse_int(x + 1, 200, size_h) || size_w > 8192 || size_h > 8192)
        return usage("--size needs WIDTHxHEIGHT, each 200..8192");
    } else if (a == "--speed") {  // units (iterations) per second, or "max"
      if (!value(v)) return usage("--speed needs a number or max");
      speed = v;
      if (speed != "max" && !(std::strtod(v, nullptr) > 0)) return usage("--speed needs a number > 0 or max");
    } else if (a == "--show-help") {  // the shortcut overlay open (for screenshots)
      show_help = true;
    } else if (a == "--play") {
      play = true;
    } else if (!a.empty() && a[0] == '-') {
      return usage(("unknown option " + a).c_str());
    } else if (have_lesson) {
      return usage(("unexpected argument " + a).c_str());
    } else {
      opt.lesson = a;
      have_lesson = true;
    }
  }
  ganstep::native::tune_allocator();
  const std::string limit_error = ganstep::native::apply_environment();
  if (!limit_error.empty()) return usage(limit_error.c_str());
  if (opt.lesson.find("#lesson=") != std::string::npos) {  // a share link: checked before any window opens
    const ganstep::lessons::LoadResult r = ganstep::lessons::parse_share_link(opt.lesson);
    if (!r.ok()) {
      for (const auto& pr : r.problems) std::fprintf(stderr, "%s", ganstep::lessons::format_problem("link", pr).c_str());
      return 1;
    }
    std::vector<ganstep::run::PresetAnswer> answers;
    const std::string bad = ganstep::run::parse_preset_answers(r.lesson, opt.answers, answers);
    if (!bad.empty()) return usage(bad.c_str());
  } else {
    const ganstep::lessons::LoadResult found = ganstep::lessons::find_lesson(opt.lesson);
    if (!found.ok()) {  // FILE:LINE:COL messages, or "unknown lesson" with a suggestion
      for (const auto& pr : found.problems)
        std::fprintf(stderr, "%s", ganstep::lessons::format_problem(opt.lesson, pr).c_str());
      return 1;
    }
    std::vector<ganstep::run::PresetAnswer> answers;
    const std::string bad = ganstep::run::parse_preset_answers(found.lesson, opt.answers, answers);
    if (!bad.empty()) return usage(bad.c_str());
  }
  std::string warning;
  if (!have_lang && !ganstep::native::load_remembered_lang(opt.lang, warning) && !warning.empty())
    std::fprintf(stderr, "ganstep-player: warning: %s\n", warning.c_str());
  opt.watch_files = true;
  opt.upload_texture = upload_texture;
  opt.executor = std::make_shared<ganstep::run::ThreadExecutor>();  // image lessons train on a thread
  opt.helper = std::make_shared<ganstep::run::ThreadExecutor>();    // detect-fakes scores ahead on a second
  opt.step = steps;
  for (const std::string& f : {std::string(GANSTEP_ASSETS_DIR) + "/fonts/DejaVuSans.ttf",
                               std::string("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")})
    if (readable(f)) {
      opt.font_path = f;
      break;
    }
  if (opt.font_path.empty()) std::fprintf(stderr, "ganstep-player: warning: DejaVu Sans not found\n");

  glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "GLFW error %d: %s\n", code, msg); });
  if (!glfwInit()) {
    std::fprintf(stderr, "ganstep-player: cannot initialise GLFW (no display?)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GL_TRUE);  // HiDPI: a 1280 x 800 window in logical units
  const int win_w = static_cast<int>(size_w * (scale > 0 ? scale : 1)), win_h = static_cast<int>(size_h * (scale > 0 ? scale : 1));
  GLFWwindow* window = glfwCreateWindow(win_w, win_h, "ganstep: GAN lesson player", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "ganstep-player: cannot open an OpenGL 3.3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  float xscale = 1, yscale = 1;
  glfwGetWindowContentScale(window, &xscale, &yscale);
  if (scale > 0) xscale = yscale = scale;

  ganstep::ui::Player player(opt);
  std::string e;
  if (!player.last_error().empty()) std::fprintf(stderr, "ganstep-player: %s\n", player.last_error().c_str());
  glfwSetWindowUserPointer(window, &player);
  glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
    // The first dropped file; its problems show in the player's problems window.
    auto* p = static_cast<ganstep::ui::Player*>(glfwGetWindowUserPointer(w));
    std::string error;
    if (count > 0) p->load(paths[0], error);
  });
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  player.init_imgui(xscale > yscale ? xscale : yscale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  g_imgui_key = glfwSetKeyCallback(window, [](GLFWwindow*, int key, int scancode, int action, int mods) {
    g_keys.push({key, scancode, action, mods});
  });
  ImGui_ImplOpenGL3_Init("#version 330 core");
  if (phases > 0) player.step(ganstep::ui::StepSize::Phase, phases);
  if (!speed.empty()) player.set_speed(speed == "max" ? 0.0 : std::strtod(speed.c_str(), nullptr));
  if (play) player.set_playing(true);
  if (show_help) player.set_help_open(true);

  ganstep::ui::Lang remembered = player.lang();
  long long frame = 0;
  double wall_sum = 0, cpu_sum = 0, last = glfwGetTime();
  std::vector<double> cpu_ms;  // player.frame per frame, for the median
  int fb_w = 0, fb_h = 0;
  // An idle window draws 4 frames a second; input and a moving picture wake it
  // (frame_pacer.h). A screenshot run draws every one of its frames.
  ganstep::ui::FramePacer pacer;
  const bool paced = screenshot.empty();
  while (!glfwWindowShouldClose(window)) {
    if (paced) {
      const double t = glfwGetTime();
      if (!pacer.due(t, player.moving() || g_keys.waiting() > 0)) {
        const double wait = pacer.idle_wait(t);
        glfwWaitEventsTimeout(wait);  // an event (input, expose, a dropped file) ends the wait
        if (glfwGetTime() - t < wait) pacer.wake(glfwGetTime());
        continue;
      }
    }
    glfwPollEvents();
    g_keys.drain([&](const ganstep::ui::KeyEvent& k) {
      if (g_imgui_key) g_imgui_key(window, k.key, k.scancode, k.action, k.mods);
    });
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (!screenshot.empty()) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);  // no hover in screenshots
    ImGui::NewFrame();
    player.frame(glfwGetTime());
    if (player.lang() != remembered && screenshot.empty()) {
      remembered = player.lang();
      if (!ganstep::native::save_remembered_lang(remembered, e))
        std::fprintf(stderr, "ganstep-player: warning: %s\n", e.c_str());
    }
    ImGui::Render();
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.94f, 0.94f, 0.95f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++frame;
    const double now = glfwGetTime();
    if (frame > 1) {  // the first frame builds the font texture
      wall_sum += now - last;
      cpu_sum += player.frame_ms();
      if (!screenshot.empty()) cpu_ms.push_back(player.frame_ms());  // only screenshot runs report it
    }
    last = now;
    if (!screenshot.empty() && frame >= frames) {
      const std::string write_error = write_screenshot(screenshot, fb_w, fb_h);
      const bool ok = write_error.empty();
      if (!ok) std::fprintf(stderr, "ganstep-player: %s\n", write_error.c_str());
      const double n = frame > 1 ? static_cast<double>(frame - 1) : 1.0;
      std::sort(cpu_ms.begin(), cpu_ms.end());
      const double median = cpu_ms.empty() ? 0.0 : cpu_ms[cpu_ms.size() / 2];
      const double worst = cpu_ms.empty() ? 0.0 : cpu_ms.back();
      std::printf("ganstep-player: %s %dx%d after %lld frames: frame %.2f ms (player.frame %.2f ms CPU, "
                  "median %.2f, max %.2f), %.1f iterations/s%s\n",
                  ok ? "wrote" : "FAILED to write", fb_w, fb_h, frame, 1000.0 * wall_sum / n, cpu_sum / n, median,
                  worst, player.iterations_per_second(), play ? " while playing" : "");
      glfwSetWindowShouldClose(window, 1);
      if (!ok) frame = -1;
    }
    glfwSwapBuffers(window);
  }
  const std::string error = player.last_error();
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  if (!error.empty()) std::fprintf(stderr, "ganstep-player: %s\n", error.c_str());
  return frame < 0 ? 1 : 0;
}

}  // namespace
