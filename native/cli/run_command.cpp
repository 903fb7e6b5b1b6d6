#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "engine/core/text.h"
#include "engine/gan/metrics.h"
#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "engine/io/bytes.h"
#include "engine/io/json.h"
#include "engine/game/game_report.h"
#include "lessons/format/library.h"
#include "lessons/run/game_runs.h"
#include "lessons/run/point_run.h"
#include "lessons/run/preview.h"
#include "lessons/run/session.h"
#include "native/cli/commands.h"
#include "native/cli/image_commands.h"
#include "engine/gan/report.h"

namespace ganstep::cli {

// game_command.cpp: a lesson with a [game] section (the saddle-point games).
int game_command(const RunOptions& o, const GameConfig& base);

namespace {

// The first line of a beat's text, for --beats.
std::string first_line(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t\n");
  if (a == std::string::npos) return "";
  std::size_t b = s.find('\n', a);
  std::string l = s.substr(a, b == std::string::npos ? std::string::npos : b - a);
  return l.size() > 100 ? l.substr(0, 97) + "..." : l;
}

// One progress line of a point GAN run: `done` of `steps` iterations since `start`.
void print_progress(const Trainer& t, long long done, long long steps, std::chrono::steady_clock::time_point start) {
  const StepStats& s = t.stats();
  const Divergences d = measure_divergences(t);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("iteration %7lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  JS %.4f  (%.0f it/s)\n", done,
              steps, s.loss_d, s.loss_g, s.d_real, s.d_fake, d.js, done / (secs > 0 ? secs : 1e-9));
  std::fflush(stdout);
}

// --samples OUT.csv: G's 4096 samples from the metrics' fixed noise (the ones
// js, kl_* and modes measure), one "x" or "x,y" row each, written atomically
// (a temporary file renamed over OUT; a symbolic link at OUT is refused).
std::string write_samples(const std::string& path, const Trainer& t) {
  Tensor2 gen;
  generator_samples(t, gen);
  const std::size_t n = gen.shape()[0], dim = gen.shape()[1];
  std::string text = dim == 1 ? "x\n" : "x,y\n";
  char buf[64];
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < dim; ++a) {
      std::snprintf(buf, sizeof buf, "%s%.9g", a ? "," : "", static_cast<double>(gen(i, a)));
      text += buf;
    }
    text += "\n";
  }
  return write_file_atomic(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace

std::optional<bool> beat_claim_holds(const lessons::Lesson& l, const std::string& text, const run::FiredBeat& f,
                                     lessons::Claim& claim) {
  const bool parsed = lessons::parse_claim(text, lessons::value_names(l), claim).empty();
  return parsed ? lessons::claim_holds(claim, f.values) : std::nullopt;
}

std::string fired_beat_json(const lessons::Lesson& l, const run::FiredBeat& f) {
  const lessons::Beat& b = l.beats[static_cast<std::size_t>(f.beat)];
  Json j;
  j.field("beat", f.beat + 1);
  if (!b.id.empty()) j.field("id", b.id);
  j.field("iteration", static_cast<long long>(f.iterations))
      .field("run_iteration", static_cast<long long>(f.iteration))
      .field("phase", phase_name(f.next_phase));
  if (b.trigger.kind == lessons::TriggerKind::Metric) j.field("metric", lessons::metric_name(b.trigger.metric));
  if (!std::isnan(f.value)) j.field("value", f.value);
  Json values;  // what its text and claims see (beat_text.h)
  for (const auto& name : lessons::value_names(l))
    if (auto v = f.values.get(name)) values.field(name, *v);
  j.raw("values", values.str());
  std::string claims;
  for (const auto& c : b.claims) {
    lessons::Claim claim;
    const std::optional<bool> holds = beat_claim_holds(l, c, f, claim);
    Json cj;
    cj.field("claim", c);
    if (holds) cj.field("holds", *holds);
    else cj.raw("holds", "null");
    claims += (claims.empty() ? "" : ",") + cj.str();
  }
  if (!b.claims.empty()) j.raw("claims", "[" + claims + "]");
  return j.str();
}

std::string narration_json(const lessons::Lesson& l, const run::Session& session, bool followed) {
  // The narration at the end, as the page's ganstep.beats() gives it.
  const auto& n = session.narration();
  auto name = [&](int beat) {
    const auto& b = l.beats[static_cast<std::size_t>(beat)];
    return b.id.empty() ? std::to_string(beat) : Json::quote(b.id);
  };
  std::string fired, shown, given;
  for (const auto& f : n.fired) {
    fired += (fired.empty() ? "" : ",") + fired_beat_json(l, f);
    shown += (shown.empty() ? "" : ",") + name(f.beat);
  }
  for (std::size_t i = 0; i < n.answers.size(); ++i) {
    const lessons::Answer& given_i = n.answers[i];
    if (!given_i.given()) continue;
    const auto& q = *l.beats[i].question;
    Json a;
    a.field("beat", static_cast<int>(i) + 1);
    if (!l.beats[i].id.empty()) a.field("id", l.beats[i].id);
    if (q.kind == lessons::AnswerKind::Choice) a.field("choice", given_i.choice);
    else a.field("text", given_i.text);
    if (q.kind != lessons::AnswerKind::Text) a.field("right", lessons::answer_right(q, given_i));
    given += (given.empty() ? "" : ",") + a.str();
  }
  std::string question = "null";
  if (n.script.awaiting_answer()) question = name(n.script.question_beat());
  return std::string("\"beats_followed\":") + (followed ? "true" : "false") + ",\"beats_fired\":[" + fired +
         "],\"beats\":" + std::to_string(l.beats.size()) + ",\"shown\":[" + shown + "],\"answers\":[" + given +
         "],\"question\":" + question;
}

namespace {

// Runs a lesson on the lesson runtime (the same Session the player and the
// page drive) and reports its beats. --beats (or --answer): the script is
// followed (set/reset actions applied) and each beat printed as it fires;
// else (--json alone) the lesson's own run is watched: the beats fire and
// are reported, their actions are not applied (the same state as without
// --json). Questions are answered as lessons/run/preview.h says: --answer's
// choice, else the right one, at the end of the iteration that asks them.
int run_with_beats(const RunOptions& options, const lessons::Lesson& lesson, const GanConfig& config) {
  lessons::Lesson l = lesson;
  l.config = config;
  RunOptions o = options;
  o.beats = o.beats || !o.answers.empty();  // --answer implies --beats
  const bool follow = o.beats;
  std::vector<run::PresetAnswer> answers;
  std::string error = run::parse_preset_answers(l, o.answers, answers);
  if (!error.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", error.c_str());
    return 2;
  }
  if (o.steps < 0 || o.steps > 100000000) {
    std::fprintf(stderr, "ganstep: error: --steps %lld is out of range 0..100000000\n", o.steps);
    return 2;
  }
  run::Session session;
  session.js_every = 0;  // no charts here
  session.follow_actions = follow;
  if (!session.load(l, o.has_seed ? std::optional<std::uint64_t>(o.seed) : std::nullopt, error)) {
    std::fprintf(stderr, "ganstep: error: %s\n", error.c_str());
    return 1;
  }
  if (l.game && !set_through_session(session, o.settings)) return 1;  // as the player's settings do
  const lessons::Lang lang = o.lang == "pt" ? lessons::Lang::Pt : lessons::Lang::En;
  std::size_t printed = 0;
  std::vector<bool> answer_printed(l.beats.size(), false);
  auto report = [&] {  // the beats fired (and answers given) since the last call
    const auto& n = session.narration();
    // Answers first: an answer comes before the beats it lets fire.
    for (std::size_t i = 0; i < n.answers.size(); ++i) {
      const lessons::Answer& a = n.answers[i];
      if (!a.given()) answer_printed[i] = false;  // asked (again) by a branch back to it
      if (!a.given() || answer_printed[i] || o.json || !o.beats) continue;
      answer_printed[i] = true;
      const auto& q = *l.beats[i].question;
      const char* verdict = q.kind == lessons::AnswerKind::Text ? "recorded" : lessons::answer_right(q, a) ? "right" : "wrong";
      if (q.kind == lessons::AnswerKind::Choice)
        std::printf("  beat %d answered: choice %d, %s\n", static_cast<int>(i) + 1, a.choice, verdict);
      else
        std::printf("  beat %d answered: \"%s\", %s\n", static_cast<int>(i) + 1, a.text.c_str(), verdict);
    }
    for (; printed < n.fired.size(); ++printed) {
      const run::FiredBeat& f = n.fired[printed];
      const lessons::Beat& b = l.beats[static_cast<std::size_t>(f.beat)];
      if (o.json || !o.beats) continue;
      std::printf("beat %d%s at iteration %lld (next phase %s): %s\n", f.beat + 1,
                  b.id.empty() ? "" : (" \"" + b.id + "\"").c_str(), static_cast<long long>(f.iterations),
                  phase_name(f.next_phase), first_line(lessons::fill_text(b.text.get(lang), f.values, lang)).c_str());
      if (!std::isnan(f.value))
        std::printf("  %s = %.6g\n", lessons::metric_name(b.trigger.metric), f.value);
      for (const auto& c : b.claims) {  // what the library's claims test checks
        lessons::Claim claim;
        const std::optional<bool> holds = beat_claim_holds(l, c, f, claim);
        const std::optional<double> v = f.values.get(claim.name);
        std::printf("  claim \"%s\": %s", c.c_str(), !holds ? "cannot be checked" : *holds ? "holds" : "DOES NOT HOLD");
        if (v) std::printf(" (%s = %.6g)", claim.name.c_str(), *v);
        std::printf("\n");
      }
      for (const auto& st : b.set) std::printf("  set %s = %s\n", st.key.c_str(), st.value.c_str());
      for (const auto& st : b.view_set) std::printf("  set %s = %s\n", st.key.c_str(), st.value.c_str());
      if (b.reset) std::printf("  reset\n");
      std::fflush(stdout);
    }
  };
  report();
  const long long every = o.steps >= 10 ? o.steps / 10 : 1;
  auto start = std::chrono::steady_clock::now();
  long long last_progress = 0;
  const bool ok = run::play_to(session, o.steps, answers, [&] {
    report();
    const long long done = session.iterations();
    if (!o.json && !l.game && done != last_progress && (done % every == 0 || done == o.steps)) {
      last_progress = done;
      print_progress(session.as<run::PointRun>()->trainer(), done, o.steps, start);
    }
  });
  if (!ok) {
    std::fprintf(stderr, "ganstep: error: %s\n", session.error().c_str());
    return 3;
  }
  if (!o.samples.empty()) {
    const std::string e = write_samples(o.samples, session.as<run::PointRun>()->trainer());
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --samples: %s\n", e.c_str());
      return 1;
    }
  }
  const int total = static_cast<int>(l.beats.size());
  const int fired = static_cast<int>(session.narration().fired.size());
  if (o.json) {
    std::string j = l.game ? game_state_json(session.as<run::GameRuns>()->main(), o.lesson, false)
                           : state_json(session.as<run::PointRun>()->trainer(), o.lesson, false);
    j.pop_back();
    if (const auto* pr = session.as<run::PointRun>(); pr && !pr->compared().empty()) {  // each compared run's end
      std::string c;
      for (std::size_t r = 0; r < pr->compared().size(); ++r)
        c += (r ? "," : "") + compared_json(pr->compared()[r], pr->compare_entries()[r]);
      j += ",\"compared\":[" + c + "]";
    }
    std::printf("%s,%s}\n", j.c_str(), narration_json(l, session, follow).c_str());
  } else {
    std::printf("beats fired: %d of %d\n", fired, total);
    std::printf("state_hash %s\n", session.run().state_hash_hex().c_str());
    if (const auto* pr = session.as<run::PointRun>())
      for (std::size_t r = 0; r < pr->compared().size(); ++r) {
        const Trainer& t = pr->compared()[r];
        const StepStats& s = t.stats();
        std::printf("run %zu (compare \"%s\"): loss_d %.4f  loss_g %.4f  js %.4f  state_hash %s%s%s\n", r + 2,
                    pr->compare_entries()[r].c_str(), s.loss_d, s.loss_g, measure_divergences(t).js,
                    t.state_hash_hex().c_str(), t.ok() ? "" : "  stopped: ", t.error().c_str());
      }
  }
  return 0;
}

}  // namespace

bool set_through_session(run::Session& session, const std::vector<std::string>& settings) {
  for (const auto& kv : settings) {
    const std::size_t eq = kv.find('=');
    const std::string e = eq == std::string::npos ? "expected key=value" : session.set(kv.substr(0, eq), kv.substr(eq + 1));
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --set %s: %s\n", quote_input(kv).c_str(), e.c_str());
      return false;
    }
  }
  return true;
}

int lesson_not_found(const std::string& id_or_path, const lessons::LoadResult& found) {
  if (lessons::looks_like_path(id_or_path)) {
    for (const auto& p : found.problems) std::fputs(lessons::format_problem(id_or_path, p).c_str(), stderr);
    std::fprintf(stderr, "ganstep: error: %s is not a valid lesson (`ganstep check %s` lists every problem)\n",
                 id_or_path.c_str(), id_or_path.c_str());
    return 1;
  }
  std::vector<std::string> ids = lessons::builtin_ids();
  std::string hint = did_you_mean(id_or_path, ids);
  std::fprintf(stderr, "ganstep: error: unknown lesson %s%s\n", quote_input(id_or_path).c_str(),
               hint.empty() ? "" : (" (did you mean \"" + hint + "\"?)").c_str());
  return 1;
}

int run_command(const RunOptions& o) {
  lessons::LoadResult found = lessons::find_lesson(o.lesson);
  if (!found.ok()) return lesson_not_found(o.lesson, found);
  for (const auto& w : found.warnings) std::fputs(lessons::format_problem(o.lesson, w).c_str(), stderr);
  if (!o.samples.empty()) {  // checked before a long run, not after it
    if (found.lesson.image || found.lesson.game) {
      std::fprintf(stderr, "ganstep: error: --samples writes G's samples of a 1-D or 2-D lesson; %s is %s\n",
                   quote_input(o.lesson).c_str(), found.lesson.image ? "an image lesson" : "a [game] lesson");
      return 2;
    }
    const std::size_t slash = o.samples.rfind('/');
    std::string e = check_writable_dir(slash == std::string::npos ? "." : slash == 0 ? "/" : o.samples.substr(0, slash));
    if (e.empty()) e = check_replaceable(o.samples);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --samples: %s\n", e.c_str());
      return 1;
    }
  }
  if (found.lesson.latent) {  // latent_commands.cpp
    RunOptions lo = o;
    if (!o.has_steps) lo.steps = found.lesson.iterations;
    if (found.lesson.latent->detect > 0) return detect_run_command(lo, found.lesson);  // detect_commands.cpp
    return latent_run_command(lo, found.lesson);
  }
  if (o.from_scratch) {
    std::fprintf(stderr, "ganstep: error: --from-scratch applies to lessons that start from trained models (find-latent)\n");
    return 2;
  }
  if (found.lesson.image) {  // image_run.cpp; without --steps, the lesson's run length
    RunOptions io = o;
    if (!o.has_steps) io.steps = found.lesson.iterations;
    return image_run_command(io, found.lesson);
  }
  if (o.batch >= 0 || o.threads || !o.data.empty() || !o.out.empty() || o.resume || !o.resume_from.empty()) {
    std::fprintf(stderr, "ganstep: error: --batch, --threads, --data, --out, --resume and --resume-from apply to "
                         "image lessons only "
                         "(use --set batch=N)\n");
    return 2;
  }
  // Beats followed or reported, or runs compared: through the lesson's Session.
  const bool scripted = o.beats || o.json || !o.answers.empty() || !found.lesson.compare.empty();
  if (found.lesson.game) {
    if (scripted) return run_with_beats(o, found.lesson, found.lesson.config);
    return game_command(o, found.lesson.game->config);
  }
  if (o.steps < 0 || o.steps > 100000000) {
    std::fprintf(stderr, "ganstep: error: --steps %lld is out of range 0..100000000\n", o.steps);
    return 2;
  }
  GanConfig config = found.lesson.config;
  for (const auto& kv : o.settings) {
    std::string e = apply_setting(config, kv);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --set: %s\n", e.c_str());  // e names the key, quotes the value
      return 1;
    }
  }
  if (o.has_seed) config.seed = o.seed;
  if (scripted) return run_with_beats(o, found.lesson, config);
  Trainer t(config);
  if (!t.ok()) {
    std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
    return 1;
  }
  const long long every = o.steps >= 10 ? o.steps / 10 : 1;
  auto start = std::chrono::steady_clock::now();
  for (long long i = 0; i < o.steps; ++i) {
    if (!t.step_iteration()) {
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      return 3;
    }
    if (!o.json && ((i + 1) % every == 0 || i + 1 == o.steps)) print_progress(t, i + 1, o.steps, start);
  }
  if (!o.samples.empty()) {
    const std::string e = write_samples(o.samples, t);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --samples: %s\n", e.c_str());
      return 1;
    }
  }
  if (o.json) {
    std::printf("%s\n", state_json(t, o.lesson, false).c_str());
  } else {
    std::printf("state_hash %s\n", t.state_hash_hex().c_str());
  }
  return 0;
}

}  // namespace ganstep::cli
