#include "engine/nn/style_generator.h"

namespace ganstep {
namespace {

constexpr float kSlope = 0.2f;

// Nearest-neighbour x2: y(b, c, 2i + a, 2j + e) = x(b, c, i, j).
void upsample2(const Tensor2& x, ImageShape s, Tensor2& y) {
  const std::size_t B = x.shape()[0], W2 = 2 * s.w;
  ensure_shape(y, B, s.features() * 4);
  for (std::size_t bc = 0; bc < B * s.c; ++bc) {
    const float* xp = x.data() + bc * s.h * s.w;
    float* yp = y.data() + bc * s.h * s.w * 4;
    for (int i = 0; i < s.h; ++i)
      for (int j = 0; j < s.w; ++j) {
        const float v = xp[i * s.w + j];
        float* o = yp + (2 * i) * W2 + 2 * j;
        o[0] = o[1] = o[W2] = o[W2 + 1] = v;
      }
  }
}

// Its gradient: each block's four gradients summed (in a fixed order).
void upsample2_backward(const Tensor2& dy, ImageShape s, Tensor2& dx) {
  const std::size_t B = dy.shape()[0], W2 = 2 * s.w;
  ensure_shape(dx, B, s.features());
  for (std::size_t bc = 0; bc < B * s.c; ++bc) {
    const float* g = dy.data() + bc * s.h * s.w * 4;
    float* o = dx.data() + bc * s.h * s.w;
    for (int i = 0; i < s.h; ++i)
      for (int j = 0; j < s.w; ++j) {
        const float* q = g + (2 * i) * W2 + 2 * j;
        o[i * s.w + j] = (q[0] + q[1]) + (q[W2] + q[W2 + 1]);
      }
  }
}

}  // namespace

StyleGenerator::StyleGenerator(const StyleGeneratorSpec& spec)
    : spec_(spec),
      mapping_(spec.z_dim, spec.mapping_depth, spec.mapping_width),
      truncation_(spec.mapping_width),
      const_(ImageShape{spec.channels, StyleGeneratorSpec::kSide, StyleGeneratorSpec::kSide}) {
  const int C = spec.channels, C2 = std::max(1, spec.channels / 2), wd = spec.mapping_width;
  int side = StyleGeneratorSpec::kSide;
  const int outs[kLevels] = {C, C, C2};
  int in_c = C;
  for (int l = 0; l < kLevels; ++l) {
    if (l > 0) side *= 2;
    conv_.emplace_back(in_c, side, side, outs[l], 3, wd, true);
    noise_.emplace_back(outs[l], side, side);
    act_.emplace_back(kSlope);
    in_c = outs[l];
  }
  conv_.emplace_back(in_c, side, side, 1, 1, wd, false);  // toRGB
  set_noise(spec.noise);
  mapping_.lr_scale = spec.mapping_lr;
}

void StyleGenerator::init(Rng& rng) {
  mapping_.init(rng);
  const_.init(rng);
  for (auto& c : conv_) c.init(rng);
  if (!spec_.equalized) return;
  mapping_.equalize(rng);
  for (auto& c : conv_) c.equalize(rng);
}

void StyleGenerator::set_noise(bool on) {
  spec_.noise = on;
  for (auto& n : noise_) n.enabled = on;
}

void StyleGenerator::map(const Tensor2& z, Tensor2& w) {
  mapping_.forward(z, w_raw_);
  truncation_.forward(w_raw_, w);
}

void StyleGenerator::synthesize(const std::array<const Tensor2*, kLevels>& w, Tensor2& y) {
  const std::size_t B = w[0]->shape()[0];
  for (int l = 0; l < kLevels; ++l) {
    if (l == 0)
      const_.forward(B, in_[0]);
    else
      upsample2(act_out_[l - 1], conv_[l - 1].out_image(), in_[l]);
    conv_[l].forward(in_[l], *w[l], conv_out_[l]);
    noise_[l].forward(conv_out_[l], noised_[l]);
    act_[l].forward(noised_[l], act_out_[l]);
  }
  conv_[kLevels].forward(act_out_[kLevels - 1], *w[kLevels - 1], y);
}

void StyleGenerator::forward(const Tensor2& z, Tensor2& y) {
  map(z, w_);
  synthesize({&w_, &w_, &w_}, y);
}

void StyleGenerator::backward_synthesis(const Tensor2& dy, std::array<Tensor2, kLevels>& dw, bool param_grads) {
  Tensor2 g, g2, dw_rgb;
  conv_[kLevels].backward(dy, g, dw_rgb, param_grads);
  for (int l = kLevels - 1; l >= 0; --l) {
    act_[l].backward(g, g2, param_grads);
    noise_[l].backward(g2, g, param_grads);
    conv_[l].backward(g, g2, dw[l], param_grads);
    if (l == kLevels - 1) dw[l] += dw_rgb;
    if (l > 0)
      upsample2_backward(g2, conv_[l - 1].out_image(), g);
    else if (param_grads)
      const_.backward_params(g2);
  }
}

void StyleGenerator::backward(const Tensor2& dy, Tensor2& dz, bool param_grads) {
  std::array<Tensor2, kLevels> dw;
  backward_synthesis(dy, dw, param_grads);
  Tensor2 sum = dw[0], dwr;
  for (int l = 1; l < kLevels; ++l) sum += dw[l];
  truncation_.backward(sum, dwr, param_grads);
  mapping_.backward(dwr, dz, param_grads);
}

void StyleGenerator::backward_params(const Tensor2& dy) {
  std::array<Tensor2, kLevels> dw;
  backward_synthesis(dy, dw, true);
  Tensor2 sum = dw[0], dwr;
  for (int l = 1; l < kLevels; ++l) sum += dw[l];
  truncation_.backward(sum, dwr, true);
  mapping_.backward_params(dwr);
}

std::vector<Param> StyleGenerator::params() {
  std::vector<Param> out;
  for (auto& p : mapping_.params()) out.push_back({p.value, p.grad, "mapping." + p.name, p.lr_scale});
  for (auto& p : const_.params()) out.push_back(p);
  for (std::size_t l = 0; l < conv_.size(); ++l) {
    const std::string at = l < kLevels ? "level" + std::to_string(l) + "." : "rgb.";
    for (auto& p : conv_[l].params()) out.push_back({p.value, p.grad, at + p.name});
    if (l < kLevels)
      for (auto& p : noise_[l].params()) out.push_back({p.value, p.grad, at + "noise." + p.name});
  }
  return out;
}

void StyleGenerator::set_training(bool training) {
  truncation_.set_training(training);
  for (auto& n : noise_) n.set_training(training);
}

void StyleGenerator::set_math_mode(MathMode mode) {
  mapping_.set_math_mode(mode);
  for (auto& c : conv_) c.set_math_mode(mode);
}

// Level l's noise: Rng(a draw of the given stream, l).
void StyleGenerator::reseed(const Rng& rng) {
  Rng r = rng;
  const std::uint64_t seed = (std::uint64_t(r.next_u32()) << 21) ^ r.next_u32();
  for (std::size_t l = 0; l < noise_.size(); ++l) noise_[l].reseed(Rng(seed, l));
}

std::string StyleGenerator::describe() const {
  std::string s = "StyleGenerator(" + mapping_.describe() + "; " + const_.describe();
  for (const auto& c : conv_) s += "; " + c.describe();
  return s + (spec_.noise ? "; noise)" : "; no noise)");
}

}  // namespace ganstep
