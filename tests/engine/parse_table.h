// Table-driven checks of a name parser: each (text, value) pair parses to
// its value, and each bad text is refused.
//   check_parses(parse_opt, {{"adam", OptKind::Adam}, {"sgd", OptKind::Sgd}}, {"rmsprop"});
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <utility>

template <class E, class Parse>
void check_parses(Parse parse, std::initializer_list<std::pair<const char*, E>> good,
                  std::initializer_list<const char*> bad) {
  for (const auto& [text, want] : good) {
    INFO(text);
    E got{};
    CHECK(parse(std::string(text), got));
    CHECK(got == want);
  }
  for (const char* text : bad) {
    INFO(text);
    E got{};
    CHECK_FALSE(parse(std::string(text), got));
  }
}
