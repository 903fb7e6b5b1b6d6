#!/usr/bin/python3
"""Quality per FLOP of lesson 8 (dcgan-mnist) candidates.

Each candidate is lesson 8 with other layers for G and D and other training
settings. For each one the script
  - counts the FLOPs of one iteration (`ganstep bench FILE --json`:
    gflop_per_iteration, the exact count of iteration_flops),
  - trains it natively (`ganstep run FILE --steps N --sample-every E`) and
    reads the quality metric at every sample point from metrics.csv: the
    Frechet distance of 1000 samples' classifier features to the real digits'
    and the mean top-class confidence (engine/gan/quality.h),
and prints one Markdown row per candidate and sample point: iterations,
cumulative GFLOP, training seconds so far (from the run's images/s), the
confidence and the Frechet distance, also as a multiple of the real-vs-real
figure (`ganstep quality --json`: 1000 held-out digits against the training
digits). One run gives a candidate's whole quality-per-FLOP curve.

  /usr/bin/python3 tests/bench/quality_sweep.py --ganstep build/native/ganstep \
      --steps 1500 --every 500 --threads 2 [--only NAME,NAME] [--scale-steps]

--scale-steps gives every candidate the same FLOP budget as 'light' at
--steps iterations (cheaper candidates run longer; --every scales alike).
Not part of CI: a run takes minutes.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
LESSON = os.path.join(HERE, "..", "..", "lessons", "library", "dcgan-mnist.toml")

# Lesson 8's light DCGAN (its layers until G took a 3 x 3 convolution at 7 x 7 and D a third
# convolution: sg2-ema-g7conv-d3 below, 2800 iterations; the light networks ran 5000).
LIGHT_G = [
    "dense(3136, bias=false)", "batchnorm", "relu", "reshape(64, 7, 7)",
    "convT(32, kernel=4, stride=2, padding=1, bias=false)", "batchnorm", "relu",
    "convT(1, kernel=4, stride=2, padding=1)", "tanh",
]
LIGHT_D = [
    "conv(32, kernel=4, stride=2, padding=1)", "leakyrelu(0.2)",
    "conv(64, kernel=4, stride=2, padding=1)", "leakyrelu(0.2)",
    "flatten", "dense(1)",
]


def g_layers(c7, c14, extra14=False):
    """G: z -> c7 x 7 x 7 -> c14 x 14 x 14 (-> a 3x3 conv at 14 x 14) -> 1 x 28 x 28."""
    layers = [f"dense({c7 * 49}, bias=false)", "batchnorm", "relu", f"reshape({c7}, 7, 7)",
              f"convT({c14}, kernel=4, stride=2, padding=1, bias=false)", "batchnorm", "relu"]
    if extra14:
        layers += [f"conv({c14}, kernel=3, stride=1, padding=1, bias=false)", "batchnorm", "relu"]
    return layers + ["convT(1, kernel=4, stride=2, padding=1)", "tanh"]


def d_layers(c14, c7, bn=False, dropout=0.0):
    """D: 1 x 28 x 28 -> c14 x 14 x 14 -> c7 x 7 x 7 -> one logit."""
    layers = [f"conv({c14}, kernel=4, stride=2, padding=1)", "leakyrelu(0.2)"]
    if dropout:
        layers.append(f"dropout({dropout})")
    layers.append(f"conv({c7}, kernel=4, stride=2, padding=1" + (", bias=false)" if bn else ")"))
    if bn:
        layers.append("batchnorm")
    layers.append("leakyrelu(0.2)")
    if dropout:
        layers.append(f"dropout({dropout})")
    return layers + ["flatten", "dense(1)"]


# Lesson 8 trained with the DCGAN paper's Adam settings until the sweep below
# found better ones; the candidates measured then keep them (paper()), the
# later ones train with the lesson's own settings plus their changes.
PAPER = {"lr_d": "0.0002", "lr_g": "0.0002", "beta1_d": "0.5", "beta1_g": "0.5",
         "beta2_d": "0.999", "beta2_g": "0.999", "ema_g": "0"}


def paper(**changes):
    return dict(PAPER, **changes)


# StyleGAN 2's Adam (lr 0.001, beta1 0, beta2 0.99), lesson 8's settings since this sweep
ADAM_SG2 = {"lr_d": "0.001", "lr_g": "0.001", "beta1_d": "0", "beta1_g": "0", "beta2_d": "0.99", "beta2_g": "0.99"}
R1 = {"r1_gamma": "1", "r1_every": "4"}
EMA = {"ema_g": "0.999", "ema_start": "500"}
NO_EMA = {"ema_g": "0"}
D_MBSTD = LIGHT_D[:2] + ["mbstd"] + LIGHT_D[2:]
D_THREE = LIGHT_D[:4] + ["conv(128, kernel=4, stride=2, padding=1)", "leakyrelu(0.2)"] + LIGHT_D[4:]
G_CONV7 = LIGHT_G[:4] + ["conv(64, kernel=3, stride=1, padding=1, bias=false)", "batchnorm", "relu"] + LIGHT_G[4:]
G_CONV7_TWICE = G_CONV7[:7] + G_CONV7[4:7] + G_CONV7[7:]  # two 3 x 3 convolutions at 7 x 7

# name: (G layers, D layers, training settings (--set keys), batch)
CANDIDATES = {
    "light": (LIGHT_G, LIGHT_D, paper(), 32),
    "light-b64": (LIGHT_G, LIGHT_D, paper(), 64),
    "light-b16": (LIGHT_G, LIGHT_D, paper(), 16),
    "light-lr5e-4": (LIGHT_G, LIGHT_D, paper(lr_d="0.0005", lr_g="0.0005"), 32),
    "light-ttur": (LIGHT_G, LIGHT_D, paper(lr_d="0.0004", lr_g="0.0001"), 32),
    "light-dbn": (LIGHT_G, d_layers(32, 64, bn=True), paper(), 32),
    "light-b2-0.99": (LIGHT_G, LIGHT_D, paper(beta2_d="0.99", beta2_g="0.99"), 32),
    "g128": (g_layers(128, 64), LIGHT_D, paper(), 32),
    "g128-d64": (g_layers(128, 64), d_layers(64, 128), paper(), 32),
    "g128-d64-dbn": (g_layers(128, 64), d_layers(64, 128, bn=True), paper(), 32),
    "g64x": (g_layers(64, 32, extra14=True), LIGHT_D, paper(), 32),
    "light-drop": (LIGHT_G, d_layers(32, 64, dropout=0.3), paper(), 32),
    # samples from an exponential moving average of G's weights (ema_g, ema_start): the same G training
    "light-ema998": (LIGHT_G, LIGHT_D, paper(ema_g="0.998", ema_start="500"), 32),
    "light-ema999": (LIGHT_G, LIGHT_D, paper(ema_g="0.999", ema_start="1000"), 32),
    # schedules and objectives that act on the same nets (--steps 2000 unless said)
    "light-decay-half": (LIGHT_G, LIGHT_D, paper(lr_decay_start="1000", lr_decay_end="2000"), 32),
    "light-smooth0.9": (LIGHT_G, LIGHT_D, paper(real_target="0.9"), 32),
    "light-k2": (LIGHT_G, LIGHT_D, paper(k="2"), 32),
    "light-drop0.5": (LIGHT_G, d_layers(32, 64, dropout=0.5), paper(), 32),
    # G's last layer as upsample + 3x3 conv instead of a transposed conv (no checkerboard)
    "g-upconv": (LIGHT_G[:7] + ["upsample", "conv(1, kernel=3, padding=1)", "tanh"], LIGHT_D, paper(), 32),
    # the modern small-GAN levers (--steps 2000 on seeds 1 and 2 unless said; README). The hinge loss
    # was measured with a build that let image runs take objective=hinge (they refuse it)
    "sg2": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **NO_EMA), 32),
    "sg2-r1": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **R1, **NO_EMA), 32),
    "sg2-r1-g0.1": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **NO_EMA, r1_gamma="0.1", r1_every="4"), 32),
    "sg2-r1-g10": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **NO_EMA, r1_gamma="10", r1_every="4"), 32),
    "sg2-r1-lr2e-3": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **R1, **NO_EMA, lr_d="0.002", lr_g="0.002"), 32),
    "sg2-r1-ema": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **R1, **EMA), 32),
    "sg2-ema": (LIGHT_G, LIGHT_D, dict(ADAM_SG2, **EMA), 32),  # lesson 8 now
    "sg2-r1-mbstd": (LIGHT_G, D_MBSTD, dict(ADAM_SG2, **R1, **NO_EMA), 32),
    "sg2-r1-g7x128": (g_layers(128, 32), LIGHT_D, dict(ADAM_SG2, **R1, **NO_EMA), 32),
    "sg2-r1-d64": (LIGHT_G, d_layers(64, 128), dict(ADAM_SG2, **R1, **NO_EMA), 32),
    "sg2-ema-d3": (LIGHT_G, D_THREE, dict(ADAM_SG2, **EMA), 32),
    "sg2-ema-g7conv": (G_CONV7, LIGHT_D, dict(ADAM_SG2, **EMA), 32),
    # on top of sg2-ema-g7conv (--steps 5000 --scale-steps: the work of the light networks' run)
    "sg2-ema-g7conv-d3": (G_CONV7, D_THREE, dict(ADAM_SG2, **EMA), 32),  # lesson 8 now
    "sg2-ema-g7conv2": (G_CONV7_TWICE, LIGHT_D, dict(ADAM_SG2, **EMA), 32),
}


def lesson_text(g, d):
    text = open(LESSON, encoding="utf-8").read()

    def block(name, layers):
        body = "layers = [\n" + "".join(f'  "{l}",\n' for l in layers) + "]\n"
        return re.sub(r"(\[" + name + r"\]\n)layers = \[.*?\n\]\n", lambda m: m.group(1) + body, text, flags=re.S)

    text = block("generator", g)
    return block("discriminator", d)


def run_json(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ganstep", default="build/native/ganstep")
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--every", type=int, default=500, help="a sample point (quality scored) every E iterations")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="", help="comma-separated candidate names (default: all)")
    ap.add_argument("--scale-steps", action="store_true",
                    help="the same FLOP budget as 'light' at --steps iterations for every candidate")
    ap.add_argument("--list", action="store_true", help="print the candidates' layers and settings")
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n] or list(CANDIDATES)
    for n in names:
        if n not in CANDIDATES:
            sys.exit(f"unknown candidate {n!r}; known: {', '.join(CANDIDATES)}")
    if args.list:
        for n in names:
            g, d, s, b = CANDIDATES[n]
            print(f"{n}: batch {b} {s}\n  G: {', '.join(g)}\n  D: {', '.join(d)}")
        return
    real = run_json([args.ganstep, "quality", "--json"])
    print(f"real vs real: Frechet {real['frechet']:.2f}, confidence {real['confidence']:.3f} "
          f"({real['frechet_samples']} held-out digits)", flush=True)
    work = tempfile.mkdtemp(prefix="quality-sweep-")

    def flops_per_iteration(path, batch):
        return run_json([args.ganstep, "bench", path, "--batch", str(batch), "--iterations", "1",
                         "--repeats", "1", "--threads", str(args.threads), "--json"])["gflop_per_iteration"]

    budget = None
    if args.scale_steps:
        g, d, _, b = CANDIDATES["light"]
        path = os.path.join(work, "light.toml")
        open(path, "w", encoding="utf-8").write(lesson_text(g, d))
        budget = flops_per_iteration(path, b) * args.steps
    print("| candidate | batch | settings | iterations | GFLOP | train s | confidence | FD | FD / real |")
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    for n in names:
        g, d, settings, batch = CANDIDATES[n]
        path = os.path.join(work, n + ".toml")
        open(path, "w", encoding="utf-8").write(lesson_text(g, d))
        gflop = flops_per_iteration(path, batch)
        scale = budget / gflop / args.steps if budget else 1.0
        steps, every = int(round(args.steps * scale)), max(1, int(round(args.every * scale)))
        out = os.path.join(work, n)
        cmd = [args.ganstep, "run", path, "--steps", str(steps), "--threads", str(args.threads), "--batch",
               str(batch), "--seed", str(args.seed), "--sample-every", str(every), "--out", out]
        for k, v in settings.items():
            cmd += ["--set", f"{k}={v}"]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
        shown = " ".join(f"{k}={v}" for k, v in settings.items()) or "-"
        train_s, last = 0.0, 0
        with open(os.path.join(out, "metrics.csv"), encoding="utf-8") as f:
            header = f.readline().strip().split(",")
            for line in f:
                row = dict(zip(header, line.strip().split(",")))
                it, ips = int(row["iteration"]), float(row["images_per_s"])
                train_s += (it - last) * batch / ips if ips > 0 else 0.0
                last = it
                fd, conf = float(row["frechet"]), float(row["confidence"])
                print(f"| {n} | {batch} | {shown} | {it} | {gflop * it:.0f} | {train_s:.0f} | {conf:.3f} | "
                      f"{fd:.2f} | {fd / real['frechet']:.1f} |", flush=True)

if __name__ == "__main__":
    main()
