// The image layers' 4-D NCHW interface (engine/nn/image.h): the view of a row
// buffer addresses element (b, c, y, x) at row index (c * H + y) * W + x of
// row b without a copy, and every image layer refuses rows that are not its
// C x H x W (or a gradient whose batch is not the forward's), naming itself.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "engine/nn/batch_norm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_transpose2d.h"
#include "engine/nn/flatten.h"
#include "engine/nn/image.h"
#include "engine/nn/reshape.h"

using namespace ganstep;

namespace {

// What forward(x) throws, or "" when it does not.
std::string forward_error(Layer& layer, const Tensor2& x) {
  Tensor2 y;
  try {
    layer.forward(x, y);
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "";
}

Tensor2 rows(std::size_t b, std::size_t n) {
  Tensor2 t = xt::zeros<float>({b, n});
  for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = static_cast<float>(i % 17) * 0.25f - 2.0f;
  return t;
}

}  // namespace

TEST_CASE("an NCHW view addresses the row element (c * H + y) * W + x, without a copy", "[image]") {
  const ImageShape s{3, 2, 5};  // not square, C != H != W: a swapped index shows
  Tensor2 t = rows(2, s.features());
  for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = static_cast<float>(i);
  const auto v = image_in(t, s, Flatten(3, 2, 5));
  REQUIRE(v.shape()[0] == 2);
  REQUIRE(v.shape()[1] == 3);
  REQUIRE(v.shape()[2] == 2);
  REQUIRE(v.shape()[3] == 5);
  CHECK(v.data() == t.data());
  for (std::size_t b = 0; b < 2; ++b)
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t y = 0; y < 2; ++y)
        for (std::size_t x = 0; x < 5; ++x) CHECK(v(b, c, y, x) == t(b, (c * 2 + y) * 5 + x));
  // Writing through an output view writes the rows.
  Tensor2 out;
  auto o = image_out(out, 2, s);
  REQUIRE(out.shape()[1] == s.features());
  o(1, 2, 1, 4) = 7.5f;
  CHECK(out(1, (2 * 2 + 1) * 5 + 4) == 7.5f);
}

TEST_CASE("image layers accept their C x H x W rows and refuse others, naming the layer", "[image]") {
  Conv2d conv(2, 6, 6, 4, 3, 1, 1);
  ConvTranspose2d deconv(4, 3, 3, 2, 4, 2, 1);
  BatchNorm bn(4, 3, 3);
  Reshape reshape({36}, {4, 3, 3});
  Flatten flatten(4, 3, 3);

  CHECK(forward_error(conv, rows(2, 72)).empty());
  CHECK(forward_error(deconv, rows(2, 36)).empty());
  CHECK(forward_error(bn, rows(2, 36)).empty());
  CHECK(forward_error(reshape, rows(2, 36)).empty());
  CHECK(forward_error(flatten, rows(2, 36)).empty());

  const std::string e = forward_error(conv, rows(2, 71));
  CHECK(e.find("Conv2d(2x6x6") == 0);
  CHECK(e.find("71 features") != std::string::npos);
  CHECK(e.find("2x6x6 (72 features)") != std::string::npos);
  CHECK(forward_error(deconv, rows(2, 72)).find("ConvTranspose2d(4x3x3") == 0);
  CHECK(forward_error(bn, rows(2, 35)).find("BatchNorm(4x3x3)") == 0);
  CHECK(forward_error(reshape, rows(2, 37)).find("Reshape(36 -> 4x3x3)") == 0);
  CHECK(forward_error(flatten, rows(2, 9)).find("Flatten(4x3x3 -> 36)") == 0);
}

TEST_CASE("an image layer's backward refuses a gradient of another shape or batch", "[image]") {
  Conv2d conv(1, 4, 4, 2, 3);  // 1x4x4 -> 2x2x2
  Tensor2 y, dx;
  conv.forward(rows(3, 16), y);
  REQUIRE(y.shape()[0] == 3);
  REQUIRE(y.shape()[1] == 8);
  CHECK_NOTHROW(conv.backward(rows(3, 8), dx, true));
  CHECK(dx.shape()[1] == 16);
  CHECK_THROWS_WITH(conv.backward(rows(2, 8), dx, true), Catch::Contains("2 gradient rows for a batch of 3"));
  CHECK_THROWS_WITH(conv.backward(rows(3, 9), dx, false), Catch::Contains("9 features"));
  CHECK_THROWS_AS(conv.backward_params(rows(4, 8)), std::logic_error);

  BatchNorm bn(2, 2, 2);
  bn.forward(rows(3, 8), y);
  CHECK_THROWS_WITH(bn.backward(rows(5, 8), dx, true), Catch::Contains("5 gradient rows for a batch of 3"));
}

TEST_CASE("image_of reads 1- to 4-size shapes as C x H x W", "[image]") {
  CHECK(image_of({12}).text() == "12x1x1");
  CHECK(image_of({3, 4}).text() == "3x4x1");
  CHECK(image_of({2, 3, 4}).text() == "2x3x4");
  CHECK(image_of({2, 5, 3, 4}).text() == "10x3x4");
}
