#!/usr/bin/env python3
"""Writes tests/golden/mbstd_layers.txt: PyTorch references for the minibatch
standard deviation layer (engine/nn/minibatch_stddev.h), checked by
tests/engine/test_minibatch_stddev.cpp. Groups of G consecutive rows (the last
group takes the rest), biased variance + 1e-8 under the square root, the mean
over (C, H, W) appended as one extra feature map; loss = sum(y * R).

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_mbstd_golden.py     # needs torch + numpy
"""

import torch

from image_golden import ImageGolden  # the shared format (same folder)

G = ImageGolden("make_mbstd_golden.py", 20261216)
arr, put = G.arr, G.put


def mbstd(x, group):
    outs = []
    B = x.shape[0]
    for first in range(0, B, group):
        xs = x[first:first + group]
        sd = torch.sqrt(((xs - xs.mean(dim=0, keepdim=True)) ** 2).mean(dim=0) + 1e-8)
        s = sd.mean()
        extra = s.expand(xs.shape[0], 1, x.shape[2], x.shape[3])
        outs.append(torch.cat([xs, extra], dim=1))
    return torch.cat(outs, dim=0)


def case(name, B, C, H, W, group):
    x = torch.tensor(arr(B, C, H, W), requires_grad=True)
    y = mbstd(x, group)
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".geom", [B, C, H, W, group])
    put(name + ".x", x)
    put(name + ".R", R)
    put(name + ".y", y)
    put(name + ".dx", x.grad)


case("mbstd_g4", 8, 3, 4, 4, 4)       # two groups of 4
case("mbstd_rest", 7, 2, 3, 3, 3)     # groups 3, 3 and a last one of 1
case("mbstd_flat", 6, 5, 1, 1, 6)     # a flat input, one group
G.save("mbstd_layers.txt")
