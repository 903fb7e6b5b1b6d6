// Image lessons: the layer text form, the built-in image lessons, and save/parse round trips.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <string>

#include "tests/lessons/lesson_head.h"

#include "lessons/format/image_layers.h"
#include "lessons/format/lesson.h"
#include "lessons/format/share.h"

using namespace ganstep;
using namespace ganstep::lessons;

namespace {

// The TensorFlow tutorial's DCGAN as a lesson (lessons/library/mnist-dcgan.toml without its beats).
const std::string kDcgan = lesson_head("dcgan-test", "DCGAN", "DCGAN", "A DCGAN.", "Uma DCGAN.") + R"toml([data]
images = "mnist"
shape = "1x28x28"
[noise]
prior = "gaussian"
dim = 100
[generator]
layers = [
  "dense(12544, bias=false)", "batchnorm", "leakyrelu(0.3)",
  "reshape(256, 7, 7)",
  "convT(128, kernel=5, stride=1, padding=2, bias=false)", "batchnorm", "leakyrelu(0.3)",
  "convT(64, kernel=5, stride=2, padding=2, output_padding=1, bias=false)", "batchnorm", "leakyrelu(0.3)",
  "convT(1, kernel=5, stride=2, padding=2, output_padding=1, bias=false)", "tanh",
]
[discriminator]
layers = [
  "conv(64, kernel=5, stride=2, padding=2)", "leakyrelu(0.3)", "dropout(0.3)",
  "conv(128, kernel=5, stride=2, padding=2)", "leakyrelu(0.3)", "dropout(0.3)",
  "flatten", "dense(1)",
]
[training]
opt_d = "adam"
opt_g = "adam"
lr_d = 0.0002
lr_g = 0.0002
beta1_d = 0.5
beta1_g = 0.5
)toml";

const std::string kMlp = lesson_head("mlp-test", "MLP", "MLP", "An MLP GAN.", "Uma GAN MLP.") + R"toml([data]
images = "fashion-mnist"
[generator]
layers = ["dense(784)", "tanh"]
[discriminator]
layers = ["flatten", "dense(1)"]
)toml";

}  // namespace

TEST_CASE("layer strings parse and format back to the same layer", "[image]") {
  const char* texts[] = {"dense(12544, bias=false)", "reshape(256, 7, 7)", "flatten", "batchnorm", "relu", "tanh",
                         "sigmoid", "leakyrelu(0.3)", "dropout(0.25)",
                         "conv(64, kernel=5, stride=2, padding=2)",
                         "convT(64, kernel=5, stride=2, padding=2, output_padding=1, bias=false)", "mbstd", "mbstd(8)"};
  for (const char* t : texts) {
    LayerSpec l;
    std::string err;
    int at = -1;
    INFO(t);
    REQUIRE(parse_layer(t, l, err, &at));
    CHECK(format_layer(l) == t);
  }
  LayerSpec l;
  std::string err;
  int at = -1;
  REQUIRE(parse_layer("  convT( 8 , kernel = 3 )  ", l, err, &at));
  CHECK(l.kind == LayerKind::ConvT);
  CHECK(l.units == 8);
  CHECK(l.kernel == 3);
  CHECK(l.stride == 1);
  CHECK(l.bias);
  REQUIRE(parse_layer("leakyrelu", l, err, &at));
  CHECK(l.slope == 0.2f);
  CHECK_FALSE(parse_layer("conv(8, kernel=3, 2)", l, err, &at));
  CHECK(err.find("positional argument after a keyword") != std::string::npos);
  CHECK(at == 18);
  CHECK_FALSE(parse_layer("relu(1)", l, err, &at));
  CHECK(err.find("takes no arguments") != std::string::npos);
  CHECK_FALSE(parse_layer("dense(8, bias=false, bias=true)", l, err, &at));
  CHECK(err.find("given twice") != std::string::npos);
  CHECK_FALSE(parse_layer("", l, err, &at));
  REQUIRE(parse_layer("mbstd", l, err, &at));
  CHECK(l.kind == LayerKind::MbStd);
  CHECK(l.group == 4);
  CHECK_FALSE(parse_layer("mbstd(0)", l, err, &at));
  CHECK(err.find("group size") != std::string::npos);
  CHECK(at == 6);
}

TEST_CASE("the image lessons parse, and save_lesson round-trips them", "[image]") {
  for (const std::string& text : {kDcgan, kMlp}) {
    LoadResult r = parse_lesson(text);
    REQUIRE(r.ok());
    REQUIRE(r.lesson.image);
    for (bool compact : {false, true}) {
      const std::string text = save_lesson(r.lesson, compact);
      LoadResult back = parse_lesson(text);
      INFO(text);
      REQUIRE(back.ok());
      REQUIRE(back.lesson.image);
      CHECK(save_lesson(back.lesson, compact) == text);
      CHECK(back.lesson.image->g.size() == r.lesson.image->g.size());
      CHECK(back.lesson.image->d.size() == r.lesson.image->d.size());
      CHECK(back.lesson.image->shape == r.lesson.image->shape);
      CHECK(back.lesson.config.noise_dim == r.lesson.config.noise_dim);
    }
  }
  LoadResult dc = parse_lesson(kDcgan);
  REQUIRE(dc.ok());
  const ImageGanSpec& s = *dc.lesson.image;
  // the TensorFlow tutorial's DCGAN: G 2,305,472 weights (dense 1,254,400 + BN 25,088 + convT 819,200 + BN 256
  // + convT 204,800 + BN 128 + convT 1,600, no biases), D 212,865
  CHECK(param_count(s.g, ImageShape{100, 1, 1}) == 2305472);
  CHECK(param_count(s.d, s.shape) == 212865);
}

TEST_CASE("a share link cannot read an IDX folder", "[image]") {
  LoadResult r = parse_lesson(kMlp);
  REQUIRE(r.ok());
  Lesson l = r.lesson;
  l.image->data = "idx:/tmp/digits";
  const std::string text = save_lesson(l, true);
  CHECK(parse_lesson(text).ok());
  ParseOptions no_files;
  no_files.allow_files = false;
  LoadResult link = parse_lesson(text, no_files);
  REQUIRE_FALSE(link.ok());
  CHECK(link.problems[0].message.find("a share link cannot read files") != std::string::npos);
}

// Image-lesson settings added after the format: each reads, saves (compact)
// and links back to the same value, stays out of a compact save when unset
// (other lessons' files and links stay as they were), and a bad value is one
// error at its place.
TEST_CASE("image settings: read, saved, linked; off by default; a bad value is an error at its place",
          "[image][schedule][ema]") {
  struct RoundTrip {
    std::string base, added;                              // the lesson, the lines appended to it
    std::function<bool(const GanConfig&)> holds;           // the values read
    std::vector<std::string> absent_when_unset;            // keys a compact save of base leaves out
  };
  const std::string mlp_with = [] {
    std::string t = kMlp;
    return t.replace(t.find("[discriminator]"), 0, "mapping_lr = 0.01\n");
  }();
  const std::vector<RoundTrip> trips = {
      {kDcgan, "lr_decay_start = 3500\nlr_decay_end = 5000\nreal_target = 0.9\n",
       [](const GanConfig& c) { return c.lr_decay_start == 3500 && c.lr_decay_end == 5000 && c.real_target == 0.9f; },
       {"lr_decay", "real_target"}},
      {kDcgan, "ema_g = 0.998\nema_start = 500\n",
       [](const GanConfig& c) { return c.ema_g == 0.998f && c.ema_start == 500; }, {"ema_"}},
      {mlp_with, "", [](const GanConfig& c) { return c.mapping_lr == 0.01f; }, {}},
  };
  for (const RoundTrip& t : trips) {
    INFO(t.added);
    const LoadResult r = parse_lesson(t.base + t.added);
    for (const auto& p : r.problems) FAIL_CHECK(format_problem("l.toml", p));
    REQUIRE(r.ok());
    CHECK(t.holds(r.lesson.config));
    const LoadResult back = parse_lesson(save_lesson(r.lesson, true));
    REQUIRE(back.ok());
    CHECK(t.holds(back.lesson.config));
    const LoadResult link = parse_share_link(make_share_fragment(r.lesson));
    REQUIRE(link.ok());
    CHECK(t.holds(link.lesson.config));
    const LoadResult plain = parse_lesson(kDcgan);
    REQUIRE(plain.ok());
    CHECK(plain.lesson.config.ema_g == 0.0f);
    for (const std::string& key : t.absent_when_unset) CHECK(save_lesson(plain.lesson, true).find(key) == std::string::npos);
  }

  // Bad values: one error each, at the value's line and column where the message is given in full.
  const int last = static_cast<int>(std::count(kDcgan.begin(), kDcgan.end(), '\n'));
  struct Bad {
    std::string text, message;  // message: the whole formatted problem, or a fragment of it (no "l.toml:")
  };
  const std::vector<Bad> bad = {
      {kDcgan + "lr_decay_start = 5000\nlr_decay_end = 4000\n",
       "l.toml:" + std::to_string(last + 2) + ":16: error: lr_decay_end: 4000 must be after lr_decay_start = 5000 (or 0: "
       "no decay)\n"},
      {kDcgan + "real_target = 0.2\n", "real_target"},
      {kDcgan + "ema_g = 1.5\n",
       "l.toml:" + std::to_string(last + 1) + ":9: error: [training] ema_g: 1.5 is out of range 0..0.9999\n"},
      {kDcgan + "ema_start = -3\n", "ema_start"},
      {std::string(kMlp).replace(kMlp.find("[discriminator]"), 0, "mapping_lr = 0\n"), "must be > 0"},
  };
  for (const Bad& b : bad) {
    INFO(b.text.substr(b.text.size() > 60 ? b.text.size() - 60 : 0));
    const LoadResult r = parse_lesson(b.text);
    REQUIRE(r.problems.size() == 1);
    const std::string got = format_problem("l.toml", r.problems[0]);
    if (b.message.rfind("l.toml:", 0) == 0) CHECK(got == b.message);
    else CHECK(got.find(b.message) != std::string::npos);
  }
}
