// The names lesson files use for the enums of lesson.h (panels, levels,
// layouts, step hints, metrics), as tables the schema's rows read through
// read_enum (lesson_schema.cpp) and the name functions (lesson_names.cpp) share.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "lessons/format/lesson.h"

namespace ganstep::lessons::names {

template <class E>
struct Named {
  E value;
  const char* name;
};

inline constexpr Named<Panel> kPanels[] = {
    {Panel::Algorithm, "algorithm"}, {Panel::View1d, "view1d"},       {Panel::View2d, "view2d"},
    {Panel::Minibatch, "minibatch"}, {Panel::Logloss, "logloss"},     {Panel::Charts, "charts"},
    {Panel::Settings, "settings"},   {Panel::Narration, "narration"}, {Panel::Saddle, "saddle"},
    {Panel::Samples, "samples"},     {Panel::DOutputs, "d_outputs"},  {Panel::Latent, "latent"},
    {Panel::Classes, "classes"},     {Panel::Styles, "styles"},       {Panel::Inversion, "inversion"},
    {Panel::CodePath, "code_path"},  {Panel::Scores, "scores"},      {Panel::Roc, "roc"},
    {Panel::Projection, "projection"}, {Panel::Interpolation, "interpolation"}};
inline constexpr Named<Level> kLevels[] = {
    {Level::Beginner, "beginner"}, {Level::Intermediate, "intermediate"}, {Level::Advanced, "advanced"}};
inline constexpr Named<Layout> kLayouts[] = {{Layout::Auto, "auto"}, {Layout::Columns, "columns"}, {Layout::Rows, "rows"}};
inline constexpr Named<StepHint> kSteps[] = {
    {StepHint::Phase, "phase"}, {StepHint::DStep, "dstep"}, {StepHint::Iteration, "iteration"}};
inline constexpr Named<Metric> kMetrics[] = {{Metric::DReal, "d_real"},         {Metric::DFake, "d_fake"},
                                  {Metric::LossD, "loss_d"},         {Metric::LossDReal, "loss_d_real"},
                                  {Metric::LossDFake, "loss_d_fake"}, {Metric::LossG, "loss_g"},
                                  {Metric::Js, "js"},               {Metric::KlDataG, "kl_data_g"},
                                  {Metric::KlGData, "kl_g_data"},   {Metric::Distance, "distance"},
                                  {Metric::Modes, "modes"},         {Metric::Hq, "hq"}};

template <class E, std::size_t N>
const char* name_of(const Named<E> (&table)[N], E v) {
  for (const auto& n : table)
    if (n.value == v) return n.name;
  return "?";
}

template <class E, std::size_t N>
bool value_of(const Named<E> (&table)[N], const std::string& s, E& out) {
  for (const auto& n : table)
    if (s == n.name) { out = n.value; return true; }
  return false;
}

template <class E, std::size_t N>
std::vector<std::string> names_of(const Named<E> (&table)[N]) {
  std::vector<std::string> v;
  for (const auto& n : table) v.push_back(n.name);
  return v;
}


}  // namespace ganstep::lessons::names
