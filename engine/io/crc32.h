// CRC-32 (IEEE 802.3, the polynomial of zlib, PNG and gzip: reflected
// 0xEDB88320, initial and final value 0xFFFFFFFF), computed by zlib.
//   crc32_update(0, "123456789", 9) == 0xCBF43926
#pragma once

#include <cstddef>
#include <cstdint>

namespace ganstep {

// Continues a CRC over more bytes: crc = crc32_update(crc, next, n), starting at 0.
std::uint32_t crc32_update(std::uint32_t crc, const std::uint8_t* bytes, std::size_t n);

}  // namespace ganstep
