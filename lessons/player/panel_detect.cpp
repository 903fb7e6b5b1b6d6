// The detect-fakes panels: see panel_detect.h.
#include "lessons/player/panel_detect.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lessons/player/panel_inversion.h"
#include "lessons/player/player_impl.h"
#include "lessons/player/plot.h"
#include "lessons/run/latent_view.h"

namespace ganstep::ui {
namespace {

using run::DigitGroup;
constexpr int kBins = 30;
// A fake source's line style (its ROC curves and histogram): the G inverted, another G, another seed.
constexpr ImU32 kGroupColours[run::kDigitGroups] = {col::kReal, col::kFake, col::kPurple, col::kBrown};
constexpr LineStyle kGroupStyles[run::kDigitGroups] = {LineStyle::Solid, LineStyle::Solid, LineStyle::Dashed,
                                                       LineStyle::Dotted};
const char* const kStyleKeys[run::kDigitGroups] = {"", "—— ", "- - ", "···· "};
// The fake sources, nearest to the G inverted first (its own, another seed, another G).
constexpr DigitGroup kSources[] = {DigitGroup::Same, DigitGroup::Seed, DigitGroup::Other};
constexpr ImU32 kDetectorColours[kDetectors] = {col::kVermillion, col::kGreen, col::kBlue};
const S kDetectorNames[kDetectors] = {S::DetResynthesis, S::DetDiscriminator, S::DetClassifier};

// The value a histogram shows for a detector (the re-synthesis error on a log scale).
double shown_value(const DigitScore& s, Detector d) {
  switch (d) {
    case Detector::Resynthesis: return std::log10(std::max(1e-6, s.error));
    case Detector::Discriminator: return s.d;
    case Detector::Classifier: return s.confidence;
  }
  return 0;
}

std::string group_label(const PlayerImpl& p, const run::DetectView& run, DigitGroup g) {
  char text[200];
  if (g == DigitGroup::Real) return p.t(S::DetReal);
  if (g == DigitGroup::Seed)
    std::snprintf(text, sizeof text, p.t(S::DetSeedFmt), run.spec.generator.c_str(),
                  std::to_string(run.spec.other_seed).c_str());
  else
    std::snprintf(text, sizeof text, p.t(g == DigitGroup::Same ? S::DetSameFmt : S::DetOtherFmt),
                  (g == DigitGroup::Same ? run.spec.generator : run.spec.other_generator).c_str());
  return text;
}

}  // namespace

std::vector<float> histogram_shares(const std::vector<double>& values, double lo, double hi, int bins) {
  std::vector<float> out(std::size_t(std::max(1, bins)), 0.0f);
  if (values.empty() || !(hi > lo)) return out;
  for (double v : values) {
    int b = static_cast<int>(std::floor((v - lo) / (hi - lo) * bins));
    b = std::max(0, std::min(bins - 1, b));
    out[std::size_t(b)] += 1.0f;
  }
  for (float& v : out) v /= float(values.size());
  return out;
}

void score_canvas(PlayerImpl& p, DetectState& s) {
  if (!p.session.loaded()) return;
  s.message.clear();
  s.scored = false;
  s.waiting = true;
  p.session.run().score_digit(++s.asked, s.canvas);
  take_verdict(p, s);  // a local run's comes at once
}

void take_verdict(PlayerImpl& p, DetectState& s) {
  if (!s.waiting || !p.session.loaded()) return;
  run::DigitVerdict v;
  while (p.session.run().take_verdict(v)) {
    if (v.id != s.asked) continue;  // an older request's
    s.waiting = false;
    s.message = v.error;
    s.scored = v.error.empty() && v.recon.size() == 784;
    if (s.scored) {
      s.yours = v.score;
      s.recon = std::move(v.recon);
    }
  }
}

void panel_scores(PlayerImpl& p, DetectState& s, const Rect& r) {
  if (begin_panel(p, S::WinScores, "scores", r, p.layout.place)) {
    const run::DetectView* run = p.session.loaded() ? p.session.run().detect_view() : nullptr;
    const std::string error = p.session.loaded() ? p.session.run().error() : "";
    take_verdict(p, s);
    if (!run || !error.empty()) {
      ImGui::TextWrapped("%s", error.empty() ? p.t(S::LatentLoading) : error.c_str());
    } else {
      for (int d = 0; d < kDetectors; ++d) {
        if (d) ImGui::SameLine();
        ImGui::RadioButton(p.t(kDetectorNames[d]), &s.detector, d);
      }
      const auto det = static_cast<Detector>(s.detector);
      // The range over every group (and the drawn digit).
      std::vector<double> values[run::kDigitGroups];
      double lo = 1e300, hi = -1e300;
      for (int g = 0; g < run::kDigitGroups; ++g)
        for (const DigitScore& d : run->scores[std::size_t(g)]) {
          values[g].push_back(shown_value(d, det));
          lo = std::min(lo, values[g].back());
          hi = std::max(hi, values[g].back());
        }
      if (s.scored) {
        lo = std::min(lo, shown_value(s.yours, det));
        hi = std::max(hi, shown_value(s.yours, det));
      }
      if (det == Detector::Classifier) hi = std::max(hi, 1.0);
      if (!(hi > lo)) {
        lo = 0;
        hi = 1;
      }
      const double pad = (hi - lo) * 0.04;
      lo -= pad;
      hi += pad;
      const float bottom_h = std::min(ImGui::GetContentRegionAvail().y * 0.4f, ImGui::GetFontSize() * 8.0f);
      PlotSpec spec;
      spec.decimal_comma = p.lang == Lang::Pt;
      spec.x0 = lo;
      spec.x1 = hi;
      spec.y0 = 0;
      float top = 0.1f;
      std::vector<float> shares[run::kDigitGroups];
      for (int g = 0; g < run::kDigitGroups; ++g) {
        shares[g] = histogram_shares(values[g], lo, hi, kBins);
        for (float v : shares[g]) top = std::max(top, v);
      }
      spec.y1 = std::ceil(top * 11.0) / 10.0;
      spec.x_label = p.t(det == Detector::Resynthesis ? S::DetLogError : det == Detector::Discriminator ? S::DetDValue
                                                                                                     : S::DetConfidence);
      spec.y_label = p.t(S::DetShare);
      const ImVec2 plot_size(ImGui::GetContentRegionAvail().x,
                             std::max(80.0f, ImGui::GetContentRegionAvail().y - bottom_h));
      PlotArea a = plot_begin("##detect_hist", plot_size, spec);
      std::string labels[run::kDigitGroups];
      LegendEntry legend[run::kDigitGroups + 1];
      int entries = 0;
      for (DigitGroup group : {DigitGroup::Real, DigitGroup::Same, DigitGroup::Seed, DigitGroup::Other}) {
        const int g = static_cast<int>(group);
        if (!run->has_group(group) || values[g].empty()) continue;
        s.xs.clear();
        s.ys.clear();
        const double w = (hi - lo) / kBins;
        s.xs.push_back(static_cast<float>(lo));
        s.ys.push_back(0.0f);
        for (int b = 0; b < kBins; ++b) {  // a step outline
          s.xs.push_back(static_cast<float>(lo + b * w));
          s.ys.push_back(shares[g][std::size_t(b)]);
          s.xs.push_back(static_cast<float>(lo + (b + 1) * w));
          s.ys.push_back(shares[g][std::size_t(b)]);
        }
        s.xs.push_back(static_cast<float>(hi));
        s.ys.push_back(0.0f);
        plot_line(a, s.xs.data(), s.ys.data(), static_cast<int>(s.xs.size()), kGroupColours[g], 2.0f,
                  kGroupStyles[g]);
        labels[g] = group_label(p, *run, group);
        legend[entries++] = {labels[g].c_str(), kGroupColours[g], kGroupStyles[g]};
      }
      if (s.scored) {
        const double x = shown_value(s.yours, det);
        plot_vline(a, x, col::kBlack, LineStyle::Dotted);
        const float px = a.x.to_screen(x);  // where the digit was placed (the layout tests read it)
        p.layout.items.push_back({"detect:yours_line", Rect{px, a.p0.y, 1.0f, a.p1.y - a.p0.y}});
        legend[entries++] = {p.t(S::DetYours), col::kBlack, LineStyle::Dotted};
      }
      if (entries) plot_legend(a, legend, entries, det == Detector::Resynthesis ? 1 : 0);
      plot_end(a);
      if (run->scores[0].empty()) ImGui::TextDisabled("%s", p.t(S::DetNone));
      // Your digit: the canvas, its re-synthesis and its scores.
      const float side = std::max(40.0f, std::min(bottom_h - ImGui::GetFontSize() * 2.2f, ImGui::GetFontSize() * 6.0f));
      ImGui::BeginGroup();
      const ImVec2 at = draw_digit(p, s.canvas.data(), side, p.t(S::DetYours), "detect:canvas");
      ImGui::EndGroup();
      if (brush_canvas(s.canvas, at, side)) {
        s.scored = false;
        s.waiting = false;
      }
      ImGui::SameLine();
      ImGui::BeginGroup();
      draw_digit(p, s.scored && s.recon.size() == 784 ? s.recon.data() : nullptr, side, p.t(S::DetRecon));
      ImGui::EndGroup();
      ImGui::SameLine();
      ImGui::BeginGroup();
      if (small_button(p, p.t(S::DetScore))) score_canvas(p, s);
      p.layout.note("detect:score");
      ImGui::SameLine();
      if (small_button(p, p.t(S::InvClear))) {
        std::fill(s.canvas.begin(), s.canvas.end(), -1.0f);
        s.scored = false;
        s.waiting = false;
      }
      ImGui::TextDisabled("%s", p.t(s.waiting ? S::DetScoring : S::InvDrawTip));
      if (s.scored) {
        char line[200];
        std::snprintf(line, sizeof line, p.t(S::DetYoursFmt), s.yours.error, s.yours.d, s.yours.confidence);
        ImGui::TextWrapped("%s", fmt_num(p.lang, "%s", line).c_str());
      }
      if (!s.message.empty()) ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1.0f), "%s", s.message.c_str());
      ImGui::EndGroup();
    }
  }
  ImGui::End();
}

void panel_roc(PlayerImpl& p, DetectState& s, const Rect& r) {
  (void)s;
  if (begin_panel(p, S::WinRoc, "roc", r, p.layout.place)) {
    const run::DetectView* run = p.session.loaded() ? p.session.run().detect_view() : nullptr;
    if (run && p.session.run().error().empty()) {
      // The AUCs as a key above the plot: a row per fake source (its line style), a column per detector (its
      // colour). When the detectors' names do not fit as column heads (a phone), they go above the table as a
      // coloured key that wraps, and the sources' names wrap in a column that takes the width left.
      RocCurve curves[run::kDigitGroups][kDetectors];
      const ImGuiStyle& st = ImGui::GetStyle();
      const float number_w = ImGui::CalcTextSize("0,000").x;
      float label_w = ImGui::CalcTextSize("AUC").x, heads_w = 0;
      std::string labels[run::kDigitGroups];
      for (DigitGroup group : kSources) {
        const int src = static_cast<int>(group);
        if (!run->has_group(group)) continue;
        labels[src] = std::string(kStyleKeys[src]) + group_label(p, *run, group);
        label_w = std::max(label_w, ImGui::CalcTextSize(labels[src].c_str()).x);
      }
      for (int d = 0; d < kDetectors; ++d)
        heads_w += std::max(number_w, ImGui::CalcTextSize(p.t(kDetectorNames[d])).x) + 2 * st.CellPadding.x;
      const bool narrow = label_w + 2 * st.CellPadding.x + heads_w > ImGui::GetContentRegionAvail().x;
      if (narrow) {
        ImGui::TextUnformatted("AUC:");
        for (int d = 0; d < kDetectors; ++d) {
          const char* name = p.t(kDetectorNames[d]);
          flow(ImGui::CalcTextSize(name).x);
          ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kDetectorColours[d]), "%s", name);
        }
        p.layout.note("detect:auc_head");  // the last detector's name (the layout tests keep it on the screen)
      }
      const ImGuiTableFlags flags =
          ImGuiTableFlags_BordersInnerH | (narrow ? ImGuiTableFlags_SizingStretchProp : ImGuiTableFlags_SizingFixedFit);
      if (ImGui::BeginTable("##detect_auc", 1 + kDetectors, flags)) {
        if (narrow) {
          ImGui::TableSetupColumn("##source", ImGuiTableColumnFlags_WidthStretch);
          for (int d = 0; d < kDetectors; ++d)
            ImGui::TableSetupColumn(p.t(kDetectorNames[d]), ImGuiTableColumnFlags_WidthFixed, number_w);
        } else {
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          ImGui::TextUnformatted("AUC");
          for (int d = 0; d < kDetectors; ++d) {
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kDetectorColours[d]), "%s", p.t(kDetectorNames[d]));
          }
          p.layout.note("detect:auc_head");
        }
        for (DigitGroup group : kSources) {
          const int src = static_cast<int>(group);
          if (!run->has_group(group)) continue;
          ImGui::TableNextRow();
          ImGui::TableNextColumn();
          if (narrow)
            ImGui::TextWrapped("%s", labels[src].c_str());
          else
            ImGui::TextUnformatted(labels[src].c_str());
          for (int d = 0; d < kDetectors; ++d) {
            curves[src][d] = run->roc(static_cast<Detector>(d), group);
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kDetectorColours[d]), "%s",
                               fmt_num(p.lang, "%.3f", curves[src][d].auc).c_str());
          }
          p.layout.note("detect:auc_end");  // a row's last figure (the layout tests keep it on the screen)
        }
        ImGui::EndTable();
      }
      PlotSpec spec;
      spec.decimal_comma = p.lang == Lang::Pt;
      spec.x_label = p.t(S::DetFpr);
      spec.y_label = p.t(S::DetTpr);
      PlotArea a = plot_begin("##detect_roc", ImGui::GetContentRegionAvail(), spec);
      const float diag[2] = {0.0f, 1.0f};
      plot_line(a, diag, diag, 2, col::kGrey, 1.0f, LineStyle::Dotted);
      for (int src = 1; src < run::kDigitGroups; ++src)
        for (int d = 0; d < kDetectors; ++d) {
          const RocCurve& c = curves[src][d];
          if (c.fpr.empty()) continue;
          std::vector<float> xs(c.fpr.begin(), c.fpr.end()), ys(c.tpr.begin(), c.tpr.end());
          plot_line(a, xs.data(), ys.data(), static_cast<int>(xs.size()), kDetectorColours[d], 2.0f,
                    kGroupStyles[src]);
        }
      plot_end(a);
    }
  }
  ImGui::End();
}

}  // namespace ganstep::ui
