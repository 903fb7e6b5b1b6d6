#!/usr/bin/env python3
"""Writes tests/golden/growing_layers.txt: PyTorch references for a growing
GAN's pieces (engine/nn/upsample.h, avg_pool.h, fade_in.h, growing.h),
forward and backward, checked by tests/engine/test_growing.cpp.

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_growing_golden.py     # needs torch + numpy

Cases (inputs, weights and the output weighting R from numpy, fixed seed,
float32; gradients of loss = sum(y * R), so dy = R):
  up      nn.Upsample(scale_factor=2, mode="nearest") on (2, 3, 3, 4)
  pool    nn.AvgPool2d(2) on (2, 2, 4, 6)
  fadeg   G's growing part between 3x3 and 6x6, fading in with alpha 0.3:
            h (2, 2, 3, 3); old = up(toimage0(h)); new = toimage1(conv(up(h)))
            y = (1 - alpha) old + alpha new
            toimage0: Conv2d(2, 1, 1); conv: Conv2d(2, 3, 3, padding=1); toimage1: Conv2d(3, 1, 1)
  faded   D's growing part between 6x6 and 3x3, fading in with alpha 0.6:
            x (2, 1, 6, 6); old = lrelu(fromimage0(pool(x))); new = pool(conv(lrelu(fromimage1(x))))
            y = (1 - alpha) old + alpha new
            fromimage0: Conv2d(1, 3, 1); fromimage1: Conv2d(1, 2, 1); conv: Conv2d(2, 3, 3, padding=1)
Recorded per case <c>: <c>.x, <c>.R, <c>.y, <c>.dx and for each convolution
<c>.<name>.W, .b, .dW, .db (W flattened as (Cout, Cin*k*k)).

File format (as tests/golden/make_conv_golden.py): one tensor per line,
`name rows cols v1 v2 ...`, row-major, %.9g; images are (B, C*H*W) NCHW rows.
"""

import os

import numpy as np
import torch

from image_golden import ImageGolden  # the shared format (same folder)

G = ImageGolden("make_growing_golden.py", 20261202)
arr, put = G.arr, G.put


def conv(cin, cout, k, p=0):
    c = torch.nn.Conv2d(cin, cout, k, padding=p)
    with torch.no_grad():
        c.weight.copy_(torch.tensor(arr(cout, cin, k, k, lo=-0.5, hi=0.5)))
        c.bias.copy_(torch.tensor(arr(cout, lo=-0.3, hi=0.3)))
    return c


def run(name, x_np, f, convs):
    x = torch.tensor(x_np, requires_grad=True)
    y = f(x)
    R = torch.tensor(arr(*y.shape))
    (y * R).sum().backward()
    put(name + ".x", x)
    put(name + ".R", R)
    put(name + ".y", y)
    put(name + ".dx", x.grad)
    for cname, c in convs:
        put("%s.%s.W" % (name, cname), c.weight)
        put("%s.%s.b" % (name, cname), c.bias)
        put("%s.%s.dW" % (name, cname), c.weight.grad)
        put("%s.%s.db" % (name, cname), c.bias.grad)


def main():
    up = torch.nn.Upsample(scale_factor=2, mode="nearest")
    pool = torch.nn.AvgPool2d(2)
    lrelu = torch.nn.LeakyReLU(0.2)
    run("up", arr(2, 3, 3, 4), up, [])
    run("pool", arr(2, 2, 4, 6), pool, [])

    a = 0.3
    to0, c, to1 = conv(2, 1, 1), conv(2, 3, 3, 1), conv(3, 1, 1)
    put("fadeg.alpha", [a])
    run("fadeg", arr(2, 2, 3, 3), lambda h: (1 - a) * up(to0(h)) + a * to1(c(up(h))),
        [("toimage0", to0), ("conv", c), ("toimage1", to1)])

    a = 0.6
    from0, from1, c = conv(1, 3, 1), conv(1, 2, 1), conv(2, 3, 3, 1)
    put("faded.alpha", [a])
    run("faded", arr(2, 1, 6, 6), lambda x: (1 - a) * lrelu(from0(pool(x))) + a * pool(c(lrelu(from1(x)))),
        [("fromimage0", from0), ("fromimage1", from1), ("conv", c)])

    G.save("growing_layers.txt")


if __name__ == "__main__":
    main()
