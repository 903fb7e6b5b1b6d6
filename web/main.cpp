// The WebGL2 shell: a GLFW window over the page's <canvas id="canvas">, the
// shared ImGui player, and the C functions behind window.ganstep (web/api.js).
// Dear ImGui's Emscripten example, plus HiDPI and the scripting API.
//
// argv (web/api.js builds it from ?lesson=ID&seed=S&step=N&lang=pt|en, the
// remembered language and the page's #lesson= share link):
//   --lesson ID  --seed S  --step N  --lang pt|en  --link LINK  --share-base URL
//   --worker 0|1 (image and [latent] lessons run in the Web Worker, the default, or on this thread)
//   --helper 0|1 (detect-fakes: a second worker scores batches ahead, the default, or none)
// Without --lesson: the course's first lesson. --seed goes through parse_seed,
// the CLI's check, with its message.
#include <GLFW/glfw3.h>
#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <memory>
#include <iterator>
#include <new>
#include <string>
#include <vector>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "engine/core/rng.h"
#include "engine/core/text.h"
#include "engine/gan/dataset.h"
#include "lessons/format/library.h"
#include "lessons/player/frame_pacer.h"
#include "lessons/player/key_queue.h"
#include "lessons/player/player.h"
#include "lessons/run/executor.h"
#include "web/gl_state.h"

using namespace ganstep::ui;

// The page's touch listeners (see Touch below): window capture, so they run
// before GLFW's handlers on the canvas.
EM_JS(void, install_touch, (), {
  const canvas = Module['canvas'];
  const on = (e, down) => {
    if (e.target !== canvas || !e.changedTouches || !e.changedTouches.length) return;
    const t = e.changedTouches[0];
    const r = canvas.getBoundingClientRect();
    e.preventDefault();   // no emulated mouse events after it
    e.stopPropagation();  // nor GLFW's own touch handlers
    Module['_gs_touch']((t.clientX - r.left) * canvas.width / r.width, (t.clientY - r.top) * canvas.height / r.height, down);
  };
  const opts = { capture: true, passive: false };
  window.addEventListener('touchstart', (e) => on(e, 1), opts);
  window.addEventListener('touchmove', (e) => on(e, 1), opts);
  window.addEventListener('touchend', (e) => on(e, 0), opts);
  window.addEventListener('touchcancel', (e) => on(e, 0), opts);
  window.addEventListener('mousemove', () => Module['_gs_touch_off'](), true);
});

namespace {

GLFWwindow* g_window = nullptr;
std::unique_ptr<Player> g_player;
std::string g_error;      // the shell's own error (a caught exception); else the player's
std::string g_out;        // the last string handed to JS (copied there at once)
int g_frames = 0;
Lang g_remembered_lang = Lang::En;  // written to localStorage when the student changes it
std::string g_link;       // the #lesson= link the page opened with
double g_shell_ms = 0;    // CPU time of the last whole frame (player + ImGui render)
double g_player_ms = 0;   // of which Player::frame (panels + training)
double g_render_ms = 0;   // of which ImGui::Render + the WebGL2 draw calls
KeyQueue g_keys;          // the canvas's key events, handed to ImGui one change per key per frame
GLFWkeyfun g_imgui_key = nullptr;  // imgui_impl_glfw's key callback
GLFWmousebuttonfun g_imgui_button = nullptr;  // and its other input callbacks, after waking the pacer
GLFWscrollfun g_imgui_scroll = nullptr;
GLFWcharfun g_imgui_char = nullptr;
// Idle, the page draws a frame a second (lessons/player/frame_pacer.h): a
// frame of software WebGL costs about 120 ms of CPU, and an idle tab kept both
// cores of a 2-core machine busy. Input, calls of window.ganstep that change
// something, the worker's replies, a resize and a moving picture wake it.
FramePacer g_pacer(1.0);
void wake() { g_pacer.wake(emscripten_get_now() / 1000.0); }

// JS-visible string: valid until the next call that returns one.
const char* out(std::string s) {
  g_out = std::move(s);
  return g_out.c_str();
}

// Called from a catch block: the exception being handled becomes g_error
// (gs_last_error) and shows in the page's error box (Module.onGanstepError);
// the module stays usable. std::bad_alloc (the page's memory ran out) names
// what to lower.
void report_exception(const char* where) {
  std::string m;
  try {
    throw;
  } catch (const std::bad_alloc&) {
    m = "out of memory (std::bad_alloc): lower the batch size or the networks' widths, or reload the page";
  } catch (const std::exception& e) {
    m = std::string("internal error: ") + e.what();
  } catch (...) {
    m = "internal error: an unknown exception";
  }
  g_error = std::string("ganstep: ") + where + ": " + m;
  std::fprintf(stderr, "%s\n", g_error.c_str());
  EM_ASM({ if (Module.onGanstepError) Module.onGanstepError(UTF8ToString($0)); }, g_error.c_str());
}

// Runs one API call; a C++ exception becomes a 0 result and an error message.
template <class F>
int guarded(F&& f, bool changes = true) {
  g_error.clear();
  if (changes) wake();  // the picture may change: the next frames are drawn
  if (!g_player) {
    g_error = "ganstep: the player is not initialised yet (await ganstep.ready)";
    return 0;
  }
  try {
    return f() ? 1 : 0;
  } catch (...) {
    report_exception("a call failed");
  }
  return 0;
}

// The canvas's CSS box in device pixels: the GL back buffer is that size.
void canvas_pixels(int& w, int& h) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size("#canvas", &css_w, &css_h);
  const double dpr = emscripten_get_device_pixel_ratio();
  w = std::max(1, static_cast<int>(std::lround(css_w * dpr)));
  h = std::max(1, static_cast<int>(std::lround(css_h * dpr)));
}

void fit_canvas() {
  int w, h, cur_w, cur_h;
  canvas_pixels(w, h);
  glfwGetWindowSize(g_window, &cur_w, &cur_h);
  // Not glfwSetWindowSize: it asks for fullscreen when the size equals the screen's.
  if (w != cur_w || h != cur_h) {
    EM_ASM({ Module.setCanvasSize($0, $1); }, w, h);
    wake();
  }
}

void queue_key(GLFWwindow*, int key, int scancode, int action, int mods) {
  g_keys.push({key, scancode, action, mods});
  wake();
}
// Input wakes the pacer, then goes to imgui_impl_glfw as before.
void install_wake_on_input() {
  glfwSetCursorPosCallback(g_window, [](GLFWwindow*, double, double) { wake(); });  // ImGui polls the position
  g_imgui_button = glfwSetMouseButtonCallback(g_window, [](GLFWwindow* w, int button, int action, int mods) {
    wake();
    if (g_imgui_button) g_imgui_button(w, button, action, mods);
  });
  g_imgui_scroll = glfwSetScrollCallback(g_window, [](GLFWwindow* w, double x, double y) {
    wake();
    if (g_imgui_scroll) g_imgui_scroll(w, x, y);
  });
  g_imgui_char = glfwSetCharCallback(g_window, [](GLFWwindow* w, unsigned int c) {
    wake();
    if (g_imgui_char) g_imgui_char(w, c);
  });
}

// Touch. Emscripten's GLFW gives a touch no position: a tap pressed wherever
// the pointer last was, and the browser's emulated mouse events came later,
// so a tap on Play could miss it. The page hands touches to gs_touch instead
// (install_touch), and each frame takes one change from the queue: a tap is a
// press, then a release, at the tapped point, never two in one frame.
struct Touch {
  float x, y;  // device pixels
  bool down;
};
std::deque<Touch> g_touches;
Touch g_touch{-FLT_MAX, -FLT_MAX, false};
bool g_touch_active = false;  // until a real mouse moves

void apply_touch() {
  if (!g_touches.empty()) {
    g_touch = g_touches.front();
    g_touches.pop_front();
    g_touch_active = true;
  }
  if (!g_touch_active) return;
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(g_touch.x, g_touch.y);
  io.MouseDown[0] = g_touch.down;
}

void frame() {
  const double t0 = emscripten_get_now();
  fit_canvas();
  if (!g_touches.empty()) wake();
  if (!g_pacer.due(t0 / 1000.0, g_frames == 0 || g_player->moving() || g_keys.waiting() > 0)) return;
  glfwPollEvents();
  g_keys.drain([](const KeyEvent& e) {
    if (g_imgui_key) g_imgui_key(g_window, e.key, e.scancode, e.action, e.mods);
  });
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  apply_touch();
  ImGui::NewFrame();
  const double t1 = emscripten_get_now();
  try {
    g_player->frame(t0 / 1000.0);
    if (g_player->lang() != g_remembered_lang) {
      g_remembered_lang = g_player->lang();
      EM_ASM({ if (Module.onGanstepLang) Module.onGanstepLang(UTF8ToString($0)); },
             g_remembered_lang == Lang::Pt ? "pt" : "en");
    }
  } catch (...) {
    g_player->set_playing(false);
    report_exception("the run stopped");
  }
  const double t2 = emscripten_get_now();
  g_player_ms = t2 - t1;
  ImGui::Render();
  int fb_w, fb_h;
  glfwGetFramebufferSize(g_window, &fb_w, &fb_h);
  ganstep::web::gl_state_viewport(fb_w, fb_h);
  glClearColor(0.11f, 0.11f, 0.13f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  const double t3 = emscripten_get_now();
  g_render_ms = t3 - t2;
  g_shell_ms = t3 - t0;
  if (++g_frames == 1) EM_ASM({ if (Module.onGanstepReady) Module.onGanstepReady(); });
}

void warn(const std::string& msg) {
  std::fprintf(stderr, "ganstep: %s\n", msg.c_str());
  EM_ASM({ if (Module.onGanstepWarning) Module.onGanstepWarning(UTF8ToString($0)); }, msg.c_str());
}

// Image lessons' pictures (PlayerOptions::upload_texture): one WebGL2 texture
// per slot, nearest-neighbour so digits stay crisp when scaled up.
void* upload_texture(int slot, int w, int h, const unsigned char* rgba) {
  static GLuint names[8] = {};
  static int sizes[8][2] = {};
  if (slot < 0 || slot >= 8 || w <= 0 || h <= 0) return nullptr;
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
  glBindTexture(GL_TEXTURE_2D, 0);  // as gl_state.h says the frame leaves it
  return reinterpret_cast<void*>(static_cast<std::intptr_t>(names[slot]));
}

// The image data sets this page can fetch (web/data.js, web/CMakeLists.txt's
// data package) and the ones that have arrived.
const char* const kPageImageData[] = {"mnist"};
std::vector<std::string> g_data_arrived;

// PlayerOptions::fetch_data: true when the data set's files are in the file
// system; else web/data.js fetches its package and calls gs_data_arrived.
bool fetch_data(const std::string& data) {
  if (std::find(std::begin(kPageImageData), std::end(kPageImageData), data) == std::end(kPageImageData))
    return true;  // not a package of this page: the lesson's own error says so
  if (std::find(g_data_arrived.begin(), g_data_arrived.end(), data) != g_data_arrived.end()) return true;
  EM_ASM({ if (Module.onGanstepFetchData) Module.onGanstepFetchData(UTF8ToString($0)); }, data.c_str());
  return false;
}

// Image lessons train in a Web Worker (web/worker.js, web/worker.cpp): each
// command goes to it as a transferred ArrayBuffer (api.js starts the worker
// at the first); its replies come back through gs_worker_reply, which hands
// them to the player at once (Player::pump), between frames. The page never
// waits for a reply.
// A detect lesson also has a helper: a second such worker (the same
// ganstep-trainer.js) that scores batches ahead (RemoteRun::use_helper);
// its replies come through gs_helper_reply.
class WorkerExecutor final : public ganstep::run::Executor {
 public:
  explicit WorkerExecutor(int which) : which_(which) {}
  void post(ganstep::run::Message command) override {
    if (failed) return;  // its runs were replaced (Player::executor_failed); their states' drops go nowhere
    EM_ASM({ Module.ganstepWorkerPost(HEAPU8.slice($0, $0 + $1).buffer, $2); }, command.data(), command.size(),
           which_);
  }
  bool poll(ganstep::run::Message& reply, double wait_ms) override {
    (void)wait_ms;  // a page cannot wait
    if (replies.empty()) return false;
    reply = std::move(replies.front());
    replies.pop_front();
    return true;
  }
  bool can_wait() const override { return false; }
  std::deque<ganstep::run::Message> replies;
  bool failed = false;

 private:
  int which_ = 0;  // 0: the training worker, 1: the helper
};
std::shared_ptr<WorkerExecutor> g_worker, g_helper;

PlayerOptions parse_args(int argc, char** argv) {
  PlayerOptions o;
  g_worker = std::make_shared<WorkerExecutor>(0);
  g_helper = std::make_shared<WorkerExecutor>(1);
  o.executor = g_worker;
  o.helper = g_helper;
  // Without ?lesson= the page opens the course: its first lesson (web/course.js lists the rest).
  if (!ganstep::lessons::library_lessons().empty()) o.lesson = ganstep::lessons::library_lessons().front().id;
  o.font_path = "/assets/fonts/DejaVuSans.ttf";
  o.fetch_data = fetch_data;
  o.step_budget_ms = 250;  // a long ?step= goes on after the first frame: the page never freezes
  // Lessons the page lists as native-only: image data it has no package for,
  // or iterations above 4 GFLOP (the page's one thread does ~20 GFLOP/s:
  // dcgan-mnist's 1.3 GFLOP take ~65 ms, mnist-dcgan's 37 GFLOP ~2 s).
  o.limited = true;
  o.shell_image_data.assign(std::begin(kPageImageData), std::end(kPageImageData));
  o.max_iteration_gflop = 4.0;
  o.pick_file = [] { EM_ASM({ if (Module.onGanstepPickFile) Module.onGanstepPickFile(); }); };
  o.upload_texture = upload_texture;
  o.pick_checkpoint = [] { EM_ASM({ if (Module.onGanstepPickCheckpoint) Module.onGanstepPickCheckpoint(); }); };
  o.save_text = [](const std::string& name, const std::string& text) {  // "Save CSV…": a download
    EM_ASM({ if (Module.onGanstepSave) Module.onGanstepSave(UTF8ToString($0), UTF8ToString($1)); }, name.c_str(),
           text.c_str());
  };
  o.copy_text = [](const std::string& text) {
    EM_ASM({ if (Module.onGanstepCopy) Module.onGanstepCopy(UTF8ToString($0)); }, text.c_str());
  };
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    char* end = nullptr;
    if (key == "--lesson") {
      o.lesson = value;
    } else if (key == "--seed") {
      const std::string e = ganstep::parse_seed(value, o.seed);
      if (!e.empty()) warn("seed " + e + "; using the lesson's seed");
      else o.has_seed = true;
    } else if (key == "--step") {
      const long long s = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end || s < 0) warn("step " + ganstep::quote_input(value) + " is not an iteration number; starting at 0");
      else o.step = s;
    } else if (key == "--lang") {
      if (!parse_lang(value, o.lang)) warn("lang " + ganstep::quote_input(value) + " is not pt or en; using en");
    } else if (key == "--link") {
      g_link = value;
    } else if (key == "--share-base") {
      o.share_base = value;
    } else if (key == "--worker") {
      if (value == "0") o.executor = nullptr;  // image lessons train on this thread (in-process)
      else if (value != "1") warn("worker " + ganstep::quote_input(value) + " is not 0 or 1; using the worker");
    } else if (key == "--helper") {
      if (value == "0") o.helper = nullptr;  // detect-fakes scores every batch in the training worker
      else if (value != "1") warn("helper " + ganstep::quote_input(value) + " is not 0 or 1; using the helper");
    }
  }
  return o;
}

}  // namespace

// ---- the C API behind window.ganstep (web/api.js); 1 = ok, 0 = see gs_last_error ----
extern "C" {
EMSCRIPTEN_KEEPALIVE const char* gs_last_error() {
  return out(!g_error.empty() ? g_error : g_player ? g_player->last_error() : "");
}
EMSCRIPTEN_KEEPALIVE const char* gs_lessons_json() {
  std::string j = "[";
  if (g_player)
    for (const auto& id : g_player->lesson_ids()) j += (j.size() > 1 ? ",\"" : "\"") + id + "\"";
  return out(j + "]");
}
EMSCRIPTEN_KEEPALIVE const char* gs_library_json() { return out(g_player ? g_player->lessons_json() : "[]"); }
EMSCRIPTEN_KEEPALIVE int gs_open_text(const char* text, const char* name) {
  return guarded([&] {
    std::string e;
    if (g_player->open_text(text, name, e)) return true;
    g_error = e;
    return false;
  });
}
EMSCRIPTEN_KEEPALIVE int gs_open_link(const char* link) {
  return guarded([&] {
    std::string e;
    if (g_player->open_link(link, e)) return true;
    g_error = e;
    return false;
  });
}
EMSCRIPTEN_KEEPALIVE const char* gs_share_link() {
  std::string link;
  guarded([&] {
    link = g_player->share_link(g_error);
    return !link.empty();
  }, /*changes=*/false);
  return out(link);
}
// Drawn data: "X,Y;X,Y;..." (web/api.js checks each point first; the engine's
// inline-points parser checks again) joins the run's data (Player::draw_points).
EMSCRIPTEN_KEEPALIVE int gs_draw_points(const char* list) {
  return guarded([&] {
    std::vector<float> xy;
    if (!ganstep::parse_inline_points(list, xy, g_error)) return false;
    return g_player->draw_points(std::vector<double>(xy.begin(), xy.end()));
  });
}
// A digit image decoded by the browser (web/api.js: RGBA, 8 bits) as find-latent's target (Player::set_target_image).
EMSCRIPTEN_KEEPALIVE int gs_set_target_image(const std::uint8_t* rgba, int width, int height, const char* name) {
  return guarded([&] { return g_player->set_target_image(rgba, width, height, 4, name); });
}
EMSCRIPTEN_KEEPALIVE int gs_clear_data() {
  return guarded([&] { return g_player->clear_data(); });
}
EMSCRIPTEN_KEEPALIVE const char* gs_data_csv() { return out(g_player ? g_player->data_csv() : ""); }
EMSCRIPTEN_KEEPALIVE const char* gs_beats_json() { return out(g_player ? g_player->beats_json() : ""); }
EMSCRIPTEN_KEEPALIVE const char* gs_screen_reader_json() { return out(g_player ? g_player->screen_reader_json() : ""); }
EMSCRIPTEN_KEEPALIVE const char* gs_layout_json() { return out(g_player ? g_player->layout_json() : ""); }
EMSCRIPTEN_KEEPALIVE int gs_answer(int choice) {
  return guarded([&] {
    if (g_player->answer(choice)) return true;
    g_error = "no question is waiting for an answer (or the choice is out of range)";
    return false;
  });
}
// A numeric ("0,1899") or free-text answer to the waiting question.
EMSCRIPTEN_KEEPALIVE int gs_answer_text(const char* text) {
  return guarded([&] {
    g_error = g_player->answer_text(text ? text : "");
    return g_error.empty();
  });
}
// The data set a lesson waits for ("" when none), and the end of its download
// (web/data.js): error "" opens the waiting lesson.
EMSCRIPTEN_KEEPALIVE const char* gs_pending_data() { return out(g_player ? g_player->pending_data() : ""); }
EMSCRIPTEN_KEEPALIVE int gs_data_arrived(const char* data, const char* error) {
  return guarded([&] {
    if (!*error && std::find(g_data_arrived.begin(), g_data_arrived.end(), data) == g_data_arrived.end())
      g_data_arrived.emplace_back(data);
    g_player->data_arrived(data, error);
    return g_player->pending_data().empty() && (!*error);
  });
}
EMSCRIPTEN_KEEPALIVE int gs_load(const char* id) {
  return guarded([&] {
    std::string e;
    if (g_player->load(id, e)) return true;
    g_error = e.empty() ? g_player->last_error() : e;
    return false;
  });
}
// A checkpoint's bytes (web/api.js copies them into the module's memory).
EMSCRIPTEN_KEEPALIVE int gs_load_checkpoint(const std::uint8_t* bytes, double size, const char* name) {
  return guarded([&] {
    std::string e;
    if (g_player->load_checkpoint(bytes, static_cast<std::size_t>(size), name, e)) return true;
    g_error = e;
    return false;
  });
}
EMSCRIPTEN_KEEPALIVE int gs_step(const char* size, double n) {
  return guarded([&] {
    StepSize s;
    if (!parse_step_size(size, s)) {
      g_error = std::string("unknown step size \"") + size + "\" (use phase, dstep or iteration)";
      return false;
    }
    return g_player->step(s, static_cast<std::int64_t>(n));
  });
}
EMSCRIPTEN_KEEPALIVE int gs_back(double n) {
  return guarded([&] { return g_player->back(static_cast<std::int64_t>(n)); });
}
EMSCRIPTEN_KEEPALIVE int gs_back_phases(double n) {
  return guarded([&] { return g_player->back_phases(static_cast<std::int64_t>(n)); });
}
EMSCRIPTEN_KEEPALIVE int gs_set(const char* key, const char* value) {
  return guarded([&] { return g_player->set(key, value); });
}
EMSCRIPTEN_KEEPALIVE int gs_reset() {
  return guarded([&] { g_player->reset(); return true; });
}
EMSCRIPTEN_KEEPALIVE int gs_seek(double iteration) {
  return guarded([&] { return g_player->seek_iteration(static_cast<std::int64_t>(iteration)); });
}
// A reply of the training worker (web/worker.js): on with the waiting move and the play loop.
EMSCRIPTEN_KEEPALIVE int gs_worker_reply(const std::uint8_t* bytes, double size) {
  return guarded([&] {
    g_worker->replies.emplace_back(bytes, bytes + static_cast<std::size_t>(size));
    g_player->pump();
    return true;
  });
}
// A reply of the helper worker (a detect lesson's batches scored ahead).
EMSCRIPTEN_KEEPALIVE int gs_helper_reply(const std::uint8_t* bytes, double size) {
  return guarded([&] {
    g_helper->replies.emplace_back(bytes, bytes + static_cast<std::size_t>(size));
    g_player->pump();
    return true;
  });
}
// The helper could not start or stopped: the training worker scores every batch.
EMSCRIPTEN_KEEPALIVE int gs_helper_failed() {
  g_helper->failed = true;
  g_helper->replies.clear();
  return 1;
}
// The training worker could not start or stopped (web/api.js): image lessons
// train on this thread from now on; the open one starts over here (why: the note shown).
EMSCRIPTEN_KEEPALIVE int gs_worker_failed(const char* why) {
  g_worker->failed = true;
  g_worker->replies.clear();
  return guarded([&] {
    g_player->executor_failed(why);
    return true;
  });
}
// A step, seek or answer of an image lesson still going on in the worker.
EMSCRIPTEN_KEEPALIVE int gs_busy() { return g_player && g_player->busy() ? 1 : 0; }
// A long fast-forward (?step=): "{"to":N,"at":M}" while it runs, else "".
EMSCRIPTEN_KEEPALIVE const char* gs_fast_forward_json() {
  if (!g_player || g_player->fast_forward_to() <= 0) return out("");
  return out("{\"to\":" + std::to_string(g_player->fast_forward_to()) + ",\"at\":" +
             std::to_string(g_player->fast_forward_at()) + "}");
}
EMSCRIPTEN_KEEPALIVE int gs_cancel_fast_forward() {
  return guarded([&] { g_player->cancel_fast_forward(); return true; });
}
EMSCRIPTEN_KEEPALIVE const char* gs_state_json() {
  std::string s;
  if (!guarded([&] { s = g_player->state_json(); return true; }, /*changes=*/false)) return out("");
  return out(s);
}
EMSCRIPTEN_KEEPALIVE int gs_set_lang(const char* lang) {
  return guarded([&] {
    Lang l;
    if (!parse_lang(lang, l)) {
      g_error = std::string("unknown language \"") + lang + "\" (use pt or en)";
      return false;
    }
    g_player->set_lang(l);
    return true;
  });
}
EMSCRIPTEN_KEEPALIVE const char* gs_lang() {
  return out(g_player && g_player->lang() == Lang::Pt ? "pt" : "en");
}
EMSCRIPTEN_KEEPALIVE int gs_set_playing(int playing) {
  return guarded([&] { g_player->set_playing(playing != 0); return true; });
}
EMSCRIPTEN_KEEPALIVE int gs_playing() { return g_player && g_player->playing() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE double gs_frame_ms() { return g_player ? g_player->frame_ms() : 0; }
EMSCRIPTEN_KEEPALIVE double gs_shell_frame_ms() { return g_shell_ms; }
EMSCRIPTEN_KEEPALIVE double gs_shell_player_ms() { return g_player_ms; }
EMSCRIPTEN_KEEPALIVE double gs_shell_render_ms() { return g_render_ms; }
EMSCRIPTEN_KEEPALIVE double gs_iterations_per_second() {
  return g_player ? g_player->iterations_per_second() : 0;
}
EMSCRIPTEN_KEEPALIVE int gs_frames() { return g_frames; }
// A touch at (x, y) device pixels, down or lifted (install_touch). Moves of a
// finger still down replace the last queued move.
EMSCRIPTEN_KEEPALIVE void gs_touch(double x, double y, int down) {
  const Touch t{static_cast<float>(x), static_cast<float>(y), down != 0};
  if (t.down && !g_touches.empty() && g_touches.back().down && g_touches.size() > 1) g_touches.back() = t;
  else g_touches.push_back(t);
  if (!t.down) g_touches.push_back({-FLT_MAX, -FLT_MAX, false});  // then the finger is gone (no hover)
}
EMSCRIPTEN_KEEPALIVE void gs_touch_off() {
  if (g_touches.empty()) g_touch_active = false;
}
// Where ImGui sees the mouse (device pixels), for the input-mapping test.
EMSCRIPTEN_KEEPALIVE double gs_mouse_x() { return g_player ? ImGui::GetIO().MousePos.x : 0; }
EMSCRIPTEN_KEEPALIVE double gs_mouse_y() { return g_player ? ImGui::GetIO().MousePos.y : 0; }
}  // extern "C"

int main(int argc, char** argv) {
  const PlayerOptions options = parse_args(argc, argv);
  if (!glfwInit()) {
    warn("could not initialise GLFW");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  int w, h;
  canvas_pixels(w, h);
  g_window = glfwCreateWindow(w, h, "ganstep", nullptr, nullptr);
  if (!g_window) {
    warn("could not create a WebGL2 context (this page needs WebGL2)");
    return 1;
  }
  glfwMakeContextCurrent(g_window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;   // no imgui.ini in the browser
  try {
    g_player = std::make_unique<Player>(options);
  } catch (...) {
    report_exception("could not open the lesson; opening the default lesson");
    PlayerOptions fallback;
    fallback.font_path = options.font_path;
    fallback.lang = options.lang;
    g_player = std::make_unique<Player>(fallback);
  }
  if (!g_player->last_error().empty()) warn(g_player->last_error());
  g_remembered_lang = g_player->lang();
  if (!g_link.empty()) {  // the page's #lesson= link; on problems the default lesson stays open
    std::string e;
    try {
      if (!g_player->open_link(g_link, e)) warn("the link's lesson could not be opened:\n" + e);
    } catch (...) {
      report_exception("the link's lesson could not be opened");
    }
  }
  g_player->init_imgui(static_cast<float>(emscripten_get_device_pixel_ratio()));
  ImGui_ImplGlfw_InitForOpenGL(g_window, true);
  g_imgui_key = glfwSetKeyCallback(g_window, queue_key);  // queued; frame() hands them on
  install_wake_on_input();
  ImGui_ImplOpenGL3_Init("#version 300 es");
  install_touch();

  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
