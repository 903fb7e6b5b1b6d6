// Deterministic elementary functions.
//
// The C library's exp/log/tanh differ between glibc (native) and musl
// (Emscripten) in the last bit. These use only + - * / and IEEE rounding, so
// they give the same bits on every platform. Evaluated in double, rounded to
// float by the caller where needed; accuracy is a few ulp of double.
#pragma once

namespace ganstep {

double det_exp(double x);       // e^x; inf above ~709.78, 0 below ~-745
double det_log(double x);       // ln x; -inf at 0, NaN below 0
double det_log1p_exp(double x); // softplus: ln(1 + e^x), stable for any x
double det_sigmoid(double x);   // 1 / (1 + e^-x), stable for any x
double det_tanh(double x);
double det_sin(double x);
double det_cos(double x);
inline double det_sqrt(double x) { return __builtin_sqrt(x); }  // IEEE: correctly rounded everywhere

// Float-grade variants for hot paths (sampling, per-sample losses): the same
// bits on every platform too, relative error below 1e-10 (far under float's
// 6e-8), at about half the cost.
double fast_exp(double x);
double fast_log(double x);        // x > 0 and finite; else as det_log
double fast_cos(double x);        // |x| <= 8 pi for full accuracy
double fast_log1p_exp(double x);
double fast_sigmoid(double x);

}  // namespace ganstep
