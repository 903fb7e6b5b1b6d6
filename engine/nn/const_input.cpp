#include "engine/nn/const_input.h"

namespace ganstep {

ConstInput::ConstInput(ImageShape shape) : shape_(shape) {
  value = xt::zeros<float>({std::size_t{1}, shape.features()});
  dvalue = xt::zeros<float>(value.shape());
}

void ConstInput::init(Rng& rng) { rng.fill_normal(value.data(), static_cast<int>(value.size())); }

void ConstInput::forward(std::size_t batch, Tensor2& y) const {
  const std::size_t n = shape_.features();
  ensure_shape(y, batch, n);
  for (std::size_t b = 0; b < batch; ++b) std::copy(value.data(), value.data() + n, y.data() + b * n);
}

void ConstInput::backward_params(const Tensor2& dy) {
  const std::size_t n = shape_.features(), B = dy.shape()[0];
  for (std::size_t i = 0; i < n; ++i) {
    double g = 0;
    for (std::size_t b = 0; b < B; ++b) g += dy(b, i);
    dvalue(0, i) = static_cast<float>(g);
  }
}

}  // namespace ganstep
