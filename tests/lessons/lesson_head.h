// The lines every test lesson starts with: the format line and a [meta]
// table in both languages (7 lines, so line numbers in messages stay put).
#pragma once

#include <string>

inline std::string lesson_head(const char* id, const char* title_en, const char* title_pt, const char* summary_en,
                               const char* summary_pt) {
  return std::string("format = 1\n[meta]\nid = \"") + id + "\"\ntitle.en = \"" + title_en + "\"\ntitle.pt = \"" +
         title_pt + "\"\nsummary.en = \"" + summary_en + "\"\nsummary.pt = \"" + summary_pt + "\"\n";
}
