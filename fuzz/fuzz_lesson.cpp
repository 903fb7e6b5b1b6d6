// libFuzzer target: arbitrary bytes as a lesson file (and as markdown text).
// Built and run by scripts/fuzz.sh lesson; replayed by the fuzz_replay_lesson test.
//
// Checks, beyond "no crash, no sanitizer report, no exception":
//   - every problem has a position (line, col >= 1) and a message;
//   - a lesson that parses saves to TOML that parses again to the same lesson
//     (full and compact), and survives a share link.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lessons/format/lesson.h"
#include "lessons/format/markdown.h"
#include "lessons/format/share.h"

using namespace ganstep::lessons;

namespace {

void check_problems(const LoadResult& r) {
  for (const auto& p : r.problems)
    if (p.line < 1 || p.col < 1 || p.message.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  ParseOptions no_files;
  no_files.allow_files = false;  // never let the fuzzer read files through csv:
  LoadResult r = parse_lesson(text, no_files);
  check_problems(r);
  if (r.ok()) {
    const std::string full = save_lesson(r.lesson, false);
    LoadResult again = parse_lesson(full, no_files);
    if (!again.ok() || save_lesson(again.lesson, false) != full) __builtin_trap();
    LoadResult compact = parse_lesson(save_lesson(r.lesson, true), no_files);
    if (!compact.ok() || save_lesson(compact.lesson, false) != full) __builtin_trap();
    const std::string payload = make_share_payload(r.lesson);
    if (!payload.empty()) {
      LoadResult linked = parse_share_link(payload);
      if (!linked.ok() || save_lesson(linked.lesson, false) != full) __builtin_trap();
    }
  }

  parse_markdown(text);
  return 0;
}
