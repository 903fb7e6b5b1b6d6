// A tiny, safe formula language for two-parameter games written in a lesson:
//
//   formula  := sum
//   sum      := product (('+' | '-') product)*
//   product  := unary (('*' | '/') unary)*
//   unary    := ('-' | '+') unary | power
//   power    := primary ('^' unary)?              right-associative: 2^3^2 = 2^9,
//                                                  -x^2 = -(x^2), x^-1 allowed
//   primary  := number | 'x' | 'y' | 'pi' | 'e' | function '(' sum ')' | '(' sum ')'
//   function := sin cos exp log tanh sigmoid softplus abs sqrt
//   number   := digits ['.' digits] [('e'|'E') ['+'|'-'] digits]   (or '.' digits ...)
//
// Whitespace (space, tab, newline) is ignored. There is no implicit
// multiplication ("2x" is an error) and functions take exactly one argument.
//
// Safety: a formula is at most kMaxFormulaLength bytes and nests at most
// kMaxFormulaDepth levels (parentheses, function calls, unary signs and '^'
// exponents each add one), so parsing cannot exhaust the stack; evaluation is a
// loop over a postfix program, not recursion. Nothing throws. Division by zero,
// log of a negative number, overflow and the like give inf or NaN (IEEE), which
// the caller reports (GameRun: as divergence). sin/cos of |a| > 1e15 are NaN.
//
// Errors name the column (1-based, counted in characters):
//   "formula:4: error: expected a number, a variable, a function or '(' but the formula ended"
//
// Derivatives: evaluation runs on second-order forward-mode jets (value,
// gradient and Hessian in x and y at once), so a game gets its vector field
// and the field's Jacobian from one pass. Every function uses det_* from
// engine/core/detmath.h (or IEEE sqrt), so values are bit-identical natively
// and in WebAssembly. a^c with a constant exponent c: integer |c| <= 1024 by
// repeated multiplication (exact for small powers: x^2 = x*x); otherwise
// exp(c log a), NaN for a < 0 unless c is an integer. a^b with a variable
// exponent is exp(b log a): NaN for a <= 0.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ganstep {

constexpr std::size_t kMaxFormulaLength = 1000;  // bytes
constexpr int kMaxFormulaDepth = 64;

// A value with its first and second derivatives in x and y.
struct Jet {
  double v, dx, dy, dxx, dxy, dyy;
};

class Expr {
 public:
  Expr() = default;  // the empty formula: evaluates to 0

  // Parses `text`. On error returns false, leaves `out` unchanged and sets
  // `error` to "NAME:COL: error: message" (NAME is `name`, e.g. "formula").
  static bool parse(const std::string& text, Expr& out, std::string& error,
                    const std::string& name = "formula");

  Jet eval(double x, double y) const;
  double value(double x, double y) const { return eval(x, y).v; }

  const std::string& text() const { return text_; }
  bool empty() const { return ops_.empty(); }
  // True when the formula depends on x (resp. y) syntactically.
  bool uses_x() const { return uses_x_; }
  bool uses_y() const { return uses_y_; }

  // The names accepted as functions, in the order of the grammar above.
  static const std::vector<std::string>& function_names();

  enum class Op : unsigned char {
    Const, X, Y, Add, Sub, Mul, Div, Neg, PowConst, PowVar,
    Sin, Cos, Exp, Log, Tanh, Sigmoid, Softplus, Abs, Sqrt
  };
  struct Instr {
    Op op;
    double c;  // Const: the value; PowConst: the exponent
  };

 private:
  friend class ExprParser;
  std::vector<Instr> ops_;  // postfix program
  int stack_ = 0;           // the deepest stack the program needs
  bool uses_x_ = false, uses_y_ = false;
  std::string text_;
};

}  // namespace ganstep
