// IDX files: a table of malformed inputs (raw and gzip) with their messages,
// gzip and write/read round trips, a decompression bomb stopped early.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "engine/io/idx.h"

#ifndef GANSTEP_TEST_TMP_DIR
#error "GANSTEP_TEST_TMP_DIR must name a writable folder (set by tests/CMakeLists.txt)"
#endif

using namespace ganstep;
using Bytes = std::vector<std::uint8_t>;

namespace {

// 00 00 TYPE D, D big-endian sizes, then `data`.
Bytes idx_bytes(std::uint8_t type, const std::vector<std::uint32_t>& dims, const Bytes& data) {
  Bytes b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
  for (std::uint32_t n : dims)
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(n >> shift));
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

Bytes iota_bytes(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return b;
}

// gzip of `in`, followed by `zeros` zero bytes streamed through deflate
// (a large stream without holding it in memory).
Bytes gzip_bytes(const Bytes& in, std::size_t zeros = 0) {
  z_stream s{};
  REQUIRE(deflateInit2(&s, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  Bytes out, chunk(1 << 16), zero_chunk(1 << 20, 0);
  auto pump = [&](const std::uint8_t* p, std::size_t n, int flush) {
    s.next_in = const_cast<Bytef*>(p);
    s.avail_in = static_cast<uInt>(n);
    do {
      s.next_out = chunk.data();
      s.avail_out = static_cast<uInt>(chunk.size());
      deflate(&s, flush);
      out.insert(out.end(), chunk.begin(), chunk.end() - s.avail_out);
    } while (s.avail_out == 0);
  };
  pump(in.data(), in.size(), Z_NO_FLUSH);
  while (zeros > 0) {
    const std::size_t n = zeros < zero_chunk.size() ? zeros : zero_chunk.size();
    pump(zero_chunk.data(), n, Z_NO_FLUSH);
    zeros -= n;
  }
  pump(nullptr, 0, Z_FINISH);
  deflateEnd(&s);
  return out;
}

std::string tmp_path(const std::string& name) { return std::string(GANSTEP_TEST_TMP_DIR) + "/" + name; }

void write_file(const std::string& path, const Bytes& b) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string parse(const Bytes& b, IdxArray& out) { return parse_idx(b.data(), b.size(), "t.idx", out); }

struct BadCase {
  const char* what;
  Bytes bytes;
  const char* message;  // the whole message, file name included
};

}  // namespace

TEST_CASE("idx: malformed inputs give a message naming the file", "[idx]") {
  const Bytes good = idx_bytes(0x08, {2, 3}, iota_bytes(6));
  Bytes trailing = good;
  trailing.push_back(9);
  Bytes trailing_gz = gzip_bytes(good);
  trailing_gz.push_back(0);
  const Bytes gz = gzip_bytes(good);
  Bytes bad_crc = gz;
  bad_crc[bad_crc.size() - 6] ^= 0xff;  // the CRC-32 in the trailer
  Bytes bad_block = gzip_bytes(good);
  bad_block[10] = 0xff;  // first deflate block header: reserved block type 3

  const std::vector<BadCase> cases = {
      {"empty file", {}, "t.idx: truncated header: 0 bytes, an IDX header needs at least 4"},
      {"one byte", {0}, "t.idx: truncated header: 1 byte, an IDX header needs at least 4"},
      {"three bytes", {0, 0, 8}, "t.idx: truncated header: 3 bytes, an IDX header needs at least 4"},
      {"bad magic", {1, 0, 8, 1, 0, 0, 0, 1, 5}, "t.idx: not an IDX file: the first bytes are 01 00, expected 00 00"},
      {"text file", {'a', 'b', 'c', 'd', '\n'}, "t.idx: not an IDX file: the first bytes are 61 62, expected 00 00"},
      {"float elements", idx_bytes(0x0D, {1}, {0, 0, 0, 0}),
       "t.idx: element type 0x0d (float) is not supported: only unsigned byte (0x08) is read"},
      {"int elements", idx_bytes(0x0C, {1}, {0, 0, 0, 0}),
       "t.idx: element type 0x0c (int) is not supported: only unsigned byte (0x08) is read"},
      {"signed bytes", idx_bytes(0x09, {1}, {0}),
       "t.idx: element type 0x09 (signed byte) is not supported: only unsigned byte (0x08) is read"},
      {"unknown type", idx_bytes(0x42, {1}, {0}),
       "t.idx: element type 0x42 (unknown) is not supported: only unsigned byte (0x08) is read"},
      {"zero dimensions", {0, 0, 8, 0}, "t.idx: 0 dimensions: expected 1 to 4"},
      {"five dimensions", idx_bytes(0x08, {1, 1, 1, 1, 1}, {7}), "t.idx: 5 dimensions: expected 1 to 4"},
      {"sizes cut short", {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2},
       "t.idx: truncated header: 12 bytes, 3 dimensions need 16"},
      {"size cut inside", {0, 0, 8, 1, 0, 0}, "t.idx: truncated header: 6 bytes, 1 dimension needs 8"},
      {"a size of zero", idx_bytes(0x08, {4, 0, 2}, {}), "t.idx: dimension 2 has size 0"},
      {"data cut short", idx_bytes(0x08, {2, 3}, iota_bytes(5)),
       "t.idx: truncated data: 5 bytes of elements, the sizes need 6"},
      {"no data", idx_bytes(0x08, {10}, {}), "t.idx: truncated data: 0 bytes of elements, the sizes need 10"},
      {"one trailing byte", trailing, "t.idx: trailing bytes: 1 byte after the 6 elements"},
      {"too large (2 dims)", idx_bytes(0x08, {65536, 65536}, {}),
       "t.idx: too large: over 1,073,741,824 elements (the limit)"},
      {"too large (4 dims)", idx_bytes(0x08, {1024, 1024, 1024, 2}, {}),
       "t.idx: too large: over 1,073,741,824 elements (the limit)"},
      {"gzip magic only", {0x1f, 0x8b}, "t.idx: truncated gzip stream"},
      {"gzip, garbage after the magic", {0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff},
       "t.idx: corrupt gzip stream (invalid block type)"},
      {"gzip, bad method", {0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3},
       "t.idx: corrupt gzip stream (unknown compression method)"},
      {"gzip, bad block type", bad_block, "t.idx: corrupt gzip stream (invalid block type)"},
      {"gzip, bad CRC", bad_crc, "t.idx: corrupt gzip stream (incorrect data check)"},
      {"gzip cut in half", Bytes(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2)),
       "t.idx: truncated gzip stream"},
      {"gzip without its trailer", Bytes(gz.begin(), gz.end() - 8), "t.idx: truncated gzip stream"},
      {"bytes after the gzip stream", trailing_gz, "t.idx: trailing bytes after the gzip stream"},
      {"gzip of a non-IDX file", gzip_bytes({'h', 'e', 'l', 'l', 'o'}),
       "t.idx: not an IDX file: the first bytes are 68 65, expected 00 00"},
      {"gzip of float elements", gzip_bytes(idx_bytes(0x0D, {1}, {0, 0, 0, 0})),
       "t.idx: element type 0x0d (float) is not supported: only unsigned byte (0x08) is read"},
      {"gzip of a short header", gzip_bytes({0, 0, 8, 2, 0, 0, 0, 1}),
       "t.idx: truncated header: 8 bytes, 2 dimensions need 12"},
      {"gzip of short data", gzip_bytes(idx_bytes(0x08, {2, 3}, iota_bytes(4))),
       "t.idx: truncated data: 4 bytes of elements, the sizes need 6"},
      {"gzip of a trailing byte", gzip_bytes(trailing), "t.idx: trailing bytes: 1 byte after the 6 elements"},
      {"gzip declaring too much", gzip_bytes(idx_bytes(0x08, {65536, 65536, 1}, {})),
       "t.idx: too large: over 1,073,741,824 elements (the limit)"},
  };
  REQUIRE(cases.size() >= 12);
  for (const BadCase& c : cases) {
    INFO(c.what);
    IdxArray a;
    a.dims = {1};
    a.data = {42};
    CHECK(parse(c.bytes, a) == c.message);
    CHECK(a.dims.empty());  // nothing half-read is left behind
    CHECK(a.data.empty());
  }
}

TEST_CASE("idx: raw files parse exactly", "[idx]") {
  IdxArray a;
  REQUIRE(parse(idx_bytes(0x08, {2, 3}, iota_bytes(6)), a) == "");
  CHECK(a.dims == std::vector<std::uint32_t>{2, 3});
  CHECK(a.count() == 2);
  CHECK(a.data == iota_bytes(6));

  // Big-endian sizes, every byte of them used.
  REQUIRE(parse(idx_bytes(0x08, {0x00010203}, iota_bytes(0x00010203)), a) == "");
  CHECK(a.dims == std::vector<std::uint32_t>{0x00010203});
  REQUIRE(parse(idx_bytes(0x08, {1, 2, 3, 4}, iota_bytes(24)), a) == "");
  CHECK(a.dims == std::vector<std::uint32_t>{1, 2, 3, 4});
  CHECK(a.data.back() == static_cast<std::uint8_t>(23 * 7 + 3));
}

TEST_CASE("idx: gzip round trip gives the raw file's array", "[idx]") {
  const Bytes raw = idx_bytes(0x08, {5, 28, 28}, iota_bytes(5 * 784));
  const Bytes gz = gzip_bytes(raw);
  REQUIRE(gz[0] == 0x1f);
  REQUIRE(gz.size() < raw.size());
  IdxArray from_raw, from_gz;
  REQUIRE(parse(raw, from_raw) == "");
  REQUIRE(parse(gz, from_gz) == "");
  CHECK(from_gz.dims == std::vector<std::uint32_t>{5, 28, 28});
  CHECK(from_gz.data == from_raw.data);

  // Detected by the magic, not by the name; read_idx too.
  const std::string path = tmp_path("idx_roundtrip.bin");
  write_file(path, gz);
  IdxArray from_file;
  REQUIRE(read_idx(path, from_file) == "");
  CHECK(from_file.data == from_raw.data);
}

TEST_CASE("idx: a decompression bomb stops at the declared size", "[idx]") {
  // 64 MiB of zeros after a header that declares 16 elements: about 64 KiB of
  // gzip. Inflation stops one 64 KiB chunk in, at the declared size.
  const Bytes bomb = gzip_bytes(idx_bytes(0x08, {16}, {}), std::size_t(64) << 20);
  CHECK(bomb.size() < 100000);
  IdxArray a;
  const std::string err = parse(bomb, a);
  CHECK(err.rfind("t.idx: trailing bytes: ", 0) == 0);
  CHECK(err.find("after the 16 elements (at least)") != std::string::npos);
  CHECK(a.data.empty());
}

TEST_CASE("idx: write then read gives the same array and bytes", "[idx]") {
  IdxArray a;
  a.dims = {3, 4, 5};
  a.data = iota_bytes(60);
  const std::string path = tmp_path("idx_written-idx3-ubyte");
  std::remove(path.c_str());
  REQUIRE(write_idx(path, a) == "");
  CHECK(read_file(path) == idx_bytes(0x08, {3, 4, 5}, iota_bytes(60)));
  IdxArray b;
  REQUIRE(read_idx(path, b) == "");
  CHECK(b.dims == a.dims);
  CHECK(b.data == a.data);
  CHECK(read_file(path + ".part").empty());  // no scratch file left behind

  // Overwrites in place.
  a.dims = {60};
  REQUIRE(write_idx(path, a) == "");
  REQUIRE(read_idx(path, b) == "");
  CHECK(b.dims == std::vector<std::uint32_t>{60});
}

TEST_CASE("idx: write_idx and read_idx refuse bad arrays and paths", "[idx]") {
  const std::string path = tmp_path("idx_refused");
  write_file(path, {1, 2, 3});
  struct Case {
    std::vector<std::uint32_t> dims;
    std::size_t bytes;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{}, 0, path + ": 0 dimensions: expected 1 to 4"},
      {{1, 1, 1, 1, 1}, 1, path + ": 5 dimensions: expected 1 to 4"},
      {{2, 3}, 5, path + ": the sizes need 6 bytes, the data has 5"},
      {{2, 0}, 0, path + ": a dimension has size 0"},
      {{65536, 65536}, 0, path + ": too large: over 1,073,741,824 elements"},
  };
  for (const Case& c : cases) {
    IdxArray a;
    a.dims = c.dims;
    a.data = iota_bytes(c.bytes);
    CHECK(write_idx(path, a) == c.message);
  }
  CHECK(read_file(path) == Bytes{1, 2, 3});  // the old file is untouched

  IdxArray a;
  a.dims = {1};
  a.data = {1};
  const std::string missing_dir = tmp_path("no_such_folder/x-idx1-ubyte");
  CHECK_THAT(write_idx(missing_dir, a), Catch::StartsWith(missing_dir + ": cannot write the file ("));

  CHECK(read_idx(tmp_path("no_such_file"), a) == tmp_path("no_such_file") + ": cannot open the file");
  CHECK(a.dims.empty());
  CHECK(read_idx(path, a) == path + ": truncated header: 3 bytes, an IDX header needs at least 4");
#ifndef __EMSCRIPTEN__
  // A folder opens (fopen on Linux) but cannot be read. Under node's NODERAWFS
  // the open itself fails, with the other message.
  CHECK(read_idx(GANSTEP_TEST_TMP_DIR, a) == std::string(GANSTEP_TEST_TMP_DIR) + ": cannot read the file");
#endif
}
