// ganstep: the headless command line.
//   ganstep run LESSON --steps N [--seed S] [--set key=value ...] [--json]
//   ganstep run IMAGE-LESSON --steps N [--batch B] [--threads T] [--data DIR] [--out DIR] [--resume]
//               [--resume-from FILE] [--sample-every M] [--checkpoint-minutes T] [--fast] [--json]
//               [--fd-every N] [--fd-target F] [--no-compare]   (growing lessons)
//   ganstep bench [PRESET|dcgan|peak] [--iterations N] [--repeats R] [--batch B] [--threads T] [--fast]
//                 [--profile] [--json]
//   ganstep bench point [LESSON] [--iterations N] [--repeats R] [--json]
//   ganstep quality [--data DIR] [--json]
//   ganstep sample LESSON|CHECKPOINT --n N --out FILE.npy|DIR [--seed S] [--steps N] [--threads T] [--data DIR]
//   ganstep invert --image DIGIT.png [--checkpoint C] --out PREFIX [--updates N] [--starts K] [--encoder] [--json]
//   ganstep detect --images DIR [--out FILE.csv] [--checkpoint C] [--updates N] [--json]
//   ganstep models [--data DIR] [--json]
//   ganstep check FILE... [--link STRING]...
//   ganstep lessons [--json] [--keys]
//   ganstep share FILE
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>

#include "engine/core/parallel.h"
#include "engine/core/rng.h"
#include "engine/core/text.h"
#include "engine/gan/config.h"
#include "engine/gan/resources.h"
#include "native/cli/commands.h"
#include "native/last_resort.h"
#include "native/shell_env.h"

namespace {

// Fault injection for the test suite (tests/cli/hostile.sh): GANSTEP_TEST_THROW
// = bad_alloc | runtime_error | worker throws that exception where a command
// starts (worker: inside a parallel_for task, on a pool thread natively). It
// checks that the last-resort handlers turn it into exit 1 with a message.
void test_fault() {
  const char* what = std::getenv("GANSTEP_TEST_THROW");
  if (!what) return;
  const std::string w = what;
  if (w == "bad_alloc") throw std::bad_alloc();
  if (w == "runtime_error") throw std::runtime_error("injected by GANSTEP_TEST_THROW");
  if (w == "worker") {
    ganstep::set_thread_count(2);
    ganstep::parallel_for(2, [](int i) {
      if (i == 1) throw std::bad_alloc();
    });
  }
}

int run_main(int argc, char** argv);

}  // namespace

namespace {

// A parse error of CLI11 quotes the offending argument in full: each argument
// (or its value after '=') longer than kMaxEchoChars is shown by quote_input.
std::string clip_arguments(std::string message, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    for (int pass = 0; pass < 2; ++pass) {
      if (arg.size() > ganstep::kMaxEchoChars) {
        const std::string shown = ganstep::quote_input(arg);
        for (std::size_t at = message.find(arg); at != std::string::npos; at = message.find(arg, at + shown.size()))
          message.replace(at, arg.size(), shown);
      }
      const std::size_t eq = arg.find('=');
      if (eq == std::string::npos) break;
      arg = arg.substr(eq + 1);
    }
  }
  return message;
}

}  // namespace

int main(int argc, char** argv) {
  return ganstep::native::main_with_last_resort("ganstep", run_main, argc, argv);
}

namespace {

// A --seed option: given is whether it was; false (with the message) when its
// text is not a seed, 0..2^53 (parse_seed, as --set seed= checks it).
bool seed_given(const CLI::Option* opt, const std::string& text, std::uint64_t& seed, bool& given) {
  given = opt->count() > 0;
  if (!given) return true;
  const std::string e = ganstep::parse_seed(text, seed);
  if (e.empty()) return true;
  std::fprintf(stderr, "ganstep: error: --seed %s\n", e.c_str());
  return false;
}

int run_main(int argc, char** argv) {
  using namespace ganstep::cli;
  CLI::App app{"ganstep: step through GAN training (Goodfellow et al. 2014, Algorithm 1)"};
  app.require_subcommand(1);

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Train a lesson headless and print progress");
  run_cmd->add_option("lesson", run.lesson,
                      "Lesson id (see `ganstep lessons`; also gauss-1d, ring-2d, tiny-2d) "
                      "or a lesson file (a path: contains '/' or ends with .toml)")
      ->required();
  auto* steps_opt = run_cmd->add_option(
      "--steps", run.steps, "Iterations to run (each: k D-steps and one G-step; default 100, image lessons: the lesson's)");
  std::string seed_text;  // checked by parse_seed (0..2^53), as --set seed= is
  auto* seed_opt = run_cmd->add_option("--seed", seed_text, "Random seed, 0..2^53 (overrides the lesson's)");
  std::string keys;
  for (const auto& k : ganstep::config_keys()) keys += "\n  " + ganstep::describe_key(k);
  run_cmd->add_option("--set", run.settings, "Override a setting, key=value. Keys:" + keys);
  run_cmd->add_flag("--fast", run.fast,
                    "Fast arithmetic, natively only: the same as --set mode=fast (fused multiply-adds, the widest "
                    "vectors; deterministic per machine and thread count, not bit-identical to the page)");
  run_cmd->add_flag("--json", run.json, "Print one JSON object with the final state and the beats that fired (without --beats: watched, their set/reset not applied)");
  run_cmd->add_flag("--beats", run.beats,
                    "Follow the lesson's beats: apply their set/reset actions and print each as it fires");
  run_cmd->add_option("--answer", run.answers,
                      "Answer a question as a student would, BEAT=VALUE (the beat's id or number from 1; the "
                      "choice from 0, a number such as 0.1899 or 0,1899, or a text); other questions get their "
                      "right answer. Implies --beats");
  run_cmd->add_option("--samples", run.samples,
                      "Write G's 4096 samples at the end as a CSV (x or x,y rows; 1-D and 2-D lessons), atomically");
  run_cmd->add_option("--lang", run.lang, "Language of printed beats: en or pt")->check(CLI::IsMember({"en", "pt"}));
  run_cmd->add_option("--batch", run.batch, "Image lessons: minibatch size (default: the lesson's)");
  run_cmd->add_option("--threads", run.threads, "Image lessons: threads (default: all cores)");
  run_cmd->add_option("--data", run.data, "Image lessons: a folder of IDX files (train-images-idx3-ubyte[.gz], "
                                          "train-labels-idx1-ubyte[.gz])");
  run_cmd->add_option("--out", run.out, "Image lessons: output folder (default runs/LESSON)");
  run_cmd->add_flag("--resume", run.resume,
                    "Image lessons: continue the run saved in --out up to --steps (--set may change learning "
                    "rates, momenta, betas, k and g_loss)");
  run_cmd->add_option("--resume-from", run.resume_from,
                      "Image lessons: continue from this checkpoint (e.g. OUT/checkpoint-000400.gsck, one of the "
                      "last 3 kept) into --out");
  run_cmd->add_option("--checkpoint-minutes", run.checkpoint_minutes,
                      "Image lessons: also write a checkpoint at least every T minutes (default 10, 0.01..1440)");
  run_cmd->add_option("--sample-every", run.sample_every,
                      "Image lessons: write a sample grid, the CSV and a checkpoint every M iterations (0: at the end)");
  run_cmd->add_option("--fd-every", run.fd_every,
                      "Growing image lessons: measure the Frechet distance every N iterations and at each stage's "
                      "end (default 100)");
  run_cmd->add_option("--fd-target", run.fd_target,
                      "Growing image lessons: the Frechet distance whose iterations and seconds are compared "
                      "(default: the worse of the two runs' final ones)");
  run_cmd->add_flag("--no-compare", run.no_compare,
                    "Growing image lessons: skip the comparison run (the same nets at full size from iteration 0)");

  run_cmd->add_flag("--from-scratch", run.from_scratch,
                    "Lessons that start from trained models (find-latent): train them now instead of loading the "
                    "ones trained at set-up");
  run_cmd->add_option("--compare-digits", run.compare_digits,
                      "find-latent: held-out digits in the updates-to-target comparison and the known-z check "
                      "(default 10; 0 skips both)")
      ->check(CLI::Range(0, 1000));

  InvertOptions invert;
  auto* invert_cmd = app.add_subcommand(
      "invert", "Find the latent code of a 28x28 digit (PNG) through a trained G: writes PREFIX.npy (the code) and "
                "PREFIX.png (G's reconstruction)");
  invert_cmd->add_option("--image", invert.image, "The digit: a 28x28 PNG, 8 bits per channel")->required();
  invert_cmd->add_option("--checkpoint", invert.checkpoint,
                         "A checkpoint of an image lesson's run (default: lesson 8's G trained at set-up)");
  invert_cmd->add_option("--out", invert.out, "Output prefix: PREFIX.npy and PREFIX.png")->required();
  invert_cmd->add_option("--updates", invert.updates, "Adam updates of z (default 500)");
  invert_cmd->add_option("--starts", invert.starts, "Codes searched side by side from random starts (default 4)");
  std::string invert_seed = "1";
  invert_cmd->add_option("--seed", invert_seed, "Seed of the random start codes");
  invert_cmd->add_flag("--encoder", invert.encoder, "Start from the encoder's guess E(x) (the set-up's G only)");
  invert_cmd->add_option("--data", invert.data, "A folder of MNIST IDX files (default: the set-up's)");
  invert_cmd->add_flag("--json", invert.json, "Print one JSON object");

  DetectOptions detect;
  auto* detect_cmd = app.add_subcommand(
      "detect", "Score 28x28 PNG digits with the detect-fakes lesson's three detectors (re-synthesis error through "
                "G, D's output, the classifier's confidence): a CSV row per file");
  detect_cmd->add_option("--images", detect.images, "A folder of 28x28 PNG digits, 8 bits per channel")->required();
  detect_cmd->add_option("--out", detect.out, "The CSV file (default: standard output)");
  detect_cmd->add_option("--checkpoint", detect.checkpoint,
                         "A checkpoint of an image lesson's run: its G and D (default: lesson 8's, trained at set-up)");
  detect_cmd->add_option("--updates", detect.updates, "Re-synthesis updates of each digit's code (default 30)");
  detect_cmd->add_option("--data", detect.data, "A folder of MNIST IDX files (default: the set-up's)");
  detect_cmd->add_flag("--json", detect.json, "With --out: print one JSON object");

  ModelsOptions models;
  auto* models_cmd = app.add_subcommand(
      "models", "Train (or find) the starting models lessons load (find-latent: lesson 8's G after its iterations, "
                "the classifier, the encoder; detect-fakes: also the growing lesson's G and lesson 8's G trained "
                "with another seed), cached like the quality "
                "classifier");
  models_cmd->add_option("--data", models.data, "A folder of MNIST IDX files (default: the set-up's)");
  models_cmd->add_flag("--json", models.json, "Print one JSON object");

  QualityOptions quality;
  auto* quality_cmd = app.add_subcommand(
      "quality", "Train (or load the cached) MNIST classifier of the quality metric; print its held-out accuracy "
                 "and the real-vs-real Frechet distance");
  quality_cmd->add_option("--data", quality.data, "A folder of MNIST IDX files (default: the one made at set-up)");
  quality_cmd->add_flag("--json", quality.json, "Print one JSON object");

  SampleOptions sample;
  auto* sample_cmd = app.add_subcommand(
      "sample", "Write N samples of an image lesson's G (trained first) or of a checkpoint's, as a .npy file or PNGs");
  sample_cmd->add_option("source", sample.source,
                         "An image lesson (id or .toml file, trained natively first) or a checkpoint of `ganstep run` "
                         "(.gsck)")
      ->required();
  sample_cmd->add_option("--n", sample.n, "How many samples (1..60000)")->required();
  sample_cmd->add_option("--out", sample.out,
                         "FILE.npy (float32 N x H x W in [-1, 1]) or a folder (one sample-NNNNN.png each; files "
                         "already there are never overwritten)")
      ->required();
  std::string sample_seed;
  auto* sample_seed_opt = sample_cmd->add_option(
      "--seed", sample_seed, "A lesson: the run's seed (as ganstep run --seed); a checkpoint: the noise's seed");
  auto* sample_steps_opt =
      sample_cmd->add_option("--steps", sample.steps, "A lesson: iterations to train first (default: the lesson's)");
  sample_cmd->add_option("--threads", sample.threads, "Threads (default: all cores)");
  sample_cmd->add_option("--data", sample.data, "A folder of IDX files (default: the one made at set-up)");

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Check lesson files (and share links) for problems");
  check_cmd->add_option("files", check.files, "Lesson files (.toml)");
  check_cmd->add_option("--link", check.links, "A share link (URL, #lesson=... fragment or payload)");

  LessonsOptions lessons_opts;
  auto* lessons_cmd = app.add_subcommand("lessons", "List the built-in lessons");
  lessons_cmd->add_flag("--json", lessons_opts.json, "Print one JSON object");
  lessons_cmd->add_flag("--keys", lessons_opts.keys, "List every key a lesson file may hold");

  ShareOptions share;
  auto* share_cmd = app.add_subcommand("share", "Print a lesson as a share-link fragment (#lesson=...)");
  share_cmd->add_option("file", share.file, "Lesson file (or a built-in lesson id)")->required();

  BenchOptions bench;
  auto* bench_cmd = app.add_subcommand("bench", "Measure training speed (iterations per second)");
  bench_cmd->add_option("preset", bench.preset, "Configuration to time: tiny-2d, ..., point, dcgan (an image lesson id), or peak (the FMA peak; "
                                      "--iterations: milliseconds, default 2000)");
  bench_cmd->add_option("lesson", bench.target, "After point: the 1-D/2-D lesson or preset to time (default tiny-2d)");
  bench_cmd->add_option("--preset", bench.preset, "Configuration to time");
  auto* iters_opt = bench_cmd->add_option("--iterations", bench.iterations, "Iterations per repeat");
  auto* repeats_opt = bench_cmd->add_option("--repeats", bench.repeats, "Repeats (the median is reported)");
  bench_cmd->add_option("--batch", bench.batch, "Image benchmarks: minibatch size (default 64)");
  bench_cmd->add_option("--threads", bench.threads, "Image benchmarks: threads (default: all cores)");
  bench_cmd->add_flag("--json", bench.json, "Print one JSON object");
  bench_cmd->add_flag("--fast", bench.fast, "Image benchmarks: fast mode (as run --fast)");
  bench_cmd->add_flag("--profile", bench.profile, "Image benchmarks: print each layer's forward and backward time");
  bench_cmd->add_option("--gemm-kernel", bench.gemm_kernel,
                        "Image benchmarks: exact mode's packed GEMM kernel (avx512-8x48, avx512, avx2, sse2; simd128 in WebAssembly): "
                        "the same bits, other vector widths");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "%s\nRun with --help for more information.\n", clip_arguments(e.what(), argc, argv).c_str());
    return 2;
  }
  ganstep::native::tune_allocator();
  const std::string limit_error = ganstep::native::apply_environment();
  if (!limit_error.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", limit_error.c_str());
    return 2;
  }
  test_fault();
  if (*run_cmd) {
    if (!seed_given(seed_opt, seed_text, run.seed, run.has_seed)) return 1;
    run.has_steps = steps_opt->count() > 0;
    if (run.fast) run.settings.push_back("mode=fast");  // through --set's checks, into the checkpoint
    return run_command(run);
  }
  if (*bench_cmd) {
    bench.has_iterations = iters_opt->count() > 0;
    bench.has_repeats = repeats_opt->count() > 0;
    return bench_command(bench);
  }
  if (*quality_cmd) return quality_command(quality);
  if (*sample_cmd) {
    if (!seed_given(sample_seed_opt, sample_seed, sample.seed, sample.has_seed)) return 1;
    sample.has_steps = sample_steps_opt->count() > 0;
    return sample_command(sample);
  }
  if (*invert_cmd) {
    const std::string e = ganstep::parse_seed(invert_seed, invert.seed);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --seed %s\n", e.c_str());
      return 1;
    }
    return invert_command(invert);
  }
  if (*models_cmd) return models_command(models);
  if (*detect_cmd) return detect_command(detect);
  if (*check_cmd) return check_command(check);
  if (*lessons_cmd) return lessons_command(lessons_opts);
  if (*share_cmd) return share_command(share);
  return 2;
}

}  // namespace
