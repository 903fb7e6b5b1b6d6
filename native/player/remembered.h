// What the desktop player remembers between runs: the language. One line,
//   lang = "pt"
// in $XDG_CONFIG_HOME/ganstep/player.toml (else ~/.config/ganstep/player.toml).
// A missing or unreadable file means "nothing remembered"; writes are atomic
// (a temporary file, then rename), so a crash never leaves half a file.
#pragma once

#include <string>

#include "lessons/player/player.h"

namespace ganstep::native {

std::string remembered_path();  // "" when neither XDG_CONFIG_HOME nor HOME is set
// False when nothing usable is saved; warning says why when the file is there but bad.
bool load_remembered_lang(ui::Lang& out, std::string& warning);
bool save_remembered_lang(ui::Lang lang, std::string& error);

}  // namespace ganstep::native
