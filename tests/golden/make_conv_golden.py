#!/usr/bin/env python3
"""Writes tests/golden/conv_layers.txt: PyTorch references for Conv2d,
ConvTranspose2d (with output_padding), BatchNorm2d and BatchNorm1d in training
mode, forward and backward, checked by tests/engine/test_golden_conv.cpp.

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_conv_golden.py     # needs torch + numpy

Every case draws its inputs, weights and the output weighting R from numpy
with a fixed seed (float32, no torch RNG), runs the torch layer, and takes the
gradients of loss = sum(y * R), so dy = R. Recorded per case <c>:
  <c>.x, <c>.W, <c>.b (or .gamma, .beta), <c>.R, <c>.y, <c>.dx, <c>.dW, <c>.db
  (or .dgamma, .dbeta), and for batch norm <c>.running_mean, <c>.running_var
  after the one training forward (momentum 0.1, eps 1e-5, from 0 and 1).

File format (as tests/golden/make_golden.py): one tensor per line, `name rows
cols v1 v2 ...`, row-major, %.9g. Images are (B, C*H*W) rows in NCHW order;
conv weights are torch's, flattened: Conv2d (Cout, Cin*k*k), ConvTranspose2d
(Cin, Cout*k*k); vectors are (1, n). A case's geometry is a `<c>.geom` row.
"""

import os

import numpy as np
import torch

from image_golden import ImageGolden  # the shared format (same folder)

G = ImageGolden("make_conv_golden.py", 20240601)
arr, put = G.arr, G.put


def run(name, layer, x_np, params):
    """params: list of (engine name, torch parameter). Records x, params, R, y, dx, dparams."""
    x = torch.tensor(x_np, requires_grad=True)
    y = layer(x)
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".x", x)
    for pname, p in params:
        put(name + "." + pname, p)
    put(name + ".R", R)
    put(name + ".y", y)
    put(name + ".dx", x.grad)
    for pname, p in params:
        put(name + ".d" + pname, p.grad)


def conv(name, B, cin, h, w, cout, k, s, p):
    layer = torch.nn.Conv2d(cin, cout, k, stride=s, padding=p)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(arr(cout, cin, k, k, lo=-0.3, hi=0.3)))
        layer.bias.copy_(torch.tensor(arr(cout, lo=-0.3, hi=0.3)))
    put(name + ".geom", [B, cin, h, w, cout, k, s, p, 0])
    run(name, layer, arr(B, cin, h, w), [("W", layer.weight), ("b", layer.bias)])


def conv_t(name, B, cin, h, w, cout, k, s, p, op):
    layer = torch.nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=op)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(arr(cin, cout, k, k, lo=-0.3, hi=0.3)))
        layer.bias.copy_(torch.tensor(arr(cout, lo=-0.3, hi=0.3)))
    put(name + ".geom", [B, cin, h, w, cout, k, s, p, op])
    run(name, layer, arr(B, cin, h, w), [("W", layer.weight), ("b", layer.bias)])


def batch_norm(name, B, c, h, w):
    layer = torch.nn.BatchNorm2d(c) if h else torch.nn.BatchNorm1d(c)
    layer.train()
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(arr(c, lo=0.5, hi=2.0)))
        layer.bias.copy_(torch.tensor(arr(c)))
    put(name + ".geom", [B, c, h or 1, w or 1])
    x = arr(B, c, h, w, lo=-2.0, hi=3.0) if h else arr(B, c, lo=-2.0, hi=3.0)
    run(name, layer, x, [("gamma", layer.weight), ("beta", layer.bias)])
    put(name + ".running_mean", layer.running_mean)
    put(name + ".running_var", layer.running_var)


def main():
    conv("conv_s2", 2, 3, 7, 6, 4, 3, 2, 1)
    conv("conv_dcgan", 2, 2, 8, 8, 3, 5, 2, 2)
    conv("conv_s1", 3, 2, 5, 5, 2, 3, 1, 0)
    conv_t("convt_dcgan", 2, 4, 3, 3, 3, 5, 2, 2, 1)
    conv_t("convt_s1", 2, 3, 4, 4, 2, 5, 1, 2, 0)
    conv_t("convt_s3", 1, 2, 3, 2, 3, 3, 3, 1, 2)
    batch_norm("bn2d", 4, 3, 3, 2)
    batch_norm("bn1d", 6, 5, 0, 0)
    G.save("conv_layers.txt")


if __name__ == "__main__":
    main()
