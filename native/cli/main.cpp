// ganstep: the headless command line.
//   ganstep run LESSON --steps N [--seed S] [--set key=value ...] [--json]
//   ganstep bench [--preset ID] [--iterations N] [--repeats R] [--json]
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/gan/config.h"
#include "native/cli/commands.h"

int main(int argc, char** argv) {
  using namespace ganstep::cli;
  CLI::App app{"ganstep: step through GAN training (Goodfellow et al. 2014, Algorithm 1)"};
  app.require_subcommand(1);

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Train a lesson headless and print progress");
  run_cmd->add_option("lesson", run.lesson, "Lesson id (gauss-1d, ring-2d, tiny-2d)")->required();
  run_cmd->add_option("--steps", run.steps, "Iterations to run (each: k D-steps and one G-step)");
  auto* seed_opt = run_cmd->add_option("--seed", run.seed, "Random seed (overrides the lesson's)");
  std::string keys;
  for (const auto& k : ganstep::config_keys()) keys += std::string("\n  ") + k.key + ": " + k.help;
  run_cmd->add_option("--set", run.settings, "Override a setting, key=value. Keys:" + keys);
  run_cmd->add_flag("--json", run.json, "Print one JSON object with the final state");

  BenchOptions bench;
  auto* bench_cmd = app.add_subcommand("bench", "Measure training speed (iterations per second)");
  bench_cmd->add_option("--preset", bench.preset, "Configuration to time");
  bench_cmd->add_option("--iterations", bench.iterations, "Iterations per repeat");
  bench_cmd->add_option("--repeats", bench.repeats, "Repeats (the median is reported)");
  bench_cmd->add_flag("--json", bench.json, "Print one JSON object");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*run_cmd) {
    run.has_seed = seed_opt->count() > 0;
    return run_command(run);
  }
  if (*bench_cmd) return bench_command(bench);
  return 2;
}
