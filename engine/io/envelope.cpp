#include "engine/io/envelope.h"

#include <cstdio>
#include <cstring>

#include "engine/io/crc32.h"

namespace ganstep {

void begin_envelope(ByteWriter& w, const EnvelopeKind& kind, std::uint32_t version) {
  w.bytes(kind.magic, 8);
  w.u32(version);
  w.u64(0);  // the total size, filled in by end_envelope
}

std::vector<std::uint8_t> end_envelope(ByteWriter& w) {
  std::vector<std::uint8_t>& out = w.out();
  const std::uint64_t total = out.size() + 4;
  for (int i = 0; i < 8; ++i) out[12 + i] = static_cast<std::uint8_t>(total >> (8 * i));
  w.u32(crc32_update(0, out.data(), out.size()));
  return std::move(w.out());
}

std::string open_envelope(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                          const EnvelopeKind& kind, std::uint32_t& version, ByteReader& body) {
  const std::string noun = kind.noun;
  if (!bytes || size < 8 || std::memcmp(bytes, kind.magic, 8) != 0) {
    if (bytes && size > 0 && size < 8 && std::memcmp(bytes, kind.magic, size) == 0)
      return name + ": truncated " + noun + " (" + std::to_string(size) + " bytes)";
    return name + ": not a ganstep " + noun + " (no " + std::string(kind.magic, 8) + " magic at its start)";
  }
  ByteReader r(bytes, size);
  r.skip(8);
  version = r.u32();
  const std::uint64_t total = r.u64();
  if (r.failed()) return name + ": truncated " + noun + " (" + std::to_string(size) + " bytes)";
  if (version > kind.max_version)
    return name + ": " + noun + " format version " + std::to_string(version) +
           " is newer than this ganstep reads (" + std::to_string(kind.max_version) + "); update ganstep";
  if (version == 0) return name + ": bad " + noun + " format version 0";
  if (total < kEnvelopeHeader + 4 || total > kind.max_bytes)
    return name + ": corrupt " + noun + " (its size field says " + std::to_string(total) + " bytes)";
  if (size < total)
    return name + ": truncated " + noun + " (" + std::to_string(size) + " of " + std::to_string(total) + " bytes)";
  if (size > total)
    return name + ": corrupt " + noun + " (" + std::to_string(size - total) + " bytes after its end)";
  std::uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= std::uint32_t(bytes[size - 4 + i]) << (8 * i);
  const std::uint32_t computed = crc32_update(0, bytes, size - 4);
  if (stored != computed) {
    char buf[96];
    std::snprintf(buf, sizeof buf, " (CRC-32 mismatch: stored %08x, computed %08x)", stored, computed);
    return name + ": corrupt " + noun + buf;
  }
  body = ByteReader(bytes, size - 4);
  body.skip(kEnvelopeHeader);
  return "";
}

}  // namespace ganstep
