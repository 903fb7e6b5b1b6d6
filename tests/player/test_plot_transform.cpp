// Plot coordinate maths: transforms both ways, nice ticks, labels, aspect, decimation.
#include <catch2/catch.hpp>

#include <cmath>

#include "lessons/player/plot_transform.h"

using namespace ganstep::ui;

TEST_CASE("axis: data to screen and back", "[plot]") {
  const Axis x{-2.0, 6.0, 100.0f, 500.0f};
  CHECK(x.to_screen(-2.0) == Approx(100.0f));
  CHECK(x.to_screen(6.0) == Approx(500.0f));
  CHECK(x.to_screen(2.0) == Approx(300.0f));
  CHECK(x.to_data(300.0f) == Approx(2.0));
  for (double v : {-2.0, -0.3, 0.0, 1.7, 5.99})
    CHECK(x.to_data(x.to_screen(v)) == Approx(v).margin(1e-5));
  // A vertical axis: data grows upwards, screen y downwards.
  const Axis y{0.0, 1.0, 400.0f, 100.0f};
  CHECK(y.to_screen(0.0) == Approx(400.0f));
  CHECK(y.to_screen(1.0) == Approx(100.0f));
  CHECK(y.to_data(250.0f) == Approx(0.5));
  // Degenerate ranges map to the middle instead of dividing by zero.
  const Axis d{1.0, 1.0, 0.0f, 10.0f};
  CHECK(d.to_screen(1.0) == Approx(5.0f));
}

TEST_CASE("nice numbers are 1, 2 or 5 times a power of ten", "[plot]") {
  CHECK(nice_number(0.23, true) == Approx(0.2));
  CHECK(nice_number(0.23, false) == Approx(0.5));
  CHECK(nice_number(1.0, false) == Approx(1.0));
  CHECK(nice_number(7.3, true) == Approx(10.0));
  CHECK(nice_number(3.2, true) == Approx(5.0));
  CHECK(nice_number(1400, true) == Approx(1000.0));
  CHECK(nice_number(0.0, true) == 1.0);
}

TEST_CASE("nice ticks", "[plot]") {
  auto check_nice = [](double step) {
    const double e = std::pow(10.0, std::floor(std::log10(step)));
    const double f = step / e;
    return std::fabs(f - 1) < 1e-9 || std::fabs(f - 2) < 1e-9 || std::fabs(f - 5) < 1e-9;
  };
  struct Case { double lo, hi; int max; };
  for (const Case& c : {Case{0, 1, 5}, Case{-2.3, 6.7, 8}, Case{0, 3000, 6}, Case{0.6931, 0.6932, 4},
                        Case{-1e-3, 2e-3, 5}, Case{1.8, 6.2, 10}, Case{-3, 3, 2}}) {
    INFO(c.lo << " .. " << c.hi << " max " << c.max);
    const Ticks t = nice_ticks(c.lo, c.hi, c.max);
    REQUIRE(!t.values.empty());
    CHECK(check_nice(t.step));
    CHECK(static_cast<int>(t.values.size()) <= c.max + 1);
    for (double v : t.values) {
      CHECK(v >= c.lo - 1e-9 * std::fabs(c.hi - c.lo));
      CHECK(v <= c.hi + 1e-9 * std::fabs(c.hi - c.lo));
      const double k = v / t.step;
      CHECK(std::fabs(k - std::round(k)) < 1e-6);
    }
    for (std::size_t i = 1; i < t.values.size(); ++i) CHECK(t.values[i] - t.values[i - 1] == Approx(t.step));
  }
  const Ticks t = nice_ticks(0, 1, 6);
  CHECK(t.step == Approx(0.2));
  CHECK(t.decimals == 1);
  REQUIRE(t.values.size() == 6);
  CHECK(t.values.front() == 0.0);
  CHECK(t.values.back() == Approx(1.0));
  CHECK(nice_ticks(0, 3000, 6).decimals == 0);
  // Reversed and degenerate ranges still give ticks.
  CHECK(!nice_ticks(5, 1, 5).values.empty());
  CHECK(!nice_ticks(2, 2, 5).values.empty());
}

TEST_CASE("tick labels", "[plot]") {
  CHECK(format_tick(0.2, 1) == "0.2");
  CHECK(format_tick(-0.0, 1) == "0.0");
  CHECK(format_tick(-1e-17, 2) == "0.00");
  CHECK(format_tick(1500, 0) == "1500");
  CHECK(format_tick(2.5e7, 0) == "2.5e+07");
}

TEST_CASE("equal aspect grows the short range about its centre", "[plot]") {
  double x0 = 0, x1 = 2, y0 = 0, y1 = 1;
  fit_equal_aspect(x0, x1, y0, y1, 400, 400);  // square pixels: y must span 2 too
  CHECK(x0 == Approx(0));
  CHECK(x1 == Approx(2));
  CHECK(y0 == Approx(-0.5));
  CHECK(y1 == Approx(1.5));
  double a0 = -1, a1 = 1, b0 = -1, b1 = 1;
  fit_equal_aspect(a0, a1, b0, b1, 800, 400);  // wide: x grows
  CHECK((a1 - a0) / 800 == Approx((b1 - b0) / 400));
  CHECK(a0 + a1 == Approx(0).margin(1e-12));
}

TEST_CASE("pixel decimation keeps each column's extremes in order, at most two per column", "[plot]") {
  // A steep series: 100,000 points over 300 pixel columns, jumping between -50 and 50 px.
  std::vector<float> sx, sy;
  for (int i = 0; i < 100000; ++i) {
    sx.push_back(10.0f + 300.0f * i / 100000.0f);
    sy.push_back(i % 2 ? 50.0f : -50.0f + (i % 7));
  }
  sy[50000] = 400.0f;
  sy[50001] = -400.0f;
  std::vector<float> ox, oy;
  decimate_pixels(sx.data(), sy.data(), 100000, ox, oy);
  CHECK(ox.size() <= 2 * 300 + 2);
  CHECK(ox.size() >= 300);
  CHECK(std::is_sorted(ox.begin(), ox.end()));
  CHECK(*std::max_element(oy.begin(), oy.end()) == 400.0f);
  CHECK(*std::min_element(oy.begin(), oy.end()) == -400.0f);
  // Continuous: every column keeps its full vertical extent, no column is skipped.
  for (std::size_t i = 1; i < ox.size(); ++i) CHECK(std::floor(ox[i]) - std::floor(ox[i - 1]) <= 1.0f);
  // Short series (one point per column) are kept as they are.
  const float nx[] = {0.5f, 1.5f, 2.5f}, ny[] = {1, 2, 3};
  decimate_pixels(nx, ny, 3, ox, oy);
  CHECK(ox == std::vector<float>{0.5f, 1.5f, 2.5f});
  CHECK(oy == std::vector<float>{1, 2, 3});
}
