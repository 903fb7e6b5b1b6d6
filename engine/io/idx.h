// IDX files, the MNIST format (http-free description):
//   bytes 0-1   0x00 0x00
//   byte  2     element type: 0x08 unsigned byte (the only type read here)
//   byte  3     number of dimensions d (1..4)
//   then d big-endian uint32 sizes, then the elements in row-major order.
// Files may be raw or gzip-compressed (detected by the gzip magic 1f 8b, not
// by the name). Every error names the file and what is wrong: bad magic, an
// element type other than unsigned byte, a truncated file, trailing bytes, a
// corrupt gzip stream, or sizes over the limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ganstep {

struct IdxArray {
  std::vector<std::uint32_t> dims;  // e.g. {N, 28, 28} for images, {N} for labels
  std::vector<std::uint8_t> data;   // product(dims) bytes
  std::size_t count() const { return dims.empty() ? 0 : dims[0]; }
};

constexpr std::size_t kIdxMaxBytes = std::size_t(1) << 30;  // 1 GiB of elements at most

// Parses an IDX file's bytes (raw or gzip). `name` is used in messages.
// Sizes declaring more than max_elements are refused from the header, before
// anything is inflated. Returns "" or an error "NAME: ...".
std::string parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& name, IdxArray& out,
                      std::uint64_t max_elements = kIdxMaxBytes);
// Reads and parses a file; "" or an error naming the path.
std::string read_idx(const std::string& path, IdxArray& out, std::uint64_t max_elements = kIdxMaxBytes);
// Writes a raw (uncompressed) IDX file; "" or an error.
std::string write_idx(const std::string& path, const IdxArray& a);

}  // namespace ganstep
