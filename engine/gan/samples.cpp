#include "engine/gan/samples.h"

#include <algorithm>

#include "engine/gan/dataset.h"

namespace ganstep {

void sample_noise(const GanConfig& config, std::uint64_t seed, int n, Tensor2& z) {
  z = Tensor2::from_shape({std::size_t(n), std::size_t(config.noise_dim)});
  Rng rng(seed, kSampleNoiseStream);
  noise_prior(config).sample(rng, n, z.data());
}

void generate_samples(const Trainer& t, const Tensor2& z, Tensor2& images) {
  const std::size_t n = z.shape()[0], zdim = z.shape()[1], dim = std::size_t(t.spec().shape.size());
  images = Tensor2::from_shape({n, dim});
  Tensor2 chunk_z, chunk;
  constexpr std::size_t kChunk = 100;
  for (std::size_t at = 0; at < n; at += kChunk) {
    const std::size_t m = std::min(kChunk, n - at);
    chunk_z = Tensor2::from_shape({m, zdim});
    std::copy_n(z.data() + at * zdim, m * zdim, chunk_z.data());
    t.generate(chunk_z, chunk);
    std::copy_n(chunk.data(), m * dim, images.data() + at * dim);
  }
}

}  // namespace ganstep
