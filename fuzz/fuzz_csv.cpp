// libFuzzer target: arbitrary bytes as a csv: points file (engine/gan/dataset.h).
// Built and run by scripts/fuzz.sh csv; replayed by the fuzz_replay_csv test.
//
// Checks, beyond "no crash, no sanitizer report":
//   - an error starts with "f.csv:LINE: " and is short (user input is echoed
//     at most 80 characters);
//   - a parsed set is 2-D, its samples are finite and lie inside its bounds.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/rng.h"
#include "engine/gan/dataset.h"

using namespace ganstep;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string err;
  auto d = parse_csv_points(text, "f.csv", err);
  if (!d) {
    if (err.rfind("f.csv:", 0) != 0 || err.size() > 400) __builtin_trap();
    const std::size_t colon = err.find(": ", 6);
    if (colon == std::string::npos || colon == 6) __builtin_trap();
    for (std::size_t i = 6; i < colon; ++i)
      if (err[i] < '0' || err[i] > '9') __builtin_trap();
    return 0;
  }
  if (!err.empty() || d->dim() != 2) __builtin_trap();
  const Bounds b = d->bounds();
  Rng rng(1, 1);
  float xy[2 * 16];
  d->sample(rng, 16, xy);
  for (int i = 0; i < 32; ++i) {
    if (!std::isfinite(xy[i]) || xy[i] < -1e6f || xy[i] > 1e6f) __builtin_trap();
    if (xy[i] <= b.lo[i % 2] || xy[i] >= b.hi[i % 2]) __builtin_trap();
  }
  return 0;
}
