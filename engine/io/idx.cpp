// IDX files (engine/io/idx.h): gzip detection and inflation with a size cap,
// header and size checks, reading and writing whole files.
#include "engine/io/idx.h"

#include "engine/io/bytes.h"

#include <zlib.h>

#include <cstdio>
#include <memory>

namespace ganstep {
namespace {

constexpr std::size_t kMaxHeaderBytes = 4 + 4 * 4;                    // magic + 4 sizes
constexpr std::size_t kMaxFileBytes = kIdxMaxBytes + kMaxHeaderBytes;  // raw or inflated

std::string with_commas(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

const char* type_name(std::uint8_t t) {
  switch (t) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "short";
    case 0x0C: return "int";
    case 0x0D: return "float";
    case 0x0E: return "double";
    default: return "unknown";
  }
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return with_commas(n) + " " + (n == 1 ? one : many);
}

// The header of b[0..size): sizes in `dims`, its length in `header`, the
// element count in `total`. "" or an error; *short_input is set when the only
// problem is that the bytes end inside the header.
std::string read_header(const std::uint8_t* b, std::size_t size, std::vector<std::uint32_t>& dims,
                        std::size_t& header, std::uint64_t& total, std::uint64_t max_elements,
                        bool* short_input = nullptr) {
  if (short_input) *short_input = false;
  if (size < 4) {
    if (short_input) *short_input = true;
    return "truncated header: " + plural(size, "byte", "bytes") + ", an IDX header needs at least 4";
  }
  if (b[0] != 0 || b[1] != 0) {
    char buf[80];
    std::snprintf(buf, sizeof buf, "not an IDX file: the first bytes are %02x %02x, expected 00 00", b[0], b[1]);
    return buf;
  }
  if (b[2] != 0x08) {
    char buf[120];
    std::snprintf(buf, sizeof buf, "element type 0x%02x (%s) is not supported: only unsigned byte (0x08) is read",
                  b[2], type_name(b[2]));
    return buf;
  }
  const int d = b[3];
  if (d < 1 || d > 4) return plural(std::uint64_t(d), "dimension", "dimensions") + ": expected 1 to 4";
  header = 4 + 4 * std::size_t(d);
  if (size < header) {
    if (short_input) *short_input = true;
    return "truncated header: " + plural(size, "byte", "bytes") + ", " +
           plural(std::uint64_t(d), "dimension needs ", "dimensions need ") + std::to_string(header);
  }
  dims.assign(static_cast<std::size_t>(d), 0);
  total = 1;
  double declared = 1;
  for (int i = 0; i < d; ++i) {
    const std::uint8_t* p = b + 4 + 4 * i;
    dims[i] = (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
    if (dims[i] == 0) return "dimension " + std::to_string(i + 1) + " has size 0";
    declared *= dims[i];
  }
  const std::uint64_t limit = max_elements < kIdxMaxBytes ? max_elements : kIdxMaxBytes;
  if (declared > double(limit)) return "too large: over " + with_commas(limit) + " elements (the limit)";
  for (std::uint32_t n : dims) total *= n;  // <= limit <= 2^30: no overflow
  return "";
}

std::string trailing_message(std::uint64_t extra, std::uint64_t total) {
  return "trailing bytes: " + plural(extra, "byte", "bytes") + " after the " + plural(total, "element", "elements");
}

// Inflates a whole gzip stream into `out`. As soon as the IDX header is out,
// the output is capped at the size it declares (so a small stream of zeros
// that would inflate to gigabytes stops after one chunk); before that, and
// for the declared size itself, kMaxFileBytes caps it.
std::string gunzip(const std::uint8_t* bytes, std::size_t size, std::uint64_t max_elements,
                   std::vector<std::uint8_t>& out) {
  z_stream s{};
  if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) return "cannot start zlib";  // 16: gzip wrapper only
  out.clear();
  std::vector<std::uint8_t> chunk(1 << 16);
  std::size_t fed = 0, limit = kMaxFileBytes;
  std::uint64_t total = 0;  // the declared element count, once the header is known
  bool header_known = false;
  std::string error;
  int r = Z_OK;
  while (r != Z_STREAM_END && error.empty()) {
    if (s.avail_in == 0 && fed < size) {
      const std::size_t n = size - fed < (std::size_t(1) << 30) ? size - fed : (std::size_t(1) << 30);
      s.next_in = const_cast<Bytef*>(bytes + fed);
      s.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    s.next_out = chunk.data();
    s.avail_out = static_cast<uInt>(chunk.size());
    r = inflate(&s, Z_NO_FLUSH);
    if (r == Z_BUF_ERROR) {  // no progress possible: the input ended inside the stream
      error = "truncated gzip stream";
      break;
    }
    if (r != Z_OK && r != Z_STREAM_END) {
      error = std::string("corrupt gzip stream") + (s.msg ? std::string(" (") + s.msg + ")" : "");
      break;
    }
    const std::size_t got = chunk.size() - s.avail_out;
    if (out.size() + got > limit) {
      error = header_known ? trailing_message(out.size() + got - limit, total) + " (at least)"
                           : "too large: over " + with_commas(limit) + " bytes once decompressed";
      break;
    }
    out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got));
    if (!header_known && !out.empty()) {
      std::vector<std::uint32_t> dims;
      std::size_t header = 0;
      bool short_input = false;
      std::string err = read_header(out.data(), out.size(), dims, header, total, max_elements, &short_input);
      if (err.empty()) {
        header_known = true;
        limit = header + static_cast<std::size_t>(total);
        out.reserve(limit);
      } else if (!short_input) {
        error = err;
      }
    }
  }
  if (error.empty() && (s.avail_in > 0 || fed < size)) error = "trailing bytes after the gzip stream";
  inflateEnd(&s);
  return error;
}

std::string parse_raw(const std::uint8_t* b, std::size_t size, std::uint64_t max_elements, IdxArray& out) {
  std::vector<std::uint32_t> dims;
  std::size_t header = 0;
  std::uint64_t total = 0;
  std::string err = read_header(b, size, dims, header, total, max_elements);
  if (!err.empty()) return err;
  const std::size_t have = size - header;
  if (have < total)
    return "truncated data: " + plural(have, "byte", "bytes") + " of elements, the sizes need " + with_commas(total);
  if (have > total) return trailing_message(have - total, total);
  out.dims = std::move(dims);
  out.data.assign(b + header, b + size);
  return "";
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::string parse_idx(const std::uint8_t* bytes, std::size_t size, const std::string& name, IdxArray& out,
                      std::uint64_t max_elements) {
  out = IdxArray{};
  if (size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) {
    std::vector<std::uint8_t> raw;
    std::string err = gunzip(bytes, size, max_elements, raw);
    if (err.empty()) err = parse_raw(raw.data(), raw.size(), max_elements, out);
    if (!err.empty()) {
      out = IdxArray{};
      return name + ": " + err;
    }
    return "";
  }
  std::string err = parse_raw(bytes, size, max_elements, out);
  return err.empty() ? "" : name + ": " + err;
}

std::string read_idx(const std::string& path, IdxArray& out, std::uint64_t max_elements) {
  out = IdxArray{};
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return path + ": cannot open the file";
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint8_t> chunk(1 << 16);
  for (;;) {
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), f.get());
    if (bytes.size() + n > kMaxFileBytes) return path + ": too large: over " + with_commas(kMaxFileBytes) + " bytes";
    bytes.insert(bytes.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
    if (n < chunk.size()) break;
  }
  if (std::ferror(f.get())) return path + ": cannot read the file";
  return parse_idx(bytes.data(), bytes.size(), path, out, max_elements);
}

std::string write_idx(const std::string& path, const IdxArray& a) {
  if (a.dims.empty() || a.dims.size() > 4)
    return path + ": " + std::to_string(a.dims.size()) + " dimensions: expected 1 to 4";
  std::uint64_t total = 1;
  for (std::uint32_t n : a.dims) {
    total *= n;
    if (total > kIdxMaxBytes) return path + ": too large: over " + with_commas(kIdxMaxBytes) + " elements";
  }
  if (total == 0) return path + ": a dimension has size 0";
  if (total != a.data.size())
    return path + ": the sizes need " + with_commas(total) + " bytes, the data has " + with_commas(a.data.size());
  std::vector<std::uint8_t> header{0, 0, 0x08, static_cast<std::uint8_t>(a.dims.size())};
  for (std::uint32_t n : a.dims)
    for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<std::uint8_t>(n >> shift));
  // One write_file_atomic (engine/io/bytes.h): a failed write leaves any old file intact.
  std::vector<std::uint8_t> bytes = std::move(header);
  bytes.insert(bytes.end(), a.data.begin(), a.data.end());
  const std::string e = write_file_atomic(path, bytes.data(), bytes.size());
  if (!e.empty()) return path + ": cannot write the file (" + e + ")";
  return "";
}

}  // namespace ganstep
