// NumPy .npy files (format 1.0) of float32 arrays, for exporting weights:
//   "\x93NUMPY" 1 0, a uint16 LE header length, the header
//   "{'descr': '<f4', 'fortran_order': False, 'shape': (R, C), }" padded with
//   spaces and a '\n' so the data starts at a multiple of 64 bytes, then the
//   values in C order, little-endian.
//   numpy.load("g.layer0.W.npy") reads them back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ganstep {

// The file's bytes for an array of the given shape (row-major `data`, product(shape) values).
std::vector<std::uint8_t> npy_bytes(const float* data, const std::vector<std::size_t>& shape);
// Writes a .npy file atomically. "" or an error naming the path.
std::string write_npy(const std::string& path, const float* data, const std::vector<std::size_t>& shape);

}  // namespace ganstep
