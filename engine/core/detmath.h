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
double det_sqrt(double x);      // IEEE sqrt is correctly rounded everywhere

}  // namespace ganstep
