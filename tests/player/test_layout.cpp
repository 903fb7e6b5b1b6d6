// The window layout: panels tile the viewport without overlapping, the
// lesson's focus panel gets the largest rectangle in every arrangement, and
// narrow screens get one panel at a time behind tabs, narration first.
#include <catch2/catch.hpp>

#include "lessons/format/library.h"
#include "lessons/player/layout.h"

using namespace ganstep;
using namespace ganstep::ui;
using lessons::Panel;

namespace {

struct Size {
  float w, h, font;
};
const Size kWide[] = {{1440, 900, 15}, {1280, 800, 15}, {1024, 768, 15}, {1920, 1080, 15}, {2560, 1600, 30}};

// Every placed rectangle lies inside the viewport, none overlaps another, together they fill it.
void check_tiles(const Layout& l, const Size& s) {
  std::vector<Rect> all{l.controls};
  for (Panel p : l.order) all.push_back(l.of(p));
  float area = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].w > 0);
    CHECK(all[i].h > 0);
    CHECK(contains(Rect{0, 0, s.w, s.h}, all[i]));
    area += all[i].area();
    for (std::size_t j = i + 1; j < all.size(); ++j) CHECK_FALSE(overlaps(all[i], all[j]));
  }
  CHECK(area == Approx(s.w * s.h).epsilon(1e-3));
}

void check_focus_largest(const Layout& l) {
  for (Panel p : l.order) {
    INFO(lessons::panel_name(p) << " vs the focus " << lessons::panel_name(l.focus));
    if (p != l.focus) CHECK(l.of(p).area() < l.of(l.focus).area());
  }
}

}  // namespace

TEST_CASE("layout: every library lesson's focus gets the largest slot in every arrangement", "[layout]") {
  for (const auto& lesson : lessons::library_lessons()) {
    for (const lessons::Layout mode : {lessons::Layout::Auto, lessons::Layout::Columns, lessons::Layout::Rows}) {
      for (const Size& s : kWide) {
        INFO(lesson.id << " " << lessons::layout_name(mode) << " " << s.w << "x" << s.h);
        LayoutRequest r;
        r.panels = lesson.view.panels;
        if (r.panels.empty()) r.panels = {Panel::Narration, Panel::Saddle};
        r.focus = lesson.view.focus;
        r.arrange = mode;
        const Layout l = compute_layout(0, 0, s.w, s.h, s.font, r);
        CHECK_FALSE(l.compact);
        if (lesson.view.focus) CHECK(l.focus == *lesson.view.focus);
        check_tiles(l, s);
        check_focus_largest(l);
        // The narration has a full-height column of its own.
        if (lesson.view.shows(Panel::Narration)) CHECK(l.of(Panel::Narration).h == Approx(s.h - l.controls.h));
      }
    }
  }
}

TEST_CASE("layout: any focus among the point GAN's panels, any arrangement, any subset", "[layout]") {
  const std::vector<Panel> all = {Panel::Narration, Panel::Algorithm, Panel::Settings, Panel::View1d,
                                  Panel::Charts, Panel::Minibatch, Panel::Logloss};
  for (unsigned mask = 1; mask < (1u << all.size()); ++mask) {
    std::vector<Panel> shown;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (mask & (1u << i)) shown.push_back(all[i]);
    for (Panel focus : shown)
      for (const lessons::Layout mode : {lessons::Layout::Auto, lessons::Layout::Columns, lessons::Layout::Rows}) {
        const Size s{1280, 800, 15};
        INFO("mask " << mask << " focus " << lessons::panel_name(focus) << " " << lessons::layout_name(mode));
        LayoutRequest r;
        r.panels = shown;
        r.focus = focus;
        r.arrange = mode;
        const Layout l = compute_layout(0, 0, s.w, s.h, s.font, r);
        CHECK(l.focus == focus);
        CHECK(l.order.size() == shown.size());
        check_tiles(l, s);
        check_focus_largest(l);
      }
  }
}

TEST_CASE("layout: columns and rows differ; a measured control bar moves the panels down", "[layout]") {
  LayoutRequest r;
  r.panels = {Panel::Narration, Panel::Logloss, Panel::Minibatch, Panel::View1d, Panel::Charts};
  r.focus = Panel::Logloss;
  r.arrange = lessons::Layout::Columns;
  const Layout cols = compute_layout(0, 0, 1280, 800, 15, r);
  r.arrange = lessons::Layout::Rows;
  const Layout rows = compute_layout(0, 0, 1280, 800, 15, r);
  CHECK(cols.of(Panel::Logloss).h == Approx(800 - cols.controls.h));  // a full-height column
  CHECK(rows.of(Panel::Logloss).w > cols.of(Panel::Logloss).w);       // a full-width band
  r.controls_h = 120;
  const Layout taller = compute_layout(0, 0, 1280, 800, 15, r);
  CHECK(taller.controls.h == 120);
  CHECK(taller.of(Panel::Narration).y == 120);
}

TEST_CASE("layout: narrow screens show one panel at a time behind tabs, narration first", "[layout]") {
  CHECK(is_compact(390, 15));
  CHECK(is_compact(768, 15));
  CHECK_FALSE(is_compact(1024, 15));
  CHECK_FALSE(is_compact(1280, 15));
  for (const auto& lesson : lessons::library_lessons()) {
    INFO(lesson.id);
    LayoutRequest r;
    r.panels = lesson.view.panels;
    r.focus = lesson.view.focus;
    const Layout l = compute_layout(0, 0, 390, 844, 15, r);
    REQUIRE(l.compact);
    REQUIRE(!l.order.empty());
    CHECK(l.order.front() == Panel::Narration);
    if (lesson.view.focus && *lesson.view.focus != Panel::Narration) CHECK(l.order[1] == *lesson.view.focus);
    CHECK(l.tabs.h >= kTouchTarget);
    CHECK(l.tabs.y == l.controls.y + l.controls.h);
    for (Panel p : l.order) {
      const Rect& page = l.of(p);
      CHECK(page.x == 0);
      CHECK(page.w == 390);
      CHECK(page.y == l.tabs.y + l.tabs.h);
      CHECK(page.y + page.h == Approx(844));
    }
  }
}
