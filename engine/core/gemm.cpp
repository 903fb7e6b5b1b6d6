#include "engine/core/gemm.h"

#include <cstring>
#include <vector>

namespace ganstep {

void gemm_nn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  if (!accumulate) std::memset(C, 0, sizeof(float) * static_cast<std::size_t>(M) * N);
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<std::size_t>(i) * N;
    const float* a = A + static_cast<std::size_t>(i) * K;
    for (int p = 0; p < K; ++p) {
      const float ap = a[p];
      const float* b = B + static_cast<std::size_t>(p) * N;
      for (int j = 0; j < N; ++j) c[j] += ap * b[j];
    }
  }
}

void gemm_tn(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  if (!accumulate) std::memset(C, 0, sizeof(float) * static_cast<std::size_t>(M) * N);
  for (int p = 0; p < K; ++p) {
    const float* a = A + static_cast<std::size_t>(p) * M;
    const float* b = B + static_cast<std::size_t>(p) * N;
    for (int i = 0; i < M; ++i) {
      const float ap = a[i];
      float* c = C + static_cast<std::size_t>(i) * N;
      for (int j = 0; j < N; ++j) c[j] += ap * b[j];
    }
  }
}

void gemm_nt(int M, int N, int K, const float* A, const float* B, float* C, bool accumulate) {
  for (int i = 0; i < M; ++i) {
    const float* a = A + static_cast<std::size_t>(i) * K;
    float* c = C + static_cast<std::size_t>(i) * N;
    for (int j = 0; j < N; ++j) {
      const float* b = B + static_cast<std::size_t>(j) * K;
      float s = accumulate ? c[j] : 0.0f;
      for (int p = 0; p < K; ++p) s += a[p] * b[p];
      c[j] = s;
    }
  }
}

}  // namespace ganstep
