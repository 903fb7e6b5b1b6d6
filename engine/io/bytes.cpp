#include "engine/io/bytes.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
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

namespace {

// A fresh PATH.tmp-XXXXXX name: six letters or digits from a counter, the
// process id and the clock (a clash just draws the next one).
std::string temp_name(const std::string& path) {
  static std::atomic<std::uint64_t> counter{0};
  std::uint64_t x = counter.fetch_add(1) * 0x9E3779B97F4A7C15ull;
  x ^= static_cast<std::uint64_t>(getpid()) << 32;
  x ^= static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  x ^= x >> 29;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 32;
  static const char kAlnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s = path + ".tmp-";
  for (int i = 0; i < 6; ++i, x /= 62) s += kAlnum[x % 62];
  return s;
}

// Creates a new temporary file beside PATH; the descriptor or -1 (error set).
int create_temp(const std::string& path, std::string& tmp, std::string& error) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    tmp = temp_name(path);
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    if (errno != EEXIST) break;
  }
  error = os_error(tmp, "cannot create");
  return -1;
}

bool write_all(int fd, const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    const ssize_t got = write(fd, p, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

// fsync that tolerates file systems without it.
bool sync_fd(int fd) { return fsync(fd) == 0 || errno == EINVAL || errno == ENOSYS || errno == EROFS; }

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::string check_replaceable(const std::string& path) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0) return errno == ENOENT ? "" : os_error(path, "cannot inspect");
  if (S_ISLNK(st.st_mode))
    return path + ": is a symbolic link; refusing to replace it (remove the link, or write elsewhere)";
  if (S_ISDIR(st.st_mode)) return path + ": is a folder, not a file; cannot replace it";
  if (!S_ISREG(st.st_mode)) return path + ": is not a regular file; cannot replace it";
  return "";
}

std::string write_file_atomic(const std::string& path, const std::uint8_t* bytes, std::size_t size) {
  std::string error = check_replaceable(path);
  if (!error.empty()) return error;
  std::string tmp;
  const int fd = create_temp(path, tmp, error);
  if (fd < 0) return error;
  if (!write_all(fd, bytes, size)) error = os_error(tmp, "cannot write");
  if (error.empty() && !sync_fd(fd)) error = os_error(tmp, "cannot sync");
  if (close(fd) != 0 && error.empty()) error = os_error(tmp, "cannot close");
  if (error.empty() && std::rename(tmp.c_str(), path.c_str()) != 0) error = os_error(path, "cannot replace");
  if (!error.empty()) {
    unlink(tmp.c_str());
    return error;
  }
  // The rename itself reaches the disk with the folder's entry.
  const int dir = open(parent_dir(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    sync_fd(dir);
    close(dir);
  }
  return "";
}

std::string check_writable_dir(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) return os_error(dir, "cannot use the folder");
  if (!S_ISDIR(st.st_mode)) return dir + ": is not a folder";
  std::string tmp, error;
  const int fd = create_temp(dir + "/.ganstep-probe", tmp, error);
  if (fd < 0) return dir + ": cannot write in this folder (" + error + ")";
  const std::uint8_t probe[1] = {0};
  if (!write_all(fd, probe, 1) || !sync_fd(fd))
    error = dir + ": cannot write in this folder (" + std::strerror(errno) + ")";
  close(fd);
  unlink(tmp.c_str());
  return error;
}

bool is_temp_file_name(const std::string& name) {
  const std::size_t n = name.size();
  if (n < 12 || name.compare(n - 11, 5, ".tmp-") != 0) return false;
  for (std::size_t i = n - 6; i < n; ++i)
    if (!std::isalnum(static_cast<unsigned char>(name[i]))) return false;
  return true;
}

int remove_stale_temp_files(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (!d) return 0;
  int removed = 0;
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (!is_temp_file_name(name)) continue;
    const std::string path = dir + "/" + name;
    struct stat st;
    if (lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
        unlink(path.c_str()) == 0)
      ++removed;
  }
  closedir(d);
  return removed;
}

namespace {
// 0 when DIR is a folder (made now or before), else mkdir's errno.
int make_folder(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return 0;
  return mkdir(dir.c_str(), 0755) == 0 ? 0 : errno;
}
}  // namespace

std::string make_dirs(const std::string& dir) {
  for (std::size_t at = 1; at <= dir.size(); ++at) {
    if (at != dir.size() && dir[at] != '/') continue;
    const std::string part = dir.substr(0, at);
    const int e = make_folder(part);
    if (e != 0 && e != EEXIST) {
      errno = e;
      return os_error(part, "cannot create the folder");
    }
  }
  return "";
}

std::string make_dir(const std::string& dir) {
  const int e = make_folder(dir);
  if (e == 0) return "";
  errno = e;
  return os_error(dir, "cannot create the folder");
}

bool path_exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

std::string keep_aside(const std::string& path, std::string& kept_as) {
  for (int n = 1; n < 10000; ++n) {
    kept_as = path + ".bak-" + std::to_string(n);
    // link() fails on an existing name: never over another file.
    if (link(path.c_str(), kept_as.c_str()) == 0) {
      if (unlink(path.c_str()) == 0) return "";
      return os_error(path, "cannot move aside");
    }
    if (errno == EEXIST) continue;
    // A file system without hard links: rename to a name that does not exist.
    struct stat st;
    if (lstat(kept_as.c_str(), &st) == 0) continue;
    if (std::rename(path.c_str(), kept_as.c_str()) == 0) return "";
    return os_error(path, "cannot move aside");
  }
  return path + ": cannot move aside (.bak-1 to .bak-9999 all exist)";
}

}  // namespace ganstep
