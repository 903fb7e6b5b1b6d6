// The public Player: a thin wrapper over PlayerImpl (player_impl.cpp).
#include "lessons/player/player.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/io/json.h"
#include "lessons/format/library.h"
#include "lessons/format/share.h"
#include "engine/gan/config.h"
#include "engine/gan/dataset.h"
#include "engine/gan/report.h"
#include "engine/game/game_report.h"
#include "lessons/player/player_impl.h"
#include "lessons/run/latent_view.h"

namespace ganstep::ui {

namespace {
// The scripting API's moves are whole where the run's executor can wait
// (natively); the page's worker cannot: there they go on in the background
// (busy(), state().busy) while the page stays live.
struct Whole {
  explicit Whole(run::Session& session) : s(session), was(session.unit_wait_ms) { s.unit_wait_ms = 1e12; }
  ~Whole() { s.unit_wait_ms = was; }
  Whole(const Whole&) = delete;
  Whole& operator=(const Whole&) = delete;
  run::Session& s;
  double was;
};
}  // namespace

bool parse_step_size(const std::string& s, StepSize& out) {
  if (s == "phase") out = StepSize::Phase;
  else if (s == "dstep" || s == "update") out = StepSize::DStep;
  else if (s == "iteration" || s == "iter") out = StepSize::Iteration;
  else return false;
  return true;
}

bool parse_lang(const std::string& s, Lang& out) {
  if (s == "en" || s == "en-US" || s == "en-GB") out = Lang::En;
  else if (s == "pt" || s == "pt-BR" || s == "pt_BR") out = Lang::Pt;
  else return false;
  return true;
}

Player::Player(const PlayerOptions& options) : impl_(std::make_unique<PlayerImpl>(options)) {}
Player::~Player() = default;

void Player::init_imgui(float dpi_scale) { impl_->init_imgui(dpi_scale); }
void Player::frame(double now_seconds) { impl_->frame(now_seconds); }
void Player::pump() { impl_->pump(); }

std::vector<std::string> Player::lesson_ids() const { return lessons::builtin_ids(); }

std::string Player::lessons_json() const {
  const lessons::Lang l = impl_->text_lang();
  std::string j = "[";
  for (const auto& lesson : lessons::library_lessons()) {
    if (j.size() > 1) j += ",";
    j += "{\"id\":" + Json::quote(lesson.id) + ",\"title\":" + Json::quote(lesson.title.get(l)) +
         ",\"summary\":" + Json::quote(lesson.summary.get(l)) + ",\"level\":" +
         Json::quote(lessons::level_name(lesson.level)) + ",\"minutes\":" + std::to_string(lesson.minutes) +
         ",\"order\":" + std::to_string(lesson.order);
    if (lesson.image) j += ",\"images\":" + Json::quote(lesson.image->data);  // an image lesson's data set
    const std::string note = impl_->native_only(lesson);
    if (!note.empty()) j += ",\"native_only\":true,\"note\":" + Json::quote(note);
    j += "}";
  }
  return j + "]";
}

namespace {
std::string joined(const std::vector<std::string>& lines) {
  std::string e;
  for (const auto& l : lines) e += (e.empty() ? "" : "\n") + l;
  return e;
}
}  // namespace

bool Player::open_text(const std::string& text, const std::string& name, std::string& error) {
  const bool ok = impl_->open_text(text, name);
  error = ok ? "" : impl_->problems.lines.empty() ? impl_->error : joined(impl_->problems.lines);
  return ok;
}

bool Player::open_link(const std::string& link, std::string& error) {
  const bool ok = impl_->open_link(link);
  error = ok ? "" : impl_->problems.lines.empty() ? impl_->error : joined(impl_->problems.lines);
  return ok;
}

void Player::fast_forward(std::int64_t to, double budget_ms) { impl_->fast_forward(to, budget_ms); }

std::int64_t Player::fast_forward_to() const { return impl_->play.fast_forward_to; }

std::int64_t Player::fast_forward_at() const {
  return std::max<std::int64_t>(0, impl_->play.fast_forward_to - impl_->play.queued_iterations);
}

void Player::cancel_fast_forward() { impl_->cancel_fast_forward(); }

std::string Player::pending_data() const { return impl_->pending ? impl_->pending->data : ""; }

void Player::data_arrived(const std::string& data, const std::string& error) { impl_->data_arrived(data, error); }

std::string Player::native_only_note(const std::string& id) const {
  const lessons::LoadResult r = lessons::find_lesson(id);
  return r.ok() ? impl_->native_only(r.lesson) : "";
}

std::string Player::share_link(std::string& error) const { return make_share_link(*impl_, error); }

bool Player::draw_points(const std::vector<double>& xy) {
  impl_->clear_error();
  std::vector<float> all = impl_->data_points();
  std::string e;
  if (xy.size() % 2 != 0) e = "an odd number of coordinates (" + std::to_string(xy.size()) + "): give x, y pairs";
  else if (all.size() / 2 + xy.size() / 2 > kMaxInlinePoints)
    e = std::to_string(all.size() / 2 + xy.size() / 2) + " points: at most " + std::to_string(kMaxInlinePoints);
  for (std::size_t i = 0; e.empty() && i < xy.size(); ++i) {
    if (!std::isfinite(xy[i]) || std::fabs(xy[i]) > 1e6)
      e = "point " + std::to_string(i / 2 + 1) + ": coordinates must be finite and in -1e6..1e6";
    all.push_back(static_cast<float>(xy[i]));
  }
  if (e.empty() && xy.empty()) e = "no points given";
  if (e.empty()) e = impl_->use_points(all);
  if (!e.empty()) impl_->fail(e);
  return e.empty();
}

bool Player::clear_data() {
  impl_->clear_error();
  const std::string e = impl_->clear_drawn();
  if (!e.empty()) impl_->fail(e);
  return e.empty();
}

bool Player::set_target_image(const std::uint8_t* pixels, int width, int height, int channels, const std::string& name) {
  impl_->clear_error();
  std::string e;
  PixelImage img;
  std::vector<float> digit;
  bool inverted = false;
  const run::RunKind kind = impl_->session.loaded() ? impl_->kind() : run::RunKind::Point;
  if (kind != run::RunKind::Latent && kind != run::RunKind::Detect) {
    e = name + ": a digit image is the target of a lesson that finds a latent code (find-latent) or the digit " +
        "detect-fakes scores: open one first";
  } else if (width < 1 || height < 1 || width > 4096 || height > 4096 || channels < 1 || channels > 4 || !pixels) {
    e = name + ": " + std::to_string(width) + "x" + std::to_string(height) + " pixels with " +
        std::to_string(channels) + " channels is not an image (1 to 4 channels of 8 bits)";
  } else {
    img.width = width;
    img.height = height;
    img.channels = channels;
    img.pixels.assign(pixels, pixels + std::size_t(width) * std::size_t(height) * std::size_t(channels));
    e = run::digit_from_image(img, name, digit, &inverted);  // a digit is 28 x 28, as the CLI's invert reads it
  }
  if (e.empty() && kind == run::RunKind::Latent) e = impl_->session.set("target", lessons::latent_target_text(digit.data()));
  if (!e.empty()) {
    (kind == run::RunKind::Detect ? impl_->detect.message : impl_->inversion.message) = e;
    impl_->fail(e);
    return false;
  }
  if (kind == run::RunKind::Detect) {  // scored where the run is, placed on the histogram when the verdict comes
    impl_->detect.canvas = digit;
    ui::score_canvas(*impl_, impl_->detect);
  } else {
    impl_->inversion.canvas = digit;
    impl_->inversion.message.clear();
  }
  if (inverted) impl_->info = name + ": mostly light: taken as dark ink on paper and inverted (MNIST digits are white on black)";
  return true;
}

std::string Player::data_csv() const { return impl_->data_csv(); }
std::string Player::save_data_csv(const std::string& path) const { return impl_->save_data_csv(path); }

std::string Player::get(const std::string& key) const {
  if (impl_->kind() == run::RunKind::Game) return "";
  if (impl_->kind() == run::RunKind::Latent || impl_->kind() == run::RunKind::Detect) {
    const run::Run& r = impl_->session.run();
    if (const run::LatentView* v = r.latent_view()) return lessons::latent_setting_text(v->spec, key);
    if (const run::DetectView* v = r.detect_view()) return lessons::latent_setting_text(v->spec, key);
    return "";
  }
  const GanConfig c = impl_->kind() == run::RunKind::Image ? impl_->image_run().config()
                                                           : impl_->trainer().next_config();
  for (const auto& k : config_keys())
    if (key == k.key) return k.get(c);
  return "";
}

namespace {
// A [latent] run's first fields: lesson, seed, steps, state_hash, and error,
// or loading (true) until its view (spec) came from where it runs; true when the view's fields follow.
bool latent_head(PlayerImpl& p, const lessons::LatentSpec* spec, Json& j) {
  const run::Run& r = p.session.run();
  j.field("lesson", p.lesson().id).field("seed", static_cast<unsigned long long>(spec ? spec->seed : 0));
  j.field("steps", static_cast<long long>(r.iteration())).field("state_hash", r.state_hash_hex());
  if (!r.error().empty()) j.field("error", r.error());
  else if (!spec) j.field("loading", true);
  return r.error().empty() && spec;
}

// A [latent] run: the CLI's --json fields (ganstep run find-latent).
std::string latent_state_json(PlayerImpl& p) {
  const run::LatentView* v = p.session.run().latent_view();
  Json j;
  if (latent_head(p, v ? &v->spec : nullptr, j)) {
    j.field("loss", v->loss).field("pixel_mse", v->pixel).field("feature_mse", v->feature);
    j.field("target", v->spec.target.substr(0, 80)).field("encoder", v->spec.encoder);
    j.field("restart", v->spec.restart).field("starts", v->spec.starts);
    // How much G(z) looks like the target: the Pearson correlation of their pixels; and the target's ink (0..1).
    const float* x = v->target.data();
    const float* y = v->recon.data();
    const std::size_t n = std::min(v->target.size(), v->recon.size());
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
      mx += x[i] / double(n);
      my += y[i] / double(n);
    }
    for (std::size_t i = 0; i < n; ++i) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    j.field("correlation", sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0).field("target_ink", 0.5 * mx + 0.5);
  }
  j.field("snapshots", static_cast<long long>(p.session.snapshot_count()));
  return j.str();
}

// A detect run: the AUCs so far (the CLI's), the position and the snapshots;
// yours: the verdict on a drawn or dropped digit (scoring: still on its way).
std::string detect_state_json(PlayerImpl& p) {
  const run::DetectView* v = p.session.run().detect_view();
  ui::take_verdict(p, p.detect);
  Json j;
  if (latent_head(p, v ? &v->spec : nullptr, j)) {
    j.field("scored", static_cast<long long>(v->scores[0].size()));
    if (const auto* r = p.session.as<run::RemoteRun>()) j.field("scored_ahead", static_cast<long long>(r->helper_batches()));
    std::string aucs;
    for (int g = 1; g < run::kDigitGroups; ++g) {
      const auto group = static_cast<run::DigitGroup>(g);
      if (!v->has_group(group)) continue;
      Json a;
      a.field("fakes", run::group_name(group));
      for (int d = 0; d < kDetectors; ++d)
        a.field(detector_name(static_cast<Detector>(d)), v->roc(static_cast<Detector>(d), group).auc);
      aucs += (aucs.empty() ? "" : ",") + a.str();
    }
    j.raw("auc", "[" + aucs + "]");
  }
  const ui::DetectState& d = p.detect;
  j.field("scoring", d.waiting);
  if (d.scored) {
    Json y;
    y.field("error", d.yours.error).field("d", d.yours.d).field("confidence", d.yours.confidence);
    j.raw("yours", y.str());
  } else if (!d.message.empty()) {
    j.field("yours_error", d.message);
  }
  j.field("snapshots", static_cast<long long>(p.session.snapshot_count()));
  return j.str();
}

// An image run: the CLI's --json fields, the position and the snapshots.
std::string image_state_json(PlayerImpl& p) {
  const run::RemoteRun& g = p.image_run();
  const StepStats& s = g.stats();
  Json j;
  j.field("lesson", p.lesson().id).field("seed", static_cast<unsigned long long>(g.config().seed));
  j.field("steps", static_cast<long long>(g.iteration())).field("state_hash", g.state_hash_hex());
  Json m;
  m.field("loss_d", s.loss_d).field("loss_d_real", s.loss_d_real).field("loss_d_fake", s.loss_d_fake);
  m.field("loss_g", s.loss_g).field("d_real", s.d_real).field("d_fake", s.d_fake);
  if (p.image.judge.ready && p.image.quality_version != 0) m.field("frechet", p.image.quality.frechet);
  j.raw("metrics", m.str());
  j.field("phase", g.next_is_g() ? "g_step" : "d_step").field("dstep", g.dstep()).field("k", g.config().k);
  j.field("next_phase", phase_name(g.phase())).field("algorithm_line", algorithm_line(g.phase()));
  j.field("first_iteration", static_cast<long long>(std::max<std::int64_t>(0, g.iteration() - p.session.iterations())));
  j.field("busy", p.session.busy());
  j.field("snapshots", static_cast<long long>(p.session.snapshot_count()));
  j.field("snapshot_bytes", static_cast<long long>(p.session.snapshot_bytes()));
  j.field("classifier_ready", p.image.judge.ready);
  j.field("classifier_progress", p.image.judge.progress);
  j.field("classifier_cached", p.image.judge.cached);
  // A style-based G's Z and W panels: the iteration they were measured at (-1: not yet).
  if (p.image.dis_shown) j.field("z_w_measured_at", p.image.dis.labels.empty() ? -1LL : static_cast<long long>(p.image.dis_iteration));
  if (!g.error().empty()) j.field("error", g.error());
  return j.str();
}
}  // namespace

int PlayerImpl::narration_page() const {
  const int count = static_cast<int>(session.narration().fired.size());
  return narration.seen == count && narration.page >= 0 ? std::min(narration.page, count - 1) : count - 1;
}

std::string Player::layout_json() const {
  const Layout& l = impl_->layout.rects;
  auto rect = [](const Rect& r) {
    char b[128];
    std::snprintf(b, sizeof b, "[%.1f,%.1f,%.1f,%.1f]", r.x, r.y, r.w, r.h);
    return std::string(b);
  };
  std::string j = "{\"compact\":" + std::string(l.compact ? "true" : "false");
  j += ",\"focus\":" + Json::quote(lessons::panel_name(l.focus));
  const ImVec2 size = ImGui::GetCurrentContext() ? ImGui::GetIO().DisplaySize : ImVec2(0, 0);
  j += ",\"window\":[" + std::to_string(static_cast<int>(size.x)) + "," + std::to_string(static_cast<int>(size.y)) + "]";
  j += ",\"controls\":" + rect(l.controls) + ",\"tabs\":" + rect(l.tabs);
  j += ",\"tab\":" + Json::quote(lessons::panel_name(impl_->layout.tab));
  j += ",\"panels\":{";
  for (std::size_t i = 0; i < l.order.size(); ++i)
    j += (i ? "," : "") + Json::quote(lessons::panel_name(l.order[i])) + ":" + rect(l.of(l.order[i]));
  j += "},\"items\":{";
  const auto& items = impl_->layout.items;
  for (std::size_t i = 0; i < items.size(); ++i)
    j += (i ? "," : "") + Json::quote(items[i].name) + ":" + rect(items[i].rect);
  j += "},\"counters\":[";
  const auto& counters = impl_->layout.counters;
  for (std::size_t i = 0; i < counters.size(); ++i) j += (i ? "," : "") + std::to_string(counters[i]);
  return j + "]}";
}

std::string Player::beats_json() const {
  const run::Narration& n = impl_->session.narration();
  const auto& beats = impl_->lesson().beats;
  std::string j = "{\"shown\":[";
  for (std::size_t i = 0; i < n.fired.size(); ++i) {
    const auto& b = beats[static_cast<std::size_t>(n.fired[i].beat)];
    j += (i ? "," : "") + (b.id.empty() ? std::to_string(n.fired[i].beat) : Json::quote(b.id));
  }
  // The page the panel shows (the newest until the student turns back).
  const int count = static_cast<int>(n.fired.size());
  const int page = impl_->narration_page();
  j += "],\"page\":" + std::to_string(page);
  std::string text;
  if (page >= 0 && page < count) {
    const run::FiredBeat& f = n.fired[static_cast<std::size_t>(page)];
    text = impl_->beat_text(beats[static_cast<std::size_t>(f.beat)].text.get(impl_->text_lang()), f);
  }
  j += ",\"text\":" + Json::quote(text);
  j += ",\"awaiting_answer\":" + std::string(n.script.awaiting_answer() ? "true" : "false");
  if (n.script.awaiting_answer()) {
    const auto& b = beats[static_cast<std::size_t>(n.script.question_beat())];
    j += ",\"question\":" + (b.id.empty() ? std::to_string(n.script.question_beat()) : Json::quote(b.id));
  }
  j += ",\"answers\":[";
  for (std::size_t i = 0; i < n.answers.size(); ++i) {  // a choice's index, a typed text, or -1
    const lessons::Answer& a = n.answers[i];
    j += (i ? "," : "") + (a.choice < 0 && !a.text.empty() ? Json::quote(a.text) : std::to_string(a.choice));
  }
  j += "],\"iterations\":" + std::to_string(impl_->session.iterations());
  j += ",\"finished\":" + std::string(n.script.finished() ? "true" : "false");
  // The panels' options as drawn (the lesson's, as beats changed them, and the student's clicks).
  const PlayerImpl& p = *impl_;
  lessons::PanelOptions o;
  o.base = p.logloss.base;
  o.worked = p.logloss.worked;
  o.show_v = p.logloss.show_v;
  o.p_data = p.view1d.data, o.p_g = p.view1d.gen, o.d = p.view1d.d, o.d_star = p.view1d.d_star;
  o.z_to_x = p.view1d.mapping, o.minibatch_1d = p.view1d.minibatch;
  o.real = p.view2d.real, o.fake = p.view2d.fake, o.heatmap = p.view2d.dmap, o.arrows = p.view2d.arrows;
  o.grid_warp = p.view2d.warp, o.minibatch_2d = p.view2d.minibatch;
  o.chart_v = p.charts.show_v;
  Json po;
  for (const std::string& name : lessons::panel_option_names()) po.field(name, lessons::panel_option_text(o, name));
  j += ",\"panel_options\":" + po.str() + "}";
  return j;
}

bool Player::answer(int choice) {
  const auto& script = impl_->session.narration().script;
  if (!script.awaiting_answer()) return false;
  const auto& q = impl_->lesson().beats[static_cast<std::size_t>(script.question_beat())].question;
  if (!q || q->kind != lessons::AnswerKind::Choice || choice < 0 || choice >= static_cast<int>(q->choices.size()))
    return false;
  Whole whole(impl_->session);
  impl_->answer(lessons::Answer{choice, ""});
  return true;
}

std::string Player::answer_text(const std::string& text) {
  const auto& script = impl_->session.narration().script;
  if (!script.awaiting_answer()) return "no question is waiting for an answer";
  const auto& q = impl_->lesson().beats[static_cast<std::size_t>(script.question_beat())].question;
  if (!q) return "no question is waiting for an answer";
  if (q->kind == lessons::AnswerKind::Choice) return "the question has choices: answer with a choice's index";
  const lessons::Answer a{-1, text};
  const std::string e = lessons::check_answer(*q, a);
  if (!e.empty()) return e;
  Whole whole(impl_->session);
  impl_->answer(a);
  return "";
}

bool Player::load(const std::string& id, std::string& error) {
  const bool ok = impl_->load(id, false, 0);
  error = ok ? "" : impl_->error;
  return ok;
}


bool Player::step(StepSize size, std::int64_t n) {
  Whole whole(impl_->session);
  return impl_->step(size, n);
}
bool Player::busy() const { return impl_->session.loaded() && impl_->session.busy(); }
void Player::executor_failed(const std::string& why) { impl_->executor_failed(why); }

bool Player::load_checkpoint(const std::uint8_t* bytes, std::size_t size, const std::string& name, std::string& error) {
  if (impl_->kind() != run::RunKind::Image) {
    error = name + ": checkpoints belong to image lessons; open one first (e.g. dcgan-mnist)";
    impl_->fail(error);
    return false;
  }
  error = load_image_checkpoint(*impl_, impl_->image, bytes, size, name);
  if (!error.empty()) impl_->fail(error);
  else impl_->clear_error();
  return error.empty();
}
bool Player::back(std::int64_t n) {
  Whole whole(impl_->session);
  return impl_->back_iterations(n);
}
bool Player::back_phases(std::int64_t n) {
  Whole whole(impl_->session);
  return impl_->back_phases(n);
}
bool Player::seek_iteration(std::int64_t it) {
  Whole whole(impl_->session);
  return impl_->seek_iteration(it);
}
bool Player::set(const std::string& key, const std::string& value) {
  Whole whole(impl_->session);
  return impl_->set(key, value);
}
void Player::reset() { impl_->reset(); }

std::string Player::state_json() const {
  if (impl_->kind() == run::RunKind::Game) return game_state_json(impl_->game().main(), impl_->options.lesson, true);
  if (impl_->kind() == run::RunKind::Image) return image_state_json(*impl_);
  if (impl_->kind() == run::RunKind::Latent) return latent_state_json(*impl_);
  if (impl_->kind() == run::RunKind::Detect) return detect_state_json(*impl_);
  return ganstep::state_json(impl_->trainer(), impl_->lesson().id, true);
}

std::string Player::last_error() const { return impl_->error; }
void Player::set_lang(Lang lang) { impl_->lang = lang; }
Lang Player::lang() const { return impl_->lang; }
void Player::set_playing(bool playing) { impl_->set_playing(playing); }
bool Player::playing() const { return impl_->play.playing; }
void Player::set_help_open(bool open) { impl_->help.open = open; }
void Player::set_speed(double steps_per_second) {
  impl_->play.max = !(steps_per_second > 0);
  if (steps_per_second > 0) impl_->play.rate = static_cast<float>(std::min(5000.0, std::max(0.25, steps_per_second)));
}
double Player::iterations_per_second() const { return impl_->play.ips; }
double Player::frame_ms() const { return impl_->play.frame_ms; }
bool Player::moving() const { return impl_->moving(); }

}  // namespace ganstep::ui
