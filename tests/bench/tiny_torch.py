#!/usr/bin/python3
"""PyTorch peer of `ganstep bench` (preset tiny-2d): the same GAN, step and
minibatch. G and D are MLPs with one hidden layer of 14 ReLU units, batch 256,
SGD lr 0.05, k = 1, the non-saturating G loss, data the ring of 8 Gaussians.

Run with Debian's torch:  /usr/bin/python3 tests/bench/tiny_torch.py [--threads 2]
Prints the median iterations per second over 7 repeats of 2000 iterations,
like `ganstep bench`. Not part of CI.
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def ring8(m, gen):
    k = torch.randint(0, 8, (m,), generator=gen)
    a = 2 * math.pi * k.float() / 8
    centres = torch.stack([2 * torch.cos(a), 2 * torch.sin(a)], 1)
    return centres + 0.02 * torch.randn(m, 2, generator=gen)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--adam", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    gen = torch.Generator().manual_seed(1)
    G = nn.Sequential(nn.Linear(2, 14), nn.ReLU(), nn.Linear(14, 2))
    D = nn.Sequential(nn.Linear(2, 14), nn.ReLU(), nn.Linear(14, 1))
    if args.adam:
        opt_d = torch.optim.Adam(D.parameters(), lr=1e-3)
        opt_g = torch.optim.Adam(G.parameters(), lr=1e-3)
    else:
        opt_d = torch.optim.SGD(D.parameters(), lr=0.05)
        opt_g = torch.optim.SGD(G.parameters(), lr=0.05)
    m = 256
    ones, zeros = torch.ones(m, 1), torch.zeros(m, 1)

    def iteration():
        z = torch.randn(m, 2, generator=gen)
        x = ring8(m, gen)
        fake = G(z).detach()
        loss_d = F.binary_cross_entropy_with_logits(D(torch.cat([x, fake])), torch.cat([ones, zeros]))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        z = torch.randn(m, 2, generator=gen)
        loss_g = F.binary_cross_entropy_with_logits(D(G(z)), ones)
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()

    for _ in range(100):
        iteration()
    rates = []
    for r in range(args.repeats):
        t0 = time.perf_counter()
        for _ in range(args.iterations):
            iteration()
        rates.append(args.iterations / (time.perf_counter() - t0))
        print(f"repeat {r + 1}: {rates[-1]:.0f} iterations/s")
    print(f"torch {torch.__version__} tiny-2d: median {statistics.median(rates):.0f} iterations/s "
          f"over {args.repeats} repeats of {args.iterations} (min {min(rates):.0f}, max {max(rates):.0f})")


if __name__ == "__main__":
    main()
