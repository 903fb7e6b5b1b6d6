// Drawing 2-D data with the mouse: real mouse events on the 2-D view's plot
// (brush, eraser, Clear), the points as the run's data (restart, same seed),
// the same strokes giving the same points, the share link and the CSV
// carrying them, and every bad input refused with nothing changed.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/player/headless.h"

using namespace ganstep;
using namespace ganstep::ui;
using namespace ganstep::ui::testing;

namespace {

struct Box {
  float x = 0, y = 0, w = 0, h = 0;
};

Box item(const Player& p, const std::string& name) {
  const std::string json = p.layout_json();
  const std::regex re("\"" + name + R"re(":\[([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)\])re");
  std::smatch m;
  REQUIRE(std::regex_search(json, m, re));
  return Box{std::stof(m[1]), std::stof(m[2]), std::stof(m[3]), std::stof(m[4])};
}

void click(Player& p, Headless& h, const std::string& name) {
  const Box b = item(p, name);
  h.click(p, b.x + b.w / 2, b.y + b.h / 2);
  h.frame(p);
}

// A drag across the plot from (fx0, fy0) to (fx1, fy1), as fractions of its box, in n moves.
void drag(Player& p, Headless& h, float fx0, float fy0, float fx1, float fy1, int n = 12) {
  const Box b = item(p, "plot2d");
  ImGuiIO& io = ImGui::GetIO();
  auto at = [&](float t) {
    io.MousePos = ImVec2(b.x + b.w * (fx0 + (fx1 - fx0) * t), b.y + b.h * (fy0 + (fy1 - fy0) * t));
  };
  at(0);
  h.frame(p);
  io.MouseDown[0] = true;
  h.frame(p);
  for (int i = 1; i <= n; ++i) {
    at(static_cast<float>(i) / n);
    h.frame(p);
  }
  io.MouseDown[0] = false;
  h.frame(p);
  h.frame(p);
}

int rows(const std::string& csv) {
  int n = 0;
  for (char c : csv) n += c == '\n';
  return n - 1;  // the header
}

// The 2-D view at 1440x900 with its draw mode on.
void start_drawing(Player& p, Headless& h) {
  h.resize(1440, 900);
  for (int i = 0; i < 3; ++i) h.frame(p);
  click(p, h, "draw");
}

struct Drawn {
  std::string csv, link, hash;
};

// Opens ring-2d, turns the draw mode on and draws two strokes.
Drawn draw_two_strokes() {
  Player p(options("ring-2d"));
  Headless h(p);
  start_drawing(p, h);
  drag(p, h, 0.2f, 0.3f, 0.6f, 0.35f);
  drag(p, h, 0.5f, 0.7f, 0.8f, 0.5f);
  Drawn d;
  d.csv = p.data_csv();
  std::string e;
  d.link = p.share_link(e);
  REQUIRE(p.step(StepSize::Iteration, 30));
  d.hash = field(p.state_json(), "state_hash");
  return d;
}

}  // namespace

TEST_CASE("draw: strokes with the mouse become the run's data; the same strokes give the same points",
          "[player][draw]") {
  const Drawn a = draw_two_strokes();
  INFO(a.csv.substr(0, 200));
  CHECK(a.csv.rfind("x,y\n", 0) == 0);
  CHECK(rows(a.csv) >= 2 * 6);  // at least a dab per stroke
  const Drawn b = draw_two_strokes();
  CHECK(b.csv == a.csv);
  CHECK(b.hash == a.hash);
  // The share link carries the points: a new player opens them, and the run is the same.
  REQUIRE(!a.link.empty());
  Player q(options("gauss-1d"));
  Headless h(q);
  std::string e;
  REQUIRE(q.open_link(a.link, e));
  CHECK(q.data_csv() == a.csv);
  REQUIRE(q.step(StepSize::Iteration, 30));
  CHECK(field(q.state_json(), "state_hash") == a.hash);
}

TEST_CASE("draw: eraser, Clear, the CSV file, and bad input", "[player][draw]") {
  Player p(options("ring-2d"));
  Headless h(p);
  start_drawing(p, h);
  drag(p, h, 0.2f, 0.5f, 0.8f, 0.5f);
  const int drawn = rows(p.data_csv());
  REQUIRE(drawn > 0);
  CHECK(field(p.state_json(), "steps") == "0");  // the run restarted on them
  click(p, h, "draw_eraser");
  drag(p, h, 0.2f, 0.5f, 0.5f, 0.5f);
  const int left = rows(p.data_csv());
  CHECK(left < drawn);
  CHECK(left > 0);

  // The CSV written is what the run uses: read back as csv: data, the same rows.
  const std::string path = GANSTEP_TEST_TMP_DIR "/drawn.csv";
  REQUIRE(p.save_data_csv(path) == "");
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  CHECK(ss.str() == p.data_csv());
  const std::string before = p.data_csv();
  // Where it cannot write, it says so and writes nothing.
  CHECK(p.save_data_csv(GANSTEP_TEST_TMP_DIR "/no-such-folder/drawn.csv") != "");
  CHECK(p.save_data_csv(GANSTEP_TEST_TMP_DIR) != "");
  // The file is a csv: data set with the same points.
  {
    Player q(options("ring-2d"));
    REQUIRE(q.set("data", "csv:" + path));
    CHECK(q.get("data") == "csv:" + path);
  }

  // Bad input changes nothing.
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK_FALSE(p.draw_points({nan, 0.0}));
  CHECK(p.last_error().find("finite") != std::string::npos);
  CHECK_FALSE(p.draw_points({0.0, inf}));
  CHECK_FALSE(p.draw_points({1e9, 0.0}));
  CHECK_FALSE(p.draw_points({1.0, 2.0, 3.0}));
  CHECK_FALSE(p.draw_points({}));
  CHECK_FALSE(p.draw_points(std::vector<double>(2 * 10001, 0.5)));
  CHECK(p.last_error().find("at most 10000") != std::string::npos);
  CHECK(p.data_csv() == before);
  // Up to the limit is fine; one more is not.
  const int room = 10000 - rows(before);
  std::vector<double> many;
  for (int i = 0; i < room; ++i) {
    many.push_back(std::cos(i * 0.01) * 2);
    many.push_back(std::sin(i * 0.013) * 2);
  }
  CHECK(p.draw_points(many));
  CHECK(rows(p.data_csv()) == 10000);
  CHECK_FALSE(p.draw_points({0.0, 0.0}));
  CHECK(rows(p.data_csv()) == 10000);

  click(p, h, "draw_clear");
  CHECK(p.data_csv() == "");
  CHECK(p.get("data") == "ring8");

  // A lesson whose data are locked, or not 2-D, cannot be drawn on.
  std::string e;
  REQUIRE(p.load("mode-collapse", e));
  CHECK_FALSE(p.draw_points({0.0, 0.0}));
  REQUIRE(p.load("gauss-1d", e));
  CHECK_FALSE(p.draw_points({0.0, 0.0}));
  CHECK_FALSE(p.clear_data());
}
