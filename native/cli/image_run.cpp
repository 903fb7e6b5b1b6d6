// `ganstep run IMAGE-LESSON`: full-speed training of an image GAN.
//   OUT (default runs/LESSON) receives, every --sample-every M iterations and
//   at the end:
//     samples/iter-NNNNNN.png, samples/latest.png   G on the fixed noise batch, 8 x 8
//     metrics.csv      one row per sample point (run_files.h)
//     checkpoint.gsck  everything needed to resume bit for bit (engine/gan/image_checkpoint.h),
//                      also kept as checkpoint-NNNNNN.gsck (the last 3), and written at
//                      least every --checkpoint-minutes (default 10) between sample points
//   and at the end generator/NAME.npy (every G parameter and buffer) with
//   generator/spec.txt (the architecture, as the checkpoint names it).
// --resume continues OUT's checkpoint (--resume-from FILE: any checkpoint) to
// --steps: the same bits as a run that was never interrupted (metrics.csv
// keeps its rows up to the checkpoint); --set may change the live settings,
// recorded in settings.csv. Every output is checked before iteration 1.
// Ctrl-C stops after the current iteration and saves a checkpoint.
// On 28x28 images the quality metric (engine/gan/quality.h) scores 1000
// samples at each sample point: Fréchet distance and class histogram.
// A growing lesson (engine/nn/growing.h) also gets its Fréchet distance every
// --fd-every iterations and at each stage's end, and then trains the same nets
// at full size from iteration 0 (the comparison, unless --no-compare): the
// iterations and training seconds each run needs to reach --fd-target.
// A style-based G (a "style" layer) also gets the StyleGAN paper's measures
// of its latent spaces at the end (engine/gan/disentangle.h): printed, in
// --json as "disentanglement", and written as disentangle/interpolation.png
// (a line in Z, then in W) and disentangle/pca.csv (the 2-D projections).
// Sections: options and data, outputs (CSV, samples, export), progress, a
// growing lesson's comparison, the run.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_data.h"
#include "engine/gan/image_grid.h"
#include "engine/gan/trainer.h"
#include "engine/gan/quality.h"
#include "engine/gan/disentangle.h"
#include "engine/gan/resources.h"
#include "engine/gan/samples.h"
#include "engine/io/bytes.h"
#include "engine/gan/image_checkpoint.h"
#include "engine/io/json.h"
#include "engine/io/npy.h"
#include "engine/io/png.h"
#include "lessons/run/image_run.h"
#include "lessons/run/preview.h"
#include "native/cli/image_commands.h"
#include "native/cli/run_files.h"

namespace ganstep::cli {
namespace {

constexpr int kQualitySamples = 1000;

volatile std::sig_atomic_t g_interrupted = 0;
void on_sigint(int) { g_interrupted = 1; }

bool exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

std::string format_secs(double s) {
  if (!(s >= 0) || s > 1e7) return "--";
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, t / 60 % 60);
  else if (t >= 60)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

// ---- the quality metric ------------------------------------------------------------

// The classifier, the real digits' statistics and a fixed batch of noise.
struct Quality {
  std::unique_ptr<Classifier> net;
  RealStats real;
  Tensor2 z;  // (kQualitySamples, noise_dim)

  bool on() const { return net != nullptr; }

  QualityReport score(Trainer& t) {
    Tensor2 images;
    generate_samples(t, z, images);
    return score_samples(*net, images, real);
  }
};

// Sets up the metric for 28x28 one-channel data; off (with a notice) otherwise.
void setup_quality(const ImageGanSpec& spec, const GanConfig& config, const LabeledImages& train, bool quiet,
                   Quality& q) {
  if (!(spec.shape == ImageShape{1, Classifier::kSide, Classifier::kSide})) return;
  ClassifierConfig cc;
  q.net = std::make_unique<Classifier>(cc);
  const std::string e =
      cached_classifier(train, cc, classifier_cache_dir(), *q.net, [&](const std::string& s) {
        if (!quiet) std::fprintf(stderr, "ganstep: %s\n", s.c_str());
      });
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: no quality metric: %s\n", e.c_str());
    q.net.reset();
    return;
  }
  q.real = real_stats(*q.net, train.images);
  sample_noise(config, config.seed, kQualitySamples, q.z);
}

// ---- outputs ---------------------------------------------------------------------

std::string disentanglement_text(const Disentanglement& d) {
  char buf[400];
  std::snprintf(buf, sizeof buf,
                "disentanglement (%zu codes): perceptual path length Z %.1f, W %.1f; linear separability "
                "(held-out accuracy) Z %.3f, W %.3f (most frequent digit %.3f); PCA's 2 axes explain Z %.3f, W %.3f",
                d.labels.size(), d.ppl_z, d.ppl_w, d.separability_z, d.separability_w, d.chance, d.z_explained,
                d.w_explained);
  return buf;
}

// OUT/disentangle/interpolation.png (row 1: a line in Z, row 2: in W) and
// OUT/disentangle/pca.csv (space,x,y,digit: the 2-D projections).
std::string write_disentanglement(const Disentanglement& d, const ImageShape& shape, const std::string& out) {
  std::string e = make_dirs(out + "/disentangle");
  if (!e.empty()) return e;
  const std::size_t n = d.interp_z.shape()[0], dim = d.interp_z.shape()[1];
  Tensor2 both = Tensor2::from_shape({2 * n, dim});
  std::copy_n(d.interp_z.data(), n * dim, both.data());
  std::copy_n(d.interp_w.data(), n * dim, both.data() + n * dim);
  PixelImage grid;
  e = image_grid(both, shape, static_cast<int>(n), 2, 2, grid);
  if (e.empty()) e = write_png(out + "/disentangle/interpolation.png", grid);
  if (!e.empty()) return e;
  std::string csv = "space,x,y,digit\n";
  char line[96];
  for (int space = 0; space < 2; ++space) {
    const Tensor2& p = space ? d.w_pca : d.z_pca;
    for (std::size_t i = 0; i < d.labels.size(); ++i) {
      std::snprintf(line, sizeof line, "%s,%.6g,%.6g,%d\n", space ? "w" : "z", double(p(i, 0)), double(p(i, 1)),
                    int(d.labels[i]));
      csv += line;
    }
  }
  return write_file_atomic(out + "/disentangle/pca.csv", reinterpret_cast<const std::uint8_t*>(csv.data()), csv.size());
}

std::string write_samples(Trainer& t, const std::string& out, std::int64_t iteration) {
  Tensor2 images;
  t.generate(t.fixed_noise(), images);
  PixelImage grid;
  std::string e = image_grid(images, t.spec().shape, 8, 8, 2, grid);
  if (!e.empty()) return e;
  char name[64];
  std::snprintf(name, sizeof name, "/samples/iter-%06lld.png", static_cast<long long>(iteration));
  e = write_png(out + name, grid);
  if (e.empty()) e = write_png(out + "/samples/latest.png", grid);
  return e;
}

std::string export_generator(Trainer& t, const std::string& out) {
  const std::string dir = out + "/generator";
  std::string e = make_dirs(dir);
  if (!e.empty()) return e;
  Sequential g = t.sample_net();  // the G samples come from (the average of G's weights when kept)
  std::vector<Param> all = g.params();
  for (auto& b : g.buffers()) all.push_back(b);
  for (const Param& p : all) {
    e = write_npy(dir + "/" + p.name + ".npy", p.value->data(), {p.value->shape()[0], p.value->shape()[1]});
    if (!e.empty()) return e;
  }
  const std::string spec = checkpoint_spec_text(t);
  return write_file_atomic(dir + "/spec.txt", reinterpret_cast<const std::uint8_t*>(spec.data()),
                           spec.size());
}

// ---- progress --------------------------------------------------------------------

class Progress {
 public:
  Progress(bool tty, bool quiet, std::int64_t start, std::int64_t steps)
      : tty_(tty), quiet_(quiet), start_(start), steps_(steps) {
    const std::int64_t todo = steps - start;
    every_ = todo >= 10 ? todo / 10 : 1;
  }

  // After each iteration; train_secs is the training time so far (outputs excluded).
  void update(std::int64_t it, const StepStats& s, double train_secs, int batch) {
    if (quiet_) return;
    const double done = double(it - start_);
    ips_ = train_secs > 0 ? done * batch / train_secs : 0;
    const double eta = done > 0 ? train_secs / done * double(steps_ - it) : -1;
    if (tty_) {
      const auto now = std::chrono::steady_clock::now();
      if (it != steps_ && std::chrono::duration<double>(now - last_draw_).count() < 0.2) return;
      last_draw_ = now;
      const int width = 24;
      const int filled = steps_ > 0 ? int(double(it) / double(steps_) * width) : width;
      std::string bar(std::size_t(filled), '#');
      bar.append(std::size_t(width - filled), '-');
      std::printf("\r\033[K%lld/%lld [%s] %.1f img/s ETA %s  loss_d %.4f loss_g %.4f D(x) %.3f D(G(z)) %.3f",
                  static_cast<long long>(it), static_cast<long long>(steps_), bar.c_str(), ips_,
                  format_secs(eta).c_str(), s.loss_d, s.loss_g, s.d_real, s.d_fake);
      drawn_ = true;
    } else if ((it - start_) % every_ == 0 || it == steps_) {
      std::printf(
          "iteration %7lld/%lld  loss_d %.4f  loss_g %.4f  D(x) %.3f  D(G(z)) %.3f  (%.1f images/s, ETA "
          "%s)\n",
          static_cast<long long>(it), static_cast<long long>(steps_), s.loss_d, s.loss_g, s.d_real, s.d_fake,
          ips_, format_secs(eta).c_str());
    }
    std::fflush(stdout);
  }

  // A line above the bar.
  void line(const std::string& text) {
    if (quiet_) return;
    if (tty_ && drawn_) std::printf("\r\033[K");
    std::printf("%s\n", text.c_str());
    drawn_ = false;
    last_draw_ = {};
    std::fflush(stdout);
  }

  void finish() {
    if (!quiet_ && tty_ && drawn_) std::printf("\n");
    drawn_ = false;
  }


 private:
  bool tty_, quiet_;
  std::int64_t start_, steps_, every_;
  double ips_ = 0;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_draw_{};
};

std::string quality_text(const QualityReport& q) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "FD %.2f (%d samples), top class %d, confidence %.3f, classes", q.frechet,
                q.count, q.top_class, q.confidence);
  std::string s = buf;
  for (int c = 0; c < 10; ++c) {
    std::snprintf(buf, sizeof buf, " %d:%.0f%%", c, 100.0 * q.class_hist[std::size_t(c)]);
    s += buf;
  }
  return s;
}

// ---- a growing lesson's comparison -----------------------------------------------

struct FdPoint {
  std::int64_t iteration = 0;
  double frechet = 0;
  double seconds = 0;  // training seconds so far (the measurements left out)
};

// A point of the Fréchet curve is due: every `every` iterations, at each of a
// growing run's stage ends, and at the end.
bool fd_point_due(const GanConfig& c, int stages, std::int64_t it, std::int64_t steps, std::int64_t every) {
  if (it == steps || (every > 0 && it % every == 0)) return true;
  return stages > 1 && c.grow_stage > 0 && it % c.grow_stage == 0 && it / c.grow_stage < stages;
}

// The first point at or below the target, or nullptr.
const FdPoint* first_reaching(const std::vector<FdPoint>& curve, double target) {
  for (const FdPoint& p : curve)
    if (p.frechet <= target) return &p;
  return nullptr;
}

std::string curve_json(const std::vector<FdPoint>& curve, double target) {
  Json j;
  const FdPoint* hit = first_reaching(curve, target);
  if (hit) {
    j.field("iterations_to_target", static_cast<long long>(hit->iteration)).field("seconds_to_target", hit->seconds);
  } else {
    j.raw("iterations_to_target", "null").raw("seconds_to_target", "null");
  }
  if (!curve.empty()) j.field("final_frechet", curve.back().frechet).field("train_seconds", curve.back().seconds);
  std::string pts = "[";
  for (const FdPoint& p : curve) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s[%lld,%.4f,%.3f]", pts.size() > 1 ? "," : "", static_cast<long long>(p.iteration),
                  p.frechet, p.seconds);
    pts += buf;
  }
  j.raw("curve", pts + "]");
  return j.str();
}

// The same nets at full size from iteration 0 (grow_stage 0), to `steps`,
// with their Fréchet curve at the same points. "" or an error.
std::string train_full_size(const ImageGanSpec& spec, const GanConfig& config,
                            std::shared_ptr<const LabeledImages> data, std::int64_t steps, std::int64_t every,
                            Quality& quality, bool quiet, std::vector<FdPoint>& curve) {
  GanConfig full = config;
  full.grow_stage = 0;
  full.grow_fade = 0;
  Trainer f(spec, full, std::move(data));
  if (!f.ok()) return f.error();
  const int stages = growth_stages(spec);
  double secs = 0;
  while (f.iteration() < steps && !g_interrupted) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!f.step_iteration()) return "the full-size comparison run: " + f.error();
    secs += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::int64_t it = f.iteration();
    if (!fd_point_due(config, stages, it, steps, every)) continue;
    curve.push_back({it, quality.score(f).frechet, secs});
    if (!quiet)
      std::printf("full size from iteration 0: iteration %lld: FD %.2f (%.1f s of training)\n",
                  static_cast<long long>(it), curve.back().frechet, secs);
  }
  return "";
}

// FD per stage (at each stage's end) and the comparison, as JSON and as text.
struct GrowthReport {
  std::string json, text;
};
GrowthReport growth_report(const ImageGanSpec& spec, const GanConfig& c, const std::vector<FdPoint>& grown,
                           const std::vector<FdPoint>& full, double target_option, std::int64_t every) {
  GrowthReport r;
  const std::vector<int> sides = stage_sides(spec);
  std::string stages = "[";
  char buf[256];
  for (std::size_t s = 0; s < sides.size(); ++s) {
    const std::int64_t end = s + 1 < sides.size() ? std::int64_t(s + 1) * c.grow_stage : -1;
    const FdPoint* at = nullptr;
    for (const FdPoint& p : grown)
      if (p.iteration == end || (end < 0 && &p == &grown.back() && p.iteration > std::int64_t(s) * c.grow_stage))
        at = &p;
    if (!at) continue;
    std::snprintf(buf, sizeof buf, "%s{\"stage\":%zu,\"side\":%d,\"iteration\":%lld,\"frechet\":%.4f}",
                  stages.size() > 1 ? "," : "", s + 1, sides[s], static_cast<long long>(at->iteration), at->frechet);
    stages += buf;
    std::snprintf(buf, sizeof buf, "stage %zu (%d x %d) ends at iteration %lld: FD %.2f\n", s + 1, sides[s],
                  sides[s], static_cast<long long>(at->iteration), at->frechet);
    r.text += buf;
  }
  Json j;
  j.field("stage_iterations", c.grow_stage).field("fade_iterations", c.grow_fade);
  j.field("fd_every", static_cast<long long>(every));
  j.raw("stages", stages + "]");
  if (full.empty() || grown.empty()) j.raw("growing", curve_json(grown, target_option > 0 ? target_option : -1));
  if (!full.empty() && !grown.empty()) {
    const double target = target_option > 0 ? target_option : std::max(grown.back().frechet, full.back().frechet);
    Json cmp;
    cmp.field("target_frechet", target);
    cmp.raw("growing", curve_json(grown, target)).raw("full_size", curve_json(full, target));
    j.raw("comparison", cmp.str());
    for (const auto* run : {&grown, &full}) {
      const FdPoint* hit = first_reaching(*run, target);
      const char* name = run == &grown ? "growing" : "full size from iteration 0";
      if (hit)
        std::snprintf(buf, sizeof buf, "%s: FD %.2f reached at iteration %lld after %.1f s of training (final FD %.2f)\n",
                      name, target, static_cast<long long>(hit->iteration), hit->seconds, run->back().frechet);
      else
        std::snprintf(buf, sizeof buf, "%s: FD %.2f not reached (final FD %.2f)\n", name, target, run->back().frechet);
      r.text += buf;
    }
  }
  r.json = j.str();
  return r;
}

}  // namespace

// ---- the run ---------------------------------------------------------------------

int image_run_command(const RunOptions& o, const lessons::Lesson& lesson) {
  const ImageGanSpec& spec = *lesson.image;
  if (o.beats) {
    std::fprintf(stderr, "ganstep: error: --beats is not available for an image lesson (%s)\n",
                 o.lesson.c_str());
    return 2;
  }
  if (o.steps < 0 || o.steps > 100000000) {
    std::fprintf(stderr, "ganstep: error: --steps %lld is out of range 0..100000000\n", o.steps);
    return 2;
  }
  if (o.batch != -1 && (o.batch < 1 || o.batch > 4096)) {
    std::fprintf(stderr, "ganstep: error: --batch %d is out of range 1..4096\n", o.batch);
    return 2;
  }
  if (o.sample_every < 0 || o.sample_every > 100000000) {
    std::fprintf(stderr,
                 "ganstep: error: --sample-every %lld is out of range 0..100000000 (0: at the end only)\n",
                 o.sample_every);
    return 2;
  }
  if (o.fd_every < 0 || o.fd_every > 100000000) {
    std::fprintf(stderr, "ganstep: error: --fd-every %lld is out of range 0..100000000 (0: at stage ends only)\n",
                 o.fd_every);
    return 2;
  }
  if (!(o.fd_target >= 0 && o.fd_target <= 1e9)) {
    std::fprintf(stderr, "ganstep: error: --fd-target %g is out of range 0..1e9 (0: the worse final FD)\n",
                 o.fd_target);
    return 2;
  }
  if (!(o.checkpoint_minutes >= 0.01 && o.checkpoint_minutes <= 1440)) {
    std::fprintf(stderr, "ganstep: error: --checkpoint-minutes %g is out of range 0.01..1440\n",
                 o.checkpoint_minutes);
    return 2;
  }
  if (!set_threads(o.threads)) return 2;
  const std::string out = o.out.empty() ? "runs/" + lesson.id : o.out;
  const std::string ckpt = out + "/checkpoint.gsck", csv = out + "/metrics.csv";
  const bool resume = o.resume || !o.resume_from.empty();
  const std::string source = o.resume_from.empty() ? ckpt : o.resume_from;  // the checkpoint resumed
  if (resume && !exists(source)) {
    std::fprintf(stderr, "ganstep: error: %s: no checkpoint to resume (run without --resume first)\n",
                 source.c_str());
    return 1;
  }
  if (!resume && exists(ckpt)) {
    std::fprintf(stderr,
                 "ganstep: error: %s already holds a run (%s); continue it with --resume, or choose another "
                 "--out\n",
                 out.c_str(), ckpt.c_str());
    return 1;
  }
  // A resumed run takes the checkpoint's settings; --set may change the live ones
  // (resume_may_change: learning rates, momenta, betas, k, g_loss), nothing else.
  GanConfig config = lesson.config;
  std::vector<std::uint8_t> ckpt_bytes;
  CheckpointInfo info;
  if (resume) {
    std::string e = read_file_bytes(source, kMaxCheckpointBytes, ckpt_bytes);
    if (e.empty()) e = read_checkpoint_info(ckpt_bytes.data(), ckpt_bytes.size(), source, info);
    if (e.empty() && info.lesson_id != lesson.id)
      e = source + ": a checkpoint of lesson \"" + info.lesson_id + "\", not \"" + lesson.id + "\"";
    if (e.empty()) e = apply_checkpoint_config(info, config);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 1;
    }
  }
  for (const auto& kv : o.settings) {
    const std::string e = apply_setting(config, kv);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --set: %s\n", e.c_str());  // e names the key, quotes the value
      return 1;
    }
  }
  if (o.has_seed) config.seed = o.seed;
  if (o.batch != -1) config.batch = o.batch;

  auto data = std::make_shared<LabeledImages>();
  std::string e = load_image_data(spec.data, o.data, spec.shape, ImageSplit::Train, *data);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  e = check_memory(estimate_image_memory(spec, config, static_cast<std::int64_t>(data->size()), kImageRunKeeping));
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s: %s\n", lesson.id.c_str(), e.c_str());
    return 1;
  }
  // The trainer is an ImageRun's; with --json it steps inside a Session (the
  // player's lesson runtime), which watches the lesson's beats as a student
  // playing it sees them fire (their set/reset not applied, as for a point
  // lesson's --json without --beats) for the report's "beats_fired".
  auto image_run = std::make_unique<run::ImageRun>(spec, config, data, lesson.id);
  if (!image_run->trainer().ok()) {
    std::fprintf(stderr, "ganstep: error: %s: %s\n", lesson.id.c_str(), image_run->trainer().error().c_str());
    return 1;
  }
  Trainer& t = image_run->trainer();  // stays valid: the session only steps forward
  std::vector<run::PresetAnswer> answers;
  e = run::parse_preset_answers(lesson, o.answers, answers);
  if (e.empty() && !answers.empty() && !o.json) e = "--answer on an image lesson needs --json (it reports the beats)";
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 2;
  }
  Row last;
  std::string csv_text = std::string(kCsvHeader) + "\n";
  std::vector<SettingChange> changes;
  if (resume) {
    e = load_checkpoint_bytes(ckpt_bytes.data(), ckpt_bytes.size(), source, t, true);
    if (e.empty() && t.iteration() > o.steps)
      e = source + ": the checkpoint is at iteration " + std::to_string(t.iteration()) + ", beyond --steps " +
          std::to_string(o.steps);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 1;
    }
    changes = checkpoint_setting_changes(info, config);
  }
  // Every output is checked before iteration 1: a run never trains for hours
  // and then finds that it cannot save.
  int removed_temp = 0;
  e = check_run_folder(out, removed_temp);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s (nothing was trained; choose another --out or fix the folder)\n",
                 e.c_str());
    return 1;
  }
  if (removed_temp > 0)
    std::fprintf(stderr, "ganstep: removed %d unfinished temporary file(s) of an earlier run in %s\n",
                 removed_temp, out.c_str());
  if (resume) {
    KeptMetrics kept;
    e = read_metrics_for_resume(csv, t.iteration(), kept);
    for (const std::string& n : kept.notices) std::fprintf(stderr, "ganstep: %s\n", n.c_str());
    if (e.empty()) {
      csv_text += kept.rows;
      if (kept.has_last) last = kept.last;
      e = write_file_atomic(csv, reinterpret_cast<const std::uint8_t*>(csv_text.data()), csv_text.size());
    }
    if (e.empty()) e = record_setting_changes(out, t.iteration(), changes);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 1;
    }
    for (const SettingChange& c : changes)
      std::fprintf(stderr,
                   "ganstep: resuming at iteration %lld with %s %s (was %s); recorded in %s/settings.csv\n",
                   static_cast<long long>(t.iteration()), c.key.c_str(), c.to.c_str(), c.from.c_str(),
                   out.c_str());
  }

  std::unique_ptr<run::Session> session;
  if (o.json) {
    session = std::make_unique<run::Session>();
    session->js_every = 0;                  // no charts
    session->follow_actions = false;        // watched, as the run's bits must not change
    session->snapshot_every = 1 << 30;      // never steps back: no snapshots past the first
    auto owned = std::make_shared<std::unique_ptr<run::Run>>(std::move(image_run));
    if (!session->load(lesson, [owned] { return std::move(*owned); }, e)) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 1;
    }
  }
  // One iteration: through the session when there is one (questions answered
  // by the preview rule, lessons/run/preview.h).
  auto step_iteration = [&]() {
    return session ? run::play_to(*session, session->iterations() + 1, answers) : t.step_iteration();
  };

  // From here on Ctrl-C finishes the current iteration, saves and stops.
  g_interrupted = 0;
  auto old_handler = std::signal(SIGINT, on_sigint);
  const bool tty = !o.json && isatty(fileno(stdout));
  Quality quality;
  setup_quality(spec, config, *data, o.json, quality);
  const std::int64_t start = t.iteration();
  // A growing lesson's Fréchet curve (from iteration 0 only: a resumed run has no comparison).
  const int stages = growth_stages(spec);
  const bool measure_growth = stages > 1 && quality.on() && start == 0;
  if (stages > 1 && !measure_growth && !o.json)
    std::fprintf(stderr, "ganstep: no Frechet distance per stage: %s\n",
                 start ? "a resumed run has no comparison" : "the quality metric is not available");
  std::vector<FdPoint> grown_curve, full_curve;
  Progress progress(tty, o.json, start, o.steps);
  if (!o.json)
    progress.line(std::string(resume ? "resuming " : "training ") + lesson.id + " from iteration " +
                  std::to_string(start) + " to " + std::to_string(o.steps) + " (batch " +
                  std::to_string(config.batch) + ", " + std::to_string(thread_count()) + " threads, " +
                  std::to_string(data->size()) + " images) into " + out);

  // A checkpoint at least every --checkpoint-minutes, whatever --sample-every says.
  auto last_save = std::chrono::steady_clock::now();
  auto save = [&]() -> std::string {
    last_save = std::chrono::steady_clock::now();
    return save_run_checkpoint(out, checkpoint_bytes(t, lesson.id), t.iteration());
  };
  // Writes the samples, the CSV row and the checkpoint for the current iteration.
  auto sample_point = [&](double images_per_s) -> std::string {
    const std::int64_t it = t.iteration();
    std::string err = write_samples(t, out, it);
    if (!err.empty()) return err;
    last = Row{};
    last.iteration = it;
    last.stats = t.stats();
    last.images_per_s = images_per_s;
    if (quality.on()) {
      last.has_quality = true;
      last.quality = quality.score(t);
      progress.line("iteration " + std::to_string(it) + ": " + quality_text(last.quality));
    }
    csv_text += csv_row(last) + "\n";
    err = write_file_atomic(csv, reinterpret_cast<const std::uint8_t*>(csv_text.data()), csv_text.size());
    if (err.empty()) err = save();
    return err;
  };

  double train_secs = 0, window_secs = 0;
  std::int64_t window_start = start;
  bool interrupted = false;
  int code = 0;
  if (start == o.steps && !resume) e = sample_point(0);  // --steps 0: the untrained G
  while (e.empty() && t.iteration() < o.steps) {
    const auto t0 = std::chrono::steady_clock::now();
    const bool ok = step_iteration();
    const auto t1 = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(t1 - t0).count();
    train_secs += dt;
    window_secs += dt;
    if (!ok) {
      progress.finish();
      std::fprintf(stderr, "ganstep: error: %s\n", t.error().c_str());
      const auto kept = kept_checkpoints(out);
      if (exists(ckpt)) {
        std::string older;
        for (const auto& k : kept) older += " " + k.second;
        std::fprintf(stderr,
                     "ganstep: the last good checkpoint is kept in %s; continue with a lower learning rate "
                     "(--resume --set lr_d=... --set lr_g=...) or go back further with --resume-from FILE "
                     "(kept:%s)\n",
                     ckpt.c_str(), older.empty() ? " none" : older.c_str());
      }
      code = 3;
      break;
    }
    const std::int64_t it = t.iteration();
    progress.update(it, t.stats(), train_secs, config.batch);
    if (measure_growth && fd_point_due(t.config(), stages, it, o.steps, o.fd_every)) {
      grown_curve.push_back({it, quality.score(t).frechet, train_secs});
      const Growth at = t.growth();
      progress.line("iteration " + std::to_string(it) + " (" + std::to_string(stage_sides(spec)[std::size_t(at.stage)]) +
                    " x " + std::to_string(stage_sides(spec)[std::size_t(at.stage)]) + "): FD " +
                    std::to_string(grown_curve.back().frechet));
    }
    interrupted = g_interrupted != 0;
    if (it == o.steps || interrupted || (o.sample_every > 0 && it % o.sample_every == 0)) {
      const double ips = window_secs > 0 ? double(it - window_start) * config.batch / window_secs : 0;
      window_secs = 0;
      window_start = it;
      e = sample_point(ips);
    } else if (std::chrono::duration<double>(t1 - last_save).count() >= o.checkpoint_minutes * 60) {
      e = save();
    }
    if (interrupted) break;
  }
  progress.finish();
  if (code) {
    std::signal(SIGINT, old_handler);
    return code;
  }
  if (e.empty() && !interrupted) e = export_generator(t, out);
  GrowthReport growth;
  if (e.empty() && !interrupted && measure_growth) {
    if (!o.no_compare) {
      if (!o.json) std::printf("the comparison: the same nets at full size from iteration 0\n");
      e = train_full_size(spec, t.config(), data, o.steps, o.fd_every, quality, o.json, full_curve);
      if (g_interrupted) {  // the lesson's run is complete and saved: only the comparison stops
        std::fprintf(stderr, "ganstep: the comparison was interrupted; no comparison reported\n");
        full_curve.clear();
      }
    }
    growth = growth_report(spec, t.config(), grown_curve, full_curve, o.fd_target, o.fd_every);
  }
  std::signal(SIGINT, old_handler);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  if (interrupted) {
    std::fprintf(stderr, "ganstep: interrupted at iteration %lld; saved %s (continue with --resume)\n",
                 static_cast<long long>(t.iteration()), ckpt.c_str());
    return 130;
  }
  // A style-based G: the StyleGAN paper's measures of its latent spaces.
  Disentanglement dis;
  bool has_dis = false;
  if (quality.on() && has_style_layer(t.spec())) {
    DisentangleSettings ds;
    ds.seed = config.seed;
    e = measure_disentanglement(t, *quality.net, ds, dis);
    if (e.empty()) e = write_disentanglement(dis, t.spec().shape, out);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 1;
    }
    has_dis = true;
    if (!o.json) std::printf("%s\n", disentanglement_text(dis).c_str());
  }
  if (o.json) {
    Json m;
    m.field("loss_d", last.stats.loss_d).field("loss_g", last.stats.loss_g);
    m.field("d_real", last.stats.d_real).field("d_fake", last.stats.d_fake);
    if (t.config().r1_gamma > 0) m.field("loss_r1", last.stats.loss_r1);
    if (last.has_quality) {
      m.field("frechet", last.quality.frechet).field("top_class", last.quality.top_class);
      m.field("confidence", last.quality.confidence);
    }
    Json j;
    j.field("lesson", lesson.id).field("seed", static_cast<unsigned long long>(config.seed));
    j.field("steps", static_cast<long long>(t.iteration())).field("state_hash", t.state_hash_hex());
    j.field("mode", math_mode_name(t.config().mode));
    j.raw("metrics", m.str());
    if (has_dis) {
      Json d;
      d.field("ppl_z", dis.ppl_z).field("ppl_w", dis.ppl_w);
      d.field("separability_z", dis.separability_z).field("separability_w", dis.separability_w);
      d.field("separability_chance", dis.chance);
      d.field("pca_explained_z", dis.z_explained).field("pca_explained_w", dis.w_explained);
      d.field("codes", static_cast<long long>(dis.labels.size()));
      j.raw("disentanglement", d.str());
    }
    j.field("images_per_s", train_secs > 0 ? double(t.iteration() - start) * config.batch / train_secs : 0.0);
    j.field("out", out);
    if (!growth.json.empty()) j.raw("growth", growth.json);
    std::string text = j.str();
    text.pop_back();
    std::printf("%s,%s}\n", text.c_str(), narration_json(lesson, *session, false).c_str());
  } else {
    std::printf(
        "trained %lld iterations in %s (%.1f images/s); samples, metrics.csv, checkpoint.gsck and "
        "generator/*.npy in %s\n",
        static_cast<long long>(t.iteration() - start), format_secs(train_secs).c_str(),
        train_secs > 0 ? double(t.iteration() - start) * config.batch / train_secs : 0.0, out.c_str());
    std::printf("state_hash %s\n", t.state_hash_hex().c_str());
    std::printf("%s", growth.text.c_str());
  }
  return 0;
}

}  // namespace ganstep::cli
