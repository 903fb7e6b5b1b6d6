// Browser test of the web page (the installed site, build/web/site): headless Debian chromium drives
// window.ganstep and compares the run with the native CLI, bit for bit.
//
//   node tests/browser/player.test.mjs [--build-dir build/web/site] [--native build/native/ganstep] [--out DIR]
//        [--strict 1]
//   (or env GANSTEP_WEB_DIR, GANSTEP_NATIVE_CLI, GANSTEP_SCREENSHOT_DIR, GANSTEP_PLAYER_STRICT)
//
// Serves the build folder on 127.0.0.1, never touches the network, never
// downloads a browser. Prints "N passed, M failed"; exits non-zero on failure.
// Also measures: page start to ready, bundle size gzipped, frame time while playing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { assert, assertEqual, exit, finish, frames, launch, option, pngColours, pressKey, serve, test } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const NATIVE = path.resolve(option('--native', 'GANSTEP_NATIVE_CLI', path.join(ROOT, 'build', 'native', 'ganstep')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
// --strict 1: the 1-D lesson is ready within the 2 s goal (for a quiet machine).
const STRICT = option('--strict', 'GANSTEP_PLAYER_STRICT', '0') === '1';
const VIEWPORT = { width: 1280, height: 800 };
// The scripted lesson of tests/player/test_player_lessons.cpp (one copy of it).
const SCRIPTED = (() => {
  const src = fs.readFileSync(path.join(ROOT, 'tests', 'player', 'test_player_lessons.cpp'), 'utf8');
  const m = /R"TOML\(([\s\S]*?)\)TOML"/.exec(src);
  if (!m) throw new Error('the scripted lesson is missing from tests/player/test_player_lessons.cpp');
  return m[1];
})();

// A hard stop so a hung page never hangs CI.
const watchdog = setTimeout(() => {
  console.error('browser test: timed out after 480 s');
  process.exit(2);
}, 480_000);

// ---------- the native CLI ----------
function nativeRun(lesson, steps, seed) {
  assert(fs.existsSync(NATIVE),
         `native CLI ${NATIVE} is missing: build it first (cmake --preset native && cmake --build --preset native)`);
  const args = ['run', lesson, '--steps', String(steps), '--json'];
  if (seed !== undefined) args.push('--seed', String(seed));
  const r = JSON.parse(execFileSync(NATIVE, args, { encoding: 'utf8' }));
  for (const k of BEAT_FIELDS) delete r[k];
  return r;
}
// The beats the CLI reports (beats_fired, shown, ...): ganstep.beats()'s, not state()'s.
const BEAT_FIELDS = new Set(['beats_followed', 'beats_fired', 'beats', 'shown', 'answers', 'question']);
function cliPart(state, native) {
  const out = {};
  for (const k of Object.keys(native)) out[k] = state[k];
  return out;
}

// ---------- the run ----------
const measures = {};
let browser, server, setupError = null;
try {
  for (const f of ['index.html', 'api.js', 'ganstep.js', 'ganstep.wasm', 'ganstep.data']) {
    if (!fs.existsSync(path.join(WEB_DIR, f))) {
      throw new Error(`${path.join(WEB_DIR, f)} is missing: build and install the page (cmake --build --preset web && cmake --install build/web --prefix ${WEB_DIR})`);
    }
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  server = await serve(WEB_DIR);
  const base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
  const pageErrors = [];
  async function open(query = '', deviceScaleFactor = 1) {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    const t = Date.now();
    await page.goto(base + 'index.html' + query, { waitUntil: 'load' });
    const readyMs = await page.evaluate(() => window.ganstep.ready.then((g) => g.readyMs));
    return { page, readyMs, wallMs: Date.now() - t };
  }

  const { page, readyMs, wallMs } = await open();
  measures.ready_ms = Math.round(readyMs);
  measures.ready_wall_ms = wallMs;

  await test('page loads, ganstep.ready resolves, lessons listed', async () => {
    const ids = await page.evaluate(() => ganstep.lessons());
    assert(Array.isArray(ids) && ids.includes('gauss-1d') && ids.includes('ring-2d'),
           `lessons() = ${JSON.stringify(ids)}`);
    const [s, first] = await page.evaluate(() => [ganstep.state(), ganstep.library()[0].id]);
    assertEqual(s.lesson, first, 'the bare URL opens the course\'s first lesson');
    assertEqual(s.steps, 0, 'opens at iteration 0');
  });

  await test('a 1-D lesson is usable after <= 1 MB gzipped and ready quickly; image data stay unloaded', async () => {
    // The best of three fresh loads: the machine's other work only ever adds time.
    let readyMs = Infinity, files = [], p, context;
    for (let i = 0; i < 3; i++) {
      if (context) await context.close();
      context = await browser.newContext({ viewport: VIEWPORT });
      p = await context.newPage();
      const asked = [];
      p.on('request', (r) => asked.push(new URL(r.url()).pathname.replace(/^\//, '')));
      await p.goto(base + 'index.html?lesson=gauss-1d', { waitUntil: 'load' });
      const ms = await p.evaluate(() => ganstep.ready.then((g) => g.readyMs));
      if (ms < readyMs) [readyMs, files] = [ms, asked.slice()];
    }
    const before = files.filter((f) => f && fs.existsSync(path.join(WEB_DIR, f)));
    const gzBytes = before.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(path.join(WEB_DIR, f)), { level: 9 }).length, 0);
    measures.one_d_lesson = { ready_ms: Math.round(readyMs), gzip_bytes_before_ready: gzBytes, files: before };
    assert(!before.some((f) => f.startsWith('images.')), `image data loaded for a 1-D lesson: ${before.join(', ')}`);
    assert(gzBytes <= 1000000, `${gzBytes} bytes gzipped before gauss-1d is usable (${before.join(', ')}); the budget is 1 MB`);
    // The goal is 2 s on a quiet machine: measures.one_d_lesson prints the figure, and
    // --strict 1 holds it to the goal. Otherwise a machine busy with other work (6.9 s seen
    // on a loaded CI machine, 3.9 s here while two builds ran) is only held to not hanging.
    if (STRICT) assert(readyMs <= 2000, `ready after ${Math.round(readyMs)} ms; the goal is 2 s`);
    assert(readyMs <= 30000, `ready after ${Math.round(readyMs)} ms: more than 30 s`);
    assertEqual(await p.evaluate(() => ganstep.state().lesson), 'gauss-1d', 'the lesson');
    await context.close();
  });

  await test('an image lesson downloads its data with a progress bar, then opens with the shipped classifier', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(String(e)));
    await p.goto(base + 'index.html?lesson=two-players&lang=pt', { waitUntil: 'load' });
    await p.evaluate(() => ganstep.ready);
    const r = await p.evaluate(async () => {
      const seen = [];
      const opened = ganstep.load('dcgan-mnist');
      const during = ganstep.state().lesson;   // the current lesson shows while the data download
      const poll = setInterval(() => {
        const bar = document.getElementById('data-progress');
        const l = ganstep.loading();
        if (bar && !bar.hidden && l) seen.push({ text: bar.textContent, fraction: l.loaded / l.total });
      }, 5);
      await opened;
      clearInterval(poll);
      // The classifier is beside the run (the training worker): its first report comes with the first views.
      for (let i = 0; i < 400 && !ganstep.state().classifier_ready; ++i) await new Promise((res) => setTimeout(res, 25));
      const bar = document.getElementById('data-progress');
      return { during, seen, hidden: !bar || getComputedStyle(bar).display === 'none', s: ganstep.state(), loading: ganstep.loading() };
    });
    assertEqual(r.during, 'two-players', 'the current lesson while the data download');
    assert(r.seen.length > 0 && /Baixando dígitos do MNIST/.test(r.seen[0].text), `progress bar: ${JSON.stringify(r.seen.slice(0, 3))}`);
    assertEqual([r.hidden, r.loading], [true, null], 'the bar goes away');
    assertEqual([r.s.lesson, r.s.steps, r.s.classifier_ready, r.s.classifier_cached], ['dcgan-mnist', 0, true, true],
                'dcgan-mnist at iteration 0, classes panel ready');
    await context.close();
  });

  await test('gauss-1d: one iteration by phase reports each phase and its Algorithm 1 line', async () => {
    const expected = [
      ['sample_noise_d', 3], ['sample_data', 4], ['forward_d', 5], ['loss_d', 5], ['update_d', 5],
      ['sample_noise_g', 7], ['forward_g', 8], ['loss_g', 8], ['update_g', 8], ['sample_noise_d', 3],
    ];
    const seen = await page.evaluate((n) => {
      ganstep.load('gauss-1d');
      const out = [];
      for (let i = 0; i < n; i++) {
        if (i > 0) ganstep.step('phase', 1);
        const s = ganstep.state();
        out.push([s.phase, s.algorithm_line, s.steps, s.k]);
      }
      return out;
    }, expected.length);
    assertEqual(seen[0][3], 1, 'gauss-1d k');
    assertEqual(seen.map((r) => [r[0], r[1]]), expected, 'phases and lines');
    assertEqual(seen.map((r) => r[2]), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 'completed iterations');
  });

  await test('gauss-1d: 100 iterations match the native CLI; back 50 is exact', async () => {
    const native = nativeRun('gauss-1d', 100);
    const r = await page.evaluate(() => {
      ganstep.load('gauss-1d');
      ganstep.step('iteration', 50);
      const at50 = ganstep.state();
      ganstep.step('iteration', 50);
      const at100 = ganstep.state();
      ganstep.back(50);
      const back50 = ganstep.state();
      return { at50, at100, back50 };
    });
    assertEqual(cliPart(r.at100, native), native, 'web state after 100 iterations vs native');
    assertEqual(r.at50.steps, 50, 'steps at 50');
    assertEqual(r.back50.steps, 50, 'steps after back(50)');
    assertEqual(r.back50.state_hash, r.at50.state_hash, 'state_hash after back(50) vs at 50');
    assertEqual(r.back50.phase, r.at50.phase, 'phase after back(50)');
    const native50 = nativeRun('gauss-1d', 50);
    assertEqual(r.at50.state_hash, native50.state_hash, 'state_hash at 50 vs native');
  });

  await test('backPhases and reset', async () => {
    const r = await page.evaluate(() => {
      ganstep.load('gauss-1d');
      ganstep.step('iteration', 3);
      ganstep.step('phase', 3);
      const fwd = ganstep.state();
      ganstep.backPhases(2);
      const back = ganstep.state();
      ganstep.reset();
      return { fwd, back, reset: ganstep.state() };
    });
    assertEqual([r.fwd.steps, r.fwd.phase], [3, 'loss_d'], 'after 3 iterations and 3 phases');
    assertEqual([r.back.steps, r.back.phase, r.back.algorithm_line], [3, 'sample_data', 4], 'after backPhases(2)');
    assertEqual([r.reset.steps, r.reset.phase], [0, 'sample_noise_d'], 'after reset()');
  });

  await test('narration follows the timeline: one step(iteration, 300) equals the CLI --beats; seek and reset restore it', async () => {
    const cli = (n) => JSON.parse(execFileSync(NATIVE, ['run', 'two-players', '--steps', String(n), '--beats', '--json']).toString());
    const at300 = cli(300), at50 = cli(50);
    const r = await page.evaluate(() => {
      ganstep.load('two-players');
      const load = ganstep.beats();
      ganstep.step('iteration', 300);
      const b300 = ganstep.beats(), s300 = ganstep.state();
      ganstep.seek(50);
      const b50 = ganstep.beats();
      ganstep.seek(300);
      const again = ganstep.beats();
      ganstep.reset();
      return { load, b300, s300, b50, again, reset: ganstep.beats(), steps: ganstep.state().steps };
    });
    assertEqual(r.b300.shown, at300.shown, 'beats shown at 300 vs the CLI');
    assertEqual([r.b300.awaiting_answer, r.b300.question], [true, at300.question], 'pending question at 300 vs the CLI');
    assertEqual(r.s300.state_hash, at300.state_hash, 'state_hash at 300 vs the CLI');
    assertEqual(r.b50.shown, at50.shown, 'beats shown after seeking back to 50 vs the CLI at 50');
    assertEqual(r.b50.awaiting_answer, false, 'no question pending at 50');
    assertEqual(r.again.shown, at300.shown, 'forward again to 300');
    assertEqual([r.reset.shown, r.reset.awaiting_answer, r.steps], [r.load.shown, false, 0], 'reset() brings back the load beats');
  });

  await test('URL ?step= past the lesson\'s end: the page answers within 2 s, shows progress, ends at the end; Cancel stops it', async () => {
    // What the fast-forward adds to ready: the best of two loads each, with and without ?step=,
    // alternating (the machine's other work only ever adds time).
    const best = { plain: Infinity, step: Infinity };
    let p7, runningAtReady = false;
    for (let i = 0; i < 2; i++) {
      for (const [k, q] of [['plain', '?lesson=two-players&lang=pt'], ['step', '?lesson=two-players&step=100000000&lang=pt']]) {
        const o = await open(q);
        best[k] = Math.min(best[k], o.readyMs);
        // ready came while the fast-forward still ran: ready did not wait for it.
        if (k === 'step') runningAtReady = runningAtReady || (await o.page.evaluate(() => ganstep.fastForward())) !== null;
        if (k === 'step' && i === 1) p7 = o.page; else await o.page.context().close();
      }
    }
    // Input is handled while the run fast-forwards: Space plays and pauses.
    // (The key is held for whole frames; the player takes it at a frame.)
    // two-players' beat at iteration 300 pauses the run (as it pauses playing), so the key
    // goes down once the fast-forward is past it. A fast machine may finish the 3000
    // iterations before that: at the end Space has nothing to play, so the check needs
    // the fast-forward still running.
    await p7.waitForFunction(() => { const f = ganstep.fastForward(); return f === null || f.at > 300; }, null, { timeout: 120000 });
    const runningBefore = (await p7.evaluate(() => ganstep.fastForward())) !== null;
    await pressKey(p7, 'Space');
    const playing = await p7.waitForFunction(() => ganstep.playing(), null, { timeout: 5000 }).then(() => true, () => false);
    const runningAfter = (await p7.evaluate(() => ganstep.fastForward())) !== null;
    await pressKey(p7, 'Space');
    await p7.waitForFunction(() => !ganstep.playing(), null, { timeout: 5000 }).catch(() => {});
    const during = await p7.evaluate(() => ({ ff: ganstep.fastForward(), s: ganstep.state().steps }));
    await p7.waitForFunction(() => ganstep.fastForward() === null, null, { timeout: 120000 });
    const s = await p7.evaluate(() => ganstep.state());
    measures.fast_forward_two_players = { ready_ms: Math.round(best.step), plain_ready_ms: Math.round(best.plain), running_at_ready: runningAtReady, after_space: during };
    // ready does not wait for the fast-forward: it came while the fast-forward ran, or (a machine
    // that finished 3000 iterations by then) within a second of the page without ?step=.
    assert(runningAtReady || best.step <= best.plain + 1000,
           `ready after ${Math.round(best.step)} ms with ?step=100000000, ${Math.round(best.plain)} ms without, and the fast-forward had ended`);
    if (runningBefore && runningAfter) assertEqual(playing, true, 'Space pressed during the fast-forward plays');
    else console.log('     the fast-forward ended before Space was held: Space during it not checked this run');
    // two-players runs 3000 iterations: ganstep run two-players --steps 3000 --json
    assertEqual([s.steps, s.state_hash], [3000, '3bf667ee5b27d9ae'], 'after ?step=100000000');
    await p7.context().close();

    const { page: p6 } = await open('?lesson=dcgan-mnist&step=1500&lang=pt');
    const c = await p6.evaluate(async () => {
      const bar = document.getElementById('data-progress');   // the URL's lesson downloaded its data first
      const download = { text: bar && bar.textContent, shown: !!bar && getComputedStyle(bar).display !== 'none' };
      const ff = ganstep.fastForward();
      ganstep.cancel();
      const at = ganstep.state().steps;
      await new Promise((r) => setTimeout(r, 300));
      return { download, ff, at, after: ganstep.state().steps, ffAfter: ganstep.fastForward() };
    });
    assert(/^Baixando dígitos do MNIST… 100%/.test(c.download.text || ''), `the download's words, in pt: ${c.download.text}`);
    assertEqual(c.download.shown, false, 'the download bar is gone once the lesson opened');
    assert(c.ff && c.ff.to === 1500 && c.ff.at < 1500, `dcgan-mnist ?step=1500 fast-forwards in the background: ${JSON.stringify(c.ff)}`);
    assertEqual([c.after, c.ffAfter], [c.at, null], 'Cancel stops it where it is');
    await p6.context().close();
  });

  await test('dstep steps end at an update', async () => {
    const s = await page.evaluate(() => {
      ganstep.load('gauss-1d');
      ganstep.step('dstep', 1);
      const a = ganstep.state();
      ganstep.step('dstep', 1);
      return [a, ganstep.state()];
    });
    assertEqual([s[0].phase, s[0].dstep, s[0].steps], ['sample_noise_g', 1, 0], 'after one D-step');
    assertEqual([s[1].phase, s[1].steps], ['sample_noise_d', 1], 'after the G-step');
  });

  await test('bad calls throw clear JS Errors and leave the player working', async () => {
    const r = await page.evaluate(() => {
      const msg = (f) => { try { f(); return null; } catch (e) { return e instanceof Error ? e.message : 'not an Error: ' + e; } };
      return {
        lesson: msg(() => ganstep.load('no-such-lesson')),
        size: msg(() => ganstep.step('epoch', 1)),
        count: msg(() => ganstep.step('phase', -3)),
        frac: msg(() => ganstep.back(1.5)),
        lang: msg(() => ganstep.setLang('fr')),
        key: msg(() => ganstep.set('no_such_key', '1')),
        ok: (ganstep.load('gauss-1d'), ganstep.step('iteration', 2), ganstep.state().steps),
      };
    });
    assert(r.lesson && /unknown lesson "no-such-lesson"/.test(r.lesson), `load: ${r.lesson}`);
    assert(r.size && /step size/.test(r.size), `step size: ${r.size}`);
    assert(r.count && /integer/.test(r.count), `step count: ${r.count}`);
    assert(r.frac && /integer/.test(r.frac), `back count: ${r.frac}`);
    assert(r.lang && /language/.test(r.lang), `setLang: ${r.lang}`);
    assert(r.key && /no_such_key/.test(r.key), `set: ${r.key}`);
    assertEqual(r.ok, 2, 'player still works after the errors');
  });

  await test('screenshot of gauss-1d at 1280x800 is not blank', async () => {
    await page.evaluate(() => { ganstep.load('gauss-1d'); ganstep.step('iteration', 300); ganstep.step('phase', 3); });
    await frames(page);
    await page.waitForTimeout(300);
    const file = path.join(OUT_DIR, 'screenshot-gauss-1d.png');
    const png = await page.screenshot({ path: file });
    const c = pngColours(png);
    measures.screenshot_gauss_colours = c.distinct;
    assertEqual([c.width, c.height], [VIEWPORT.width, VIEWPORT.height], 'screenshot size');
    assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);
    assert(c.dominantShare < 0.95, `one colour covers ${(100 * c.dominantShare).toFixed(1)}% of ${file}`);
  });

  await test('mouse maps to ImGui coordinates', async () => {
    await page.mouse.move(640, 123);
    await frames(page);
    assertEqual(await page.evaluate(() => ganstep.pointer()), { x: 640, y: 123 }, 'mouse in ImGui at dpr 1');
  });

  await test('frame time while playing ring-2d', async () => {
    const perf = await page.evaluate(async () => {
      ganstep.load('ring-2d');
      ganstep.play();
      const frames = [];
      const t0 = performance.now();
      let last = t0;
      await new Promise((resolve) => {
        const tick = (now) => {
          if (now - t0 > 500) frames.push({ dt: now - last, ...ganstep.perf() });   // skip warm-up
          last = now;
          if (now - t0 < 3500) requestAnimationFrame(tick); else resolve();
        };
        requestAnimationFrame(tick);
      });
      const playing = ganstep.playing();
      ganstep.pause();
      return { frames, steps: ganstep.state().steps, playing };
    });
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    measures.playing_ring2d = {
      frames_sampled: perf.frames.length,
      raf_interval_ms_median: +median(perf.frames.map((f) => f.dt)).toFixed(2),
      player_frame_ms_median: +median(perf.frames.map((f) => f.frame_ms)).toFixed(2),
      shell_frame_ms_median: +median(perf.frames.map((f) => f.shell_frame_ms)).toFixed(2),
      shell_player_ms_median: +median(perf.frames.map((f) => f.shell_player_ms)).toFixed(2),
      shell_render_ms_median: +median(perf.frames.map((f) => f.shell_render_ms)).toFixed(2),
      iterations_per_second: +median(perf.frames.map((f) => f.iterations_per_second)).toFixed(0),
      iterations_in_3_5_s: perf.steps,
    };
    assert(perf.playing, 'play() did not start playing');
    assert(perf.steps > 0, 'no iterations while playing');
  });
  await page.context().close();

  await test('URL ?lesson=ring-2d&seed=3&step=20&lang=pt matches the native CLI', async () => {
    const native = nativeRun('ring-2d', 20, 3);
    const { page: p2 } = await open('?lesson=ring-2d&seed=3&step=20&lang=pt');
    const r = await p2.evaluate(() => ({ state: ganstep.state(), lang: ganstep.lang() }));
    assertEqual(cliPart(r.state, native), native, 'web state vs native');
    assertEqual(r.lang, 'pt', 'language');
    await p2.waitForTimeout(300);
    const file = path.join(OUT_DIR, 'screenshot-ring-2d-pt.png');
    const c = pngColours(await p2.screenshot({ path: file }));
    measures.screenshot_ring_colours = c.distinct;
    assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);
    await p2.context().close();
  });

  await test('URL ?lesson=saddle-points&step=120: the game panel, equal to the native CLI; back is exact', async () => {
    const native = nativeRun('saddle-points', 120);
    const { page: p4 } = await open('?lesson=saddle-points&step=120');
    const r = await p4.evaluate(() => {
      const at120 = ganstep.state();
      ganstep.back(20);
      const at100 = ganstep.state();
      ganstep.step('iteration', 20);
      return { at120, at100, again: ganstep.state(), lessons: ganstep.lessons() };
    });
    assertEqual(cliPart(r.at120, native), native, 'web game state vs native');
    assertEqual(r.at120.game, 'dirac', 'a game lesson reports its game');
    assertEqual(r.at100.steps, 100, 'back 20');
    assertEqual(r.again.state_hash, r.at120.state_hash, 'stepping forward again reaches the same state');
    assert(r.lessons.includes('saddle-points'), `lessons() = ${JSON.stringify(r.lessons)}`);
    await p4.waitForTimeout(300);
    const file = path.join(OUT_DIR, 'screenshot-saddle-points.png');
    const c = pngColours(await p4.screenshot({ path: file }));
    measures.screenshot_saddle_colours = c.distinct;
    assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);
    await p4.context().close();
  });

  await test('lessons: titles in pt, a lesson file picked and dropped, share link round trip, answers', async () => {
    const { page: p5 } = await open('?lesson=two-players&lang=pt');
    const lib = await p5.evaluate(() => ganstep.library());
    assert(lib.length >= 8 && lib[0].id === 'two-players' && /Dois jogadores/.test(lib[0].title),
           `library() in pt: ${JSON.stringify(lib[0])}`);
    await p5.waitForTimeout(300);
    let file = path.join(OUT_DIR, 'screenshot-two-players-pt.png');
    let c = pngColours(await p5.screenshot({ path: file }));
    assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);

    // The hidden file input behind "Open…": a lesson with a scripted question.
    await p5.setInputFiles('#lesson-file', { name: 'scripted.toml', mimeType: 'text/plain', buffer: Buffer.from(SCRIPTED) });
    await p5.waitForFunction(() => ganstep.state().lesson === 'scripted', null, { timeout: 10_000 });
    let beats = await p5.evaluate(() => ganstep.beats());
    assertEqual(beats.shown, ['hello'], 'the load beat fired');
    const r = await p5.evaluate(() => {
      ganstep.step('iteration', 5);
      const waiting = ganstep.beats();
      ganstep.answer(1);
      ganstep.step('iteration', 1);  // the next beat is at iteration 6
      return { waiting, after: ganstep.beats() };
    });
    assert(r.waiting.awaiting_answer === true, `a question waits: ${JSON.stringify(r.waiting)}`);
    assertEqual(r.after.shown, ['hello', 'faster', 'ask', 'after'], 'beats after the answer');

    // A broken file: FILE:LINE:COL, and the lesson keeps running.
    const broken = SCRIPTED.replace('lr_d = 0.05', 'lr_d = "fast"');
    const err = await p5.evaluate((t) => { try { ganstep.openLessonText(t, 'broken.toml'); return ''; } catch (e) { return e.message; } }, broken);
    assert(/broken\.toml:14:\d+: error: /.test(err), `broken lesson message: ${err}`);
    assertEqual(await p5.evaluate(() => ganstep.state().lesson), 'scripted', 'the old lesson keeps running');
    await p5.setInputFiles('#lesson-file', { name: 'broken.toml', mimeType: 'text/plain', buffer: Buffer.from(broken) });
    await p5.waitForTimeout(300);
    file = path.join(OUT_DIR, 'screenshot-lesson-problems.png');
    await p5.screenshot({ path: file });
    assertEqual(await p5.evaluate(() => ganstep.state().lesson), 'scripted', 'a picked broken file keeps the lesson');

    // Share: the link opens the same lesson with the live settings, and the same run.
    const link = await p5.evaluate(() => { ganstep.set('lr_g', 0.0125); return ganstep.shareLink(); });
    assert(link.startsWith(base + 'index.html?lesson=two-players&lang=pt#lesson='), `share link: ${link}`);
    const { page: p6 } = await open(link.slice((base + 'index.html').length));
    const twin = await p6.evaluate(() => { ganstep.step('iteration', 7); return ganstep.state(); });
    const here = await p5.evaluate(() => { ganstep.reset(); ganstep.step('iteration', 7); return ganstep.state(); });
    assertEqual(twin.lesson, 'scripted', 'the link opens the shared lesson');
    assertEqual(twin.state_hash, here.state_hash, 'the link replays the same run');
    await p6.context().close();
    await p5.context().close();
  });

  await test('every library lesson opens, steps and draws in the page', async () => {
    const { page: p9 } = await open();
    const library = await p9.evaluate(() => ganstep.library());
    const ids = library.map((l) => l.id);
    assert(ids.length >= 8, `library: ${JSON.stringify(ids)}`);
    for (const { id, native_only: nativeOnly, note } of library) {
      if (nativeOnly) {
        // Listed as native-only (fashion-mnist is not in the page; the full-size DCGAN is too slow
        // for it): loading it throws that note, with the command, and the current lesson stays.
        const r = await p9.evaluate((lesson) => {
          const before = ganstep.state().lesson;
          try { ganstep.load(lesson); return { error: null }; } catch (err) {
            return { error: err.message, before, after: ganstep.state().lesson };
          }
        }, id);
        assert(note && note.includes(`ganstep-player ${id}`), `${id}: its note names the command: ${note}`);
        assert(r.error && r.error.includes(note), `${id}: load throws the note: ${r.error}`);
        assertEqual(r.after, r.before, `${id}: the current lesson stays`);
        continue;
      }
      const s = await p9.evaluate(async (lesson) => {
        await ganstep.load(lesson);   // an image lesson downloads its data first
        ganstep.step('iteration', 5);
        await ganstep.idle();         // an image lesson's steps go on in the training worker
        return ganstep.state();
      }, id);
      assertEqual([s.lesson, s.steps], [id, 5], `${id} after 5 iterations`);
      await p9.waitForTimeout(150);
      const file = path.join(OUT_DIR, `screenshot-lesson-${id}.png`);
      const c = pngColours(await p9.screenshot({ path: file }));
      assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);
    }
    await p9.context().close();
  });

  await test('dcgan-mnist (lesson 8): the native CLI\'s state, exact back and seek, checkpoints, frames, not blank', async () => {
    // The native run and its checkpoint (ganstep run writes OUT/checkpoint.gsck).
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ganstep-browser-l8-'));
    const cli = (steps, out, threads) => JSON.parse(execFileSync(NATIVE,
      ['run', 'dcgan-mnist', '--steps', String(steps), '--json', '--out', out, '--threads', String(threads)], { encoding: 'utf8' }));
    const native10 = cli(10, outDir, 2);
    const native12 = cli(12, outDir + '-12', 1);
    const checkpoint = path.join(outDir, 'checkpoint.gsck');
    assert(fs.existsSync(checkpoint), `${checkpoint} missing`);
    const { page: p8 } = await open('?lesson=dcgan-mnist');
    await p8.waitForFunction(() => ganstep.state().classifier_ready, null, { timeout: 10000 });   // its first report from the worker
    const r = await p8.evaluate(async () => {
      // Image lessons train in the page's worker: each move goes on there (ganstep.idle()).
      const s0 = ganstep.state();
      ganstep.step('dstep', 1);
      await ganstep.idle();
      const d1 = ganstep.state();
      ganstep.step('iteration', 5);   // the rest of iteration 1, then 4 more
      await ganstep.idle();
      const a5 = ganstep.state();
      const t0 = performance.now();
      ganstep.step('iteration', 5);
      await ganstep.idle();
      const ms5 = performance.now() - t0;
      const a10 = ganstep.state();
      ganstep.back(5);
      await ganstep.idle();
      const back5 = ganstep.state();
      ganstep.seek(10);
      await ganstep.idle();
      const seek10 = ganstep.state();
      ganstep.backPhases(1);
      await ganstep.idle();
      const mid = ganstep.state();
      const msg = (f) => { try { f(); return null; } catch (e) { return e.message; } };
      const bad = {
        junk: msg(() => ganstep.loadCheckpoint(new Uint8Array([71, 83, 67, 75, 80, 84, 48, 49, 1, 2, 3]), 'junk.gsck')),
        empty: msg(() => ganstep.loadCheckpoint(new ArrayBuffer(0), 'empty.gsck')),
        type: msg(() => ganstep.loadCheckpoint('not bytes')),
      };
      const after = ganstep.state();
      return { s0, d1, a5, a10, ms5, back5, seek10, mid, bad, after, beats: ganstep.beats() };
    });
    const cliFields = (s) => [s.lesson, s.seed, s.steps, s.state_hash, s.metrics.loss_d, s.metrics.loss_g, s.metrics.d_real, s.metrics.d_fake];
    assertEqual([r.s0.lesson, r.s0.steps, r.s0.phase], ['dcgan-mnist', 0, 'd_step'], 'opens at iteration 0');
    // The classifier trained at build time came with the image data: the classes panel works at once.
    assertEqual([r.s0.classifier_ready, r.s0.classifier_cached], [true, true], 'the shipped classifier at iteration 0');
    assertEqual([r.d1.steps, r.d1.phase, r.d1.dstep], [0, 'g_step', 1], 'after one D-step');
    assertEqual(r.a5.steps, 5, 'steps after finishing the iteration and 4 more');
    assertEqual(cliFields(r.a10), cliFields(native10), 'web state after 10 iterations vs the native CLI');
    assertEqual([r.back5.steps, r.back5.state_hash], [5, r.a5.state_hash], 'back(5) from 10');
    assertEqual([r.seek10.steps, r.seek10.state_hash], [10, r.a10.state_hash], 'seek(10)');
    assertEqual([r.mid.steps, r.mid.dstep, r.mid.phase, r.mid.next_phase, r.mid.algorithm_line], [9, 1, 'g_step', 'update_g', 8],
      'backPhases(1): one phase back, before the G update (image lessons step by phase)');
    assert(r.bad.junk && r.bad.junk.includes('junk.gsck'), `junk checkpoint: ${r.bad.junk}`);
    assert(r.bad.empty && r.bad.empty.includes('empty.gsck'), `empty checkpoint: ${r.bad.empty}`);
    assert(r.bad.type && /Uint8Array/.test(r.bad.type), `not bytes: ${r.bad.type}`);
    assertEqual([r.after.steps, r.after.state_hash], [r.mid.steps, r.mid.state_hash], 'bad checkpoints change nothing');
    assert(r.beats.shown.includes('intro') && r.beats.shown.includes('strided'), `beats: ${JSON.stringify(r.beats)}`);
    measures.dcgan_mnist = { wasm_ms_per_iteration_stepping: +(r.ms5 / 5).toFixed(1) };

    // The checkpoint through the page's file input ("Checkpoint…"), then two more iterations.
    await p8.setInputFiles('#checkpoint-file', checkpoint);
    await p8.waitForFunction(() => ganstep.state().steps === 10, null, { timeout: 10000 });
    const loaded = await p8.evaluate(async () => {
      const at = ganstep.state();
      ganstep.step('iteration', 2);
      await ganstep.idle();
      return { at, next: ganstep.state() };
    });
    assertEqual([loaded.at.first_iteration, loaded.at.state_hash], [10, native10.state_hash], 'checkpoint loaded by the file input');
    assertEqual(cliFields(loaded.next), cliFields(native12), 'two iterations on from the checkpoint vs a straight native run of 12');

    // Training on screen: frame times and iterations per second at the lesson's speed.
    const perf = await p8.evaluate(async () => {
      ganstep.play();
      const frames = [];
      const t0 = performance.now();
      let last = t0;
      const it0 = ganstep.state().steps;
      await new Promise((resolve) => {
        const tick = (now) => {
          if (now - t0 > 500) frames.push({ dt: now - last, ...ganstep.perf() });
          last = now;
          if (now - t0 < 4500) requestAnimationFrame(tick); else resolve();
        };
        requestAnimationFrame(tick);
      });
      ganstep.pause();
      return { frames, iterations: ganstep.state().steps - it0 };
    });
    const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
    Object.assign(measures.dcgan_mnist, {
      playing_frames_sampled: perf.frames.length,
      playing_raf_interval_ms_median: +median(perf.frames.map((f) => f.dt)).toFixed(2),
      playing_player_frame_ms_median: +median(perf.frames.map((f) => f.frame_ms)).toFixed(2),
      playing_shell_render_ms_median: +median(perf.frames.map((f) => f.shell_render_ms)).toFixed(2),
      playing_iterations_in_4_5_s: perf.iterations,
      native_images_per_s_2_threads: +native10.images_per_s.toFixed(0),
      native_images_per_s_1_thread: +native12.images_per_s.toFixed(0),
    });
    assert(perf.iterations > 0, 'no iterations while playing');
    await p8.waitForTimeout(300);
    const file = path.join(OUT_DIR, 'screenshot-dcgan-mnist.png');
    const c = pngColours(await p8.screenshot({ path: file }));
    measures.dcgan_mnist.screenshot_colours = c.distinct;
    assert(c.distinct >= 50 && c.dominantShare < 0.9, `${file}: ${c.distinct} colours, dominant share ${c.dominantShare}`);
    // The classes panel's classifier trains in the page, a minibatch or so per frame: how long until it scores?
    const judge = await p8.evaluate(async () => {
      const t0 = performance.now(), p0 = ganstep.state().classifier_progress;
      while (!ganstep.state().classifier_ready && performance.now() - t0 < 20000) await new Promise((r) => setTimeout(r, 100));
      const s = ganstep.state();
      return { ms: performance.now() - t0, p0, ready: s.classifier_ready, progress: s.classifier_progress, frechet: s.metrics.frechet };
    });
    Object.assign(measures.dcgan_mnist, {
      classifier_progress_at_start: +judge.p0.toFixed(3), classifier_wait_ms: Math.round(judge.ms),
      classifier_ready: judge.ready, classifier_progress: +judge.progress.toFixed(3),
    });
    if (judge.ready) {
      await p8.waitForTimeout(300);
      const s = await p8.evaluate(() => ganstep.state());
      measures.dcgan_mnist.frechet_at_23 = s.metrics.frechet;
      await p8.screenshot({ path: path.join(OUT_DIR, 'screenshot-dcgan-mnist-classes.png') });
    }
    await p8.context().close();
    for (const d of [outDir, outDir + '-12']) fs.rmSync(d, { recursive: true, force: true });
  });

  await test('hostile #lesson= links leave the default lesson running, with a warning', async () => {
    for (const frag of ['#lesson=1.%%%', '#lesson=9.AAAA', '#lesson=' + 'A'.repeat(200000)]) {
      const { page: p7 } = await open(frag);
      const [s, first] = await p7.evaluate(() => [ganstep.state(), ganstep.library()[0].id]);
      assertEqual(s.lesson, first, `the course's first lesson after ${frag.slice(0, 20)}`);
      const warning = await p7.evaluate(() => { const w = document.getElementById('warning'); return w.hidden ? '' : w.textContent; });
      assert(/link/.test(warning), `a warning names the link: ${JSON.stringify(warning.slice(0, 200))}`);
      await p7.context().close();
    }
  });

  await test('the chosen language is remembered; ?lang= wins', async () => {
    const { page: p8 } = await open('?lesson=two-players');
    assertEqual(await p8.evaluate(() => ganstep.lang()), 'en', 'first visit');
    await p8.evaluate(() => ganstep.setLang('pt'));
    // The next frame stores it (a busy machine may draw a frame only every few hundred ms).
    await p8.waitForFunction(() => localStorage.getItem('ganstep.lang') === 'pt', null, { timeout: 5000 });
    await p8.goto(base + 'index.html?lesson=two-players', { waitUntil: 'load' });
    assertEqual(await p8.evaluate(() => ganstep.ready.then((g) => g.lang())), 'pt', 'remembered');
    await p8.goto(base + 'index.html?lesson=two-players&lang=en', { waitUntil: 'load' });
    assertEqual(await p8.evaluate(() => ganstep.ready.then((g) => g.lang())), 'en', '?lang wins');
    await p8.context().close();
  });

  await test('HiDPI: devicePixelRatio 2 renders a 2x back buffer', async () => {
    const { page: p3 } = await open('?lesson=ring-2d&step=200', 2);
    await p3.waitForTimeout(300);
    const dims = await p3.evaluate(() => {
      const c = document.getElementById('canvas');
      return [c.width, c.height, devicePixelRatio, c.clientWidth, c.clientHeight];
    });
    assertEqual(dims, [2 * VIEWPORT.width, 2 * VIEWPORT.height, 2, VIEWPORT.width, VIEWPORT.height],
                'canvas back buffer and CSS size at dpr 2');
    await p3.mouse.move(300, 200);
    await p3.waitForTimeout(200);
    assertEqual(await p3.evaluate(() => ganstep.pointer()), { x: 600, y: 400 }, 'mouse in ImGui at dpr 2');
    const file = path.join(OUT_DIR, 'screenshot-ring-2d-dpr2.png');
    const c = pngColours(await p3.screenshot({ path: file }));
    assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);
    await p3.context().close();
  });

  await test('an idle page draws about a frame a second; a call that changes something wakes it (frame_pacer.h)', async () => {
    // ring-2d's first beat lights no panel (a lit panel pulses, every frame, for 6 s).
    const { page: p9 } = await open('?lesson=ring-2d&lang=en');
    const idle = await p9.evaluate(async () => {
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      let raf = 0;
      const count = () => { raf++; requestAnimationFrame(count); };
      await wait(1500);                       // past the second after opening
      const f0 = ganstep.perf().frames;
      requestAnimationFrame(count);
      await wait(3000);
      const idleFrames = ganstep.perf().frames - f0;
      const rafs = raf;
      ganstep.step('phase', 1);               // a call that changes the picture
      const f1 = ganstep.perf().frames;
      await wait(500);
      return { idleFrames, rafs, woken: ganstep.perf().frames - f1 };
    });
    measures.idle_page = idle;
    assert(idle.idleFrames <= 5 && idle.rafs >= 2 * idle.idleFrames,
           `idle for 3 s the page drew ${idle.idleFrames} frames of ${idle.rafs} animation frames`);
    assert(idle.woken >= 2, `after ganstep.step the page drew ${idle.woken} frames in 0.5 s`);
    await p9.context().close();
  });

  await test('no page errors', async () => {
    assert(pageErrors.length === 0, `page errors:\n${pageErrors.join('\n')}`);
  });

  // Bundle size, gzipped (what a server with gzip sends).
  const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(WEB_DIR, f)), { level: 9 }).length;
  const raw = (f) => fs.statSync(path.join(WEB_DIR, f)).size;
  measures.bundle = {
    js_bytes: raw('ganstep.js'), wasm_bytes: raw('ganstep.wasm'), data_bytes: raw('ganstep.data'),
    images_data_bytes: raw('images.data'), images_data_gzip_bytes: gz('images.data'),
    js_wasm_gzip_bytes: gz('ganstep.js') + gz('ganstep.wasm'),
    with_data_gzip_bytes: gz('ganstep.js') + gz('ganstep.wasm') + gz('ganstep.data'),
    page_gzip_bytes: gz('index.html') + gz('api.js'),
  };
} catch (e) {
  setupError = e;
}
await finish(setupError, { browser, server, watchdog });

console.log('measures ' + JSON.stringify(measures));
try {
  fs.writeFileSync(path.join(OUT_DIR, 'browser-measures.json'), JSON.stringify(measures, null, 2) + '\n');
} catch { /* the numbers are printed above */ }
exit();
