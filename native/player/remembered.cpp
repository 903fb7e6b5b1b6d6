// The desktop player's remembered language (remembered.h).
#include "native/player/remembered.h"

#include "engine/io/bytes.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/core/text.h"

namespace ganstep::native {
namespace {

std::string config_dir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg == '/') return std::string(xdg) + "/ganstep";
  const char* home = std::getenv("HOME");
  if (home && *home) return std::string(home) + "/.config/ganstep";
  return "";
}


}  // namespace

std::string remembered_path() {
  const std::string d = config_dir();
  return d.empty() ? "" : d + "/player.toml";
}

bool load_remembered_lang(ui::Lang& out, std::string& warning) {
  warning.clear();
  const std::string path = remembered_path();
  if (path.empty()) return false;
  std::ifstream in(path);
  if (!in) return false;  // nothing remembered yet
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1) line = std::string(skip_utf8_bom(line));  // as some editors save it
    const std::size_t key = line.find_first_not_of(" \t");
    if (key == std::string::npos || line[key] == '#') continue;
    if (line.compare(key, 4, "lang") != 0) continue;  // keys of later versions are skipped
    const std::size_t q1 = line.find('"', key), q2 = q1 == std::string::npos ? q1 : line.find('"', q1 + 1);
    ui::Lang l;
    if (q2 != std::string::npos && ui::parse_lang(line.substr(q1 + 1, q2 - q1 - 1), l)) {
      out = l;
      return true;
    }
    warning = path + ":" + std::to_string(number) + ":" + std::to_string(key + 1) +
              ": lang must be \"en\" or \"pt\"; ignored";
    return false;
  }
  return false;
}

bool save_remembered_lang(ui::Lang lang, std::string& error) {
  error.clear();
  const std::string path = remembered_path();
  if (path.empty()) {
    error = "neither XDG_CONFIG_HOME nor HOME is set; the language is not remembered";
    return false;
  }
  error = make_dirs(config_dir());
  if (!error.empty()) return false;
  const std::string text = std::string("# ganstep-player remembers these between runs\nlang = \"") +
                           (lang == ui::Lang::Pt ? "pt" : "en") + "\"\n";
  error = write_file_atomic(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  if (!error.empty()) return false;
  return true;
}

}  // namespace ganstep::native
