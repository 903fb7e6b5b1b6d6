// G's samples for judging: the quality metric's (`ganstep run` scores them at
// each sample point, engine/gan/quality.h) and `ganstep sample`'s.
//   sample_noise: n noise vectors from Rng(seed, kSampleNoiseStream), row-major
//                 (n, noise_dim); the first m of n are the m of a smaller n.
//   generate_samples: G (in inference mode: batch norm's running statistics,
//                 so a sample does not depend on the others) on those rows, a
//                 chunk at a time to bound the convolutions' scratch memory:
//                 images (n, C*H*W) in [-1, 1].
#pragma once

#include <cstdint>

#include "engine/core/tensor.h"
#include "engine/gan/config.h"
#include "engine/gan/trainer.h"

namespace ganstep {

constexpr std::uint64_t kSampleNoiseStream = 4;

void sample_noise(const GanConfig& config, std::uint64_t seed, int n, Tensor2& z);
void generate_samples(const Trainer& t, const Tensor2& z, Tensor2& images);

}  // namespace ganstep
