#!/usr/bin/env python3
"""Writes tests/golden/equalized_layers.txt: PyTorch references for the
equalized learning rate (engine/nn/equalized.h), checked by
tests/engine/test_equalized.cpp: a stored weight v, used as W = c v with
c = gain / sqrt(fan_in), in a dense layer and a convolution; the gradients are
those of v (c dW) and of the bias; loss = sum(y * R).

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_equalized_golden.py     # needs torch + numpy
"""

import math

import torch
import torch.nn.functional as F

from image_golden import ImageGolden  # the shared format (same folder)

G = ImageGolden("make_equalized_golden.py", 20261217)
arr, put = G.arr, G.put


def leaf(a):
    return torch.tensor(a, requires_grad=True)


def dense(name, B, n_in, n_out, gain):
    x = leaf(arr(B, n_in))
    v = leaf(arr(n_in, n_out, lo=-2.0, hi=2.0))   # engine layout (in, out)
    b = leaf(arr(1, n_out, lo=-0.5, hi=0.5))
    c = gain / math.sqrt(n_in)
    y = x @ (v * c) + b
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".geom", [B, n_in, n_out, gain])
    for n, t in [("x", x), ("v", v), ("b", b), ("R", R), ("y", y)]:
        put(name + "." + n, t)
    for n, t in [("dx", x), ("dv", v), ("db", b)]:
        put(name + "." + n, t.grad)


def conv(name, B, cin, h, w, cout, k, stride, pad, gain):
    x = leaf(arr(B, cin, h, w))
    v = leaf(arr(cout, cin, k, k, lo=-2.0, hi=2.0))
    b = leaf(arr(1, cout, lo=-0.5, hi=0.5))
    c = gain / math.sqrt(cin * k * k)
    y = F.conv2d(x, v * c, b.reshape(-1), stride=stride, padding=pad)
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".geom", [B, cin, h, w, cout, k, stride, pad, gain])
    for n, t in [("x", x), ("v", v.reshape(cout, -1)), ("b", b), ("R", R), ("y", y)]:
        put(name + "." + n, t)
    for n, t in [("dx", x), ("dv", v), ("db", b)]:
        put(name + "." + n, t.grad.reshape(t.shape[0], -1) if n == "dv" else t.grad)


dense("dense", 3, 7, 4, math.sqrt(2.0))
dense("dense_out", 2, 5, 1, 1.0)
conv("conv", 2, 3, 6, 5, 4, 3, 2, 1, math.sqrt(2.0))
G.save("equalized_layers.txt")
