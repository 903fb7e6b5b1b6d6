// Little-endian binary records for our own file formats (checkpoints, the
// classifier cache), and whole-file reads and atomic writes.
//   ByteWriter  appends u32/u64/i64/f64 (little-endian), length-prefixed
//               strings and float32 arrays to a byte vector.
//   ByteReader  reads them back with bounds checks: a read past the end sets
//               failed() and returns zeros, so a parser checks once per section.
//   write_file_atomic  writes PATH.tmp, flushes it to disk (fflush + fsync) and
//               renames it over PATH: a crash at any moment leaves either the
//               old file or the new one, never a mix.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ganstep {

class ByteWriter {
 public:
  void bytes(const void* p, std::size_t n);
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void f64(double v);
  void str(const std::string& s);              // u32 length, then the bytes
  void floats(const float* p, std::size_t n);  // n float32 values
  std::vector<std::uint8_t>& out() { return out_; }

 private:
  std::vector<std::uint8_t> out_;
};

class ByteReader {
 public:
  ByteReader(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  bool bytes(void* dst, std::size_t n);
  std::uint32_t u32();
  std::uint64_t u64();
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  double f64();
  // A string of at most max_len bytes (a longer length fails the reader).
  std::string str(std::size_t max_len);
  bool floats(float* dst, std::size_t n);
  bool skip(std::size_t n);

  bool failed() const { return failed_; }
  std::size_t offset() const { return at_; }
  std::size_t remaining() const { return n_ - at_; }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t at_ = 0;
  bool failed_ = false;
};

// Reads a whole file (at most max_bytes); "" or an error naming the path.
std::string read_file_bytes(const std::string& path, std::size_t max_bytes, std::vector<std::uint8_t>& out);
// Writes PATH.tmp, fflush + fsync, renames it over PATH. "" or an error naming
// the path; on error PATH is untouched and PATH.tmp removed.
std::string write_file_atomic(const std::string& path, const std::uint8_t* bytes, std::size_t size);

}  // namespace ganstep
