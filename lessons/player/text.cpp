#include "lessons/player/text.h"

#include <cstdarg>
#include <cstdio>
#include <vector>

#include "engine/core/text.h"

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

namespace {

// A window title without its ImGui id ("Title###id").
std::string visible(const char* label) {
  std::string s = label;
  const std::size_t id = s.find("##");
  return id == std::string::npos ? s : s.substr(0, id);
}

}  // namespace

std::string control_label(Lang lang, lessons::Control c) {
  using lessons::Control;
  switch (c) {
    case Control::Play: return tr(lang, S::Play);
    case Control::Phase: return tr(lang, S::StepPhase);
    case Control::DStep: return tr(lang, S::StepDStep);
    case Control::Iteration: return tr(lang, S::StepIteration);
    case Control::StepN: return tr(lang, S::StepN);
    case Control::BackPhase: return tr(lang, S::BackPhase);
    case Control::BackIteration: return tr(lang, S::BackIteration);
    case Control::Reset: return tr(lang, S::Reset);
    case Control::Seed: return tr(lang, S::Seed);
    case Control::Checkpoint: return tr(lang, S::ImgCheckpoint);
    case Control::Open: return tr(lang, S::OpenFile);
    case Control::Share: return tr(lang, S::Share);
    case Control::Help: return tr(lang, S::Help);
  }
  return "?";
}

std::string panel_title(Lang lang, lessons::Panel panel) {
  using lessons::Panel;
  switch (panel) {
    case Panel::Algorithm: return visible(tr(lang, S::WinAlgorithm));
    case Panel::View1d: return visible(tr(lang, S::WinView1d));
    case Panel::View2d: return visible(tr(lang, S::WinView2d));
    case Panel::Minibatch: return visible(tr(lang, S::WinMinibatch));
    case Panel::Logloss: return visible(tr(lang, S::WinLogLoss));
    case Panel::Charts: return visible(tr(lang, S::WinCharts));
    case Panel::Settings: return visible(tr(lang, S::WinSettings));
    case Panel::Narration: return visible(tr(lang, S::WinNarration));
    case Panel::Saddle: return visible(tr(lang, S::WinSaddle));
    case Panel::Samples: return visible(tr(lang, S::WinSamples));
    case Panel::DOutputs: return visible(tr(lang, S::WinDOutputs));
    case Panel::Latent: return visible(tr(lang, S::WinLatent));
    case Panel::Classes: return visible(tr(lang, S::WinClasses));
    case Panel::Styles: return visible(tr(lang, S::WinStyles));
    case Panel::Inversion: return visible(tr(lang, S::WinInversion));
    case Panel::CodePath: return visible(tr(lang, S::WinCodePath));
    case Panel::Scores: return visible(tr(lang, S::WinScores));
    case Panel::Roc: return visible(tr(lang, S::WinRoc));
    case Panel::Projection: return visible(tr(lang, S::WinProjection));
    case Panel::Interpolation: return visible(tr(lang, S::WinInterpolation));
  }
  return "?";
}

std::string fmt_num(Lang lang, const char* format, ...) {
  va_list args, copy;
  va_start(args, format);
  va_copy(copy, args);
  const int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  std::vector<char> buf(static_cast<std::size_t>(n > 0 ? n : 0) + 1);
  std::vsnprintf(buf.data(), buf.size(), format, args);
  va_end(args);
  std::string s(buf.data());
  return lang == Lang::Pt ? decimal_comma(s) : s;
}

}  // namespace ganstep::ui
