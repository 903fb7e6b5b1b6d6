// libFuzzer target: arbitrary bytes as a share link (lessons/format/share.h).
// Built and run by scripts/fuzz.sh share; replayed by the fuzz_replay_share test.
//
// Each input is read twice: as link text, and as the DEFLATE data of a version 2
// link with a correct CRC-32 (so mutations reach the decompressor and the lesson
// parser behind the checksum). Checks, beyond "no crash, no sanitizer report":
//   - every problem has a position (line, col >= 1) and a message;
//   - a problem about the link itself (line 1) is short (input echoed at most
//     80 characters);
//   - a link that reads gives a lesson whose own link reads back to the same lesson.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lessons/format/lesson.h"
#include "lessons/format/share.h"

using namespace ganstep::lessons;

namespace {

void check(const LoadResult& r) {
  for (const auto& p : r.problems)
    if (p.line < 1 || p.col < 1 || p.message.empty() || p.message.size() > 1000) __builtin_trap();
  if (!r.ok()) return;
  const std::string payload = make_share_payload(r.lesson);
  if (payload.empty()) return;  // too large to share again (a link may expand past the cap)
  LoadResult again = parse_share_link(payload);
  if (!again.ok() || save_lesson(again.lesson) != save_lesson(r.lesson)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check(parse_share_link(bytes));
  check(parse_share_link(share_envelope(bytes)));
  return 0;
}
