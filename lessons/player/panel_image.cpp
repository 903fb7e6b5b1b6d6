// The image-lesson panels that show images: the sample grid, D's outputs on
// real and generated digits, the latent interpolation and the classes
// histogram; the layout; the views they share, rebuilt when the run changes.
//   Sections: images as textures or rectangles · layout · views · panels
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "engine/gan/dataset.h"
#include "engine/gan/image_grid.h"
#include "engine/gan/image_spec.h"
#include "engine/nn/growing.h"
#include "lessons/player/panel_image.h"
#include "lessons/player/player_impl.h"
#include "lessons/player/plot.h"

namespace ganstep::ui {

// ---- images as textures or rectangles ----

namespace {
constexpr unsigned char kGap = 0x70;  // the lines between images
}  // namespace

// count images (rows of values, each C*H*W), cols per row, one pixel between.
void fill_strip(ImageStrip& s, const float* values, int count, int cols, const ImageShape& shape) {
  s.cols = std::max(1, cols);
  s.rows = std::max(1, (count + s.cols - 1) / s.cols);
  s.side_w = shape.w;
  s.side_h = shape.h;
  s.w = s.cols * (shape.w + 1) + 1;
  s.h = s.rows * (shape.h + 1) + 1;
  s.rgba.assign(static_cast<std::size_t>(s.w) * s.h * 4, kGap);
  const std::size_t plane = static_cast<std::size_t>(shape.h) * shape.w;
  const std::size_t per = plane * static_cast<std::size_t>(shape.c);
  for (int i = 0; i < count; ++i) {
    const float* img = values + per * static_cast<std::size_t>(i);
    const int ox = 1 + (i % s.cols) * (shape.w + 1), oy = 1 + (i / s.cols) * (shape.h + 1);
    for (int y = 0; y < shape.h; ++y)
      for (int x = 0; x < shape.w; ++x) {
        const std::size_t at = static_cast<std::size_t>(y) * shape.w + x;
        unsigned char* px = &s.rgba[(static_cast<std::size_t>(oy + y) * s.w + (ox + x)) * 4];
        const bool rgb = shape.c == 3;
        px[0] = to_pixel(img[at]);
        px[1] = to_pixel(img[at + (rgb ? plane : 0)]);
        px[2] = to_pixel(img[at + (rgb ? 2 * plane : 0)]);
        px[3] = 255;
      }
  }
  s.dirty = true;
}

// The largest scale at which the strip fits (whole pixels from 3 up, so
// image pixels stay even; below that any size: nearest sampling).
float fit_scale(const ImageStrip& s, float w, float h) {
  if (s.w <= 0 || s.h <= 0) return 1.0f;
  const float f = std::max(0.1f, std::min(w / s.w, h / s.h));
  return f >= 3.0f ? std::floor(f) : f;
}

// Draws the strip at the cursor, `scale` screen pixels per image pixel, and
// returns its top-left corner. Through the shell's texture when it has the
// hook, else as rectangles (a row's runs of one colour merged).
ImVec2 draw_strip(PlayerImpl& p, ImageStrip& s, float scale) {
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImVec2 size(s.w * scale, s.h * scale);
  ImGui::Dummy(size);
  if (s.rgba.empty()) return at;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (p.options.upload_texture) {
    if (s.dirty || !s.texture) {
      s.texture = p.options.upload_texture(s.slot, s.w, s.h, s.rgba.data());
      s.dirty = false;
    }
    if (s.texture) {
      dl->AddImage(static_cast<ImTextureID>(s.texture), at, ImVec2(at.x + size.x, at.y + size.y));
      return at;
    }
  }
  // Rectangles: a 16-bit index buffer holds 16k of them per window, so big
  // strips are drawn from every k-th pixel (k x k blocks).
  const int k = std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(s.w) * s.h / 12000.0))));
  for (int y = 0; y < s.h; y += k) {
    const unsigned char* row = &s.rgba[static_cast<std::size_t>(y) * s.w * 4];
    const float y1 = at.y + std::min(s.h, y + k) * scale;
    int x0 = 0;
    for (int x = k; x <= s.w + k - 1; x += k) {
      const int xe = std::min(x, s.w);
      if (xe < s.w && std::memcmp(row + 4 * xe, row + 4 * x0, 4) == 0) continue;
      const unsigned char* c = row + 4 * x0;
      dl->AddRectFilled(ImVec2(at.x + x0 * scale, at.y + y * scale), ImVec2(at.x + xe * scale, y1),
                        IM_COL32(c[0], c[1], c[2], 255));
      x0 = xe;
      if (xe >= s.w) break;
    }
  }
  return at;
}

namespace {

// The centre of cell i's bottom edge (for a label under it).
ImVec2 cell_bottom(const ImageStrip& s, ImVec2 at, float scale, int i) {
  const float cx = at.x + (1 + (i % s.cols) * (s.side_w + 1) + 0.5f * s.side_w) * scale;
  const float by = at.y + (1 + (i / s.cols) * (s.side_h + 1) + s.side_h) * scale;
  return ImVec2(cx, by);
}

void rows_of(const Tensor2& from, std::size_t first, std::size_t count, Tensor2& out) {
  const std::size_t dim = from.shape()[1];
  count = std::min(count, from.shape()[0] - std::min(first, from.shape()[0]));
  out = Tensor2::from_shape({count, dim});
  std::memcpy(out.data(), from.data() + first * dim, sizeof(float) * count * dim);
}

}  // namespace

// ---- views ----

void refresh_image_views(PlayerImpl& p, ImageState& s, double now) {
  run::RemoteRun& se = p.image_run();
  const bool playing = p.play.playing;
  const ImageShape shape = p.lesson().image->shape;
  // Asked again when the run moved: at most 4 times a second while playing,
  // one request at a time; the walk at most once a second (never drawn: at once).
  const bool grid_stale = s.built_version != p.session.version();
  const bool line_stale = s.line_version != p.session.version();
  const bool line_due = line_stale && (!playing || now - s.last_line >= 1.0 || s.line_row.rgba.empty());
  const bool judge_due = s.judge.usable && !s.judge.ready;  // it trains a little with each request
  const bool score_due = s.judge.ready && s.quality_version != p.session.version() &&
                         (!playing || now - s.last_quality >= 2.0);
  // The styles panel: its psi for every image drawn, the mixing grid at most once a second while playing.
  s.styles_shown = p.shows(lessons::Panel::Styles);
  if (s.styles_shown && s.psi < 0) s.psi = se.config().psi;
  const bool mix_due = s.styles_shown && (s.mix_stale || s.mix_version != p.session.version()) &&
                       (!playing || s.mix_stale || now - s.last_line >= 1.0 || s.mix.rgba.empty());
  // Z and W (projection, interpolation): measured once per trained state, while paused.
  s.dis_shown = p.shows(lessons::Panel::Projection) || p.shows(lessons::Panel::Interpolation);
  const bool dis_due = s.dis_shown && !playing && !p.session.busy() && s.dis_version != p.session.version() &&
                       s.dis_asked == 0 && s.judge.ready;
  if (!se.views_pending() && (grid_stale || line_due || judge_due || mix_due || dis_due || s.asked_id == 0) &&
      (!playing || now - s.asked_at >= 0.25)) {
    run::ViewRequest q;
    q.id = ++s.asked_id;
    if (dis_due) {
      q.disentangle = true;
      s.dis_asked = q.id;
      s.dis_asked_iteration = se.iteration();
      s.dis_asked_version = p.session.version();
    }
    q.real_pick = s.real_pick;
    q.score = score_due || !s.judge.ready;
    if (line_due) {  // the walk: G((1 - t) z0 + t z1) for t = 0, 1/kWalkSteps, ..., 1
      const int nd = se.config().noise_dim;
      if (s.z_ends.shape()[0] != 2 || s.z_ends.shape()[1] != std::size_t(nd)) {
        s.z_ends = Tensor2::from_shape({2, std::size_t(nd)});
        Rng r(s.latent_seed, 12);
        noise_prior(se.config()).sample(r, 2, s.z_ends.data());
      }
      const int n = ImageState::kWalkSteps + 1;
      s.z_line = Tensor2::from_shape({std::size_t(n), std::size_t(nd)});
      for (int i = 0; i < n; ++i) {
        const float a = static_cast<float>(i) / static_cast<float>(n - 1);
        for (int j = 0; j < nd; ++j) s.z_line(i, j) = (1.0f - a) * s.z_ends(0, j) + a * s.z_ends(1, j);
      }
      q.z_line = s.z_line;
    }
    if (s.styles_shown) q.psi = s.psi;
    if (mix_due) {  // A and B: Rng(mix_seed, 13), A's rows first
      const int nd = se.config().noise_dim;
      if (s.mix_z_a.shape()[0] != std::size_t(ImageState::kMixA) || s.mix_z_a.shape()[1] != std::size_t(nd)) {
        s.mix_z_a = Tensor2::from_shape({std::size_t(ImageState::kMixA), std::size_t(nd)});
        s.mix_z_b = Tensor2::from_shape({std::size_t(ImageState::kMixB), std::size_t(nd)});
        Rng r(s.mix_seed, 13);
        const NoisePrior prior = noise_prior(se.config());
        prior.sample(r, ImageState::kMixA, s.mix_z_a.data());
        prior.sample(r, ImageState::kMixB, s.mix_z_b.data());
      }
      q.mix_a = s.mix_z_a;
      q.mix_b = s.mix_z_b;
      q.mix_from_b = s.mix_from_b;
      s.mix_stale = false;
    }
    se.request_views(std::move(q));
    s.asked_version = p.session.version();
    s.asked_at = now;
  }
  // What came from where the run trains (compute_image_views: G on the fixed
  // noise, D on real digits and on the first samples, the latent walk): in
  // process at once, from a thread or the page's worker a unit or so later.
  run::ImageViews v;
  const bool came = se.take_views(v);
  // Answered (the measure comes in a reply of its own, after the views), or
  // overtaken by a newer request while the host measures nothing for it.
  if (came && s.dis_asked != 0 && v.id >= s.dis_asked && v.dis_running != s.dis_asked) {
    if (v.id == s.dis_asked && (!v.dis.labels.empty() || !v.dis_note.empty())) {
      s.dis = std::move(v.dis);
      s.dis_note = std::move(v.dis_note);
      s.dis_version = s.dis_asked_version;
      s.dis_iteration = s.dis_asked_iteration;
      if (!s.dis.labels.empty()) {
        Tensor2 rows = Tensor2::from_shape({s.dis.interp_z.shape()[0] + s.dis.interp_w.shape()[0], s.dis.interp_z.shape()[1]});
        std::copy_n(s.dis.interp_z.data(), s.dis.interp_z.size(), rows.data());
        std::copy_n(s.dis.interp_w.data(), s.dis.interp_w.size(), rows.data() + s.dis.interp_z.size());
        fill_strip(s.interp, rows.data(), static_cast<int>(rows.shape()[0]), static_cast<int>(s.dis.interp_z.shape()[0]), shape);
      }
    }
    s.dis_asked = 0;
  }
  if (came && v.id == s.asked_id && !v.dis_only) {
    s.samples = std::move(v.samples);
    fill_strip(s.grid, s.samples.data(), static_cast<int>(s.samples.shape()[0]), 8, shape);
    s.real = std::move(v.real);
    s.real_prob = std::move(v.real_prob);
    s.fake_prob = std::move(v.fake_prob);
    fill_strip(s.real_row, s.real.data(), static_cast<int>(s.real.shape()[0]), run::kViewRow, shape);
    Tensor2 first;
    rows_of(s.samples, 0, run::kViewRow, first);
    fill_strip(s.fake_row, first.data(), static_cast<int>(first.shape()[0]), run::kViewRow, shape);
    s.built_version = s.asked_version;
    if (v.line_images.shape()[0] > 0) {
      s.line_images = std::move(v.line_images);
      const int n = static_cast<int>(s.line_images.shape()[0]);
      fill_strip(s.line_row, s.line_images.data(), n, n, shape);
      s.line_version = s.asked_version;
      s.last_line = now;
    }
    if (v.mix.shape()[0] > 0) {
      fill_strip(s.mix_a, v.mix_a.data(), static_cast<int>(v.mix_a.shape()[0]), 1, shape);
      fill_strip(s.mix_b, v.mix_b.data(), static_cast<int>(v.mix_b.shape()[0]), ImageState::kMixB, shape);
      fill_strip(s.mix, v.mix.data(), static_cast<int>(v.mix.shape()[0]), ImageState::kMixB, shape);
      s.mix_version = s.asked_version;
    }
    s.last_build = now;
    s.build_ms = 1000.0 * (now - s.asked_at);  // asked to shown
    s.judge = v.judge;
    if (v.judge.samples.count > 0) {
      s.quality = v.judge.samples;
      s.quality_version = s.built_version;
      s.last_quality = now;
    }
  }
}

// ---- panels ----

// A growing GAN's resolution and fade-in α at the shown iteration (engine/nn/growing.h),
// over the samples grid: a line and, while a block fades in, a bar of α.
static void panel_growth(PlayerImpl& p) {
  const run::RemoteRun& g = p.image_run();
  const int stages = growth_stages(g.spec());
  if (stages < 2) return;
  const Growth at = growth_at(stages, g.config().grow_stage, g.config().grow_fade, g.iteration());
  const int side = stage_sides(g.spec())[std::size_t(at.stage)];
  const bool fading = at.stage > 0 && at.alpha < 1.0f;
  const std::string line =
      fading ? fmt_num(p.lang, p.t(S::ImgGrowthFading), side, side, at.stage + 1, stages, static_cast<double>(at.alpha))
             : fmt_num(p.lang, p.t(S::ImgGrowthStable), side, side, at.stage + 1, stages);
  ImGui::TextColored(to_vec4(col::kFake), "%s", line.c_str());
  if (fading) {
    ImGui::ProgressBar(at.alpha, ImVec2(-1, ImGui::GetFontSize() * 0.45f), "");
  } else if (side < g.spec().shape.h) {
    ImGui::PushFont(p.fonts.small);
    ImGui::TextDisabled("%s", fmt_num(p.lang, p.t(S::ImgGrowthShown), side, side, g.spec().shape.h,
                                      g.spec().shape.w).c_str());
    ImGui::PopFont();
  }
}

void panel_samples(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinSamples, "samples", r, p.layout.place)) {
    char note[200];
    std::snprintf(note, sizeof note, p.t(S::ImgSamplesNote), shown_iteration(p, p.image_run().iteration()));
    ImGui::PushFont(p.fonts.small);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", note);
    const GanConfig& c = p.image_run().config();
    if (c.ema_g > 0.0f)  // the title's G(z) is then the average's
      ImGui::TextWrapped("%s", fmt_num(p.lang, p.t(S::ImgSamplesAverage), static_cast<double>(c.ema_g), c.ema_start).c_str());
    ImGui::PopStyleColor();
    ImGui::PopFont();
    panel_growth(p);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float scale = fit_scale(s.grid, avail.x, avail.y);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, 0.5f * (avail.x - s.grid.w * scale)));
    draw_strip(p, s.grid, scale);
    if (ImGui::IsItemHovered() && s.grid.w > 0) {
      const ImVec2 m = ImGui::GetIO().MousePos, a = ImGui::GetItemRectMin();
      const int cx = static_cast<int>((m.x - a.x) / scale) / (s.grid.side_w + 1);
      const int cy = static_cast<int>((m.y - a.y) / scale) / (s.grid.side_h + 1);
      ImGui::SetTooltip(p.t(S::ImgSampleTip), cy * s.grid.cols + cx + 1);
    }
  }
  ImGui::End();
}

void panel_d_outputs(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinDOutputs, "d_outputs", r, p.layout.place)) {
    const float fs = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float row_h = std::max(fs * 2.0f, 0.5f * (avail.y - 7.5f * fs));
    const float scale = std::min(fit_scale(s.real_row, avail.x, row_h), fit_scale(s.fake_row, avail.x, row_h));
    auto row = [&](ImageStrip& strip, const Tensor2& prob, S title, ImU32 colour) {
      ImGui::TextColored(to_vec4(colour), "%s", p.t(title));
      const ImVec2 at = draw_strip(p, strip, scale);
      ImGui::PushFont(p.fonts.small);
      const float line = ImGui::GetFontSize();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const int n = static_cast<int>(prob.size());
      for (int i = 0; i < n && i < strip.cols * strip.rows; ++i) {
        char v[16];
        std::snprintf(v, sizeof v, "%s", fmt_num(p.lang, "%.2f", static_cast<double>(prob.data()[i])).c_str());
        const ImVec2 b = cell_bottom(strip, at, scale, i), ts = ImGui::CalcTextSize(v);
        dl->AddText(ImVec2(b.x - 0.5f * ts.x, at.y + strip.h * scale + 1.0f), colour, v);
      }
      ImGui::Dummy(ImVec2(1, line * 1.15f));
      ImGui::PopFont();
    };
    row(s.real_row, s.real_prob, S::ImgRealRow, col::kReal);
    row(s.fake_row, s.fake_prob, S::ImgFakeRow, col::kFake);
    if (small_button(p, p.t(S::ImgOtherReal))) {
      ++s.real_pick;
      s.built_version = 0;
      ++s.asked_id;  // a reply on its way shows the digits before
    }
    const StepStats& st = p.image_run().stats();
    if (!p.session.history().empty() || p.image_run().dstep() > 0) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s", fmt_num(p.lang, p.t(S::ImgMinibatchFmt), st.d_real, st.d_fake).c_str());
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("%s", buf);
      ImGui::PopStyleColor();
    }
  }
  ImGui::End();
}

void panel_latent(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinLatent, "latent", r, p.layout.place)) {
    if (small_button(p, p.t(S::ImgNewZ))) {
      ++s.latent_seed;
      s.z_ends = Tensor2();
      s.line_version = 0;
      ++s.asked_id;  // a reply on its way shows the walk before
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", p.t(S::ImgLatentNote));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float scale = fit_scale(s.line_row, avail.x, avail.y - ImGui::GetFontSize() * 1.3f);
    const ImVec2 at = draw_strip(p, s.line_row, scale);
    ImGui::PushFont(p.fonts.small);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int n = ImageState::kWalkSteps + 1;
    for (int i = 0; i < n && !s.line_row.rgba.empty(); ++i) {
      char v[16];
      if (i == 0) std::snprintf(v, sizeof v, "z₀");
      else if (i == n - 1) std::snprintf(v, sizeof v, "z₁");
      else std::snprintf(v, sizeof v, "%s", fmt_num(p.lang, "%.1f", static_cast<double>(i) / (n - 1)).c_str());
      const ImVec2 b = cell_bottom(s.line_row, at, scale, i), ts = ImGui::CalcTextSize(v);
      dl->AddText(ImVec2(b.x - 0.5f * ts.x, at.y + s.line_row.h * scale + 1.0f), col::kGrey, v);
    }
    ImGui::PopFont();
  }
  ImGui::End();
}

void panel_classes(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinClasses, "classes", r, p.layout.place)) {
    if (s.last_build < 0) {
      ImGui::TextDisabled("…");  // the first views are on their way: whether there is a judge is not known yet
    } else if (!s.judge.usable) {
      ImGui::TextWrapped("%s", p.t(S::ImgNoJudge));
    } else if (!s.judge.ready) {
      char buf[200];
      std::snprintf(buf, sizeof buf, p.t(S::ImgTrainingJudge), 100.0 * s.judge.progress);
      ImGui::TextWrapped("%s", buf);
      ImGui::ProgressBar(static_cast<float>(s.judge.progress), ImVec2(-1, 0));
    } else {
      const QualityReport& q = s.quality;
      if (s.quality_version == 0) {
        ImGui::TextDisabled("…");  // scored at the next quiet frame
      } else {
        ImGui::TextWrapped("%s", fmt_num(p.lang, p.t(S::ImgFrechetFmt), q.frechet, s.judge.real.frechet).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::ImgFrechetTip));
        const std::string conf = fmt_num(p.lang, p.t(S::ImgConfidentFmt), q.confidence, s.judge.real.confidence,
                                         100.0 * q.confident, 100.0 * s.judge.real.confident);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", conf.c_str());
        ImGui::PopStyleColor();
      }
      ImGui::PushFont(p.fonts.small);
      ImGui::TextDisabled("%s", p.t(s.judge.cached ? S::ImgJudgeCached : S::ImgJudgeTrained));
      ImGui::PopFont();
      ImGui::PushFont(p.fonts.small);
      double top = 0.25;
      for (int c = 0; c < 10; ++c) top = std::max({top, q.class_hist[c], s.judge.real.class_hist[c]});
      PlotSpec spec;
      spec.decimal_comma = p.lang == Lang::Pt;
      spec.x0 = -0.6;
      spec.x1 = 9.6;
      spec.y0 = 0;
      spec.y1 = top * 1.1;
      spec.integer_x = true;
      spec.x_label = p.t(S::ImgDigit);
      spec.y_label = p.t(S::ImgFraction);
      PlotArea a = plot_begin("##classes", ImGui::GetContentRegionAvail(), spec);
      const float half = 0.32f * (a.x.to_screen(1) - a.x.to_screen(0));
      for (int c = 0; c < 10; ++c) {
        const float cx = a.x.to_screen(c), y0 = a.y.to_screen(0);
        a.dl->AddRectFilled(ImVec2(cx - half, a.y.to_screen(q.class_hist[c])), ImVec2(cx + half, y0), with_alpha(col::kFake, 0.8f));
        const float ry = a.y.to_screen(s.judge.real.class_hist[c]);
        a.dl->AddLine(ImVec2(cx - half * 1.2f, ry), ImVec2(cx + half * 1.2f, ry), col::kReal, 2.0f * a.scale);
      }
      const LegendEntry legend[] = {{p.t(S::ImgSamplesLegend), col::kFake, LineStyle::Solid, false, true},
                                    {p.t(S::ImgRealLegend), col::kReal}};
      plot_legend(a, legend, 2, 1);
      const bool hovered = a.hovered;
      const int digit = std::clamp(static_cast<int>(std::lround(a.mouse_x)), 0, 9);
      plot_end(a);
      if (hovered)
        ImGui::SetTooltip(p.t(S::ImgClassTip), digit, 100.0 * q.class_hist[digit],
                          100.0 * s.judge.real.class_hist[digit]);
      ImGui::PopFont();
    }
  }
  ImGui::End();
}

// The styles panel: psi, which levels B gives, and the grid of mixed styles
// (rows: A's codes, with A's own images down the left; columns: B's codes,
// B's images along the top).
void panel_styles(PlayerImpl& p, ImageState& s, const Rect& r) {
  if (begin_panel(p, S::WinStyles, "styles", r, p.layout.place)) {
    if (!has_style_layer(p.image_run().spec())) {
      ImGui::TextWrapped("%s", p.t(S::StyNotStyle));
    } else {
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(p.t(S::StyPsi));
      ImGui::SameLine();
      ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x * 0.35f));
      float psi = std::max(0.0f, s.psi);
      const std::string shown = fmt_num(p.lang, "%.2f", static_cast<double>(psi));
      if (ImGui::SliderFloat("##psi", &psi, 0.0f, 1.5f, shown.c_str())) {
        s.psi = psi;
        s.mix_stale = true;
        s.built_version = 0;  // the samples grid too
      }
      p.layout.note("setting:psi");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::StyPsiTip));
      ImGui::SameLine();
      if (small_button(p, p.t(S::StyNewCodes))) {
        ++s.mix_seed;
        s.mix_z_a = s.mix_z_b = Tensor2();
        s.mix_stale = true;
      }
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(p.t(S::StyFromB));
      const S names[3] = {S::StyCoarse, S::StyMiddle, S::StyFine};
      const char* notes[3] = {"styles:coarse", "styles:middle", "styles:fine"};
      for (int l = 0; l < 3; ++l) {
        bool on = (s.mix_from_b >> l) & 1u;
        if (flow_checkbox(p, notes[l], p.t(names[l]), &on)) {  // the next line when it does not fit
          s.mix_from_b = on ? (s.mix_from_b | (1u << l)) : (s.mix_from_b & ~(1u << l));
          s.mix_stale = true;
        }
      }
      ImGui::PushFont(p.fonts.small);
      ImGui::TextDisabled("%s", p.t(S::StyNote));
      ImGui::PopFont();
      if (!s.mix.rgba.empty()) {
        // one scale for the three strips: B's row and the grid share columns, A's column the grid's rows
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float cell = static_cast<float>(s.mix.side_w + 1);
        const float w_cells = ImageState::kMixB + 1.5f, h_cells = ImageState::kMixA + 1.5f;
        const float scale = std::max(0.25f, std::min(avail.x / (w_cells * cell), avail.y / (h_cells * cell)));
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        const float gap = 0.5f * cell * scale;
        const float left = origin.x + cell * scale + gap, top = origin.y + cell * scale + gap;
        ImGui::SetCursorScreenPos(ImVec2(left, origin.y));
        draw_strip(p, s.mix_b, scale);
        ImGui::SetCursorScreenPos(ImVec2(origin.x, top));
        draw_strip(p, s.mix_a, scale);
        ImGui::SetCursorScreenPos(ImVec2(left, top));
        draw_strip(p, s.mix, scale);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddText(ImVec2(origin.x + 0.3f * cell * scale, origin.y + 0.3f * cell * scale), col::kGrey, "A \\ B");
      }
    }
  }
  ImGui::End();
}

}  // namespace ganstep::ui
