// What every panel shares: the layout's notes, the shown iteration, the
// compared runs' colours and labels, the minibatch and Algorithm 1 position
// the panels read, and begin_panel (a panel's window at its place).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/gan/metrics.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

void LayoutState::note(const char* name) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  items.push_back({name, Rect{a.x, a.y, b.x - a.x, b.y - a.y}});
}

long long shown_iteration(PlayerImpl& p, std::int64_t completed) {
  p.layout.counters.push_back(static_cast<long long>(completed));
  return static_cast<long long>(completed);
}

int run_count(const PlayerImpl& p) {
  const auto* pr = p.session.as<run::PointRun>();
  return pr ? 1 + static_cast<int>(pr->compared().size()) : 1;
}

ImU32 gan_run_colour(int run) {
  constexpr int n = sizeof col::kGanRuns / sizeof col::kGanRuns[0];
  return col::kGanRuns[std::clamp(run, 0, n - 1)];
}

std::string run_label(const PlayerImpl& p, int run) {
  const auto* pr = p.session.as<run::PointRun>();
  char buf[96];
  if (!pr || run <= 0 || run > static_cast<int>(pr->compare_entries().size())) {
    std::snprintf(buf, sizeof buf, p.t(S::RunMain), pr ? objective_name(pr->trainer().config().objective) : "");
    return buf;
  }
  std::string e = pr->compare_entries()[static_cast<std::size_t>(run - 1)];
  if (e.size() > 30) {
    std::size_t cut = 29;
    while (cut > 0 && (static_cast<unsigned char>(e[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    e = e.substr(0, cut) + "…";
  }
  std::snprintf(buf, sizeof buf, p.t(S::RunN), run + 1, e.c_str());
  return buf;
}

BatchState batch_state(const Trainer& t) {
  BatchState s;
  if (t.phases_done() == 0) return s;
  s.any = true;
  const Phase p = t.phase();
  if (p == Phase::SampleNoiseD) s.last = t.dstep() > 0 ? static_cast<int>(Phase::UpdateD) : static_cast<int>(Phase::UpdateG);
  else if (p == Phase::SampleNoiseG) s.last = static_cast<int>(Phase::UpdateD);
  else s.last = static_cast<int>(p) - 1;
  s.g_step = s.last >= static_cast<int>(Phase::SampleNoiseG);
  s.m = static_cast<int>(t.batch().z.shape()[0]);
  return s;
}

AlgoPosition algo_position(const PlayerImpl& p) {
  AlgoPosition a;
  if (p.kind() == run::RunKind::Image) {
    const run::RemoteRun& g = p.image_run();
    a.config = g.config();
    a.phase = g.phase();
    a.iteration = g.iteration();
    a.dstep = g.dstep();
    a.error = g.error();
  } else if (p.kind() == run::RunKind::Point) {
    const run::UnitReport u = run::unit_report(p.trainer());
    a.config = p.trainer().config();
    a.phase = u.phase;
    a.iteration = u.iteration;
    a.dstep = u.dstep;
    a.error = u.error;
  }
  return a;
}

bool begin_panel(PlayerImpl& p, S title, const char* id, const Rect& r, bool place, ImGuiWindowFlags flags) {
  // Placed on request (first frame, resized viewport), else only on a window's first appearance.
  const ImGuiCond cond = place ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(r.x, r.y), cond);
  ImGui::SetNextWindowSize(ImVec2(r.w, r.h), cond);
  const std::string name = std::string(p.t(title)) + "###" + id;
  // Narrow screens: the panel fills its page and stays put (a drag would scroll on a touch screen).
  if (p.layout.rects.compact) flags |= ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoTitleBar;
  const bool open = ImGui::Begin(name.c_str(), nullptr, flags | ImGuiWindowFlags_NoCollapse);
  // A beat's "highlight": a pulsing frame around the panel for a few seconds.
  const auto& n = p.narration;
  if (n.highlight && p.play.last_now < n.highlight_until) {
    const std::string want = lessons::panel_name(*n.highlight);
    const bool match = want == id || ((want == "view1d" || want == "view2d" || want == "saddle") &&
                                      std::string(id) == "view");
    if (match) {
      const ImVec2 a = ImGui::GetWindowPos(), sz = ImGui::GetWindowSize();
      const float pulse = 0.55f + 0.45f * static_cast<float>(std::abs(std::sin(p.play.last_now * 4.0)));
      ImGui::GetForegroundDrawList()->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(a.x + sz.x - 1, a.y + sz.y - 1),
                                              with_alpha(col::kOrange, pulse), 4.0f, 0, 4.0f * p.dpi);
    }
  }
  return open;
}

}  // namespace ganstep::ui
