#include "engine/io/npy.h"

#include "engine/io/bytes.h"

namespace ganstep {

std::vector<std::uint8_t> npy_bytes(const float* data, const std::vector<std::size_t>& shape) {
  // numpy's tuple syntax: "()", "(3,)", "(3, 4)"
  std::string dims;
  std::size_t count = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    dims += (i ? ", " : "") + std::to_string(shape[i]);
    count *= shape[i];
  }
  if (shape.size() == 1) dims += ",";
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  const std::size_t preamble = 10;  // magic (6), version (2), header length (2)
  const std::size_t padded = (preamble + header.size() + 1 + 63) / 64 * 64;
  header.append(padded - preamble - header.size() - 1, ' ');
  header.push_back('\n');
  ByteWriter w;
  const std::uint8_t magic[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  w.bytes(magic, 8);
  const std::uint16_t len = static_cast<std::uint16_t>(header.size());
  const std::uint8_t len_le[2] = {std::uint8_t(len & 0xFF), std::uint8_t(len >> 8)};
  w.bytes(len_le, 2);
  w.bytes(header.data(), header.size());
  w.floats(data, count);
  return std::move(w.out());
}

std::string write_npy(const std::string& path, const float* data, const std::vector<std::size_t>& shape) {
  const std::vector<std::uint8_t> bytes = npy_bytes(data, shape);
  return write_file_atomic(path, bytes.data(), bytes.size());
}

}  // namespace ganstep
