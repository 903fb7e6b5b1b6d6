// Browser test of detect-fakes: the page loads the starting models (lesson
// 8's G and D, the same networks trained from another seed, the growing G,
// the classifier, the encoder), scores its 200 digits per group with a
// progress bar (the status line's batch count), and ends at the native CLI's
// state hash and AUCs (every detector, every fake source). Measures the seconds from
// the page's load to every digit scored (the lesson's goal: 60 s on a quiet
// 2-core machine; checked with --strict 1), with the helper worker scoring
// batches from the last one down (state().scored_ahead: some of them).
// Screenshot detect-fakes-en.png.
// Then a digit drawn with the mouse and "Score my digit", and a 28x28 PNG
// given to ganstep.setTargetPng (as a dropped one is), are scored in the
// worker and placed on the histogram as a line; a PNG of the wrong size or
// not a PNG is refused with a message and the last verdict stays (the seconds
// printed; screenshot detect-yours-pt.png). Last, the AUC table fits the
// window at 1440x900 and on a phone, 390x844 (screenshot detect-roc-390x844-pt.png).
//
//   node tests/browser/detect.test.mjs [--build-dir build/web/site] [--native build/native/ganstep] [--out DIR]
//        [--strict 1] [--helper 0]   (--helper 0: the page without the helper worker, for the comparison)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, clickAt, dragThrough, exit, finish, greyPng, layoutBox, option, pngColours, startSite, test } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const NATIVE = path.resolve(option('--native', 'GANSTEP_NATIVE_CLI', path.join(ROOT, 'build', 'native', 'ganstep')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
const STRICT = option('--strict', 'GANSTEP_DETECT_STRICT', '0') === '1';
const HELPER = option('--helper', 'GANSTEP_DETECT_HELPER', '1') !== '0';
const kReadySeconds = 60;
const watchdog = setTimeout(() => {
  console.error('detect browser test: timed out after 540 s');
  process.exit(2);
}, 540_000);

let browser, server, setupError;
try {
  let base;
  ({ server, base, browser } = await startSite(WEB_DIR, OUT_DIR));
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));

  await test('detect-fakes scores its 800 digits in the page and ends at the native CLI\'s hash and AUCs', async () => {
    const t0 = Date.now();
    await page.goto(base + 'index.html?lesson=detect-fakes&lang=en' + (HELPER ? '' : '&helper=0'), { waitUntil: 'load' });
    await page.evaluate(() => window.ganstep.ready);
    await page.waitForFunction(() => ganstep.state().lesson === 'detect-fakes' && ganstep.state().scored === 0, null,
                               { timeout: 240000 });
    const loaded = (Date.now() - t0) / 1000;
    await page.evaluate(() => ganstep.step('iteration', 20));
    await page.waitForFunction(() => ganstep.state().scored >= 200, null, { timeout: 400000, polling: 500 });
    const ready = (Date.now() - t0) / 1000;
    const s = await page.evaluate(() => ganstep.state());
    console.log(`detect-fakes in the page: models loaded after ${loaded.toFixed(1)} s, 800 digits scored after ` +
                `${ready.toFixed(1)} s (goal ${kReadySeconds} s on a quiet machine); ${s.scored_ahead} of the 20 ` +
                'batches scored ahead by the helper worker');
    if (HELPER) assert(s.scored_ahead >= 2 && s.scored_ahead < 20, `batches scored ahead: ${s.scored_ahead}`);
    else assertEqual(s.scored_ahead, 0, 'batches scored ahead with ?helper=0');
    const n = JSON.parse(execFileSync(NATIVE, ['run', 'detect-fakes', '--json'], { encoding: 'utf8' }));
    assertEqual(s.state_hash, n.state_hash, 'the page\'s scores vs the native CLI\'s');
    const table = (auc) => auc.map((a) => [a.fakes, a.resynthesis, a.discriminator, a.classifier]).sort();
    assertEqual(table(s.auc), table(n.auc), 'the AUCs per fake source and detector');
    assertEqual(table(s.auc).map((a) => a[0]).join(' '), 'other_g other_seed same_g', 'the fake sources');
    if (STRICT) assert(ready <= kReadySeconds, `${ready} s to score the digits; the goal is ${kReadySeconds} s`);
    const file = path.join(OUT_DIR, 'detect-fakes-en.png');
    await page.waitForTimeout(300);
    const c = pngColours(await page.screenshot({ path: file }));
    assert(c.distinct >= 50 && c.dominantShare < 0.9, `${file}: ${c.distinct} colours, dominant share ${c.dominantShare}`);
  });
  await test('a drawn digit and a dropped PNG are scored in the worker and placed on the histogram; bad PNGs refused', async () => {
    const t0 = Date.now();
    const state = () => page.evaluate(() => ganstep.state());
    const box = (name) => layoutBox(page, name);
    async function click(name) {
      const b = await box(name);
      await clickAt(page, b.x + b.w / 2, b.y + b.h / 2);
    }
    // The line where the digit was placed: dark pixels down its column of the screenshot.
    async function lineShown(what) {
      await page.waitForFunction(() => ganstep.layout().items['detect:yours_line'], null, { timeout: 5000 }).catch(() => {});
      // The frame that drew the line may not be on the screen yet (a busy machine): a few frames' grace.
      let c;
      for (let i = 0; i < 10; i++) {
        const b = await box('detect:yours_line');
        const shot = await page.screenshot({ clip: { x: Math.max(0, b.x - 1.5), y: b.y, width: 3, height: Math.max(10, b.h) } });
        c = pngColours(shot);
        if (c.dark >= 0.15 * c.height) break;
        await page.waitForTimeout(200);
      }
      assert(c.dark >= 0.15 * c.height, `${what}: no line on the histogram (${c.dark} dark pixels in its ${c.height}-pixel column)`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.evaluate(() => ganstep.setLang('pt'));
    // A "1" drawn with the mouse on the canvas, then "Score my digit".
    const c = await box('detect:canvas');
    const at = (px, py) => [c.x + (px / 28) * c.w, c.y + (py / 28) * c.h];
    const ys = [];
    for (let y = 5; y <= 23; y += 2) ys.push(y);
    await dragThrough(page, ys.map((y) => at(14, y)));
    await click('detect:score');
    await page.waitForFunction(() => ganstep.state().yours, null, { timeout: 20000 });
    const drawn = (await state()).yours;
    assert(drawn.error > 0 && Number.isFinite(drawn.d) && drawn.confidence > 0 && drawn.confidence <= 1,
           `the drawn digit's verdict: ${JSON.stringify(drawn)}`);
    await lineShown('the drawn digit');
    const drawnAt = (Date.now() - t0) / 1000;
    // A 28x28 PNG (a "0"), as a dropped one is given: scored again, another verdict.
    const ring = greyPng(28, 28, (x, y) => { const r = Math.hypot(x - 13.5, y - 13.5); return r > 6 && r < 9 ? 255 : 0; });
    await page.evaluate((data) => ganstep.setTargetPng(Uint8Array.from(data), 'zero.png'), Array.from(ring));
    await page.waitForFunction((e) => ganstep.state().yours && ganstep.state().yours.error !== e, drawn.error,
                               { timeout: 20000 });
    const dropped = (await state()).yours;
    assert(dropped.error > 0 && dropped.confidence > 0, `the PNG's verdict: ${JSON.stringify(dropped)}`);
    await lineShown('the PNG');
    const file = path.join(OUT_DIR, 'detect-yours-pt.png');
    await page.waitForTimeout(200);
    await page.screenshot({ path: file });
    // Refused: a 32x32 PNG and bytes that are not a PNG; the verdict stays.
    const wide = await page.evaluate((data) => ganstep.setTargetPng(Uint8Array.from(data), 'wide.png').then(() => 'set', (e) => e.message),
                                     Array.from(greyPng(32, 32, (x, y) => (x === y ? 255 : 0))));
    assert(wide.includes('wide.png: 32x32 pixels; a digit is 28x28'), `a 32x32 PNG: ${wide}`);
    const broken = await page.evaluate(() => ganstep.setTargetPng(new Uint8Array([1, 2, 3]), 'broken.png').then(() => 'set', (e) => e.message));
    assert(broken.includes('broken.png: not an image the browser can decode'), `bytes that are not a PNG: ${broken}`);
    assertEqual((await state()).yours, dropped, 'the verdict after the refused PNGs');
    console.log(`     your digit scored in the worker: drawn after ${drawnAt.toFixed(1)} s, both after ` +
                `${((Date.now() - t0) / 1000).toFixed(1)} s (errors ${drawn.error.toFixed(4)}, ${dropped.error.toFixed(4)})`);
  });
  await test('the AUC table and its detectors\' names stay on the screen, at 1440x900 and on a phone (390x844)', async () => {
    // A row's last figure and the last detector's name (panel_detect.cpp notes them) end inside the window:
    // on a phone the names become a key above the table and the sources' names wrap.
    async function check(what) {
      const width = await page.evaluate(() => window.innerWidth);
      for (const name of ['detect:auc_head', 'detect:auc_end']) {
        const b = await layoutBox(page, name);
        assert(b.w > 0 && b.x >= 0 && b.x + b.w <= width + 0.5, `${what}: ${name} at x ${b.x.toFixed(1)} + ${b.w.toFixed(1)} ` +
               `leaves the ${width}-pixel window`);
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForTimeout(500);
    await check('1440x900 (pt)');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => ganstep.layout().items['tab:roc'], null, { timeout: 10000 });
    const tab = await layoutBox(page, 'tab:roc');
    await clickAt(page, tab.x + tab.w / 2, tab.y + tab.h / 2);
    await page.waitForFunction(() => ganstep.layout().items['detect:auc_end'], null, { timeout: 10000 });
    await page.waitForTimeout(500);
    await check('390x844 (pt)');
    await page.screenshot({ path: path.join(OUT_DIR, 'detect-roc-390x844-pt.png') });
  });
  assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
} catch (e) {
  setupError = e;
}
await finish(setupError, { browser, server, watchdog });
exit();
