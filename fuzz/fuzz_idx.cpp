// libFuzzer target: arbitrary bytes as an IDX file (raw or gzip).
// Built and run by scripts/fuzz.sh idx; replayed by the fuzz_replay_idx test.
//
// Checks, beyond "no crash, no sanitizer report":
//   - an error names the file and leaves the array empty;
//   - a parsed array has 1 to 4 non-zero sizes whose product is its byte count
//     (at most kIdxMaxBytes), and its raw IDX bytes parse to the same array.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/io/idx.h"

using namespace ganstep;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  IdxArray a;
  const std::string err = parse_idx(data, size, "f.idx", a);
  if (!err.empty()) {
    if (err.rfind("f.idx: ", 0) != 0 || err.size() <= 7 || !a.dims.empty() || !a.data.empty()) __builtin_trap();
    return 0;
  }
  if (a.dims.empty() || a.dims.size() > 4) __builtin_trap();
  std::uint64_t total = 1;
  for (std::uint32_t n : a.dims) {
    if (n == 0) __builtin_trap();
    total *= n;
  }
  if (total != a.data.size() || total > kIdxMaxBytes) __builtin_trap();

  std::vector<std::uint8_t> raw{0, 0, 0x08, static_cast<std::uint8_t>(a.dims.size())};
  for (std::uint32_t n : a.dims)
    for (int shift = 24; shift >= 0; shift -= 8) raw.push_back(static_cast<std::uint8_t>(n >> shift));
  raw.insert(raw.end(), a.data.begin(), a.data.end());
  IdxArray b;
  if (!parse_idx(raw.data(), raw.size(), "f.idx", b).empty() || b.dims != a.dims || b.data != a.data)
    __builtin_trap();
  return 0;
}
