// A net's parameters as a small file: the quality classifier's cache
// (classifier_cache.h) and the find-latent encoder (starting_models.h).
//   magic (8 bytes, the kind's), version (uint32 LE), total size (uint64 LE),
//   the key (text), the tensor count, each tensor (name, rows, cols, float32
//   LE data), a CRC-32 of all that precedes it (engine/io/envelope.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/envelope.h"
#include "engine/nn/layer.h"

namespace ganstep {

// `net` in messages: "classifier", "encoder".
std::vector<std::uint8_t> param_file_bytes(const EnvelopeKind& kind, const std::vector<Param>& params,
                                           const std::string& key);
// Restores params (of a net built with the same settings), checking magic,
// version, size, CRC, key, names and shapes first: on error nothing changes.
// "" or an error "NAME: ...".
std::string load_param_file_bytes(const EnvelopeKind& kind, const char* net, const std::uint8_t* bytes,
                                  std::size_t size, const std::string& name, const std::string& key,
                                  const std::vector<Param>& params);

}  // namespace ganstep
