#include "engine/game/expr.h"

#include <cstdint>
#include <cstdio>
#include <limits>

#include "engine/core/detmath.h"
#include "engine/core/text.h"

namespace ganstep {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMaxStack = 256;

// ---- jets -----------------------------------------------------------------------
// p*q for derivative terms, with an exact 0 when q is 0: a term whose input
// does not depend on a variable contributes nothing, even when the outer
// derivative is infinite (so d/dx of sqrt(y) at y = 0 is 0, not NaN).
inline double mul0(double p, double q) { return q == 0 ? 0.0 : p * q; }

inline Jet constant(double c) { return Jet{c, 0, 0, 0, 0, 0}; }

// phi(a) given phi(a.v), phi'(a.v), phi''(a.v).
inline Jet chain(const Jet& a, double f0, double f1, double f2) {
  Jet r;
  r.v = f0;
  r.dx = mul0(f1, a.dx);
  r.dy = mul0(f1, a.dy);
  r.dxx = mul0(mul0(f2, a.dx), a.dx) + mul0(f1, a.dxx);
  r.dxy = mul0(mul0(f2, a.dx), a.dy) + mul0(f1, a.dxy);
  r.dyy = mul0(mul0(f2, a.dy), a.dy) + mul0(f1, a.dyy);
  return r;
}

inline Jet add(const Jet& a, const Jet& b) {
  return Jet{a.v + b.v, a.dx + b.dx, a.dy + b.dy, a.dxx + b.dxx, a.dxy + b.dxy, a.dyy + b.dyy};
}
inline Jet sub(const Jet& a, const Jet& b) {
  return Jet{a.v - b.v, a.dx - b.dx, a.dy - b.dy, a.dxx - b.dxx, a.dxy - b.dxy, a.dyy - b.dyy};
}
inline Jet neg(const Jet& a) { return Jet{-a.v, -a.dx, -a.dy, -a.dxx, -a.dxy, -a.dyy}; }

inline Jet mul(const Jet& a, const Jet& b) {
  Jet r;
  r.v = a.v * b.v;
  r.dx = mul0(a.dx, b.v) + mul0(a.v, b.dx);
  r.dy = mul0(a.dy, b.v) + mul0(a.v, b.dy);
  r.dxx = mul0(a.dxx, b.v) + 2.0 * mul0(a.dx, b.dx) + mul0(a.v, b.dxx);
  r.dxy = mul0(a.dxy, b.v) + mul0(a.dx, b.dy) + mul0(a.dy, b.dx) + mul0(a.v, b.dxy);
  r.dyy = mul0(a.dyy, b.v) + 2.0 * mul0(a.dy, b.dy) + mul0(a.v, b.dyy);
  return r;
}

// q = a/b: q' = (a' - q b') / b,  q'' = (a'' - 2 q' b' - q b'') / b.
inline Jet div(const Jet& a, const Jet& b) {
  Jet q;
  q.v = a.v / b.v;
  q.dx = (a.dx - mul0(q.v, b.dx)) / b.v;
  q.dy = (a.dy - mul0(q.v, b.dy)) / b.v;
  q.dxx = (a.dxx - 2.0 * mul0(q.dx, b.dx) - mul0(q.v, b.dxx)) / b.v;
  q.dxy = (a.dxy - mul0(q.dx, b.dy) - mul0(q.dy, b.dx) - mul0(q.v, b.dxy)) / b.v;
  q.dyy = (a.dyy - 2.0 * mul0(q.dy, b.dy) - mul0(q.v, b.dyy)) / b.v;
  return q;
}

// a^n for an integer n >= 0 by repeated squaring (x^2 is exactly x*x).
double powi(double a, long long n) {
  double r = 1.0, b = a;
  while (n > 0) {
    if (n & 1) r *= b;
    n >>= 1;
    if (n > 0) b *= b;
  }
  return r;
}

// |a|^c for a >= 0.
double pow_magnitude(double a, double c) {
  if (a == 0) return c > 0 ? 0.0 : kInf;
  if (a == kInf) return c > 0 ? kInf : 0.0;
  return det_exp(c * det_log(a));
}

// a^c for a constant exponent c.
double pow_const(double a, double c) {
  if (c == 0) return 1.0;
  if (c != c || a != a) return kNaN;
  const double kTwo53 = 9007199254740992.0;
  const bool small = c >= -1024 && c <= 1024;
  if (small && c == static_cast<double>(static_cast<long long>(c))) {
    const long long n = static_cast<long long>(c);
    const double r = powi(a, n < 0 ? -n : n);
    return n < 0 ? 1.0 / r : r;
  }
  const bool big = c >= kTwo53 || c <= -kTwo53;  // every double this large is an even integer
  const bool integral = big || c == static_cast<double>(static_cast<long long>(c));
  if (a < 0) {
    if (!integral) return kNaN;
    const bool odd = !big && (static_cast<long long>(c) & 1);
    const double m = pow_magnitude(-a, c);
    return odd ? -m : m;
  }
  return pow_magnitude(a, c);
}

Jet pow_const_jet(const Jet& a, double c) {
  const double f0 = pow_const(a.v, c);
  const double f1 = c == 0 ? 0.0 : c * pow_const(a.v, c - 1);
  const double f2 = (c == 0 || c == 1) ? 0.0 : c * (c - 1) * pow_const(a.v, c - 2);
  return chain(a, f0, f1, f2);
}

Jet apply_function(Expr::Op op, const Jet& a) {
  const double t = a.v;
  switch (op) {
    case Expr::Op::Sin:
    case Expr::Op::Cos: {
      if (!(t >= -1e15 && t <= 1e15)) return chain(a, kNaN, kNaN, kNaN);
      const double s = det_sin(t), c = det_cos(t);
      return op == Expr::Op::Sin ? chain(a, s, c, -s) : chain(a, c, -s, -c);
    }
    case Expr::Op::Exp: {
      const double e = det_exp(t);
      return chain(a, e, e, e);
    }
    case Expr::Op::Log: return chain(a, det_log(t), 1.0 / t, -1.0 / (t * t));
    case Expr::Op::Tanh: {
      const double th = det_tanh(t), d = 1.0 - th * th;
      return chain(a, th, d, -2.0 * th * d);
    }
    case Expr::Op::Sigmoid: {
      const double s = det_sigmoid(t), sn = det_sigmoid(-t), d = s * sn;
      return chain(a, s, d, d * (sn - s));
    }
    case Expr::Op::Softplus: {
      const double s = det_sigmoid(t), sn = det_sigmoid(-t);
      return chain(a, det_log1p_exp(t), s, s * sn);
    }
    case Expr::Op::Abs: return chain(a, t < 0 ? -t : t, t > 0 ? 1.0 : (t < 0 ? -1.0 : 0.0), 0.0);
    case Expr::Op::Sqrt: {
      const double r = det_sqrt(t);
      return chain(a, r, 0.5 / r, -0.25 / (t * r));
    }
    default: return chain(a, kNaN, kNaN, kNaN);
  }
}

int stack_need(const Expr::Instr* ops, std::size_t n) {
  int depth = 0, most = 0;
  for (std::size_t i = 0; i < n; ++i) {
    switch (ops[i].op) {
      case Expr::Op::Const: case Expr::Op::X: case Expr::Op::Y: ++depth; break;
      case Expr::Op::Add: case Expr::Op::Sub: case Expr::Op::Mul: case Expr::Op::Div:
      case Expr::Op::PowVar: --depth; break;
      default: break;
    }
    if (depth > most) most = depth;
  }
  return most;
}

// Runs a postfix program (stack_need <= kMaxStack, checked by the parser).
//
// Every result is first written to a scratch slot that is never an operand and
// then copied into place. Writing `st[sp - 1] = mul(st[sp - 1], st[sp])`
// directly is miscompiled by Emscripten 3.1.6's clang at -O3 -msimd128 (the
// result's first fields are stored before the operand's are read, so x*y gets
// d/dy = x*y), even with by-value parameters or a named temporary. The golden
// hashes of tests/game check that native and wasm agree.
Jet run_program(const Expr::Instr* ops, std::size_t n, double x, double y) {
  if (n == 0) return constant(0.0);
  Jet st[kMaxStack + 1];
  Jet& out = st[kMaxStack];
  int sp = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Expr::Instr& in = ops[i];
    switch (in.op) {
      case Expr::Op::Const: st[sp++] = constant(in.c); continue;
      case Expr::Op::X: st[sp++] = Jet{x, 1, 0, 0, 0, 0}; continue;
      case Expr::Op::Y: st[sp++] = Jet{y, 0, 1, 0, 0, 0}; continue;
      case Expr::Op::Add: --sp; out = add(st[sp - 1], st[sp]); break;
      case Expr::Op::Sub: --sp; out = sub(st[sp - 1], st[sp]); break;
      case Expr::Op::Mul: --sp; out = mul(st[sp - 1], st[sp]); break;
      case Expr::Op::Div: --sp; out = div(st[sp - 1], st[sp]); break;
      case Expr::Op::Neg: out = neg(st[sp - 1]); break;
      case Expr::Op::PowConst: out = pow_const_jet(st[sp - 1], in.c); break;
      case Expr::Op::PowVar: {
        // a^b = exp(b log a)
        --sp;
        const Jet& a = st[sp - 1];
        const Jet l = chain(a, det_log(a.v), 1.0 / a.v, -1.0 / (a.v * a.v));
        const Jet m = mul(st[sp], l);
        const double e = a.v > 0 ? det_exp(m.v) : kNaN;
        out = chain(m, e, e, e);
        break;
      }
      default: out = apply_function(in.op, st[sp - 1]); break;
    }
    st[sp - 1] = out;
  }
  return st[0];
}

// ---- tokens ---------------------------------------------------------------------
enum class Tok { Number, Ident, Plus, Minus, Star, Slash, Caret, LParen, RParen, Comma, End };

struct Token {
  Tok kind;
  std::string text;
  int col;         // 1-based, in characters
  double value = 0;
};

const struct { const char* name; Expr::Op op; } kFunctions[] = {
    {"sin", Expr::Op::Sin},         {"cos", Expr::Op::Cos},         {"exp", Expr::Op::Exp},
    {"log", Expr::Op::Log},         {"tanh", Expr::Op::Tanh},       {"sigmoid", Expr::Op::Sigmoid},
    {"softplus", Expr::Op::Softplus}, {"abs", Expr::Op::Abs},       {"sqrt", Expr::Op::Sqrt},
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// The decimal value of a well-formed number literal, the same bits everywhere:
// up to 19 significant digits as an integer m and a power of ten p; m * 10^p is
// correctly rounded when m < 2^53 and |p| <= 22, otherwise within a few ulp.
double decimal_value(const std::string& s) {
  static const double kPow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  std::uint64_t m = 0;
  int digits = 0;
  long exp10 = 0;
  bool dot = false;
  std::size_t i = 0;
  for (; i < s.size() && (is_digit(s[i]) || s[i] == '.'); ++i) {
    if (s[i] == '.') { dot = true; continue; }
    const int d = s[i] - '0';
    if (digits == 0 && d == 0) {
      if (dot) --exp10;
      continue;
    }
    if (digits < 19) {
      m = m * 10 + static_cast<std::uint64_t>(d);
      ++digits;
      if (dot) --exp10;
    } else if (!dot) {
      ++exp10;
    }
  }
  if (i < s.size()) {  // exponent
    ++i;
    bool negative = false;
    if (s[i] == '+' || s[i] == '-') negative = s[i++] == '-';
    long e = 0;
    for (; i < s.size(); ++i)
      if (e < 100000) e = e * 10 + (s[i] - '0');
    exp10 += negative ? -e : e;
  }
  if (m == 0) return 0.0;
  double v = static_cast<double>(m);
  if (exp10 >= -22 && exp10 <= 22 && m <= (1ULL << 53))
    return exp10 >= 0 ? v * kPow10[exp10] : v / kPow10[-exp10];
  if (exp10 > 400) return kInf;
  if (exp10 < -400) return 0.0;
  while (exp10 > 22) { v *= 1e22; exp10 -= 22; }
  while (exp10 < -22) { v /= 1e22; exp10 += 22; }
  return exp10 >= 0 ? v * kPow10[exp10] : v / kPow10[-exp10];
}

}  // namespace

class ExprParser {
 public:
  ExprParser(const std::string& text, const std::string& name) : text_(text), name_(name) {}

  bool run(Expr& out, std::string& error) {
    if (text_.size() > kMaxFormulaLength) {
      fail(static_cast<int>(kMaxFormulaLength) + 1,
           "formula is longer than " + std::to_string(kMaxFormulaLength) + " characters");
    } else if (tokenize()) {
      if (toks_.size() == 1) {
        fail(1, "empty formula");
      } else if (parse_sum()) {
        const Token& t = toks_[pos_];
        if (t.kind == Tok::RParen) fail(t.col, "unmatched ')'");
        else if (t.kind != Tok::End) fail(t.col, "expected an operator (+ - * / ^) but found " + describe(t));
      }
    }
    if (error_.empty() && stack_need(ops_.data(), ops_.size()) > kMaxStack)
      fail(1, "formula is too complex");
    if (!error_.empty()) {
      error = error_;
      return false;
    }
    Expr e;
    e.ops_ = std::move(ops_);
    e.stack_ = stack_need(e.ops_.data(), e.ops_.size());
    for (const auto& in : e.ops_) {
      if (in.op == Expr::Op::X) e.uses_x_ = true;
      if (in.op == Expr::Op::Y) e.uses_y_ = true;
    }
    e.text_ = text_;
    out = std::move(e);
    return true;
  }

 private:
  bool fail(int col, const std::string& msg) {
    if (error_.empty()) error_ = name_ + ":" + std::to_string(col) + ": error: " + msg;
    return false;
  }

  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::End: return "the end of the formula";
      case Tok::Number: case Tok::Ident: return quote_input(t.text);
      default: return "'" + t.text + "'";
    }
  }

  bool tokenize() {
    int col = 1;
    std::size_t i = 0;
    const std::size_t n = text_.size();
    auto advance_col = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k)
        if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80) ++col;
    };
    while (i < n) {
      const char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { ++i; ++col; continue; }
      const std::size_t start = i;
      const int start_col = col;
      Token t{Tok::End, "", start_col};
      if (is_digit(c) || c == '.') {
        int dots = 0, mant_digits = 0;
        while (i < n && (is_digit(text_[i]) || text_[i] == '.')) {
          if (text_[i] == '.') ++dots; else ++mant_digits;
          ++i;
        }
        bool ok = dots <= 1 && mant_digits > 0;
        if (i < n && (text_[i] == 'e' || text_[i] == 'E')) {
          std::size_t j = i + 1;
          if (j < n && (text_[j] == '+' || text_[j] == '-')) ++j;
          if (j < n && is_digit(text_[j])) {
            while (j < n && is_digit(text_[j])) ++j;
            i = j;
          } else if (j >= n || j > i + 1 || !is_alpha(text_[j])) {
            i = j;  // "1e", "1e+", "1e-x": a broken exponent
            ok = false;
          }  // else "2exp(x)": the number ends before the letter
        }
        t.kind = Tok::Number;
        t.text = text_.substr(start, i - start);
        if (!ok) return fail(start_col, "malformed number " + quote_input(t.text));
        t.value = decimal_value(t.text);
        if (t.value == kInf) return fail(start_col, "number " + quote_input(t.text) + " is too large");
      } else if (is_alpha(c)) {
        while (i < n && (is_alpha(text_[i]) || is_digit(text_[i]))) ++i;
        t.kind = Tok::Ident;
        t.text = text_.substr(start, i - start);
      } else {
        switch (c) {
          case '+': t.kind = Tok::Plus; break;
          case '-': t.kind = Tok::Minus; break;
          case '*': t.kind = Tok::Star; break;
          case '/': t.kind = Tok::Slash; break;
          case '^': t.kind = Tok::Caret; break;
          case '(': t.kind = Tok::LParen; break;
          case ')': t.kind = Tok::RParen; break;
          case ',': t.kind = Tok::Comma; break;
          default: return fail(start_col, "unexpected character " + show_char(start));
        }
        t.text = std::string(1, c);
        ++i;
      }
      advance_col(start, i);
      toks_.push_back(t);
    }
    toks_.push_back(Token{Tok::End, "", col});
    return true;
  }

  // 'c' for printable ASCII, else U+XXXX (decoding UTF-8 where valid).
  std::string show_char(std::size_t i) const {
    const unsigned char b = static_cast<unsigned char>(text_[i]);
    if (b >= 0x21 && b < 0x7f) return std::string("'") + static_cast<char>(b) + "'";
    unsigned cp = b;
    int extra = 0;
    if (b >= 0xF0 && b < 0xF8) { cp = b & 0x07; extra = 3; }
    else if (b >= 0xE0) { cp = b & 0x0F; extra = 2; }
    else if (b >= 0xC0) { cp = b & 0x1F; extra = 1; }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= text_.size() || (static_cast<unsigned char>(text_[i + k]) & 0xC0) != 0x80) {
        cp = b;
        break;
      }
      cp = (cp << 6) | (static_cast<unsigned char>(text_[i + k]) & 0x3F);
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", cp);
    return buf;
  }

  const Token& tok() const { return toks_[pos_]; }

  bool enter(int col) {
    if (++depth_ > kMaxFormulaDepth)
      return fail(col, "formula is nested too deeply (more than " + std::to_string(kMaxFormulaDepth) +
                           " levels)");
    return true;
  }

  void emit(Expr::Op op, double c = 0) { ops_.push_back(Expr::Instr{op, c}); }

  bool parse_sum() {
    if (!parse_product()) return false;
    while (tok().kind == Tok::Plus || tok().kind == Tok::Minus) {
      const bool plus = tok().kind == Tok::Plus;
      ++pos_;
      if (!parse_product()) return false;
      emit(plus ? Expr::Op::Add : Expr::Op::Sub);
    }
    return true;
  }

  bool parse_product() {
    if (!parse_unary()) return false;
    while (tok().kind == Tok::Star || tok().kind == Tok::Slash) {
      const bool star = tok().kind == Tok::Star;
      ++pos_;
      if (!parse_unary()) return false;
      emit(star ? Expr::Op::Mul : Expr::Op::Div);
    }
    return true;
  }

  bool parse_unary() {
    if (tok().kind == Tok::Minus || tok().kind == Tok::Plus) {
      const bool minus = tok().kind == Tok::Minus;
      if (!enter(tok().col)) return false;
      ++pos_;
      if (!parse_unary()) return false;
      if (minus) emit(Expr::Op::Neg);
      --depth_;
      return true;
    }
    return parse_power();
  }

  bool parse_power() {
    if (!parse_primary()) return false;
    if (tok().kind != Tok::Caret) return true;
    if (!enter(tok().col)) return false;
    ++pos_;
    const std::size_t start = ops_.size();
    if (!parse_unary()) return false;
    --depth_;
    bool variable = false;
    for (std::size_t i = start; i < ops_.size(); ++i)
      if (ops_[i].op == Expr::Op::X || ops_[i].op == Expr::Op::Y) variable = true;
    if (variable) {
      emit(Expr::Op::PowVar);
    } else {
      // A constant exponent: fold it (deterministic, the same evaluator).
      if (stack_need(ops_.data() + start, ops_.size() - start) > kMaxStack)
        return fail(tok().col, "formula is too complex");
      const double c = run_program(ops_.data() + start, ops_.size() - start, 0, 0).v;
      ops_.resize(start);
      emit(Expr::Op::PowConst, c);
    }
    return true;
  }

  bool parse_primary() {
    const Token t = tok();
    switch (t.kind) {
      case Tok::Number:
        ++pos_;
        emit(Expr::Op::Const, t.value);
        return true;
      case Tok::Ident: {
        ++pos_;
        if (tok().kind == Tok::LParen) return parse_call(t);
        if (t.text == "x") { emit(Expr::Op::X); return true; }
        if (t.text == "y") { emit(Expr::Op::Y); return true; }
        if (t.text == "pi") { emit(Expr::Op::Const, 3.141592653589793); return true; }
        if (t.text == "e") { emit(Expr::Op::Const, 2.718281828459045); return true; }
        for (const auto& f : kFunctions)
          if (t.text == f.name) return fail(tok().col, "expected '(' after \"" + t.text + "\" but found " + describe(tok()));
        std::string note;
        if (t.text == "theta" || t.text == "psi") note = ": x is theta and y is psi";
        else if (t.text.size() > 2) {
          std::string hint = did_you_mean(t.text, Expr::function_names());
          if (!hint.empty()) note = "; did you mean the function \"" + hint + "\"?";
        }
        return fail(t.col, "unknown variable " + quote_input(t.text) + " (the variables are x and y" + note + ")");
      }
      case Tok::LParen: {
        if (!enter(t.col)) return false;
        ++pos_;
        if (!parse_sum()) return false;
        if (!close(t)) return false;
        --depth_;
        return true;
      }
      case Tok::End:
        return fail(t.col, "expected a number, a variable, a function or '(' but the formula ended");
      default:
        return fail(t.col, "expected a number, a variable, a function or '(' but found " + describe(t));
    }
  }

  // name '(' sum ')', with tok() at '('.
  bool parse_call(const Token& name) {
    Expr::Op op = Expr::Op::Const;
    bool found = false;
    for (const auto& f : kFunctions)
      if (name.text == f.name) { op = f.op; found = true; }
    if (!found) {
      if (name.text == "x" || name.text == "y")
        return fail(tok().col, "\"" + name.text + "\" is a variable, not a function: write " + name.text + "*(...)");
      if (name.text == "pi" || name.text == "e")
        return fail(tok().col, "\"" + name.text + "\" is a constant, not a function: write " + name.text + "*(...)");
      std::string hint = did_you_mean(name.text, Expr::function_names());
      std::string list;
      for (const auto& f : kFunctions) list += std::string(list.empty() ? "" : " ") + f.name;
      return fail(name.col, "unknown function " + quote_input(name.text) +
                                (hint.empty() ? " (the functions are " + list + ")"
                                              : " (did you mean \"" + hint + "\"?)"));
    }
    const Token open = tok();
    if (!enter(open.col)) return false;
    ++pos_;
    if (!parse_sum()) return false;
    if (tok().kind == Tok::Comma) return fail(tok().col, quote_input(name.text) + " takes one argument");
    if (!close(open)) return false;
    --depth_;
    emit(op);
    return true;
  }

  bool close(const Token& open) {
    if (tok().kind == Tok::RParen) { ++pos_; return true; }
    if (tok().kind == Tok::End)
      return fail(tok().col, "missing ')' for the '(' at column " + std::to_string(open.col));
    return fail(tok().col, "expected an operator (+ - * / ^) or ')' but found " + describe(tok()));
  }

  const std::string& text_;
  const std::string& name_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::vector<Expr::Instr> ops_;
  std::string error_;
};

bool Expr::parse(const std::string& text, Expr& out, std::string& error, const std::string& name) {
  ExprParser p(text, name);
  return p.run(out, error);
}

Jet Expr::eval(double x, double y) const { return run_program(ops_.data(), ops_.size(), x, y); }

const std::vector<std::string>& Expr::function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& f : kFunctions) v.push_back(f.name);
    return v;
  }();
  return names;
}

}  // namespace ganstep
