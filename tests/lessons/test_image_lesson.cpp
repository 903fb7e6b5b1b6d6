// Image lessons: the layer text form, the built-in image lessons, and save/parse round trips.
#include <catch2/catch.hpp>

#include "tests/lessons/lesson_head.h"

#include <algorithm>
#include <string>

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
                         "convT(64, kernel=5, stride=2, padding=2, output_padding=1, bias=false)"};
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

TEST_CASE("lr_decay_start, lr_decay_end and real_target: read, checked at their place, saved, linked",
          "[image][schedule]") {
  LoadResult r = parse_lesson(kDcgan + "lr_decay_start = 3500\nlr_decay_end = 5000\nreal_target = 0.9\n");
  for (const auto& p : r.problems) FAIL_CHECK(format_problem("l.toml", p));
  REQUIRE(r.ok());
  CHECK(r.lesson.config.lr_decay_start == 3500);
  CHECK(r.lesson.config.lr_decay_end == 5000);
  CHECK(r.lesson.config.real_target == 0.9f);
  LoadResult back = parse_lesson(save_lesson(r.lesson, true));
  REQUIRE(back.ok());
  CHECK(back.lesson.config.lr_decay_end == 5000);
  CHECK(back.lesson.config.real_target == 0.9f);
  LoadResult link = parse_share_link(make_share_fragment(r.lesson));
  REQUIRE(link.ok());
  CHECK(link.lesson.config.lr_decay_start == 3500);
  // Off by default; a compact save of a lesson without them does not write them.
  LoadResult plain = parse_lesson(kDcgan);
  REQUIRE(plain.ok());
  const std::string saved = save_lesson(plain.lesson, true);
  CHECK(saved.find("lr_decay") == std::string::npos);
  CHECK(saved.find("real_target") == std::string::npos);
  // An end not after the start: an error at lr_decay_end's line and column.
  const int line = static_cast<int>(std::count(kDcgan.begin(), kDcgan.end(), '\n')) + 2;
  LoadResult bad = parse_lesson(kDcgan + "lr_decay_start = 5000\nlr_decay_end = 4000\n");
  REQUIRE_FALSE(bad.ok());
  REQUIRE(bad.problems.size() == 1);
  CHECK(format_problem("l.toml", bad.problems[0]) ==
        "l.toml:" + std::to_string(line) + ":16: error: lr_decay_end: 4000 must be after lr_decay_start = 5000 (or 0: "
        "no decay)\n");
  LoadResult low = parse_lesson(kDcgan + "real_target = 0.2\n");
  REQUIRE_FALSE(low.ok());
  CHECK(low.problems[0].message.find("real_target") != std::string::npos);
}

TEST_CASE("the average of G (ema_g, ema_start) and mapping_lr: read, range-checked with a place, saved, linked",
          "[image][ema]") {
  const std::string text = kDcgan + "ema_g = 0.998\nema_start = 500\n";
  LoadResult r = parse_lesson(text);
  for (const auto& p : r.problems) FAIL_CHECK(format_problem("l.toml", p));
  REQUIRE(r.ok());
  CHECK(r.lesson.config.ema_g == 0.998f);
  CHECK(r.lesson.config.ema_start == 500);
  LoadResult back = parse_lesson(save_lesson(r.lesson, true));
  REQUIRE(back.ok());
  CHECK(back.lesson.config.ema_g == 0.998f);
  CHECK(back.lesson.config.ema_start == 500);
  LoadResult link = parse_share_link(make_share_fragment(r.lesson));
  REQUIRE(link.ok());
  CHECK(link.lesson.config.ema_start == 500);
  // Off by default, and a compact save does not write it (other lessons' files and links stay as they were).
  LoadResult plain = parse_lesson(kDcgan);
  REQUIRE(plain.ok());
  CHECK(plain.lesson.config.ema_g == 0.0f);
  CHECK(save_lesson(plain.lesson, true).find("ema_") == std::string::npos);
  // Out of range: an error at the value's line and column.
  const int line = static_cast<int>(std::count(kDcgan.begin(), kDcgan.end(), '\n')) + 1;
  LoadResult bad = parse_lesson(kDcgan + "ema_g = 1.5\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(format_problem("l.toml", bad.problems[0]) ==
        "l.toml:" + std::to_string(line) + ":9: error: [training] ema_g: 1.5 is out of range 0..0.9999\n");
  LoadResult slow = parse_lesson(kDcgan + "ema_start = -3\n");
  REQUIRE_FALSE(slow.ok());
  CHECK(slow.problems[0].message.find("ema_start") != std::string::npos);
  const std::string style = std::string(kMlp).replace(kMlp.find("[discriminator]"), 0, "mapping_lr = 0.01\n");
  LoadResult m = parse_lesson(style);
  for (const auto& p : m.problems) FAIL_CHECK(format_problem("l.toml", p));
  REQUIRE(m.ok());
  CHECK(m.lesson.config.mapping_lr == 0.01f);
  LoadResult zero = parse_lesson(std::string(kMlp).replace(kMlp.find("[discriminator]"), 0, "mapping_lr = 0\n"));
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.problems[0].message.find("must be > 0") != std::string::npos);
}
