#include "engine/io/crc32.h"

#include <zlib.h>

namespace ganstep {

// zlib's CRC-32 (the same polynomial, initial and final values; table-driven
// and several times faster than a byte-at-a-time loop on checkpoint-sized
// inputs).
std::uint32_t crc32_update(std::uint32_t crc, const std::uint8_t* bytes, std::size_t n) {
  return static_cast<std::uint32_t>(::crc32_z(crc, bytes, n));
}

}  // namespace ganstep
