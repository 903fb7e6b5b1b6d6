// Hyperparameters. Live keys go through the Session (from the next step
// on); architecture, noise, optimizer and data changes restart the run.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "engine/core/text.h"
#include "engine/gan/config.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

const char* const kDataSpecs[] = {
    "gaussian(4,0.5)", "bimodal", "uniform(-1,3)", "mixture(0.3*N(-2,0.5)+0.7*U(1,3))",
    "ring8",           "grid25",  "moons",         "spiral",
    "line",
};

// A slider's float as set() reads it back: the same float (%.6g when that is enough).
std::string fmt(double v) { return shortest_text(v, true, 6); }

// Within the settings table's range of a numeric key (engine/gan/config.h).
bool in_range(const char* key, double v) {
  const ConfigKey* k = config_key(key);
  return k && v >= k->lo && v <= k->hi;
}

void copy(char* dst, std::size_t n, const std::string& s) {
  std::snprintf(dst, n, "%s", s.c_str());
}

// A row: the label in a fixed left column, then one full-width widget.
void label(const char* text, float column) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(column);
  ImGui::SetNextItemWidth(-1);
}

// A row with a D and a G widget side by side; returns the widget width.
float pair_label(const char* text, float column) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(text);
  ImGui::SameLine(column);
  const float tag = ImGui::CalcTextSize("D ").x;
  return (ImGui::GetContentRegionAvail().x - 2 * tag - ImGui::GetStyle().ItemSpacing.x * 3) * 0.5f;
}

// Greys out the widget(s) of a setting the lesson locked, with a tooltip saying so.
class Lock {
 public:
  Lock(PlayerImpl& p, const char* key) : p_(p), on_(p.locked(key)) { ImGui::BeginDisabled(on_); }
  ~Lock() {
    ImGui::EndDisabled();
    if (on_ && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", p_.t(S::LockedTip));
  }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  PlayerImpl& p_;
  bool on_;
};

void tag(const char* t, ImU32 c) {
  ImGui::TextColored(to_vec4(c), "%s", t);
  ImGui::SameLine(0, 3);
}

}  // namespace

void panel_settings(PlayerImpl& p, SettingsState& s) {
  begin_panel(p, S::WinSettings, "settings", p.layout.rects.of(lessons::Panel::Settings), p.layout.place);
  const GanConfig c = p.trainer().next_config();
  if (s.synced_version != p.session.version()) {
    copy(s.g_hidden, sizeof s.g_hidden, format_hidden(c.g_hidden));
    copy(s.d_hidden, sizeof s.d_hidden, format_hidden(c.d_hidden));
    copy(s.data, sizeof s.data, c.data);
    s.synced_version = p.session.version();
  }
  // The label column fits the longest label (at most 55% of the width).
  const S labels[] = {S::SetLr, S::SetMomentum, S::SetK, S::SetBatch, S::SetGLoss, S::SetOpt, S::SetGHidden,
                      S::SetDHidden, S::SetNoise, S::SetNoiseDim, S::SetData, S::SetCustom, S::SetJsEvery};
  float column = 0;
  for (S l : labels) column = std::max(column, ImGui::CalcTextSize(p.t(l)).x);
  column = std::min(column + ImGui::GetStyle().ItemSpacing.x * 2 + ImGui::GetStyle().WindowPadding.x,
                    ImGui::GetWindowContentRegionMax().x * 0.55f);

  // ---- live ----
  ImGui::TextColored(to_vec4(col::kGreen), "%s", p.t(S::SetLive));
  float w = pair_label(p.t(S::SetLr), column);
  float lr_d = c.opt_d.lr, lr_g = c.opt_g.lr;
  tag("D", col::kGreen);
  ImGui::SetNextItemWidth(w);
  {
    Lock lock(p, "lr_d");
    if (ImGui::DragFloat("##lr_d", &lr_d, 0.0002f, 1e-5f, 1.0f, "%.4g", ImGuiSliderFlags_Logarithmic) && lr_d > 0 &&
        in_range("lr_d", lr_d))
      p.set("lr_d", fmt(lr_d));
  }
  ImGui::SameLine();
  tag("G", col::kFake);
  ImGui::SetNextItemWidth(w);
  {
    Lock lock(p, "lr_g");
    if (ImGui::DragFloat("##lr_g", &lr_g, 0.0002f, 1e-5f, 1.0f, "%.4g", ImGuiSliderFlags_Logarithmic) && lr_g > 0 &&
        in_range("lr_g", lr_g))
      p.set("lr_g", fmt(lr_g));
  }
  w = pair_label(p.t(S::SetMomentum), column);
  float mom_d = c.opt_d.momentum, mom_g = c.opt_g.momentum;
  tag("D", col::kGreen);
  ImGui::SetNextItemWidth(w);
  ImGui::BeginDisabled(c.opt_d.kind != OptKind::Sgd);
  {
    Lock lock(p, "momentum_d");
    if (ImGui::SliderFloat("##momentum_d", &mom_d, 0.0f, 0.99f, "%.2f")) p.set("momentum_d", fmt(mom_d));
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  tag("G", col::kFake);
  ImGui::SetNextItemWidth(w);
  ImGui::BeginDisabled(c.opt_g.kind != OptKind::Sgd);
  {
    Lock lock(p, "momentum_g");
    if (ImGui::SliderFloat("##momentum_g", &mom_g, 0.0f, 0.99f, "%.2f")) p.set("momentum_g", fmt(mom_g));
  }
  ImGui::EndDisabled();
  int k = c.k;
  label(p.t(S::SetK), column);
  {
    Lock lock(p, "k");
    if (ImGui::InputInt("##k", &k, 1, 5, ImGuiInputTextFlags_EnterReturnsTrue) && in_range("k", k))
      p.set("k", std::to_string(k));
  }
  int batch = c.batch;
  label(p.t(S::SetBatch), column);
  {
    Lock lock(p, "batch");
    if (ImGui::InputInt("##batch", &batch, 8, 64, ImGuiInputTextFlags_EnterReturnsTrue) && in_range("batch", batch))
      p.set("batch", std::to_string(batch));
  }
  label(p.t(S::SetGLoss), column);
  const char* losses[] = {"minimax", p.t(S::NonSaturating)};
  int gl = c.g_loss == GLoss::Minimax ? 0 : 1;
  {
    Lock lock(p, "g_loss");
    if (ImGui::Combo("##g_loss", &gl, losses, 2)) p.set("g_loss", gl == 0 ? "minimax" : "nonsat");
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", p.t(S::LossMinimax), p.t(S::LossNonSat));

  // ---- restart ----
  ImGui::Spacing();
  ImGui::TextColored(to_vec4(col::kVermillion), "%s", p.t(S::SetRestart));
  const char* opts[] = {"sgd", "adam"};
  int od = c.opt_d.kind == OptKind::Sgd ? 0 : 1, og = c.opt_g.kind == OptKind::Sgd ? 0 : 1;
  w = pair_label(p.t(S::SetOpt), column);
  tag("D", col::kGreen);
  ImGui::SetNextItemWidth(w);
  {
    Lock lock(p, "opt_d");
    if (ImGui::BeginCombo("##opt_d", opts[od], ImGuiComboFlags_NoArrowButton)) {
      for (int i = 0; i < 2; ++i)
        if (ImGui::Selectable(opts[i], i == od) && i != od) p.set("opt_d", opts[i]);
      ImGui::EndCombo();
    }
  }
  ImGui::SameLine();
  tag("G", col::kFake);
  ImGui::SetNextItemWidth(w);
  {
    Lock lock(p, "opt_g");
    if (ImGui::BeginCombo("##opt_g", opts[og], ImGuiComboFlags_NoArrowButton)) {
      for (int i = 0; i < 2; ++i)
        if (ImGui::Selectable(opts[i], i == og) && i != og) p.set("opt_g", opts[i]);
      ImGui::EndCombo();
    }
  }
  label(p.t(S::SetGHidden), column);
  {
    Lock lock(p, "g_hidden");
    if (ImGui::InputText("##g_hidden", s.g_hidden, sizeof s.g_hidden, ImGuiInputTextFlags_EnterReturnsTrue))
      p.set("g_hidden", s.g_hidden);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::HiddenHint));
  label(p.t(S::SetDHidden), column);
  {
    Lock lock(p, "d_hidden");
    if (ImGui::InputText("##d_hidden", s.d_hidden, sizeof s.d_hidden, ImGuiInputTextFlags_EnterReturnsTrue))
      p.set("d_hidden", s.d_hidden);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::HiddenHint));
  label(p.t(S::SetNoise), column);
  const char* priors[] = {"uniform U(−1, 1)", "gaussian N(0, 1)"};
  int np = c.noise == NoiseKind::Uniform ? 0 : 1;
  {
    Lock lock(p, "noise");
    if (ImGui::Combo("##noise", &np, priors, 2)) p.set("noise", np == 0 ? "uniform" : "gaussian");
  }
  label(p.t(S::SetNoiseDim), column);
  int nd = c.noise_dim;
  {
    Lock lock(p, "noise_dim");
    if (ImGui::InputInt("##noise_dim", &nd, 1, 4, ImGuiInputTextFlags_EnterReturnsTrue) && in_range("noise_dim", nd))
      p.set("noise_dim", std::to_string(nd));
  }
  label(p.t(S::SetData), column);
  {
    Lock lock(p, "data");
    if (ImGui::BeginCombo("##data", c.data.c_str())) {
      for (const char* spec : kDataSpecs)
        if (ImGui::Selectable(spec, c.data == spec)) p.set("data", spec);
      ImGui::EndCombo();
    }
  }
  label(p.t(S::SetCustom), column);
  {
    Lock lock(p, "data");
    if (ImGui::InputText("##data_text", s.data, sizeof s.data, ImGuiInputTextFlags_EnterReturnsTrue))
      p.set("data", s.data);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.t(S::DataHint));
  label(p.t(S::SetJsEvery), column);
  ImGui::InputInt("##js_every", &p.session.js_every, 5, 50);
  p.session.js_every = std::clamp(p.session.js_every, 0, 100000);

  if (!s.message.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, to_vec4(s.message_error ? col::kError : col::kOk));
    ImGui::TextWrapped("%s", s.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace ganstep::ui
