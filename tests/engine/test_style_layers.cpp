// The style-based generator's layers (engine/nn: modulated_conv, mapping,
// noise_input, truncation, const_input, style_generator): finite-difference
// gradient checks (tests/engine/gradcheck.h), including the gradients with
// respect to the style input w, and the behaviours the lesson relies on.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/gan/config.h"
#include "engine/gan/image_spec.h"
#include "engine/nn/sequential.h"
#include "engine/nn/style_generator.h"
#include "tests/engine/gradcheck.h"

using namespace ganstep;
using namespace ganstep::gradcheck;

namespace {

// f = sum(y R) through a modulated convolution, checked for x, w and every parameter.
void check_modconv(ModulatedConv2d& m, Tensor2 x, Tensor2 w, Rng& rng, float step = 1e-2f) {
  Tensor2 y;
  m.forward(x, w, y);
  const Tensor2 R = random_tensor(rng, y.shape()[0], y.shape()[1], -1, 1);
  Tensor2 dx, dw;
  m.backward(R, dx, dw, true);
  std::vector<Tensor2> grads;
  for (auto& p : m.params()) grads.push_back(*p.grad);
  auto f = [&]() {
    Tensor2 out;
    m.forward(x, w, out);
    return dot(out, R);
  };
  INFO(m.describe());
  Stats st;
  check_entries(x, dx, f, st, "dx", false, step);
  check_entries(w, dw, f, st, "dw", false, step);
  CHECK(st.failed == 0);  // (each failing entry is named above this check)
  auto ps = m.params();
  for (std::size_t k = 0; k < ps.size(); ++k) {
    check_entries(*ps[k].value, grads[k], f, st, ps[k].name.c_str(), false, step);
    CHECK(st.failed == 0);
  }
  CHECK(st.checked > 0);
}

}  // namespace

TEST_CASE("ModulatedConv2d: dx, dw (the style) and every parameter by finite differences", "[grad][style]") {
  Rng rng(16, 1);
  Rng erng(16, 2);  // the equalized layers' own stream
  for (bool demod : {true, false}) {
    for (int k : {3, 1}) {
      ModulatedConv2d m(3, 5, 4, 2, k, 4, demod);
      m.init(rng);
      // styles away from 1 and biases away from 0, so every term is exercised
      for (auto& v : m.affine.b) v = rng.uniform(0.5f, 1.5f);
      for (auto& v : m.bias) v = rng.uniform(-0.5f, 0.5f);
      check_modconv(m, random_tensor(rng, 3, 3 * 5 * 4, -1, 1), random_tensor(rng, 3, 4, -1, 1), rng);
      ModulatedConv2d e(3, 5, 4, 2, k, 4, demod);  // equalized: the stored v's gradients
      e.init(erng);
      e.equalize(erng);
      // A = v / 2 with v ~ N(0, 1): styles kept away from 0, where demodulation's curvature is large
      for (auto& v : e.affine.b) v = erng.uniform(2.0f, 3.0f);
      // a smaller step: N(0, 1) weights make some demodulated rows short, and their curvature large
      check_modconv(e, random_tensor(erng, 3, 3 * 5 * 4, -1, 1), random_tensor(erng, 3, 4, -1, 1), erng, 1e-3f);
    }
  }
}

TEST_CASE("ModulatedConv2d: demodulated output ignores the style's overall scale; without it, scales with it",
          "[style]") {
  // sum_{i,k} (W s d)^2 = 1 for every output channel: multiplying every
  // style s by 3 leaves W s d unchanged.
  Rng rng(16, 2);
  ModulatedConv2d m(4, 3, 3, 3, 3, 5, true);
  m.init(rng);
  Tensor2 x = random_tensor(rng, 2, 4 * 9, -1, 1), w = random_tensor(rng, 2, 5, -2, 2), y;
  m.forward(x, w, y);
  const Tensor2& s = m.style();
  // y - bias is linear in x: scaling the styles of one sample by 3 leaves y unchanged
  Tensor2 w3 = w;
  Linear a = m.affine;
  for (auto& v : m.affine.b) v *= 3;
  for (auto& v : m.affine.W) v *= 3;
  Tensor2 y3;
  m.forward(x, w3, y3);
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(y3.data()[i] == Approx(y.data()[i]).margin(1e-5));
  m.affine = a;
  // without demodulation the same scaling triples the output
  ModulatedConv2d plain(4, 3, 3, 3, 3, 5, false);
  plain.init(rng);
  Tensor2 p1, p3;
  plain.forward(x, w, p1);
  for (auto& v : plain.affine.b) v *= 3;
  for (auto& v : plain.affine.W) v *= 3;
  plain.forward(x, w, p3);
  for (std::size_t i = 0; i < p1.size(); ++i) CHECK(p3.data()[i] == Approx(3 * p1.data()[i]).margin(1e-5));
  CHECK(s.shape() == (std::array<std::size_t, 2>{2, 4}));
}

TEST_CASE("MappingNet, NoiseInput, Truncation: gradients by finite differences", "[grad][style]") {
  Rng rng(16, 3);
  {  // LeakyReLU's kink may fall inside a difference step: those entries are skipped (counted as kinks)
    MappingNet map(5, 3, 6);
    map.init(rng);
    Tensor2 z = random_tensor(rng, 4, 5, -2, 2), w, dz;
    map.forward(z, w);
    const Tensor2 R = random_tensor(rng, 4, 6, -1, 1);
    map.backward(R, dz, true);
    std::vector<Tensor2> grads;
    for (auto& p : map.params()) grads.push_back(*p.grad);
    auto f = [&]() {
      Tensor2 out;
      map.forward(z, out);
      return dot(out, R);
    };
    Stats st;
    check_entries(z, dz, f, st, "dz", true, 1e-3f);
    auto ps = map.params();
    for (std::size_t k = 0; k < ps.size(); ++k) check_entries(*ps[k].value, grads[k], f, st, ps[k].name.c_str(), true, 1e-3f);
    CHECK(st.failed == 0);
    CHECK(st.checked > 100);
  }

  NoiseInput noise(3, 4, 5);
  for (auto& v : noise.scale) v = rng.uniform(-1, 1);
  noise.set_training(false);  // the same noise every forward (the check evaluates f many times)
  check_layer(noise, random_tensor(rng, 2, 60, -1, 1), rng);

  Truncation t(4);
  for (auto& v : t.w_mean) v = rng.uniform(-1, 1);
  t.set_training(false);
  t.psi = 0.7f;
  check_layer(t, random_tensor(rng, 3, 4, -1, 1), rng);
}

TEST_CASE("NoiseInput: training draws fresh noise from its stream; inference one fixed noise; off is identity",
          "[style]") {
  NoiseInput n(2, 3, 3);
  n.scale.fill(1.0f);
  Tensor2 x = xt::zeros<float>({std::size_t{2}, std::size_t{18}}), a, b;
  n.reseed(Rng(1, 1));
  n.forward(x, a);
  n.forward(x, b);
  CHECK_FALSE(same(a, b));  // the stream moves on
  n.reseed(Rng(1, 1));
  n.forward(x, b);
  CHECK(same(a, b));  // restarted: the same draws
  CHECK(a(0, 0) == a(0, 9));  // one value per pixel, shared by the channels
  n.set_training(false);
  n.forward(x, a);
  n.forward(x, b);
  CHECK(same(a, b));
  CHECK(a(0, 3) == a(1, 3));  // inference: the same noise for every row
  n.enabled = false;
  n.forward(x, a);
  CHECK(same(a, x));
}

TEST_CASE("Truncation: tracks w_mean in training, pulls towards it by psi in inference", "[style]") {
  Truncation t(2);
  Tensor2 w = {{1.0f, -2.0f}, {3.0f, 0.0f}}, y;
  t.forward(w, y);
  CHECK(same(y, w));
  CHECK(t.w_mean(0, 0) == Approx(0.005 * 2.0));
  CHECK(t.w_mean(0, 1) == Approx(0.005 * -1.0));
  t.set_training(false);
  t.psi = 0.0f;
  t.forward(w, y);
  CHECK(y(1, 0) == t.w_mean(0, 0));
  t.psi = 1.0f;
  t.forward(w, y);
  CHECK(y(1, 0) == Approx(3.0f));
}

TEST_CASE("StyleGenerator: dz, the per-level dw and every parameter by finite differences", "[grad][style]") {
  for (bool equalized : {false, true}) {  // and with the equalized learning rate (equalized.h)
    INFO("equalized " << equalized);
    Rng rng(16, 4);
    StyleGeneratorSpec spec;
    spec.z_dim = 3;
    spec.mapping_depth = 2;
    spec.mapping_width = 4;
    spec.channels = 2;
    spec.equalized = equalized;
    StyleGenerator g(spec);
    g.init(rng);
    for (auto& p : g.params())
      if (p.name.find("noise.scale") != std::string::npos)
        for (auto& v : *p.value) v = rng.uniform(-0.5f, 0.5f);
    g.set_training(false);  // fixed noise, truncation psi = 1 (identity)
    // the whole layer: dz and the parameters (a subset of entries: the net is small but has ~1,000 weights)
    Tensor2 z = random_tensor(rng, 2, 3, -1, 1), y;
    g.forward(z, y);
    REQUIRE(y.shape()[1] == 784u);
    const Tensor2 R = random_tensor(rng, 2, 784, -1, 1);
    Tensor2 dz;
    g.backward(R, dz, true);
    auto f = [&]() {
      Tensor2 out;
      g.forward(z, out);
      return dot(out, R);
    };
    Stats st;
    check_entries(z, dz, f, st, "dz", true, 1e-3f);
    std::vector<Tensor2> grads;
    for (auto& p : g.params()) grads.push_back(*p.grad);
    auto ps = g.params();
    for (std::size_t k = 0; k < ps.size(); ++k) {
      // the first 6 entries of each parameter
      Tensor2& v = *ps[k].value;
      const std::size_t n = std::min<std::size_t>(6, v.size());
      Tensor2 part = Tensor2::from_shape({1, n}), ana = Tensor2::from_shape({1, n});
      for (std::size_t i = 0; i < n; ++i) {
        part.data()[i] = v.data()[i];
        ana.data()[i] = grads[k].data()[i];
      }
      auto fp = [&]() {
        for (std::size_t i = 0; i < n; ++i) v.data()[i] = part.data()[i];
        return f();
      };
      check_entries(part, ana, fp, st, ps[k].name.c_str(), true, 1e-3f);
      for (std::size_t i = 0; i < n; ++i) v.data()[i] = part.data()[i];
    }
    CHECK(st.failed == 0);
    CHECK(st.checked > 40);

    // per-level styles: synthesize() with three w, d/dw of each by differences
    Tensor2 w0 = random_tensor(rng, 2, 4, -1, 1), w1 = random_tensor(rng, 2, 4, -1, 1),
            w2 = random_tensor(rng, 2, 4, -1, 1);
    g.synthesize({&w0, &w1, &w2}, y);
    std::array<Tensor2, StyleGenerator::kLevels> dw;
    g.backward_synthesis(R, dw, false);
    auto fs = [&]() {
      Tensor2 out;
      g.synthesize({&w0, &w1, &w2}, out);
      return dot(out, R);
    };
    Stats sw;
    check_entries(w0, dw[0], fs, sw, "dw coarse", true, 1e-3f);
    check_entries(w1, dw[1], fs, sw, "dw middle", true, 1e-3f);
    check_entries(w2, dw[2], fs, sw, "dw fine", true, 1e-3f);
    CHECK(sw.failed == 0);
    CHECK(sw.checked > 12);
  }
}

TEST_CASE("StyleGenerator: a copy is exact, and mixing keeps each level's styles", "[style]") {
  Rng rng(16, 5);
  StyleGeneratorSpec spec;
  spec.z_dim = 4;
  spec.mapping_depth = 2;
  spec.mapping_width = 5;
  spec.channels = 4;
  StyleGenerator g(spec);
  g.init(rng);
  g.set_training(false);
  Tensor2 za = random_tensor(rng, 1, 4, -1, 1), zb = random_tensor(rng, 1, 4, -1, 1), wa, wb, ya, yb, m;
  g.map(za, wa);
  g.map(zb, wb);
  g.synthesize({&wa, &wa, &wa}, ya);
  g.synthesize({&wb, &wb, &wb}, yb);
  Tensor2 yz;
  g.forward(za, yz);
  CHECK(same(yz, ya));
  g.synthesize({&wa, &wb, &wb}, m);
  CHECK_FALSE(same(m, ya));
  CHECK_FALSE(same(m, yb));
  auto copy = g.clone();
  Tensor2 yc;
  copy->forward(za, yc);
  CHECK(same(yc, ya));
}

TEST_CASE("A \"style\" layer in an image spec: shapes, weight count, settings", "[style]") {
  ImageGanSpec spec;
  LayerSpec st;
  st.kind = LayerKind::Style;
  st.units = 8;
  st.mapping_depth = 3;
  st.mapping_width = 16;
  LayerSpec th;
  th.kind = LayerKind::Tanh;
  spec.g = {st, th};
  LayerSpec flat, dense;
  flat.kind = LayerKind::Flatten;
  dense.kind = LayerKind::Dense;
  dense.units = 1;
  spec.d = {flat, dense};
  CHECK(check_image_gan(spec, 10) == "");
  // the weight count the memory model and the CLI print equals the built layer's
  Sequential g;
  Rng init(1, 1);
  REQUIRE(build_network(spec.g, ImageShape{10, 1, 1}, init, g) == "");
  REQUIRE(style_generator(g) != nullptr);
  CHECK(param_count(spec.g, ImageShape{10, 1, 1}) == static_cast<std::int64_t>(g.param_count()));
  CHECK(style_generator(g)->spec().mapping_depth == 3);
  CHECK(style_generator(g)->buffers().size() == 1u);  // w_mean: checkpointed and hashed
  // a style layer needs the flat z
  ImageGanSpec bad = spec;
  LayerSpec r;
  r.kind = LayerKind::Reshape;
  r.c = 1;
  r.h = 2;
  r.w = 5;
  bad.g = {r, st};
  CHECK(check_image_gan(bad, 10).find("style needs the noise z") != std::string::npos);

  GanConfig c;
  CHECK(apply_setting(c, "style_noise=false") == "");
  CHECK_FALSE(c.style_noise);
  CHECK(apply_setting(c, "style_noise=maybe") != "");
  CHECK(apply_setting(c, "psi=0.5") == "");
  CHECK(c.psi == 0.5f);
  CHECK(apply_setting(c, "psi=2") != "");
  CHECK(apply_setting(c, "mapping_depth=0") != "");
  CHECK(is_live_setting("psi"));
  CHECK_FALSE(is_live_setting("mapping_width"));
}
