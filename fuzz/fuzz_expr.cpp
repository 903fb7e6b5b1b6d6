// libFuzzer target: arbitrary bytes as a custom game's formula
// (engine/game/expr.h). Built and run by scripts/fuzz.sh expr; replayed by
// the fuzz_replay_expr test.
//
// Checks, beyond "no crash, no sanitizer report, no stack overflow":
//   - an error is "formula:COL: error: ..." with 1 <= COL <= length + 1, and short;
//   - a parsed formula evaluates (any value, NaN included) at a few points, and
//     twice at the same point to the same bits.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "engine/game/expr.h"

using namespace ganstep;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Expr e;
  std::string err;
  if (!Expr::parse(text, e, err)) {
    if (err.rfind("formula:", 0) != 0 || err.size() > 400) __builtin_trap();
    const long col = std::strtol(err.c_str() + 8, nullptr, 10);
    if (col < 1 || static_cast<std::size_t>(col) > text.size() + 1) __builtin_trap();
    if (err.find(": error: ") == std::string::npos) __builtin_trap();
    return 0;
  }
  const double points[][2] = {{0, 0}, {1, -1}, {-2.5, 0.5}, {1e300, -1e-300}, {3, 1e15}};
  for (const auto& p : points) {
    const Jet a = e.eval(p[0], p[1]), b = e.eval(p[0], p[1]);
    if (std::memcmp(&a, &b, sizeof a) != 0) __builtin_trap();
  }
  return 0;
}
