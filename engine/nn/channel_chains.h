// Per-channel sums over an NCHW batch, several channels at a time.
//
//   x: B rows of C*S floats (b, c, s);  for each channel c of [c0, c1):
//   out[n][c] = 0 + term_n(i0) + term_n(i1) + ... over its elements i in (b, s) order
//
// Each channel's sums are one chain of dependent double additions in that
// fixed order, so the bits never depend on how the channels are grouped.
// Four channels' chains run side by side (one chain at a time waited on the
// adder's latency for every element: batch norm's statistics and a
// convolution's bias gradient).
#pragma once

#include <cstddef>

namespace ganstep {

// add(i, c, acc) adds element i's N terms (of channel c) to acc[0..N-1].
template <int N, class Add>
inline void channel_chains(std::size_t B, std::size_t C, std::size_t S, std::size_t c0, std::size_t c1,
                           double* const (&out)[N], Add add) {
  constexpr std::size_t G = 4;
  std::size_t c = c0;
  for (; c + G <= c1; c += G) {
    double acc[G][N] = {};
    for (std::size_t b = 0; b < B; ++b) {
      const std::size_t row = (b * C + c) * S;
      for (std::size_t s = 0; s < S; ++s)
        for (std::size_t g = 0; g < G; ++g) add(row + g * S + s, c + g, acc[g]);
    }
    for (std::size_t g = 0; g < G; ++g)
      for (int n = 0; n < N; ++n) out[n][c + g] = acc[g][n];
  }
  for (; c < c1; ++c) {
    double acc[N] = {};
    for (std::size_t b = 0; b < B; ++b)
      for (std::size_t i = (b * C + c) * S, e = i + S; i < e; ++i) add(i, c, acc);
    for (int n = 0; n < N; ++n) out[n][c] = acc[n];
  }
}

}  // namespace ganstep
