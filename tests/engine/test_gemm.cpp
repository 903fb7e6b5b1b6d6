// gemm_nn / gemm_tn / gemm_nt against a naive triple loop, on small shapes
// (the simple loops) and large ones (the packed kernel, every instruction set
// this machine has), and with 1 and 2 threads.
// The header promises each output is its start value (0 or C) plus the
// products for p = 0..K-1 added in ascending order, in float, so a naive float
// loop in that order must give the same bits (the build uses -ffp-contract=off).
#include <catch2/catch.hpp>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "engine/core/gemm.h"
#include "engine/core/gemm_blocked.h"
#include "engine/core/parallel.h"
#include "engine/core/rng.h"

using namespace ganstep;

namespace {

enum class Form { NN, TN, NT };

// A(i, p) and B(p, j) as the routine reads them.
float a_at(Form f, const std::vector<float>& A, int M, int K, int i, int p) {
  return f == Form::TN ? A[static_cast<std::size_t>(p) * M + i] : A[static_cast<std::size_t>(i) * K + p];
}
float b_at(Form f, const std::vector<float>& B, int N, int K, int p, int j) {
  return f == Form::NT ? B[static_cast<std::size_t>(j) * K + p] : B[static_cast<std::size_t>(p) * N + j];
}

void run(Form f, int M, int N, int K, const float* A, const float* B, float* C, bool acc) {
  if (f == Form::NN) gemm_nn(M, N, K, A, B, C, acc);
  if (f == Form::TN) gemm_tn(M, N, K, A, B, C, acc);
  if (f == Form::NT) gemm_nt(M, N, K, A, B, C, acc);
}

void check_shape(Form f, int M, int N, int K, Rng& rng) {
  std::vector<float> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N);
  std::vector<float> C0(static_cast<std::size_t>(M) * N);
  for (auto& v : A) v = rng.uniform(-2.0f, 2.0f);
  for (auto& v : B) v = rng.uniform(-2.0f, 2.0f);
  for (auto& v : C0) v = rng.uniform(-1.0f, 1.0f);
  for (bool acc : {false, true}) {
    // Without accumulate, C's old contents (NaN here) must be ignored.
    std::vector<float> C = acc ? C0 : std::vector<float>(C0.size(), std::numeric_limits<float>::quiet_NaN());
    run(f, M, N, K, A.data(), B.data(), C.data(), acc);
    int exact = 0;
    double worst = 0;
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) {
        float s = acc ? C0[static_cast<std::size_t>(i) * N + j] : 0.0f;
        double d = s;
        for (int p = 0; p < K; ++p) {
          const float prod = a_at(f, A, M, K, i, p) * b_at(f, B, N, K, p, j);
          s += prod;
          d += static_cast<double>(a_at(f, A, M, K, i, p)) * b_at(f, B, N, K, p, j);
        }
        const float got = C[static_cast<std::size_t>(i) * N + j];
        exact += got == s;
        worst = std::max(worst, std::fabs(got - d) / (1.0 + std::fabs(d)));
      }
    INFO("form " << static_cast<int>(f) << " M=" << M << " N=" << N << " K=" << K << " acc=" << acc);
    CHECK(exact == M * N);          // bit-identical to the ordered float sum
    CHECK(worst < 1e-5 * (1 + K));  // and close to the double-precision product
  }
}

}  // namespace

TEST_CASE("gemm matches a naive loop on many shapes", "[gemm]") {
  Rng rng(3, 3);
  const int shapes[][3] = {{1, 1, 1},    {1, 7, 3},    {7, 1, 3},     {1, 33, 5},   {33, 1, 5},
                           {5, 5, 1},    {3, 8, 2},    {8, 3, 2},     {9, 7, 13},   {7, 9, 13},
                           {17, 16, 1},  {16, 17, 31}, {64, 1, 14},   {256, 14, 2}, {14, 2, 256},
                           {2, 14, 256}, {31, 33, 35}, {100, 64, 32}, {1, 1, 100},  {128, 8, 9},
                           {19, 3, 16},  {16, 6, 8},   {40, 2, 5},    {23, 7, 9},   {8, 1, 1},
                           {512, 14, 1}, {256, 14, 3}, {33, 12, 4},   {17, 9, 15}};
  for (const auto& s : shapes)
    for (Form f : {Form::NN, Form::TN, Form::NT}) check_shape(f, s[0], s[1], s[2], rng);
}

TEST_CASE("gemm: narrow outputs, every row-block remainder and sum length", "[gemm]") {
  // N < 8 outputs with K up to 64 (WebAssembly's 4-row transposed kernel,
  // natively the 8-row one up to 16): M = 4..11 covers full blocks, blocks
  // cut short by the end of A, and the scalar rows after them.
  Rng rng(9, 9);
  for (int M = 4; M <= 11; ++M)
    for (int N : {1, 2, 3, 7})
      for (int K : {1, 3, 4, 5, 14, 16, 17, 32, 63, 64, 65})
        for (Form f : {Form::NN, Form::NT}) check_shape(f, M, N, K, rng);
}

TEST_CASE("gemm on random shapes", "[gemm]") {
  Rng rng(4, 4);
  for (int trial = 0; trial < 60; ++trial) {
    const int M = 1 + static_cast<int>(rng.below(40));
    const int N = 1 + static_cast<int>(rng.below(40));
    const int K = 1 + static_cast<int>(rng.below(40));
    for (Form f : {Form::NN, Form::TN, Form::NT}) check_shape(f, M, N, K, rng);
  }
}

TEST_CASE("gemm_nn_bias equals filling the rows with the bias, then gemm_nn accumulating", "[gemm]") {
  Rng rng(5, 5);
  const int shapes[][3] = {{1, 1, 1},   {3, 2, 14},  {256, 1, 14}, {256, 2, 14}, {2, 8, 3},   {256, 14, 2},
                           {512, 14, 1}, {5, 16, 7}, {9, 17, 4},   {40, 40, 40}, {64, 64, 64}, {1, 14, 2},
                           {37, 5, 20},  {9, 3, 33}, {64, 1, 64}};
  for (const auto& s : shapes) {
    const int M = s[0], N = s[1], K = s[2];
    std::vector<float> A(static_cast<std::size_t>(M) * K), B(static_cast<std::size_t>(K) * N), bias(N);
    for (auto& v : A) v = rng.uniform(-2.0f, 2.0f);
    for (auto& v : B) v = rng.uniform(-2.0f, 2.0f);
    for (auto& v : bias) v = rng.uniform(-1.0f, 1.0f);
    bias[0] = -0.0f;  // a signed zero must come out as the fill-and-accumulate path gives it
    if (N > 1) std::fill(A.begin(), A.begin() + K, 0.0f);  // row 0: bias plus zero products
    std::vector<float> want(static_cast<std::size_t>(M) * N), got(want.size(), std::numeric_limits<float>::quiet_NaN());
    for (int i = 0; i < M; ++i) std::memcpy(want.data() + static_cast<std::size_t>(i) * N, bias.data(), sizeof(float) * N);
    gemm_nn(M, N, K, A.data(), B.data(), want.data(), true);
    gemm_nn_bias(M, N, K, A.data(), B.data(), bias.data(), got.data());
    INFO("M=" << M << " N=" << N << " K=" << K);
    CHECK(std::memcmp(want.data(), got.data(), sizeof(float) * want.size()) == 0);
  }
}

TEST_CASE("gemm_tn_sums equals gemm_tn and the product with a ones row", "[gemm]") {
  // A Linear layer's weight and bias gradients: dW = x^T dy, db = 1^T dy.
  Rng rng(6, 6);
  const int shapes[][3] = {{14, 1, 512}, {14, 2, 256}, {2, 14, 512}, {1, 1, 7},   {15, 3, 7}, {16, 3, 9},
                           {3, 16, 20},  {16, 16, 5},  {7, 9, 33},   {40, 40, 40}, {5, 30, 11}, {30, 5, 11}};
  for (const auto& s : shapes) {
    const int M = s[0], N = s[1], K = s[2];
    std::vector<float> A(static_cast<std::size_t>(K) * M), B(static_cast<std::size_t>(K) * N), ones(K, 1.0f);
    for (auto& v : A) v = rng.uniform(-2.0f, 2.0f);
    for (auto& v : B) v = rng.uniform(-2.0f, 2.0f);
    B[0] = -0.0f;  // a column whose sum starts from a negative zero
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> want(static_cast<std::size_t>(M) * N, nan), got(want.size(), nan);
    std::vector<float> want_sums(N, nan), got_sums(N, nan);
    gemm_tn(M, N, K, A.data(), B.data(), want.data(), false);
    gemm_tn(1, N, K, ones.data(), B.data(), want_sums.data(), false);
    gemm_tn_sums(M, N, K, A.data(), B.data(), got.data(), got_sums.data());
    INFO("M=" << M << " N=" << N << " K=" << K);
    CHECK(std::memcmp(want.data(), got.data(), sizeof(float) * want.size()) == 0);
    CHECK(std::memcmp(want_sums.data(), got_sums.data(), sizeof(float) * N) == 0);
  }
}

TEST_CASE("gemm small known product", "[gemm]") {
  // [1 2; 3 4] * [5 6; 7 8] = [19 22; 43 50]
  const float A[4] = {1, 2, 3, 4}, B[4] = {5, 6, 7, 8};
  float C[4] = {1, 1, 1, 1};
  gemm_nn(2, 2, 2, A, B, C, false);
  CHECK(C[0] == 19);
  CHECK(C[1] == 22);
  CHECK(C[2] == 43);
  CHECK(C[3] == 50);
  gemm_nn(2, 2, 2, A, B, C, true);
  CHECK(C[3] == 100);
  // A^T B: [1 3; 2 4] [5 6; 7 8] = [26 30; 38 44]
  gemm_tn(2, 2, 2, A, B, C, false);
  CHECK(C[0] == 26);
  CHECK(C[3] == 44);
  // A B^T: [1 2; 3 4] [5 7; 6 8] = [17 23; 39 53]
  gemm_nt(2, 2, 2, A, B, C, false);
  CHECK(C[0] == 17);
  CHECK(C[1] == 23);
  CHECK(C[2] == 39);
  CHECK(C[3] == 53);
}

// ---- the packed kernel (large shapes) ------------------------------------------

TEST_CASE("gemm: packed kernel matches the naive loop, every instruction set", "[gemm]") {
  // Edges in M and N, K beyond one 256-step, N beyond one 2048-column panel.
  Rng rng(5, 5);
  const int shapes[][3] = {{64, 300, 600}, {37, 61, 513}, {6, 2100, 20},
                           {131, 16, 40},  {4, 17, 1000}, {50, 40, 257}};
  for (int k = 0; k < gemm_detail::gemm_kernel_count(); ++k) {
    gemm_detail::gemm_force_kernel(k);
    INFO("kernel " << gemm_detail::gemm_kernel_name(k));
    for (const auto& s : shapes)
      for (Form f : {Form::NN, Form::TN, Form::NT}) check_shape(f, s[0], s[1], s[2], rng);
  }
  gemm_detail::gemm_force_kernel(-1);
}

TEST_CASE("gemm: 1 and 2 threads give the same bits", "[gemm][threads]") {
  Rng rng(6, 6);
  const int M = 96, N = 700, K = 300;  // 40 MFLOP: split into tasks
  std::vector<float> A(static_cast<std::size_t>(N) * K), B(static_cast<std::size_t>(K) * N);  // N > M
  for (auto& v : A) v = rng.uniform(-1, 1);
  for (auto& v : B) v = rng.uniform(-1, 1);
  const int before = thread_count();
  for (Form f : {Form::NN, Form::TN, Form::NT})
    for (auto mn : {std::pair<int, int>{M, N}, {N, M}}) {  // split along N, then along M
      std::vector<float> C1(static_cast<std::size_t>(M) * N), C2(C1.size());
      set_thread_count(1);
      run(f, mn.first, mn.second, K, A.data(), B.data(), C1.data(), false);
      set_thread_count(2);
#ifdef __EMSCRIPTEN__
      REQUIRE(thread_count() == 1);  // the web build has no threads
#else
      REQUIRE(thread_count() == 2);
#endif
      run(f, mn.first, mn.second, K, A.data(), B.data(), C2.data(), false);
      CHECK(std::memcmp(C1.data(), C2.data(), sizeof(float) * C1.size()) == 0);
    }
  set_thread_count(before);
}

TEST_CASE("gemm: signed zeros and a zero K", "[gemm]") {
  // -0 products added to a +0 start give +0, exactly as the naive loop does.
  const int M = 8, N = 32, K = 300;
  std::vector<float> A(static_cast<std::size_t>(M) * K, -0.0f), B(static_cast<std::size_t>(K) * N, 1.0f);
  std::vector<float> C(static_cast<std::size_t>(M) * N, 5.0f);
  gemm_nn(M, N, K, A.data(), B.data(), C.data(), false);
  for (float v : C) REQUIRE(!std::signbit(v));
  std::vector<float> D(static_cast<std::size_t>(M) * N, 2.0f);
  gemm_detail::gemm_blocked(M, N, 0, {A.data(), 0, 1}, {B.data(), N, 1}, D.data(), false);
  CHECK(D[0] == 0.0f);
}

TEST_CASE("side_by_side: every task once, more tasks than threads, products serial inside", "[gemm][threads]") {
  // The starting models train this way (engine/gan/starting_models.cpp): one
  // more run at a time than there are cores, each run's loops serial.
  const int M = 24, N = 64, K = 200;
  std::vector<float> A(M * K), B(K * N);
  for (std::size_t i = 0; i < A.size(); ++i) A[i] = float(i % 7) - 3.0f;
  for (std::size_t i = 0; i < B.size(); ++i) B[i] = float(i % 5) - 2.0f;
  std::vector<float> whole(M * N);
  gemm_nn(M, N, K, A.data(), B.data(), whole.data(), false);
  for (const int threads : {1, 2, 3, 8}) {
    INFO(threads << " threads");
    std::atomic<int> runs[5] = {};
    std::vector<float> out(5 * M * N);
    std::atomic<int> inner_tasks{0};
    side_by_side(5, threads, [&](int t) {
      ++runs[t];
      parallel_for(3, [&](int) { ++inner_tasks; });  // serial here: on this thread
      gemm_nn(M, N, K, A.data(), B.data(), out.data() + t * M * N, false);
    });
    for (int t = 0; t < 5; ++t) CHECK(runs[t] == 1);
    CHECK(inner_tasks == 15);
    for (int t = 0; t < 5; ++t) CHECK(std::equal(whole.begin(), whole.end(), out.begin() + t * M * N));
  }
  int calls = 0;
  side_by_side(0, 3, [&](int) { ++calls; });
  CHECK(calls == 0);
}

TEST_CASE("parallel_for: a GEMM inside a task runs on that task's thread", "[gemm][threads]") {
  // Threads over the batch (engine/nn/conv_common.cpp) run whole products
  // inside tasks; the GEMM asks for the thread count there, which once waited
  // for the lock the running parallel_for held, forever.
  set_thread_count(2);
  const int threads = thread_count();  // 2; 1 in WebAssembly, which has no threads
  const int M = 24, N = 64, K = 200;  // large enough for the packed kernel, which splits over threads
  std::vector<float> A(M * K), B(K * N);
  for (std::size_t i = 0; i < A.size(); ++i) A[i] = float(i % 7) - 3.0f;
  for (std::size_t i = 0; i < B.size(); ++i) B[i] = float(i % 5) - 2.0f;
  std::vector<float> whole(M * N), in_task(4 * M * N);
  gemm_nn(M, N, K, A.data(), B.data(), whole.data(), false);
  int seen[4] = {};
  parallel_for(4, [&](int t) {
    seen[t] = thread_count();  // (no CHECK on a worker thread)
    gemm_nn(M, N, K, A.data(), B.data(), in_task.data() + t * M * N, false);
  });
  for (int t = 0; t < 4; ++t) CHECK(seen[t] == threads);
  for (int t = 0; t < 4; ++t)
    CHECK(std::equal(whole.begin(), whole.end(), in_task.begin() + t * M * N));
  set_thread_count(0);
}
