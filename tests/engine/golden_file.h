// Reader for golden files written by the PyTorch scripts in tests/golden/:
// one tensor per line, `name rows cols v1 v2 ...` (row-major), '#' comments.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "engine/core/tensor.h"

#ifndef GANSTEP_SOURCE_DIR
#error "GANSTEP_SOURCE_DIR (the repository root) must be defined for the golden tests"
#endif

namespace ganstep {
namespace golden_file {

struct Golden {
  bool ok = false;
  std::string error;
  std::map<std::string, Tensor2> tensors;
};

inline Golden load_golden(const std::string& path, const std::string& script) {
  Golden g;
  std::ifstream in(path);
  if (!in) {
    g.error = "cannot open the golden file " + path + " (regenerate it with: /usr/bin/python3 " + script + ")";
    return g;
  }
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string name;
    std::size_t rows = 0, cols = 0;
    if (!(ss >> name >> rows >> cols) || rows == 0 || cols == 0) {
      g.error = path + ":" + std::to_string(line_no) + ": bad header";
      return g;
    }
    Tensor2 t = xt::zeros<float>({rows, cols});
    for (std::size_t i = 0; i < rows * cols; ++i) {
      double v;
      if (!(ss >> v)) {
        g.error = path + ":" + std::to_string(line_no) + ": " + name +
                  " has fewer than " + std::to_string(rows * cols) + " values";
        return g;
      }
      t.data()[i] = static_cast<float>(v);
    }
    std::string extra;
    if (ss >> extra) {
      g.error = path + ":" + std::to_string(line_no) + ": " + name + " has more than " +
                std::to_string(rows * cols) + " values";
      return g;
    }
    g.tensors[name] = std::move(t);
  }
  if (g.tensors.empty()) {
    g.error = "the golden file " + path + " holds no tensors";
    return g;
  }
  g.ok = true;
  return g;
}

}  // namespace golden_file
}  // namespace ganstep
