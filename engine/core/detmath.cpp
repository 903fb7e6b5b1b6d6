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
  // Taylor series to degree 13 (|r| <= 0.347: error < 1e-17).
  double term = 1.0, sum = 1.0;
  for (int i = 1; i <= 13; ++i) {
    term = term * r / i;
    sum += term;
  }
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
  double term = s, sum = 0.0;
  for (int k = 1; k <= 41; k += 2) {
    sum += term / k;
    term *= s2;
  }
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
  double r2 = r * r, term = r, sum = r;
  for (int i = 1; i <= 12; ++i) {
    term = -term * r2 / ((2 * i) * (2 * i + 1));
    sum += term;
  }
  return sum;
}

double det_cos(double x) { return det_sin(x + kPi / 2); }

double det_sqrt(double x) { return std::sqrt(x); }

}  // namespace ganstep
