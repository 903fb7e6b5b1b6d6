"""Checks the files `ganstep run IMAGE-LESSON --out OUT` writes, independently
of ganstep's own code (the standard library, zlib and numpy only):
  samples/*.png    valid PNG (signature, chunk CRCs, IHDR, IDAT inflating to
                   height * (1 + width) bytes), WIDTH x HEIGHT 8-bit gray
  metrics.csv      the header, the expected iterations in order, finite losses
  checkpoint.gsck  parsed by this script: magic, version, size, zlib's CRC-32,
                   lesson id, iteration; its generator tensors equal
                   generator/*.npy (numpy.load) bit for bit
usage: /usr/bin/python3 check_run_outputs.py OUT LESSON ITERATION "2,4,6" WIDTH HEIGHT
Prints one line per check; exits 1 when one fails.
"""
import math
import os
import struct
import sys
import zlib

import numpy as np

out, lesson, iteration, rows, width, height = sys.argv[1:7]
iteration, width, height = int(iteration), int(width), int(height)
want_rows = [int(r) for r in rows.split(",")]
failures = 0


def check(what, ok):
    global failures
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures += 1


def png_info(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return "no PNG signature"
    at, ihdr, idat, ended = 8, None, b"", False
    while at < len(data):
        (n,) = struct.unpack(">I", data[at:at + 4])
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + n]
        (crc,) = struct.unpack(">I", data[at + 8 + n:at + 12 + n])
        if zlib.crc32(kind + body) != crc:
            return "bad CRC in chunk %r" % kind
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            ended = True
        at += 12 + n
    if not ihdr or not ended:
        return "no IHDR or IEND"
    w, h, depth, color = ihdr[:4]
    raw = zlib.decompress(idat)
    if len(raw) != h * (1 + w):
        return "IDAT inflates to %d bytes, not %d" % (len(raw), h * (1 + w))
    return (w, h, depth, color)


samples = sorted(os.listdir(os.path.join(out, "samples")))
want_samples = ["iter-%06d.png" % r for r in want_rows] + ["latest.png"]
check("samples: %s" % samples, all(s in samples for s in want_samples))
for s in want_samples:
    info = png_info(os.path.join(out, "samples", s))
    check("%s: valid PNG %s, want %dx%d 8-bit gray" % (s, info, width, height), info == (width, height, 8, 0))
check("latest.png is the last grid",
      open(os.path.join(out, "samples", "latest.png"), "rb").read()
      == open(os.path.join(out, "samples", want_samples[-2]), "rb").read())

lines = open(os.path.join(out, "metrics.csv")).read().splitlines()
header = ("iteration,loss_d,loss_g,d_real,d_fake,images_per_s,frechet,top_class,confidence,"
          + ",".join("class_%d" % c for c in range(10)))
check("metrics.csv header", lines[0] == header)
cells = [line.split(",") for line in lines[1:]]
check("metrics.csv iterations %s, want %s" % ([int(c[0]) for c in cells], want_rows),
      [int(c[0]) for c in cells] == want_rows)
check("metrics.csv: 19 cells a row", all(len(c) == 19 for c in cells))
check("metrics.csv: finite losses and D outputs in (0, 1)",
      all(math.isfinite(float(v)) for c in cells for v in c[1:5])
      and all(0 < float(v) < 1 for c in cells for v in c[3:5]))
check("metrics.csv: a Frechet distance, a top class and a histogram summing to 1",
      all(float(c[6]) > 0 and 0 <= int(c[7]) <= 9 and abs(sum(float(v) for v in c[9:]) - 1) < 0.01 for c in cells))

# The checkpoint, parsed from its documented layout (engine/gan/image_checkpoint.h).
data = open(os.path.join(out, "checkpoint.gsck"), "rb").read()
check("checkpoint magic", data[:8] == b"GSCKPT01")
version, total = struct.unpack("<IQ", data[8:20])
check("checkpoint version 1, size field %d = file size %d" % (total, len(data)), version == 1 and total == len(data))
check("checkpoint CRC-32 (zlib's)", zlib.crc32(data[:-4]) == struct.unpack("<I", data[-4:])[0])
at = 20


def text():
    global at
    (n,) = struct.unpack("<I", data[at:at + 4])
    s = data[at + 4:at + 4 + n].decode()
    at += 4 + n
    return s


lesson_id, spec, config = text(), text(), text()
check("checkpoint lesson %s" % lesson_id, lesson_id == lesson)
(ckpt_iteration,) = struct.unpack("<q", data[at:at + 8])
check("checkpoint iteration %d, want %d" % (ckpt_iteration, iteration), ckpt_iteration == iteration)
at += 10 * 8
(count,) = struct.unpack("<I", data[at:at + 4])
at += 4
tensors = {}
for _ in range(count):
    name = text()
    rank, r, c = struct.unpack("<IQQ", data[at:at + 20])
    at += 20
    tensors[name] = np.frombuffer(data[at:at + 4 * r * c], dtype="<f4").reshape(r, c)
    at += 4 * r * c
check("checkpoint: all %d tensors read to the CRC" % count, at == len(data) - 4)
check("generator/spec.txt is the checkpoint's spec",
      open(os.path.join(out, "generator", "spec.txt")).read() == spec)

npys = sorted(f for f in os.listdir(os.path.join(out, "generator")) if f.endswith(".npy"))
g_names = sorted(n[2:] + ".npy" for n in tensors if n.startswith("g."))
check("generator/*.npy: one per G tensor (%d)" % len(npys), npys == g_names and len(npys) > 0)
for f in npys:
    a = np.load(os.path.join(out, "generator", f))
    t = tensors["g." + f[:-4]]
    check("%s: numpy loads %s %s, equal to the checkpoint's" % (f, a.dtype, a.shape),
          a.dtype == np.float32 and a.shape == t.shape and np.array_equal(a, t) and np.all(np.isfinite(a)))

sys.exit(1 if failures else 0)
