#include "lessons/run/latent_view.h"

#include <algorithm>

#include "engine/gan/classifier.h"  // pixel_to_unit

namespace ganstep::run {
namespace {

constexpr std::size_t kMaxFloats = std::size_t(1) << 24;

void put_floats(ByteWriter& w, const std::vector<float>& v) {
  w.u64(v.size());
  w.floats(v.data(), v.size());
}

bool get_floats(ByteReader& r, std::vector<float>& v) {
  const std::uint64_t n = r.u64();
  if (r.failed() || n > kMaxFloats || n > r.remaining() / 4) return false;
  v.resize(static_cast<std::size_t>(n));
  return r.floats(v.data(), v.size());
}

void put_score(ByteWriter& w, const DigitScore& s) {
  w.f64(s.error);
  w.f64(s.d);
  w.f64(s.confidence);
}

DigitScore get_score(ByteReader& r) {
  DigitScore s;
  s.error = r.f64();
  s.d = r.f64();
  s.confidence = r.f64();
  return s;
}

}  // namespace

std::string digit_from_image(const PixelImage& img, const std::string& name, std::vector<float>& pixels,
                             bool* inverted) {
  if (img.width != 28 || img.height != 28)
    return name + ": " + std::to_string(img.width) + "x" + std::to_string(img.height) +
           " pixels; a digit is 28x28 (as in MNIST): resize it first";
  const int n = img.channels;
  if (n < 1 || n > 4 || img.pixels.size() != std::size_t(28 * 28 * n)) return name + ": not an 8-bit image";
  std::vector<int> gray(784);
  long long sum = 0;
  for (std::size_t i = 0; i < 784; ++i) {
    const std::uint8_t* p = &img.pixels[i * std::size_t(n)];
    int v = n >= 3 ? (299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000 : p[0];
    if (n == 2 || n == 4) v = (v * p[n - 1] + 255 * (255 - p[n - 1]) + 127) / 255;  // over white paper
    gray[i] = v;
    sum += v;
  }
  const bool invert = sum > 784LL * 128;
  if (inverted) *inverted = invert;
  pixels.resize(784);
  for (std::size_t i = 0; i < 784; ++i)
    pixels[i] = pixel_to_unit(static_cast<std::uint8_t>(invert ? 255 - gray[i] : gray[i]));
  return "";
}

const char* group_name(DigitGroup g) {
  switch (g) {
    case DigitGroup::Real: return "real";
    case DigitGroup::Same: return "same_g";
    case DigitGroup::Other: return "other_g";
    case DigitGroup::Seed: return "other_seed";
  }
  return "?";
}

RocCurve DetectView::roc(Detector d, DigitGroup fakes) const {
  return detector_roc(scores[0], scores[std::size_t(fakes)], d);
}

std::string latent_next_spec(const lessons::LatentSpec& now, const std::vector<lessons::Setting>& settings,
                             bool force_restart, const LatentFacts& facts, lessons::LatentSpec& next, bool& live) {
  next = now;
  std::string e = lessons::apply_latent_settings(next, settings);
  if (!e.empty()) return e;
  const bool detect = now.detect > 0;
  for (const auto& s : settings) {
    if (s.key == "generator" || (detect && (s.key == "other_generator" || s.key == "other_seed")))
      return detect ? s.key + " cannot change during a lesson (it names a G the lesson loaded)"
                    : "generator cannot change during a lesson (it names the lesson's G)";
  }
  if (detect && next.detect < 1) return "detect must stay at least 1 in a detect lesson";
  const std::string loading = ": the held-out digits are not known until the models have loaded (try again then)";
  const std::size_t n = facts.test_count;
  int index = 0;
  if (next.target != now.target && lessons::latent_target_index(next.target, index)) {
    const std::string named = "target test:" + std::to_string(index);
    if (!facts.known) return named + loading;
    if (std::size_t(index) >= n)
      return named + ": the held-out set has " + std::to_string(n) + " digits" +
             (n ? " (test:0.." + std::to_string(n - 1) + ")" : "");
  }
  if (detect && next.detect != now.detect) {
    const std::string named = "detect = " + std::to_string(next.detect);
    if (!facts.known) return named + loading;
    if (std::size_t(next.detect) > n) return named + ": the held-out set has " + std::to_string(n) + " digits";
  }
  live = !force_restart && !detect;  // detect: any change scores the digits again
  for (const auto& s : settings)
    live = live && (s.key == "lr" || s.key == "pixel_weight" || s.key == "feature_weight" || s.key == "loss_target");
  return "";
}

void put_latent_spec(ByteWriter& w, const lessons::LatentSpec& s) {
  const auto& keys = lessons::latent_key_names();
  w.u32(static_cast<std::uint32_t>(keys.size()));
  for (const auto& k : keys) {
    w.str(k);
    w.str(lessons::latent_setting_text(s, k));
  }
}

bool get_latent_spec(ByteReader& r, lessons::LatentSpec& s) {
  const std::uint32_t n = r.u32();
  if (r.failed() || n > 256) return false;
  std::vector<lessons::Setting> set;
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
    lessons::Setting x;
    x.key = r.str(256);
    x.value = r.str(4096);
    set.push_back(std::move(x));
  }
  return !r.failed() && lessons::apply_latent_settings(s, set).empty();
}

namespace {

void put_facts(ByteWriter& w, const LatentFacts& f) {
  w.u32(f.known ? 1 : 0);
  w.u64(f.test_count);
}

void get_facts(ByteReader& r, LatentFacts& f) {
  f.known = r.u32() == 1;
  f.test_count = static_cast<std::size_t>(r.u64());
}

}  // namespace

void put_latent_view(ByteWriter& w, const LatentView& v) {
  put_latent_spec(w, v.spec);
  w.i64(v.updates);
  for (double x : {v.loss, v.pixel, v.feature}) w.f64(x);
  put_floats(w, v.target);
  put_floats(w, v.recon);
  put_floats(w, v.path);
  w.u32(static_cast<std::uint32_t>(v.noise_dim));
  w.f64(v.prior_sd);
  put_facts(w, v.facts);
}

bool get_latent_view(ByteReader& r, LatentView& v) {
  if (!get_latent_spec(r, v.spec)) return false;
  v.updates = r.i64();
  for (double* x : {&v.loss, &v.pixel, &v.feature}) *x = r.f64();
  if (!get_floats(r, v.target) || !get_floats(r, v.recon) || !get_floats(r, v.path)) return false;
  v.noise_dim = static_cast<int>(r.u32() & 0xffff);
  v.prior_sd = static_cast<float>(r.f64());
  get_facts(r, v.facts);
  return !r.failed();
}

void put_detect_view(ByteWriter& w, const DetectView& v) {
  put_latent_spec(w, v.spec);
  w.u32((v.has_other ? 1u : 0u) | (v.has_seed ? 2u : 0u));
  put_facts(w, v.facts);
  for (const auto& group : v.scores) {
    w.u64(group.size());
    for (const DigitScore& s : group) put_score(w, s);
  }
}

bool get_detect_view(ByteReader& r, DetectView& v) {
  if (!get_latent_spec(r, v.spec)) return false;
  const std::uint32_t sources = r.u32();
  v.has_other = (sources & 1u) != 0;
  v.has_seed = (sources & 2u) != 0;
  get_facts(r, v.facts);
  for (auto& group : v.scores) {
    const std::uint64_t n = r.u64();
    if (r.failed() || n > r.remaining() / 24) return false;
    group.resize(static_cast<std::size_t>(n));
    for (DigitScore& s : group) s = get_score(r);
  }
  return !r.failed();
}

void put_verdict(ByteWriter& w, const DigitVerdict& v) {
  w.u64(v.id);
  w.str(v.error);
  put_score(w, v.score);
  put_floats(w, v.recon);
}

bool get_verdict(ByteReader& r, DigitVerdict& v) {
  v.id = r.u64();
  v.error = r.str(4096);
  v.score = get_score(r);
  return get_floats(r, v.recon) && !r.failed();
}

std::int64_t detect_batches(const lessons::LatentSpec& s) {
  const std::int64_t b = std::max(1, s.batch);
  return (std::int64_t(std::max(0, s.detect)) + b - 1) / b;
}

void put_tensor(ByteWriter& w, const Tensor2& t) {
  w.u64(t.shape()[0]);
  w.u64(t.shape()[1]);
  w.floats(t.data(), t.size());
}
bool get_tensor(ByteReader& r, Tensor2& t) {
  const std::uint64_t rows = r.u64(), cols = r.u64();
  if (r.failed() || rows > kMaxFloats || cols > kMaxFloats) return false;
  if (cols != 0 && (rows > kMaxFloats / cols || rows * cols > r.remaining() / 4)) return false;
  t = Tensor2::from_shape({std::size_t(rows), std::size_t(cols)});
  return r.floats(t.data(), t.size());
}

void put_scored_batch(ByteWriter& w, const ScoredBatch& b) {
  w.str(b.key);
  w.i64(b.batch);
  w.str(b.error);
  w.u64(b.scores.size());
  for (const DigitScore& s : b.scores) put_score(w, s);
  w.u64(b.z.size());
  for (const Tensor2& z : b.z) put_tensor(w, z);
  put_tensor(w, b.recon);
}

bool get_scored_batch(ByteReader& r, ScoredBatch& b) {
  b.key = r.str(std::size_t(1) << 16);
  b.batch = r.i64();
  b.error = r.str(4096);
  const std::uint64_t n = r.u64();
  if (r.failed() || n > r.remaining() / 24) return false;
  b.scores.resize(static_cast<std::size_t>(n));
  for (DigitScore& s : b.scores) s = get_score(r);
  const std::uint64_t units = r.u64();
  if (r.failed() || units > 4096 || units > r.remaining() / 16) return false;
  b.z.resize(static_cast<std::size_t>(units));
  for (Tensor2& z : b.z)
    if (!get_tensor(r, z)) return false;
  return get_tensor(r, b.recon) && !r.failed();
}

}  // namespace ganstep::run
