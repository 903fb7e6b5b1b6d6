// Little-endian binary records for our own file formats (checkpoints, the
// classifier cache), and whole-file reads and atomic writes.
//   ByteWriter  appends u32/u64/i64/f64 (little-endian), length-prefixed
//               strings and float32 arrays to a byte vector.
//   ByteReader  reads them back with bounds checks: a read past the end sets
//               failed() and returns zeros, so a parser checks once per section.
//   write_file_atomic  writes a new temporary file beside PATH (PATH.tmp-XXXXXX,
//               created exclusively: O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
//               so a planted file or symbolic link is never written through),
//               flushes it to disk (fsync) and renames it over PATH: a crash at
//               any moment leaves either the old file or the new one, never a
//               mix. A symbolic link or a folder AT PATH is refused.
//   check_replaceable, check_writable_dir  the same checks before a long job.
//   remove_stale_temp_files  our PATH.tmp-XXXXXX files left by a kill.
//   keep_aside  renames a file to the first free PATH.bak-N (never over one).
//   make_dirs, make_dir, path_exists  folders and existence, for engine/gan's
//               data sets and caches (the engine above io touches no files).
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
// Writes PATH.tmp-XXXXXX (a fresh name, created exclusively), fsync, renames
// it over PATH. "" or an error naming the path; on error PATH is untouched and
// the temporary file removed.
std::string write_file_atomic(const std::string& path, const std::uint8_t* bytes, std::size_t size);
// "" when write_file_atomic may replace PATH: it is absent or a regular file.
// A symbolic link at PATH is refused (it may point anywhere), as is a folder.
std::string check_replaceable(const std::string& path);
// "" when new files can be made in DIR: a probe file is created there the way
// write_file_atomic does it, written, synced and removed. Catches a missing,
// read-only, full or otherwise unwritable folder before a long run.
std::string check_writable_dir(const std::string& dir);
// True for a name write_file_atomic gives its temporary files (ends in
// ".tmp-" and six letters or digits).
bool is_temp_file_name(const std::string& name);
// Removes our temporary files (is_temp_file_name, regular files of this user)
// left in DIR by a killed run; returns how many.
int remove_stale_temp_files(const std::string& dir);
// mkdir -p DIR (0755 before the umask); "" or an error naming the folder.
std::string make_dirs(const std::string& dir);
// DIR itself when missing (never its parents); "" when it is a folder now,
// else an error naming it.
std::string make_dir(const std::string& dir);
// Something (a file, a folder) exists at PATH.
bool path_exists(const std::string& path);
// Renames PATH to the first PATH.bak-N (N = 1, 2, ...) that does not exist,
// never over an existing file; "" (kept_as: the new name) or an error.
std::string keep_aside(const std::string& path, std::string& kept_as);

}  // namespace ganstep
