// Dropout and its mask stream: Rng::fill_u32 equals repeated next_u32, the
// documented 16-bit decisions, drop rate and scale, inference as identity,
// and the gradient with a fixed mask.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/dropout.h"
#include "tests/engine/gradcheck.h"

using namespace ganstep;
using namespace ganstep::gradcheck;

namespace {

// Dropout with the same mask on every forward (the rng restarts each time).
class FixedMaskDropout : public Layer {
 public:
  explicit FixedMaskDropout(float p) : d_(p, Rng(7, 7)), start_(d_.rng) {}
  void forward(const Tensor2& x, Tensor2& y) override {
    d_.rng = start_;
    d_.forward(x, y);
  }
  void backward(const Tensor2& dy, Tensor2& dx, bool g) override { d_.backward(dy, dx, g); }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<FixedMaskDropout>(*this); }
  std::string describe() const override { return d_.describe(); }

 private:
  Dropout d_;
  Rng start_;
};

}  // namespace

TEST_CASE("Rng::fill_u32 equals repeated next_u32", "[dropout][rng]") {
  for (int n : {0, 1, 3, 4, 7, 8, 9, 100, 1001}) {
    Rng a(123, 45), b(123, 45);
    std::vector<std::uint32_t> got(static_cast<std::size_t>(n) + 1, 0xdeadbeef);
    a.fill_u32(got.data(), n);
    for (int i = 0; i < n; ++i) REQUIRE(got[i] == b.next_u32());
    CHECK(got[n] == 0xdeadbeef);  // nothing written past n
    CHECK(a == b);                // and the state advanced by exactly n draws
  }
}

TEST_CASE("Dropout: 16-bit decisions, rate and scale", "[dropout]") {
  Dropout d(0.3f, Rng(9, 1));
  CHECK(d.effective_p() == 19661.0 / 65536.0);
  CHECK(d.describe() == "Dropout(0.3)");
  Rng twin = d.rng;
  const std::size_t rows = 50, cols = 2001;  // odd row length, odd total
  Tensor2 x = Tensor2::from_shape({rows, cols});
  for (std::size_t i = 0; i < x.size(); ++i) x.data()[i] = 1.0f + static_cast<float>(i % 7);
  Tensor2 y;
  d.forward(x, y);
  const float scale = static_cast<float>(65536.0 / (65536.0 - 19661.0));
  std::size_t dropped = 0, bad = 0;
  std::uint32_t r = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    // Element i uses the low (i even) or high (i odd) half of draw i / 2 of the stream.
    if (i % 2 == 0) r = twin.next_u32();
    const std::uint32_t u = i % 2 ? r >> 16 : r & 0xffffu;
    const bool drop = u < 19661;
    dropped += drop;
    bad += y.data()[i] != (drop ? 0.0f : x.data()[i] * scale);
  }
  CHECK(bad == 0);
  const double rate = static_cast<double>(dropped) / x.size();
  CHECK(std::fabs(rate - 0.3) < 0.01);  // 100050 decisions: sd 0.0014
  // The next forward draws a fresh mask.
  Tensor2 y2;
  d.forward(x, y2);
  CHECK_FALSE(same(y, y2));
}

TEST_CASE("Dropout: inference and p = 0 pass through; seeds repeat", "[dropout]") {
  Rng rng(60, 1);
  const Tensor2 x = random_tensor(rng, 4, 33, -1.0f, 1.0f);
  Tensor2 y, dx;
  Dropout d(0.5f);
  d.set_training(false);
  d.forward(x, y);
  CHECK(same(y, x));
  d.backward(x, dx, true);
  CHECK(same(dx, x));
  Dropout none(0.0f);
  none.forward(x, y);
  CHECK(same(y, x));
  CHECK(Dropout(-1.0f).p() == 0.0f);
  CHECK(Dropout(1.5f).p() == 0.0f);
  Dropout a(0.4f, Rng(3, 3)), b(0.4f, Rng(3, 3));
  Tensor2 ya, yb;
  a.forward(x, ya);
  b.forward(x, yb);
  CHECK(same(ya, yb));
  auto c = a.clone();  // a clone carries the stream position
  a.forward(x, ya);
  c->forward(x, yb);
  CHECK(same(ya, yb));
}

TEST_CASE("Dropout: dx by finite differences with a fixed mask", "[dropout][grad]") {
  Rng rng(61, 1);
  FixedMaskDropout d(0.3f);
  check_layer(d, random_tensor(rng, 5, 17, -2.0f, 2.0f), rng);
  Dropout plain(0.3f);
  Tensor2 x = random_tensor(rng, 3, 8, -1.0f, 1.0f), y, dx;
  plain.forward(x, y);
  const Tensor2 R = random_tensor(rng, 3, 8, -1.0f, 1.0f);
  plain.backward(R, dx, true);
  for (std::size_t i = 0; i < x.size(); ++i) CHECK(dx.data()[i] == R.data()[i] * plain.mask(i));
}
