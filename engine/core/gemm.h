// Our own matrix multiply (core xtensor has none, and we need the same bits in
// WebAssembly). Row-major raw pointers. Each output element is summed over the
// inner index p in ascending order, always, whatever the vector width, so the
// result is identical on every platform (with -ffp-contract=off).
//
//   gemm_nn: C(M,N) (+)= A(M,K) * B(K,N)
//   gemm_tn: C(M,N) (+)= A(K,M)^T * B(K,N)
//   gemm_nt: C(M,N) (+)= A(M,K) * B(N,K)^T
#pragma once

namespace ganstep {

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate);
// C(M,N) = bias(N) in every row, plus A(M,K) * B(K,N): the same bits as
// filling C's rows with bias and calling gemm_nn with accumulate.
void gemm_nn_bias(int M, int N, int K, const float* A, const float* B, const float* bias, float* C);

}  // namespace ganstep
