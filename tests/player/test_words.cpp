// Words match the screen: lesson texts name controls only through
// {button:…} (so "press Step" cannot name a button that does not exist), the
// narration shows the buttons' real labels in both languages, colours have
// one name per language in the help and the lessons, and a narrated live
// value follows the language (decimal comma in pt).
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "lessons/format/beat_text.h"
#include "lessons/format/library.h"
#include "lessons/player/text.h"
#include "lessons/player/theme.h"
#include "tests/player/headless.h"

using namespace ganstep;
using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

// Every text of a lesson's beats in one language.
std::vector<std::string> beat_texts(const lessons::Lesson& l, lessons::Lang lang) {
  std::vector<std::string> v;
  for (const auto& b : l.beats) {
    v.push_back(b.text.get(lang));
    if (!b.question) continue;
    v.push_back(b.question->prompt.get(lang));
    v.push_back(b.question->feedback.get(lang));
    for (const auto& c : b.question->choices) v.push_back(c.get(lang));
  }
  return v;
}

// The narration (the page the panel shows) of two-players after `steps` iterations.
std::string narration_at(Lang lang, std::int64_t steps) {
  PlayerOptions o;
  o.lesson = "two-players";
  o.lang = lang;
  o.step = steps;
  Player p(o);
  Headless h(p);
  h.frame(p);
  return p.beats_json();
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

TEST_CASE("lesson texts name buttons only through {button:…}", "[words]") {
  // "press X", "aperte X", "use **X**": X must be a control placeholder.
  const std::regex verb(R"((?:^|[^a-zA-Z])(press|pressing|aperte|apertar|use) \*{0,2}(\S+))", std::regex::icase);
  for (const auto& l : lessons::library_lessons())
    for (lessons::Lang lang : {lessons::Lang::En, lessons::Lang::Pt})
      for (const auto& t : beat_texts(l, lang))
        for (auto m = std::sregex_iterator(t.begin(), t.end(), verb); m != std::sregex_iterator(); ++m) {
          const std::string word = (*m)[2];
          const bool named = word.rfind("{button:", 0) == 0;
          // "use" with other objects ("use log10") is fine; a bold "use **X**" must be a control.
          if (lower((*m)[1]) == "use" && (*m).str().find("**") == std::string::npos) continue;
          INFO(l.id << ": " << (*m).str());
          CHECK(named);
        }
}

TEST_CASE("the narration shows the buttons' real labels", "[words]") {
  // two-players' second beat: press the iteration button.
  for (Lang lang : {Lang::En, Lang::Pt}) {
    const std::string beats = narration_at(lang, 1);
    INFO(beats);
    const std::string label = control_label(lang, lessons::Control::Iteration);
    CHECK(label == (lang == Lang::Pt ? "Iteração ▸" : "Iteration ▸"));
    CHECK(beats.find("**" + label + "**") != std::string::npos);
    CHECK(beats.find("{button:") == std::string::npos);
  }
  CHECK(control_label(Lang::En, lessons::Control::BackPhase) == tr(Lang::En, S::BackPhase));
  CHECK(panel_title(Lang::Pt, lessons::Panel::Settings) == "Hiperparâmetros");
}

TEST_CASE("a narrated live value follows the language", "[words]") {
  for (Lang lang : {Lang::En, Lang::Pt}) {
    const std::string beats = narration_at(lang, 300);
    INFO(beats);
    // "D's loss is 0.693" / "a perda de D é 0,693" (loss_d = 0.6933 at iteration 300)
    CHECK(beats.find(lang == Lang::Pt ? "é 0,693 ≈ ln 2" : "is 0.693 ≈ ln 2") != std::string::npos);
    CHECK(beats.find("{loss_d") == std::string::npos);
  }
}

TEST_CASE("one colour vocabulary per language: the help and the lessons", "[words]") {
  // Other names for the plots' colours (Okabe–Ito calls the fakes' colour vermillion).
  const std::vector<std::string> other_en = {"vermillion", "vermilion", "red", "pink", "magenta", "violet", "cyan", "amber"};
  const std::vector<std::string> other_pt = {"vermelhão", "vermelho", "vermelha", "rosa", "magenta", "violeta", "ciano", "âmbar"};
  auto words_of = [](const std::string& t) {
    std::vector<std::string> w;
    std::string cur;
    for (char c : t + " ") {
      const unsigned char u = static_cast<unsigned char>(c);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80 || c == '-') cur += c;
      else if (!cur.empty()) w.push_back(lower(cur)), cur.clear();
    }
    return w;
  };
  auto check = [&](const std::string& where, const std::string& text, const std::vector<std::string>& other) {
    for (const auto& w : words_of(text))
      for (const auto& o : other) {
        INFO(where << ": \"" << w << "\" in " << text.substr(0, 120));
        CHECK(w != o);
      }
  };
  for (int i = 0; i < static_cast<int>(S::Count); ++i) {
    check("ui en", tr(Lang::En, static_cast<S>(i)), other_en);
    check("ui pt", tr(Lang::Pt, static_cast<S>(i)), other_pt);
  }
  for (const auto& l : lessons::library_lessons()) {
    for (const auto& t : beat_texts(l, lessons::Lang::En)) check(l.id, t, other_en);
    for (const auto& t : beat_texts(l, lessons::Lang::Pt)) check(l.id, t, other_pt);
  }
  // The help names the fakes' colour by its one name.
  std::string fake_en, fake_pt;
  for (const auto& n : col::kNames)
    if (n.colour == col::kFake) fake_en = n.en, fake_pt = n.pt;
  CHECK(std::string(tr(Lang::En, S::HelpColours)).find(fake_en) != std::string::npos);
  CHECK(std::string(tr(Lang::Pt, S::HelpColours)).find(fake_pt) != std::string::npos);
}

TEST_CASE("numbers in panels follow the language", "[words]") {
  CHECK(fmt_num(Lang::Pt, "D(x) = %.4f", 0.5) == "D(x) = 0,5000");
  CHECK(fmt_num(Lang::En, "D(x) = %.4f", 0.5) == "D(x) = 0.5000");
  CHECK(fmt_num(Lang::Pt, tr(Lang::Pt, S::LlNegMean), "ln", 0.693147) == "média negativa −(1/n) ∑ ln(corrigida) = 0,69315");
}
