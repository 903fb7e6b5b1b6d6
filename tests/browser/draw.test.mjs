// Browser test of drawing 2-D data with the mouse (the 2-D view's draw mode):
// real mouse drags on the canvas draw points that become the run's data;
// the eraser removes some; "Save CSV…" downloads exactly the data; the share
// link reopens the lesson with the same data and the same state hash; bad
// input through window.ganstep is refused with nothing changed. Screenshots
// (draw-1440x900-pt.png, draw-390x844-pt.png) to look at.
//
//   node tests/browser/draw.test.mjs [--build-dir build/web/site] [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, clickAt, dragThrough, exit, finish, layoutBox, option, startSite, test } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
const watchdog = setTimeout(() => {
  console.error('draw browser test: timed out after 240 s');
  process.exit(2);
}, 240_000);

const rows = (csv) => csv.trim().split('\n').length - 1;   // without the "x,y" header

let browser, server, setupError;
try {
  let base;
  ({ server, base, browser } = await startSite(WEB_DIR, OUT_DIR));
  const errors = [];

  async function open(context, url) {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => window.ganstep.ready);
    await page.waitForTimeout(300);
    return page;
  }
  // A control's centre in CSS pixels, from the last frame's layout.
  async function centre(page, name) {
    const b = await layoutBox(page, name);
    return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  }
  async function click(page, name) {
    const c = await centre(page, name);
    await clickAt(page, c.x, c.y);
  }
  // A drag over the 2-D plot from (fx0, fy0) to (fx1, fy1), fractions of its box.
  async function drag(page, fx0, fy0, fx1, fy1, moves = 16) {
    const b = await layoutBox(page, 'plot2d');
    const at = (t) => [b.x + b.w * (fx0 + (fx1 - fx0) * t), b.y + b.h * (fy0 + (fy1 - fy0) * t)];
    await dragThrough(page, Array.from({ length: moves + 1 }, (_, i) => at(i / moves)));
  }

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  let drawn = null;   // {csv, link, hash} of the desktop test

  await test('1440x900 (pt): mouse strokes draw the data, the eraser removes, Save CSV downloads it', async () => {
    const page = await open(context, base + 'index.html?lesson=ring-2d&lang=pt');
    assert(!(await page.evaluate(() => { try { ganstep.dataCsv(); return true; } catch (e) { return false; } })),
           'ring8 data gave a CSV before drawing');
    await click(page, 'draw');
    await drag(page, 0.2, 0.3, 0.55, 0.35);
    await drag(page, 0.45, 0.7, 0.8, 0.5);
    const csv = await page.evaluate(() => ganstep.dataCsv());
    assert(csv.startsWith('x,y\n'), `CSV header: ${csv.slice(0, 40)}`);
    const n = rows(csv);
    assert(n >= 12, `only ${n} points after two strokes`);
    const st = await page.evaluate(() => ganstep.state());
    assertEqual(st.steps, 0, 'the run restarted on the drawn data: steps');
    await click(page, 'draw_eraser');
    await drag(page, 0.2, 0.3, 0.4, 0.32);
    const erased = await page.evaluate(() => ganstep.dataCsv());
    assert(rows(erased) < n && rows(erased) > 0, `the eraser left ${rows(erased)} of ${n} points`);
    await page.screenshot({ path: path.join(OUT_DIR, 'draw-1440x900-pt.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'draw_save')]);
    assertEqual(download.suggestedFilename(), 'ganstep-data.csv', 'the download\'s name');
    const saved = fs.readFileSync(await download.path(), 'utf8');
    assertEqual(saved, erased, 'the downloaded CSV');
    const link = await page.evaluate(() => ganstep.shareLink());
    await page.evaluate(() => ganstep.step('iteration', 40));
    drawn = { csv: erased, link, hash: (await page.evaluate(() => ganstep.state())).state_hash };
    // Clear (the button) goes back to ring-2d's ring8: no points any more.
    await click(page, 'draw_clear');
    const cleared = await page.evaluate(() => { try { return ganstep.dataCsv(); } catch (e) { return e.message; } });
    assert(cleared.includes('not drawn'), `after Clear: ${cleared.slice(0, 80)}`);
    await page.close();
  });

  await test('the share link reopens the drawn data: the same points and the same state hash', async () => {
    assert(drawn, 'no drawing to share');
    assert(drawn.link.includes('#lesson='), `not a share link: ${drawn.link.slice(0, 120)}`);
    const page = await open(context, drawn.link);
    assertEqual(await page.evaluate(() => ganstep.dataCsv()), drawn.csv, 'the data after reopening');
    await page.evaluate(() => ganstep.step('iteration', 40));
    assertEqual((await page.evaluate(() => ganstep.state())).state_hash, drawn.hash, 'state_hash at iteration 40');

    // Bad input is refused with a message, and nothing changes.
    const refused = await page.evaluate(() => {
      const bad = [[[NaN, 0]], [[0, Infinity]], [[1e9, 0]], [[1, 2, 3]], [], 'x', [['1', 2]],
                   Array.from({ length: 10001 }, () => [0.5, 0.5])];
      return bad.map((b) => { try { ganstep.drawPoints(b); return 'accepted'; } catch (e) { return e.message; } });
    });
    for (const m of refused) assert(m.startsWith('ganstep.drawPoints: '), `not refused: ${m}`);
    assert(refused[0].includes('[NaN, 0]'), refused[0]);
    assert(refused[7].includes('at most 10000'), refused[7]);
    // Within the limit per call, but past it in all: refused by the player.
    const room = 10000 - rows(drawn.csv);
    const past = await page.evaluate((k) => {
      try { ganstep.drawPoints(Array.from({ length: k }, (_, i) => [Math.cos(i), Math.sin(i)])); return 'accepted'; }
      catch (e) { return e.message; }
    }, room + 1);
    assert(past.includes('at most 10000'), past);
    assertEqual(await page.evaluate(() => ganstep.dataCsv()), drawn.csv, 'the data after refused input');
    assertEqual((await page.evaluate(() => ganstep.state())).state_hash, drawn.hash, 'state_hash after refused input');
    await page.evaluate(() => ganstep.drawPoints([[0.25, -0.5]]));
    assertEqual(rows(await page.evaluate(() => ganstep.dataCsv())), rows(drawn.csv) + 1, 'points after drawPoints');
    // Clear goes back to the lesson's own data: here the link's, the drawing itself.
    await page.evaluate(() => ganstep.clearData());
    assertEqual(await page.evaluate(() => ganstep.dataCsv()), drawn.csv, 'the data after clearData');
    await page.close();
  });

  await test('390x844 (pt): the draw tools on a phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
                                             hasTouch: true, isMobile: true });
    const page = await open(phone, base + 'index.html?lesson=ring-2d&lang=pt');
    const tab = await centre(page, 'tab:view2d');
    await page.touchscreen.tap(tab.x, tab.y);
    await page.waitForTimeout(300);
    const draw = await centre(page, 'draw');
    await page.touchscreen.tap(draw.x, draw.y);
    await page.waitForTimeout(300);
    await page.evaluate(() => ganstep.drawPoints(Array.from({ length: 200 }, (_, i) =>
      [1.5 * Math.cos(i / 10) + 0.1 * Math.sin(i), 1.5 * Math.sin(i / 10)])));
    await page.waitForTimeout(300);
    const layout = await page.evaluate(() => ganstep.layout());
    for (const name of ['draw_brush', 'draw_eraser', 'draw_clear', 'draw_save']) {
      const r = layout.items[name];
      assert(r, `no ${name} on the phone`);
      assert(r[0] >= 0 && r[0] + r[2] <= layout.window[0] + 0.5, `${name} ${JSON.stringify(r)} outside the window`);
    }
    await page.screenshot({ path: path.join(OUT_DIR, 'draw-390x844-pt.png') });
    await phone.close();
  });
  await test('screen reader (pt): a beat\'s pipe table is a <table>, its numbered list an <ol>', async () => {
    const page = await open(context, base + 'index.html?lesson=mode-collapse&lang=pt&step=250');
    await page.waitForFunction(() => document.querySelector('#a11y table'), null, { timeout: 5000 });
    const found = await page.evaluate(() => {
      const t = document.querySelector('#a11y table');
      return {
        head: [...t.querySelectorAll('thead th')].map((c) => c.textContent),
        rows: t.querySelectorAll('tbody tr').length,
        first: [...t.querySelectorAll('tbody tr:first-child td')].map((c) => c.textContent),
        items: [...document.querySelectorAll('#a11y ol > li')].length,
      };
    });
    assertEqual(found.head, ['medida', 'agora', 'G cobrindo o anel'], 'the table header');
    assertEqual(found.rows, 3, 'table rows');
    assert(found.first[0].startsWith('KL(p_data') && /^\d+,\d$/.test(found.first[1]), `first row: ${found.first}`);
    assertEqual(found.items, 3, 'numbered list items');
    await page.close();
  });
  assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
} catch (e) {
  setupError = e;
}
await finish(setupError, { browser, server, watchdog });
exit();
