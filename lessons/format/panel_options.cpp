// The panels' options a lesson sets ([view.logloss], [view.view1d],
// [view.view2d], [view.charts]) and a beat's set changes: their names and
// values as text. The schema rows (lesson_schema.cpp) document and read them
// through apply_panel_option, so a file and a beat's set read them alike.
#include <algorithm>

#include "engine/core/text.h"
#include "lessons/format/lesson.h"

namespace ganstep::lessons {

namespace {

struct BoolOption {
  const char* name;
  bool PanelOptions::*member;
};

const BoolOption kBools[] = {
    {"logloss.show_v", &PanelOptions::show_v},      {"view1d.p_data", &PanelOptions::p_data},
    {"view1d.p_g", &PanelOptions::p_g},             {"view1d.d", &PanelOptions::d},
    {"view1d.d_star", &PanelOptions::d_star},       {"view1d.z_to_x", &PanelOptions::z_to_x},
    {"view1d.minibatch", &PanelOptions::minibatch_1d}, {"view2d.real", &PanelOptions::real},
    {"view2d.fake", &PanelOptions::fake},           {"view2d.heatmap", &PanelOptions::heatmap},
    {"view2d.arrows", &PanelOptions::arrows},       {"view2d.grid_warp", &PanelOptions::grid_warp},
    {"view2d.minibatch", &PanelOptions::minibatch_2d}, {"charts.show_v", &PanelOptions::chart_v},
};

const char* const kBases[] = {"ln", "log2", "log10"};

}  // namespace

const char* log_base_name(LogBase b) { return kBases[static_cast<int>(b)]; }

bool PanelOptions::operator==(const PanelOptions& o) const {
  for (const auto& b : kBools)
    if (this->*b.member != o.*b.member) return false;
  if (base != o.base || worked != o.worked || blank_mean != o.blank_mean || tolerance != o.tolerance ||
      rows.size() != o.rows.size())
    return false;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const WorkedRow &a = rows[i], &b = o.rows[i];
    if (a.label != b.label || a.real != b.real || a.d != b.d || a.blank_corrected != b.blank_corrected ||
        a.blank_log != b.blank_log)
      return false;
  }
  return true;
}

const std::vector<std::string>& panel_option_names() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> r = {"logloss.base", "logloss.mode"};
    for (const auto& b : kBools) r.push_back(b.name);
    return r;
  }();
  return v;
}

std::string apply_panel_option(PanelOptions& o, const std::string& name, const std::string& value) {
  if (name == "logloss.base") {
    for (int i = 0; i < 3; ++i)
      if (value == kBases[i]) { o.base = static_cast<LogBase>(i); return ""; }
    return "logloss.base " + quote_input(value) + " is not a log base (ln, log2 or log10)";
  }
  if (name == "logloss.mode") {
    if (value == "worked" || value == "minibatch") { o.worked = value == "worked"; return ""; }
    return "logloss.mode " + quote_input(value) + " is not a mode (worked or minibatch)";
  }
  for (const auto& b : kBools)
    if (name == b.name) {
      if (value != "true" && value != "false") return name + " must be true or false, not " + quote_input(value);
      o.*b.member = value == "true";
      return "";
    }
  return "unknown panel option " + quote_input(name);
}

std::string apply_panel_options(PanelOptions& o, const std::vector<Setting>& set) {
  for (const auto& s : set) {
    std::string e = apply_panel_option(o, s.key, s.value);
    if (!e.empty()) return e;
  }
  return "";
}

std::string panel_option_text(const PanelOptions& o, const std::string& name) {
  if (name == "logloss.base") return log_base_name(o.base);
  if (name == "logloss.mode") return o.worked ? "worked" : "minibatch";
  for (const auto& b : kBools)
    if (name == b.name) return o.*b.member ? "true" : "false";
  return "";
}

}  // namespace ganstep::lessons
