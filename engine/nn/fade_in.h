// The fade-in blend of a growing network (Karras et al. 2018, ProGAN,
// section 2 and Figure 2): while a new block is faded in, the net's output is
//   out = (1 − α) old_path + α new_path          α from 0 to 1
// where old_path is what the net made before the block (its to-image or
// from-image 1x1 convolution at the old resolution, resized), and new_path
// goes through the new block. Gradients:
//   d old_path = (1 − α) dy      d new_path = α dy
//   old, new, out, dy: (B, n), the same shape
// Plain functions, not a Layer: the two paths share layers with the rest of
// the net (growing.h runs them and blends).
#pragma once

#include "engine/core/tensor.h"

namespace ganstep {

// out = (1 − α) old + α new, element by element (old and new: the same shape).
void fade_in_forward(const Tensor2& old_path, const Tensor2& new_path, float alpha, Tensor2& out);
// d_old = (1 − α) dy, d_new = α dy.
void fade_in_backward(const Tensor2& dy, float alpha, Tensor2& d_old, Tensor2& d_new);

}  // namespace ganstep
