// Finding latent codes from the command line (lessons/run/latent_run.h):
//   ganstep run find-latent [--steps N] [--seed S] [--set key=value ...] [--from-scratch] [--json]
//       the lesson's search for N updates, then the comparison the lesson
//       teaches: updates until the loss is below loss_target, from random
//       codes and from the encoder's guess E(x), over held-out digits
//   ganstep invert --image DIGIT.png [--checkpoint C] --out PREFIX [--updates N] [--starts K] [--encoder]
//       the code of a 28x28 digit: PREFIX.npy (1 x noise_dim float32) and
//       PREFIX.png (G's reconstruction)
//   ganstep models [--data DIR] [--json]
//       trains (or finds) every starting model the library's lessons load; the build runs it
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "engine/core/text.h"
#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_checkpoint.h"
#include "engine/gan/image_data.h"
#include "engine/io/bytes.h"
#include "engine/io/json.h"
#include "engine/io/npy.h"
#include "engine/io/png.h"
#include "lessons/format/library.h"
#include "lessons/run/latent_run.h"
#include "lessons/run/session.h"
#include "native/cli/commands.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {
namespace {

constexpr int kCompareMax = 1000;    // updates at most per search

void notice(const std::string& s) { std::fprintf(stderr, "ganstep: %s\n", s.c_str()); }

void progress(std::int64_t done, std::int64_t total) {
  if (done % 500 == 0 || done == total) std::fprintf(stderr, "ganstep: training G: iteration %lld/%lld\n",
                                                     static_cast<long long>(done), static_cast<long long>(total));
}

std::string list_json(const std::vector<int>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

// Mean of the reached ones, and how many reached.
double mean_reached(const std::vector<int>& v, int& reached) {
  double sum = 0;
  reached = 0;
  for (int n : v)
    if (n >= 0) {
      sum += n;
      ++reached;
    }
  return reached ? sum / reached : -1.0;
}

PixelImage digit_png(const float* x) {
  PixelImage img{28, 28, 1, std::vector<std::uint8_t>(784)};
  for (int i = 0; i < 784; ++i) {
    const float u = (std::min(1.0f, std::max(-1.0f, x[i])) + 1.0f) * 127.5f;
    img.pixels[std::size_t(i)] = static_cast<std::uint8_t>(u + 0.5f);
  }
  return img;
}

struct KnownZ {
  int updates = 0;
  double start_mse = 0, mse = 0, code_distance = 0;
};

// G(z_true) for z_true ~ N(0, I) from Rng(spec.seed, kKnownStream), then the
// search by pixel MSE (4 starts) until the MSE is below 1e-3 or kCompareMax updates.
KnownZ known_z(run::LatentModels& m, const lessons::LatentSpec& spec) {
  constexpr std::uint64_t kKnownStream = 0x6b6e6f776e;  // "known"
  LatentSearchConfig c;
  c.lr = spec.lr;
  c.pixel_weight = 1.0f;
  c.feature_weight = 0.0f;
  c.starts = 4;
  c.seed = spec.seed;
  LatentSearch s(LatentNets{m.g, m.classifier, m.prior}, c);
  Tensor2 z_true = Tensor2::from_shape({std::size_t(1), std::size_t(m.prior.dim)});
  Rng rng(spec.seed, kKnownStream);
  m.prior.sample(rng, 1, z_true.data());
  Tensor2 x;
  s.generate(z_true, x);
  s.set_target(x);
  KnownZ k;
  k.start_mse = s.best_loss();
  while (s.best_loss() >= 1e-3 && k.updates < kCompareMax) {
    s.step();
    ++k.updates;
  }
  k.mse = s.best_loss();
  const std::size_t row = std::size_t(s.best_row()), dim = std::size_t(m.prior.dim);
  double d2 = 0;
  for (std::size_t j = 0; j < dim; ++j) {
    const double d = s.state().z(row, j) - z_true(0, j);
    d2 += d * d;
  }
  k.code_distance = std::sqrt(d2);
  return k;
}

}  // namespace

std::string checkpoint_generator(const std::string& path, const std::string& data_dir, run::LatentModels& out) {
  std::vector<std::uint8_t> ck;
  std::string e = read_file_bytes(path, kMaxCheckpointBytes, ck);
  CheckpointInfo info;
  if (e.empty()) e = read_checkpoint_info(ck.data(), ck.size(), path, info);
  if (!e.empty()) return e;
  const lessons::LoadResult gl = lessons::find_lesson(info.lesson_id);
  if (!gl.ok() || !gl.lesson.image)
    return path + ": a checkpoint of " + quote_input(info.lesson_id) + ", which is not an image lesson of the library";
  if (gl.lesson.image->shape.text() != "1x28x28" || gl.lesson.config.noise == NoiseKind::Uniform)
    return path + ": " + info.lesson_id + "'s G does not draw 1x28x28 digits from Gaussian codes";
  GanConfig c = gl.lesson.config;
  e = apply_checkpoint_config(info, c);
  auto data = std::make_shared<LabeledImages>();
  if (e.empty()) e = load_image_data(gl.lesson.image->data, data_dir, gl.lesson.image->shape, ImageSplit::Train, *data);
  if (!e.empty()) return e;
  Trainer t(*gl.lesson.image, c, data);
  e = t.ok() ? load_model_bytes(ck.data(), ck.size(), path, t) : t.error();  // a run or a model
  if (!e.empty()) return e;
  out.g = t.sample_net();
  out.g.set_training(false);
  out.d = t.discriminator();
  out.d.set_training(false);
  if (t.grows()) {
    const Growth at = t.growth();
    out.g.set_growth(at.stage, at.alpha);
    out.d.set_growth(at.stage, at.alpha);
  }
  out.prior = noise_prior(c);
  out.generator = info.lesson_id;
  out.iterations = info.iteration;
  return "";
}

std::string command_models(const lessons::LatentSpec& spec, const std::string& checkpoint, const std::string& data,
                           run::LatentModels& out) {
  if (!checkpoint.empty()) {  // before anything slow
    const std::string e = checkpoint_generator(checkpoint, data, out);
    if (!e.empty()) return "--checkpoint " + e;
  }
  run::LatentLoadOptions lo;
  lo.data_dir = data;
  lo.notice = notice;
  lo.progress = progress;
  lo.need_gan = checkpoint.empty();
  run::LatentModels loaded;
  const std::string e = run::load_latent_models(spec, lo, loaded);
  if (!e.empty()) return e;
  if (checkpoint.empty()) {
    out = std::move(loaded);
  } else {  // the checkpoint's G (and D); no encoder for it: searches start from random codes
    out.classifier = loaded.classifier;
    out.test = loaded.test;
  }
  return "";
}

int latent_session(const RunOptions& o, const lessons::Lesson& l, const char* what, run::Session& session,
                   LatentTimes& times) {
  if (!o.samples.empty() || o.batch >= 0 || !o.out.empty() || o.resume || !o.resume_from.empty()) {
    std::fprintf(stderr, "ganstep: error: --samples, --batch, --out, --resume and --resume-from do not apply to %s "
                         "(%s)\n", l.id.c_str(), what);
    return 2;
  }
  if (o.steps < 0 || o.steps > 1000000) {
    std::fprintf(stderr, "ganstep: error: --steps %lld is out of range 0..1000000\n", o.steps);
    return 2;
  }
  if (!set_threads(o.threads)) return 2;
  session.js_every = 0;
  session.follow_actions = o.beats;
  session.data_dir = o.data;
  session.latent_load.from_scratch = o.from_scratch;
  session.latent_load.notice = notice;
  session.latent_load.progress = progress;
  const auto t0 = std::chrono::steady_clock::now();
  std::string error;
  if (!session.load(l, o.has_seed ? std::optional<std::uint64_t>(o.seed) : std::nullopt, error)) {
    std::fprintf(stderr, "ganstep: error: %s\n", error.c_str());
    return 1;
  }
  const auto t1 = std::chrono::steady_clock::now();
  times.load_seconds = std::chrono::duration<double>(t1 - t0).count();
  if (!set_through_session(session, o.settings)) return 1;
  if (!session.step_iterations(o.steps)) {
    std::fprintf(stderr, "ganstep: error: %s\n", session.error().c_str());
    return 3;
  }
  times.step_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  return 0;
}

int latent_run_command(const RunOptions& o, const lessons::Lesson& l) {
  run::Session session;
  LatentTimes times;
  if (const int code = latent_session(o, l, "it finds latent codes; ganstep invert writes one", session, times))
    return code;
  const double load_seconds = times.load_seconds;
  const auto* run = session.as<run::LatentRun>();
  const lessons::LatentSpec spec = run->spec();
  // The lesson's comparison: random start vs E(x), digit by digit.
  std::vector<int> random, encoder;
  std::vector<double> start_random, start_encoder;
  const auto t1 = std::chrono::steady_clock::now();
  for (int d = 0; d < o.compare_digits; ++d) {
    lessons::LatentSpec s = spec;
    s.target = "test:" + std::to_string(d);
    s.starts = 1;
    s.restart = 0;
    const run::UpdatesToTarget u = run::updates_to_target(session.latent_models(), s, kCompareMax);
    random.push_back(u.random);
    encoder.push_back(u.encoder);
    start_random.push_back(u.start_random);
    start_encoder.push_back(u.start_encoder);
  }
  const double compare_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  int reached_r = 0, reached_e = 0;
  const double mean_r = mean_reached(random, reached_r), mean_e = mean_reached(encoder, reached_e);
  double s_r = 0, s_e = 0;
  for (int d = 0; d < o.compare_digits; ++d) {
    s_r += start_random[std::size_t(d)] / o.compare_digits;
    s_e += start_encoder[std::size_t(d)] / o.compare_digits;
  }

  // The sanity case: a digit G itself made from a known z, found again by pixel loss alone.
  const KnownZ known = o.compare_digits > 0 ? known_z(*session.latent_models(), spec) : KnownZ{};
  const LatentSearch& search = run->search();
  const LatentLoss& loss = search.state().loss;
  const std::size_t best = std::size_t(search.best_row());
  if (o.json) {
    Json j;
    j.field("lesson", l.id).field("generator", spec.generator).field("target", spec.target.substr(0, 80));
    j.field("updates", static_cast<long long>(search.state().updates)).field("loss", loss.total[best]);
    j.field("pixel_mse", loss.pixel[best]).field("feature_mse", loss.feature[best]);
    j.field("state_hash", session.run().state_hash_hex());
    Json c;
    c.field("loss_target", spec.loss_target).field("digits", o.compare_digits).field("max_updates", kCompareMax);
    c.raw("random", list_json(random)).raw("encoder", list_json(encoder));
    c.field("mean_random", mean_r).field("mean_encoder", mean_e);
    c.field("reached_random", reached_r).field("reached_encoder", reached_e);
    c.field("start_loss_random", s_r).field("start_loss_encoder", s_e);
    c.field("seconds", compare_seconds);
    j.raw("updates_to_target", c.str());
    j.field("load_seconds", load_seconds);
    Json k;
    k.field("updates", known.updates).field("pixel_mse", known.mse).field("start_mse", known.start_mse);
    k.field("code_distance", known.code_distance);
    j.raw("known_z", k.str());
    std::string out = j.str();
    out.pop_back();
    std::printf("%s,%s}\n", out.c_str(), narration_json(l, session, o.beats).c_str());
    return 0;
  }
  std::printf("%s: %lld updates of z through %s's G (%lld iterations)\n", l.id.c_str(),
              static_cast<long long>(search.state().updates), spec.generator.c_str(),
              static_cast<long long>(session.latent_models()->iterations));
  std::printf("target %s: loss %.6f (pixel MSE %.6f, feature MSE %.6f)\n", spec.target.substr(0, 80).c_str(),
              loss.total[best], loss.pixel[best], loss.feature[best]);
  if (o.compare_digits > 0) {
    std::printf("updates to loss < %g over held-out digits test:0..%d (at most %d each):\n", spec.loss_target,
                o.compare_digits - 1, kCompareMax);
    std::printf("  from random codes: %s  mean %.1f (%d of %d reached; mean start loss %.4f)\n", list_json(random).c_str(),
                mean_r, reached_r, o.compare_digits, s_r);
    std::printf("  from E(x):         %s  mean %.1f (%d of %d reached; mean start loss %.4f)\n", list_json(encoder).c_str(),
                mean_e, reached_e, o.compare_digits, s_e);
    std::printf("known z: a digit G made from a known code, found again: pixel MSE %.3g -> %.3g in %d updates "
                "(|z - z_true| = %.3f)\n", known.start_mse, known.mse, known.updates, known.code_distance);
  }
  std::printf("state_hash %s\n", session.run().state_hash_hex().c_str());
  return 0;
}

int invert_command(const InvertOptions& o) {
  if (o.updates < 1 || o.updates > 100000) {
    std::fprintf(stderr, "ganstep: error: --updates %lld is out of range 1..100000\n", o.updates);
    return 2;
  }
  if (o.starts < 1 || o.starts > 16) {
    std::fprintf(stderr, "ganstep: error: --starts %d is out of range 1..16\n", o.starts);
    return 2;
  }
  // The digit.
  std::vector<std::uint8_t> bytes;
  std::string e = read_file_bytes(o.image, std::size_t(64) << 20, bytes);
  PixelImage img;
  if (e.empty()) e = decode_png(bytes.data(), bytes.size(), o.image, img);
  std::vector<float> pixels;
  bool inverted = false;
  if (e.empty()) e = run::digit_from_image(img, o.image, pixels, &inverted);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: --image %s\n", e.c_str());
    return 1;
  }
  if (inverted) notice(o.image + ": mostly light: taken as dark ink on paper and inverted (MNIST digits are white on black)");
  // Where the outputs go, checked before the search.
  const std::string npy = o.out + ".npy", png = o.out + ".png";
  {
    const std::size_t slash = o.out.rfind('/');
    e = check_writable_dir(slash == std::string::npos ? "." : slash == 0 ? "/" : o.out.substr(0, slash));
    if (e.empty()) e = check_replaceable(npy);
    if (e.empty()) e = check_replaceable(png);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --out: %s\n", e.c_str());
      return 1;
    }
  }
  // The generator: the set-up's (find-latent's) or a checkpoint's.
  const lessons::LoadResult fl = lessons::find_lesson("find-latent");
  if (!fl.ok() || !fl.lesson.latent) {
    std::fprintf(stderr, "ganstep: error: the library has no find-latent lesson\n");
    return 1;
  }
  lessons::LatentSpec spec = *fl.lesson.latent;
  spec.starts = o.starts;
  spec.seed = o.seed;
  spec.encoder = o.encoder && o.checkpoint.empty();
  spec.target = "test:0";  // replaced below by the image itself (a target text holds 16 grey levels only)
  auto models = std::make_shared<run::LatentModels>();
  e = command_models(spec, o.checkpoint, o.data, *models);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  run::LatentRun run(models, spec);
  if (!run.error().empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", run.error().c_str());
    return 1;
  }
  {
    Tensor2 x = Tensor2::from_shape({std::size_t(1), std::size_t(784)});
    std::copy(pixels.begin(), pixels.end(), x.data());
    run.search().set_target(x);
    if (spec.encoder) {
      Tensor2 z_hat;
      models->encoder->encode(x, z_hat);
      run.search().start_from(z_hat);
    }
  }
  const double start = run.search().best_loss();
  for (long long i = 0; i < o.updates; ++i)
    if (!run.step_unit()) {
      std::fprintf(stderr, "ganstep: error: %s\n", run.error().c_str());
      return 3;
    }
  const LatentSearch& s = run.search();
  const std::size_t best = std::size_t(s.best_row()), dim = std::size_t(models->prior.dim);
  e = write_npy(npy, s.state().z.data() + best * dim, {std::size_t(1), dim});
  if (e.empty()) e = write_png(png, digit_png(run.reconstruction()));
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  const LatentLoss& l = s.state().loss;
  if (o.json) {
    Json j;
    j.field("image", o.image).field("generator", models->generator).field("iterations", static_cast<long long>(models->iterations));
    j.field("updates", o.updates).field("starts", o.starts).field("encoder", spec.encoder);
    j.field("start_loss", start).field("loss", l.total[best]).field("pixel_mse", l.pixel[best]);
    j.field("feature_mse", l.feature[best]).field("code", npy).field("reconstruction", png);
    std::printf("%s\n", j.str().c_str());
    return 0;
  }
  std::printf("%s: %lld updates of %d code%s through %s's G: loss %.6f -> %.6f (pixel MSE %.6f, feature MSE %.6f)\n",
              o.image.c_str(), o.updates, o.starts, o.starts == 1 ? "" : "s", models->generator.c_str(), start,
              l.total[best], l.pixel[best], l.feature[best]);
  std::printf("code: %s\nreconstruction: %s\n", npy.c_str(), png.c_str());
  return 0;
}

int models_command(const ModelsOptions& o) {
  Json list;
  std::string items;
  int count = 0;
  std::vector<lessons::LatentSpec> specs;
  for (const lessons::Lesson& l : lessons::library_lessons())
    if (l.latent) specs.push_back(*l.latent);
  {  // every G first, side by side (one core each); the loop below then finds them cached
    run::LatentLoadOptions lo;
    lo.data_dir = o.data;
    lo.notice = notice;
    const std::string e = run::cache_latent_gans(specs, lo);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 1;
    }
  }
  for (const lessons::Lesson& l : lessons::library_lessons()) {
    if (!l.latent) continue;
    const auto t0 = std::chrono::steady_clock::now();
    run::LatentModels m;
    run::LatentLoadOptions lo;
    lo.data_dir = o.data;
    lo.notice = notice;
    lo.progress = progress;
    std::vector<std::string> files;
    lo.files = &files;
    const std::string e = run::load_latent_models(*l.latent, lo, m);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s: %s\n", l.id.c_str(), e.c_str());
      return 1;
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++count;
    if (o.json) {
      Json j;
      j.field("lesson", l.id).field("generator", m.generator).field("iterations", static_cast<long long>(m.iterations));
      if (!m.other.empty()) j.field("other_generator", m.other);
      if (m.other_seed) j.field("other_seed", static_cast<long long>(m.other_seed));
      j.field("seconds", secs);
      std::string paths;
      for (const std::string& f : files) paths += (paths.empty() ? "" : ",") + Json::quote(f);
      j.raw("files", "[" + paths + "]");
      items += (items.empty() ? "" : ",") + j.str();
    } else {
      std::string other =
          m.other.empty() ? "" : ", " + m.other + "'s G (" + std::to_string(m.other_iterations) + " iterations)";
      if (m.other_seed) other += ", its G with seed " + std::to_string(m.other_seed);
      std::printf("%s: %s's G (%lld iterations)%s, the classifier and the encoder ready in %.1f s (%s)\n", l.id.c_str(),
                  m.generator.c_str(), static_cast<long long>(m.iterations), other.c_str(), secs,
                  classifier_cache_dir().c_str());
    }
  }
  if (o.json) std::printf("{\"cache\":%s,\"models\":[%s]}\n", Json::quote(classifier_cache_dir()).c_str(), items.c_str());
  else if (!count) std::printf("no lesson starts from trained models\n");
  return 0;
}

}  // namespace ganstep::cli
