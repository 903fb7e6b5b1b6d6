#include "engine/gan/resources.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/core/text.h"

namespace ganstep {
namespace {

constexpr double kFloat = 4;             // bytes per value
constexpr double kMetricSamples = 4096;  // G's samples for the JS and KL estimates (metrics.h)
constexpr double kMapRows = 96 * 96;     // the 2-D decision map's grid (512 points in 1-D)

// One layer as memory sees it, per row of the minibatch: its output, what it
// caches for backward, and the convolution scratch it asks for (two slots
// shared by every layer, engine/core/im2col.h's conv_scratch).
struct LayerMemory {
  double in = 0, out = 0, cache = 0, scratch0 = 0, scratch1 = 0;
};

struct NetMemory {
  std::vector<LayerMemory> layers;
  double params = 0;  // trainable weights
  double buffers = 0;  // batch norm running statistics
};

// Floats a network holds for rows of input: every layer's output and cache,
// and (when it has run backward) Sequential's two gradient buffers, each as
// wide as the widest layer.
double net_floats(const NetMemory& n, double rows, bool backward = true) {
  double per_row = 0, widest = 0;
  for (const LayerMemory& l : n.layers) {
    per_row += l.out + l.cache;
    widest = std::max({widest, l.in, l.out});
  }
  return rows * (per_row + (backward ? 2 * widest : 0));
}

// The convolution scratch's two slots: each grows to its largest request.
double scratch_floats(const NetMemory& g, double g_rows, const NetMemory& d, double d_rows) {
  double s0 = 0, s1 = 0;
  for (const LayerMemory& l : g.layers) s0 = std::max(s0, l.scratch0 * g_rows), s1 = std::max(s1, l.scratch1 * g_rows);
  for (const LayerMemory& l : d.layers) s0 = std::max(s0, l.scratch0 * d_rows), s1 = std::max(s1, l.scratch1 * d_rows);
  return s0 + s1;
}

// An Mlp (engine/nn/mlp.h): Linear layers caching their input, activations caching their output.
NetMemory mlp_memory(int in, const std::vector<HiddenLayer>& hidden, int out) {
  NetMemory n;
  double prev = in;
  auto linear = [&](double w) {
    n.layers.push_back({prev, w, prev, 0, 0});
    n.params += prev * w + w;
    prev = w;
  };
  for (const HiddenLayer& h : hidden) {
    linear(h.width);
    if (h.act != Act::None) n.layers.push_back({prev, prev, prev, 0, 0});
  }
  linear(out);
  return n;
}

// An image network (engine/gan/image_spec.h), layer by layer as engine/nn runs it.
NetMemory image_net_memory(const std::vector<LayerSpec>& layers, ImageShape in) {
  NetMemory n;
  std::vector<ImageShape> shapes;
  if (!infer_shapes(layers, in, shapes).empty()) return n;
  n.params = double(param_count(layers, in));
  ImageShape s = in;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& l = layers[i];
    const ImageShape o = shapes[i];
    const double fi = double(s.size()), fo = double(o.size()), kk = double(l.kernel) * l.kernel;
    LayerMemory m{fi, fo, fo, 0, 0};
    switch (l.kind) {
      case LayerKind::Dense: m.cache = fi; break;
      case LayerKind::Reshape:
      case LayerKind::Flatten: m.cache = 0; break;
      case LayerKind::Conv:  // x_ kept; slot 0 (Cout, B*Ho*Wo), slot 1 im2col (Cin*k*k, B*Ho*Wo)
        m.cache = fi;
        m.scratch0 = fo;
        m.scratch1 = double(s.c) * kk * o.h * o.w;
        break;
      case LayerKind::ConvT:  // xcm_ kept; both slots (Cout*k*k, B*H*W) of the input
        m.cache = fi;
        m.scratch0 = std::max(double(o.c) * kk, double(s.c)) * s.h * s.w;
        m.scratch1 = double(o.c) * kk * s.h * s.w;
        break;
      case LayerKind::BatchNorm: n.buffers += 2 * double(s.c); break;  // xhat_ (fo) cached
      case LayerKind::MbStd: m.cache = fi; m.scratch0 = 2 * fi; break;  // x_; μ and σ per group (at most)
      case LayerKind::Style: {  // per level: input, x*s, conv, y, noise, noised, activation (and Conv2d's copy)
        const double C = l.units, C2 = std::max(1, l.units / 2);
        m.cache = 8 * (C * 49 + C * 196 + C2 * 784) + 4 * 784 + 4 * double(l.mapping_width) * (l.mapping_depth + 2);
        m.scratch0 = C2 * 784;
        m.scratch1 = C * 9 * 784;
        break;
      }
      default: break;                                                  // y_ or the dropout mask (fo)
    }
    n.layers.push_back(m);
    s = o;
  }
  return n;
}

std::string weights_text(double n) {
  char buf[48];
  if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.1fM weights", n / 1e6);
  else std::snprintf(buf, sizeof buf, "%.0f weights", n);
  return buf;
}

// The parts every estimate shares once the networks are known.
MemoryEstimate estimate(const NetMemory& g, const NetMemory& d, double m, double batch_floats, Keeping keep) {
  MemoryEstimate e;
  const double p = g.params + d.params;
  e.weights = p;
  e.parameters = kFloat * (2 * p + g.buffers + d.buffers);
  e.optimizer = kFloat * 2 * p;
  // G on m rows; D on the D-step's 2m rows (the G-step's m rows reuse them).
  e.activations = kFloat * (net_floats(g, m) + net_floats(d, 2 * m) + scratch_floats(g, m, d, 2 * m) + batch_floats);
  // Serialised states, and whole trainers with their minibatch caches (not
  // the passing copies that generate() and discriminate() make).
  e.snapshots = keep.state_copies * kFloat * (3 * p + g.buffers + d.buffers) +
                keep.full_copies * (e.parameters + e.optimizer + e.activations);
  return e;
}

}  // namespace

MemoryEstimate estimate_point_memory(const GanConfig& c, int data_dim, std::int64_t data_points, Keeping keep) {
  const NetMemory g = mlp_memory(c.noise_dim, c.g_hidden, data_dim);
  const NetMemory d = mlp_memory(data_dim, c.d_hidden, 1);
  const double m = std::max(1, c.batch), dim = std::max(1, data_dim);
  // Batch (trainer.h): z, x, g_z, g_grad of m rows; d_input of 2m; five (2m, 1) columns.
  MemoryEstimate e = estimate(g, d, m, m * (c.noise_dim + 3 * dim) + 2 * m * dim + 10 * m, keep);
  // Between iterations, generate() and discriminate() copy a network (its
  // caches of the last G-step's m rows included) and run it on the metrics'
  // samples or the decision map's grid; D then holds m rows, not 2m.
  const double after = net_floats(g, m) + net_floats(d, m) + scratch_floats(g, m, d, m);
  const double copy_g = 2 * g.params + net_floats(g, m) + net_floats(g, kMetricSamples, false);
  const double copy_d = 2 * d.params + net_floats(d, m) + net_floats(d, data_dim == 1 ? 512 : kMapRows, false);
  e.activations = std::max(e.activations, kFloat * (after + std::max(copy_g, copy_d)));
  e.data = kFloat * double(data_points) * dim;
  e.batch_setting = "batch " + std::to_string(c.batch);
  const bool g_bigger = g.params >= d.params;
  std::string hidden = format_hidden(g_bigger ? c.g_hidden : c.d_hidden);  // canonical text, at most 80 characters
  if (hidden.size() > 80) hidden = hidden.substr(0, 77) + "...";
  e.net_setting = std::string(g_bigger ? "g_hidden " : "d_hidden ") + hidden;
  e.max_weights = kMaxPointWeights;
  e.data_setting = "data (" + std::to_string(data_points) + " points)";
  return e;
}

MemoryEstimate estimate_image_memory(const ImageGanSpec& spec, const GanConfig& c, std::int64_t data_images,
                                     Keeping keep) {
  const NetMemory g = image_net_memory(spec.g, ImageShape{c.noise_dim, 1, 1});
  const NetMemory d = image_net_memory(spec.d, spec.shape);
  if (g.layers.empty() || d.layers.empty()) return {};
  const double m = std::max(1, c.batch), img = double(spec.shape.size());
  // z, x_, g_grad_ (m rows), d_input_ (2m rows), targets, loss, dlogits (2m, 1).
  MemoryEstimate e = estimate(g, d, m, m * (c.noise_dim + 2 * img) + 2 * m * img + 6 * m, keep);
  // The decoded floats, plus the file's bytes and their parsed copy while it is read.
  e.data = double(data_images) * (img * (kFloat + 2) + 8);
  e.batch_setting = "batch " + std::to_string(c.batch);
  const bool g_bigger = g.params >= d.params;
  e.net_setting = g_bigger ? "[generator] layers" : "[discriminator] layers";
  e.max_weights = kMaxImageWeights;
  e.data_setting = "data " + quote_input(spec.data) + " (" + std::to_string(data_images) + " images)";
  return e;
}

namespace {
double g_limit = 0;  // 0: the default
#ifdef __EMSCRIPTEN__
constexpr bool kWasm = true;  // 32-bit addresses: the page's limit is the most there is
#else
constexpr bool kWasm = false;
#endif
}  // namespace

double default_memory_limit() { return kWasm ? kPageMemoryLimit : kNativeMemoryLimit; }

double memory_limit() { return g_limit > 0 ? g_limit : default_memory_limit(); }
void set_memory_limit(double bytes) {
  g_limit = bytes > 0 ? std::min(bytes, kWasm ? kPageMemoryLimit : bytes) : 0;
}

std::string set_memory_limit_from(const char* env_text) {
  if (!env_text || !*env_text) {
    set_memory_limit(0);
    return "";
  }
  double bytes = 0;
  const std::string e = parse_memory_size(env_text, bytes);
  if (!e.empty()) return "GANSTEP_MAX_MEMORY: " + e;
  set_memory_limit(bytes);
  return "";
}

std::string parse_memory_size(const std::string& text, double& bytes) {
  const std::string form = quote_input(text) + " is not a memory size (bytes, or a number with K, M, G or T, e.g. 8G)";
  std::size_t at = 0;
  while (at < text.size() && ((text[at] >= '0' && text[at] <= '9') || text[at] == '.')) ++at;
  if (at == 0 || at > 32) return form;
  char* end = nullptr;
  const std::string number = text.substr(0, at);
  const double v = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || !std::isfinite(v)) return form;
  std::string unit = text.substr(at);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  if (unit.size() == 2 && (unit[1] == 'i' || unit[1] == 'I')) unit.pop_back();  // "GiB"
  double scale = 1;
  if (unit.empty()) scale = 1;
  else if (unit == "K" || unit == "k") scale = 1024.0;
  else if (unit == "M" || unit == "m") scale = 1024.0 * 1024;
  else if (unit == "G" || unit == "g") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T" || unit == "t") scale = 1024.0 * 1024 * 1024 * 1024;
  else return form;
  bytes = v * scale;
  if (!(bytes >= 1 << 20) || bytes > 1e18) return quote_input(text) + " is out of range (1M to 1000000T)";
  return "";
}

std::string memory_text(double bytes) {
  char buf[32];
  const double gib = 1024.0 * 1024 * 1024, mib = 1024.0 * 1024;
  if (bytes >= gib) std::snprintf(buf, sizeof buf, bytes >= 10 * gib ? "%.0f GB" : "%.1f GB", bytes / gib);
  else if (bytes >= mib) std::snprintf(buf, sizeof buf, "%.0f MB", bytes / mib);
  else std::snprintf(buf, sizeof buf, "%.0f KB", std::ceil(bytes / 1024));
  std::string s = buf;
  if (s.size() > 5 && s.compare(s.size() - 5, 5, ".0 GB") == 0) s.erase(s.size() - 5, 2);  // "2 GB"
  return s;
}

std::string check_memory(const MemoryEstimate& e, double limit) {
  if (e.max_weights > 0 && e.weights > e.max_weights) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "; the limit is %.0f,000,000", e.max_weights / 1e6);
    return e.net_setting + " gives G and D " + weights_text(e.weights) + buf;
  }
  const double total = e.total();
  if (total <= limit) return "";
  const double weights = e.parameters + e.optimizer;
  std::string setting =
      e.activations >= weights ? e.batch_setting : e.net_setting + " (" + weights_text(e.weights) + ")";
  double part = e.activations >= weights ? e.activations : weights;
  const char* what = e.activations >= weights ? "activations" : "weights and optimizer state";
  if (e.data > part) setting = e.data_setting, part = e.data, what = "the data set";
  if (e.snapshots > part) part = e.snapshots, what = "the copies kept to step back and save";
  std::string msg = setting + " needs about " + memory_text(part) + " for " + what;
  if (memory_text(part) != memory_text(total)) msg += " (" + memory_text(total) + " in all)";
  const std::string page = memory_text(kPageMemoryLimit), native = memory_text(kNativeMemoryLimit);
  if (limit == kPageMemoryLimit)
    return msg + "; the limit is " + page + " in the page (" + native + " natively, GANSTEP_MAX_MEMORY)";
  if (limit == kNativeMemoryLimit)
    return msg + "; the limit is " + native + " natively (GANSTEP_MAX_MEMORY; " + page + " in the page)";
  return msg + "; the limit here is " + memory_text(limit) + " (GANSTEP_MAX_MEMORY; by default " + native +
         " natively, " + page + " in the page)";
}

std::string check_memory(const MemoryEstimate& e) { return check_memory(e, memory_limit()); }

}  // namespace ganstep
