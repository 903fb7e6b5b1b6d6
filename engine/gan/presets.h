// Built-in run configurations, named like lessons ("gauss-1d", "ring-2d",
// "tiny-2d" for the benchmark). The lesson library builds on these.
#pragma once

#include <string>
#include <vector>

#include "engine/gan/config.h"

namespace ganstep {

struct Preset {
  std::string id;
  std::string summary;
  GanConfig config;
};

const std::vector<Preset>& presets();
// Null when no preset has that id.
const Preset* find_preset(const std::string& id);

}  // namespace ganstep
