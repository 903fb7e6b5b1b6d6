#include "engine/core/detmath.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace ganstep {
namespace {

constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kPi = 3.14159265358979323846;

double scale_by_pow2(double x, int n) {
  // x * 2^n without ldexp (bit manipulation of the exponent, done in steps so
  // that subnormal results stay exact).
  while (n > 1000) { x *= 0x1p1000; n -= 1000; }
  while (n < -1000) { x *= 0x1p-1000; n += 1000; }
  std::uint64_t bits = static_cast<std::uint64_t>(n + 1023) << 52;
  double p;
  std::memcpy(&p, &bits, sizeof p);
  return x * p;
}

}  // namespace

double det_exp(double x) {
  if (x != x) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = n ln2 + r, |r| <= ln2/2
  double fn = x * kInvLn2;
  int n = static_cast<int>(fn < 0 ? fn - 0.5 : fn + 0.5);
  double r = (x - n * kLn2Hi) - n * kLn2Lo;
  // Taylor series to degree 13 by Horner (|r| <= 0.347: truncation < 1e-17).
  static constexpr double c[14] = {1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
                                   1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
                                   1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0};
  double sum = c[13];
  for (int i = 12; i >= 0; --i) sum = sum * r + c[i];
  return scale_by_pow2(sum, n);
}

double det_log(double x) {
  if (x != x || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  // x = m 2^e with m in [sqrt(1/2), sqrt(2))
  int e = 0;
  while (x < 0x1p-1000) { x *= 0x1p1000; e -= 1000; }
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & 0x000fffffffffffffULL) | (0x3ffULL << 52);
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.41421356237309504880) { m *= 0.5; e += 1; }
  // ln m = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.1716
  double s = (m - 1.0) / (m + 1.0);
  double s2 = s * s;
  // sum_{j=0..12} s^(2j+1) / (2j+1) by Horner in s^2 (s^2 < 0.0295: truncation < 1e-20)
  double sum = 1.0 / 25;
  for (int j = 11; j >= 0; --j) sum = sum * s2 + 1.0 / (2 * j + 1);
  sum *= s;
  return 2.0 * sum + e * kLn2Lo + e * kLn2Hi;
}

namespace {

// ln(1 + u) for u in [0, 1]: w = 1 + u drops u's low bits, and
// (u - (w - 1)) / w restores them to first order (w - 1 is exact).
double log1p_unit(double u) {
  const double w = 1.0 + u;
  if (w == 1.0) return u;
  return det_log(w) + (u - (w - 1.0)) / w;
}

}  // namespace

double det_log1p_exp(double x) {
  if (x > 40) return x;                       // e^-x below double epsilon
  if (x < -40) return det_exp(x);
  if (x > 0) return x + log1p_unit(det_exp(-x));
  return log1p_unit(det_exp(x));
}

double det_sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + det_exp(-x));
  double e = det_exp(x);
  return e / (1.0 + e);
}

namespace {

// e^y - 1 without cancellation: a Taylor series for |y| <= 0.35
// (truncation < 1e-17 relative), e^y - 1 beyond (no digits lost there).
double expm1_neg(double y) {
  if (y < -0.35) return det_exp(y) - 1.0;
  static constexpr double inv_fact[14] = {1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
                                          1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
                                          1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0};
  double sum = inv_fact[13];
  for (int i = 12; i >= 1; --i) sum = sum * y + inv_fact[i];
  return sum * y;
}

}  // namespace

double det_tanh(double x) {
  if (x > 20) return 1.0;
  if (x < -20) return -1.0;
  if (x > -1e-8 && x < 1e-8) return x;
  // tanh a = (1 - e^-2a) / (1 + e^-2a) = -m / (2 + m), m = e^-2a - 1
  const double m = expm1_neg(-2.0 * (x < 0 ? -x : x));
  const double t = -m / (2.0 + m);
  return x < 0 ? -t : t;
}

namespace {

// pi/2 in three parts of 33 bits each (fdlibm's pio2_1, pio2_2, pio2_3):
// n * part is exact for |n| < 2^20, so the reduction keeps full precision
// near the zeros of sin and cos.
constexpr double kPio2_1 = 1.57079632673412561417e+00;
constexpr double kPio2_2 = 6.07710050630396597660e-11;
constexpr double kPio2_3 = 2.02226624871116645580e-21;
constexpr double kTwoOverPi = 6.36619772367581382433e-01;

// sin r and cos r for |r| <= pi/4 (Taylor to r^17 / r^18: truncation < 1e-19).
double sin_small(double r) {
  static constexpr double c[9] = {1.0, -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880,
                                  -1.0 / 39916800, 1.0 / 6227020800.0, -1.0 / 1307674368000.0,
                                  1.0 / 355687428096000.0};
  const double r2 = r * r;
  double sum = c[8];
  for (int j = 7; j >= 0; --j) sum = sum * r2 + c[j];
  return sum * r;
}
double cos_small(double r) {
  static constexpr double c[10] = {1.0, -1.0 / 2, 1.0 / 24, -1.0 / 720, 1.0 / 40320,
                                   -1.0 / 3628800, 1.0 / 479001600.0, -1.0 / 87178291200.0,
                                   1.0 / 20922789888000.0, -1.0 / 6402373705728000.0};
  const double r2 = r * r;
  double sum = c[9];
  for (int j = 8; j >= 0; --j) sum = sum * r2 + c[j];
  return sum;
}

// sin (want_cos false) or cos of x: x = n pi/2 + r, then by quadrant.
double sin_or_cos(double x, bool want_cos) {
  if (x != x || x == std::numeric_limits<double>::infinity() ||
      x == -std::numeric_limits<double>::infinity())
    return std::numeric_limits<double>::quiet_NaN();
  const double fn_raw = x * kTwoOverPi;
  double r;
  long long n;
  if (fn_raw > -1e6 && fn_raw < 1e6) {
    n = static_cast<long long>(fn_raw < 0 ? fn_raw - 0.5 : fn_raw + 0.5);
    const double fn = static_cast<double>(n);
    r = ((x - fn * kPio2_1) - fn * kPio2_2) - fn * kPio2_3;
  } else {  // huge arguments: plain reduction (absolute error grows with |x|)
    const double fn = static_cast<double>(static_cast<long long>(fn_raw));
    n = static_cast<long long>(fn_raw);
    r = (x - fn * kPio2_1) - fn * (kPio2_2 + kPio2_3);
  }
  const int q = static_cast<int>(((n % 4) + 4) % 4) + (want_cos ? 1 : 0);
  switch (q & 3) {
    case 0: return sin_small(r);
    case 1: return cos_small(r);
    case 2: return -sin_small(r);
    default: return -cos_small(r);
  }
}

}  // namespace

double det_sin(double x) { return sin_or_cos(x, false); }

double det_cos(double x) { return sin_or_cos(x, true); }

double fast_exp(double x) {
  if (!(x > -700.0 && x < 700.0)) return det_exp(x);
  double fn = x * kInvLn2;
  int n = static_cast<int>(fn < 0 ? fn - 0.5 : fn + 0.5);
  double r = (x - n * kLn2Hi) - n * kLn2Lo;
  // degree 10 (|r| <= 0.347: truncation < 2e-13)
  static constexpr double c[11] = {1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720,
                                   1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800};
  double sum = c[10];
  for (int i = 9; i >= 0; --i) sum = sum * r + c[i];
  std::uint64_t bits = static_cast<std::uint64_t>(n + 1023) << 52;
  double p;
  std::memcpy(&p, &bits, sizeof p);
  return sum * p;
}

double fast_log(double x) {
  if (!(x >= 0x1p-1000 && x < 1e300)) return det_log(x);
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int e = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & 0x000fffffffffffffULL) | (0x3ffULL << 52);
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.41421356237309504880) { m *= 0.5; e += 1; }
  const double s = (m - 1.0) / (m + 1.0), s2 = s * s;
  // s^(2j+1)/(2j+1) for j = 0..7 (s^2 < 0.0295: truncation < 3e-14)
  double sum = 1.0 / 15;
  for (int j = 6; j >= 0; --j) sum = sum * s2 + 1.0 / (2 * j + 1);
  return 2.0 * s * sum + e * kLn2Lo + e * kLn2Hi;
}

double fast_cos(double x) {
  // cos x = sin(pi/2 - |x|) after reducing |x| to [0, 2 pi)
  double a = x < 0 ? -x : x;
  if (!(a < 1e6)) return det_cos(x);
  a -= static_cast<double>(static_cast<long long>(a / (2 * kPi))) * (2 * kPi);
  double r = kPi / 2 - a;                                // in (-3pi/2, pi/2]
  if (r < -kPi / 2) r = -kPi - r;                        // sin(-pi - r) = sin(r)
  return sin_small(r);  // the same series, here for |r| <= pi/2 (truncation < 5e-14)
}

double fast_log1p_exp(double x) {
  if (x > 40) return x;
  if (x < -40) return fast_exp(x);
  if (x > 0) return x + fast_log(1.0 + fast_exp(-x));
  return fast_log(1.0 + fast_exp(x));
}

double fast_sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + fast_exp(-x));
  const double e = fast_exp(x);
  return e / (1.0 + e);
}

}  // namespace ganstep
