#!/usr/bin/env python3
"""Writes tests/golden/style_layers.txt: PyTorch references for the
style-based generator's layers, checked by tests/engine/test_golden_style.cpp:
StyleGAN 2's modulated convolution (with and without demodulation, written as
the paper's per-sample weights, the "fused" form, so the engine's non-fused
implementation is checked against the other formulation), the mapping
network (Linear + LeakyReLU(0.2) layers), the per-pixel noise input (noise
given) and the truncation trick.

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_style_golden.py     # needs torch + numpy

Inputs, weights and the output weighting R come from numpy with a fixed seed
(float32); gradients are of loss = sum(y * R). Recorded per case <c>: the
inputs (x, w or z), the parameters, R, y and the gradients (dx, dw, dPARAM).
Engine layouts: Linear weights (in, out) (the transpose of torch's), conv
weights torch's (Cout, Cin*k*k), vectors (1, n), images (B, C*H*W) NCHW.
File format as tests/golden/make_golden.py: `name rows cols v1 v2 ...`.
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

from image_golden import ImageGolden  # the shared format (same folder)

G = ImageGolden("make_style_golden.py", 20261202)
arr, put = G.arr, G.put


def leaf(a):
    return torch.tensor(a, requires_grad=True)


def modconv(name, B, cin, h, w, cout, k, wdim, demod):
    x, wv = leaf(arr(B, cin, h, w)), leaf(arr(B, wdim))
    A = leaf(arr(wdim, cin, lo=-0.5, hi=0.5))       # engine layout (in, out)
    a = leaf(arr(1, cin, lo=0.5, hi=1.5))
    W = leaf(arr(cout, cin, k, k, lo=-0.3, hi=0.3))
    bias = leaf(arr(1, cout, lo=-0.5, hi=0.5))
    s = wv @ A + a                                   # (B, cin)
    Wp = W[None] * s[:, None, :, None, None]         # (B, cout, cin, k, k)
    if demod:
        d = torch.rsqrt((Wp ** 2).sum(dim=(2, 3, 4)) + 1e-8)
        Wp = Wp * d[:, :, None, None, None]
    # grouped convolution: one group per sample (the paper's fused form)
    y = F.conv2d(x.reshape(1, B * cin, h, w), Wp.reshape(B * cout, cin, k, k), padding=k // 2, groups=B)
    y = y.reshape(B, cout, h, w) + bias[:, :, None, None]
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".geom", [B, cin, h, w, cout, k, wdim, int(demod)])
    for n, t in [("x", x), ("w", wv), ("A", A), ("a", a), ("W", W.reshape(cout, -1)), ("bias", bias), ("R", R), ("y", y)]:
        put(name + "." + n, t)
    for n, t in [("dx", x), ("dw", wv), ("dA", A), ("da", a), ("dW", W), ("dbias", bias)]:
        put(name + "." + n, t.grad.reshape(t.shape[0], -1) if n == "dW" else t.grad)


def mapping(name, B, zdim, depth, width):
    z = leaf(arr(B, zdim, lo=-2, hi=2))
    Ws, bs = [], []
    h, fan = z, zdim
    for i in range(depth):
        Ws.append(leaf(arr(fan, width, lo=-0.6, hi=0.6)))
        bs.append(leaf(arr(1, width, lo=-0.2, hi=0.2)))
        h = F.leaky_relu(h @ Ws[-1] + bs[-1], 0.2)
        fan = width
    R = torch.tensor(arr(*h.shape))
    (h * R).sum().backward()
    put(name + ".geom", [B, zdim, depth, width])
    put(name + ".z", z)
    for i in range(depth):
        put("%s.W%d" % (name, i), Ws[i])
        put("%s.b%d" % (name, i), bs[i])
    put(name + ".R", R)
    put(name + ".y", h)
    put(name + ".dz", z.grad)
    for i in range(depth):
        put("%s.dW%d" % (name, i), Ws[i].grad)
        put("%s.db%d" % (name, i), bs[i].grad)


def noise(name, B, c, h, w):
    x = leaf(arr(B, c, h, w))
    n = torch.tensor(arr(B, 1, h, w, lo=-2, hi=2))
    scale = leaf(arr(1, c))
    y = x + scale[:, :, None, None] * n
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".geom", [B, c, h, w])
    for nm, t in [("x", x), ("n", n), ("scale", scale), ("R", R), ("y", y), ("dx", x.grad), ("dscale", scale.grad)]:
        put(name + "." + nm, t)


def truncation(name, B, d, psi):
    w = leaf(arr(B, d, lo=-2, hi=2))
    mean = torch.tensor(arr(1, d))
    y = mean + psi * (w - mean)
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".psi", [psi])
    for nm, t in [("w", w), ("w_mean", mean), ("R", R), ("y", y), ("dw", w.grad)]:
        put(name + "." + nm, t)


def main():
    modconv("modconv3", 2, 3, 5, 4, 4, 3, 5, True)
    modconv("modconv1_rgb", 3, 4, 3, 3, 1, 1, 5, False)
    modconv("modconv3_plain", 2, 2, 4, 4, 3, 3, 3, False)
    mapping("mapping", 4, 6, 3, 5)
    noise("noise", 2, 3, 4, 3)  # shapes and scale only: the engine draws its own noise
    truncation("trunc", 3, 5, 0.7)
    G.save("style_layers.txt")


if __name__ == "__main__":
    main()
