// Reader for golden files written by the PyTorch scripts in tests/golden/:
// one tensor per line, `name rows cols v1 v2 ...` (row-major), '#' comments.
// GoldenSet: one such file for a test file, its tensors by name and the one
// comparison (within a tolerance, relative for values above 1 in magnitude).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
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

// A golden file, read on first use.
class GoldenSet {
 public:
  GoldenSet(std::string path, std::string script) : path_(std::move(path)), script_(std::move(script)) {}

  const Golden& golden() const {
    if (!loaded_) {
      golden_ = load_golden(path_, script_);
      loaded_ = true;
    }
    return golden_;
  }

  // The tensor `name`; fails the test when the file or the tensor is missing.
  const Tensor2& want(const std::string& name) const {
    static const Tensor2 none;
    if (!golden().ok) FAIL(golden().error);
    auto it = golden().tensors.find(name);
    if (it == golden().tensors.end()) FAIL("tensor \"" << name << "\" is missing from " << path_);
    return it == golden().tensors.end() ? none : it->second;
  }

  // got equals the tensor `name` within tol (relative above 1 in magnitude);
  // the worst element is named when it does not.
  void compare(const std::string& name, const Tensor2& got, double tol = 1e-5) const {
    const Tensor2& w = want(name);
    INFO(name);
    REQUIRE(got.shape()[0] == w.shape()[0]);
    REQUIRE(got.shape()[1] == w.shape()[1]);
    std::size_t bad = 0, worst = 0;
    double worst_err = 0;
    for (std::size_t i = 0; i < w.size(); ++i) {
      const double err = std::fabs(static_cast<double>(got.data()[i]) - w.data()[i]);
      if (!(err <= tol * std::max(1.0, std::fabs(static_cast<double>(w.data()[i]))))) ++bad;
      if (!(err <= worst_err)) {
        worst_err = err;
        worst = i;
      }
    }
    INFO("worst element " << worst << ": engine " << got.data()[worst] << " vs torch " << w.data()[worst]);
    CHECK(bad == 0);
  }

 private:
  std::string path_, script_;
  mutable bool loaded_ = false;
  mutable Golden golden_;
};

}  // namespace golden_file
}  // namespace ganstep
