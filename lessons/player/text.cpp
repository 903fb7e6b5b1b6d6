#include "lessons/player/text.h"

namespace ganstep::ui {
namespace {

struct Pair {
  const char* en;
  const char* pt;
};

const Pair kTexts[] = {
#define GANSTEP_TEXT_PAIR(id, en, pt) {en, pt},
    GANSTEP_TEXTS(GANSTEP_TEXT_PAIR)
#undef GANSTEP_TEXT_PAIR
};
static_assert(sizeof(kTexts) / sizeof(kTexts[0]) == static_cast<std::size_t>(S::Count),
              "one pair per text id");

}  // namespace

const char* tr(Lang lang, S id) {
  const int i = static_cast<int>(id);
  if (i < 0 || i >= static_cast<int>(S::Count)) return "?";
  return lang == Lang::Pt ? kTexts[i].pt : kTexts[i].en;
}

const char* phase_text(Lang lang, int phase) {
  static_assert(static_cast<int>(S::PhUpdateG) - static_cast<int>(S::PhSampleNoiseD) == 8, "9 phases");
  if (phase < 0 || phase > 8) return "?";
  return tr(lang, static_cast<S>(static_cast<int>(S::PhSampleNoiseD) + phase));
}

}  // namespace ganstep::ui
