// An image GAN described as plain data: the data set, the image shape and G
// and D as lists of layers. Lesson files fill it (lessons/format); the engine
// checks it (infer_shapes) and builds the networks from it (image_net.h).
//
// Every layer acts on rows of a (B, C*H*W) tensor in NCHW order; a flat vector
// of n features is the shape (n, 1, 1).
//   dense(n)                 (any) -> (n, 1, 1); needs a flat input (flatten first)
//   reshape(C, H, W)         (n, 1, 1) -> (C, H, W) with n = C*H*W (no data movement)
//   flatten                  (C, H, W) -> (C*H*W, 1, 1) (no data movement)
//   conv(C, kernel, stride, padding)                   H' = (H + 2p - k) / s + 1
//   convT(C, kernel, stride, padding, output_padding)  H' = (H - 1) s - 2p + k + op
//   batchnorm                per channel (C, H, W), per feature for flat inputs
//   relu, leakyrelu(slope), tanh, sigmoid, dropout(p)  shape kept
//   upsample                 (C, H, W) -> (C, 2H, 2W), nearest neighbour
//   avgpool                  (C, H, W) -> (C, H/2, W/2), H and W even
//   mbstd(G = 4)             D: (C, H, W) -> (C + 1, H, W), the minibatch standard
//                            deviation over groups of G rows (engine/nn/minibatch_stddev.h)
// A growing GAN (ProGAN; engine/nn/growing.h) marks its blocks in the same lists:
//   grow                     shape kept; the layers on its finer side up to the
//                            next marker are a block faded in at the next resolution
//   toimage(c = 1)           G: ends the growing part; (C, H, W) -> (c, H, W), a
//                            1x1 convolution at every resolution
//   fromimage(C)             D: starts it (first layer); (c, H, W) -> (C, H, W), at
//                            every resolution average pooling to it, a 1x1
//                            convolution and leaky ReLU 0.2
//   G: trunk..., grow, block 1..., grow, block 2..., toimage, tail...   (block i doubles H, W)
//   D: fromimage(C), block 2..., grow, block 1..., grow, trunk...       (block i halves H, W)
//   style(C)                 (z_dim, 1, 1) -> (1, 28, 28): a style-based generator
//                            (engine/nn/style_generator.h), C channels; its mapping
//                            network and noise come from the run's settings
//                            (mapping_depth, mapping_width, mapping_lr, style_noise), copied
//                            into the layer's fields by the trainer
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/nn/image.h"  // ImageShape

namespace ganstep {

class Sequential;

enum class LayerKind {
  Dense, Reshape, Flatten, Conv, ConvT, BatchNorm, ReLU, LeakyReLU, Tanh, Sigmoid, Dropout,
  Upsample, AvgPool, Grow, ToImage, FromImage, Style, MbStd
};
constexpr int kMaxStyleChannels = 512;
const char* layer_kind_name(LayerKind k);  // as written in lessons: "dense", "convT", ...

struct LayerSpec {
  LayerKind kind = LayerKind::Dense;
  int units = 0;            // dense: outputs; conv, convT, toimage, fromimage: output channels
  int c = 0, h = 0, w = 0;  // reshape target
  int kernel = 0, stride = 1, padding = 0, output_padding = 0;  // conv, convT
  bool bias = true;         // dense, conv, convT
  float slope = 0.2f;       // leakyrelu
  float p = 0.5f;           // dropout: probability of zeroing
  int group = 4;            // mbstd: rows per group
  int mapping_depth = 4, mapping_width = 64;  // style: the mapping network (from the settings)
  float mapping_lr = 1.0f;                    // style: its learning-rate multiplier (from the settings)
  bool noise = true;                          // style: per-pixel noise inputs (from the settings)
  bool equalized = false;   // dense, conv, convT, style: equalized learning rate (the run's equalized_lr)
};

struct ImageGanSpec {
  std::string data = "mnist";  // "mnist", "fashion-mnist" or "idx:FOLDER"
  ImageShape shape;
  std::vector<LayerSpec> g;    // z (noise_dim, 1, 1) -> image
  std::vector<LayerSpec> d;    // image -> one logit (1, 1, 1)
};

// The shape after each layer of `layers` applied to `in`: out[i] is layer i's
// output. On a mismatch returns a message and sets *bad to the layer's index.
std::string infer_shapes(const std::vector<LayerSpec>& layers, ImageShape in, std::vector<ImageShape>& out,
                         int* bad = nullptr);
// Checks G (noise_dim -> image shape) and D (image shape -> 1). "" or an error
// naming "generator layer 3" or "discriminator layer 2"; *net is 'g' or 'd'
// and *bad the layer's index.
std::string check_image_gan(const ImageGanSpec& spec, int noise_dim, char* net = nullptr, int* bad = nullptr);

// The resolutions of a growing GAN (its grow markers + 1), 1 for the others.
int growth_stages(const ImageGanSpec& spec);
// The image side at each stage of a growing GAN (MNIST: 7, 14, 28); one entry for the others.
std::vector<int> stage_sides(const ImageGanSpec& spec);

// Trainable weights of a layer list (0 when its shapes do not check).
std::int64_t param_count(const std::vector<LayerSpec>& layers, ImageShape in);
// Multiply-adds of one sample's forward pass through each layer (convolutions
// and dense layers only: they are all but a fraction of a percent of the work).
std::vector<std::int64_t> forward_macs(const std::vector<LayerSpec>& layers, ImageShape in);

// The floating-point operations (2 per multiply-add) of one training iteration
// of an image run (Trainer) with k = 1 and batch m, counted layer by layer as the
// trainer runs them: the D-step (G forward on m rows; D forward, weight
// gradients and input gradients but the first layer's on 2m rows) and the
// G-step (G and D forward on m rows; D's input gradients, G's weight gradients
// and input gradients but the first layer's).
double iteration_flops(const ImageGanSpec& spec, int noise_dim, int m);

// The style-based generator at a net's first layer (a "style" layer), or nullptr (image_net.cpp).
class StyleGenerator;
StyleGenerator* style_generator(Sequential& net);
bool has_style_layer(const ImageGanSpec& spec);

// Builds a network from its layer list (image_net.cpp); "" or an error.
std::string build_network(const std::vector<LayerSpec>& layers, ImageShape in, Rng& init, Sequential& out);

}  // namespace ganstep
