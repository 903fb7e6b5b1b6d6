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

ImageShape image_of(const std::vector<int>& shape) {
  ImageShape s{1, 1, 1};
  const std::size_t n = shape.size();
  if (n <= 3) {
    int* dims[] = {&s.c, &s.h, &s.w};
    for (std::size_t i = 0; i < n; ++i) *dims[i] = shape[i];
  } else {
    for (std::size_t i = 0; i + 2 < n; ++i) s.c *= shape[i];
    s.h = shape[n - 2];
    s.w = shape[n - 1];
  }
  return s;
}

void Reshape::forward(const Tensor2& x, Tensor2& y) {
  const auto xi = image_in(x, image_of(in_), *this);
  auto yo = image_out(y, xi.shape()[0], image_of(out_));
  std::copy(xi.data(), xi.data() + xi.size(), yo.data());
}

void Reshape::backward(const Tensor2& dy, Tensor2& dx, bool) {
  const auto dyi = image_in(dy, image_of(out_), *this);
  auto dxo = image_out(dx, dyi.shape()[0], image_of(in_));
  std::copy(dyi.data(), dyi.data() + dyi.size(), dxo.data());
}

std::string Reshape::describe() const {
  return name_ + "(" + shape_text(in_) + " -> " + shape_text(out_) + ")";
}

}  // namespace ganstep
