#!/usr/bin/env python3
"""Writes tests/golden/objectives.txt: PyTorch reference values for the point
GAN's other objectives (lsgan, hinge, wgan-gp), checked by
tests/engine/test_golden_objectives.cpp.

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_objectives_golden.py     # needs torch + numpy

What it computes (float32, weights and inputs from numpy with a fixed seed):

  D: Linear(2 -> 5), Tanh, Linear(5 -> 4), LeakyReLU(0.2), Linear(4 -> 3), Sigmoid, Linear(3 -> 1)
     (engine: in 2, hidden "5:tanh,4:leaky_relu,3:sigmoid", out 1): every activation
     the gradient penalty's double backward handles, two of them with sigma'' != 0.
  Inputs: x (4, 2) real rows, gz (4, 2) fake rows, eps (4, 1) in (0, 1).

  f = D(cat[x, gz]) (8 rows: 4 real, then 4 fake), D's raw output. For each
  objective's D loss (the mean over each half, summed):
    lsgan:        0.5 (f(x) - 1)^2  +  0.5 f(gz)^2
    hinge:        relu(1 - f(x))    +  relu(1 + f(gz))
    wasserstein:  -f(x)             +  f(gz)
  record the per-row losses, the two halves' means, d loss / d f and every D gradient.
  The gradient penalty: x_hat = eps x + (1 - eps) gz,
    gp = lambda * mean_i (||grad_x f(x_hat_i)|| - 1)^2, lambda = 10,
  via autograd.grad(create_graph=True); record x_hat, the norms, gp and every D
  gradient of gp. G's losses on f(gz) (4 rows, D frozen):
    lsgan_g:  0.5 (f(gz) - 1)^2      critic_g: -f(gz)
  record per-row losses, the mean, d loss / d f and d loss / d gz.

File format: as tests/golden/make_golden.py (`name rows cols values...`,
Linear W in the engine's (in, out) layout, b as (1, out); layer names
layer0.W, layer0.b, ... as Sequential::params()).
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "objectives.txt")

M = 4
LAMBDA = 10.0
LAYERS = [(2, 5, "tanh"), (5, 4, "leaky_relu"), (4, 3, "sigmoid"), (3, 1, None)]


def act(name, x):
    if name is None:
        return x
    if name == "tanh":
        return torch.tanh(x)
    if name == "leaky_relu":
        return F.leaky_relu(x, 0.2)
    if name == "sigmoid":
        return torch.sigmoid(x)
    raise ValueError(name)


class Mlp(torch.nn.Module):
    def __init__(self, rng):
        super().__init__()
        self.acts = [a for (_, _, a) in LAYERS]
        self.lins = torch.nn.ModuleList()
        for (i, o, _) in LAYERS:
            lin = torch.nn.Linear(i, o)
            w = rng.uniform(-1.2, 1.2, size=(o, i)).astype(np.float32)
            b = rng.uniform(-0.5, 0.5, size=(o,)).astype(np.float32)
            with torch.no_grad():
                lin.weight.copy_(torch.from_numpy(w))
                lin.bias.copy_(torch.from_numpy(b))
            self.lins.append(lin)
        self.preacts = []

    def forward(self, x):
        self.preacts = []
        for lin, a in zip(self.lins, self.acts):
            x = lin(x)
            self.preacts.append((a, x))
            x = act(a, x)
        return x

    def engine_params(self):
        out = []
        for k, lin in enumerate(self.lins):
            out.append((f"layer{k}.W", lin.weight.t()))
            out.append((f"layer{k}.b", lin.bias.reshape(1, -1)))
        return out

    def engine_grads(self):
        out = []
        for k, lin in enumerate(self.lins):
            # (the output layer's bias gets no gradient from the penalty: None is 0)
            gw = lin.weight.grad if lin.weight.grad is not None else torch.zeros_like(lin.weight)
            gb = lin.bias.grad if lin.bias.grad is not None else torch.zeros_like(lin.bias)
            out.append((f"layer{k}.W", gw.t()))
            out.append((f"layer{k}.b", gb.reshape(1, -1)))
        return out


class Writer:
    def __init__(self):
        self.lines = []

    def comment(self, text):
        self.lines.append("# " + text)

    def tensor(self, name, t):
        a = t.detach().cpu().numpy() if torch.is_tensor(t) else np.asarray(t)
        a = np.asarray(a, dtype=np.float32)
        if a.ndim == 0:
            a = a.reshape(1, 1)
        elif a.ndim == 1:
            a = a.reshape(-1, 1)
        assert a.ndim == 2 and np.all(np.isfinite(a)), name
        self.lines.append(f"{name} {a.shape[0]} {a.shape[1]} " + " ".join("%.9g" % float(v) for v in a.reshape(-1)))

    def grads(self, prefix, net):
        for name, g in net.engine_grads():
            self.tensor(f"{prefix}.{name}", g)


def away_from_kinks(net, what, margin=1e-3):
    for a, pre in net.preacts:
        if a == "leaky_relu":
            assert pre.abs().min().item() > margin, what


def main():
    rng = np.random.default_rng(20170331)  # WGAN-GP's arXiv date
    d = Mlp(rng)
    x = torch.from_numpy((rng.normal(0.0, 1.0, size=(M, 2)) + np.array([1.0, -0.5])).astype(np.float32))
    gz = torch.from_numpy(rng.normal(0.0, 1.0, size=(M, 2)).astype(np.float32))
    eps = torch.from_numpy(rng.uniform(0.1, 0.9, size=(M, 1)).astype(np.float32))

    w = Writer()
    w.comment("Generated by tests/golden/make_objectives_golden.py with torch " + torch.__version__ +
              " (float32). Do not edit by hand.")
    w.comment("D: 2 -> 5 tanh -> 4 leaky_relu(0.2) -> 3 sigmoid -> 1 (raw output); lambda = 10")
    for name, p in d.engine_params():
        w.tensor(f"init.{name}", p)
    w.tensor("x", x)
    w.tensor("gz", gz)
    w.tensor("eps", eps)

    # ---- D losses
    for obj in ("lsgan", "hinge", "wasserstein"):
        d.zero_grad(set_to_none=True)
        f = d(torch.cat([x, gz], dim=0))
        away_from_kinks(d, obj)
        f.retain_grad()
        fr, ff = f[:M], f[M:]
        if obj == "lsgan":
            per = torch.cat([0.5 * (fr - 1) ** 2, 0.5 * ff ** 2])
        elif obj == "hinge":
            per = torch.cat([F.relu(1 - fr), F.relu(1 + ff)])
            assert (torch.abs(1 - fr) > 1e-3).all() and (torch.abs(1 + ff) > 1e-3).all()
        else:
            per = torch.cat([-fr, ff])
        real, fake = per[:M].mean(), per[M:].mean()
        (real + fake).backward()
        w.tensor(f"{obj}.f", f)
        w.tensor(f"{obj}.loss", per)
        w.tensor(f"{obj}.real", real)
        w.tensor(f"{obj}.fake", fake)
        w.tensor(f"{obj}.dout", f.grad)
        w.grads(f"{obj}.grad", d)

    # ---- the gradient penalty (double backward)
    d.zero_grad(set_to_none=True)
    x_hat = (eps * x + (1 - eps) * gz).requires_grad_(True)
    out = d(x_hat)
    away_from_kinks(d, "gp")
    (gx,) = torch.autograd.grad(out.sum(), x_hat, create_graph=True)
    norms = gx.norm(2, dim=1, keepdim=True)
    gp = LAMBDA * ((norms - 1) ** 2).mean()
    gp.backward()
    w.tensor("gp.x_hat", x_hat)
    w.tensor("gp.norms", norms)
    w.tensor("gp.value", gp)
    w.grads("gp.grad", d)

    # ---- G losses (D frozen): d loss / d f and d loss / d gz
    for obj in ("lsgan_g", "critic_g"):
        for p in d.parameters():
            p.requires_grad_(False)
        g_in = gz.clone().requires_grad_(True)
        f = d(g_in)
        f.retain_grad()
        per = 0.5 * (f - 1) ** 2 if obj == "lsgan_g" else -f
        loss = per.mean()
        loss.backward()
        for p in d.parameters():
            p.requires_grad_(True)
        w.tensor(f"{obj}.f", f)
        w.tensor(f"{obj}.loss", per)
        w.tensor(f"{obj}.mean", loss)
        w.tensor(f"{obj}.dout", f.grad)
        w.tensor(f"{obj}.dgz", g_in.grad)

    with open(OUT, "w") as fh:
        fh.write("\n".join(w.lines) + "\n")
    print(f"wrote {OUT} ({len(w.lines)} lines)")


if __name__ == "__main__":
    main()
