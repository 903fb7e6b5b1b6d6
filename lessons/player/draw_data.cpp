// Drawing 2-D data with the mouse (the 2-D view's draw mode), like GAN Lab:
// a brush adds points around the cursor, an eraser removes them, Clear goes
// back to the lesson's data. At the end of each stroke the points become the
// run's data through the one data setting ("points:X,Y;..." = a lesson's
// [data] points): the run restarts with the same seed, Reset keeps them, a
// share link and a saved lesson carry them (up to kMaxInlinePoints). The
// brush draws from its own random stream (DrawState::rng), never the run's,
// so the same strokes give the same points. Coordinates are kept to 5
// significant digits (what the setting, the link and the CSV hold).
#include <cmath>
#include <cstdio>

#include "engine/gan/dataset.h"
#include "engine/io/bytes.h"
#include "lessons/player/plot.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

constexpr int kDabPoints = 6;           // points a brush dab adds
constexpr float kBrushFraction = 0.04f;  // brush radius: this share of the plot's width
constexpr double kMaxCoordinate = 1e6;  // as the data setting accepts

bool point_lesson_2d(const PlayerImpl& p) {
  return p.kind() == run::RunKind::Point && p.trainer().data_dim() == 2;
}

std::string fmt(const char* format, int a, int b = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

}  // namespace

std::vector<float> PlayerImpl::data_points() const {
  if (!point_lesson_2d(*this)) return {};
  const std::string& d = trainer().next_config().data;
  if (d != draw.cache_spec) {
    std::string e;
    draw.cache_spec = d;
    if (d.rfind("points:", 0) != 0 || !parse_inline_points(d.substr(7), draw.cache_xy, e)) draw.cache_xy.clear();
  }
  return draw.cache_xy;
}

std::string PlayerImpl::use_points(const std::vector<float>& xy) {
  if (!point_lesson_2d(*this)) return t(S::DrawNot2d);
  if (locked("data")) return t(S::DrawLocked);
  if (xy.empty()) return clear_drawn();
  const int n = static_cast<int>(xy.size() / 2);
  char why[200];
  if (xy.size() % 2 != 0) {
    std::snprintf(why, sizeof why, t(S::DrawBad), n + 1, "an x without its y");
    return why;
  }
  if (xy.size() / 2 > kMaxInlinePoints) return fmt(t(S::DrawTooMany), n, static_cast<int>(kMaxInlinePoints));
  std::string spec = "points:";
  spec.reserve(xy.size() * 12 + 8);
  char buf[64];
  for (int i = 0; i < n; ++i) {
    const float x = xy[2 * static_cast<std::size_t>(i)], y = xy[2 * static_cast<std::size_t>(i) + 1];
    if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > kMaxCoordinate || std::fabs(y) > kMaxCoordinate) {
      std::snprintf(why, sizeof why, t(S::DrawBad), i + 1, "coordinates must be finite and in -1e6..1e6");
      return why;
    }
    std::snprintf(buf, sizeof buf, "%s%.5g,%.5g", i ? ";" : "", static_cast<double>(x), static_cast<double>(y));
    spec += buf;
  }
  bool restarted = false;
  const std::string e = session.set("data", spec, &restarted);
  if (!e.empty()) return e;
  if (restarted) play.queued_iterations = 0;
  after_step();
  draw.message = fmt(t(S::DrawApplied), n);
  draw.message_error = false;
  return "";
}

std::string PlayerImpl::clear_drawn() {
  if (!point_lesson_2d(*this)) return t(S::DrawNot2d);
  if (locked("data")) return t(S::DrawLocked);
  const std::string& own = session.lesson().config.data;
  if (trainer().next_config().data != own) {
    bool restarted = false;
    const std::string e = session.set("data", own, &restarted);
    if (!e.empty()) return e;
    if (restarted) play.queued_iterations = 0;
    after_step();
  }
  char buf[256];
  std::snprintf(buf, sizeof buf, t(S::DrawCleared), own.rfind("points:", 0) == 0 ? "[data] points" : own.c_str());
  draw.message = buf;
  draw.message_error = false;
  return "";
}

std::string PlayerImpl::data_csv() const {
  const std::vector<float> xy = data_points();
  if (xy.empty()) return "";
  std::string csv = "x,y\n";
  char buf[64];
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    std::snprintf(buf, sizeof buf, "%.5g,%.5g\n", static_cast<double>(xy[i]), static_cast<double>(xy[i + 1]));
    csv += buf;
  }
  return csv;
}

// ---- the panel --------------------------------------------------------------------

void draw_tools(PlayerImpl& p, DrawState& s) {
  const bool can = point_lesson_2d(p) && !p.locked("data");
  ImGui::BeginDisabled(!can);
  bool on = s.on && can;
  if (ImGui::Checkbox(p.t(S::Draw), &on)) {
    s.on = on;
    s.stroke = false;
    if (on) {  // the plot keeps the ranges it has now while drawing
      const View2dData& v = p.views.v2;
      for (int a = 0; a < 2; ++a) {
        s.lo[a] = v.lo[a];
        s.hi[a] = v.hi[a];
      }
    }
  }
  ImGui::EndDisabled();
  p.layout.note("draw");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", can ? p.t(S::TipDraw) : p.locked("data") ? p.t(S::DrawLocked) : p.t(S::DrawNot2d));
  if (!s.on || !can) return;
  auto radio_w = [](const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
  };
  flow(radio_w(p.t(S::DrawBrush)));
  if (ImGui::RadioButton(p.t(S::DrawBrush), !s.eraser)) s.eraser = false;
  p.layout.note("draw_brush");
  flow(radio_w(p.t(S::DrawEraser)));
  if (ImGui::RadioButton(p.t(S::DrawEraser), s.eraser)) s.eraser = true;
  p.layout.note("draw_eraser");
  flow(button_w(p.t(S::DrawClear)));
  if (small_button(p, p.t(S::DrawClear))) {
    const std::string e = p.clear_drawn();
    if (!e.empty()) {
      s.message = e;
      s.message_error = true;
    }
  }
  p.layout.note("draw_clear");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::TipDrawClear));
  const bool points = !p.data_points().empty();
  flow(button_w(p.t(S::DrawSave)));
  ImGui::BeginDisabled(!points);
  if (small_button(p, p.t(S::DrawSave))) {
    if (p.options.save_text) p.options.save_text("ganstep-data.csv", p.data_csv());
    else s.ask_path = true;
  }
  ImGui::EndDisabled();
  p.layout.note("draw_save");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("%s", points ? p.t(S::TipDrawSave) : p.t(S::DrawNoPoints));
  const int n = static_cast<int>((s.stroke ? s.working.size() : p.data_points().size()) / 2);
  const std::string count = fmt(p.t(S::DrawCount), n, static_cast<int>(kMaxInlinePoints));
  flow(ImGui::CalcTextSize(count.c_str()).x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", count.c_str());
  if (!s.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(s.message_error ? col::kError : col::kOk));
    ImGui::TextWrapped("%s", s.message.c_str());
    ImGui::PopStyleColor();
  }
}

void draw_strokes(PlayerImpl& p, DrawState& s, const PlotArea& a) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  const double mx = a.x.to_data(m.x), my = a.y.to_data(m.y);
  const double r = kBrushFraction * (s.hi[0] - s.lo[0]);
  if (!s.stroke && a.hovered && ImGui::IsMouseClicked(0)) {
    s.stroke = true;
    s.dabbed = false;
    s.working = p.data_points();
  }
  if (s.stroke && ImGui::IsMouseDown(0) && std::isfinite(mx) && std::isfinite(my)) {
    if (!s.eraser) {  // a dab on the press, then one each half radius the cursor moves
      const double moved = std::hypot(mx - s.last[0], my - s.last[1]);
      if (!s.dabbed || moved >= 0.5 * r) {
        for (int k = 0; k < kDabPoints; ++k) {
          if (s.working.size() / 2 >= kMaxInlinePoints) {
            s.message = fmt(p.t(S::DrawFull), static_cast<int>(kMaxInlinePoints));
            s.message_error = true;
            break;
          }
          const double rr = r * std::sqrt(static_cast<double>(s.rng.uniform()));
          const double angle = 6.283185307179586 * static_cast<double>(s.rng.uniform());
          s.working.push_back(static_cast<float>(mx + rr * std::cos(angle)));
          s.working.push_back(static_cast<float>(my + rr * std::sin(angle)));
        }
        s.last[0] = mx;
        s.last[1] = my;
        s.dabbed = true;
      }
    } else {
      std::vector<float> kept;
      kept.reserve(s.working.size());
      for (std::size_t i = 0; i + 1 < s.working.size(); i += 2)
        if (std::hypot(s.working[i] - mx, s.working[i + 1] - my) > r) {
          kept.push_back(s.working[i]);
          kept.push_back(s.working[i + 1]);
        }
      s.working.swap(kept);
    }
  }
  if (s.stroke && !ImGui::IsMouseDown(0)) {  // the stroke ends: its points become the data
    s.stroke = false;
    const std::string e = p.use_points(s.working);
    if (!e.empty()) {
      s.message = e;
      s.message_error = true;
    }
  }
  // The points as they are being drawn (over the run's samples), and the brush.
  if (s.stroke)
    plot_scatter(a, s.working.data(), static_cast<int>(s.working.size() / 2), with_alpha(col::kReal, 0.9f), 2.2f);
  if (a.hovered || s.stroke) {
    const float rpx = std::fabs(a.x.to_screen(mx + r) - a.x.to_screen(mx));
    a.dl->AddCircle(m, rpx, s.eraser ? col::kError : col::kBlack, 32, 1.5f * a.scale);
  }
}

void panel_draw_save(PlayerImpl& p, DrawState& s) {
  if (!s.ask_path || !path_window(p, std::string(p.t(S::DrawSave)) + "###savecsv", p.t(S::DrawSavePrompt), s.path,
                                  sizeof s.path, p.t(S::Save), s.ask_path))
    return;
  const std::string e = p.save_data_csv(s.path);
  char saved[1200];
  std::snprintf(saved, sizeof saved, p.t(S::DrawSaved), s.path);
  s.message = e.empty() ? std::string(saved) : e;
  s.message_error = !e.empty();
  if (e.empty()) s.ask_path = false;
}

std::string PlayerImpl::save_data_csv(const std::string& path) const {
  const std::string csv = data_csv();
  if (csv.empty()) return t(S::DrawNoPoints);
  std::string e = check_replaceable(path);
  if (e.empty()) e = write_file_atomic(path, reinterpret_cast<const std::uint8_t*>(csv.data()), csv.size());
  return e;
}

}  // namespace ganstep::ui
