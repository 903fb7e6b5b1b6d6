// GANSTEP_SIMD_CLONES before a function compiles it twice natively, for AVX2
// and for the baseline, and picks one at run time (GCC's target_clones).
// AVX2 alone brings no FMA and -ffp-contract=off forbids contraction, so both
// clones run the same IEEE operations in the same order: the same bits, only
// wider vectors. Elsewhere (Clang, WebAssembly) it is empty.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define GANSTEP_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define GANSTEP_SIMD_CLONES
#endif
