// What the browser tests share: a tiny test runner, a static server for the
// installed site (build/web/site), a PNG colour counter, and Debian's
// chromium launched headless with a throw-away profile.
//
//   import { option, test, results, assert, assertEqual, serve, pngColours, launch, startSite, openPage } from './harness.mjs';
//
// The server (scripts/serve.mjs) binds 127.0.0.1 on a free port and, like a
// static host with precompressed files, answers with FILE.gz when the browser
// accepts gzip; served.bytes counts what it sent.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { siteServer } from '../../scripts/serve.mjs';

export function option(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  return process.env[env] || fallback;
}

// ---------- tiny test runner ----------
const counts = { passed: 0, failed: 0 };
export async function test(name, fn) {
  const t = Date.now();
  try {
    await fn();
    counts.passed++;
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    counts.failed++;
    console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
  }
}
export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
export function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

// ---------- static server ----------
export const served = { bytes: 0, files: [] };
// The site on 127.0.0.1, a free port (scripts/serve.mjs, as scripts/demo.sh serves it).
export function serve(dir) {
  const server = siteServer(dir, (rel, bytes) => {
    served.bytes += bytes;
    served.files.push(rel);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------- PNG: distinct colours (8-bit RGB/RGBA, non-interlaced) ----------
export function pngColours(buf) {
  assert(buf.readUInt32BE(0) === 0x89504e47, 'not a PNG');
  let off = 8;
  let width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const kind = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8];
      type = data[9];
      interlace = data[12];
    } else if (kind === 'IDAT') {
      idat.push(data);
    } else if (kind === 'IEND') {
      break;
    }
    off += 12 + len;
  }
  assert(depth === 8 && (type === 2 || type === 6) && interlace === 0,
         `unsupported PNG (depth ${depth}, colour type ${type}, interlace ${interlace})`);
  const bpp = type === 6 ? 4 : 3;
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const prev = Buffer.alloc(stride);
  const cur = Buffer.alloc(stride);
  const colours = new Map();
  let dark = 0;  // pixels near black (r, g, b < 60)
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    const filter = raw[row];
    for (let x = 0; x < stride; x++) {
      const v = raw[row + 1 + x];
      const a = x >= bpp ? cur[x - bpp] : 0;
      const b = prev[x];
      const c = x >= bpp ? prev[x - bpp] : 0;
      let p;
      switch (filter) {
        case 0: p = v; break;
        case 1: p = v + a; break;
        case 2: p = v + b; break;
        case 3: p = v + ((a + b) >> 1); break;
        case 4: {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default: throw new Error(`bad PNG filter ${filter}`);
      }
      cur[x] = p & 255;
    }
    for (let x = 0; x < stride; x += bpp) {
      const key = (cur[x] << 16) | (cur[x + 1] << 8) | cur[x + 2];
      colours.set(key, (colours.get(key) || 0) + 1);
      if (cur[x] < 60 && cur[x + 1] < 60 && cur[x + 2] < 60) dark++;
    }
    cur.copy(prev);
  }
  let top = 0;
  for (const n of colours.values()) top = Math.max(top, n);
  return { width, height, distinct: colours.size, dominantShare: top / (width * height), dark };
}

// ---------- the browser ----------
export const CHROMIUM = process.env.GANSTEP_CHROMIUM || '/usr/bin/chromium';
// chromium.launch gives the browser a fresh, throw-away profile (--user-data-dir) itself.
export function launch() {
  const args = [
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic', '--disable-default-apps', '--disable-extensions',
  ];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

// The installed site (webDir, with the page built) served on 127.0.0.1, and
// the browser; screenshots go to outDir. Throws when one of the files a test
// needs (ganstep.wasm unless told) is not there.
export async function startSite(webDir, outDir, needs = ['ganstep.wasm']) {
  for (const f of needs) {
    if (!fs.existsSync(path.join(webDir, f))) {
      throw new Error(`${webDir}/${f} is missing: build and install the page (cmake --preset web && cmake --build --preset web)`);
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  const server = await serve(webDir);
  const base = `http://127.0.0.1:${server.address().port}/`;
  return { server, base, browser: await launch() };
}

// A page of the site in a fresh browser context, once window.ganstep is ready:
// width x height CSS pixels; touch: a phone's or tablet's (touch events, 2
// device pixels per CSS pixel); route(context) may answer some requests
// itself first (context.route); the page's errors go to errors.
export async function openPage(browser, url, { width = 1440, height = 900, touch = false, errors = [], route } = {}) {
  const context = await browser.newContext({
    viewport: { width, height }, deviceScaleFactor: touch ? 2 : 1, hasTouch: touch, isMobile: touch,
  });
  if (route) await route(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => window.ganstep.ready);
  return { page, context };
}

// The end of a test program: a set-up error (thrown outside test()) counts as a
// failure; the browser and the server close; the watchdog stops.
export async function finish(error, { browser, server, watchdog }) {
  if (error) {
    counts.failed++;
    console.log(`FAIL set-up\n     ${String(error && error.stack || error)}`);
  }
  if (browser) await browser.close().catch(() => {});
  if (server) server.close();
  clearTimeout(watchdog);
}
// Prints "N passed, M failed" and exits, non-zero after a failure.
export function exit() {
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed === 0 ? 0 : 1);
}

// An 8-bit grey PNG (colour type 0) of width x height from pixel(x, y): digits dropped on the page.
const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(kind, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(kind, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
export function greyPng(width, height, pixel) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;   // bits per channel
  ihdr[9] = 0;   // grey
  const raw = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
                        chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Waits until the page has drawn n more frames. The player reads the mouse
// once per frame (Dear ImGui 1.86 keeps no input queue), so a press and a
// release inside one frame are lost on a loaded machine: hold each for frames.
export async function frames(page, n = 2) {
  await page.evaluate((n) => new Promise((resolve) => {
    let k = 0;
    const tick = () => (++k >= n ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

// A click the player cannot miss: hovered, pressed and released on frames of their own.
export async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await frames(page);
  await page.mouse.down();
  await frames(page);
  await page.mouse.up();
  await frames(page);
}

// A drag through points (CSS pixels), pressed, moved and released a frame at a time.
export async function dragThrough(page, points) {
  await page.mouse.move(...points[0]);
  await frames(page);
  await page.mouse.down();
  await frames(page);
  for (const p of points.slice(1)) {
    await page.mouse.move(...p);
    await frames(page, 1);
  }
  await page.mouse.up();
  await frames(page);
}

// A key the player cannot miss: held down for whole frames, then released.
export async function pressKey(page, key) {
  await page.keyboard.down(key);
  await frames(page);
  await page.keyboard.up(key);
  await frames(page);
}

// A control's box in CSS pixels, from the last frame's layout (ganstep.layout()'s items).
export async function layoutBox(page, name) {
  const layout = await page.evaluate(() => ganstep.layout());
  const r = layout.items[name];
  assert(r, `no "${name}" in the layout: ${Object.keys(layout.items).join(', ')}`);
  const scale = (await page.evaluate(() => window.innerWidth)) / layout.window[0];
  return { x: r[0] * scale, y: r[1] * scale, w: r[2] * scale, h: r[3] * scale };
}

// ---------- the control bar (ganstep.layout()) ----------
const TOOLBAR = new Set(['lesson', 'open_share', 'play', 'phase', 'dstep', 'iteration', 'n', 'back_phase',
                         'back_iteration', 'reset', 'checkpoint', 'seed', 'language_help', 'speed', 'timeline',
                         'step', 'back', 'menu']);
const overlaps = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
// Rectangle i ([x, y, w, h]) lies inside o, to half a pixel.
export const inside = (o, i) => i[0] >= o[0] - 0.5 && i[1] >= o[1] - 0.5 && i[0] + i[2] <= o[0] + o[2] + 0.5 &&
                                i[1] + i[3] <= o[1] + o[3] + 0.5;

// The control bar of a layout: no two items overlap, all inside the window;
// touch targets at least minTarget CSS px (scale: CSS px per player px). Its items' names.
export function checkBar(layout, scale, minTarget) {
  const items = Object.entries(layout.items).filter(([name]) => TOOLBAR.has(name));
  assert(items.length >= 4, `only ${items.length} toolbar items: ${JSON.stringify(layout.items)}`);
  const win = [0, 0, layout.window[0], layout.window[1]];
  for (let i = 0; i < items.length; i++) {
    const [name, r] = items[i];
    assert(inside(win, r), `${name} ${JSON.stringify(r)} leaves the window ${JSON.stringify(win)}`);
    if (minTarget) {
      assert(r[2] * scale >= minTarget && r[3] * scale >= minTarget,
             `${name} is ${(r[2] * scale).toFixed(0)}x${(r[3] * scale).toFixed(0)} CSS px, under ${minTarget}`);
    }
    for (let j = i + 1; j < items.length; j++) {
      assert(!overlaps(r, items[j][1]), `${name} ${JSON.stringify(r)} overlaps ${items[j][0]} ${JSON.stringify(items[j][1])}`);
    }
  }
  return items.map(([name]) => name);
}
