#include <chrono>
#include <cstdio>
#include <string>

#include "engine/gan/metrics.h"
#include "engine/gan/presets.h"
#include "engine/gan/trainer.h"
#include "native/cli/commands.h"
#include "engine/gan/report.h"

namespace ganstep::cli {

int game_command(const RunOptions& o);  // game_command.cpp: the saddle-point games

int run_command(const RunOptions& o) {
  if (o.lesson == "saddle-points") return game_command(o);
  const Preset* preset = find_preset(o.lesson);
  if (!preset) {
    std::vector<std::string> ids;
    for (const auto& p : presets()) ids.push_back(p.id);
    ids.push_back("saddle-points");
    std::string hint = did_you_mean(o.lesson, ids);
    std::fprintf(stderr, "ganstep: error: unknown lesson \"%s\"%s\n", o.lesson.c_str(),
                 hint.empty() ? "" : (" (did you mean \"" + hint + "\"?)").c_str());
    return 1;
  }
  if (o.steps < 0 || o.steps > 100000000) {
    std::fprintf(stderr, "ganstep: error: --steps %lld is out of range 0..100000000\n", o.steps);
    return 2;
  }
  GanConfig config = preset->config;
  for (const auto& kv : o.settings) {
    std::string e = apply_setting(config, kv);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --set %s: %s\n", kv.c_str(), e.c_str());
      return 1;
    }
  }
  if (o.has_seed) config.seed = o.seed;
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
