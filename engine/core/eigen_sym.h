// Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method,
// in double. Only + - * / sqrt, in a fixed order: the same bits natively and
// in WebAssembly. Meant for small matrices (n up to a few hundred; 128 x 128
// takes ~10 sweeps).
//   A:       (n, n) row-major, symmetric (only its upper triangle is read)
//   values:  n eigenvalues, ascending
//   vectors: (n, n) row-major, column k is the unit eigenvector of values[k]
#pragma once

#include <vector>

namespace ganstep {

struct SymEigen {
  std::vector<double> values;
  std::vector<double> vectors;  // empty unless asked for
  int sweeps = 0;
  bool converged = false;  // off-diagonal mass below 1e-15 of the matrix's norm
};

SymEigen eigen_sym(int n, const std::vector<double>& A, bool want_vectors);

// The symmetric positive semi-definite square root V diag(sqrt(max(l, 0))) V^T
// of a symmetric matrix (eigenvalues below zero, from rounding, are clamped).
std::vector<double> sym_sqrt_psd(int n, const std::vector<double>& A);

}  // namespace ganstep
