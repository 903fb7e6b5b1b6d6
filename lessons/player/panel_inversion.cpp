// The find-latent panels: see panel_inversion.h.
#include "lessons/player/panel_inversion.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "lessons/player/player_impl.h"
#include "lessons/player/plot.h"
#include "lessons/run/latent_view.h"

namespace ganstep::ui {
namespace {

// A soft round brush at (cx, cy) in pixels: ink (value towards 1) or erase (towards -1).
void dab(std::vector<float>& c, float cx, float cy, bool erase) {
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float d2 = (x + 0.5f - cx) * (x + 0.5f - cx) + (y + 0.5f - cy) * (y + 0.5f - cy);
      const float w = std::exp(-d2 / 1.6f);
      if (w < 0.05f) continue;
      float& v = c[std::size_t(y * 28 + x)];
      v = erase ? std::max(-1.0f, v - 2.0f * w) : std::min(1.0f, v + 2.0f * w);
    }
}

void apply(PlayerImpl& p, InversionState& s, const std::string& key, const std::string& value) {
  const std::string e = p.session.set(key, value);
  s.message = e;
}

}  // namespace

ImVec2 draw_digit(PlayerImpl& p, const float* px, float side, const char* label, const char* note) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float cell = side / 28.0f;
  dl->AddRectFilled(at, ImVec2(at.x + side, at.y + side), IM_COL32(0, 0, 0, 255));
  for (int y = 0; y < 28; ++y)
    for (int x = 0; x < 28; ++x) {
      const float v = px ? std::min(1.0f, std::max(0.0f, 0.5f * px[y * 28 + x] + 0.5f)) : 0.0f;
      if (v <= 0.02f) continue;
      const int g = static_cast<int>(v * 255.0f + 0.5f);
      dl->AddRectFilled(ImVec2(at.x + x * cell, at.y + y * cell), ImVec2(at.x + (x + 1) * cell, at.y + (y + 1) * cell),
                        IM_COL32(g, g, g, 255));
    }
  dl->AddRect(at, ImVec2(at.x + side, at.y + side), IM_COL32(0x80, 0x80, 0x80, 255));
  ImGui::Dummy(ImVec2(side, side));
  if (note) p.layout.note(note);
  ImGui::TextDisabled("%s", label);
  return at;
}

bool brush_canvas(std::vector<float>& canvas, ImVec2 at, float side) {
  const ImVec2 m = ImGui::GetIO().MousePos;
  const bool inside = m.x >= at.x && m.y >= at.y && m.x < at.x + side && m.y < at.y + side;
  const bool draw = ImGui::IsMouseDown(ImGuiMouseButton_Left), erase = ImGui::IsMouseDown(ImGuiMouseButton_Right);
  bool touched = false;
  if (inside && ImGui::IsWindowHovered() && (draw || erase)) {
    dab(canvas, (m.x - at.x) / side * 28.0f, (m.y - at.y) / side * 28.0f, erase && !draw);
    touched = true;
  }
  return touched;
}

void project_path(const std::vector<float>& path, int dim, std::vector<float>& xy) {
  const std::size_t D = std::size_t(dim), n = dim > 0 ? path.size() / D : 0;
  xy.assign(2 * n, 0.0f);
  if (n == 0) return;
  std::vector<double> mean(D, 0.0), cov(D * D, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t a = 0; a < D; ++a) mean[a] += path[i * D + a] / double(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t a = 0; a < D; ++a) {
      const double da = path[i * D + a] - mean[a];
      for (std::size_t b = 0; b < D; ++b) cov[a * D + b] += da * (path[i * D + b] - mean[b]);
    }
  std::vector<std::vector<double>> dirs;
  for (int k = 0; k < 2; ++k) {
    std::vector<double> v(D), w(D);
    for (std::size_t a = 0; a < D; ++a) v[a] = 1.0 + 0.01 * double(a) * (k + 1);  // fixed start
    for (int round = 0; round < 60; ++round) {
      for (std::size_t a = 0; a < D; ++a) {
        double acc = 0;
        for (std::size_t b = 0; b < D; ++b) acc += cov[a * D + b] * v[b];
        w[a] = acc;
      }
      for (const auto& u : dirs) {  // deflate: stay orthogonal to the first direction
        double dot = 0;
        for (std::size_t a = 0; a < D; ++a) dot += w[a] * u[a];
        for (std::size_t a = 0; a < D; ++a) w[a] -= dot * u[a];
      }
      double norm = 0;
      for (double x : w) norm += x * x;
      norm = std::sqrt(norm);
      if (norm < 1e-30) break;
      for (std::size_t a = 0; a < D; ++a) v[a] = w[a] / norm;
    }
    dirs.push_back(v);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (int k = 0; k < 2; ++k) {
      double acc = 0;
      for (std::size_t a = 0; a < D; ++a) acc += path[i * D + a] * dirs[std::size_t(k)][a];
      xy[2 * i + std::size_t(k)] = static_cast<float>(acc);
    }
}

void panel_inversion(PlayerImpl& p, InversionState& s, const Rect& r) {
  if (begin_panel(p, S::WinInversion, "inversion", r, p.layout.place)) {
    const run::LatentView* run = p.session.loaded() ? p.session.run().latent_view() : nullptr;
    const std::string error = p.session.loaded() ? p.session.run().error() : "";
    if (!run || !error.empty()) {
      ImGui::TextWrapped("%s", error.empty() ? p.t(S::LatentLoading) : error.c_str());
    } else {
      const ImVec2 avail = ImGui::GetContentRegionAvail();
      const float side = std::max(56.0f, std::min(avail.x / 3.0f - 12.0f, avail.y * 0.42f));
      // The three digits.
      ImGui::BeginGroup();
      draw_digit(p, run->target.data(), side, p.t(S::InvTarget), "latent:target");
      ImGui::EndGroup();
      ImGui::SameLine();
      ImGui::BeginGroup();
      draw_digit(p, run->recon.data(), side, p.t(S::InvRecon));
      ImGui::EndGroup();
      ImGui::SameLine();
      ImGui::BeginGroup();
      const ImVec2 at = draw_digit(p, s.canvas.data(), side, p.t(S::InvCanvas), "latent:canvas");
      ImGui::EndGroup();
      // The canvas: left button draws, right erases (the drawing becomes the target on "Use drawing").
      if (brush_canvas(s.canvas, at, side)) s.stroke = true;
      const ImVec2 m = ImGui::GetIO().MousePos;
      const bool inside = m.x >= at.x && m.y >= at.y && m.x < at.x + side && m.y < at.y + side;
      if (inside && ImGui::IsWindowHovered()) ImGui::SetTooltip("%s", p.t(S::InvDrawTip));
      // The loss and its curve.
      char line[200];
      std::snprintf(line, sizeof line, p.t(S::InvLossFmt), run->loss, run->pixel, run->feature,
                    static_cast<long long>(run->updates));
      ImGui::TextUnformatted(fmt_num(p.lang, "%s", line).c_str());
      const auto& h = p.session.history();
      const std::size_t b = p.session.history_begin(), e = std::min(p.session.history_end(), h.size());
      s.xs.clear();
      s.ys.clear();
      for (std::size_t i = b; i < e; ++i)
        if (std::isfinite(h[i].latent) && h[i].latent > 0) {
          s.xs.push_back(static_cast<float>(i - b + 1));
          s.ys.push_back(std::log10(h[i].latent));
        }
      PlotSpec spec;
      spec.decimal_comma = p.lang == Lang::Pt;
      spec.x0 = 0;
      spec.x1 = std::max<double>(10, s.xs.empty() ? 10 : s.xs.back());
      float lo = std::log10(static_cast<float>(run->spec.loss_target)), hi = lo;
      for (float y : s.ys) {
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
      spec.y0 = std::floor(lo * 2.0f - 0.2f) / 2.0;  // half decades
      spec.y1 = std::ceil(hi * 2.0f + 0.2f) / 2.0;
      spec.x_label = p.t(S::InvUpdates);
      spec.y_label = p.t(S::InvLogLoss);
      const float controls_h = ImGui::GetFrameHeightWithSpacing() * 3.2f;
      const ImVec2 plot_size(ImGui::GetContentRegionAvail().x, std::max(60.0f, ImGui::GetContentRegionAvail().y - controls_h));
      PlotArea a = plot_begin("##latent_loss", plot_size, spec);
      plot_hline(a, std::log10(run->spec.loss_target), col::kGrey, LineStyle::Dashed);
      plot_line(a, s.xs.data(), s.ys.data(), static_cast<int>(s.xs.size()), col::kBlue, 2.0f);
      plot_end(a);
      // Controls.
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.0f);
      ImGui::InputInt(p.t(S::InvDigit), &s.digit);
      s.digit = std::max(0, std::min(s.digit, static_cast<int>(std::max<std::size_t>(1, run->facts.test_count)) - 1));
      ImGui::SameLine();
      if (small_button(p, p.t(S::InvUseDigit))) apply(p, s, "target", "test:" + std::to_string(s.digit));
      ImGui::SameLine();
      if (small_button(p, p.t(S::InvUseDrawing))) apply(p, s, "target", lessons::latent_target_text(s.canvas.data()));
      p.layout.note("latent:use_drawing");
      ImGui::SameLine();
      if (small_button(p, p.t(S::InvClear))) std::fill(s.canvas.begin(), s.canvas.end(), -1.0f);
      if (small_button(p, p.t(S::InvRestart))) apply(p, s, "restart", std::to_string(run->spec.restart + 1));
      ImGui::SameLine();
      bool enc = run->spec.encoder;
      if (ImGui::Checkbox(p.t(S::InvEncoder), &enc)) apply(p, s, "encoder", enc ? "true" : "false");
      ImGui::SameLine();
      int starts = run->spec.starts;
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.0f);
      ImGui::SliderInt(p.t(S::InvStarts), &starts, 1, 16);
      if (ImGui::IsItemDeactivatedAfterEdit()) apply(p, s, "starts", std::to_string(starts));
      float fw = run->spec.feature_weight;
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
      ImGui::SliderFloat(p.t(S::InvFeatureWeight), &fw, 0.0f, 2.0f, "%.2f");
      if (ImGui::IsItemDeactivatedAfterEdit()) apply(p, s, "feature_weight", fmt_num(Lang::En, "%g", fw));
      if (!p.options.fetch_data) {  // natively: a minute of training on this thread
        ImGui::SameLine();
        if (small_button(p, p.t(S::InvScratch))) {
          p.session.latent_load.from_scratch = true;
          const lessons::Lesson lesson = p.session.lesson();
          std::string e;
          if (!p.session.load(lesson, p.session.seed(), e)) s.message = e;
          p.session.latent_load.from_scratch = false;
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::InvScratchTip));
      }
      if (!s.message.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1.0f), "%s", s.message.c_str());
    }
  }
  ImGui::End();
}

void panel_code_path(PlayerImpl& p, InversionState& s, const Rect& r) {
  if (begin_panel(p, S::WinCodePath, "code_path", r, p.layout.place)) {
    const run::LatentView* run = p.session.loaded() ? p.session.run().latent_view() : nullptr;
    if (run && p.session.run().error().empty()) {
      const float last = run->path.empty() ? 0.0f : run->path.back();
      if (s.path_version != p.session.version() || s.path_n != run->path.size() || s.path_last != last) {
        s.path_n = run->path.size();
        s.path_last = last;
        project_path(run->path, run->noise_dim, s.xy);
        s.extent = 1.5f * std::max(1.0f, run->prior_sd);
        for (float v : s.xy) s.extent = std::max(s.extent, std::fabs(v) * 1.15f);
        s.path_version = p.session.version();
      }
      const int n = static_cast<int>(s.xy.size() / 2);
      if (n < 3) ImGui::TextDisabled("%s", p.t(S::InvPathFew));
      PlotSpec spec;
      spec.decimal_comma = p.lang == Lang::Pt;
      spec.x0 = spec.y0 = -s.extent;
      spec.x1 = spec.y1 = s.extent;
      spec.equal_aspect = true;
      spec.x_label = "PC 1";
      spec.y_label = "PC 2";
      PlotArea a = plot_begin("##code_path", ImGui::GetContentRegionAvail(), spec);
      // The prior's one-standard-deviation circle (the directions are orthonormal).
      std::vector<ImVec2> circle;
      for (int i = 0; i <= 64; ++i) {
        const double t = 2.0 * 3.14159265358979 * i / 64.0;
        const double r = run->prior_sd > 0 ? double(run->prior_sd) : 1.0;
        circle.emplace_back(a.x.to_screen(r * std::cos(t)), a.y.to_screen(r * std::sin(t)));
      }
      draw_polyline(a.dl, circle.data(), static_cast<int>(circle.size()), col::kGrey, 1.5f * a.scale, LineStyle::Dashed);
      std::vector<float> xs(static_cast<std::size_t>(n)), ys(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) {
        xs[std::size_t(i)] = s.xy[2 * std::size_t(i)];
        ys[std::size_t(i)] = s.xy[2 * std::size_t(i) + 1];
      }
      plot_line(a, xs.data(), ys.data(), n, col::kBlue, 2.0f);
      if (n > 0) {
        plot_scatter(a, s.xy.data(), 1, col::kGrey, 5.0f, col::kBlack);
        plot_scatter(a, s.xy.data() + 2 * (n - 1), 1, col::kOrange, 6.0f, col::kBlack);
      }
      LegendEntry legend[] = {{p.t(S::InvPrior), col::kGrey, LineStyle::Dashed},
                              {p.t(S::InvPathStart), col::kGrey, LineStyle::Solid, true},
                              {p.t(S::InvPathNow), col::kOrange, LineStyle::Solid, true}};
      plot_legend(a, legend, 3, 0);
      plot_end(a);
    }
  }
  ImGui::End();
}

}  // namespace ganstep::ui
