// The text form of an image GAN's layers in a lesson file ([generator] layers,
// [discriminator] layers), one string per layer:
//   "dense(12544, bias=false)"  "reshape(256, 7, 7)"  "flatten"
//   "conv(64, kernel=5, stride=2, padding=2)"
//   "convT(128, kernel=5, stride=1, padding=2, output_padding=0, bias=false)"
//   "batchnorm"  "relu"  "leakyrelu(0.3)"  "tanh"  "sigmoid"  "dropout(0.3)"
//   "upsample"  "avgpool"  and a growing GAN's markers "grow", "toimage", "fromimage(16)"
//   (engine/gan/image_spec.h)
//   "style(32)": a style-based generator (engine/nn/style_generator.h) with 32
//   channels, its mapping network and noise set by the run's settings
//   (mapping_depth, mapping_width, style_noise, psi)
// The first argument of dense/conv/convT is the output size (units or
// channels); kernel is required for conv and convT; stride defaults to 1,
// padding and output_padding to 0, bias to true; leakyrelu's slope to 0.2.
#pragma once

#include <string>

#include "engine/gan/image_spec.h"

namespace ganstep::lessons {

// Parses one layer. On failure returns false, sets error and *offset to the
// byte offset in `text` where the problem starts.
bool parse_layer(const std::string& text, LayerSpec& out, std::string& error, int* offset);
// The text parse_layer() reads back to the same layer (defaults left out).
std::string format_layer(const LayerSpec& l);

// "1x28x28" (C x H x W) into shape; "" or an error.
std::string parse_image_shape(const std::string& text, ImageShape& out);

}  // namespace ganstep::lessons
