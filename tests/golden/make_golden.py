#!/usr/bin/env python3
"""Writes tests/golden/tiny_gan_step.txt: a PyTorch reference for two tiny MLP GAN
training iterations, checked by tests/engine/test_golden_torch.cpp.

Run by developers only, NOT by CI (CI just reads the committed text file):

    /usr/bin/python3 tests/golden/make_golden.py        # needs torch + numpy

Re-run it only when the maths being pinned changes on purpose, and commit the
regenerated tiny_gan_step.txt together with the engine change.

What it computes (float32 throughout, weights from numpy with a fixed seed, no
torch RNG):

  G: Linear(2 -> 5), LeakyReLU(0.2), Linear(5 -> 4), Sigmoid, Linear(4 -> 2)
     (engine spec: in 2, hidden "5:leaky_relu,4:sigmoid", out 2, out_act none)
  D: Linear(2 -> 4), ReLU, Linear(4 -> 4), Tanh, Linear(4 -> 1)   -> one logit
     (engine spec: in 2, hidden "4:relu,4:tanh", out 1, out_act none)

  Two runs from the same initial weights:
    sgd:  SGD momentum 0.5, lr 0.1 (D and G); G is updated with the minimax loss
    adam: Adam lr 0.01, betas (0.5, 0.999), eps 1e-8 (D and G); G is updated
          with the non-saturating loss
  Each run takes 2 iterations; iteration s (1, 2) uses the fixed inputs
  step<s>.z and step<s>.x (m = 4 rows each, written in the file):
    D step:  gz = G(z).detach(); logits = D(cat[x, gz]) (8 rows), targets 1,1,1,1,0,0,0,0
             loss_d = mean BCEWithLogits; record logits, per-sample losses, loss_d,
             every D gradient; one D optimizer step; record D's parameters.
    G step:  the SAME z; l = D(G(z)) with the updated D; for both variants
               nonsat  = mean(softplus(-l))     minimax = mean(-softplus(l))
             record per-sample losses, the mean, d loss / d G(z), every G
             gradient; one G optimizer step with the run's variant (D's
             parameters get no gradient and no update); record G's parameters.

File format: one tensor per line, `name rows cols v1 v2 ...` (row-major,
values as %.9g, enough to round-trip float32). Lines starting with '#' are
comments. Linear weights are written in the ENGINE's layout: W as (in, out),
the transpose of torch's nn.Linear.weight (out, in); b as (1, out). Parameter
names follow ganstep::Mlp::params(): layer0.W, layer0.b, layer1.W, ...
Scalars (the mean losses) are 1 x 1 tensors.
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny_gan_step.txt")

M = 4
NOISE_DIM = 2
DATA_DIM = 2
LEAKY = 0.2

# (in, out) of each Linear, and the activation after it.
G_LAYERS = [(NOISE_DIM, 5, "leaky_relu"), (5, 4, "sigmoid"), (4, DATA_DIM, None)]
D_LAYERS = [(DATA_DIM, 4, "relu"), (4, 4, "tanh"), (4, 1, None)]


def act(name, x):
    if name is None:
        return x
    if name == "relu":
        return torch.relu(x)
    if name == "leaky_relu":
        return F.leaky_relu(x, LEAKY)
    if name == "tanh":
        return torch.tanh(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    raise ValueError(name)


class Mlp(torch.nn.Module):
    def __init__(self, layers, rng):
        super().__init__()
        self.acts = [a for (_, _, a) in layers]
        self.lins = torch.nn.ModuleList()
        for (i, o, _) in layers:
            lin = torch.nn.Linear(i, o)
            bound = 1.0 / np.sqrt(i)
            # Scale up a little so the activations see both signs and the
            # gradients are far from 0 (Adam divides by sqrt(v)).
            w = rng.uniform(-1.5 * bound, 1.5 * bound, size=(o, i)).astype(np.float32)
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
            if a is not None:
                self.preacts.append((a, x.detach().clone()))
            x = act(a, x)
        return x

    def named_engine_params(self):
        """(engine name, tensor in engine layout, torch parameter) in Mlp::params() order."""
        out = []
        for k, lin in enumerate(self.lins):
            out.append((f"layer{k}.W", lambda t: t.t(), lin.weight))
            out.append((f"layer{k}.b", lambda t: t.reshape(1, -1), lin.bias))
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
        assert a.ndim == 2, name
        assert np.all(np.isfinite(a)), name
        vals = " ".join("%.9g" % float(v) for v in a.reshape(-1))
        self.lines.append(f"{name} {a.shape[0]} {a.shape[1]} {vals}")

    def params(self, prefix, net, grads=False):
        for name, layout, p in net.named_engine_params():
            src = p.grad if grads else p
            assert src is not None, prefix + name
            self.tensor(f"{prefix}.{name}", layout(src))

    def save(self, path):
        with open(path, "w") as f:
            f.write("\n".join(self.lines) + "\n")


def check_away_from_kinks(net, what):
    # ReLU / LeakyReLU switch on the sign of the pre-activation; keep every
    # pre-activation clearly away from 0 so the engine and torch agree on it.
    for a, pre in net.preacts:
        if a in ("relu", "leaky_relu"):
            mn = pre.abs().min().item()
            assert mn > 1e-3, f"{what}: a {a} pre-activation is {mn}, too close to 0"
            # Both branches of the kink are exercised.
            assert (pre > 0).any() and (pre < 0).any(), f"{what}: {a} sees one sign only"


def check_grads_for_adam(net, what):
    # Adam's update is g / (sqrt(v) + eps): a tiny but non-zero gradient makes
    # the update hypersensitive to rounding. Exact zeros (dead ReLU rows) are fine.
    for name, _, p in net.named_engine_params():
        g = p.grad.abs()
        tiny = g[(g > 0) & (g < 1e-6)]
        assert tiny.numel() == 0, f"{what} {name}: gradient {tiny.min().item()} too small for Adam"


def main():
    rng = np.random.default_rng(20140610)  # the GAN paper's arXiv date
    g0 = Mlp(G_LAYERS, rng)
    d0 = Mlp(D_LAYERS, rng)
    inputs = []
    for s in (1, 2):
        z = rng.normal(0.0, 1.0, size=(M, NOISE_DIM)).astype(np.float32)
        x = (rng.normal(0.0, 0.5, size=(M, DATA_DIM)) + np.array([1.0, -0.5])).astype(np.float32)
        inputs.append((torch.from_numpy(z), torch.from_numpy(x)))

    w = Writer()
    w.comment("Generated by tests/golden/make_golden.py with torch " + torch.__version__ +
              " (float32). Do not edit by hand.")
    w.comment("name rows cols values... (row-major); Linear W in engine layout (in, out), b (1, out).")
    w.comment("G: 2 -> 5 leaky_relu(0.2) -> 4 sigmoid -> 2;  D: 2 -> 4 relu -> 4 tanh -> 1 (logit)")
    w.params("init.g", g0)
    w.params("init.d", d0)
    for s, (z, x) in enumerate(inputs, 1):
        w.tensor(f"step{s}.z", z)
        w.tensor(f"step{s}.x", x)

    runs = [
        ("sgd", "minimax",
         lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5)),
        ("adam", "nonsat",
         lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.5, 0.999), eps=1e-8)),
    ]
    targets = torch.tensor([1, 1, 1, 1, 0, 0, 0, 0], dtype=torch.float32).reshape(-1, 1)

    for run, g_variant, make_opt in runs:
        g = Mlp(G_LAYERS, np.random.default_rng(0))
        d = Mlp(D_LAYERS, np.random.default_rng(0))
        g.load_state_dict(g0.state_dict())
        d.load_state_dict(d0.state_dict())
        opt_g = make_opt(g.parameters())
        opt_d = make_opt(d.parameters())
        w.comment(f"run {run}: G updated with the {g_variant} loss")
        for s, (z, x) in enumerate(inputs, 1):
            p = f"{run}.step{s}"
            # ---- D step ----
            opt_d.zero_grad(set_to_none=True)
            gz = g(z).detach()
            check_away_from_kinks(g, p + " D-step G")
            logits = d(torch.cat([x, gz], dim=0))
            check_away_from_kinks(d, p + " D-step D")
            per = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
            loss_d = per.mean()
            loss_d.backward()
            if run == "adam":
                check_grads_for_adam(d, p + " D")
            w.tensor(f"{p}.d.gz", gz)
            w.tensor(f"{p}.d.logits", logits)
            w.tensor(f"{p}.d.loss", per)
            w.tensor(f"{p}.d.loss_mean", loss_d)
            w.params(f"{p}.d.grad", d, grads=True)
            opt_d.step()
            w.params(f"{p}.d.after", d)
            opt_d.zero_grad(set_to_none=True)

            # ---- G step (same z; D frozen) ----
            for variant in ("nonsat", "minimax"):
                opt_g.zero_grad(set_to_none=True)
                for q in d.parameters():
                    q.requires_grad_(False)
                gz = g(z)
                gz.retain_grad()
                check_away_from_kinks(g, p + " G-step G")
                l = d(gz)
                check_away_from_kinks(d, p + " G-step D")
                if variant == "nonsat":
                    per = F.softplus(-l)
                else:
                    per = -F.softplus(l)
                loss = per.mean()
                loss.backward()
                for q in d.parameters():
                    assert q.grad is None
                    q.requires_grad_(True)
                if run == "adam" and variant == g_variant:
                    check_grads_for_adam(g, p + " G")
                q = f"{p}.g.{variant}"
                if variant == "nonsat":
                    w.tensor(f"{p}.g.gz", gz)
                    w.tensor(f"{p}.g.logits", l)
                w.tensor(f"{q}.loss", per)
                w.tensor(f"{q}.loss_mean", loss)
                w.tensor(f"{q}.dgz", gz.grad)
                w.params(f"{q}.grad", g, grads=True)
                if variant == g_variant:
                    chosen = [p_.grad.clone() for p_ in g.parameters()]
            for p_, gr in zip(g.parameters(), chosen):
                p_.grad = gr
            opt_g.step()
            w.params(f"{p}.g.after", g)

    w.save(OUT)
    print(f"wrote {OUT} ({len(w.lines)} lines)")


if __name__ == "__main__":
    main()
