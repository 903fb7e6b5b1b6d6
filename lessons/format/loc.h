// A position in a lesson's TOML text.
#pragma once

namespace ganstep::lessons {

struct Loc {
  int line = 0;  // 1-based; 0 = unknown
  int col = 0;   // 1-based, in characters
};

}  // namespace ganstep::lessons
