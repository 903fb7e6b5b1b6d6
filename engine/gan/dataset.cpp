// Data sets: section index
//   1. spec parsing helpers
//   2. 1-D mixtures (gaussian, bimodal, uniform, mixture(...))
//   3. 2-D sets (ring8, grid25, moons, spiral, line)
//   4. csv points
//   5. make_dataset, noise priors
#include "engine/gan/dataset.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "engine/core/detmath.h"
#include "engine/core/text.h"
#include "engine/io/bytes.h"

namespace ganstep {
namespace {

constexpr double kPi = 3.14159265358979323846;

// ---- 1. spec parsing helpers ------------------------------------------------

std::string trim(const std::string& s) {
  auto a = s.find_first_not_of(" \t\r");
  auto b = s.find_last_not_of(" \t\r");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// True when strtod reads at least one character ("1", "nan", "-inf", "1e400").
bool starts_numeric(const std::string& text) {
  const char* begin = text.c_str();
  while (*begin == ' ' || *begin == '\t') ++begin;
  char* end = nullptr;
  std::strtod(begin, &end);
  return end != begin;
}

bool to_double(const std::string& text, double& out) {
  std::string s = trim(text);
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return *end == '\0' && errno != ERANGE && out == out && out - out == 0.0;
}

// "name(a,b)" -> name, args. Returns false on unbalanced parentheses.
bool split_call(const std::string& spec, std::string& name, std::vector<std::string>& args) {
  auto open = spec.find('(');
  args.clear();
  if (open == std::string::npos) {
    name = trim(spec);
    return true;
  }
  if (spec.back() != ')') return false;
  name = trim(spec.substr(0, open));
  std::string inner = spec.substr(open + 1, spec.size() - open - 2);
  std::stringstream ss(inner);
  std::string a;
  while (std::getline(ss, a, ',')) args.push_back(trim(a));
  return true;
}

// ---- 2. 1-D mixtures --------------------------------------------------------

struct Component {
  bool gaussian = true;
  double weight = 1, a = 0, b = 1;  // gaussian: mean a, std b; uniform: [a, b)
  bool weighted = false;            // W* was written
};

// Components split at the '+' signs outside parentheses (not an exponent's sign).
std::vector<std::string> split_components(const std::string& inner) {
  std::vector<std::string> out;
  int depth = 0;
  std::string cur;
  for (std::size_t i = 0; i <= inner.size(); ++i) {
    const char ch = i < inner.size() ? inner[i] : '+';
    if (ch == '(') ++depth;
    if (ch == ')') --depth;
    const bool exponent = ch == '+' && !cur.empty() && (cur.back() == 'e' || cur.back() == 'E') && cur.size() >= 2 &&
                          (std::isdigit(static_cast<unsigned char>(cur[cur.size() - 2])) || cur[cur.size() - 2] == '.');
    if (ch == '+' && depth == 0 && !exponent) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}

// The weights of a mixture: all written and summing to 1, or none (equal shares).
std::string check_weights(std::vector<double>& w, const std::vector<bool>& written) {
  const std::size_t n = w.size(), given = static_cast<std::size_t>(std::count(written.begin(), written.end(), true));
  if (given == 0) {
    for (double& x : w) x = 1.0 / static_cast<double>(n);
    return "";
  }
  if (given != n) return "give every component a weight (W*...) or none (equal shares)";
  double sum = 0;
  for (double x : w) sum += x;
  if (std::fabs(sum - 1.0) > 1e-6) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.6g", sum);
    return std::string("the weights sum to ") + buf + ", not 1 (each weight is the share of the samples)";
  }
  return "";
}

class Mixture1D : public Dataset {
 public:
  explicit Mixture1D(std::vector<Component> c) : comps_(std::move(c)) {
    double total = 0;
    for (auto& k : comps_) total += k.weight;
    for (auto& k : comps_) k.weight /= total;
  }
  int dim() const override { return 1; }
  void sample(Rng& rng, int m, float* out) const override {
    for (int i = 0; i < m; ++i) {
      const Component& c = pick(rng);
      out[i] = c.gaussian ? static_cast<float>(c.a + c.b * rng.normal())
                          : static_cast<float>(c.a + (c.b - c.a) * rng.uniform());
    }
  }
  bool has_density() const override { return true; }
  double density(const double* x) const override {
    double p = 0;
    for (const auto& c : comps_) {
      if (c.gaussian) {
        const double u = (x[0] - c.a) / c.b;
        p += c.weight * det_exp(-0.5 * u * u) / (c.b * det_sqrt(2 * kPi));
      } else if (x[0] >= c.a && x[0] < c.b) {
        p += c.weight / (c.b - c.a);
      }
    }
    return p;
  }
  std::vector<Mode> modes() const override {
    std::vector<Mode> out;
    for (const auto& c : comps_)
      if (c.gaussian) out.push_back(Mode{{c.a, 0}, c.b, c.weight});
    return out;
  }
  Bounds bounds() const override {
    Bounds r;
    r.lo[0] = 1e300;
    r.hi[0] = -1e300;
    for (const auto& c : comps_) {
      const double lo = c.gaussian ? c.a - 4 * c.b : c.a, hi = c.gaussian ? c.a + 4 * c.b : c.b;
      r.lo[0] = lo < r.lo[0] ? lo : r.lo[0];
      r.hi[0] = hi > r.hi[0] ? hi : r.hi[0];
    }
    const double pad = 0.1 * (r.hi[0] - r.lo[0]);
    r.lo[0] -= pad;
    r.hi[0] += pad;
    return r;
  }

 private:
  const Component& pick(Rng& rng) const {
    if (comps_.size() == 1) return comps_[0];
    const double u = rng.uniform();
    double acc = 0;
    for (const auto& c : comps_) {
      acc += c.weight;
      if (u < acc) return c;
    }
    return comps_.back();
  }
  std::vector<Component> comps_;
};

// "0.3*N(-2,0.5)" or "U(1,3)" (weight 1 when omitted).
std::string parse_component(const std::string& text, Component& c) {
  std::string s = trim(text);
  auto star = s.find('*');
  c.weight = 1;
  c.weighted = star != std::string::npos;
  if (star != std::string::npos) {
    if (!to_double(s.substr(0, star), c.weight) || c.weight <= 0)
      return "bad weight in component " + quote_input(s) + " (expected a positive number)";
    s = trim(s.substr(star + 1));
  }
  std::string name;
  std::vector<std::string> args;
  if (!split_call(s, name, args) || args.size() != 2 || (name != "N" && name != "U"))
    return "bad component " + quote_input(s) + " (expected W*N(mean,std) or W*U(lo,hi))";
  c.gaussian = name == "N";
  if (!to_double(args[0], c.a) || !to_double(args[1], c.b))
    return "bad number in component " + quote_input(s);
  if (c.gaussian && !(c.b > 0)) return "std must be > 0 in " + quote_input(s);
  if (!c.gaussian && !(c.b > c.a)) return "need lo < hi in " + quote_input(s);
  if (c.a < -1e6 || c.a > 1e6 || c.b < -1e6 || c.b > 1e6) return "values must lie in -1e6..1e6 in " + quote_input(s);
  return "";
}

// ---- 3. 2-D sets ------------------------------------------------------------

// A 2-D mixture of isotropic Gaussians: ring8 and grid25 (equal weights, one
// σ: `weights` empty, the sampler they always had) and mixture2d(...)
// (a weight and a σ per component).
class GaussMix2D : public Dataset {
 public:
  GaussMix2D(std::vector<double> cx, std::vector<double> cy, double sd, double extent)
      : cx_(std::move(cx)), cy_(std::move(cy)), sd_(sd), extent_(extent) {}
  GaussMix2D(std::vector<double> cx, std::vector<double> cy, std::vector<double> sds, std::vector<double> weights)
      : cx_(std::move(cx)), cy_(std::move(cy)), sd_(0), extent_(0), sds_(std::move(sds)), weights_(std::move(weights)) {
    double total = 0;
    for (double w : weights_) total += w;
    for (double& w : weights_) w /= total;
  }
  int dim() const override { return 2; }
  void sample(Rng& rng, int m, float* out) const override {
    // all components first, then all 2m normals in one batch
    thread_local std::vector<std::uint32_t> comp;
    comp.resize(static_cast<std::size_t>(m));
    if (weights_.empty()) rng.fill_below(comp.data(), m, static_cast<std::uint32_t>(cx_.size()));
    else for (int i = 0; i < m; ++i) comp[i] = pick(rng);
    rng.fill_normal(out, 2 * m);
    for (int i = 0; i < m; ++i) {
      const double sd = weights_.empty() ? sd_ : sds_[comp[i]];
      out[2 * i] = static_cast<float>(cx_[comp[i]] + sd * out[2 * i]);
      out[2 * i + 1] = static_cast<float>(cy_[comp[i]] + sd * out[2 * i + 1]);
    }
  }
  bool has_density() const override { return true; }
  double density(const double* x) const override {
    double p = 0;
    if (weights_.empty()) {
      for (std::size_t c = 0; c < cx_.size(); ++c) {
        const double dx = x[0] - cx_[c], dy = x[1] - cy_[c];
        p += det_exp(-0.5 * (dx * dx + dy * dy) / (sd_ * sd_));
      }
      return p / (cx_.size() * 2 * kPi * sd_ * sd_);
    }
    for (std::size_t c = 0; c < cx_.size(); ++c) {
      const double dx = x[0] - cx_[c], dy = x[1] - cy_[c], v = sds_[c] * sds_[c];
      p += weights_[c] * det_exp(-0.5 * (dx * dx + dy * dy) / v) / (2 * kPi * v);
    }
    return p;
  }
  std::vector<Mode> modes() const override {
    std::vector<Mode> out;
    for (std::size_t c = 0; c < cx_.size(); ++c)
      out.push_back(Mode{{cx_[c], cy_[c]}, weights_.empty() ? sd_ : sds_[c],
                         weights_.empty() ? 1.0 / static_cast<double>(cx_.size()) : weights_[c]});
    return out;
  }
  Bounds bounds() const override {
    Bounds b;
    if (weights_.empty()) {
      b.lo[0] = b.lo[1] = -extent_;
      b.hi[0] = b.hi[1] = extent_;
      return b;
    }
    b.lo[0] = b.lo[1] = 1e300;  // a square around every component's 4σ, padded
    b.hi[0] = b.hi[1] = -1e300;
    for (std::size_t c = 0; c < cx_.size(); ++c)
      for (int d = 0; d < 2; ++d) {
        const double m = d == 0 ? cx_[c] : cy_[c];
        b.lo[d] = std::min(b.lo[d], m - 4 * sds_[c]);
        b.hi[d] = std::max(b.hi[d], m + 4 * sds_[c]);
      }
    const double half = 0.55 * std::max(b.hi[0] - b.lo[0], b.hi[1] - b.lo[1]);
    for (int d = 0; d < 2; ++d) {
      const double mid = 0.5 * (b.lo[d] + b.hi[d]);
      b.lo[d] = mid - half;
      b.hi[d] = mid + half;
    }
    return b;
  }

 private:
  std::uint32_t pick(Rng& rng) const {
    const double u = rng.uniform();
    double acc = 0;
    for (std::size_t c = 0; c < weights_.size(); ++c) {
      acc += weights_[c];
      if (u < acc) return static_cast<std::uint32_t>(c);
    }
    return static_cast<std::uint32_t>(weights_.size() - 1);
  }
  std::vector<double> cx_, cy_;
  double sd_, extent_;
  std::vector<double> sds_, weights_;  // mixture2d only
};

// "0.45*N((-2,-1),0.3)": weight (optional), centre, σ.
std::string parse_component_2d(const std::string& text, double& w, bool& weighted, double& x, double& y, double& sd) {
  std::string s = trim(text);
  const std::string shown = quote_input(s);
  const auto star = s.find('*');
  weighted = star != std::string::npos;
  w = 1;
  if (weighted) {
    if (!to_double(s.substr(0, star), w) || !(w > 0))
      return "bad weight in component " + shown + " (expected a positive number)";
    s = trim(s.substr(star + 1));
  }
  const std::string form = " (expected W*N((x,y),std))";
  if (s.size() < 4 || s.compare(0, 2, "N(") != 0 || s.back() != ')') return "bad component " + shown + form;
  std::string inner = trim(s.substr(2, s.size() - 3));  // "(x,y),sd"
  const auto close = inner.find(')');
  if (inner.empty() || inner[0] != '(' || close == std::string::npos) return "bad component " + shown + form;
  const std::string centre = inner.substr(1, close - 1), rest = trim(inner.substr(close + 1));
  const auto comma = centre.find(',');
  if (comma == std::string::npos || rest.empty() || rest[0] != ',') return "bad component " + shown + form;
  if (!to_double(centre.substr(0, comma), x) || !to_double(centre.substr(comma + 1), y) || !to_double(rest.substr(1), sd))
    return "bad number in component " + shown;
  if (!(sd > 0)) return "std must be > 0 in " + shown;
  if (x < -1e6 || x > 1e6 || y < -1e6 || y > 1e6 || sd > 1e6) return "values must lie in -1e6..1e6 in " + shown;
  return "";
}

std::shared_ptr<Dataset> make_ring8() {
  std::vector<double> cx, cy;
  for (int i = 0; i < 8; ++i) {
    cx.push_back(2.0 * det_cos(2 * kPi * i / 8));
    cy.push_back(2.0 * det_sin(2 * kPi * i / 8));
  }
  return std::make_shared<GaussMix2D>(cx, cy, 0.05, 3.0);
}

std::shared_ptr<Dataset> make_grid25() {
  std::vector<double> cx, cy;
  for (int i = -2; i <= 2; ++i)
    for (int j = -2; j <= 2; ++j) {
      cx.push_back(i);
      cy.push_back(j);
    }
  return std::make_shared<GaussMix2D>(cx, cy, 0.05, 3.0);
}

// Sets known only through a sampler.
class Sampled2D : public Dataset {
 public:
  enum Kind { Moons, Spiral, Line };
  explicit Sampled2D(Kind k) : kind_(k) {}
  int dim() const override { return 2; }
  void sample(Rng& rng, int m, float* out) const override {
    for (int i = 0; i < m; ++i) {
      double x = 0, y = 0;
      if (kind_ == Moons) {
        const bool upper = rng.uniform() < 0.5f;
        const double t = kPi * rng.uniform();
        x = upper ? det_cos(t) : 1.0 - det_cos(t);
        y = upper ? det_sin(t) : 0.5 - det_sin(t);
        x = (x - 0.5) * 1.5 + 0.08 * rng.normal();
        y = (y - 0.25) * 1.5 + 0.08 * rng.normal();
      } else if (kind_ == Spiral) {
        const double t = 0.5 + 3.5 * kPi * det_sqrt(rng.uniform());  // even density along the arm
        const double r = 0.2 * t;
        x = r * det_cos(t) + 0.04 * rng.normal();
        y = r * det_sin(t) + 0.04 * rng.normal();
      } else {
        const double t = -2.0 + 4.0 * rng.uniform();
        x = t;
        y = 0.5 * t + 0.05 * rng.normal();
      }
      out[2 * i] = static_cast<float>(x);
      out[2 * i + 1] = static_cast<float>(y);
    }
  }
  Bounds bounds() const override {
    Bounds b;
    b.lo[0] = b.lo[1] = -3.0;
    b.hi[0] = b.hi[1] = 3.0;
    return b;
  }

 private:
  Kind kind_;
};

// ---- 4. csv points ----------------------------------------------------------

class Points2D : public Dataset {
 public:
  explicit Points2D(std::vector<float> xy) : xy_(std::move(xy)) {
    Bounds& b = bounds_;
    b.lo[0] = b.lo[1] = 1e300;
    b.hi[0] = b.hi[1] = -1e300;
    for (std::size_t i = 0; i < xy_.size(); ++i) {
      const int d = static_cast<int>(i % 2);
      if (xy_[i] < b.lo[d]) b.lo[d] = xy_[i];
      if (xy_[i] > b.hi[d]) b.hi[d] = xy_[i];
    }
    for (int d = 0; d < 2; ++d) {
      const double pad = 0.15 * (b.hi[d] - b.lo[d]) + 0.1;
      b.lo[d] -= pad;
      b.hi[d] += pad;
    }
  }
  int dim() const override { return 2; }
  void sample(Rng& rng, int m, float* out) const override {
    const auto n = static_cast<std::uint32_t>(xy_.size() / 2);
    for (int i = 0; i < m; ++i) {
      const std::uint32_t r = rng.below(n);
      out[2 * i] = xy_[2 * r];
      out[2 * i + 1] = xy_[2 * r + 1];
    }
  }
  Bounds bounds() const override { return bounds_; }

 private:
  std::vector<float> xy_;
  Bounds bounds_;
};

// True when no comma-separated field of `row` starts like a number: a header
// such as "x,y" or "x,y,label" ("1,2,3", "nan,1" or "1e400,2" are data).
bool is_header_row(const std::string& row) {
  std::size_t from = 0;
  for (;;) {
    const std::size_t comma = row.find(',', from);
    if (starts_numeric(row.substr(from, comma == std::string::npos ? std::string::npos : comma - from))) return false;
    if (comma == std::string::npos) return true;
    from = comma + 1;
  }
}

std::shared_ptr<Dataset> read_csv_points(std::string_view text_in, const std::string& name, std::string& error) {
  const std::string_view text = skip_utf8_bom(text_in);
  std::vector<float> xy;
  int lineno = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    const std::size_t stop = nl == std::string_view::npos ? text.size() : nl;
    const std::string t = trim(std::string(text.substr(at, stop - at)));
    at = stop + 1;
    ++lineno;
    if (t.empty() || t[0] == '#') continue;
    const std::string where = name + ":" + std::to_string(lineno) + ": ";
    if (t.find('\0') != std::string::npos) {
      error = where + "binary data in a CSV file";
      return nullptr;
    }
    // Line 1 is a header when no field starts like a number.
    const auto comma = t.find(',');
    if (lineno == 1 && comma != std::string::npos && is_header_row(t)) continue;
    if (comma == std::string::npos || t.find(',', comma + 1) != std::string::npos) {
      error = where + "expected two numbers \"x,y\", got " + quote_input(t);
      return nullptr;
    }
    double x, y;
    if (!to_double(t.substr(0, comma), x) || !to_double(t.substr(comma + 1), y)) {
      error = where + "expected two finite numbers \"x,y\", got " + quote_input(t);
      return nullptr;
    }
    if (x < -1e6 || x > 1e6 || y < -1e6 || y > 1e6) {
      error = where + "coordinates must lie in -1e6..1e6";
      return nullptr;
    }
    if (xy.size() / 2 >= kMaxCsvPoints) {
      error = where + "too many points (at most " + std::to_string(kMaxCsvPoints) + ")";
      return nullptr;
    }
    xy.push_back(static_cast<float>(x));
    xy.push_back(static_cast<float>(y));
  }
  if (xy.empty()) {
    error = name + ":" + std::to_string(lineno) + ": no points in the file (expected \"x,y\" rows)";
    return nullptr;
  }
  return std::make_shared<Points2D>(std::move(xy));
}

// "points:X,Y;X,Y;...": a lesson's inline points ([data] points).
std::shared_ptr<Dataset> read_inline_points(const std::string& list, std::string& error) {
  std::vector<float> xy;
  if (!parse_inline_points(list, xy, error)) return nullptr;
  return std::make_shared<Points2D>(std::move(xy));
}

std::shared_ptr<Dataset> load_csv(const std::string& path, std::string& error) {
  std::vector<std::uint8_t> bytes;
  error = read_file_bytes(path, kMaxCsvBytes, bytes);
  if (!error.empty()) return nullptr;
  return read_csv_points(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), path, error);
}

}  // namespace

// ---- 5. make_dataset, noise priors -------------------------------------------

bool parse_inline_points(const std::string& list, std::vector<float>& xy, std::string& error) {
  xy.clear();
  std::size_t at = 0, index = 0;
  while (at <= list.size()) {
    const std::size_t semi = std::min(list.find(';', at), list.size());
    const std::string item = trim(list.substr(at, semi - at));
    at = semi + 1;
    ++index;
    const auto comma = item.find(',');
    double x, y;
    if (comma == std::string::npos || !to_double(item.substr(0, comma), x) || !to_double(item.substr(comma + 1), y)) {
      error = "points: point " + std::to_string(index) + " is not \"x,y\": " + quote_input(item);
      return false;
    }
    if (x < -1e6 || x > 1e6 || y < -1e6 || y > 1e6) {
      error = "points: point " + std::to_string(index) + ": coordinates must lie in -1e6..1e6";
      return false;
    }
    if (index > kMaxInlinePoints) {
      error = "points: more than " + std::to_string(kMaxInlinePoints) + " points (use a csv: file)";
      return false;
    }
    xy.push_back(static_cast<float>(x));
    xy.push_back(static_cast<float>(y));
  }
  return true;
}

std::shared_ptr<const Dataset> parse_csv_points(std::string_view text, const std::string& name, std::string& error) {
  error.clear();
  return read_csv_points(text, name, error);
}

std::vector<std::string> dataset_names() {
  return {"gaussian", "bimodal", "uniform", "mixture", "mixture2d", "ring8", "grid25", "moons", "spiral", "line", "csv"};
}

std::shared_ptr<const Dataset> make_dataset(const std::string& spec_in, std::string& error) {
  const std::string spec = trim(spec_in);
  std::shared_ptr<Dataset> d;
  error.clear();
  if (spec.rfind("csv:", 0) == 0) {
    d = load_csv(spec.substr(4), error);
  } else if (spec.rfind("points:", 0) == 0) {
    d = read_inline_points(spec.substr(7), error);
  } else {
    std::string name;
    std::vector<std::string> args;
    if (!split_call(spec, name, args)) {
      error = "unbalanced parentheses in data set " + quote_input(spec);
      return nullptr;
    }
    auto numbers = [&](std::vector<double> defaults, std::vector<double>& out) {
      if (args.empty()) { out = defaults; return true; }
      if (args.size() != defaults.size()) {
        error = name + " takes " + std::to_string(defaults.size()) + " numbers, got " + std::to_string(args.size());
        return false;
      }
      out.resize(args.size());
      for (std::size_t i = 0; i < args.size(); ++i)
        if (!to_double(args[i], out[i]) || out[i] < -1e6 || out[i] > 1e6) {
          error = "bad number " + quote_input(args[i]) + " in " + quote_input(spec);
          return false;
        }
      return true;
    };
    std::vector<double> v;
    if (name == "gaussian") {
      if (!numbers({4.0, 0.5}, v)) return nullptr;
      if (!(v[1] > 0)) { error = "gaussian: std must be > 0"; return nullptr; }
      d = std::make_shared<Mixture1D>(std::vector<Component>{{true, 1, v[0], v[1]}});
    } else if (name == "bimodal") {
      if (!args.empty()) { error = "bimodal takes no arguments"; return nullptr; }
      d = std::make_shared<Mixture1D>(
          std::vector<Component>{{true, 0.5, -2.0, 0.5}, {true, 0.5, 2.0, 0.5}});
    } else if (name == "uniform") {
      if (!numbers({-1.0, 1.0}, v)) return nullptr;
      if (!(v[1] > v[0])) { error = "uniform: need lo < hi"; return nullptr; }
      d = std::make_shared<Mixture1D>(std::vector<Component>{{false, 1, v[0], v[1]}});
    } else if (name == "mixture") {
      // Re-split the inside on '+' at depth 0 (the arguments hold commas).
      const auto open = spec.find('('), close = spec.rfind(')');
      if (open == std::string::npos) { error = "mixture needs components, e.g. mixture(0.5*N(-2,0.5)+0.5*U(1,3))"; return nullptr; }
      std::string inner = spec.substr(open + 1, close - open - 1);
      std::vector<Component> comps;
      for (const std::string& part : split_components(inner)) {
        Component c;
        std::string e = parse_component(part, c);
        if (!e.empty()) { error = "mixture: " + e; return nullptr; }
        comps.push_back(c);
      }
      std::vector<double> w;
      std::vector<bool> written;
      for (const auto& c : comps) {
        w.push_back(c.weight);
        written.push_back(c.weighted);
      }
      if (comps.size() <= 64) {
        const std::string e = check_weights(w, written);
        if (!e.empty()) { error = "mixture: " + e; return nullptr; }
        for (std::size_t i = 0; i < comps.size(); ++i) comps[i].weight = w[i];
      }
      if (comps.size() > 64) { error = "mixture: at most 64 components"; return nullptr; }
      d = std::make_shared<Mixture1D>(comps);
    } else if (name == "mixture2d") {
      const auto open = spec.find('('), close = spec.rfind(')');
      if (open == std::string::npos || close != spec.size() - 1) {
        error = "mixture2d needs components, e.g. mixture2d(0.5*N((-2,-1),0.3)+0.5*N((1,2),0.5))";
        return nullptr;
      }
      if (std::count(spec.begin(), spec.end(), '(') != std::count(spec.begin(), spec.end(), ')')) {
        error = "unbalanced parentheses in data set " + quote_input(spec);
        return nullptr;
      }
      std::vector<double> cx, cy, sds, w;
      std::vector<bool> written;
      for (const std::string& part : split_components(spec.substr(open + 1, close - open - 1))) {
        double wi, x, y, sd;
        bool given;
        const std::string e = parse_component_2d(part, wi, given, x, y, sd);
        if (!e.empty()) { error = "mixture2d: " + e; return nullptr; }
        cx.push_back(x);
        cy.push_back(y);
        sds.push_back(sd);
        w.push_back(wi);
        written.push_back(given);
        if (cx.size() > 64) { error = "mixture2d: at most 64 components"; return nullptr; }
      }
      const std::string e = check_weights(w, written);
      if (!e.empty()) { error = "mixture2d: " + e; return nullptr; }
      d = std::make_shared<GaussMix2D>(cx, cy, sds, w);
    } else if (!args.empty()) {
      error = quote_input(name) + " takes no arguments";
      return nullptr;
    } else if (name == "ring8") {
      d = make_ring8();
    } else if (name == "grid25") {
      d = make_grid25();
    } else if (name == "moons") {
      d = std::make_shared<Sampled2D>(Sampled2D::Moons);
    } else if (name == "spiral") {
      d = std::make_shared<Sampled2D>(Sampled2D::Spiral);
    } else if (name == "line") {
      d = std::make_shared<Sampled2D>(Sampled2D::Line);
    } else {
      error = "unknown data set " + quote_input(name) + " (expected one of: gaussian, bimodal, uniform, "
              "mixture(...), mixture2d(...), ring8, grid25, moons, spiral, line, csv:FILE)";
      return nullptr;
    }
  }
  if (!d) return nullptr;
  d->spec_ = spec;
  return d;
}

namespace {
constexpr std::uint64_t kMixtureSeed = 0x6d69787475726531ULL;  // "mixture1": the centres' own stream
}  // namespace

std::vector<float> mixture_centers(int components, int dim) {
  std::vector<float> c(static_cast<std::size_t>(components) * static_cast<std::size_t>(dim));
  Rng rng(kMixtureSeed, static_cast<std::uint64_t>(dim));
  rng.fill_normal(c.data(), static_cast<int>(c.size()));
  return c;
}

NoisePrior make_noise_prior(NoiseKind kind, int dim, int components) {
  NoisePrior p{kind, dim, kind == NoiseKind::Mixture ? components : 0, {}};
  if (kind == NoiseKind::Mixture) p.centers = mixture_centers(components, dim);
  return p;
}

// The mixture's centres: the prior's own, or computed into scratch when it was built without them.
const float* NoisePrior::means(std::vector<float>& scratch) const {
  if (centers.size() == static_cast<std::size_t>(components) * static_cast<std::size_t>(dim)) return centers.data();
  scratch = mixture_centers(components, dim);
  return scratch.data();
}

void NoisePrior::sample(Rng& rng, int m, float* out) const {
  const int n = m * dim;
  if (kind == NoiseKind::Uniform) {
    rng.fill_uniform(out, n, -1.0f, 1.0f);
    return;
  }
  if (kind != NoiseKind::Mixture || components < 1) {
    rng.fill_normal(out, n);
    return;
  }
  std::vector<float> scratch;
  const float* mu = means(scratch);
  // Row by row (the component, then the row's normals), so the first rows of
  // a larger draw are the rows of a smaller one.
  for (int i = 0; i < m; ++i) {
    const float* c = mu + static_cast<std::size_t>(rng.below(static_cast<std::uint32_t>(components))) * dim;
    float* z = out + static_cast<std::size_t>(i) * dim;
    rng.fill_normal(z, dim);
    for (int j = 0; j < dim; ++j) z[j] += c[j];
  }
}

int NoisePrior::nearest_component(const float* z) const {
  if (kind != NoiseKind::Mixture || components < 1) return -1;
  std::vector<float> scratch;
  const float* mu = means(scratch);
  int best = 0;
  double best_d = -1;
  for (int k = 0; k < components; ++k) {
    double d = 0;
    for (int j = 0; j < dim; ++j) {
      const double e = double(z[j]) - double(mu[std::size_t(k) * dim + j]);
      d += e * e;
    }
    if (best_d < 0 || d < best_d) { best_d = d; best = k; }
  }
  return best;
}

double NoisePrior::sd() const {
  if (kind == NoiseKind::Uniform) return 1.0 / std::sqrt(3.0);
  if (kind == NoiseKind::Gaussian || components < 1) return 1.0;
  std::vector<float> scratch;
  const float* mu = means(scratch);
  const std::size_t n = static_cast<std::size_t>(components) * static_cast<std::size_t>(dim);
  double s2 = 0;
  for (std::size_t i = 0; i < n; ++i) s2 += double(mu[i]) * double(mu[i]);
  return std::sqrt(1.0 + s2 / double(n));
}

std::string noise_name(NoiseKind k, int components) {
  switch (k) {
    case NoiseKind::Uniform: return "uniform";
    case NoiseKind::Gaussian: return "gaussian";
    case NoiseKind::Mixture: return "mixture(" + std::to_string(components) + ")";
  }
  return "uniform";
}

bool parse_noise(const std::string& s, NoiseKind& out) {
  if (s == "uniform") out = NoiseKind::Uniform;
  else if (s == "gaussian" || s == "normal") out = NoiseKind::Gaussian;
  else return false;
  return true;
}

std::string parse_noise_prior(const std::string& s, NoiseKind& out, int& components) {
  NoiseKind plain;
  if (parse_noise(s, plain)) {
    out = plain;
    components = 0;
    return "";
  }
  const std::string head = "mixture(";
  if (s.compare(0, head.size(), head) == 0) {
    const std::string inner = s.size() > head.size() + 1 && s.back() == ')' ? s.substr(head.size(), s.size() - head.size() - 1) : "";
    bool digits = !inner.empty() && inner.size() <= 4;
    for (char ch : inner) digits = digits && ch >= '0' && ch <= '9';
    const int k = digits ? std::stoi(inner) : -1;
    if (k < 2 || k > kMaxNoiseComponents)
      return "noise prior " + quote_input(s) + ": expected mixture(K) with K components, 2.." +
             std::to_string(kMaxNoiseComponents);
    out = NoiseKind::Mixture;
    components = k;
    return "";
  }
  return "unknown noise prior " + quote_input(s) + " (expected uniform, gaussian or mixture(K))";
}

}  // namespace ganstep
