// quote_input (at most 80 characters of user input in a message), the BOM
// helpers and did_you_mean.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/core/text.h"

using namespace ganstep;

TEST_CASE("quote_input shows at most 80 characters", "[text]") {
  CHECK(quote_input("abc") == "\"abc\"");
  CHECK(quote_input("") == "\"\"");
  CHECK(quote_input(std::string(80, 'a')) == "\"" + std::string(80, 'a') + "\"");
  CHECK(quote_input(std::string(81, 'a')) == "\"" + std::string(80, 'a') + "…\" (81 characters)");
  CHECK(quote_input(std::string(100000, 'a')).size() < 120);
  // control characters are escaped, and an escape counts as what it shows
  CHECK(quote_input("a\nb\tc\x01") == "\"a\\nb\\tc\\x01\"");
  const std::string controls(100, '\x14');
  CHECK(quote_input(controls) == "\"" + std::string("\\x14\\x14\\x14\\x14\\x14\\x14\\x14\\x14\\x14\\x14"
                                                    "\\x14\\x14\\x14\\x14\\x14\\x14\\x14\\x14\\x14\\x14") +
                                     "…\" (100 characters)");
  // cut on a character boundary: UTF-8 characters count once
  const std::string accents = [] {
    std::string s;
    for (int i = 0; i < 100; ++i) s += "ã";
    return s;
  }();
  const std::string q = quote_input(accents);
  CHECK(q.rfind("\"" + accents.substr(0, 160) + "…\" (100 characters)", 0) == 0);
  CHECK(quote_input(accents.substr(0, 160)) == "\"" + accents.substr(0, 160) + "\"");
  // bytes that are not UTF-8 (stray continuation bytes, a cut character) are escaped and counted
  CHECK(quote_input("\xB3\xB3") == "\"\\xb3\\xb3\"");
  CHECK(quote_input("a\xC3") == "\"a\\xc3\"");
  CHECK(quote_input(std::string(5000, '\xB3')).size() < 120);
}

TEST_CASE("a UTF-8 BOM is skipped only at the start", "[text]") {
  CHECK(skip_utf8_bom("\xEF\xBB\xBF" "x,y") == "x,y");
  CHECK(skip_utf8_bom("x,y") == "x,y");
  CHECK(skip_utf8_bom("\xEF\xBB") == "\xEF\xBB");
  CHECK(has_utf8_bom("\xEF\xBB\xBF"));
  CHECK_FALSE(has_utf8_bom(" \xEF\xBB\xBF"));
}

TEST_CASE("did_you_mean: edit distance 2, else a name the word starts with", "[text]") {
  // More cases with the settings' names in test_config.cpp.
  const std::vector<std::string> names = {"batch", "noise_dim", "lr_d", "load"};
  CHECK(did_you_mean("noise", names) == "noise_dim");
  CHECK(did_you_mean("", names) == "");
  CHECK(did_you_mean("anything", {}) == "");
}
