// Browser test of find-latent (finding a digit's latent code): real mouse
// strokes on the 28x28 brush canvas draw a digit, "Use drawing" makes it the
// target, the inversion steps and its loss falls while G(z) comes to look
// like the drawing (the correlation of their pixels rises). A 28x28 PNG
// dropped on the page (a synthetic DataTransfer) becomes the target, pixel
// for pixel; a PNG of the wrong size, a file that is not an image and bad
// arguments to ganstep.setTargetPng are refused with a clear message on the
// page and the target unchanged. Screenshots in pt (latent-1440x900-pt.png
// after the drawing was inverted, latent-drop-1440x900-pt.png) to look at; on a
// phone (390x844) both latent lessons' bars hold only their own buttons
// (find-latent-390x844-pt.png, detect-fakes-390x844-en.png).
//
//   node tests/browser/latent.test.mjs [--build-dir build/web/site] [--out DIR]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, checkBar, clickAt, dragThrough, exit, finish, greyPng, layoutBox, openPage, option, pngColours, startSite, test } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
const watchdog = setTimeout(() => {
  console.error('latent browser test: timed out after 300 s');
  process.exit(2);
}, 300_000);

// A "7" in white on black; the first row a ramp of grey levels 17 k (exactly level k of the
// target's 16), so the target text's first characters are known.
const sevenPixel = (x, y) => {
  if (y === 0) return 17 * (x % 16);
  const bar = y >= 6 && y <= 8 && x >= 7 && x <= 21;
  const stroke = y > 8 && y <= 23 && Math.abs(x - (21 - (y - 8) * 0.55)) <= 1.3;
  return bar || stroke ? 255 : 0;
};
const SEVEN = greyPng(28, 28, sevenPixel);
const SEVEN_HEX = 'image:' + Array.from({ length: 28 }, (_, x) => (x % 16).toString(16)).join('');
const WIDE = greyPng(32, 32, (x, y) => (x === y ? 255 : 0));

let browser, server, setupError;
try {
  let base;
  ({ server, base, browser } = await startSite(WEB_DIR, OUT_DIR));
  const errors = [];
  const { page } = await openPage(browser, base + 'index.html?lesson=find-latent&lang=pt', { errors });
  await page.waitForFunction(() => ganstep.state().lesson === 'find-latent' && !ganstep.state().loading, null, { timeout: 120000 });
  await page.waitForTimeout(300);
  const state = () => page.evaluate(() => ganstep.state());
  const box = (name) => layoutBox(page, name);
  // A stroke over the canvas through points given in its 28 x 28 pixels.
  async function stroke(points) {
    const b = await box('latent:canvas');
    const at = ([px, py]) => [b.x + (px / 28) * b.w, b.y + (py / 28) * b.h];
    const route = [at(points[0])];
    for (let i = 1; i < points.length; i++) {
      const [x0, y0] = points[i - 1], [x1, y1] = points[i];
      for (let k = 1; k <= 6; k++) route.push(at([x0 + (x1 - x0) * k / 6, y0 + (y1 - y0) * k / 6]));
    }
    await dragThrough(page, route);
  }
  // Drops a file on the page as a browser does (a DataTransfer holding it).
  async function drop(name, bytes, type) {
    await page.evaluate(({ name, data, type }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(data)], name, { type }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, { name, data: Array.from(bytes), type });
  }
  const warning = () => page.evaluate(() => { const w = document.getElementById('warning'); return w && !w.hidden ? w.textContent : ''; });
  async function waitWarning(part) {
    await page.waitForFunction((p) => { const w = document.getElementById('warning'); return w && !w.hidden && w.textContent.includes(p); },
                               part, { timeout: 10000 }).catch(() => {});
    return warning();
  }

  await test('a digit drawn with the mouse is inverted: the loss falls and G(z) comes to look like it', async () => {
    const before = await state();
    assert(!before.error, `find-latent did not start: ${before.error}`);
    await stroke([[8, 7], [20, 7], [13, 22]]);   // a 7
    await stroke([[10, 14], [17, 14]]);          // its cross-bar
    const use = await box('latent:use_drawing');
    await clickAt(page, use.x + use.w / 2, use.y + use.h / 2);
    await page.waitForFunction((t) => ganstep.state().target !== t, before.target, { timeout: 5000 }).catch(() => {});
    const s0 = await state();
    assert(s0.target.startsWith('image:') && s0.target !== before.target, `the drawing is not the target: ${s0.target}`);
    assertEqual(s0.steps, 0, 'updates after "Use drawing" (the search starts over)');
    assert(s0.target_ink > 0.04 && s0.target_ink < 0.5, `the drawn target's ink ${s0.target_ink}`);
    await page.evaluate(async () => { ganstep.step('iteration', 150); await ganstep.idle(); });
    const s1 = await state();
    assertEqual(s1.steps, 150, 'updates of z');
    assert(s1.loss < 0.7 * s0.loss, `the loss did not fall: ${s0.loss} -> ${s1.loss}`);
    assert(s1.correlation > 0.5 && s1.correlation > s0.correlation + 0.1,
           `G(z) does not look like the drawing: correlation ${s0.correlation} -> ${s1.correlation}`);
    const file = path.join(OUT_DIR, 'latent-1440x900-pt.png');
    await page.waitForTimeout(300);
    const c = pngColours(await page.screenshot({ path: file }));
    assert(c.distinct >= 50 && c.dominantShare < 0.9, `${file}: ${c.distinct} colours, dominant share ${c.dominantShare}`);
    console.log(`     loss ${s0.loss.toFixed(4)} -> ${s1.loss.toFixed(4)}, correlation ${s0.correlation.toFixed(3)} -> ${s1.correlation.toFixed(3)}`);
  });

  await test('a 28x28 PNG dropped on the page is the target; a wrong size and a non-image are refused on the page', async () => {
    await drop('seven.png', SEVEN, 'image/png');
    await page.waitForFunction((hex) => ganstep.state().target.startsWith(hex), SEVEN_HEX, { timeout: 10000 }).catch(() => {});
    const s = await state();
    assert(s.target.startsWith(SEVEN_HEX), `the dropped PNG is not the target: ${s.target} (expected ${SEVEN_HEX}…)`);
    assertEqual(s.steps, 0, 'updates after the drop (the search starts over)');
    await page.evaluate(async () => { ganstep.step('iteration', 40); await ganstep.idle(); });
    const file = path.join(OUT_DIR, 'latent-drop-1440x900-pt.png');
    await page.waitForTimeout(300);
    await page.screenshot({ path: file });
    const kept = (await state()).target;

    await drop('wide.png', WIDE, 'image/png');
    const w1 = await waitWarning('32x32');
    assert(w1.includes('wide.png') && w1.includes('32x32 pixels; a digit is 28x28'), `the page's message for a 32x32 PNG: "${w1}"`);
    assertEqual((await state()).target, kept, 'the target after a 32x32 PNG');

    await drop('broken.png', Buffer.from('this is not a PNG at all'), 'image/png');
    const w2 = await waitWarning('broken.png');
    assert(w2.includes('broken.png: not an image the browser can decode'), `the page's message for a broken PNG: "${w2}"`);
    assertEqual((await state()).target, kept, 'the target after a broken PNG');

    const truncated = SEVEN.subarray(0, 60);   // the header and part of IHDR only
    const r = await page.evaluate((data) => ganstep.setTargetPng(Uint8Array.from(data), 'cut.png').then(() => 'set', (e) => e.message),
                                  Array.from(truncated));
    assert(r.startsWith('ganstep.setTargetPng: cut.png: not an image'), `a truncated PNG: ${r}`);
    const bad = await page.evaluate(() => ganstep.setTargetPng('seven.png').then(() => 'set', (e) => e.message));
    assert(bad.includes('Uint8Array, an ArrayBuffer or a Blob'), `a string instead of bytes: ${bad}`);
    assertEqual((await state()).target, kept, 'the target after the refused calls');
  });

  await test('a PNG dropped on a lesson that does not find codes says to open find-latent', async () => {
    await page.evaluate(() => ganstep.load('gauss-1d'));
    await page.waitForTimeout(200);
    const hash = (await state()).state_hash;
    await drop('seven.png', SEVEN, 'image/png');
    const w = await waitWarning('find-latent');
    assert(w.includes('seven.png') && w.includes('find-latent'), `the page's message: "${w}"`);
    assertEqual((await state()).state_hash, hash, 'the 1-D lesson after the drop');
  });
  // On a phone the latent lessons' bar holds only what steps them (no Phase or D-step: they name
  // nothing in a code search), every target 40 CSS px, nothing overlapping; screenshots to look at.
  for (const [lesson, lang] of [['find-latent', 'pt'], ['detect-fakes', 'en']]) {
    await test(`phone 390x844 (${lesson}, ${lang}): the bar has the buttons that step it, 40 px targets`, async () => {
      const { page: phone, context } = await openPage(browser, base + `index.html?lesson=${lesson}&lang=${lang}`,
                                                      { width: 390, height: 844, touch: true, errors });
      await phone.waitForFunction((id) => ganstep.state().lesson === id && !ganstep.state().loading, lesson,
                                  { timeout: 120000 });
      await phone.waitForTimeout(400);
      const layout = await phone.evaluate(() => ganstep.layout());
      const scale = (await phone.evaluate(() => window.innerWidth)) / layout.window[0];
      assert(layout.compact, `not compact: ${JSON.stringify(layout.items)}`);
      await phone.screenshot({ path: path.join(OUT_DIR, `${lesson}-390x844-${lang}.png`) });
      const names = checkBar(layout, scale, 40);
      for (const absent of ['phase', 'dstep', 'back_phase']) assert(!names.includes(absent), `${absent} on the bar: ${names}`);
      for (const present of ['play', 'step', 'back', 'menu']) assert(names.includes(present), `no ${present} on the bar: ${names}`);
      await context.close();
    });
  }
  assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
} catch (e) {
  setupError = e;
}
await finish(setupError, { browser, server, watchdog });
exit();
