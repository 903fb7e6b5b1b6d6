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
  if (x > 709.78) return std::numeric_limits<double>::infinity();
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

double det_log1p_exp(double x) {
  if (x > 40) return x;                       // e^-x below double epsilon
  if (x < -40) return det_exp(x);
  if (x > 0) return x + det_log(1.0 + det_exp(-x));
  return det_log(1.0 + det_exp(x));
}

double det_sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + det_exp(-x));
  double e = det_exp(x);
  return e / (1.0 + e);
}

double det_tanh(double x) {
  if (x > 20) return 1.0;
  if (x < -20) return -1.0;
  if (x > -1e-5 && x < 1e-5) return x - x * x * x / 3.0;
  double e = det_exp(-2.0 * (x < 0 ? -x : x));
  double t = (1.0 - e) / (1.0 + e);
  return x < 0 ? -t : t;
}

double det_sin(double x) {
  if (x != x || x == std::numeric_limits<double>::infinity() ||
      x == -std::numeric_limits<double>::infinity())
    return std::numeric_limits<double>::quiet_NaN();
  // reduce to [-pi, pi]
  double n = x / (2 * kPi);
  double fn = n < 0 ? static_cast<double>(static_cast<long long>(n - 0.5))
                    : static_cast<double>(static_cast<long long>(n + 0.5));
  double r = x - fn * (2 * kPi);
  // reduce to [-pi/2, pi/2] using sin(pi - r) = sin(r)
  if (r > kPi / 2) r = kPi - r;
  if (r < -kPi / 2) r = -kPi - r;
  // sum_{j=0..11} (-1)^j r^(2j+1) / (2j+1)! by Horner in r^2 (|r| <= pi/2: truncation < 1e-18)
  static constexpr double c[12] = {1.0, -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880,
                                   -1.0 / 39916800, 1.0 / 6227020800.0, -1.0 / 1307674368000.0,
                                   1.0 / 355687428096000.0, -1.0 / 121645100408832000.0,
                                   1.0 / 51090942171709440000.0, -1.0 / 25852016738884976640000.0};
  const double r2 = r * r;
  double sum = c[11];
  for (int j = 10; j >= 0; --j) sum = sum * r2 + c[j];
  sum *= r;
  return sum;
}

double det_cos(double x) { return det_sin(x + kPi / 2); }

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
  static constexpr double c[9] = {1.0, -1.0 / 6, 1.0 / 120, -1.0 / 5040, 1.0 / 362880,
                                  -1.0 / 39916800, 1.0 / 6227020800.0, -1.0 / 1307674368000.0,
                                  1.0 / 355687428096000.0};
  const double r2 = r * r;
  double sum = c[8];
  for (int j = 7; j >= 0; --j) sum = sum * r2 + c[j];
  return sum * r;
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
