#include "lessons/format/image_layers.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/core/text.h"

namespace ganstep::lessons {
namespace {

struct Arg {
  std::string key;    // "" for a positional argument
  std::string value;
  int offset = 0;     // where the argument starts in the layer text
};

const char* kNames[] = {"dense", "reshape",   "flatten", "conv",    "convT",    "batchnorm", "relu",    "leakyrelu",
                        "tanh",  "sigmoid",   "dropout", "upsample", "avgpool", "grow",      "toimage", "fromimage",
                        "style", "mbstd"};
const LayerKind kKinds[] = {LayerKind::Dense,    LayerKind::Reshape,  LayerKind::Flatten,   LayerKind::Conv,
                            LayerKind::ConvT,    LayerKind::BatchNorm, LayerKind::ReLU,     LayerKind::LeakyReLU,
                            LayerKind::Tanh,     LayerKind::Sigmoid,  LayerKind::Dropout,   LayerKind::Upsample,
                            LayerKind::AvgPool,  LayerKind::Grow,     LayerKind::ToImage,   LayerKind::FromImage,
                            LayerKind::Style,    LayerKind::MbStd};

const char* usage(LayerKind k) {
  switch (k) {
    case LayerKind::Dense: return "dense(UNITS[, bias=false])";
    case LayerKind::Reshape: return "reshape(C, H, W)";
    case LayerKind::Conv: return "conv(CHANNELS, kernel=K[, stride=S, padding=P, bias=false])";
    case LayerKind::ConvT: return "convT(CHANNELS, kernel=K[, stride=S, padding=P, output_padding=O, bias=false])";
    case LayerKind::LeakyReLU: return "leakyrelu(SLOPE)";
    case LayerKind::Dropout: return "dropout(P)";
    case LayerKind::ToImage: return "toimage[(CHANNELS)]";
    case LayerKind::FromImage: return "fromimage(CHANNELS)";
    case LayerKind::Style: return "style(CHANNELS)";
    case LayerKind::MbStd: return "mbstd[(GROUP)]";
    default: return nullptr;  // no arguments
  }
}

std::string trim(const std::string& s, int& lead) {
  std::size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  if (a == std::string::npos) { lead = static_cast<int>(s.size()); return ""; }
  lead = static_cast<int>(a);
  return s.substr(a, b - a + 1);
}

bool read_int(const std::string& v, int lo, int hi, int& out) {
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) return false;
  long x = std::strtol(v.c_str(), nullptr, 10);
  if (x < lo || x > hi) return false;
  out = static_cast<int>(x);
  return true;
}

bool read_float(const std::string& v, float& out) {
  if (v.empty() || v.find_first_not_of("0123456789.eE+-") != std::string::npos) return false;
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (end != v.c_str() + v.size()) return false;
  out = static_cast<float>(x);
  return true;
}

std::string num(float v) {
  char buf[32];
  for (int p = 1; p <= 9; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, static_cast<double>(v));
    if (static_cast<float>(std::strtod(buf, nullptr)) == v) break;
  }
  return buf;
}

}  // namespace

bool parse_layer(const std::string& text, LayerSpec& out, std::string& error, int* offset) {
  auto fail = [&](int at, std::string msg) {
    error = std::move(msg);
    if (offset) *offset = at;
    return false;
  };
  int lead = 0;
  const std::string t = trim(text, lead);
  if (t.empty()) return fail(0, "an empty layer");
  const std::size_t open = t.find('(');
  int name_lead = 0;
  const std::string name = trim(t.substr(0, open), name_lead);
  int index = -1;
  for (int i = 0; i < static_cast<int>(sizeof kNames / sizeof *kNames); ++i)
    if (name == kNames[i]) index = i;
  if (index < 0) {
    std::vector<std::string> names(std::begin(kNames), std::end(kNames));
    std::string best = did_you_mean(name, names);
    std::string msg = "unknown layer " + quote_input(name);
    msg += best.empty() ? " (layers: dense, reshape, flatten, conv, convT, batchnorm, relu, leakyrelu, tanh, sigmoid, dropout, "
                                       "upsample, avgpool, grow, toimage, fromimage, style, mbstd)"
                        : " (did you mean \"" + best + "\"?)";
    return fail(lead, msg);
  }
  LayerSpec l;
  l.kind = kKinds[index];
  if (l.kind == LayerKind::ToImage) l.units = 1;  // one channel unless told
  const char* use = usage(l.kind);
  std::vector<Arg> args;
  if (open != std::string::npos) {
    if (t.back() != ')') return fail(lead + static_cast<int>(t.size()), "missing ')' at the end of " + quote_input(name + "("));
    const std::string inner = t.substr(open + 1, t.size() - open - 2);
    const int base = lead + static_cast<int>(open) + 1;
    std::size_t from = 0;
    for (;;) {
      std::size_t comma = inner.find(',', from);
      std::string piece = inner.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      int pl = 0;
      std::string p = trim(piece, pl);
      Arg a;
      a.offset = base + static_cast<int>(from) + pl;
      if (p.empty()) {
        if (comma == std::string::npos && args.empty()) break;  // "name()"
        return fail(a.offset, "an empty argument in " + quote_input(t));
      }
      std::size_t eq = p.find('=');
      if (eq != std::string::npos) {
        int kl = 0, vl = 0;
        a.key = trim(p.substr(0, eq), kl);
        a.value = trim(p.substr(eq + 1), vl);
      } else {
        a.value = p;
      }
      args.push_back(a);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }
  if (!use && !args.empty())
    return fail(args[0].offset, name + " takes no arguments (write " + quote_input(name) + ")");
  // positional arguments first, then keywords
  int positional = 0;
  bool seen_key = false;
  std::vector<std::string> keys_seen;
  for (const Arg& a : args) {
    auto bad = [&](const std::string& what) {
      return fail(a.offset, "bad " + what + " " + quote_input(a.value) + " in " + name + " (" + use + ")");
    };
    if (a.key.empty()) {
      if (seen_key) return fail(a.offset, "a positional argument after a keyword in " + name + " (" + use + ")");
      ++positional;
      switch (l.kind) {
        case LayerKind::Dense:
        case LayerKind::Conv:
        case LayerKind::ConvT:
        case LayerKind::ToImage:
        case LayerKind::FromImage:
          if (positional > 1) return fail(a.offset, std::string("too many arguments: ") + use);
          if (!read_int(a.value, 1, 1 << 24, l.units)) return bad(l.kind == LayerKind::Dense ? "unit count" : "channel count");
          break;
        case LayerKind::Style:
          if (positional > 1) return fail(a.offset, std::string("too many arguments: ") + use);
          if (!read_int(a.value, 2, kMaxStyleChannels, l.units)) return bad("channel count (2.." + std::to_string(kMaxStyleChannels) + ")");
          break;
        case LayerKind::Reshape: {
          if (positional > 3) return fail(a.offset, std::string("too many arguments: ") + use);
          int* dst = positional == 1 ? &l.c : positional == 2 ? &l.h : &l.w;
          if (!read_int(a.value, 1, 1 << 24, *dst)) return bad("size");
          break;
        }
        case LayerKind::LeakyReLU:
          if (positional > 1) return fail(a.offset, std::string("too many arguments: ") + use);
          if (!read_float(a.value, l.slope) || !(l.slope >= 0.0f && l.slope < 1.0f)) return bad("slope (0 <= slope < 1)");
          break;
        case LayerKind::Dropout:
          if (positional > 1) return fail(a.offset, std::string("too many arguments: ") + use);
          if (!read_float(a.value, l.p) || !(l.p >= 0.0f && l.p < 1.0f)) return bad("probability (0 <= p < 1)");
          break;
        case LayerKind::MbStd:
          if (positional > 1) return fail(a.offset, std::string("too many arguments: ") + use);
          if (!read_int(a.value, 1, 65536, l.group)) return bad("group size (1..65536)");
          break;
        default:
          break;
      }
      continue;
    }
    seen_key = true;
    for (const auto& k : keys_seen)
      if (k == a.key) return fail(a.offset, a.key + " is given twice in " + name);
    keys_seen.push_back(a.key);
    const bool conv = l.kind == LayerKind::Conv || l.kind == LayerKind::ConvT;
    std::vector<std::string> allowed;
    if (conv) allowed = {"kernel", "stride", "padding", "bias"};
    if (l.kind == LayerKind::ConvT) allowed.push_back("output_padding");
    if (l.kind == LayerKind::Dense) allowed = {"bias"};
    bool known = false;
    for (const auto& k : allowed) known = known || k == a.key;
    if (!known) {
      std::string best = did_you_mean(a.key, allowed);
      return fail(a.offset, "unknown argument " + quote_input(a.key) + " in " + name +
                                (best.empty() ? " (" + std::string(use) + ")" : " (did you mean \"" + best + "\"?)"));
    }
    if (a.key == "bias") {
      if (a.value == "true") l.bias = true;
      else if (a.value == "false") l.bias = false;
      else return bad("bias (true or false)");
    } else if (a.key == "kernel") {
      if (!read_int(a.value, 1, 64, l.kernel)) return bad("kernel (1..64)");
    } else if (a.key == "stride") {
      if (!read_int(a.value, 1, 64, l.stride)) return bad("stride (1..64)");
    } else if (a.key == "padding") {
      if (!read_int(a.value, 0, 64, l.padding)) return bad("padding (0..64)");
    } else if (a.key == "output_padding") {
      if (!read_int(a.value, 0, 63, l.output_padding)) return bad("output_padding (0..63)");
    }
  }
  const int end = lead + static_cast<int>(t.size());
  switch (l.kind) {
    case LayerKind::Dense:
      if (positional < 1) return fail(end, std::string("dense needs its unit count: ") + use);
      break;
    case LayerKind::Conv:
    case LayerKind::ConvT:
      if (positional < 1) return fail(end, name + " needs its channel count: " + use);
      if (l.kernel == 0) return fail(end, name + " needs kernel=K: " + use);
      break;
    case LayerKind::Reshape:
      if (positional < 3) return fail(end, std::string("reshape needs three sizes: ") + use);
      break;
    case LayerKind::FromImage:
      if (positional < 1) return fail(end, std::string("fromimage needs its channel count: ") + use);
      break;
    case LayerKind::Style:
      if (positional < 1) return fail(end, std::string("style needs its channel count: ") + use);
      break;
    default:
      break;
  }
  out = l;
  return true;
}

std::string format_layer(const LayerSpec& l) {
  std::string s = layer_kind_name(l.kind);
  const std::string bias = l.bias ? "" : ", bias=false";
  switch (l.kind) {
    case LayerKind::Dense: return s + "(" + std::to_string(l.units) + bias + ")";
    case LayerKind::Reshape:
      return s + "(" + std::to_string(l.c) + ", " + std::to_string(l.h) + ", " + std::to_string(l.w) + ")";
    case LayerKind::Conv:
    case LayerKind::ConvT: {
      s += "(" + std::to_string(l.units) + ", kernel=" + std::to_string(l.kernel);
      if (l.stride != 1) s += ", stride=" + std::to_string(l.stride);
      if (l.padding) s += ", padding=" + std::to_string(l.padding);
      if (l.output_padding) s += ", output_padding=" + std::to_string(l.output_padding);
      return s + bias + ")";
    }
    case LayerKind::LeakyReLU: return s + "(" + num(l.slope) + ")";
    case LayerKind::Dropout: return s + "(" + num(l.p) + ")";
    case LayerKind::ToImage: return l.units == 1 ? s : s + "(" + std::to_string(l.units) + ")";
    case LayerKind::FromImage: return s + "(" + std::to_string(l.units) + ")";
    case LayerKind::Style: return s + "(" + std::to_string(l.units) + ")";
    case LayerKind::MbStd: return l.group == 4 ? s : s + "(" + std::to_string(l.group) + ")";
    default: return s;
  }
}

std::string parse_image_shape(const std::string& text, ImageShape& out) {
  int v[3] = {0, 0, 0};
  std::size_t from = 0;
  for (int i = 0; i < 3; ++i) {
    std::size_t x = text.find('x', from);
    if ((i < 2) != (x != std::string::npos))
      return "shape " + quote_input(text) + " is not CxHxW (e.g. \"1x28x28\")";
    std::string part = text.substr(from, x == std::string::npos ? std::string::npos : x - from);
    if (!read_int(part, 1, 4096, v[i]))
      return "shape " + quote_input(text) + ": " + quote_input(part) + " is not a size in 1..4096";
    from = x + 1;
  }
  if (v[0] > 16) return "shape " + quote_input(text) + ": at most 16 channels";
  out = ImageShape{v[0], v[1], v[2]};
  return "";
}

}  // namespace ganstep::lessons
