// Image outputs and the classifier cache: .npy bytes (header exact), image
// grids (layout and pixel values exact), PNG bytes (signature, IHDR, CRCs),
// and the quality classifier's cache (train once, load, corrupt or foreign
// files retrained with a notice) on small synthetic digits.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_grid.h"
#include "engine/io/bytes.h"
#include "engine/io/crc32.h"
#include "engine/io/npy.h"
#include "engine/io/png.h"

#ifndef GANSTEP_TEST_TMP_DIR
#error "GANSTEP_TEST_TMP_DIR must name a writable folder (set by tests/CMakeLists.txt)"
#endif

using namespace ganstep;

namespace {

std::string as_text(const std::vector<std::uint8_t>& b, std::size_t from, std::size_t n) {
  return std::string(b.begin() + std::ptrdiff_t(from), b.begin() + std::ptrdiff_t(from + n));
}

std::uint32_t be32(const std::vector<std::uint8_t>& b, std::size_t at) {
  return std::uint32_t(b[at]) << 24 | std::uint32_t(b[at + 1]) << 16 | std::uint32_t(b[at + 2]) << 8 |
         b[at + 3];
}

}  // namespace

TEST_CASE("npy: header bytes exact, data little-endian float32 after a 64-byte aligned header", "[npy]") {
  struct Case {
    std::vector<std::size_t> shape;
    std::string dims;
  };
  const std::vector<Case> cases = {
      {{2, 3}, "(2, 3)"}, {{5}, "(5,)"}, {{}, "()"}, {{1, 3136}, "(1, 3136)"}, {{2, 1, 3}, "(2, 1, 3)"}};
  for (const Case& c : cases) {
    INFO(c.dims);
    std::size_t n = 1;
    for (std::size_t d : c.shape) n *= d;
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = float(i) - 1.5f;
    const std::vector<std::uint8_t> b = npy_bytes(v.data(), c.shape);
    REQUIRE(b.size() >= 64);
    CHECK(as_text(b, 0, 6) == "\x93NUMPY");
    CHECK(b[6] == 1);
    CHECK(b[7] == 0);
    const std::size_t header_len = b[8] | std::size_t(b[9]) << 8;
    CHECK((10 + header_len) % 64 == 0);
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + c.dims + ", }";
    header.append(10 + header_len - 10 - header.size() - 1, ' ');
    header += '\n';
    CHECK(as_text(b, 10, header_len) == header);
    REQUIRE(b.size() == 10 + header_len + 4 * n);
    CHECK(std::memcmp(b.data() + 10 + header_len, v.data(), 4 * n) == 0);  // x86 and wasm are little-endian
  }
  // the exact bytes of a small case: 10 + 118 = 128 bytes of header
  const float one = 1.0f;
  const std::vector<std::uint8_t> b = npy_bytes(&one, {1, 1});
  CHECK(b.size() == 132);
  CHECK(b[8] == 118);
  CHECK(b[9] == 0);
  CHECK(as_text(b, 10, 56) == "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1)");
  CHECK(b[127] == '\n');
  CHECK(b[126] == ' ');
  CHECK(as_text(b, 128, 4) == std::string("\x00\x00\x80\x3f", 4));
}

TEST_CASE("image grid: layout, gaps and pixel values exact", "[image_grid]") {
  CHECK(to_pixel(-1.0f) == 0);
  CHECK(to_pixel(1.0f) == 255);
  CHECK(to_pixel(0.0f) == 128);
  CHECK(to_pixel(-2.0f) == 0);
  CHECK(to_pixel(3.0f) == 255);
  CHECK(to_pixel(std::nanf("")) == 0);
  CHECK(to_pixel(-0.5f) == 64);  // 63.75 + 0.5 rounds to 64

  // two 1x2x2 images in a 1 x 3 grid with a 1-pixel gap: 10 x 4 pixels
  Tensor2 images = {{-1.0f, 1.0f, 0.0f, -1.0f}, {1.0f, 1.0f, -1.0f, std::nanf("")}};
  PixelImage g;
  REQUIRE(image_grid(images, ImageShape{1, 2, 2}, 1, 3, 1, g) == "");
  CHECK(g.width == 10);
  CHECK(g.height == 4);
  CHECK(g.channels == 1);
  const int G = kGridGapValue;
  const std::vector<int> want = {
      G, G,   G,   G, G,   G,   G, G, G, G,  //
      G, 0,   255, G, 255, 255, G, G, G, G,  //
      G, 128, 0,   G, 0,   0,   G, G, G, G,  //
      G, G,   G,   G, G,   G,   G, G, G, G,
  };
  REQUIRE(g.pixels.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("pixel " << i);
    CHECK(int(g.pixels[i]) == want[i]);
  }
  // 8x8 grid of 28x28 with gap 2: 242 x 242
  Tensor2 many = Tensor2::from_shape({64, 784});
  many.fill(0.25f);
  REQUIRE(image_grid(many, ImageShape{1, 28, 28}, 8, 8, 2, g) == "");
  CHECK(g.width == 242);
  CHECK(g.height == 242);
  CHECK(int(g.pixels[2 * 242 + 2]) == 159);  // (0.25 + 1) * 127.5 = 159.375
  // RGB: channels interleaved
  Tensor2 rgb = {{-1.0f, 1.0f, 0.0f}};
  REQUIRE(image_grid(rgb, ImageShape{3, 1, 1}, 1, 1, 0, g) == "");
  CHECK(g.channels == 3);
  CHECK(g.pixels == std::vector<std::uint8_t>{0, 255, 128});

  struct Bad {
    ImageShape shape;
    int rows, cols, gap;
    const char* message;
  };
  const std::vector<Bad> bad = {
      {{1, 2, 3}, 1, 1, 1, "the images have 4 values each, shape 1x2x3 has 6"},
      {{2, 1, 2}, 1, 1, 1, "image grids need 1 or 3 channels, not 2"},
      {{1, 2, 2}, 0, 1, 1, "1..256 rows and columns"},
      {{1, 2, 2}, 1, 300, 1, "1..256 rows and columns"},
      {{1, 2, 2}, 1, 1, -1, "gap must be 0..16"},
      {{1, 2, 2}, 1, 1, 17, "gap must be 0..16"},
  };
  for (const Bad& b : bad) {
    INFO(b.message);
    CHECK_THAT(image_grid(images, b.shape, b.rows, b.cols, b.gap, g), Catch::Contains(b.message));
  }
}

TEST_CASE("png: signature, IHDR and chunk CRCs of gray and RGB images; bad images give no bytes", "[png]") {
  for (int channels : {1, 3}) {
    INFO("channels " << channels);
    PixelImage img;
    img.width = 5;
    img.height = 3;
    img.channels = channels;
    for (int i = 0; i < 5 * 3 * channels; ++i) img.pixels.push_back(std::uint8_t(i * 7));
    const std::vector<std::uint8_t> b = png_bytes(img);
    REQUIRE(b.size() > 8 + 25 + 12);
    CHECK(as_text(b, 0, 8) == "\x89PNG\r\n\x1a\n");
    CHECK(be32(b, 8) == 13);
    CHECK(as_text(b, 12, 4) == "IHDR");
    CHECK(be32(b, 16) == 5);
    CHECK(be32(b, 20) == 3);
    CHECK(b[24] == 8);                        // bit depth
    CHECK(b[25] == (channels == 1 ? 0 : 2));  // gray or RGB
    // every chunk's CRC (ours agrees with PNG's)
    std::size_t at = 8;
    bool ended = false;
    while (at + 12 <= b.size()) {
      const std::uint32_t n = be32(b, at);
      REQUIRE(at + 12 + n <= b.size());
      CHECK(crc32_update(0, b.data() + at + 4, n + 4) == be32(b, at + 8 + n));
      ended = as_text(b, at + 4, 4) == "IEND";
      at += 12 + n;
    }
    CHECK(ended);
    CHECK(at == b.size());
  }
  PixelImage empty;
  CHECK(png_bytes(empty).empty());
  PixelImage short_pixels;
  short_pixels.width = short_pixels.height = 4;
  short_pixels.pixels.assign(15, 0);
  CHECK(png_bytes(short_pixels).empty());
  CHECK_THAT(write_png(std::string(GANSTEP_TEST_TMP_DIR) + "/x.png", short_pixels),
             Catch::Contains("cannot encode a 4x4x1 image as PNG"));
  const std::string path = std::string(GANSTEP_TEST_TMP_DIR) + "/grid.png";
  PixelImage ok;
  ok.width = ok.height = 2;
  ok.pixels = {0, 64, 128, 255};
  REQUIRE(write_png(path, ok) == "");
  std::vector<std::uint8_t> back;
  REQUIRE(read_file_bytes(path, 1 << 20, back) == "");
  CHECK(back == png_bytes(ok));
}

namespace {

// 200 synthetic 28x28 "digits": class c is a bright bar at column 2 + 2c.
LabeledImages bar_digits(int n) {
  LabeledImages d;
  d.images = Tensor2::from_shape({std::size_t(n), 784});
  d.images.fill(-1.0f);
  for (int i = 0; i < n; ++i) {
    const int c = i % 10;
    d.labels.push_back(std::uint8_t(c));
    for (int y = 4 + i % 3; y < 24; ++y) d.images(i, y * 28 + 2 + 2 * c) = 1.0f;
  }
  return d;
}

ClassifierConfig small_config() {
  ClassifierConfig c;
  c.hidden1 = 32;
  c.hidden2 = 8;
  c.epochs = 30;
  c.batch = 20;
  c.shift = 0;  // the bars are 2 pixels apart
  return c;
}

std::vector<float> logits_of(Classifier& net, const LabeledImages& d) {
  net.forward(d.images);
  return std::vector<float>(net.logits().begin(), net.logits().end());
}

}  // namespace

TEST_CASE("classifier cache: trains once, loads the same weights, retrains corrupt or foreign files",
          "[classifier_cache]") {
  const LabeledImages digits = bar_digits(200);
  const ClassifierConfig config = small_config();
  const std::string dir = std::string(GANSTEP_TEST_TMP_DIR) + "/classifier-cache/nested";
  const std::string key = classifier_cache_key(config, digits);
  const std::string path = classifier_cache_path(dir, key);
  std::remove(path.c_str());
  mkdir((std::string(GANSTEP_TEST_TMP_DIR) + "/classifier-cache").c_str(), 0755);
  CHECK(path.rfind(dir + "/classifier-", 0) == 0);
  CHECK(path.size() == dir.size() + std::string("/classifier-").size() + 16 + 6);

  std::vector<std::string> notices;
  auto notice = [&](const std::string& s) { notices.push_back(s); };
  Classifier a(config);
  CacheResult r;
  REQUIRE(cached_classifier(digits, config, dir, a, notice, &r) == "");
  CHECK(r.trained);
  CHECK(r.path == path);
  REQUIRE(notices.size() == 1);
  CHECK_THAT(notices[0], Catch::StartsWith("training the quality classifier on 200 images"));
  CHECK(classifier_accuracy(a, digits) > 0.9);
  const std::vector<float> want = logits_of(a, digits);

  notices.clear();
  Classifier b(config);
  REQUIRE(cached_classifier(digits, config, dir, b, notice, &r) == "");
  CHECK_FALSE(r.trained);
  CHECK(notices.empty());
  CHECK(logits_of(b, digits) == want);

  // Corrupt files: each retrained with a notice naming the problem, then whole again.
  std::vector<std::uint8_t> good;
  REQUIRE(read_file_bytes(path, 1 << 24, good) == "");
  struct Case {
    const char* what;
    std::vector<std::uint8_t> bytes;
    std::string notice;
  };
  std::vector<std::uint8_t> flipped = good;
  flipped[good.size() / 2] ^= 1;
  std::vector<std::uint8_t> versioned = good;
  versioned[8] = 9;
  Classifier other_net(small_config());
  LabeledImages fewer = bar_digits(100);
  const std::vector<std::uint8_t> foreign = classifier_bytes(other_net, classifier_cache_key(config, fewer));
  const std::vector<Case> cases = {
      {"flipped", flipped, "corrupt classifier file (CRC-32 mismatch: stored "},
      {"truncated", std::vector<std::uint8_t>(good.begin(), good.begin() + 100),
       "truncated classifier file (100 of " + std::to_string(good.size()) + " bytes)"},
      {"padded", [&] { auto b = good; b.push_back(0); return b; }(), "corrupt classifier file (1 bytes after its end)"},
      {"empty", {}, "not a ganstep classifier file (no GSCLSF01 magic at its start)"},
      {"version", versioned, "classifier file format version 9 is newer than this ganstep reads (1)"},
      {"foreign", foreign, "made for another classifier or data (" + std::string("mlp 784-32-8-10")},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    if (!c.bytes.empty()) std::fwrite(c.bytes.data(), 1, c.bytes.size(), f);
    std::fclose(f);
    // a direct load fails and leaves the network untouched
    Classifier untouched(config);
    Rng rng(1, 2);
    untouched.init(rng);
    const std::vector<float> before = logits_of(untouched, digits);
    CHECK_THAT(load_classifier_bytes(c.bytes.empty() ? nullptr : c.bytes.data(), c.bytes.size(), "f", key,
                                     untouched),
               Catch::Contains(c.notice));
    CHECK(logits_of(untouched, digits) == before);
    // the cache retrains it
    notices.clear();
    Classifier d(config);
    REQUIRE(cached_classifier(digits, config, dir, d, notice, &r) == "");
    CHECK(r.trained);
    REQUIRE(notices.size() == 2);
    CHECK_THAT(notices[0], Catch::Contains(c.notice) && Catch::EndsWith("; training the classifier again"));
    CHECK(logits_of(d, digits) == want);  // training is deterministic
    std::vector<std::uint8_t> now;
    REQUIRE(read_file_bytes(path, 1 << 24, now) == "");
    CHECK(now == good);
  }

  // Another config or other data is another file.
  ClassifierConfig other = config;
  other.epochs = 31;
  CHECK(classifier_cache_path(dir, classifier_cache_key(other, digits)) != path);
  CHECK(classifier_cache_path(dir, classifier_cache_key(config, fewer)) != path);
  CHECK(classifier_cache_key(config, digits).find(describe(config)) == 0);

  // Too few images: an error, nothing written.
  LabeledImages tiny = bar_digits(5);
  Classifier e(config);
  CHECK_THAT(cached_classifier(tiny, config, dir, e, notice, &r),
             Catch::Contains("needs at least 20 28x28 images"));
  // An unwritable cache folder: trained anyway, with a notice.
  notices.clear();
  const std::string file_as_dir = std::string(GANSTEP_TEST_TMP_DIR) + "/classifier-cache/a-file";
  std::FILE* f = std::fopen(file_as_dir.c_str(), "wb");
  REQUIRE(f);
  std::fclose(f);
  Classifier g(config);
  REQUIRE(cached_classifier(digits, config, file_as_dir + "/sub", g, notice, &r) == "");
  CHECK(r.trained);
  REQUIRE(notices.size() == 2);
  CHECK_THAT(notices[1], Catch::StartsWith("cannot cache the classifier: " + file_as_dir));
  CHECK(logits_of(g, digits) == want);
  // A folder whose parent is missing is not made up (parents are never created).
  notices.clear();
  const std::string orphan = std::string(GANSTEP_TEST_TMP_DIR) + "/classifier-cache/no-parent";
  REQUIRE(cached_classifier(digits, config, orphan + "/sub", g, notice, &r) == "");
  REQUIRE(notices.size() == 2);
  CHECK_THAT(notices[1], Catch::StartsWith("cannot cache the classifier: " + orphan + "/sub: cannot create"));
  struct stat st;
  CHECK(stat(orphan.c_str(), &st) != 0);
}
