// Data sets: every spec builds, samples look right, densities integrate to 1,
// malformed specs and bad CSV files give precise messages.
#include <catch2/catch.hpp>

#include "tests/engine/parse_table.h"

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "engine/gan/dataset.h"

#ifndef GANSTEP_TEST_TMP_DIR
#error "GANSTEP_TEST_TMP_DIR must name a writable folder (set by tests/CMakeLists.txt)"
#endif

using namespace ganstep;

namespace {

// Writes `content` to GANSTEP_TEST_TMP_DIR/name and returns the path.
std::string write_tmp(const std::string& name, const std::string& content) {
  const std::string path = std::string(GANSTEP_TEST_TMP_DIR) + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return path;
}

std::shared_ptr<const Dataset> make(const std::string& spec) {
  std::string err;
  auto d = make_dataset(spec, err);
  INFO(spec << ": " << err);
  REQUIRE(d);
  CHECK(err.empty());
  return d;
}

std::vector<float> draw(const Dataset& d, int n, std::uint64_t seed = 1) {
  Rng rng(seed, 7);
  std::vector<float> xs(static_cast<std::size_t>(n) * d.dim());
  d.sample(rng, n, xs.data());
  return xs;
}

void mean_sd(const std::vector<float>& xs, int dim, int axis, double& mean, double& sd) {
  const std::size_t n = xs.size() / dim;
  double s = 0, s2 = 0;
  for (std::size_t i = 0; i < n; ++i) s += xs[i * dim + axis];
  mean = s / n;
  for (std::size_t i = 0; i < n; ++i) s2 += (xs[i * dim + axis] - mean) * (xs[i * dim + axis] - mean);
  sd = std::sqrt(s2 / (n - 1));
}

// Riemann sum of the density over its bounds (midpoint rule).
double integrate(const Dataset& d, int cells) {
  const Bounds b = d.bounds();
  double total = 0;
  if (d.dim() == 1) {
    const double h = (b.hi[0] - b.lo[0]) / cells;
    for (int i = 0; i < cells; ++i) {
      const double x = b.lo[0] + (i + 0.5) * h;
      total += d.density(&x) * h;
    }
  } else {
    const double hx = (b.hi[0] - b.lo[0]) / cells, hy = (b.hi[1] - b.lo[1]) / cells;
    for (int j = 0; j < cells; ++j)
      for (int i = 0; i < cells; ++i) {
        const double x[2] = {b.lo[0] + (i + 0.5) * hx, b.lo[1] + (j + 0.5) * hy};
        total += d.density(x) * hx * hy;
      }
  }
  return total;
}

}  // namespace

TEST_CASE("every data set name builds and samples in its dimension", "[dataset]") {
  const std::string csv = write_tmp("points_ok.csv", "x,y\n0,0\n1,2\n# comment\n\n-3.5,4e-1\n");
  for (const std::string& name : dataset_names()) {
    const std::string spec = name == "csv" ? "csv:" + csv
                             : name == "mixture" ? "mixture(0.3*N(-2,0.5)+0.7*U(1,3))"
                             : name == "mixture2d" ? "mixture2d(0.45*N((-2,-1),0.3)+0.55*N((1,2),0.5))"
                                                 : name;
    auto d = make(spec);
    CHECK(d->spec() == spec);
    const bool one_d = name == "gaussian" || name == "bimodal" || name == "uniform" || name == "mixture";
    CHECK(d->dim() == (one_d ? 1 : 2));
    CHECK(d->has_density() == (one_d || name == "ring8" || name == "grid25" || name == "mixture2d"));
    const auto xs = draw(*d, 5000);
    const Bounds b = d->bounds();
    int inside = 0;
    for (std::size_t i = 0; i < xs.size(); i += d->dim()) {
      REQUIRE(std::isfinite(xs[i]));
      bool in = true;
      for (int a = 0; a < d->dim(); ++a) in = in && xs[i + a] >= b.lo[a] && xs[i + a] <= b.hi[a];
      inside += in;
    }
    INFO(spec);
    CHECK(inside >= 4990);  // the bounds hold (nearly) all the mass
  }
}

TEST_CASE("sample statistics of the 1-D sets", "[dataset]") {
  double m, s;
  mean_sd(draw(*make("gaussian(4,0.5)"), 100000), 1, 0, m, s);
  CHECK(m == Approx(4.0).margin(0.008));  // sd of the mean 0.0016
  CHECK(s == Approx(0.5).margin(0.006));
  mean_sd(draw(*make("gaussian"), 100000), 1, 0, m, s);  // defaults (4, 0.5)
  CHECK(m == Approx(4.0).margin(0.008));
  CHECK(s == Approx(0.5).margin(0.006));
  mean_sd(draw(*make("uniform(-1,3)"), 100000), 1, 0, m, s);
  CHECK(m == Approx(1.0).margin(0.02));
  CHECK(s == Approx(4 / std::sqrt(12.0)).margin(0.01));
  mean_sd(draw(*make("bimodal"), 100000), 1, 0, m, s);
  CHECK(m == Approx(0.0).margin(0.035));
  CHECK(s == Approx(std::sqrt(4.25)).margin(0.02));
  // 0.3 N(-2, 0.5) + 0.7 U(1, 3): mean -0.6 + 1.4 = 0.8
  mean_sd(draw(*make("mixture(0.3*N(-2,0.5)+0.7*U(1,3))"), 100000), 1, 0, m, s);
  CHECK(m == Approx(0.8).margin(0.03));
  // weights normalise: 3*N + 7*U is the same mixture; exponent signs are not separators
  mean_sd(draw(*make("mixture(0.3*N(-2,0.5)+0.7*U(1e+0,3))"), 100000), 1, 0, m, s);
  CHECK(m == Approx(0.8).margin(0.03));
}

TEST_CASE("sample geometry of the 2-D sets", "[dataset]") {
  const auto ring = draw(*make("ring8"), 20000);
  double rsum = 0;
  for (std::size_t i = 0; i < ring.size(); i += 2) {
    const double r = std::hypot(ring[i], ring[i + 1]);
    REQUIRE(std::fabs(r - 2.0) < 0.35);  // sd 0.05: 7 sd
    rsum += r;
  }
  CHECK(rsum / 20000 == Approx(2.0).margin(0.01));
  const auto grid = draw(*make("grid25"), 20000);
  double worst = 0;
  for (float v : grid) {
    REQUIRE(std::fabs(v) < 2.5f);
    worst = std::max(worst, static_cast<double>(std::fabs(v - std::round(v))));
  }
  CHECK(worst < 0.35);
  const auto line = draw(*make("line"), 5000);
  for (std::size_t i = 0; i < line.size(); i += 2) REQUIRE(std::fabs(line[i + 1] - 0.5 * line[i]) < 0.4);
}

TEST_CASE("csv points are sampled from the file", "[dataset]") {
  const std::string path = write_tmp("points_three.csv", "1,2\r\n3,4\r\n5,6\r\n");
  auto d = make("csv:" + path);
  const auto xs = draw(*d, 3000);
  int counts[3] = {0, 0, 0};
  for (std::size_t i = 0; i < xs.size(); i += 2) {
    const int k = static_cast<int>((xs[i] - 1) / 2);
    REQUIRE(k >= 0);
    REQUIRE(k < 3);
    REQUIRE(xs[i + 1] == xs[i] + 1);
    ++counts[k];
  }
  for (int c : counts) CHECK(c > 850);
}

TEST_CASE("densities integrate to 1", "[dataset]") {
  for (const char* spec : {"gaussian(4,0.5)", "gaussian(-3,2)", "bimodal", "uniform(-1,3)",
                           "mixture(0.3*N(-2,0.5)+0.7*U(1,3))"}) {
    INFO(spec);
    CHECK(integrate(*make(spec), 20000) == Approx(1.0).margin(1e-3));
  }
  for (const char* spec : {"ring8", "grid25"}) {
    INFO(spec);
    CHECK(integrate(*make(spec), 1200) == Approx(1.0).margin(1e-3));  // cell 0.005 = sd / 10
  }
  const double x = 4.0;
  CHECK(make("gaussian(4,0.5)")->density(&x) == Approx(1 / (0.5 * std::sqrt(2 * 3.14159265358979))).epsilon(1e-12));
}

TEST_CASE("malformed specs are rejected with a helpful message", "[dataset]") {
  const std::string missing = std::string(GANSTEP_TEST_TMP_DIR) + "/no/such/file.csv";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"gaussian(1)", "takes 2 numbers"},
      {"gaussian(0,-1)", "std must be > 0"},
      {"gaussian(0,0)", "std must be > 0"},
      {"gaussian(a,1)", "bad number"},
      {"gaussian(1,2", "unbalanced parentheses"},
      {"gaussian(1e7,1)", "bad number"},
      {"uniform(3,1)", "need lo < hi"},
      {"uniform(1,1)", "need lo < hi"},
      {"mixture()", "bad component"},
      {"mixture", "mixture needs components"},
      {"mixture(0.5*N(0,1)+abc)", "bad component \"abc\""},
      {"mixture(-1*N(0,1))", "bad weight"},
      {"mixture(N(0,-1))", "std must be > 0"},
      {"mixture(U(2,1))", "need lo < hi"},
      {"mixture(0.3*N(0,1)+0.8*N(3,1))", "mixture: the weights sum to 1.1, not 1"},
      {"mixture(0.5*N(0,1)+N(3,1))", "give every component a weight (W*...) or none"},
      {"mixture2d(0.45*N((-2,-1),0.3)+0.65*N((1,2),0.5))", "mixture2d: the weights sum to 1.1, not 1"},
      {"mixture2d()", "mixture2d: bad component \"\" (expected W*N((x,y),std))"},
      {"mixture2d(N((1,2),0))", "std must be > 0"},
      {"mixture2d(N((1,2),-1))", "std must be > 0"},
      {"mixture2d(N(1,2))", "bad component"},
      {"mixture2d(N((1),2))", "bad component"},
      {"mixture2d(N((a,2),1))", "bad number"},
      {"mixture2d(N((1,2),1)", "unbalanced parentheses"},
      {"mixture2d(N((1e7,2),1))", "values must lie in -1e6..1e6"},
      {"mixture2d(0*N((1,2),1))", "bad weight"},
      {"mixture2d(0.5*N((1,2),1)+0.5*U(1,2))", "bad component"},
      {"bimodal(1)", "takes no arguments"},
      {"ring8(3)", "takes no arguments"},
      {"nosuch", "unknown data set \"nosuch\""},
      {"", "unknown data set"},
      {"csv:" + missing, missing + ": cannot open"},
      {"csv:/no/such/file", "/no/such/file: cannot open"},
  };
  for (const auto& c : cases) {
    std::string err;
    auto d = make_dataset(c.first, err);
    INFO("spec \"" << c.first << "\" gave \"" << err << "\"");
    CHECK_FALSE(d);
    CHECK(err.find(c.second) != std::string::npos);
  }
}

TEST_CASE("bad CSV files name the file and line", "[dataset]") {
  struct Case {
    const char* name;
    std::string content;
    int line;
    const char* fragment;
  };
  const std::vector<Case> cases = {
      {"bad_word.csv", "1,2\n3,4\nabc,5\n", 3, "expected two finite numbers"},
      {"bad_three.csv", "1,2\n3,4,5\n", 2, "expected two numbers"},
      {"bad_one.csv", "x,y\n1,2\n7\n", 3, "expected two numbers"},
      {"bad_empty.csv", "", 0, "no points"},
      {"bad_header_only.csv", "x,y\n", 1, "no points"},
      {"bad_nan.csv", "1,2\nnan,1\n", 2, "finite"},
      {"bad_inf.csv", "1,2\n# c\n1,inf\n", 3, "finite"},
      {"bad_overflow.csv", "1,2\n1e400,1\n", 2, "finite"},
      {"bad_huge.csv", "1,2\n3,4\n5,6\n2e6,0\n", 4, "-1e6..1e6"},
      {"bad_binary.csv", std::string("1,2\n\x01\x02\x00\xff,\x7f\n", 11), 2, "binary"},
      {"bad_garbage.csv", "1,2\n\xff\xfe\x80,\x81\n", 2, "expected two finite numbers"},
      {"bad_empty_field.csv", "1,2\n,3\n", 2, "expected two finite numbers"},
  };
  for (const auto& c : cases) {
    const std::string path = write_tmp(c.name, c.content);
    std::string err;
    auto d = make_dataset("csv:" + path, err);
    const std::string where = path + ":" + std::to_string(c.line) + ":";
    INFO(c.name << " gave \"" << err << "\"");
    CHECK_FALSE(d);
    CHECK(err.rfind(where, 0) == 0);  // starts with FILE:LINE:
    CHECK(err.find(c.fragment) != std::string::npos);
  }
}

TEST_CASE("a numeric but invalid first row is an error, not a header", "[dataset]") {
  // A first line is a header only when no field starts like a number, so
  // "nan,1", "1e400,2" or "1,inf" on line 1 are reported like any bad row.
  for (const char* row : {"nan,1\n", "1e400,2\n", "1,inf\n"}) {
    const std::string path = write_tmp("bad_first_row.csv", std::string(row) + "1,2\n3,4\n");
    std::string err;
    auto d = make_dataset("csv:" + path, err);
    INFO(row);
    CHECK_FALSE(d);
    CHECK(err.rfind(path + ":1:", 0) == 0);
  }
}

TEST_CASE("CSV text inputs: BOM, header rule, echo", "[dataset]") {
  // name, content, points read (0: an error), the error's start and a fragment of it
  struct Case {
    const char* name;
    std::string content;
    std::size_t points;
    std::string where, fragment;
  };
  const std::string bom = "\xEF\xBB\xBF";
  const std::vector<Case> cases = {
      {"bom.csv", bom + "1,2\n3,4\n", 2, "", ""},
      {"bom_crlf.csv", bom + "1,2\r\n3,4\r\n5,6\r\n", 3, "", ""},
      {"bom_header.csv", bom + "x,y\n1,2\n", 1, "", ""},
      {"header.csv", "x,y\n1,2\n", 1, "", ""},
      {"header_three.csv", "x,y,label\n1,2\n", 1, "", ""},
      {"numeric_three.csv", "1,2,3\n4,5\n", 0, ":1: ", "expected two numbers \"x,y\", got \"1,2,3\""},
      {"numeric_three_bom.csv", bom + "1,2,3\n4,5\n", 0, ":1: ", "got \"1,2,3\""},
      {"half_numeric.csv", "x,2,3\n4,5\n", 0, ":1: ", "expected two numbers"},
      {"bom_later.csv", "1,2\n" + bom + "3,4\n", 0, ":2: ", "expected two finite numbers"},
      {"long_row.csv", "1,2\n" + std::string(100000, '7') + ",x\n", 0, ":2: ", "(100002 characters)"},
  };
  for (const auto& c : cases) {
    const std::string path = write_tmp(c.name, c.content);
    std::string err;
    auto d = make_dataset("csv:" + path, err);
    INFO(c.name << " gave \"" << err << "\"");
    if (c.points) {
      REQUIRE(d);
      std::string again;
      auto p = parse_csv_points(c.content, c.name, again);
      REQUIRE(p);
      // every point is drawn: the bounds hold exactly the points read
      CHECK(d->bounds().lo[0] == p->bounds().lo[0]);
      CHECK(d->bounds().hi[1] == p->bounds().hi[1]);
      CHECK(draw(*d, 4000).size() == 8000);
      continue;
    }
    CHECK_FALSE(d);
    CHECK(err.rfind(path + c.where, 0) == 0);
    CHECK(err.find(c.fragment) != std::string::npos);
    CHECK(err.size() < path.size() + 200);
  }
}

TEST_CASE("a CSV file with a BOM reads the same points as without", "[dataset]") {
  const std::string plain = write_tmp("plain_pts.csv", "0.5,1\n-2,3\n7,-1\n");
  const std::string bom = write_tmp("bom_pts.csv", "\xEF\xBB\xBF" "0.5,1\n-2,3\n7,-1\n");
  auto a = make("csv:" + plain), b = make("csv:" + bom);
  CHECK(draw(*a, 500, 3) == draw(*b, 500, 3));
}

TEST_CASE("data specs echo at most 80 characters", "[dataset]") {
  const std::string big(100000, 'q');
  for (const std::string& spec : {big, "gaussian(" + big + ",1)", "mixture(" + big + ")", big + "(1)",
                                  "mixture(0.5*N(0," + big + "))", "gaussian(1,2" + big}) {
    std::string err;
    CHECK_FALSE(make_dataset(spec, err));
    INFO(err.substr(0, 300));
    CHECK(!err.empty());
    CHECK(err.size() < 300);
  }
}

TEST_CASE("noise priors", "[dataset]") {
  NoisePrior u{NoiseKind::Uniform, 3};
  Rng rng(1, 1);
  std::vector<float> z(30000);
  u.sample(rng, 10000, z.data());
  for (float v : z) REQUIRE((v >= -1.0f && v < 1.0f));
  NoisePrior g{NoiseKind::Gaussian, 2};
  g.sample(rng, 15000, z.data());
  double s = 0, s2 = 0;
  for (float v : z) { s += v; s2 += v * v; }
  CHECK(s / 30000 == Approx(0.0).margin(0.03));
  CHECK(s2 / 30000 == Approx(1.0).margin(0.04));
  check_parses<NoiseKind>(parse_noise, {{"uniform", NoiseKind::Uniform}, {"normal", NoiseKind::Gaussian}}, {"cauchy"});
}

TEST_CASE("mixture prior: K Gaussians N(mu_k, I) around fixed centres, a Gaussian prior's bits unchanged", "[dataset]") {
  NoiseKind kind = NoiseKind::Uniform;
  int k = 0;
  REQUIRE(parse_noise_prior("mixture(3)", kind, k).empty());
  CHECK((kind == NoiseKind::Mixture && k == 3));
  CHECK(noise_name(kind, k) == "mixture(3)");
  for (const char* bad : {"mixture(1)", "mixture(1001)", "mixture()", "mixture(3", "mixture(3))", "mix(3)", "mixture(0x3)"}) {
    const std::string e = parse_noise_prior(bad, kind, k);
    CHECK_THAT(e, Catch::Matchers::Contains(std::string("\"") + bad + "\""));
  }
  REQUIRE(parse_noise_prior("gaussian", kind, k).empty());
  CHECK((kind == NoiseKind::Gaussian && k == 0));

  constexpr int K = 3, D = 64, M = 3000;
  const NoisePrior p = make_noise_prior(NoiseKind::Mixture, D, K);
  REQUIRE(p.centers.size() == std::size_t(K * D));
  CHECK(p.centers == mixture_centers(K, D));  // the same centres every time, whatever the seed
  std::vector<float> z(std::size_t(M) * D);
  Rng rng(7, 1);
  p.sample(rng, M, z.data());
  // each z is N(mu_k, I): |z - mu_k|^2 ~ chi-square(64) (mean 64, sd 11.3) to its own centre; the
  // centres are ~11 apart, so the nearest centre is its own and the three are drawn a third each
  int count[K] = {0, 0, 0};
  double near = 0;
  for (int i = 0; i < M; ++i) {
    const int c = p.nearest_component(&z[std::size_t(i) * D]);
    REQUIRE((c >= 0 && c < K));
    ++count[c];
    for (int j = 0; j < D; ++j) {
      const double e = z[std::size_t(i) * D + j] - p.centers[std::size_t(c) * D + j];
      near += e * e;
    }
  }
  CHECK(near / M / D == Approx(1.0).margin(0.03));
  for (int c = 0; c < K; ++c) CHECK(count[c] == Approx(M / 3.0).margin(120));
  // the same draws with centres computed on the fly (a prior built without make_noise_prior)
  std::vector<float> again(z.size());
  Rng rng2(7, 1);
  NoisePrior{NoiseKind::Mixture, D, K, {}}.sample(rng2, M, again.data());
  CHECK(again == z);
  // row by row: the first rows of a larger draw are a smaller draw (ganstep sample --n)
  std::vector<float> five(std::size_t(5) * D), seven(std::size_t(7) * D);
  Rng r5(9, 2), r7(9, 2);
  p.sample(r5, 5, five.data());
  p.sample(r7, 7, seven.data());
  CHECK(std::vector<float>(seven.begin(), seven.begin() + 5 * D) == five);
  // a Gaussian prior is still exactly fill_normal
  std::vector<float> g(640), n(640);
  Rng a(3, 4), b(3, 4);
  make_noise_prior(NoiseKind::Gaussian, D, 0).sample(a, 10, g.data());
  b.fill_normal(n.data(), 640);
  CHECK(g == n);
  CHECK(make_noise_prior(NoiseKind::Gaussian, D, 0).nearest_component(g.data()) == -1);
}

TEST_CASE("mixture2d: weights, centres and σ; ring8 keeps its sampler; modes", "[dataset]") {
  std::string e;
  auto d = make_dataset("mixture2d(0.25*N((-2,-1),0.1)+0.75*N((3,2),0.2))", e);
  REQUIRE(d);
  CHECK(d->dim() == 2);
  Rng rng(7, 1);
  const int n = 40000;
  std::vector<float> xy(2 * n);
  d->sample(rng, n, xy.data());
  int left = 0;
  double lx = 0, ly = 0;
  for (int i = 0; i < n; ++i)
    if (xy[2 * i] < 0.5) {
      ++left;
      lx += xy[2 * i];
      ly += xy[2 * i + 1];
    }
  CHECK(left / double(n) == Approx(0.25).margin(0.01));
  CHECK(lx / left == Approx(-2).margin(0.01));
  CHECK(ly / left == Approx(-1).margin(0.01));
  const double at[2] = {3, 2};  // the density at a centre: 0.75 / (2π σ²) (+ nothing from the far one)
  CHECK(d->density(at) == Approx(0.75 / (2 * 3.14159265358979 * 0.04)).epsilon(1e-9));
  const auto m = d->modes();
  REQUIRE(m.size() == 2);
  CHECK((m[1].x[0] == 3 && m[1].x[1] == 2 && m[1].sd == 0.2 && m[1].weight == Approx(0.75)));
  // No weights: equal shares.
  auto eq = make_dataset("mixture2d(N((0,0),1)+N((5,5),1))", e);
  REQUIRE(eq);
  CHECK(eq->modes()[0].weight == Approx(0.5));
  CHECK(make_dataset("ring8", e)->modes().size() == 8);
  CHECK(make_dataset("grid25", e)->modes().size() == 25);
  CHECK(make_dataset("mixture(0.3*N(-2,0.5)+0.7*U(1,3))", e)->modes().size() == 1);  // uniform parts have none
  CHECK(make_dataset("moons", e)->modes().empty());
}
