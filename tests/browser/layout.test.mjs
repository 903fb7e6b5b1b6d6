// Browser test of the page's layout on phones, tablets and desktops: headless
// Debian chromium with touch at 390x844 and 1024x768, where ganstep.layout()
// says the control bar's items do not overlap, lie inside the window and (on
// a phone) are at least 40 CSS pixels; a tap on Play plays. Writes a
// screenshot per size and language (layout-WxH-LANG.png) to look at.
//
//   node tests/browser/layout.test.mjs [--build-dir build/web] [--out DIR]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, checkBar, exit, finish, inside, openPage, option, startSite, test } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
const watchdog = setTimeout(() => {
  console.error('layout browser test: timed out after 240 s');
  process.exit(2);
}, 240_000);

let browser, server, setupError;
try {
  let base;
  ({ server, base, browser } = await startSite(WEB_DIR, OUT_DIR));
  const errors = [];

  // A page at a size, on the given lesson and language, after a few frames.
  async function open(width, height, touch, query) {
    const { page, context } = await openPage(browser, base + 'index.html' + query, { width, height, touch, errors });
    await page.waitForTimeout(400);
    const layout = await page.evaluate(() => ganstep.layout());
    // The player's pixels per CSS pixel.
    const css = await page.evaluate(() => window.innerWidth);
    return { page, context, layout, scale: css / layout.window[0] };
  }

  for (const lang of ['pt', 'en']) {
    await test(`phone 390x844 (${lang}): one column, tabs, 40 px targets; a tap on Play plays`, async () => {
      const { page, context, layout, scale } = await open(390, 844, true, `?lesson=two-players&lang=${lang}`);
      assert(layout.compact, `not compact: ${JSON.stringify(layout)}`);
      assert(layout.tab === 'narration', `first tab ${layout.tab}`);
      checkBar(layout, scale, 40);
      for (const [name, r] of Object.entries(layout.items)) {
        if (name.startsWith('tab:')) assert(r[3] * scale >= 40, `${name} is ${r[3] * scale} CSS px tall`);
      }
      await page.screenshot({ path: path.join(OUT_DIR, `layout-390x844-${lang}.png`) });
      assert(!(await page.evaluate(() => ganstep.playing())), 'playing before the tap');
      const play = layout.items.play;
      // A tap is taken over the next frames (a press, then a release): within 3 s on a busy machine.
      const within = (f) => page.waitForFunction(f, null, { timeout: 3000 }).then(() => true, () => false);
      await page.touchscreen.tap((play[0] + play[2] / 2) * scale, (play[1] + play[3] / 2) * scale);
      assert(await within(() => ganstep.playing()), 'a tap on Play did not start playing');
      await page.touchscreen.tap((play[0] + play[2] / 2) * scale, (play[1] + play[3] / 2) * scale);
      assert(await within(() => !ganstep.playing()), 'a second tap on Play did not pause');
      const tab = layout.items['tab:view1d'];
      assert(tab, `no tab for the plot: ${JSON.stringify(layout.items)}`);
      await page.touchscreen.tap((tab[0] + tab[2] / 2) * scale, (tab[1] + tab[3] / 2) * scale);
      await within(() => ganstep.layout().tab === 'view1d');
      await page.waitForTimeout(300);   // a few frames drawn on the tab
      const now = await page.evaluate(() => ganstep.layout());
      assert(now.tab === 'view1d', `a tap on the plot's tab shows ${now.tab}`);
      // The plot's row of checkboxes wraps instead of running off the screen.
      const boxes = Object.entries(now.items).filter(([name]) => name.startsWith('view:'));
      assertEqual(boxes.length, 6, `the plot's checkboxes (${JSON.stringify(boxes)})`);
      for (const [name, r] of boxes) {
        assert(inside([0, 0, now.window[0], now.window[1]], r), `${name} ${JSON.stringify(r)} leaves the window ${now.window}`);
      }
      await page.screenshot({ path: path.join(OUT_DIR, `layout-390x844-${lang}-plot.png`) });
      await context.close();
    });
  }

  for (const [w, h] of [[1024, 768], [1280, 800], [1440, 900]]) {
    for (const lang of ['pt', 'en']) {
      await test(`${w}x${h} (${lang}): the control bar wraps, nothing overlaps or leaves the window`, async () => {
        const { page, context, layout, scale } = await open(w, h, w === 1024, `?lesson=two-players&lang=${lang}`);
        assert(!layout.compact, `compact at ${w}x${h}`);
        checkBar(layout, scale, 0);
        await page.screenshot({ path: path.join(OUT_DIR, `layout-${w}x${h}-${lang}.png`) });
        await context.close();
      });
    }
  }

  await test('no page errors', async () => {
    assert(errors.length === 0, `page errors:\n${errors.join('\n')}`);
  });
} catch (e) {
  setupError = e;
} finally {
  await finish(setupError, { browser, server, watchdog });
}
exit();
