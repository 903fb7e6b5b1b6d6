// quote_input (at most 80 characters of user input in a message), the BOM
// helpers, did_you_mean and shortest_text.
#include <catch2/catch.hpp>

#include <limits>
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

TEST_CASE("shortest_text reads back as the same float or double", "[text]") {
  struct Case {
    double v;
    bool as_float;
    int min_precision;
    const char* text;
  };
  const Case cases[] = {
      {0.1, false, 1, "0.1"},
      {0.1f, true, 1, "0.1"},
      {0.1f, false, 1, "0.10000000149011612"},  // the float's exact double
      {0.001f, true, 6, "0.001"},
      {0.001f, false, 6, "0.0010000000474974513"},
      {0.0002f, true, 6, "0.0002"},
      {1.0 / 3, false, 1, "0.3333333333333333"},
      {static_cast<float>(1.0 / 3), true, 1, "0.33333334"},
      {123456789.0, true, 6, "1.2345679e+08"},  // %.6g (1.23457e+08) is another float
      {100000, false, 1, "1e+05"},
      {100000, false, 15, "100000"},  // a minimum precision keeps the plain form
      {2, false, 1, "2"},
      {1e-7, false, 1, "1e-07"},
      {-0.0, false, 1, "-0"},
      {0.1, false, 0, "0.1"},   // clamped to 1
      {0.5, false, 99, "0.5"},  // clamped to 17
      {std::numeric_limits<double>::infinity(), false, 1, "inf"},
      {-std::numeric_limits<double>::infinity(), true, 6, "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), false, 15, "nan"},
  };
  for (const auto& c : cases) {
    INFO(c.v << " as_float=" << c.as_float << " min_precision=" << c.min_precision);
    CHECK(shortest_text(c.v, c.as_float, c.min_precision) == c.text);
  }
}

TEST_CASE("did_you_mean: edit distance 2, else a name the word starts with", "[text]") {
  // More cases with the settings' names in test_config.cpp.
  const std::vector<std::string> names = {"batch", "noise_dim", "lr_d", "load"};
  CHECK(did_you_mean("noise", names) == "noise_dim");
  CHECK(did_you_mean("", names) == "");
  CHECK(did_you_mean("d_lr", names) == "lr_d");  // the same parts in another order
  CHECK(did_you_mean("anything", {}) == "");
  // The same words in another order come first: "d_loss" is 4 edits from "loss_d".
  const std::vector<std::string> metrics = {"d_real", "d_fake", "loss_d", "loss_g", "js", "distance"};
  CHECK(did_you_mean("d_loss", metrics) == "loss_d");
  CHECK(did_you_mean("g-loss", metrics) == "loss_g");
  CHECK(did_you_mean("real_d", metrics) == "d_real");
  CHECK(did_you_mean("loss", metrics) == "loss_d");  // one word: the rules before
}

TEST_CASE("number_text: the one formatter of numbers shown to students", "[text]") {
  struct Case {
    double v;
    char style;
    int digits;
    bool comma;
    const char* text;
  };
  const Case cases[] = {
      {0.0812, 'g', 3, false, "0.0812"},
      {0.0812, 'g', 3, true, "0,0812"},
      {0.693147, 'g', 3, true, "0,693"},
      {0.5, 'g', 3, false, "0.5"},  // trailing zeros dropped
      {9.996, 'g', 3, false, "10"},  // rounding that gains a digit
      {1234.6, 'g', 3, false, "1235"},  // never an exponent
      {0, 'g', 3, false, "0"},
      {-0.0001, 'g', 1, false, "−0.0001"},  // a true minus sign
      {0.5, 'f', 2, true, "0,50"},
      {2.0, 'f', 0, false, "2"},
      {0.262, '%', 0, true, "26%"},
      {0.2626, '%', 1, true, "26,3%"},
      {std::numeric_limits<double>::quiet_NaN(), 'f', 2, true, "—"},
      {-std::numeric_limits<double>::infinity(), 'g', 3, true, "−∞"},
  };
  for (const auto& c : cases) {
    INFO(c.v << " " << c.style << c.digits << " comma=" << c.comma);
    CHECK(number_text(c.v, c.style, c.digits, c.comma) == c.text);
  }
  CHECK(decimal_comma("x = 0.500, D(x) = 1.25 · v1.86.x") == "x = 0,500, D(x) = 1,25 · v1,86.x");
  CHECK(decimal_comma("loss_d. 3.") == "loss_d. 3.");
}
