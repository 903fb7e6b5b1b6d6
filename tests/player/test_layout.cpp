// The default window layout tiles the viewport without overlaps.
#include <catch2/catch.hpp>

#include "lessons/player/layout.h"

using namespace ganstep::ui;

TEST_CASE("layout: panels tile the viewport without overlapping", "[layout]") {
  struct Size { float w, h, font; };
  for (const Size& s : {Size{1280, 800, 15}, Size{1920, 1080, 15}, Size{2560, 1600, 30}, Size{1024, 700, 15}}) {
    INFO(s.w << "x" << s.h);
    const Layout l = compute_layout(0, 0, s.w, s.h, s.font);
    const Rect all[] = {l.controls, l.algorithm, l.settings, l.view, l.charts, l.minibatch, l.logloss};
    float area = 0;
    for (int i = 0; i < 7; ++i) {
      CHECK(all[i].w > 0);
      CHECK(all[i].h > 0);
      CHECK(all[i].x >= 0);
      CHECK(all[i].y >= 0);
      CHECK(all[i].x + all[i].w <= s.w + 0.5f);
      CHECK(all[i].y + all[i].h <= s.h + 0.5f);
      area += all[i].w * all[i].h;
      for (int j = i + 1; j < 7; ++j) CHECK_FALSE(overlaps(all[i], all[j]));
    }
    CHECK(area == Approx(s.w * s.h).epsilon(1e-3));
    // The help overlay is centred inside the viewport.
    CHECK(l.help.x >= 0);
    CHECK(l.help.x + l.help.w <= s.w);
  }
}
