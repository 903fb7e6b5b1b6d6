// Detecting fakes from the command line (lessons/run/detect_run.h):
//   ganstep run detect-fakes [--steps N] [--seed S] [--set key=value ...] [--json]
//       scores the lesson's real and fake digits (every one, by default) and
//       prints the AUC of each detector against each fake source
//   ganstep detect --images DIR [--out FILE.csv] [--checkpoint C] [--updates N] [--json]
//       scores every 28x28 PNG digit in DIR (file names in byte order) with
//       the three detectors: a CSV row per file
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>

#include "engine/core/text.h"
#include "engine/io/bytes.h"
#include "engine/io/json.h"
#include "engine/io/png.h"
#include "lessons/format/library.h"
#include "lessons/run/detect_run.h"
#include "lessons/run/session.h"
#include "native/cli/commands.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {
namespace {

constexpr std::size_t kMaxDetectFiles = 10000;
constexpr std::size_t kMaxPngBytes = std::size_t(16) << 20;

void notice(const std::string& s) { std::fprintf(stderr, "ganstep: %s\n", s.c_str()); }

const Detector kAll[kDetectors] = {Detector::Resynthesis, Detector::Discriminator, Detector::Classifier};

bool ends_with_png(const std::string& n) {
  if (n.size() < 5) return false;
  std::string ext = n.substr(n.size() - 4);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".png";
}

// The .png files of dir, sorted; "" or an error naming the folder or the file.
std::string png_files(const std::string& dir, std::vector<std::string>& out) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) {
    const int e = errno;
    return dir + ": " + (e == ELOOP ? "a loop of symbolic links" : e == ENOENT ? "no such folder" : std::strerror(e));
  }
  if (!S_ISDIR(st.st_mode)) return dir + ": not a folder";
  DIR* d = opendir(dir.c_str());
  if (!d) return dir + ": cannot read the folder (" + std::strerror(errno) + ")";
  std::vector<std::string> names;
  while (const dirent* e = readdir(d)) {
    const std::string n = e->d_name;
    if (n == "." || n == ".." || !ends_with_png(n)) continue;
    names.push_back(n);
    if (names.size() > kMaxDetectFiles) break;
  }
  closedir(d);
  if (names.size() > kMaxDetectFiles)
    return dir + ": more than " + std::to_string(kMaxDetectFiles) + " PNG files; score them in smaller folders";
  if (names.empty()) return dir + ": no .png files in the folder (the digits: 28x28 PNGs, 8 bits per channel)";
  std::sort(names.begin(), names.end());
  for (const auto& n : names) out.push_back(dir + (dir.back() == '/' ? "" : "/") + n);
  return "";
}

// A PNG file's digit (784 values in [-1, 1]); "" or an error naming the file.
std::string read_digit(const std::string& path, std::vector<float>& pixels, bool& inverted) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    const int e = errno;
    return path + ": " + (e == ELOOP ? "a loop of symbolic links" : e == ENOENT ? "a broken symbolic link" : std::strerror(e));
  }
  if (!S_ISREG(st.st_mode)) return path + ": not a regular file";
  std::vector<std::uint8_t> bytes;
  std::string e = read_file_bytes(path, kMaxPngBytes, bytes);
  PixelImage img;
  if (e.empty()) e = decode_png(bytes.data(), bytes.size(), path, img);
  if (e.empty()) e = run::digit_from_image(img, path, pixels, &inverted);
  return e;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

int detect_run_command(const RunOptions& o, const lessons::Lesson& l) {
  run::Session session;
  LatentTimes times;
  if (const int code = latent_session(o, l, "it scores digits; ganstep detect writes scores", session, times))
    return code;
  const double load_seconds = times.load_seconds, score_seconds = times.step_seconds;
  const auto* run = session.as<run::DetectRun>();
  const lessons::LatentSpec& spec = run->spec();
  const std::size_t scored = run->scores(run::DigitGroup::Real).size();
  std::vector<run::DigitGroup> sources{run::DigitGroup::Same};
  for (run::DigitGroup g : {run::DigitGroup::Seed, run::DigitGroup::Other})  // nearest to the G inverted first
    if (run->has_group(g)) sources.push_back(g);
  auto source_g = [&](run::DigitGroup g) {  // the lesson whose G drew them (and its seed)
    if (g == run::DigitGroup::Other) return spec.other_generator;
    if (g == run::DigitGroup::Seed) return spec.generator + ", seed " + std::to_string(spec.other_seed);
    return spec.generator;
  };
  auto source_label = [&](run::DigitGroup g) {
    return source_g(g) + (g == run::DigitGroup::Same ? " (the G inverted)"
                          : g == run::DigitGroup::Seed ? " (another seed)" : " (another G)");
  };
  auto mean_error = [&](run::DigitGroup g) {
    double s = 0;
    for (const auto& d : run->scores(g)) s += d.error;
    return run->scores(g).empty() ? 0.0 : s / double(run->scores(g).size());
  };
  if (o.json) {
    Json j;
    j.field("lesson", l.id).field("generator", spec.generator).field("other_generator", spec.other_generator);
    j.field("other_seed", static_cast<long long>(spec.other_seed));
    j.field("per_group", spec.detect).field("scored", static_cast<long long>(scored)).field("updates", spec.updates);
    j.field("iterations", static_cast<long long>(run->iteration()));
    std::string groups;
    for (int g = 0; g < run::kDigitGroups; ++g) {
      const auto group = static_cast<run::DigitGroup>(g);
      if (!run->has_group(group)) continue;
      Json gj;
      gj.field("group", run::group_name(group)).field("mean_error", mean_error(group));
      groups += (groups.empty() ? "" : ",") + gj.str();
    }
    j.raw("groups", "[" + groups + "]");
    std::string aucs;
    for (run::DigitGroup src : sources) {
      Json a;
      a.field("fakes", run::group_name(src)).field("g", source_g(src));
      for (Detector d : kAll) a.field(detector_name(d), run->roc(d, src).auc);
      aucs += (aucs.empty() ? "" : ",") + a.str();
    }
    j.raw("auc", "[" + aucs + "]");
    j.field("state_hash", session.run().state_hash_hex());
    j.field("load_seconds", load_seconds).field("score_seconds", score_seconds);
    std::string out = j.str();
    out.pop_back();
    std::printf("%s,%s}\n", out.c_str(), narration_json(l, session, o.beats).c_str());
    return 0;
  }
  std::printf("%s: %zu held-out digits and %zu fakes per G scored (%d re-synthesis updates each through %s's G) in %.1f s\n",
              l.id.c_str(), scored, scored, spec.updates, spec.generator.c_str(), score_seconds);
  for (int g = 0; g < run::kDigitGroups; ++g) {
    const auto group = static_cast<run::DigitGroup>(g);
    if (run->has_group(group)) std::printf("  mean re-synthesis error, %-10s %.4f\n", run::group_name(group), mean_error(group));
  }
  std::printf("AUC (1 = every fake caught, 0.5 = chance)           resynthesis  discriminator  classifier\n");
  for (run::DigitGroup src : sources)
    std::printf("  fakes of %-40s %.3f        %.3f          %.3f\n", source_label(src).c_str(),
                run->roc(Detector::Resynthesis, src).auc, run->roc(Detector::Discriminator, src).auc,
                run->roc(Detector::Classifier, src).auc);
  std::printf("state_hash %s\n", session.run().state_hash_hex().c_str());
  return 0;
}

int detect_command(const DetectOptions& o) {
  if (o.updates < 0 || o.updates > 2000) {
    std::fprintf(stderr, "ganstep: error: --updates %d is out of range 0..2000\n", o.updates);
    return 2;
  }
  // The digits, every file checked before anything slow.
  std::vector<std::string> files;
  std::string e = png_files(o.images, files);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: --images %s\n", e.c_str());
    return 1;
  }
  Tensor2 x = Tensor2::from_shape({files.size(), std::size_t(784)});
  std::vector<bool> inverted(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::vector<float> px;
    bool inv = false;
    e = read_digit(files[i], px, inv);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --images %s\n", e.c_str());
      return 1;
    }
    inverted[i] = inv;
    std::copy(px.begin(), px.end(), x.data() + i * 784);
  }
  if (!o.out.empty()) {
    const std::size_t slash = o.out.rfind('/');
    e = check_writable_dir(slash == std::string::npos ? "." : slash == 0 ? "/" : o.out.substr(0, slash));
    if (e.empty()) e = check_replaceable(o.out);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --out: %s\n", e.c_str());
      return 1;
    }
  }
  // The detectors: the detect-fakes lesson's G (the set-up's), or a checkpoint's G and D.
  const lessons::LoadResult fl = lessons::find_lesson("detect-fakes");
  if (!fl.ok() || !fl.lesson.latent) {
    std::fprintf(stderr, "ganstep: error: the library has no detect-fakes lesson\n");
    return 1;
  }
  lessons::LatentSpec spec = *fl.lesson.latent;
  spec.updates = o.updates;
  spec.other_generator.clear();
  spec.other_seed = 0;
  auto models = std::make_shared<run::LatentModels>();
  e = command_models(spec, o.checkpoint, o.data, *models);
  if (!e.empty()) {
    std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
    return 1;
  }
  for (std::size_t i = 0; i < files.size(); ++i)
    if (inverted[i]) notice(files[i] + ": mostly light: taken as dark ink on paper and inverted");
  std::vector<DigitScore> scores;
  for (std::size_t at = 0; at < files.size(); at += 64) {  // 64 digits side by side
    const std::size_t k = std::min<std::size_t>(64, files.size() - at);
    Tensor2 part = Tensor2::from_shape({k, std::size_t(784)});
    std::copy_n(x.data() + at * 784, k * 784, part.data());
    e = run::score_with(*models, spec, part, scores);
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: %s\n", e.c_str());
      return 3;
    }
  }
  std::string csv = "file,resynthesis_error,discriminator,classifier_confidence\n";
  char line[128];
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::snprintf(line, sizeof line, ",%.6g,%.6g,%.6g\n", scores[i].error, scores[i].d, scores[i].confidence);
    csv += csv_field(files[i]) + line;
  }
  if (o.out.empty()) {
    std::fputs(csv.c_str(), stdout);
  } else {
    e = write_file_atomic(o.out, reinterpret_cast<const std::uint8_t*>(csv.data()), csv.size());
    if (!e.empty()) {
      std::fprintf(stderr, "ganstep: error: --out: %s\n", e.c_str());
      return 1;
    }
    if (o.json) {
      Json j;
      j.field("images", o.images).field("files", static_cast<long long>(files.size())).field("csv", o.out);
      j.field("generator", models->generator).field("updates", o.updates).field("encoder", o.checkpoint.empty());
      std::printf("%s\n", j.str().c_str());
    } else {
      std::printf("%zu digits scored through %s's G (%d updates each): %s\n", files.size(), models->generator.c_str(),
                  o.updates, o.out.c_str());
    }
  }
  return 0;
}

}  // namespace ganstep::cli
