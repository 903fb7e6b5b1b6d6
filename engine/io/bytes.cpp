#include "engine/io/bytes.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ganstep {
namespace {

bool little_endian() {
  const std::uint32_t one = 1;
  std::uint8_t b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

std::string os_error(const std::string& path, const char* what) {
  return path + ": " + what + " (" + std::strerror(errno) + ")";
}

}  // namespace

// ---- ByteWriter ----------------------------------------------------------------

void ByteWriter::bytes(const void* p, std::size_t n) {
  const auto* b = static_cast<const std::uint8_t*>(p);
  out_.insert(out_.end(), b, b + n);
}

void ByteWriter::u32(std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void ByteWriter::u64(std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void ByteWriter::f64(double v) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, 8);
  u64(bits);
}

void ByteWriter::str(const std::string& s) {
  u32(static_cast<std::uint32_t>(s.size()));
  bytes(s.data(), s.size());
}

void ByteWriter::floats(const float* p, std::size_t n) {
  if (little_endian()) {
    bytes(p, n * sizeof(float));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, p + i, 4);
    u32(bits);
  }
}

// ---- ByteReader ----------------------------------------------------------------

bool ByteReader::bytes(void* dst, std::size_t n) {
  if (failed_ || n > n_ - at_) {
    failed_ = true;
    std::memset(dst, 0, n);
    return false;
  }
  std::memcpy(dst, p_ + at_, n);
  at_ += n;
  return true;
}

bool ByteReader::skip(std::size_t n) {
  if (failed_ || n > n_ - at_) return !(failed_ = true);
  at_ += n;
  return true;
}

std::uint32_t ByteReader::u32() {
  std::uint8_t b[4];
  bytes(b, 4);
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= std::uint32_t(b[i]) << (8 * i);
  return v;
}

std::uint64_t ByteReader::u64() {
  std::uint8_t b[8];
  bytes(b, 8);
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t(b[i]) << (8 * i);
  return v;
}

double ByteReader::f64() {
  const std::uint64_t bits = u64();
  double v;
  std::memcpy(&v, &bits, 8);
  return v;
}

std::string ByteReader::str(std::size_t max_len) {
  const std::uint32_t n = u32();
  if (failed_ || n > max_len || n > n_ - at_) {
    failed_ = true;
    return "";
  }
  std::string s(reinterpret_cast<const char*>(p_ + at_), n);
  at_ += n;
  return s;
}

bool ByteReader::floats(float* dst, std::size_t n) {
  if (failed_ || n > (n_ - at_) / sizeof(float)) {
    failed_ = true;
    return false;
  }
  if (little_endian()) return bytes(dst, n * sizeof(float));
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t bits = u32();
    std::memcpy(dst + i, &bits, 4);
  }
  return !failed_;
}

// ---- files -----------------------------------------------------------------------

std::string read_file_bytes(const std::string& path, std::size_t max_bytes, std::vector<std::uint8_t>& out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return os_error(path, "cannot open");
  out.clear();
  std::uint8_t buf[1 << 16];
  std::size_t got;
  std::string error;
  while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
    if (out.size() + got > max_bytes) {
      error = path + ": larger than " + std::to_string(max_bytes) + " bytes";
      break;
    }
    out.insert(out.end(), buf, buf + got);
  }
  if (error.empty() && std::ferror(f)) error = os_error(path, "cannot read");
  std::fclose(f);
  if (!error.empty()) out.clear();
  return error;
}

std::string write_file_atomic(const std::string& path, const std::uint8_t* bytes, std::size_t size) {
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return os_error(tmp, "cannot create");
  std::string error;
  if (size && std::fwrite(bytes, 1, size, f) != size) error = os_error(tmp, "cannot write");
  if (error.empty() && std::fflush(f) != 0) error = os_error(tmp, "cannot write");
  if (error.empty() && fsync(fileno(f)) != 0 && errno != EINVAL && errno != ENOSYS)
    error = os_error(tmp, "cannot sync");
  if (std::fclose(f) != 0 && error.empty()) error = os_error(tmp, "cannot close");
  if (error.empty() && std::rename(tmp.c_str(), path.c_str()) != 0) error = os_error(path, "cannot replace");
  if (!error.empty()) std::remove(tmp.c_str());
  return error;
}

}  // namespace ganstep
