// The frame of every ganstep binary file (checkpoints, the classifier cache):
//   magic (8 bytes), format version (uint32 LE), the file's total size
//   (uint64 LE), the body, then a CRC-32 (LE) of everything before it.
// One reader checks the frame before anything else is read, with messages
// that name the file and say what is wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/bytes.h"

namespace ganstep {

constexpr std::size_t kEnvelopeHeader = 8 + 4 + 8;  // magic, version, total size

struct EnvelopeKind {
  const char* magic;          // 8 characters, e.g. "GSCKPT01"
  const char* noun;           // in messages: "checkpoint", "classifier file"
  std::uint32_t max_version;  // the newest format this build reads
  std::size_t max_bytes;      // the largest file accepted
};

// Starts a file: magic, version and a size to be filled in by end_envelope.
void begin_envelope(ByteWriter& w, const EnvelopeKind& kind, std::uint32_t version);
// Fills in the total size and appends the CRC-32; returns the file's bytes.
std::vector<std::uint8_t> end_envelope(ByteWriter& w);
// Checks the magic, version, size and CRC. On success `body` reads the bytes
// between the header and the CRC and `version` holds the format version.
// "" or "NAME: ..." (e.g. "run.gsck: truncated checkpoint (100 of 4096 bytes)").
std::string open_envelope(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                          const EnvelopeKind& kind, std::uint32_t& version, ByteReader& body);

}  // namespace ganstep
