// build_network(): an image GAN's layer list (image_spec.h) as engine layers.
// reshape and flatten move no data (every layer reads and writes NCHW rows), so
// they only change the shape bookkeeping here and add no layer.
#include <memory>
#include <type_traits>

#include "engine/gan/image_spec.h"
#include "engine/nn/sequential.h"
#include "engine/nn/avg_pool.h"
#include "engine/nn/growing.h"
#include "engine/nn/upsample.h"
#include "engine/nn/batch_norm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_transpose2d.h"
#include "engine/nn/dropout.h"
#include "engine/nn/equalized.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/linear.h"
#include "engine/nn/minibatch_stddev.h"
#include "engine/nn/relu.h"
#include "engine/nn/sigmoid.h"
#include "engine/nn/style_generator.h"
#include "engine/nn/tanh.h"

namespace ganstep {
namespace {

// A convolution without a bias (bias=false, e.g. before a batch norm): the
// layer's bias is zeroed and left out of params(), so no optimizer moves it.
template <class Conv>
class NoBias : public Conv {
 public:
  using Conv::Conv;
  std::vector<Param> params() override {
    std::vector<Param> out;
    for (auto& p : Conv::params())
      if (p.name != "b") out.push_back(p);
    return out;
  }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<NoBias>(*this); }
  std::string describe() const override { return Conv::describe() + " no bias"; }
};

// BatchNorm whose running statistics are the model's buffers (checkpoints, state hashes).
class BatchNormLayer : public BatchNorm {
 public:
  using BatchNorm::BatchNorm;
  std::vector<Param> buffers() override {
    return {{&running_mean, nullptr, "running_mean"}, {&running_var, nullptr, "running_var"}};
  }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<BatchNormLayer>(*this); }
};

// Dropout whose mask stream the trainer restarts before every pass.
class DropoutLayer : public Dropout {
 public:
  using Dropout::Dropout;
  void reseed(const Rng& r) override { rng = r; }
  std::unique_ptr<Layer> clone() const override { return std::make_unique<DropoutLayer>(*this); }
};

template <class Conv>
std::unique_ptr<Conv> make_conv(const LayerSpec& l, ImageShape s, Rng& init) {
  std::unique_ptr<Conv> c;
  if constexpr (std::is_same_v<Conv, Conv2d>) {
    c = l.bias ? std::make_unique<Conv2d>(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding)
               : std::make_unique<NoBias<Conv2d>>(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding);
  } else {
    c = l.bias ? std::make_unique<ConvTranspose2d>(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding,
                                                   l.output_padding)
               : std::make_unique<NoBias<ConvTranspose2d>>(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding,
                                                           l.output_padding);
  }
  c->init(init);
  if (!l.bias) c->b.fill(0.0f);
  return c;
}

// An equalized dense or convolution layer (engine/nn/equalized.h): the
// layer's own init (its bias, then zeroed), then W stored N(0, 1) with
// c = gain / sqrt(fan_in).
template <class L, class... A>
std::unique_ptr<Layer> make_equalized(bool bias, Rng& init, int fan_in, float gain, A... args) {
  std::unique_ptr<Equalized<L>> c;
  if constexpr (std::is_same_v<L, Linear>) c = std::make_unique<Equalized<L>>(args..., bias);
  else c = bias ? std::make_unique<Equalized<L>>(args...) : std::make_unique<NoBias<Equalized<L>>>(args...);
  c->init(init);
  c->b.fill(0.0f);  // (empty for a Linear without bias)
  c->init_equalized(init, fan_in, gain);
  return c;
}

// He's gain for a weighted layer: sqrt(2) when a (leaky) ReLU follows it, else 1.
float equalized_gain(const std::vector<LayerSpec>& layers, std::size_t i) {
  for (std::size_t j = i + 1; j < layers.size(); ++j) {
    const LayerKind k = layers[j].kind;
    if (k == LayerKind::Flatten || k == LayerKind::Reshape) continue;
    return k == LayerKind::ReLU || k == LayerKind::LeakyReLU ? kHeGain : 1.0f;
  }
  return 1.0f;
}

std::string build_plain(const std::vector<LayerSpec>& layers, ImageShape in, Rng& init, Sequential& out);

// A 1x1 convolution from `in` to `channels` channels (to-image, from-image).
std::unique_ptr<Conv2d> conv1x1(ImageShape in, int channels, Rng& init) {
  LayerSpec l;
  l.kind = LayerKind::Conv;
  l.units = channels;
  l.kernel = 1;
  return make_conv<Conv2d>(l, in, init);
}

// A growing net (image_spec.h's markers; engine/nn/growing.h): the plain
// layers around it, and one Growing layer holding the blocks and the
// to-image or from-image paths of every resolution.
std::string build_growing(const std::vector<LayerSpec>& layers, ImageShape in, Rng& init, Sequential& out,
                          const std::vector<ImageShape>& shapes) {
  const bool generator = layers.front().kind != LayerKind::FromImage;
  const LayerKind end = generator ? LayerKind::ToImage : LayerKind::FromImage;
  std::vector<std::size_t> marks;
  std::size_t end_at = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].kind == LayerKind::Grow) marks.push_back(i);
    if (layers[i].kind == end) end_at = i;
  }
  auto shape_before = [&](std::size_t i) { return i == 0 ? in : shapes[i - 1]; };
  auto slice = [&](std::size_t a, std::size_t b) {
    return std::vector<LayerSpec>(layers.begin() + std::ptrdiff_t(a), layers.begin() + std::ptrdiff_t(b));
  };
  const std::size_t stages = marks.size() + 1;
  std::vector<Sequential> blocks(stages - 1), ends(stages);
  std::string e;
  out = Sequential();
  if (generator) {
    // trunk | grow block_1 | grow block_2 ... | toimage | tail
    e = build_plain(slice(0, marks.front()), in, init, out);
    std::vector<ImageShape> widths;  // the features at each resolution
    widths.push_back(shapes[marks.front()]);
    for (std::size_t b = 0; e.empty() && b < marks.size(); ++b) {
      const std::size_t stop = b + 1 < marks.size() ? marks[b + 1] : end_at;
      e = build_plain(slice(marks[b] + 1, stop), shapes[marks[b]], init, blocks[b]);
      widths.push_back(shape_before(stop));
    }
    const ImageShape full = shapes[end_at];
    for (std::size_t s = 0; e.empty() && s < stages; ++s) {
      ImageShape w = widths[s];
      ends[s].add(conv1x1(w, layers[end_at].units, init));
      for (ImageShape o{full.c, w.h, w.w}; o.h < full.h; o.h *= 2, o.w *= 2) ends[s].add(std::make_unique<Upsample2x>(o.c, o.h, o.w));
    }
    if (!e.empty()) return e;
    out.add(std::make_unique<Growing>(Growing::Net::Generator, std::move(blocks), std::move(ends),
                                      shapes[marks.front()], full));
    Sequential tail;
    e = build_plain(slice(end_at + 1, layers.size()), full, init, tail);
    for (std::size_t i = 0; e.empty() && i < tail.size(); ++i) out.add(tail.layer(i).clone());
    return e;
  }
  // D: fromimage | block_{S-1} grow | ... | block_1 grow | trunk
  const std::size_t k = marks.size();
  std::vector<ImageShape> widths(stages);  // the features each resolution's from-image makes
  widths[stages - 1] = shapes[0];
  for (std::size_t b = 0; e.empty() && b < k; ++b) {
    const std::size_t from = b == 0 ? 1 : marks[b - 1] + 1;
    // the b-th block in the list is block S-1-b (finest first)
    e = build_plain(slice(from, marks[b]), shapes[from - 1], init, blocks[stages - 2 - b]);
    widths[stages - 2 - b] = shapes[marks[b]];
  }
  for (std::size_t s = 0; e.empty() && s < stages; ++s) {
    for (ImageShape o = in; o.h > widths[s].h; o.h /= 2, o.w /= 2) ends[s].add(std::make_unique<AvgPool2x>(o.c, o.h, o.w));
    ends[s].add(conv1x1(ImageShape{in.c, widths[s].h, widths[s].w}, widths[s].c, init));
    ends[s].add(std::make_unique<LeakyReLU>(0.2f));
  }
  if (!e.empty()) return e;
  const ImageShape coarse = shapes[marks.back()];
  out.add(std::make_unique<Growing>(Growing::Net::Discriminator, std::move(blocks), std::move(ends), in, coarse));
  Sequential trunk;
  e = build_plain(slice(marks.back() + 1, layers.size()), coarse, init, trunk);
  for (std::size_t i = 0; e.empty() && i < trunk.size(); ++i) out.add(trunk.layer(i).clone());
  return e;
}

}  // namespace

StyleGenerator* style_generator(Sequential& net) {
  return net.size() ? dynamic_cast<StyleGenerator*>(&net.layer(0)) : nullptr;
}

bool has_style_layer(const ImageGanSpec& spec) {
  for (const LayerSpec& l : spec.g)
    if (l.kind == LayerKind::Style) return true;
  return false;
}

std::string build_network(const std::vector<LayerSpec>& layers, ImageShape in, Rng& init, Sequential& out) {
  std::vector<ImageShape> shapes;
  int bad = -1;
  std::string e = infer_shapes(layers, in, shapes, &bad);
  if (!e.empty()) return "layer " + std::to_string(bad + 1) + ": " + e;
  for (const LayerSpec& l : layers)
    if (l.kind == LayerKind::Grow) return build_growing(layers, in, init, out, shapes);
  return build_plain(layers, in, init, out);
}

namespace {

std::string build_plain(const std::vector<LayerSpec>& layers, ImageShape in, Rng& init, Sequential& out) {
  std::vector<ImageShape> shapes;
  int bad = -1;
  std::string e = infer_shapes(layers, in, shapes, &bad);
  if (!e.empty()) return "layer " + std::to_string(bad + 1) + ": " + e;
  out = Sequential();
  ImageShape s = in;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    switch (l.kind) {
      case LayerKind::Dense: {
        if (l.equalized) {
          const int fan_in = static_cast<int>(s.size());
          out.add(make_equalized<Linear>(l.bias, init, fan_in, equalized_gain(layers, i), fan_in, l.units));
          break;
        }
        auto lin = std::make_unique<Linear>(static_cast<int>(s.size()), l.units, l.bias);
        lin->init(init);
        out.add(std::move(lin));
        break;
      }
      case LayerKind::Reshape:
      case LayerKind::Flatten:
        break;
      case LayerKind::ReLU: out.add(std::make_unique<ReLU>()); break;
      case LayerKind::LeakyReLU: out.add(std::make_unique<LeakyReLU>(l.slope)); break;
      case LayerKind::Tanh: out.add(std::make_unique<Tanh>()); break;
      case LayerKind::Sigmoid: out.add(std::make_unique<Sigmoid>()); break;
      case LayerKind::Conv: {
        std::string why = Conv2d::check(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding);
        if (!why.empty()) return "layer " + std::to_string(i + 1) + ": " + why;
        if (l.equalized)
          out.add(make_equalized<Conv2d>(l.bias, init, s.c * l.kernel * l.kernel, equalized_gain(layers, i), s.c, s.h,
                                         s.w, l.units, l.kernel, l.stride, l.padding));
        else
          out.add(make_conv<Conv2d>(l, s, init));
        break;
      }
      case LayerKind::ConvT: {
        std::string why =
            ConvTranspose2d::check(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding, l.output_padding);
        if (!why.empty()) return "layer " + std::to_string(i + 1) + ": " + why;
        if (l.equalized)
          out.add(make_equalized<ConvTranspose2d>(l.bias, init, s.c * l.kernel * l.kernel, equalized_gain(layers, i),
                                                  s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding,
                                                  l.output_padding));
        else
          out.add(make_conv<ConvTranspose2d>(l, s, init));
        break;
      }
      case LayerKind::BatchNorm: out.add(std::make_unique<BatchNormLayer>(s.c, s.h, s.w)); break;
      case LayerKind::Dropout: out.add(std::make_unique<DropoutLayer>(l.p)); break;
      case LayerKind::Upsample: out.add(std::make_unique<Upsample2x>(s.c, s.h, s.w)); break;
      case LayerKind::AvgPool: out.add(std::make_unique<AvgPool2x>(s.c, s.h, s.w)); break;
      case LayerKind::MbStd: out.add(std::make_unique<MinibatchStdDev>(l.group, s.c, s.h, s.w)); break;
      case LayerKind::Grow:
      case LayerKind::ToImage:
      case LayerKind::FromImage:
        return "layer " + std::to_string(i + 1) + ": " + layer_kind_name(l.kind) + " outside a growing net";
      case LayerKind::Style: {
        StyleGeneratorSpec g;
        g.z_dim = static_cast<int>(s.size());
        g.mapping_depth = l.mapping_depth;
        g.mapping_width = l.mapping_width;
        g.mapping_lr = l.mapping_lr;
        g.channels = l.units;
        g.noise = l.noise;
        g.equalized = l.equalized;
        auto sg = std::make_unique<StyleGenerator>(g);
        sg->init(init);
        out.add(std::move(sg));
        break;
      }
    }
    s = shapes[i];
  }
  return "";
}

}  // namespace

}  // namespace ganstep
