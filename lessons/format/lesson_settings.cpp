// A lesson's settings applied to the engine's configs (the run settings, the
// game's, and the entries of [training] compare), and its locks.
#include "lessons/format/lesson_schema.h"

#include <algorithm>

namespace ganstep::lessons {

bool Lesson::is_locked(const std::string& key) const {
  return std::find(locked.begin(), locked.end(), key) != locked.end();
}

bool Lesson::is_locked(const std::string& key, const std::vector<int>& fired) const {
  if (!is_locked(key)) return false;
  for (int i : fired) {
    if (i < 0 || static_cast<std::size_t>(i) >= beats.size()) continue;
    const auto& u = beats[static_cast<std::size_t>(i)].unlock;
    if (std::find(u.begin(), u.end(), key) != u.end()) return false;
  }
  return true;
}

std::string apply_game_settings(GameConfig& config, const std::vector<Setting>& set) {
  for (const auto& s : set) {
    std::string e = apply_game_setting(config, s.key, s.value);
    if (!e.empty()) return e;
  }
  return validate_game(config);
}

namespace {

// A compare entry's tokens (separated by spaces or tabs), each given to
// apply(token) in order; "" or the first error, with `at` its token's offset.
template <class Apply>
std::string each_compare_token(const std::string& entry, std::size_t* at, const char* empty_hint, Apply apply) {
  std::size_t i = 0;
  bool any = false;
  while (i < entry.size()) {
    if (entry[i] == ' ' || entry[i] == '\t') { ++i; continue; }
    std::size_t j = entry.find_first_of(" \t", i);
    if (j == std::string::npos) j = entry.size();
    const std::string token = entry.substr(i, j - i);
    any = true;
    std::string e = apply(token);
    if (!e.empty()) {
      if (at) *at = i;
      return e;
    }
    i = j;
  }
  if (at) *at = 0;
  if (!any) return std::string("an empty entry (") + empty_hint + ")";
  return "";
}

}  // namespace

std::string apply_compare(GameConfig& config, const std::string& entry, std::size_t* at) {
  std::string e = each_compare_token(entry, at, "write a rule, e.g. \"alternating\", or key=value settings",
                                     [&](const std::string& token) {
                                       return token.find('=') == std::string::npos
                                                  ? apply_game_setting(config, "rule", token)
                                                  : apply_game_setting(config, token);
                                     });
  return e.empty() ? validate_game(config) : e;
}

std::string apply_compare(GanConfig& config, const std::string& entry, std::size_t* at) {
  std::string e = each_compare_token(entry, at, "write key=value settings, e.g. \"objective=lsgan\"",
                                     [&](const std::string& token) { return apply_setting(config, token); });
  return e.empty() ? validate(config) : e;
}

std::string apply_settings(GanConfig& config, const std::vector<Setting>& set) {
  for (const auto& s : set) {
    std::string e = apply_setting(config, s.key, s.value);
    if (!e.empty()) return e;
  }
  return validate(config);
}

}  // namespace ganstep::lessons
