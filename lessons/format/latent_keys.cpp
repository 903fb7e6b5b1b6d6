// The keys of a [latent] section (lesson.h, LatentSpec): parsing, ranges and
// their text, for the schema's rows, beats' and the student's `set`, and the
// Run (lessons/run/latent_run.h).
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "engine/core/text.h"
#include "engine/core/rng.h"
#include "lessons/format/lesson.h"
#include "lessons/format/lesson_schema.h"

namespace ganstep::lessons {
namespace {

bool parse_number(const std::string& v, double& out) {
  if (v.empty()) return false;
  char* end = nullptr;
  out = std::strtod(v.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

bool parse_int(const std::string& v, long long& out) {
  if (v.empty()) return false;
  char* end = nullptr;
  out = std::strtoll(v.c_str(), &end, 10);
  return end && *end == '\0';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

const std::vector<std::string>& latent_key_names() {
  static const std::vector<std::string> names = {"generator", "target",   "lr",          "pixel_weight",
                                                 "feature_weight", "starts", "restart", "encoder",
                                                 "loss_target",    "seed",   "detect",  "other_generator",
                                                 "other_seed",     "updates", "batch"};
  return names;
}

bool latent_target_index(const std::string& target, int& index) {
  if (target.rfind("test:", 0) != 0) return false;
  long long i = 0;
  if (!parse_int(target.substr(5), i) || i < 0 || i > 1000000) return false;
  index = static_cast<int>(i);
  return true;
}

bool latent_target_pixels(const std::string& target, std::vector<float>& pixels) {
  if (target.rfind("image:", 0) != 0 || target.size() != 6 + kLatentImageHex) return false;
  pixels.resize(kLatentImageHex);
  for (std::size_t i = 0; i < kLatentImageHex; ++i) {
    const int v = hex_value(target[6 + i]);
    if (v < 0) return false;
    pixels[i] = static_cast<float>(v) / 7.5f - 1.0f;
  }
  return true;
}

std::string latent_target_text(const float* pixels) {
  static const char* digits = "0123456789abcdef";
  std::string s = "image:";
  for (std::size_t i = 0; i < kLatentImageHex; ++i) {
    const float u = (std::min(1.0f, std::max(-1.0f, pixels[i])) + 1.0f) * 7.5f;
    s += digits[static_cast<int>(u + 0.5f)];
  }
  return s;
}

std::string apply_latent_setting(LatentSpec& s, const std::string& key, const std::string& value) {
  const std::string shown = quote_input(value);
  double d = 0;
  long long i = 0;
  auto number = [&](float& field, double lo, double hi, bool open_lo) -> std::string {
    if (!parse_number(value, d) || (open_lo ? d <= lo : d < lo) || d > hi)
      return key + " = " + shown + " is not a number in " + (open_lo ? "(" : "[") + schema::shortest(lo, false) +
             ", " + schema::shortest(hi, false) + "]";
    field = static_cast<float>(d);
    return "";
  };
  if (key == "generator") {
    if (!schema::valid_id(value)) return "generator = " + shown + " is not a lesson id";
    s.generator = value;
    return "";
  }
  if (key == "target") {
    int index = 0;
    std::vector<float> px;
    if (!latent_target_index(value, index) && !latent_target_pixels(value, px))
      return "target = " + shown + " is neither \"test:N\" (a held-out digit) nor \"image:\" and 784 hex digits";
    s.target = value;
    return "";
  }
  if (key == "lr") return number(s.lr, 0.0, 10.0, true);
  if (key == "pixel_weight") return number(s.pixel_weight, 0.0, 1000.0, false);
  if (key == "feature_weight") return number(s.feature_weight, 0.0, 1000.0, false);
  if (key == "starts" || key == "restart") {
    const long long hi = key == "starts" ? 16 : 1000000;
    if (!parse_int(value, i) || i < (key == "starts" ? 1 : 0) || i > hi)
      return key + " = " + shown + " is not a whole number in " + (key == "starts" ? "1" : "0") + ".." +
             std::to_string(hi);
    (key == "starts" ? s.starts : s.restart) = static_cast<int>(i);
    return "";
  }
  if (key == "detect" || key == "updates" || key == "batch") {
    const long long lo = key == "batch" ? 1 : 0, hi = key == "detect" ? 5000 : key == "updates" ? 2000 : 200;
    if (!parse_int(value, i) || i < lo || i > hi)
      return key + " = " + shown + " is not a whole number in " + std::to_string(lo) + ".." + std::to_string(hi);
    (key == "detect" ? s.detect : key == "updates" ? s.updates : s.batch) = static_cast<int>(i);
    return "";
  }
  if (key == "other_generator") {
    if (!value.empty() && !schema::valid_id(value)) return "other_generator = " + shown + " is not a lesson id";
    s.other_generator = value;
    return "";
  }
  if (key == "other_seed") {  // 0: none
    std::uint64_t seed = 0;
    const std::string e = parse_seed(value, seed);
    if (!e.empty()) return "other_seed " + e;
    s.other_seed = seed;
    return "";
  }
  if (key == "encoder") {
    if (value != "true" && value != "false") return "encoder = " + shown + " is not true or false";
    s.encoder = value == "true";
    return "";
  }
  if (key == "loss_target") {
    if (!parse_number(value, d) || d <= 0 || d > 10) return "loss_target = " + shown + " is not a number in (0, 10]";
    s.loss_target = d;
    return "";
  }
  if (key == "seed") {
    std::uint64_t seed = 0;
    const std::string e = parse_seed(value, seed);
    if (!e.empty()) return "seed " + e;
    s.seed = seed;
    return "";
  }
  const std::string best = did_you_mean(key, latent_key_names());
  return "unknown latent setting " + quote_input(key) + (best.empty() ? "" : " (did you mean \"" + best + "\"?)");
}

std::string apply_latent_settings(LatentSpec& s, const std::vector<Setting>& set) {
  for (const auto& x : set) {
    const std::string e = apply_latent_setting(s, x.key, x.value);
    if (!e.empty()) return e;
  }
  if (s.pixel_weight == 0.0f && s.feature_weight == 0.0f)
    return "pixel_weight and feature_weight are both 0: nothing to find";
  return "";
}

std::string latent_setting_text(const LatentSpec& s, const std::string& key) {
  if (key == "generator") return s.generator;
  if (key == "target") return s.target;
  if (key == "lr") return schema::shortest(s.lr, true);
  if (key == "pixel_weight") return schema::shortest(s.pixel_weight, true);
  if (key == "feature_weight") return schema::shortest(s.feature_weight, true);
  if (key == "starts") return std::to_string(s.starts);
  if (key == "restart") return std::to_string(s.restart);
  if (key == "encoder") return s.encoder ? "true" : "false";
  if (key == "loss_target") return schema::shortest(s.loss_target, false);
  if (key == "seed") return std::to_string(s.seed);
  if (key == "detect") return std::to_string(s.detect);
  if (key == "other_generator") return s.other_generator;
  if (key == "other_seed") return std::to_string(s.other_seed);
  if (key == "updates") return std::to_string(s.updates);
  if (key == "batch") return std::to_string(s.batch);
  return "";
}

}  // namespace ganstep::lessons
