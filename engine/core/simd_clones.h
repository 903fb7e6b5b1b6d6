// GANSTEP_SIMD_CLONES before a function compiles it three times natively, for
// AVX-512 (x86-64-v4), for AVX2 and for the baseline, and picks one at run
// time (GCC's target_clones). -ffp-contract=off forbids contracting a multiply
// and an add into an FMA (x86-64-v4 has FMA, AVX2 alone has none), so every
// clone runs the same IEEE operations in the same order: the same bits, only
// wider vectors and more registers. Elsewhere (Clang, WebAssembly) it is empty.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define GANSTEP_SIMD_CLONES __attribute__((target_clones("arch=x86-64-v4", "avx2", "default")))
#else
#define GANSTEP_SIMD_CLONES
#endif
