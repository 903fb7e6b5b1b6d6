#include "engine/gan/image_spec.h"

#include <algorithm>

namespace ganstep {
namespace {

constexpr std::int64_t kMaxFeatures = std::int64_t(1) << 24;  // per row, any layer

bool is_flat(ImageShape s) { return s.h == 1 && s.w == 1; }

std::string shape_text(ImageShape s) {
  return is_flat(s) ? std::to_string(s.c) + " features" : s.text();
}

// A style layer's levels: (input channels, output channels, side, kernel) of
// each modulated convolution (engine/nn/style_generator.h), toRGB last.
struct StyleConv {
  std::int64_t in, out, side, k;
};
std::vector<StyleConv> style_convs(const LayerSpec& l) {
  const std::int64_t C = l.units, C2 = std::max(1, l.units / 2);
  return {{C, C, 7, 3}, {C, C, 14, 3}, {C, C2, 28, 3}, {C2, 1, 28, 1}};
}

std::int64_t style_params(const LayerSpec& l, int z_dim) {
  const std::int64_t wd = l.mapping_width;
  std::int64_t n = std::int64_t(z_dim) * wd + wd + (l.mapping_depth - 1) * (wd * wd + wd);  // mapping
  n += std::int64_t(l.units) * 49;                                                         // the constant
  for (const StyleConv& c : style_convs(l)) n += wd * c.in + c.in + c.out * c.in * c.k * c.k + c.out;
  for (const StyleConv& c : style_convs(l))
    if (c.k == 3) n += c.out;  // noise scales
  return n;
}

std::int64_t style_macs(const LayerSpec& l, int z_dim) {
  const std::int64_t wd = l.mapping_width;
  std::int64_t m = std::int64_t(z_dim) * wd + (l.mapping_depth - 1) * wd * wd;
  for (const StyleConv& c : style_convs(l)) m += wd * c.in + c.side * c.side * c.out * c.in * c.k * c.k;
  return m;
}

}  // namespace

const char* layer_kind_name(LayerKind k) {
  switch (k) {
    case LayerKind::Dense: return "dense";
    case LayerKind::Reshape: return "reshape";
    case LayerKind::Flatten: return "flatten";
    case LayerKind::Conv: return "conv";
    case LayerKind::ConvT: return "convT";
    case LayerKind::BatchNorm: return "batchnorm";
    case LayerKind::ReLU: return "relu";
    case LayerKind::LeakyReLU: return "leakyrelu";
    case LayerKind::Tanh: return "tanh";
    case LayerKind::Sigmoid: return "sigmoid";
    case LayerKind::Dropout: return "dropout";
    case LayerKind::Upsample: return "upsample";
    case LayerKind::AvgPool: return "avgpool";
    case LayerKind::Grow: return "grow";
    case LayerKind::ToImage: return "toimage";
    case LayerKind::FromImage: return "fromimage";
    case LayerKind::Style: return "style";
    case LayerKind::MbStd: return "mbstd";
  }
  return "?";
}

std::string infer_shapes(const std::vector<LayerSpec>& layers, ImageShape in, std::vector<ImageShape>& out,
                         int* bad) {
  out.clear();
  ImageShape s = in;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    std::string err;
    ImageShape n = s;
    switch (l.kind) {
      case LayerKind::Dense:
        if (!is_flat(s)) err = "dense needs a flat input, got " + s.text() + " (add \"flatten\" before it)";
        else if (l.units < 1) err = "dense needs at least 1 unit";
        else n = ImageShape{l.units, 1, 1};
        break;
      case LayerKind::Reshape:
        if (!is_flat(s)) err = "reshape needs a flat input, got " + s.text() + " (add \"flatten\" before it)";
        else if (l.c < 1 || l.h < 1 || l.w < 1) err = "reshape sizes must be positive";
        else if (std::int64_t(l.c) * l.h * l.w != s.c)
          err = "reshape(" + std::to_string(l.c) + ", " + std::to_string(l.h) + ", " + std::to_string(l.w) +
                ") holds " + std::to_string(std::int64_t(l.c) * l.h * l.w) + " values, its input has " +
                std::to_string(s.c);
        else n = ImageShape{l.c, l.h, l.w};
        break;
      case LayerKind::Flatten:
        n = ImageShape{static_cast<int>(s.size()), 1, 1};
        break;
      case LayerKind::Conv:
      case LayerKind::ConvT: {
        const bool t = l.kind == LayerKind::ConvT;
        if (l.units < 1) { err = "the output channel count must be positive"; break; }
        if (l.kernel < 1 || l.stride < 1 || l.padding < 0 || l.output_padding < 0) {
          err = "kernel and stride must be positive, padding and output_padding not negative";
          break;
        }
        if (!t && l.output_padding) { err = "output_padding applies to convT only"; break; }
        if (t && l.output_padding >= l.stride) { err = "output_padding must be smaller than stride"; break; }
        if (l.padding >= l.kernel) { err = "padding must be smaller than kernel"; break; }
        auto size = [&](int x) {
          return t ? (x - 1) * l.stride - 2 * l.padding + l.kernel + l.output_padding
                   : (x + 2 * l.padding - l.kernel) / l.stride + 1;
        };
        if (!t && (s.h + 2 * l.padding < l.kernel || s.w + 2 * l.padding < l.kernel)) {
          err = "the kernel (" + std::to_string(l.kernel) + ") is larger than the padded input " + s.text();
          break;
        }
        n = ImageShape{l.units, size(s.h), size(s.w)};
        if (n.h < 1 || n.w < 1) err = "the output would be empty (" + n.text() + ")";
        break;
      }
      case LayerKind::Dropout:
        if (!(l.p >= 0.0f && l.p < 1.0f)) err = "dropout's p must be in [0, 1)";
        break;
      case LayerKind::Upsample:
        if (is_flat(s)) err = "upsample needs an image, got " + shape_text(s) + " (add \"reshape\" before it)";
        else n = ImageShape{s.c, 2 * s.h, 2 * s.w};
        break;
      case LayerKind::AvgPool:
        if (s.h % 2 || s.w % 2 || is_flat(s))
          err = "avgpool halves the image: it needs an even height and width, got " + shape_text(s);
        else n = ImageShape{s.c, s.h / 2, s.w / 2};
        break;
      case LayerKind::ToImage:
      case LayerKind::FromImage:
        if (is_flat(s)) err = std::string(layer_kind_name(l.kind)) + " needs an image, got " + shape_text(s);
        else if (l.units < 1) err = "the output channel count must be positive";
        else n = ImageShape{l.units, s.h, s.w};
        break;
      case LayerKind::Style:
        if (!is_flat(s)) err = "style needs the noise z as its input, got " + shape_text(s);
        else if (l.units < 2 || l.units > kMaxStyleChannels)
          err = "style's channel count must be in 2.." + std::to_string(kMaxStyleChannels);
        else if (l.mapping_depth < 1 || l.mapping_width < 1) err = "style's mapping network needs depth and width >= 1";
        else n = ImageShape{1, 28, 28};
        break;
      case LayerKind::MbStd:
        if (l.group < 1) err = "mbstd's group size must be at least 1";
        else n = ImageShape{s.c + 1, s.h, s.w};
        break;
      case LayerKind::LeakyReLU:
        if (!(l.slope >= 0.0f && l.slope < 1.0f)) err = "leakyrelu's slope must be in [0, 1)";
        break;
      default:
        break;
    }
    if (err.empty() && n.size() > kMaxFeatures)
      err = "the output " + n.text() + " is too large (at most " + std::to_string(kMaxFeatures) + " values per image)";
    if (!err.empty()) {
      if (bad) *bad = static_cast<int>(i);
      return err;
    }
    out.push_back(n);
    s = n;
  }
  return "";
}

namespace {

int count_kind(const std::vector<LayerSpec>& layers, LayerKind k) {
  int n = 0;
  for (const LayerSpec& l : layers) n += l.kind == k;
  return n;
}

// The growing part's structure (the shapes are checked already): markers in
// their places, each block doubling (G) or halving (D) the image. "" or an
// error; *at = the layer's index.
std::string check_growth(const std::vector<LayerSpec>& layers, const std::vector<ImageShape>& shapes, ImageShape in,
                         bool generator, int& at) {
  const LayerKind end = generator ? LayerKind::ToImage : LayerKind::FromImage;
  const LayerKind other = generator ? LayerKind::FromImage : LayerKind::ToImage;
  const char* end_name = generator ? "toimage" : "fromimage";
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (layers[i].kind == other) {
      at = static_cast<int>(i);
      return std::string(layer_kind_name(other)) + " belongs to the " + (generator ? "discriminator" : "generator");
    }
  const int grows = count_kind(layers, LayerKind::Grow), ends = count_kind(layers, end);
  if (grows == 0 && ends == 0) return "";
  if (grows == 0 || ends != 1) {
    at = static_cast<int>(layers.size()) - 1;
    return std::string("a growing net has one \"") + end_name + "\" and at least one \"grow\" (it has " +
           std::to_string(ends) + " and " + std::to_string(grows) + ")";
  }
  auto shape_before = [&](std::size_t i) { return i == 0 ? in : shapes[i - 1]; };
  std::vector<std::size_t> marks;  // the grow markers and the end, in order
  std::size_t end_at = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].kind == LayerKind::Grow) marks.push_back(i);
    if (layers[i].kind == end) end_at = i;
  }
  if (generator) {
    if (end_at < marks.back()) {
      at = static_cast<int>(end_at);
      return "toimage ends the growing part: it comes after the last \"grow\"";
    }
    marks.push_back(end_at);
    for (std::size_t b = 0; b + 1 < marks.size(); ++b) {
      const ImageShape a = shapes[marks[b]], z = shape_before(marks[b + 1]);
      if (marks[b + 1] == marks[b] + 1 || z.h != 2 * a.h || z.w != 2 * a.w) {
        at = static_cast<int>(marks[b]);
        return "the block after this \"grow\" must double the image (" + a.text() + " to " + z.text() +
               "; e.g. \"upsample\" and a convolution)";
      }
    }
  } else {
    if (end_at != 0) {
      at = static_cast<int>(end_at);
      return "fromimage starts the growing part: it is D's first layer";
    }
    marks.insert(marks.begin(), end_at);
    for (std::size_t b = 0; b + 1 < marks.size(); ++b) {
      const ImageShape a = shapes[marks[b]], z = shapes[marks[b + 1]];
      if (marks[b + 1] == marks[b] + 1 || 2 * z.h != a.h || 2 * z.w != a.w) {
        at = static_cast<int>(marks[b + 1]);
        return "the block before this \"grow\" must halve the image (" + a.text() + " to " + z.text() +
               "; e.g. a convolution and \"avgpool\")";
      }
    }
  }
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (layers[i].kind == LayerKind::Dense || layers[i].kind == LayerKind::Flatten ||
        layers[i].kind == LayerKind::Reshape) {
      const bool inside = generator ? (i > marks.front() && i < end_at) : (i < marks.back());
      if (inside) {
        at = static_cast<int>(i);
        return std::string(layer_kind_name(layers[i].kind)) + " cannot be inside a growing block";
      }
    }
  return "";
}

}  // namespace

int growth_stages(const ImageGanSpec& spec) { return count_kind(spec.g, LayerKind::Grow) + 1; }

std::vector<int> stage_sides(const ImageGanSpec& spec) {
  const int n = growth_stages(spec);
  std::vector<int> sides(std::size_t(n), spec.shape.h);
  for (int s = n - 2; s >= 0; --s) sides[std::size_t(s)] = sides[std::size_t(s) + 1] / 2;
  return sides;
}

std::string check_image_gan(const ImageGanSpec& spec, int noise_dim, char* net, int* bad) {
  std::vector<ImageShape> shapes;
  auto fail = [&](char which, int index, const std::string& msg) {
    if (net) *net = which;
    if (bad) *bad = index;
    return std::string(which == 'g' ? "generator" : "discriminator") +
           (index >= 0 ? " layer " + std::to_string(index + 1) + ": " : ": ") + msg;
  };
  if (spec.shape.c < 1 || spec.shape.h < 1 || spec.shape.w < 1) return fail('g', -1, "bad image shape");
  int at = -1;
  if (spec.g.empty()) return fail('g', -1, "no layers");
  std::string e = infer_shapes(spec.g, ImageShape{noise_dim, 1, 1}, shapes, &at);
  if (!e.empty()) return fail('g', at, e);
  e = check_growth(spec.g, shapes, ImageShape{noise_dim, 1, 1}, true, at);
  if (!e.empty()) return fail('g', at, e);
  const ImageShape g_out = shapes.back();
  if (!(g_out == spec.shape) && !(is_flat(g_out) && g_out.c == spec.shape.size()))
    return fail('g', static_cast<int>(spec.g.size()) - 1,
                "G makes " + shape_text(g_out) + ", the images are " + spec.shape.text());
  if (spec.d.empty()) return fail('d', -1, "no layers");
  e = infer_shapes(spec.d, spec.shape, shapes, &at);
  if (!e.empty()) return fail('d', at, e);
  e = check_growth(spec.d, shapes, spec.shape, false, at);
  if (!e.empty()) return fail('d', at, e);
  const int g_grows = count_kind(spec.g, LayerKind::Grow), d_grows = count_kind(spec.d, LayerKind::Grow);
  if (g_grows != d_grows)
    return fail(g_grows > d_grows ? 'd' : 'g', -1,
                "G and D grow together: G has " + std::to_string(g_grows) + " \"grow\" markers, D has " +
                    std::to_string(d_grows));
  if (!(shapes.back() == ImageShape{1, 1, 1}))
    return fail('d', static_cast<int>(spec.d.size()) - 1,
                "D must end with one logit (e.g. \"dense(1)\"), it ends with " + shape_text(shapes.back()));
  if (spec.d.back().kind == LayerKind::Sigmoid)
    return fail('d', static_cast<int>(spec.d.size()) - 1,
                "D ends with a logit: the loss applies the sigmoid itself (remove \"sigmoid\")");
  return "";
}

std::int64_t param_count(const std::vector<LayerSpec>& layers, ImageShape in) {
  std::vector<ImageShape> shapes;
  if (!infer_shapes(layers, in, shapes).empty()) return 0;
  std::int64_t n = 0;
  ImageShape s = in;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    switch (l.kind) {
      case LayerKind::Dense: n += s.size() * l.units + (l.bias ? l.units : 0); break;
      case LayerKind::Conv:
      case LayerKind::ConvT: n += std::int64_t(s.c) * l.units * l.kernel * l.kernel + (l.bias ? l.units : 0); break;
      case LayerKind::BatchNorm: n += 2 * std::int64_t(s.c); break;
      case LayerKind::ToImage:
      case LayerKind::FromImage: n += std::int64_t(s.c) * l.units + l.units; break;  // the full size's 1x1 conv
      case LayerKind::Style: n += style_params(l, s.c); break;
      default: break;
    }
    s = shapes[i];
  }
  return n;
}

std::vector<std::int64_t> forward_macs(const std::vector<LayerSpec>& layers, ImageShape in) {
  std::vector<ImageShape> shapes;
  std::vector<std::int64_t> macs(layers.size(), 0);
  if (!infer_shapes(layers, in, shapes).empty()) return macs;
  ImageShape s = in;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const ImageShape o = shapes[i];
    const std::int64_t kk = std::int64_t(l.kernel) * l.kernel;
    if (l.kind == LayerKind::Dense) macs[i] = s.size() * o.c;
    else if (l.kind == LayerKind::Conv) macs[i] = std::int64_t(o.h) * o.w * o.c * s.c * kk;
    else if (l.kind == LayerKind::ToImage || l.kind == LayerKind::FromImage)
      macs[i] = std::int64_t(o.h) * o.w * o.c * s.c;  // the full size's 1x1 convolution
    else if (l.kind == LayerKind::ConvT) macs[i] = std::int64_t(s.h) * s.w * s.c * o.c * kk;
    else if (l.kind == LayerKind::Style) macs[i] = style_macs(l, s.c);
    s = o;
  }
  return macs;
}

double iteration_flops(const ImageGanSpec& spec, int noise_dim, int m) {
  const auto g = forward_macs(spec.g, ImageShape{noise_dim, 1, 1});
  const auto d = forward_macs(spec.d, spec.shape);
  auto first_weighted = [](const std::vector<std::int64_t>& v) {
    for (std::int64_t x : v)
      if (x) return x;
    return std::int64_t(0);
  };
  double gf = 0, df = 0;
  for (auto x : g) gf += double(x);
  for (auto x : d) df += double(x);
  const double g1 = double(first_weighted(g)), d1 = double(first_weighted(d));
  // multiply-adds per row: forward f, weight gradients f, input gradients f (less the first layer's)
  const double d_step = m * gf + 2.0 * m * (df + df + (df - d1));
  const double g_step = m * gf + m * df + m * df + m * (gf + (gf - g1));
  return 2.0 * (d_step + g_step);
}

}  // namespace ganstep
