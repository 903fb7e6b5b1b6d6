// The names of lesson.h's enums (tables in lesson_names.h) as functions, and
// what a lesson's view and beats are called in messages.
#include "lessons/format/lesson_names.h"

#include <algorithm>

#include "lessons/format/lesson_schema.h"

namespace ganstep::lessons {

using namespace names;


const char* panel_name(Panel p) { return name_of(kPanels, p); }
bool parse_panel(const std::string& s, Panel& out) { return value_of(kPanels, s, out); }
const std::vector<Panel>& all_panels() {
  static const std::vector<Panel> v = [] {
    std::vector<Panel> r;
    for (const auto& n : kPanels) r.push_back(n.value);
    return r;
  }();
  return v;
}
const char* level_name(Level l) { return name_of(kLevels, l); }
const char* layout_name(Layout l) { return name_of(kLayouts, l); }
const char* step_hint_name(StepHint s) { return name_of(kSteps, s); }
const char* metric_name(Metric m) { return name_of(kMetrics, m); }
bool parse_metric(const std::string& s, Metric& out) { return value_of(kMetrics, s, out); }
const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> v = names_of(kMetrics);
  return v;
}

std::vector<std::string> metric_names(LessonKind kind) {
  std::vector<std::string> out;
  for (const std::string& n : metric_names()) {
    Metric m{};
    parse_metric(n, m);
    const bool divergence = m == Metric::Js || m == Metric::KlDataG || m == Metric::KlGData || m == Metric::Modes ||
                            m == Metric::Hq;  // measured on a point GAN's samples
    const bool keep = kind == LessonKind::Game ? m == Metric::Distance
                      : kind == LessonKind::Image ? m != Metric::Distance && !divergence
                                                  : m != Metric::Distance;
    if (keep) out.push_back(n);
  }
  return out;
}

std::string beat_label(int index, const std::string& id) {
  return id.empty() ? "beat " + std::to_string(index + 1) : "beat \"" + id + "\"";
}

bool ViewSpec::shows(Panel p) const { return std::find(panels.begin(), panels.end(), p) != panels.end(); }

}  // namespace ganstep::lessons
