// The lesson player: every ImGui panel and control, shared by the native GLFW
// window and the WebGL2 page. No platform code here (the shells own windows,
// GL contexts and the frame loop); no UI code ever goes into engine/.
//
// A shell's frame loop:
//   ImGui_Impl*_NewFrame(); ImGui::NewFrame();
//   player.frame(now_seconds);        // draws all panels; trains within a time budget while playing
//   ImGui::Render(); ImGui_Impl*_RenderDrawData(...);
//
// The scripting API below (load, step, back, state_json, ...) is what the web
// page exposes as window.ganstep and what tests drive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ganstep::run {
class Executor;
}

namespace ganstep::ui {

enum class Lang { En, Pt };
enum class StepSize { Phase, DStep, Iteration };

bool parse_step_size(const std::string& s, StepSize& out);  // "phase", "dstep", "iteration"
bool parse_lang(const std::string& s, Lang& out);            // "en", "pt" (also "pt-BR")

struct PlayerOptions {
  std::string lesson = "gauss-1d";  // a lesson id
  std::uint64_t seed = 0;
  bool has_seed = false;            // else the lesson's own seed
  std::int64_t step = 0;            // open at this iteration, as a student who played there
  // and answered each question when asked: "BEAT=CHOICE" (lessons/run/preview.h),
  // else the right answer
  std::vector<std::string> answers;
  // How long opening at `step` may take before the first frame (the rest runs
  // on frame by frame, with a progress window and Cancel); 0: all of it at once.
  double step_budget_ms = 0;
  Lang lang = Lang::En;
  std::string font_path;            // a TTF covering Latin-1, Greek and maths (DejaVu Sans)
  // Shell services, all optional:
  std::function<void()> pick_file;  // "Open…" asks the shell for a file (web: the file picker);
                                    // unset: the player asks for a path itself
  std::function<void(const std::string&)> copy_text;  // "Copy" of a share link (web: the system clipboard)
  // "Save CSV…" of drawn data (web: a download named `name`); unset: the player asks for a path.
  std::function<void(const std::string& name, const std::string& text)> save_text;
  std::string share_base;           // a share link is share_base + "#lesson=" + payload
  bool watch_files = false;         // reload a lesson file when it changes on disk (native)
  // Images (image lessons' samples): uploads rgba (w x h RGBA8 pixels, rows
  // top-down) into the texture of `slot`, creating or resizing it, and
  // returns it as an ImTextureID (GL: the texture name). Unset: the player
  // draws images as rectangles.
  std::function<void*(int slot, int w, int h, const unsigned char* rgba)> upload_texture;
  // "Checkpoint…" asks the shell for a checkpoint file (web: a file input, then
  // load_checkpoint); unset: the player asks for a path itself.
  std::function<void()> pick_checkpoint;
  // Image data fetched on demand (the page's image data package): called with
  // a lesson's data set ("mnist") before the lesson opens. True: the files are
  // at hand. False: the shell started fetching them; the lesson opens when the
  // shell calls Player::data_arrived. Unset: every data set is at hand.
  std::function<bool(const std::string& data)> fetch_data;
  // A shell that cannot run every lesson (the page): the image data sets it
  // can get and the most work one iteration may cost (GFLOP, at the lesson's
  // batch). Lessons beyond these are native-only: listed as such with the
  // command that runs them, never opened (nor replaced by another lesson).
  bool limited = false;
  std::vector<std::string> shell_image_data;
  double max_iteration_gflop = 0;
  // Where image lessons train (lessons/run/executor.h): the native player's
  // thread, the page's Web Worker. Unset: in-process, on the UI thread.
  std::shared_ptr<run::Executor> executor;
  // A detect lesson's second executor, scoring batches ahead (run::Session::helper):
  // the native player's second thread, the page's second worker. Unset: none.
  std::shared_ptr<run::Executor> helper;
};

class PlayerImpl;

class Player {
 public:
  explicit Player(const PlayerOptions& options);
  ~Player();
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Style, fonts (at dpi_scale), colours: call once after ImGui::CreateContext().
  void init_imgui(float dpi_scale);
  // Draws one frame of the whole player. Between ImGui::NewFrame() and ImGui::Render().
  void frame(double now_seconds);
  // A reply came from the executor (the page's worker, between frames): the
  // waiting move goes on and the play loop with it, without waiting.
  void pump();
  // A move still waits for units of a run training elsewhere (the page: steps
  // of an image lesson go on in the worker while the page stays live).
  bool busy() const;
  // The executor (PlayerOptions::executor) failed, e.g. the page's worker did
  // not start: image lessons train on this thread from now on, and the open
  // one starts over there at the same iteration; `why` shows as a note.
  void executor_failed(const std::string& why);

  // ---- scripting API ----
  std::vector<std::string> lesson_ids() const;
  // [{"id","title","summary","level","minutes","order"}] of the built-in lessons in course order, texts in
  // the current language; image lessons also have "images" (their data set: "mnist", ...); lessons this
  // shell cannot run have "native_only": true and "note" (native_only_note).
  std::string lessons_json() const;
  // A library id, a preset alias or (natively) a lesson file path. An image
  // lesson whose data the shell is still fetching opens later (pending_data).
  bool load(const std::string& id, std::string& error);
  // The data set a lesson waits for (PlayerOptions::fetch_data); "" when none.
  std::string pending_data() const;
  // The shell's fetch of `data` ended: "" opens the waiting lesson (at the
  // iteration it was asked for); an error shows, and the current lesson stays.
  void data_arrived(const std::string& data, const std::string& error);
  // "" when this shell runs lesson `id`; else why not and the command that
  // runs it natively, in the player's language (PlayerOptions::limited).
  std::string native_only_note(const std::string& id) const;
  // A lesson from TOML text (name: for messages) or from a share link (a URL,
  // "#lesson=..." or the payload). On problems the current lesson keeps
  // running, the problems window shows them, and error holds them, one per line.
  bool open_text(const std::string& text, const std::string& name, std::string& error);
  bool open_link(const std::string& link, std::string& error);
  // The current lesson (with the run's current settings) as a share link:
  // options.share_base + "#lesson=" + payload; "" and error when too large.
  std::string share_link(std::string& error) const;
  // A GAN setting's current value as --set writes it ("" for an unknown key or a [game] lesson).
  std::string get(const std::string& key) const;
  // The narration: {"shown":[beat ids or indices], "page", "text", "awaiting_answer", "question"?,
  // "answers":[per beat: a choice's index, the text typed, or -1], "iterations", "finished",
  // "panel_options":{"logloss.base": "log10", "view1d.d_star": "true", ...} as the panels draw them}.
  std::string beats_json() const;
  // What a screen reader gets (the page's aria-live region, web/a11y.js), in the current language:
  // {"lang","lesson","title","blocks":[{"kind":"p"|"h"|"li"|"table","level","spans":[{"text","bold","italic"}]}],
  //  (list items also "depth", "ordered", "number"; tables "rows": [[cell spans]] and "header_rows"),
  //  "question"?:{"beat","kind":"choice"|"number"|"text","prompt":[blocks],"choices":[..],"open","given",
  //               once answered: "right","your_answer","verdict" (not for a text),"feedback":[blocks]},
  //  "status", "iteration", "labels":{play, pause, step_phase, ..., d_real, loss_d, ...}, "playing",
  //  "algorithm_line"?, "algorithm_text"?}: the narration page shown (the
  // lesson's summary before the first beat), its question, and the Algorithm 1 line about to run.
  std::string screen_reader_json() const;
  // Where the last frame put things, in pixels [x, y, w, h]: {"compact", "focus",
  // "window": [w, h], "controls", "tabs", "tab", "panels": {name: rect} in tab order, "items":
  // {control: rect} (toolbar buttons, tabs, the narration's choices, "answer",
  // "narration_visible")}. For tests and for tapping controls from a page.
  std::string layout_json() const;
  // Drawn 2-D data (the 2-D view's draw mode, as its brush does): the points
  // (x0, y0, x1, y1, ...) join the run's data when that is a point list (else
  // replace it) and the run restarts on them, same seed; a share link carries
  // them. False (last_error says why; nothing changes) for a lesson that is
  // not 2-D, locked data, an odd count, more than 10,000 points in all, or a
  // coordinate not finite or outside -1e6..1e6.
  bool draw_points(const std::vector<double>& xy);
  // Back to the lesson's own data (the run restarts). False for a lesson that is not 2-D or locked data.
  bool clear_data();
  // A digit image as a [latent] lesson's target (find-latent), as "Use
  // drawing" sets it: 8-bit pixels (width x height x channels: 1 gray, 2 gray
  // + alpha, 3 RGB, 4 RGBA, alpha over white paper; a mostly light image is
  // taken as dark ink on paper and inverted), which must be 28 x 28. The
  // brush canvas shows it and the search starts over on it. False (last_error
  // names `name` and says why; nothing changes) for another kind of lesson,
  // another size or a channel count outside 1..4.
  bool set_target_image(const std::uint8_t* pixels, int width, int height, int channels, const std::string& name);
  // The run's data as CSV ("x,y", then one row per point) when they are
  // drawn or inline points; "" otherwise. save_data_csv writes it to a file
  // (atomically; "" or an error).
  std::string data_csv() const;
  std::string save_data_csv(const std::string& path) const;
  // Answers the waiting question (0-based choice). False when none waits.
  bool answer(int choice);
  // Answers the waiting numeric ("0,1899" or "0.1899") or free-text question:
  // "" or why not (none waits, it has choices, not a number, too long).
  std::string answer_text(const std::string& text);
  // An image lesson continues from a checkpoint's bytes (engine/gan/image_checkpoint.h;
  // name: for messages). On a bad checkpoint the run goes on unchanged and
  // error says why; false too when the lesson is not an image lesson.
  bool load_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name, std::string& error);
  // Phase: one phase of Algorithm 1; DStep: to the end of the next D- or G-step.
  bool step(StepSize size, std::int64_t n);
  bool back(std::int64_t n);                 // n iterations back, exact
  bool back_phases(std::int64_t n);          // n phases back, exact
  bool seek_iteration(std::int64_t it);
  // To timeline iteration `to`: here for up to budget_ms, the rest frame by
  // frame within each frame's budget (a progress window with Cancel), past
  // pausing beats as one step(n) goes. Opening at options.step does this.
  void fast_forward(std::int64_t to, double budget_ms);
  // A fast-forward's target iteration, 0 when none runs.
  std::int64_t fast_forward_to() const;
  std::int64_t fast_forward_at() const;      // the iteration it reached
  void cancel_fast_forward();                // stops it where it is
  // The CLI's --json object plus "phase", "algorithm_line", "dstep", "k".
  std::string state_json() const;
  std::string last_error() const;            // "" when fine
  // A setting by key (engine/gan/config.h). Live keys (lr_d, lr_g, k, batch,
  // g_loss, momentum_*, beta*_*) take effect at the next step; any other key
  // restarts the run from iteration 0. False (see last_error) on a bad value.
  bool set(const std::string& key, const std::string& value);
  void reset();                              // back to iteration 0, same settings
  void set_lang(Lang lang);
  Lang lang() const;
  void set_playing(bool playing);
  bool playing() const;
  // Play speed in steps (of the play unit, iterations by default) per second; 0 = as fast as the budget allows.
  void set_speed(double steps_per_second);
  void set_help_open(bool open);             // the keyboard-shortcut overlay (H / F1)
  double iterations_per_second() const;      // achieved while playing
  double frame_ms() const;                   // last frame's CPU time in frame()
  // The picture changes by itself (playing, a fast-forward, training elsewhere,
  // ...): the shell draws every frame; else it may skip frames (frame_pacer.h).
  bool moving() const;

 private:
  std::unique_ptr<PlayerImpl> impl_;
};

}  // namespace ganstep::ui
