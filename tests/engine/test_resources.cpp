// The resource model (engine/gan/resources.h): the estimate grows with the
// batch and the widths, its components add up, a small configuration's
// figure worked out by hand, the messages name the setting, and the trainers
// refuse before allocating.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "engine/gan/trainer.h"
#include "engine/gan/resources.h"
#include "engine/gan/trainer.h"

using namespace ganstep;

namespace {

GanConfig point(int batch, int g_width, int d_width) {
  GanConfig c;
  c.batch = batch;
  c.g_hidden = {{g_width, Act::ReLU}};
  c.d_hidden = {{d_width, Act::ReLU}};
  return c;
}

// A small image GAN: z (4) -> dense(16) -> relu -> dense(36) -> reshape(1, 6, 6);
// D: conv(2, k3, s1, p1) -> leakyrelu -> flatten -> dense(1).
ImageGanSpec small_image_gan() {
  ImageGanSpec s;
  s.data = "idx:none";
  s.shape = ImageShape{1, 6, 6};
  LayerSpec d16{LayerKind::Dense, 16}, relu{LayerKind::ReLU}, d36{LayerKind::Dense, 36};
  LayerSpec reshape{LayerKind::Reshape};
  reshape.c = 1, reshape.h = 6, reshape.w = 6;
  s.g = {d16, relu, d36, reshape};
  LayerSpec conv{LayerKind::Conv, 2};
  conv.kernel = 3, conv.stride = 1, conv.padding = 1;
  s.d = {conv, LayerSpec{LayerKind::LeakyReLU}, LayerSpec{LayerKind::Flatten}, LayerSpec{LayerKind::Dense, 1}};
  return s;
}

double sum(const MemoryEstimate& e) { return e.parameters + e.optimizer + e.activations + e.data + e.snapshots; }

}  // namespace

TEST_CASE("resources: a point GAN's figure, worked out by hand", "[resources]") {
  // noise 1 -> 16 relu -> 1; D 1 -> 16 relu -> 1; batch 64; 1-D data.
  const MemoryEstimate e = estimate_point_memory(point(64, 16, 16), 1, 0);
  // G: 1*16+16 + 16*1+1 = 49 weights; D the same: 98 in all.
  CHECK(e.weights == 98);
  CHECK(e.parameters == 4 * 2 * 98);  // weights and gradients
  CHECK(e.optimizer == 4 * 2 * 98);   // two moments
  // Per row, G: Linear(1->16) out 16 + cache 1; ReLU out 16 + cache 16;
  // Linear(16->1) out 1 + cache 16; gradient buffers 2 x 16: 98 floats. D alike.
  // Training: G on 64 rows, D on 128; the minibatch: 64 * (1 + 3) + 128 + 640.
  const double train = 64 * 98 + 128 * 98 + (64 * 4 + 128 + 640);
  // Between iterations: G and D on 64 rows, then the larger copy: G (2 x 49
  // weights, 64 rows of caches, 4096 samples forward: 66 floats a row) or D
  // (the same, on the 1-D curve's 512 points).
  const double after = 64 * 98 + 64 * 98 + (2 * 49 + 64 * 98 + 4096 * 66);
  CHECK(after > train);
  CHECK(e.activations == Approx(4 * after).epsilon(1e-12));
  CHECK(e.data == 0);
  CHECK(e.snapshots == 0);
  CHECK(e.total() == Approx(sum(e)).epsilon(1e-12));
  CHECK(check_memory(e, kPageMemoryLimit).empty());
}

TEST_CASE("resources: the estimate grows with the batch and the widths", "[resources]") {
  double last = 0;
  for (int batch : {1, 64, 1024, 4096, 16384, 65536}) {
    const double t = estimate_point_memory(point(batch, 256, 256), 2, 0).total();
    CHECK(t >= last);
    last = t;
  }
  CHECK(last > estimate_point_memory(point(16384, 256, 256), 2, 0).total());
  last = 0;
  for (int w : {1, 16, 128, 1024, 4096}) {
    const double t = estimate_point_memory(point(512, w, 64), 2, 0).total();
    const double t2 = estimate_point_memory(point(512, 64, w), 2, 0).total();
    CHECK(t >= last);
    CHECK(t2 > 0);
    last = t;
  }
  const ImageGanSpec s = small_image_gan();
  GanConfig c;
  c.noise_dim = 4;
  last = 0;
  for (int batch : {1, 8, 64, 512}) {
    c.batch = batch;
    const MemoryEstimate e = estimate_image_memory(s, c, 100);
    CHECK(e.activations > last);
    CHECK(e.total() == Approx(sum(e)).epsilon(1e-12));
    last = e.activations;
  }
}

TEST_CASE("resources: an image GAN's components", "[resources]") {
  const ImageGanSpec s = small_image_gan();
  GanConfig c;
  c.noise_dim = 4;
  c.batch = 2;
  const MemoryEstimate e = estimate_image_memory(s, c, 100, Keeping{3, 0});
  // G: 4*16+16 + 16*36+36 = 692; D: conv 1*2*9+2 = 20, dense 72+1 = 73: 785 weights.
  CHECK(e.weights == 785);
  CHECK(e.parameters == 4 * 2 * 785);
  CHECK(e.optimizer == 4 * 2 * 785);
  CHECK(e.snapshots == 3 * 4 * 3 * 785);        // three copies of weights and moments
  CHECK(e.data == 100 * (36 * (4 + 2) + 8));  // floats, file bytes and parsed copy, labels
  // Per row, G: dense(16) 16 + 4, relu 16 + 16, dense(36) 36 + 16, reshape 36; gradients 2 x 36.
  // D: conv 72 + 36 (scratch 72 and 9 x 36), leakyrelu 72 + 72, flatten 72, dense 1 + 72; gradients 2 x 72.
  const double g_rows = 2, d_rows = 4;
  const double expect = g_rows * (140 + 72) + d_rows * (397 + 144) + (d_rows * 72 + d_rows * 324) +
                        (g_rows * (4 + 2 * 36) + d_rows * 36 + 6 * g_rows);
  CHECK(e.activations == Approx(4 * expect).epsilon(1e-12));
  // A spec that does not check gives nothing to refuse (its error comes from check_image_gan).
  ImageGanSpec bad = s;
  bad.d.erase(bad.d.begin() + 2);  // no flatten before the dense layer
  CHECK(estimate_image_memory(bad, c, 100).total() == 0);
}

TEST_CASE("resources: the messages name the setting, the estimate and the limit", "[resources]") {
  const MemoryEstimate big_batch = estimate_point_memory(point(65536, 4096, 16), 1, 0);
  const std::string m = check_memory(big_batch, kNativeMemoryLimit);
  CHECK(m.rfind("batch 65536 needs about ", 0) == 0);
  CHECK(m.find("GB for activations") != std::string::npos);
  CHECK(m.find("the limit is 8 GB natively (GANSTEP_MAX_MEMORY; 2 GB in the page)") != std::string::npos);
  CHECK(check_memory(big_batch, kPageMemoryLimit).find("the limit is 2 GB in the page") != std::string::npos);
  CHECK(check_memory(big_batch, 100.0 * (1 << 30)).empty());
  CHECK(check_memory(big_batch, 3.0 * (1 << 30)).find("the limit here is 3 GB (GANSTEP_MAX_MEMORY") !=
        std::string::npos);

  GanConfig wide = point(64, 4096, 16);
  wide.g_hidden = {{4096, Act::ReLU}, {4096, Act::ReLU}};
  const std::string w = check_memory(estimate_point_memory(wide, 1, 0), kNativeMemoryLimit);
  CHECK(w == "g_hidden 4096:relu,4096:relu gives G and D 16.8M weights; the limit is 2,000,000");

  const MemoryEstimate copies = estimate_point_memory(point(4096, 256, 256), 2, 0, Keeping{0, 129});
  const MemoryEstimate one = estimate_point_memory(point(4096, 256, 256), 2, 0, Keeping{0, 1});
  CHECK(copies.snapshots == Approx(129 * one.snapshots));
  CHECK(one.snapshots <= one.parameters + one.optimizer + one.activations);
  CHECK(one.snapshots > one.parameters + one.optimizer);
  const std::string c = check_memory(copies, kPageMemoryLimit);
  CHECK(c.rfind("batch 4096 needs about ", 0) == 0);
  CHECK(c.find("for the copies kept to step back and save") != std::string::npos);
}

TEST_CASE("resources: memory sizes and the limit setting", "[resources]") {
  double b = 0;
  CHECK(parse_memory_size("8G", b).empty());
  CHECK(b == 8.0 * (1 << 30));
  CHECK(parse_memory_size("512M", b).empty());
  CHECK(b == 512.0 * (1 << 20));
  CHECK(parse_memory_size("1.5GiB", b).empty());
  CHECK(b == 1.5 * (1 << 30));
  CHECK(parse_memory_size("4294967296", b).empty());
  CHECK(b == 4294967296.0);
  for (const char* bad : {"", "G", "8X", "-1G", "1e9", "8 G", "0", "100K"})
    CHECK_FALSE(parse_memory_size(bad, b).empty());
  CHECK(parse_memory_size(std::string(200, '9'), b).size() < 200);  // long input is not echoed whole

  CHECK(memory_text(2.0 * (1 << 30)) == "2 GB");
  CHECK(memory_text(11.2 * (1 << 30)) == "11 GB");
  CHECK(memory_text(1.5 * (1 << 30)) == "1.5 GB");
  CHECK(memory_text(300.0 * (1 << 20)) == "300 MB");

  CHECK(memory_limit() == default_memory_limit());
  CHECK(set_memory_limit_from("1G").empty());
  CHECK(memory_limit() == 1.0 * (1 << 30));
  CHECK(set_memory_limit_from("lots").rfind("GANSTEP_MAX_MEMORY: ", 0) == 0);
  CHECK(memory_limit() == 1.0 * (1 << 30));  // unchanged by a bad value
  CHECK(set_memory_limit_from("64G").empty());  // above the page's limit: WebAssembly keeps its 2 GB
  CHECK(memory_limit() == (default_memory_limit() == kPageMemoryLimit ? kPageMemoryLimit : 64.0 * (1 << 30)));
  CHECK(set_memory_limit_from(nullptr).empty());
  CHECK(memory_limit() == default_memory_limit());
}

TEST_CASE("resources: the trainers refuse before allocating", "[resources]") {
  // 65536 x 4096 activations would be about 12 GB: refused at once under a 1 GB limit.
  set_memory_limit(1.0 * (1 << 30));
  Trainer t(point(65536, 4096, 16));
  CHECK_FALSE(t.ok());
  CHECK(t.error().rfind("batch 65536 needs about ", 0) == 0);
  Trainer ok(point(64, 16, 16));
  REQUIRE(ok.ok());
  CHECK(ok.retune("batch", "65536").empty());  // small widths: fits
  GanConfig wide = point(64, 16, 16);
  wide.g_hidden = {{8192, Act::ReLU}};
  Trainer w(wide);
  REQUIRE(w.ok());
  CHECK(w.retune("batch", "65536").rfind("batch 65536 needs about ", 0) == 0);
  CHECK(w.config().batch == 64);

  const ImageGanSpec s = small_image_gan();
  GanConfig c;
  c.noise_dim = 4;
  c.batch = 1 << 22;
  auto data = std::make_shared<LabeledImages>();
  data->images = xt::zeros<float>({std::size_t(8), std::size_t(36)});
  data->labels.assign(8, 0);
  Trainer it(s, c, data);
  CHECK_FALSE(it.ok());
  CHECK(it.error().rfind("batch 4194304 needs about ", 0) == 0);
  set_memory_limit(0);
}
