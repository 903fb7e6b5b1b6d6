#!/usr/bin/python3
"""PyTorch peer of `ganstep bench dcgan`: the same DCGAN (lessons/library/
mnist-dcgan.toml, the TensorFlow tutorial's architecture), the same optimizer
(Adam lr 2e-4, betas (0.5, 0.999)) and the same iteration:

  D-step: z ~ N(0, 1) (64 x 100), 64 real images; G(z) in training mode,
          detached; D on the 128 rows [x; G(z)]; BCE with logits; D update.
  G-step: new z; G(z); D(G(z)) with D's weights frozen (requires_grad off,
          so no D weight gradients, as in ganstep); -log D(G(z)); G update.

The data are random images in [-1, 1] (the values do not change the work).
Each repeat builds fresh networks, runs one warm-up iteration and times
--iterations iterations; the median seconds per iteration over the repeats is
reported with images/s, GFLOP/s from the same exact FLOP count as ganstep
(36.86 GFLOP per iteration at batch 64), the CPU seconds per iteration (all
threads, as ganstep: steadier than wall time on a shared machine) and the
peak RSS, in ganstep's format.

Run with Debian's torch (OpenBLAS: apt install libopenblas0-openmp):
  /usr/bin/python3 tests/bench/dcgan_torch.py --batch 64 --threads 2
Not part of CI.
"""
import argparse
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def generator():
    return nn.Sequential(
        nn.Linear(100, 7 * 7 * 256, bias=False), nn.BatchNorm1d(7 * 7 * 256), nn.LeakyReLU(0.3),
        nn.Unflatten(1, (256, 7, 7)),
        nn.ConvTranspose2d(256, 128, 5, stride=1, padding=2, bias=False), nn.BatchNorm2d(128), nn.LeakyReLU(0.3),
        nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False), nn.BatchNorm2d(64),
        nn.LeakyReLU(0.3),
        nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1, bias=False), nn.Tanh())


def discriminator():
    return nn.Sequential(
        nn.Conv2d(1, 64, 5, stride=2, padding=2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
        nn.Conv2d(64, 128, 5, stride=2, padding=2), nn.LeakyReLU(0.3), nn.Dropout(0.3),
        nn.Flatten(), nn.Linear(128 * 7 * 7, 1))


def iteration_flops(m):
    """2 x the multiply-adds ganstep counts (engine/gan/image_spec.h iteration_flops)."""
    g = [100 * 12544, 7 * 7 * 256 * 128 * 25, 7 * 7 * 128 * 64 * 25, 14 * 14 * 64 * 1 * 25]
    d = [14 * 14 * 64 * 1 * 25, 7 * 7 * 128 * 64 * 25, 6272]
    G, D = sum(g), sum(d)
    d_step = m * G + 2 * m * (D + D + (D - d[0]))
    g_step = m * G + m * D + m * D + m * (G + (G - g[0]))
    return 2.0 * (d_step + g_step)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    m = args.batch
    data = torch.rand(1024, 1, 28, 28) * 2 - 1
    ones, zeros = torch.ones(m, 1), torch.zeros(m, 1)
    targets_d = torch.cat([ones, zeros])

    secs, cpu = [], []  # wall and CPU (all threads) seconds per iteration
    for r in range(args.repeats):
        G, D = generator(), discriminator()
        opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
        opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))

        def step():
            # D-step
            z = torch.randn(m, 100)
            x = data[torch.randint(0, data.shape[0], (m,))]
            with torch.no_grad():
                g_z = G(z)
            opt_d.zero_grad(set_to_none=True)
            loss_d = F.binary_cross_entropy_with_logits(D(torch.cat([x, g_z])), targets_d)
            loss_d.backward()
            opt_d.step()
            # G-step, D frozen
            for p in D.parameters():
                p.requires_grad_(False)
            z = torch.randn(m, 100)
            opt_g.zero_grad(set_to_none=True)
            loss_g = F.binary_cross_entropy_with_logits(D(G(z)), ones)
            loss_g.backward()
            opt_g.step()
            for p in D.parameters():
                p.requires_grad_(True)

        step()  # warm-up
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(args.iterations):
            step()
        secs.append((time.perf_counter() - t0) / args.iterations)
        cpu.append((time.process_time() - c0) / args.iterations)
        print(f"repeat {r + 1}: {secs[-1]:.4f} s/iteration (CPU {cpu[-1]:.4f} s)", flush=True)

    secs.sort()
    median = statistics.median(secs)
    flops = iteration_flops(m)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"dcgan (pytorch {torch.__version__}) batch {m} threads {args.threads}: median {median:.4f} s/iteration "
          f"over {args.repeats} repeats of {args.iterations} (min {secs[0]:.4f}, max {secs[-1]:.4f}); "
          f"{m / median:.1f} images/s; {flops / 1e9:.2f} GFLOP/iteration, {flops / median / 1e9:.1f} GFLOP/s; "
          f"CPU {statistics.median(cpu):.4f} s/iteration (all threads); peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
