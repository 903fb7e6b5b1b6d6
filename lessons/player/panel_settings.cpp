// Hyperparameters, drawn from the engine's one settings table (config_keys():
// widget, labels, range, unit, live or not). Live keys go through the Session
// (from the next step on); the others restart the run.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/core/text.h"
#include "engine/gan/config.h"
#include "imgui_internal.h"  // TempInputIsActive: a drag/slider in its text mode
#include "lessons/player/player_impl.h"

namespace ganstep::ui {
namespace {

// A widget's float as set() reads it back: the same float (%.6g when that is enough).
std::string fmt(double v) { return shortest_text(v, true, 6); }

bool in_range(const ConfigKey& k, double v) { return v >= k.lo && v <= k.hi; }

const char* label_of(const PlayerImpl& p, const ConfigKey& k) { return p.lang == Lang::Pt ? k.label_pt : k.label; }
const char* help_of(const PlayerImpl& p, const ConfigKey& k) { return p.lang == Lang::Pt ? k.help_pt : k.help; }

// The row of G that pairs with a D key (lr_d -> lr_g), or nullptr.
const ConfigKey* partner(const ConfigKey& k) {
  std::string key = k.key;
  if (k.net != 'D' || key.size() < 2 || key.compare(key.size() - 2, 2, "_d") != 0) return nullptr;
  return config_key(key.substr(0, key.size() - 2) + "_g");
}

bool shown(const ConfigKey& k) { return k.type != KeyType::Seed && k.type != KeyType::Text && k.net != 'G'; }
bool shown(const ConfigKey& k, const GanConfig& c) {
  return shown(k) && !(k.hide_unless_applies && k.applies && !k.applies(c));
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

// A float setting as a slider (or a log-scale drag for a learning rate) in
// the lesson's language. ImGui prints and parses with a '.': in pt the
// widget's own format prints nothing and the value is drawn over it with a
// decimal comma ("0,0002"), and a ',' typed into its text mode (Ctrl+click,
// double-click) is read as '.', so "0,05" and "0.05" both give 0.05.
bool real_widget(PlayerImpl& p, const char* id, const ConfigKey& k, float& v) {
  const bool pt = p.lang == Lang::Pt;
  const ImGuiID gid = ImGui::GetID(id);
  if (pt && ImGui::TempInputIsActive(gid)) {
    ImVector<ImWchar>& q = ImGui::GetIO().InputQueueCharacters;
    for (int i = 0; i < q.Size; ++i)
      if (q[i] == ',') q[i] = '.';
  }
  const char* format = pt ? "" : "%.4g";
  const bool changed =
      k.log_scale  // a learning rate: (0, hi], dragged on a log scale
          ? ImGui::DragFloat(id, &v, static_cast<float>(k.step), 1e-5f, static_cast<float>(k.hi), format,
                             ImGuiSliderFlags_Logarithmic) &&
                v > 0
          : ImGui::SliderFloat(id, &v, static_cast<float>(k.lo), static_cast<float>(k.hi), format);
  if (pt && !ImGui::TempInputIsActive(gid)) {  // the value, centred as the widget would have drawn it
    const std::string text = fmt_num(p.lang, "%.4g", v);
    ImGui::RenderTextClipped(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), text.c_str(), nullptr, nullptr,
                             ImVec2(0.5f, 0.5f));
  }
  p.layout.note((std::string("setting:") + k.key).c_str());  // tests find the widget by its key
  return changed;
}

// What the data widgets show of a spec: inline points (drawn, or a lesson's
// [data] points; up to 10,000) by their count, not as a page of numbers.
std::string data_label(const std::string& spec) {
  if (spec.rfind("points:", 0) != 0) return spec;
  return "[data] points (" + std::to_string(std::count(spec.begin(), spec.end(), ';') + 1) + ")";
}

// The text buffer of a text-edited key, filled from the run when it changed.
char* text_of(SettingsState& s, const ConfigKey& k) { return s.text[k.key].data(); }

// One widget for one key, as its type says; applies a change through p.set.
void key_widget(PlayerImpl& p, SettingsState& s, const ConfigKey& k, const GanConfig& c) {
  const std::string id = std::string("##") + k.key;
  const std::string now = k.get(c);
  Lock lock(p, k.key);
  ImGui::BeginDisabled(k.applies && !k.applies(c));
  switch (k.type) {
    case KeyType::Int: {
      int v = std::atoi(now.c_str());
      const int step = std::max(1, static_cast<int>(k.step));
      if (ImGui::InputInt(id.c_str(), &v, step, step * 8, ImGuiInputTextFlags_EnterReturnsTrue) && in_range(k, v))
        p.set(k.key, std::to_string(v));
      break;
    }
    case KeyType::Real: {
      float v = std::strtof(now.c_str(), nullptr);
      const bool changed = real_widget(p, id.c_str(), k, v);
      if (changed && in_range(k, v)) p.set(k.key, fmt(v));
      break;
    }
    case KeyType::Choice: {
      const char* current = now.c_str();
      for (const KeyChoice& ch : k.choices)
        if (now == ch.value) current = ch.label;
      if (ImGui::BeginCombo(id.c_str(), current)) {
        for (const KeyChoice& ch : k.choices)
          if (ImGui::Selectable(ch.label, now == ch.value) && now != ch.value) p.set(k.key, ch.value);
        ImGui::EndCombo();
      }
      break;
    }
    case KeyType::Data:  // the presets; the next row takes any spec
      if (ImGui::BeginCombo(id.c_str(), data_label(now).c_str())) {
        for (const char* spec : k.presets)
          if (ImGui::Selectable(spec, now == spec) && now != spec) p.set(k.key, spec);
        ImGui::EndCombo();
      }
      break;
    case KeyType::Layers:
      if (ImGui::InputText(id.c_str(), text_of(s, k), SettingsState::kTextBytes, ImGuiInputTextFlags_EnterReturnsTrue))
        p.set(k.key, text_of(s, k));
      break;
    case KeyType::Text:
    case KeyType::Seed:
      break;
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && !p.locked(k.key))
    ImGui::SetTooltip("%s%s%s", help_of(p, k), *k.unit ? "\n" : "", k.unit);
}

void tag(const char* t, ImU32 c) {
  ImGui::TextColored(to_vec4(c), "%s", t);
  ImGui::SameLine(0, 3);
}

// A row: the label in a fixed left column, then one full-width widget or a D
// and a G widget side by side.
void row(PlayerImpl& p, SettingsState& s, const ConfigKey& k, const GanConfig& c, float column) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label_of(p, k));
  ImGui::SameLine(column);
  const ConfigKey* g = partner(k);
  if (!g) {
    ImGui::SetNextItemWidth(-1);
    key_widget(p, s, k, c);
    return;
  }
  const float tag_w = ImGui::CalcTextSize("D ").x;
  const float w = (ImGui::GetContentRegionAvail().x - 2 * tag_w - ImGui::GetStyle().ItemSpacing.x * 3) * 0.5f;
  tag("D", col::kGreen);
  ImGui::SetNextItemWidth(w);
  key_widget(p, s, k, c);
  ImGui::SameLine();
  tag("G", col::kFake);
  ImGui::SetNextItemWidth(w);
  key_widget(p, s, *g, c);
}

}  // namespace

void panel_settings(PlayerImpl& p, SettingsState& s) {
  begin_panel(p, S::WinSettings, "settings", p.layout.rects.of(lessons::Panel::Settings), p.layout.place);
  // The settings the next step uses: a point run's trainer's, or an image
  // run's (where it trains). Games and latent searches have none.
  const run::RunKind kind = p.kind();
  if (kind != run::RunKind::Point && kind != run::RunKind::Image) {
    ImGui::TextWrapped("%s", p.t(S::SetNone));
    ImGui::End();
    return;
  }
  const GanConfig c = kind == run::RunKind::Point ? p.trainer().next_config() : p.image_run().config();
  if (s.synced_version != p.session.version()) {
    for (const ConfigKey& k : config_keys())
      if (k.type == KeyType::Layers || k.type == KeyType::Data)
        std::snprintf(text_of(s, k), SettingsState::kTextBytes, "%s", data_label(k.get(c)).c_str());
    s.synced_version = p.session.version();
  }
  // The label column fits the longest label (at most 55% of the width).
  float column = std::max(ImGui::CalcTextSize(p.t(S::SetCustom)).x, ImGui::CalcTextSize(p.t(S::SetJsEvery)).x);
  for (const ConfigKey& k : config_keys())
    if (shown(k, c)) column = std::max(column, ImGui::CalcTextSize(label_of(p, k)).x);
  column = std::min(column + ImGui::GetStyle().ItemSpacing.x * 2 + ImGui::GetStyle().WindowPadding.x,
                    ImGui::GetWindowContentRegionMax().x * 0.55f);

  for (bool live : {true, false}) {
    if (!live) ImGui::Spacing();
    ImGui::TextColored(to_vec4(live ? col::kGreen : col::kVermillion), "%s", p.t(live ? S::SetLive : S::SetRestart));
    for (const ConfigKey& k : config_keys()) {
      if (!shown(k, c) || k.live != live) continue;
      row(p, s, k, c, column);
      if (k.type != KeyType::Data) continue;
      // Any spec, typed: applied on Enter.
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted(p.t(S::SetCustom));
      ImGui::SameLine(column);
      ImGui::SetNextItemWidth(-1);
      Lock lock(p, k.key);
      const std::string id = std::string("##") + k.key + "_text";
      if (ImGui::InputText(id.c_str(), text_of(s, k), SettingsState::kTextBytes, ImGuiInputTextFlags_EnterReturnsTrue))
        p.set(k.key, text_of(s, k));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help_of(p, k));
    }
  }
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(p.t(S::SetJsEvery));
  ImGui::SameLine(column);
  ImGui::SetNextItemWidth(-1);
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
