// The formula language of custom games (engine/game/expr.h): values and exact
// first and second derivatives of good formulas, messages and columns of bad
// ones, and hostile input that must neither crash nor hang.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/core/rng.h"
#include "engine/game/expr.h"

using namespace ganstep;

namespace {

bool close(double got, double want, double tol = 1e-12) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  const double scale = std::fabs(want) > 1 ? std::fabs(want) : 1.0;
  return std::fabs(got - want) <= tol * scale;
}

Expr parse_ok(const std::string& text) {
  Expr e;
  std::string err;
  INFO("formula: " << text);
  REQUIRE(Expr::parse(text, e, err));
  CHECK(err.empty());
  return e;
}

std::string parse_error(const std::string& text, const std::string& name = "formula") {
  Expr e;
  std::string err;
  const bool ok = Expr::parse(text, e, err, name);
  CHECK_FALSE(ok);
  return err;
}

}  // namespace

TEST_CASE("good formulas: values and exact derivatives", "[expr]") {
  const double l2 = std::log(2.0);
  struct Row {
    const char* text;
    double x, y;
    double v, dx, dy, dxx, dxy, dyy;
  };
  const double s3 = std::sin(0.3), c3 = std::cos(0.3), s7 = std::sin(0.7), c7 = std::cos(0.7);
  const double e6 = std::exp(0.6);  // exp(x*y) at (0.5, 1.2)
  const double th = std::tanh(0.5);  // tanh(x - y) at (1.5, 1)
  const double sg = 1 / (1 + std::exp(-0.75));  // sigmoid(x*y) at (1.5, 0.5)
  const double sp = std::log1p(std::exp(0.25)), s25 = 1 / (1 + std::exp(-0.25));
  const Row rows[] = {
      {"x*y", 2, 3, 6, 3, 2, 0, 1, 0},
      {"x^2 + 3*y", 1.5, -2, -3.75, 3, 3, 2, 0, 0},
      {"-x^2", 3, 0, -9, -6, 0, -2, 0, 0},
      {"x - -y", 1, 2, 3, 1, 1, 0, 0, 0},
      {"2^3^2", 0, 0, 512, 0, 0, 0, 0, 0},
      {"(2^3)^2", 0, 0, 64, 0, 0, 0, 0, 0},
      {"x^3", -2, 0, -8, 12, 0, -12, 0, 0},
      {"x^-1", 4, 0, 0.25, -1.0 / 16, 0, 2.0 / 64, 0, 0},
      {"x^0.5", 4, 0, 2, 0.25, 0, -1.0 / 32, 0, 0},
      {"x^y", 2, 3, 8, 12, 8 * l2, 12, 4 * (1 + 3 * l2), 8 * l2 * l2},
      {"x/y", 3, 2, 1.5, 0.5, -0.75, 0, -0.25, 0.75},
      {"1/(x*y)", 1, 2, 0.5, -0.5, -0.25, 1, 0.25, 0.25},
      {"sin(x)*cos(y)", 0.3, 0.7, s3 * c7, c3 * c7, -s3 * s7, -s3 * c7, -c3 * s7, -s3 * c7},
      {"exp(x*y)", 0.5, 1.2, e6, 1.2 * e6, 0.5 * e6, 1.44 * e6, (1 + 0.6) * e6, 0.25 * e6},
      {"log(x) + sqrt(y)", 2, 4, l2 + 2, 0.5, 0.25, -0.25, 0, -1.0 / 32},
      {"tanh(x - y)", 1.5, 1, th, 1 - th * th, -(1 - th * th), -2 * th * (1 - th * th),
       2 * th * (1 - th * th), -2 * th * (1 - th * th)},
      {"sigmoid(x*y)", 1.5, 0.5, sg, sg * (1 - sg) * 0.5, sg * (1 - sg) * 1.5,
       sg * (1 - sg) * (1 - 2 * sg) * 0.25, sg * (1 - sg) * (1 - 2 * sg) * 0.75 + sg * (1 - sg),
       sg * (1 - sg) * (1 - 2 * sg) * 2.25},
      {"softplus(x) - y", 0.25, 7, sp - 7, s25, -1, s25 * (1 - s25), 0, 0},
      {"abs(x - 1)*y", -1, 3, 6, -3, 2, 0, -1, 0},
      {"2*pi*e", 0, 0, 2 * 3.141592653589793 * 2.718281828459045, 0, 0, 0, 0, 0},
      {"1.5e2 + .5 + 1. + 2E-1", 0, 0, 151.7, 0, 0, 0, 0, 0},
      {"  x\t*\n y ", 2, 5, 10, 5, 2, 0, 1, 0},
      {"-softplus(-x*y) - log(2)", 0, 0, -2 * l2, 0, 0, 0, 0.5, 0},
      {"+x", 7, 0, 7, 1, 0, 0, 0, 0},
      {"sqrt(y)", 1, 0, 0, 0, INFINITY, 0, 0, -INFINITY},  // d/dx is an exact 0, not NaN
  };
  for (const Row& r : rows) {
    const Expr e = parse_ok(r.text);
    const Jet j = e.eval(r.x, r.y);
    INFO(r.text << " at (" << r.x << ", " << r.y << "): " << j.v << " " << j.dx << " " << j.dy << " "
                << j.dxx << " " << j.dxy << " " << j.dyy);
    CHECK(close(j.v, r.v));
    CHECK(close(j.dx, r.dx));
    CHECK(close(j.dy, r.dy));
    CHECK(close(j.dxx, r.dxx));
    CHECK(close(j.dxy, r.dxy));
    if (std::string(r.text) != "sqrt(y)") CHECK(close(j.dyy, r.dyy));
    CHECK(e.text() == r.text);
  }
}

TEST_CASE("small integer powers are exact products", "[expr]") {
  const double x = 1.0000001;
  CHECK(parse_ok("x^2").value(x, 0) == x * x);
  CHECK(parse_ok("x^3").value(x, 0) == x * (x * x));
  CHECK(parse_ok("x^-2").value(x, 0) == 1 / (x * x));
  CHECK(parse_ok("y^(1+1)").value(0, x) == x * x);  // a constant exponent is folded
}

TEST_CASE("which variables a formula uses", "[expr]") {
  const Expr a = parse_ok("x^2");
  CHECK(a.uses_x());
  CHECK_FALSE(a.uses_y());
  const Expr b = parse_ok("sin(y) + 1");
  CHECK_FALSE(b.uses_x());
  CHECK(b.uses_y());
}

TEST_CASE("malformed formulas: messages and columns", "[expr]") {
  struct Row {
    std::string text, error;
  };
  const std::string fns = "sin cos exp log tanh sigmoid softplus abs sqrt";
  const Row rows[] = {
      {"", "formula:1: error: empty formula"},
      {"   ", "formula:1: error: empty formula"},
      {"x +", "formula:4: error: expected a number, a variable, a function or '(' but the formula ended"},
      {"2x", "formula:2: error: expected an operator (+ - * / ^) but found \"x\""},
      {"x y", "formula:3: error: expected an operator (+ - * / ^) but found \"y\""},
      {"(x + y", "formula:7: error: missing ')' for the '(' at column 1"},
      {"x + y)", "formula:6: error: unmatched ')'"},
      {"abs(x))", "formula:7: error: unmatched ')'"},
      {"(x y)", "formula:4: error: expected an operator (+ - * / ^) or ')' but found \"y\""},
      {"gamma(x)", "formula:1: error: unknown function \"gamma\" (the functions are " + fns + ")"},
      {"Sin(x)", "formula:1: error: unknown function \"Sin\" (did you mean \"sin\"?)"},
      {"z + 1", "formula:1: error: unknown variable \"z\" (the variables are x and y)"},
      {"theta*psi", "formula:1: error: unknown variable \"theta\" (the variables are x and y: x is theta and y is psi)"},
      {"x*sinh", "formula:3: error: unknown variable \"sinh\" (the variables are x and y; did you mean the function \"sin\"?)"},
      {"sin x", "formula:5: error: expected '(' after \"sin\" but found \"x\""},
      {"sin", "formula:4: error: expected '(' after \"sin\" but found the end of the formula"},
      {"sin()", "formula:5: error: expected a number, a variable, a function or '(' but found ')'"},
      {"sin(x, y)", "formula:6: error: \"sin\" takes one argument"},
      {"x(2)", "formula:2: error: \"x\" is a variable, not a function: write x*(...)"},
      {"pi(2)", "formula:3: error: \"pi\" is a constant, not a function: write pi*(...)"},
      {"x # y", "formula:3: error: unexpected character '#'"},
      {"x\xc2\xb7y", "formula:2: error: unexpected character U+00B7"},   // x·y
      {"\xce\xb8 + x", "formula:1: error: unexpected character U+03B8"},  // θ
      {"x\x01", "formula:2: error: unexpected character U+0001"},
      {"1e400", "formula:1: error: number \"1e400\" is too large"},
      {"x + 1.2.3", "formula:5: error: malformed number \"1.2.3\""},
      {"2 + 1e", "formula:5: error: malformed number \"1e\""},
      {"1e+ * x", "formula:1: error: malformed number \"1e+\""},
      {".", "formula:1: error: malformed number \".\""},
      {"x ** y", "formula:4: error: expected a number, a variable, a function or '(' but found '*'"},
      {"x^", "formula:3: error: expected a number, a variable, a function or '(' but the formula ended"},
      {", x", "formula:1: error: expected a number, a variable, a function or '(' but found ','"},
      {"\xc3\xa9\xc3\xa9 + x #", "formula:1: error: unexpected character U+00E9"},
      {"x + (\xc3\xa9)", "formula:6: error: unexpected character U+00E9"},  // columns count characters
      {std::string(65, '(') + "x" + std::string(65, ')'),
       "formula:65: error: formula is nested too deeply (more than 64 levels)"},
      {std::string(70, '-') + "x", "formula:65: error: formula is nested too deeply (more than 64 levels)"},
  };
  int n = 0;
  for (const Row& r : rows) {
    INFO("formula: " << r.text);
    CHECK(parse_error(r.text) == r.error);
    ++n;
  }
  CHECK(n >= 15);

  // Right-nested powers count as depth too.
  std::string pow_chain = "x";
  for (int i = 0; i < 70; ++i) pow_chain += "^x";
  CHECK(parse_error(pow_chain) == "formula:130: error: formula is nested too deeply (more than 64 levels)");
  // Too long.
  std::string longf = "x";
  while (longf.size() <= kMaxFormulaLength) longf += "+x";
  CHECK(parse_error(longf) == "formula:1001: error: formula is longer than 1000 characters");
  // The caller names the formula.
  CHECK(parse_error("x +", "formula_g") ==
        "formula_g:4: error: expected a number, a variable, a function or '(' but the formula ended");
  // The limits themselves are allowed.
  parse_ok(std::string(63, '(') + "x" + std::string(63, ')'));
  std::string longest = "x";
  while (longest.size() + 2 <= kMaxFormulaLength) longest += "+x";
  CHECK(parse_ok(longest).value(1, 0) == static_cast<double>((longest.size() + 1) / 2));
}

TEST_CASE("hostile formulas evaluate to inf or NaN, never crash", "[expr]") {
  struct Row {
    const char* text;
    double x, y, want;
  };
  const Row rows[] = {
      {"1/0", 0, 0, INFINITY},
      {"0/0", 0, 0, NAN},
      {"x/y", 1, 0, INFINITY},
      {"log(-1)", 0, 0, NAN},
      {"log(0)", 0, 0, -INFINITY},
      {"exp(1000)", 0, 0, INFINITY},
      {"exp(-1000)", 0, 0, 0},
      {"1e308*1e308", 0, 0, INFINITY},
      {"1e308*1e308 - 1e308*1e308", 0, 0, NAN},
      {"sin(1e300)", 0, 0, NAN},
      {"cos(x)", 1e300, 0, NAN},
      {"x^1e300", 2, 0, INFINITY},
      {"x^1e300", 0.5, 0, 0},
      {"x^(1/3)", -8, 0, NAN},
      {"x^y", -2, 0.5, NAN},
      {"sqrt(-1)", 0, 0, NAN},
      {"(-2)^1025", 0, 0, -std::pow(2.0, 1025)},  // -inf
      {"(-2)^3", 0, 0, -8},
      {"tanh(1e308) + sigmoid(-1e308) + softplus(-1e308)", 0, 0, 1},
      {"1e-400", 0, 0, 0},
      {"0.000000000000000000000000000000000000001", 0, 0, 1e-39},
      {"123456789012345678901234567890", 0, 0, 123456789012345678901234567890.0},
  };
  for (const Row& r : rows) {
    INFO(r.text);
    const Jet j = parse_ok(r.text).eval(r.x, r.y);
    CHECK(close(j.v, r.want));
  }
}

TEST_CASE("random garbage never crashes the parser", "[expr]") {
  const char alphabet[] = "xy+-*/^()., 0123456789e sinexplogtanhsqrtabs#";
  Rng rng(7, 3);
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int len = 1 + static_cast<int>(rng.below(40));
    for (int k = 0; k < len; ++k) s += alphabet[rng.below(sizeof alphabet - 1)];
    Expr e;
    std::string err;
    if (Expr::parse(s, e, err)) {
      ++parsed;
      (void)e.eval(0.5, -1.5);
    } else {
      INFO(s);
      REQUIRE(err.compare(0, 8, "formula:") == 0);
      REQUIRE(err.find(": error: ") != std::string::npos);
    }
  }
  CHECK(parsed > 0);
}
