// build_network(): an image GAN's layer list (image_spec.h) as engine layers.
// reshape and flatten move no data (every layer reads and writes NCHW rows), so
// they only change the shape bookkeeping here and add no layer.
#include <memory>
#include <type_traits>

#include "engine/gan/image_spec.h"
#include "engine/nn/sequential.h"
#include "engine/nn/batch_norm.h"
#include "engine/nn/conv2d.h"
#include "engine/nn/conv_transpose2d.h"
#include "engine/nn/dropout.h"
#include "engine/nn/leaky_relu.h"
#include "engine/nn/linear.h"
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
  out = Sequential();
  ImageShape s = in;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    switch (l.kind) {
      case LayerKind::Dense: {
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
        out.add(make_conv<Conv2d>(l, s, init));
        break;
      }
      case LayerKind::ConvT: {
        std::string why =
            ConvTranspose2d::check(s.c, s.h, s.w, l.units, l.kernel, l.stride, l.padding, l.output_padding);
        if (!why.empty()) return "layer " + std::to_string(i + 1) + ": " + why;
        out.add(make_conv<ConvTranspose2d>(l, s, init));
        break;
      }
      case LayerKind::BatchNorm: out.add(std::make_unique<BatchNormLayer>(s.c, s.h, s.w)); break;
      case LayerKind::Dropout: out.add(std::make_unique<DropoutLayer>(l.p)); break;
      case LayerKind::Style: {
        StyleGeneratorSpec g;
        g.z_dim = static_cast<int>(s.size());
        g.mapping_depth = l.mapping_depth;
        g.mapping_width = l.mapping_width;
        g.channels = l.units;
        g.noise = l.noise;
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

}  // namespace ganstep
