#include <chrono>
#include <cstdio>
#include <string>

#include "engine/core/text.h"
#include "engine/gan/metrics.h"
#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "engine/io/json.h"
#include "lessons/format/beats.h"
#include "lessons/format/library.h"
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

// Runs a lesson with its script (--beats): set/reset actions applied,
// questions answered right, each beat printed as it fires.
int run_with_beats(const RunOptions& o, const lessons::Lesson& lesson, const GanConfig& config) {
  lessons::Lesson l = lesson;
  l.config = config;
  lessons::LessonRun run(l);
  if (!run.ok()) {
    std::fprintf(stderr, "ganstep: error: %s\n", run.error().c_str());
    return 1;
  }
  const lessons::Lang lang = o.lang == "pt" ? lessons::Lang::Pt : lessons::Lang::En;
  std::string fired_json;
  run.on_fire = [&](const lessons::LessonRun::Fired& f) {
    const lessons::Beat& b = l.beats[static_cast<std::size_t>(f.beat)];
    if (o.json) {
      fired_json += std::string(fired_json.empty() ? "" : ",") + "{\"beat\":" + std::to_string(f.beat + 1) +
                    ",\"iteration\":" + std::to_string(f.iteration) + ",\"phase\":\"" + phase_name(f.next_phase) + "\"}";
      return;
    }
    std::printf("beat %d at iteration %lld (next phase %s): %s\n", f.beat + 1, static_cast<long long>(f.iteration),
                phase_name(f.next_phase), first_line(b.text.get(lang)).c_str());
    for (const auto& s : b.set) std::printf("  set %s = %s\n", s.key.c_str(), s.value.c_str());
    if (b.reset) std::printf("  reset\n");
    std::fflush(stdout);
  };
  run.start();
  const long long every = o.steps >= 10 ? o.steps / 10 : 1;
  auto start = std::chrono::steady_clock::now();
  long long done = 0;
  while (done < o.steps) {
    const auto before = run.trainer().iteration();
    if (!run.step_phase()) {
      std::fprintf(stderr, "ganstep: error: %s\n", run.error().c_str());
      return 3;
    }
    if (run.trainer().iteration() != before + 1) continue;
    ++done;
    if (!o.json && (done % every == 0 || done == o.steps)) {
      const StepStats& s = run.trainer().stats();
      const Divergences d = measure_divergences(run.trainer());
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("iteration %7lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  JS %.4f  (%.0f it/s)\n",
                  done, o.steps, s.loss_d, s.loss_g, s.d_real, s.d_fake, d.js, done / (secs > 0 ? secs : 1e-9));
      std::fflush(stdout);
    }
  }
  const int total = static_cast<int>(l.beats.size());
  const int fired = static_cast<int>(run.fired().size());
  if (o.json) {
    std::string j = state_json(run.trainer(), o.lesson, false);
    j.pop_back();
    std::printf("%s,\"beats_fired\":[%s],\"beats\":%d}\n", j.c_str(), fired_json.c_str(), total);
  } else {
    std::printf("beats fired: %d of %d\n", fired, total);
    std::printf("state_hash %s\n", run.trainer().state_hash_hex().c_str());
  }
  return 0;
}

}  // namespace

int run_command(const RunOptions& o) {
  lessons::LoadResult found = lessons::find_lesson(o.lesson);
  if (!found.ok()) {
    if (lessons::looks_like_path(o.lesson)) {
      for (const auto& p : found.problems) std::fputs(lessons::format_problem(o.lesson, p).c_str(), stderr);
      std::fprintf(stderr, "ganstep: error: %s is not a valid lesson (`ganstep check %s` lists every problem)\n",
                   o.lesson.c_str(), o.lesson.c_str());
      return 1;
    }
    std::vector<std::string> ids = lessons::builtin_ids();
    std::string hint = did_you_mean(o.lesson, ids);
    std::fprintf(stderr, "ganstep: error: unknown lesson %s%s\n", quote_input(o.lesson).c_str(),
                 hint.empty() ? "" : (" (did you mean \"" + hint + "\"?)").c_str());
    return 1;
  }
  if (found.lesson.image) {  // image_run.cpp; without --steps, the lesson's run length
    RunOptions io = o;
    if (!o.has_steps) io.steps = found.lesson.iterations;
    return image_run_command(io, found.lesson);
  }
  if (o.batch >= 0 || o.threads || !o.data.empty() || !o.out.empty() || o.resume) {
    std::fprintf(stderr, "ganstep: error: --batch, --threads, --data, --out and --resume apply to image lessons only "
                         "(use --set batch=N)\n");
    return 2;
  }
  if (found.lesson.game) {
    if (o.beats) {
      std::fprintf(stderr, "ganstep: error: --beats is not available for a [game] lesson (%s)\n", o.lesson.c_str());
      return 2;
    }
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
  if (o.beats) return run_with_beats(o, found.lesson, config);
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
    if (!o.json && ((i + 1) % every == 0 || i + 1 == o.steps)) {
      const StepStats& s = t.stats();
      const Divergences d = measure_divergences(t);
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("iteration %7lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  JS %.4f  (%.0f it/s)\n",
                  i + 1, o.steps, s.loss_d, s.loss_g, s.d_real, s.d_fake, d.js, (i + 1) / (secs > 0 ? secs : 1e-9));
      std::fflush(stdout);
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
