#include "engine/nn/reshape.h"

#include <algorithm>

namespace ganstep {

namespace {

long long product(const std::vector<int>& s) {
  long long p = 1;
  for (int v : s) p *= v;
  return p;
}

}  // namespace

std::string shape_text(const std::vector<int>& shape) {
  std::string s;
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

std::string Reshape::check(const std::vector<int>& in_shape, const std::vector<int>& out_shape) {
  for (const auto* s : {&in_shape, &out_shape}) {
    if (s->empty() || s->size() > 4) return "a shape has 1 to 4 sizes";
    for (int v : *s)
      if (v < 1 || v > (1 << 26))
        return "size " + std::to_string(v) + " in " + shape_text(*s) + " is out of range";
    if (product(*s) > (1LL << 26)) return shape_text(*s) + " has too many features";
  }
  if (product(in_shape) != product(out_shape))
    return "cannot reshape " + shape_text(in_shape) + " (" + std::to_string(product(in_shape)) + ") into " +
           shape_text(out_shape) + " (" + std::to_string(product(out_shape)) + ")";
  return "";
}

Reshape::Reshape(std::vector<int> in_shape, std::vector<int> out_shape)
    : in_(std::move(in_shape)), out_(std::move(out_shape)) {}

int Reshape::features() const { return static_cast<int>(product(in_)); }

void Reshape::forward(const Tensor2& x, Tensor2& y) {
  ensure_shape(y, x.shape()[0], x.shape()[1]);
  std::copy(x.begin(), x.end(), y.begin());
}

void Reshape::backward(const Tensor2& dy, Tensor2& dx, bool) {
  ensure_shape(dx, dy.shape()[0], dy.shape()[1]);
  std::copy(dy.begin(), dy.end(), dx.begin());
}

std::string Reshape::describe() const {
  return name_ + "(" + shape_text(in_) + " -> " + shape_text(out_) + ")";
}

}  // namespace ganstep
