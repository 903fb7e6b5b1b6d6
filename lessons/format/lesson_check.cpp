// Cross-checks of a lesson after every key is read: triggers that can never
// fire, image lessons (data, layers, shapes, memory), panels against the
// data, sizes against the page's memory, settings that beats change.
//   triggers        check_trigger against the run length and metric ranges
//   image lessons   check_image_lesson
//   sizes           default panels, check_size, data_dim
//   the lesson      check_lesson
#include "lessons/format/lesson_schema.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <limits>
#include <set>
#include <tuple>

#include "engine/gan/dataset.h"
#include "engine/gan/resources.h"


namespace ganstep::lessons::schema {
namespace {

// ---------------------------------------------------------------- triggers

// The data set as messages name it: its spec, or "[data] points".
std::string data_name(const Lesson& l) {
  return l.config.data.rfind("points:", 0) == 0 ? "[data] points" : in_quotes(l.config.data);
}

double metric_lo(Metric m, bool minimax) {
  switch (m) {
    case Metric::DReal: case Metric::DFake: return 0;
    case Metric::LossG: return minimax ? -std::numeric_limits<double>::infinity() : 0;
    default: return 0;
  }
}

double metric_hi(Metric m, bool nonsat) {
  switch (m) {
    case Metric::DReal: case Metric::DFake: return 1;
    case Metric::Js: return std::log(2.0);
    case Metric::Hq: return 1;
    case Metric::LossG: return nonsat ? std::numeric_limits<double>::infinity() : 0;
    default: return std::numeric_limits<double>::infinity();
  }
}

std::string fmt_num(double v) {
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Cross-checks a trigger against the lesson (run length, metric ranges).
// modes: the data's Gaussian modes (-1: unknown data, not checked).
void check_trigger(Ctx& c, const Lesson& l, const Trigger& t, bool minimax_possible, bool nonsat_possible, int modes) {
  const std::string len = "the lesson runs " + std::to_string(l.run_length()) +
                          (l.game ? " steps ([game] steps)" : " iterations ([training] iterations)");
  if (t.kind == TriggerKind::AtIteration && t.iteration > l.run_length()) {
    c.error(t.loc, "trigger can never fire: at_iteration = " + std::to_string(t.iteration) + " is after the last iteration",
            {len});
  }
  if ((t.kind == TriggerKind::AtPhase || t.kind == TriggerKind::Metric) && t.after >= l.run_length() && t.after > 0) {
    c.error(t.loc, "trigger can never fire: after = " + std::to_string(t.after) + " is not before the last iteration", {len});
  }
  if (l.game && t.kind == TriggerKind::AtPhase) {
    c.error(t.loc, "trigger can never fire: a [game] lesson has no phases", {"use at_iteration or { metric = \"distance\", ... }"});
    return;
  }
  if (l.image && t.kind == TriggerKind::Metric &&
      (t.metric == Metric::Js || t.metric == Metric::KlDataG || t.metric == Metric::KlGData ||
       t.metric == Metric::Modes || t.metric == Metric::Hq)) {
    c.error(t.loc, std::string("trigger can never fire: ") + metric_name(t.metric) + " is not measured for images",
            {"use d_real, d_fake or loss_*"});
    return;
  }
  if (t.kind == TriggerKind::Metric && (t.metric == Metric::Distance) != l.game.has_value()) {
    c.error(t.loc, std::string("trigger can never fire: ") +
                       (l.game ? "a [game] lesson measures only distance" : "distance needs a [game] section"),
            {l.game ? "use { metric = \"distance\", below = X }" : "use d_real, d_fake, loss_*, js or kl_*"});
    return;
  }
  if (t.kind == TriggerKind::Metric && (t.metric == Metric::Modes || t.metric == Metric::Hq) && modes == 0) {
    c.error(t.loc, std::string("trigger can never fire: ") + metric_name(t.metric) + " counts the modes of " +
                       "mixture, mixture2d, ring8 or grid25 data, and " + data_name(l) + " has none",
            {"use js or kl_data_g for other data"});
    return;
  }
  if (t.kind == TriggerKind::Metric) {
    const double lo = metric_lo(t.metric, minimax_possible);
    const double hi = t.metric == Metric::Modes && modes >= 0 ? modes : metric_hi(t.metric, nonsat_possible);
    const bool never = t.above ? !(t.threshold < hi) : !(t.threshold > lo);
    if (never) {
      std::string range = fmt_num(lo) + " .. " + fmt_num(hi);
      std::string why = std::string(metric_name(t.metric)) + " always lies in " + range;
      if (t.metric == Metric::Js) why += " (ln 2 ≈ 0.6931)";
      if (t.metric == Metric::Modes) why = "the data has " + std::to_string(modes) + " modes, so modes always lies in 0 .. " + std::to_string(modes);
      if (t.metric == Metric::LossG) why += std::string(" with g_loss = ") + (minimax_possible && !nonsat_possible ? "minimax" : "nonsat");
      c.error(t.loc, std::string("trigger can never fire: ") + metric_name(t.metric) + (t.above ? " above " : " below ") +
                         fmt_num(t.threshold),
              {why});
    }
  }
}

// ---------------------------------------------------------------- beat order
//
// Beats fire in file order, each after the one before it. Walking the beats
// in order with the earliest iteration each can fire at (a lower bound: an
// at_iteration fires at its iteration, a trigger with after = N not before
// N; a metric or a phase otherwise whenever the run gets there) finds an
// at_iteration trigger behind a later one: it cannot fire where it says.
// at_iteration, after and the lesson's length count the iterations of the
// current run (from the last reset: a reset starts the count again); --steps
// and the timeline count every iteration played (lessons/README.md).

// A beat followed by a pausing one (pause or a question) whose at_iteration
// has passed when it fires is covered at once: both fire in the same step and
// the run pauses on the second text. That beat can never fire before the next
// pausing beat (a "load" beat is meant to: it is not reported).
struct BeatOrder {
  std::int64_t run_earliest = 0;  // the run's iteration the current beat can fire at, at the earliest
  int bound_by = -1;              // the beat that set run_earliest (-1: none)
  std::int64_t prev_at = 0;       // the beat before: the earliest iteration it fires at
};

void check_order(Ctx& c, const Lesson& l, int index, BeatOrder& o) {
  const Beat& b = l.beats[static_cast<std::size_t>(index)];
  const Trigger& t = b.trigger;
  std::int64_t at = o.run_earliest;
  bool reported = false;
  if (t.kind == TriggerKind::AtIteration) {
    if (t.iteration < o.run_earliest && o.bound_by >= 0) {
      reported = true;
      const Beat& before = l.beats[static_cast<std::size_t>(o.bound_by)];
      c.error(t.loc,
              "at_iteration = " + std::to_string(t.iteration) + " cannot fire there: " +
                  beat_label(o.bound_by, before.id) + " before it (line " + std::to_string(before.loc.line) +
                  ") waits for iteration " + std::to_string(o.run_earliest) + ", so this beat fires with it",
              {"beats fire in file order: move this beat before " + beat_label(o.bound_by, before.id) +
               ", or give it an iteration >= " + std::to_string(o.run_earliest)});
    }
    at = std::max(at, t.iteration);
  } else if (t.kind != TriggerKind::Load) {
    at = std::max(at, t.after);
  }
  const bool positional = t.kind == TriggerKind::Load || t.kind == TriggerKind::AtIteration;
  const std::int64_t own = t.kind == TriggerKind::AtIteration ? t.iteration : 0;
  if (index > 0 && !reported && positional && own <= o.prev_at && (b.pause || b.question)) {
    const Beat& x = l.beats[static_cast<std::size_t>(index - 1)];
    if (x.trigger.kind != TriggerKind::Load && !x.question && !x.reset) {
      const std::string saved = c.prefix;
      c.prefix = beat_label(index - 1, x.id) + ": ";
      c.error(x.trigger.loc,
              "can never fire before the next pausing beat: " + beat_label(index, b.id) + " (line " +
                  std::to_string(b.loc.line) + ", " +
                  (t.kind == TriggerKind::Load ? std::string("\"load\"")
                                               : "at_iteration = " + std::to_string(t.iteration)) +
                  ") fires in the same step, and the run pauses on its text",
              {"give " + beat_label(index, b.id) + " a later iteration, or merge the two texts"});
      c.prefix = saved;
    }
  }
  if (at > o.run_earliest) {
    o.run_earliest = at;
    o.bound_by = index;
  }
  o.prev_at = at;
  if (b.reset) {
    o.run_earliest = 0;
    o.prev_at = 0;
    o.bound_by = -1;
  }
}

// ---------------------------------------------------------------- image lessons

bool is_image_panel(Panel p) {
  return p == Panel::Samples || p == Panel::DOutputs || p == Panel::Latent || p == Panel::Classes ||
         p == Panel::Styles || p == Panel::Projection || p == Panel::Interpolation;
}

// Images a data set holds, for the memory estimate before it is read (an
// idx: folder is checked against kMaxImageDataBytes when it is read).
std::int64_t expected_image_count(const std::string& data) {
  if (data == "mnist") return 10000;
  if (data == "fashion-mnist") return 60000;
  return 0;
}

// An image lesson: data set, layers, shapes (with the noise dimension) and size.
void check_image_lesson(Ctx& c, const Value& root, Lesson& l) {
  const ImageGanSpec& im = *l.image;
  auto find = [&](const char* section, const char* key) -> const Value* {
    const Value* s = root.find(section);
    return s && s->is_table() ? s->find(key) : nullptr;
  };
  const Value* meta = root.find("meta");
  const Loc top = meta ? meta->loc : Loc{1, 1};
  const Value* images = find("data", "images");
  const Value* gl = find("generator", "layers");
  const Value* dl = find("discriminator", "layers");
  const Loc at = images ? images->loc : gl ? gl->loc : dl ? dl->loc : top;
  if (!images) c.error(at, "an image lesson needs [data] images", {"add images = \"mnist\" to [data]"});
  if (!gl) c.error(at, "an image lesson needs [generator] layers", {"list G's layers, e.g. layers = [\"dense(784)\", \"tanh\"]"});
  if (!dl) c.error(at, "an image lesson needs [discriminator] layers", {"list D's layers, ending with \"dense(1)\""});
  for (auto [section, key, config] : {std::tuple<const char*, const char*, const char*>{"data", "set", "data"},
                                      {"generator", "hidden", "g_hidden"}, {"discriminator", "hidden", "d_hidden"}}) {
    const Value* v = find(section, key);
    if (v) c.error(v->loc, std::string("[") + section + "] " + key + " does not apply to an image lesson",
                   {std::string("an image lesson uses [data] images and layers; remove ") + key});
    if (l.is_locked(config))
      c.error(find("locks", "locked") ? find("locks", "locked")->loc : top,
              std::string("cannot lock ") + config + " in an image lesson: it does not apply");
  }
  if (!gl || !dl || im.g.empty() || im.d.empty()) return;
  char net = 'g';
  int bad = -1;
  std::string e = check_image_gan(im, l.config.noise_dim, &net, &bad);
  if (!e.empty()) {
    const Value* list = net == 'g' ? gl : dl;
    Loc where = list->loc;
    if (bad >= 0 && static_cast<std::size_t>(bad) < list->items.size()) where = list->items[bad].loc;
    c.error(where, e, {net == 'g' ? "G maps [noise] dim features to the image shape ([data] shape)"
                                  : "D maps an image to one logit"});
    return;
  }
  // Made to be opened in the page: its memory limit, with the player's snapshots.
  const std::string m = check_memory(
      estimate_image_memory(im, l.config, expected_image_count(im.data), kImagePlayerKeeping), kPageMemoryLimit);
  if (!m.empty()) {
    const Value* batch = find("training", "batch");
    const bool is_batch = m.rfind("batch ", 0) == 0;
    c.error(is_batch && batch ? batch->loc : gl->loc, m,
            {is_batch ? "lower [training] batch" : "use fewer or narrower layers"});
  }
}

// ---------------------------------------------------------------- sizes

// Checks a run configuration for sizes a lesson (or a link) may not ask for:
// the engine's resource model (engine/gan/resources.h) against the page's
// memory, with the player's snapshots. "" or a message; `where` names the
// culprit: "generator", "discriminator" or "batch".
std::string check_size(const GanConfig& cfg, int dim, std::string* where = nullptr) {
  const std::string m = check_memory(estimate_point_memory(cfg, dim, 0, kPointPlayerKeeping), kPageMemoryLimit);
  if (!m.empty() && where)
    *where = m.rfind("batch ", 0) == 0 ? "batch" : m.rfind("d_hidden ", 0) == 0 ? "discriminator" : "generator";
  return m;
}

}  // namespace

std::vector<Panel> game_panels() { return {Panel::Saddle, Panel::Narration}; }
std::vector<Panel> latent_panels() { return {Panel::Inversion, Panel::CodePath, Panel::Narration}; }
std::vector<Panel> detect_panels() { return {Panel::Scores, Panel::Roc, Panel::Narration}; }
std::vector<Panel> image_panels() {
  return {Panel::Samples, Panel::DOutputs, Panel::Charts, Panel::Latent,
          Panel::Classes, Panel::Algorithm, Panel::Narration};
}

std::vector<Panel> default_panels(int dim) {
  return {Panel::Algorithm, dim == 1 ? Panel::View1d : Panel::View2d, Panel::Minibatch,
          Panel::Charts,    Panel::Settings,                          Panel::Narration};
}

int data_dim(const std::string& spec) {
  std::string err;
  auto d = make_dataset(spec, err);
  return d ? d->dim() : 0;
}

// Cross-field checks, after every key is read.
// ---------------------------------------------------------------- branching

// A question's next: every target is a beat id, and from every beat the
// student can reach, some answers lead to the lesson's end (no loop that
// cannot end).
void check_branches(Ctx& c, const Lesson& l) {
  const int n = static_cast<int>(l.beats.size());
  std::vector<std::string> ids;
  for (const auto& b : l.beats)
    if (!b.id.empty()) ids.push_back(b.id);
  bool known = true;
  for (int i = 0; i < n; ++i) {
    const auto& q = l.beats[static_cast<std::size_t>(i)].question;
    if (!q) continue;
    c.prefix = beat_label(i, l.beats[static_cast<std::size_t>(i)].id) + ": ";
    for (const std::string& t : q->next) {
      if (t.empty() || std::find(ids.begin(), ids.end(), t) != ids.end()) continue;
      c.unknown(q->next_loc, "next names no beat: " + in_quotes(t), t, ids,
                ids.empty() ? "give the target beat an id" : "beat ids: " + join(ids));
      known = false;
    }
  }
  c.prefix.clear();
  if (!known || n == 0) return;
  // The beats each beat can lead to (n: the lesson's end).
  auto index_of = [&](const std::string& id) {
    for (int j = 0; j < n; ++j)
      if (l.beats[static_cast<std::size_t>(j)].id == id) return j;
    return -1;
  };
  std::vector<std::vector<int>> succ(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const auto& q = l.beats[static_cast<std::size_t>(i)].question;
    auto& s = succ[static_cast<std::size_t>(i)];
    if (!q || q->next.empty() || q->kind == AnswerKind::Text) { s.push_back(i + 1); continue; }
    const std::size_t slots = q->kind == AnswerKind::Choice ? q->choices.size() : 2;
    for (std::size_t k = 0; k < slots; ++k)
      s.push_back(k < q->next.size() && !q->next[k].empty() ? index_of(q->next[k]) : i + 1);
  }
  std::vector<char> reached(static_cast<std::size_t>(n) + 1, 0), ends(static_cast<std::size_t>(n) + 1, 0);
  std::vector<int> todo = {0};
  reached[0] = 1;
  while (!todo.empty()) {
    const int i = todo.back();
    todo.pop_back();
    if (i >= n) continue;
    for (int j : succ[static_cast<std::size_t>(i)])
      if (j >= 0 && !reached[static_cast<std::size_t>(j)]) { reached[static_cast<std::size_t>(j)] = 1; todo.push_back(j); }
  }
  ends[static_cast<std::size_t>(n)] = 1;
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = n - 1; i >= 0; --i) {
      if (ends[static_cast<std::size_t>(i)]) continue;
      for (int j : succ[static_cast<std::size_t>(i)])
        if (j >= 0 && ends[static_cast<std::size_t>(j)]) { ends[static_cast<std::size_t>(i)] = 1; changed = true; break; }
    }
  }
  for (int i = 0; i < n; ++i) {
    const Beat& b = l.beats[static_cast<std::size_t>(i)];
    if (!reached[static_cast<std::size_t>(i)] || ends[static_cast<std::size_t>(i)] || !b.question || b.question->next.empty())
      continue;
    c.prefix = beat_label(i, b.id) + ": ";
    c.error(b.question->next_loc, "next makes a loop that cannot end: after this question every answer comes back here",
            {"let one answer lead on: \"\" is the next beat in the file"});
    c.prefix.clear();
    return;  // one root cause, one message
  }
}

void check_lesson(Ctx& c, const Value& root, Lesson& l) {
  const Value* meta = root.find("meta");
  const Loc meta_loc = meta ? meta->loc : Loc{1, 1};
  auto loc_of_key = [&](const char* section, const char* key) {
    const Value* s = root.find(section);
    const Value* v = s && s->is_table() ? s->find(key) : nullptr;
    return v ? v->loc : (s ? s->loc : meta_loc);
  };

  if (l.image) check_image_lesson(c, root, l);
  // The schedules' cross-checks (grow_fade within grow_stage, lr_decay_end after lr_decay_start), at their key.
  const std::string schedule = validate_schedules(l.config);
  if (!schedule.empty()) c.error(loc_of_key("training", schedule.substr(0, schedule.find(':')).c_str()), schedule);
  std::string e = validate(l.config);
  if (e == schedule) e.clear();  // reported above
  const int dim = e.empty() && !c.bad_data ? data_dim(l.config.data) : 0;  // 0: unknown, nothing checked against it
  if (l.image) {
    // checked above
  } else if (!e.empty()) {
    if (!c.bad_data) c.error(loc_of_key("data", "set"), e);
  } else {
    std::string where;
    std::string s = check_size(l.config, dim, &where);
    if (!s.empty()) {
      const Loc at = where == "batch" ? loc_of_key("training", "batch") : loc_of_key(where.c_str(), "hidden");
      c.error(at, s, {"use fewer or narrower hidden layers, or a smaller batch"});
    }
  }

  if (l.image && l.config.objective != Objective::Gan)
    c.error(loc_of_key("training", "objective"),
            std::string("objective ") + objective_name(l.config.objective) + " is for 1-D/2-D lessons (the point GAN)",
            {"an image lesson trains with objective gan"});

  // [training] compare: each entry on top of the lesson's settings (their tokens were checked when read)
  if (!l.compare.empty() && (l.game || l.image)) {
    c.error(loc_of_key("training", "compare"),
            std::string("[training] compare overlays point-GAN runs; ") +
                (l.game ? "a [game] lesson compares with [game] compare" : "an image lesson has one run"));
  } else if (e.empty()) {
    for (const auto& entry : l.compare) {
      GanConfig g = l.config;
      std::string ce = apply_compare(g, entry);
      if (ce.empty()) ce = check_size(g, data_dim(g.data), nullptr);
      if (!ce.empty()) c.error(loc_of_key("training", "compare"), "compare " + in_quotes(entry) + ": " + ce);
    }
  }

  // [view]
  if (l.view.panels.empty())  // (unknown data: the 1-D panels, checked against nothing)
    l.view.panels = l.latent ? (l.latent->detect > 0 ? detect_panels() : latent_panels()) : l.game ? game_panels() : l.image ? image_panels() : default_panels(dim ? dim : 1);
  const Loc panels_loc = loc_of_key("view", "panels");
  if (l.latent) {
    if (l.game || l.image)
      c.error(loc_of_key("latent", "generator"), "a [latent] lesson runs no GAN of its own",
              {"remove [game] or [data] images: the generator comes from the lesson named by generator"});
    const bool detect = l.latent->detect > 0;
    for (Panel v : l.view.panels) {
      const bool allowed = v == Panel::Narration || (detect ? v == Panel::Scores || v == Panel::Roc
                                                            : v == Panel::Inversion || v == Panel::CodePath);
      if (!allowed)
        c.error(panels_loc, std::string("panel ") + panel_name(v) +
                                (detect ? " does not show a detect lesson (detect > 0)"
                                        : " needs a GAN run, but this lesson finds a latent code"),
                {detect ? "a [latent] lesson with detect shows scores, roc and narration"
                        : "a [latent] lesson shows inversion, code_path and narration"});
    }
    if (detect && l.iterations != l.latent->detect_iterations())
      c.error(loc_of_key("training", "iterations"),
              "[training] iterations = " + std::to_string(l.iterations) + ", but scoring " +
                  std::to_string(l.latent->detect) + " digits per group " + std::to_string(l.latent->batch) +
                  " at a time takes " + std::to_string(l.latent->detect_iterations()),
              {"set iterations = " + std::to_string(l.latent->detect_iterations())});
    LatentSpec probe = *l.latent;
    for (const auto& b : l.beats) {
      const std::string le = apply_latent_settings(probe, b.set);
      if (!le.empty()) c.error(b.loc, "[latent] " + le);
    }
  } else {
    for (Panel v : {Panel::Inversion, Panel::CodePath, Panel::Scores, Panel::Roc})
      if (l.view.shows(v))
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " needs a [latent] section",
                {"add [latent] with generator = \"dcgan-mnist\""});
  }
  if (l.game) {
    for (Panel v : l.view.panels)
      if (v != Panel::Saddle && v != Panel::Narration)
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " needs a GAN run, but this lesson runs a [game]",
                {"a [game] lesson shows saddle and narration"});
    for (std::size_t i = 0; i < l.game->compare.size(); ++i) {
      GameConfig g = l.game->config;
      std::string ce = apply_compare(g, l.game->compare[i]);
      if (!ce.empty()) c.error(loc_of_key("game", "compare"), "compare " + in_quotes(l.game->compare[i]) + ": " + ce);
    }
    std::string ge = validate_game(l.game->config);
    if (!ge.empty()) c.error(loc_of_key("game", "game"), "[game] " + ge);
  } else if (l.view.shows(Panel::Saddle)) {
    c.error(panels_loc, "panel saddle needs a [game] section", {"add [game] with game = \"bilinear\" (or dirac, custom)"});
  }
  if (l.image) {
    // (minibatch and logloss are the point GAN's minibatch, one number per sample)
    for (Panel v : {Panel::View1d, Panel::View2d, Panel::Saddle, Panel::Minibatch, Panel::Logloss})
      if (l.view.shows(v))
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " cannot show an image lesson",
                {"an image lesson shows samples, d_outputs, latent, classes, styles, projection, interpolation, "
                 "algorithm, charts, settings and narration"});
  } else if (!l.game) {
    for (Panel v : l.view.panels)
      if (is_image_panel(v))
        c.error(panels_loc, std::string("panel ") + panel_name(v) + " needs an image lesson ([data] images)",
                {"samples, d_outputs, latent and classes show image GANs"});
    if (dim == 2 && l.view.shows(Panel::View1d))
      c.error(panels_loc, "panel view1d needs 1-D data, but " + data_name(l) + " is 2-D", {"use view2d"});
  }
  if (dim == 1 && l.view.shows(Panel::View2d))
    c.error(panels_loc, "panel view2d needs 2-D data, but " + data_name(l) + " is 1-D", {"use view1d"});
  if (l.view.focus && !l.view.shows(*l.view.focus))
    c.error(loc_of_key("view", "focus"), std::string("focus = \"") + panel_name(*l.view.focus) + "\" is not one of the panels shown",
            {std::string("add \"") + panel_name(*l.view.focus) + "\" to [view] panels"});
  if (!l.beats.empty() && !l.view.shows(Panel::Narration))
    c.error(panels_loc, "the lesson has beats but [view] panels does not show narration",
            {"add \"narration\" to [view] panels"});

  // beats: settings evolve beat by beat
  bool minimax = l.config.g_loss == GLoss::Minimax, nonsat = !minimax;
  for (const auto& b : l.beats)
    for (const auto& s : b.set)
      if (s.key == "g_loss") (s.value == "minimax" ? minimax : nonsat) = true;
  GanConfig running = l.config;
  GameConfig running_game = l.game ? l.game->config : GameConfig();
  std::set<std::string> ids;
  BeatOrder order;
  int data_modes = -1;  // the data's Gaussian modes (modes and hq triggers); -1: not known
  if (dim && !l.image && !l.game) {
    std::string d;
    if (auto ds = make_dataset(l.config.data, d)) data_modes = static_cast<int>(ds->modes().size());
  }
  for (std::size_t i = 0; i < l.beats.size(); ++i) {
    const Beat& b = l.beats[i];
    c.prefix = beat_label(static_cast<int>(i), b.id) + ": ";
    if (!b.trigger.bad) {
      check_trigger(c, l, b.trigger, minimax, nonsat, data_modes);
      check_order(c, l, static_cast<int>(i), order);
    }
    for (const auto& u : b.unlock)
      if (!l.is_locked(u))
        c.error(b.unlock_loc, "cannot unlock " + in_quotes(u) + ": [locks] does not lock it",
                {l.locked.empty() ? "the lesson locks nothing: remove unlock"
                                  : "locked: " + join(l.locked)});
    if (!b.id.empty() && !ids.insert(b.id).second) c.error(b.loc, "beat id " + in_quotes(b.id) + " is used twice");
    if (b.highlight && !l.view.shows(*b.highlight))
      c.error(b.loc, std::string("highlight = \"") + panel_name(*b.highlight) + "\" is not one of the panels shown",
              {std::string("add \"") + panel_name(*b.highlight) + "\" to [view] panels"});
    if (l.game) {
      for (const auto& s : b.set) {
        const GameKey* k = find_game_key(s.key);
        if (k && !k->retunable && !b.reset)
          c.error(b.loc, "set." + s.key + " cannot change during a run", {"add reset = true to restart the run with it"});
      }
      if (!b.set.empty()) {
        GameConfig next = running_game;
        std::string err = apply_game_settings(next, b.set);
        if (!err.empty()) c.error(b.loc, "after this beat's set: " + err);
        else running_game = next;
      }
    } else if (!l.latent) {  // a [latent] lesson's settings were checked above
      for (const auto& s : b.set) {
        if (!is_live_setting(s.key) && !b.reset)
          c.error(b.loc, "set." + s.key + " cannot change during a run", {"add reset = true to restart the run with it"});
      }
    }
    if (l.image) {
      for (const auto& s : b.set)
        if (s.key == "data" || s.key == "g_hidden" || s.key == "d_hidden" || s.key == "noise_dim")
          c.error(b.loc, "set." + s.key + " cannot change an image lesson's data or networks",
                  {"write another lesson with other [generator] or [discriminator] layers"});
    }
    if (!b.set.empty() && !l.game && !l.image && !l.latent) {
      GanConfig next = running;
      std::string err = apply_settings(next, b.set);
      if (err.empty()) {
        std::string d;
        auto ds = make_dataset(next.data, d);
        if (ds) err = check_size(next, ds->dim());
        if (ds && err.empty() && ds->dim() != dim && dim)
          err = "set.data changes the data's dimension, which the panels cannot follow";
      }
      if (!err.empty()) c.error(b.loc, "after this beat's set: " + err);
      else running = next;
    }
    if (b.question && b.question->kind == AnswerKind::Choice &&
        b.question->answer >= static_cast<int>(b.question->choices.size()) && !b.question->choices.empty())
      c.error(b.question->loc, "answer = " + std::to_string(b.question->answer) + " but there are only " +
                                   std::to_string(b.question->choices.size()) + " choices (counted from 0)");
  }
  c.prefix.clear();
  check_branches(c, l);
  check_beat_texts(c, root, l);
}

}  // namespace ganstep::lessons::schema
