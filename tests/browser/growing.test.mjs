// Browser test of lesson 9, growing (G and D grow 7x7 -> 14x14 -> 28x28): it
// trains in the page's Web Worker like lesson 8 and gives the native CLI's
// bits across all three resolutions (a stage every 2 iterations, 1 of
// fade-in, set through window.ganstep); back and seek across a stage change
// return the same states. A screenshot in pt mid-fade (growing-pt.png).
//
//   node tests/browser/growing.test.mjs [--build-dir build/web/site] [--native build/native/ganstep] [--out DIR]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, exit, finish, option, pngColours, startSite, test } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const NATIVE = path.resolve(option('--native', 'GANSTEP_NATIVE_CLI', path.join(ROOT, 'build', 'native', 'ganstep')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
const watchdog = setTimeout(() => {
  console.error('growing browser test: timed out after 300 s');
  process.exit(2);
}, 300_000);

// The native run of the same settings to `steps` iterations.
function native(steps) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ganstep-browser-growing-'));
  const s = JSON.parse(execFileSync(NATIVE, ['run', 'growing', '--steps', String(steps), '--set', 'grow_stage=2',
    '--set', 'grow_fade=1', '--no-compare', '--fd-every', '0', '--sample-every', '0', '--threads', '2', '--json',
    '--out', path.join(out, 'run')], { encoding: 'utf8' }));
  fs.rmSync(out, { recursive: true, force: true });
  return s;
}

let browser, server, setupError;
try {
  let base;
  ({ server, base, browser } = await startSite(WEB_DIR, OUT_DIR));
  const errors = [];
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + 'index.html?lesson=growing&lang=pt', { waitUntil: 'load' });
  await page.evaluate(() => window.ganstep.ready);
  await page.waitForFunction(() => ganstep.state().lesson === 'growing' && ganstep.state().classifier_ready, null,
                             { timeout: 60000 });

  await test('growing in the worker: the native CLI\'s bits at 7x7, 14x14 fading and 28x28; back and seek', async () => {
    const r = await page.evaluate(async () => {
      ganstep.set('grow_fade', '1');    // each restarts the run (the fade first: it must fit in a stage)
      ganstep.set('grow_stage', '2');
      await ganstep.idle();
      const hashes = [ganstep.state().state_hash];
      for (let i = 0; i < 6; i++) {
        ganstep.step('iteration', 1);
        await ganstep.idle();
        hashes.push(ganstep.state().state_hash);
      }
      ganstep.seek(2);
      await ganstep.idle();
      const seek2 = ganstep.state();
      ganstep.seek(5);
      await ganstep.idle();
      const seek5 = ganstep.state();
      ganstep.back(2);
      await ganstep.idle();
      const back3 = ganstep.state();
      return { hashes, seek2, seek5, back3 };
    });
    const n3 = native(3), n6 = native(6);
    assertEqual(r.hashes[3], n3.state_hash, 'the page after 3 iterations (14 x 14, fading) vs the native CLI');
    assertEqual(r.hashes[6], n6.state_hash, 'the page after 6 iterations (28 x 28) vs the native CLI');
    assertEqual([r.seek2.steps, r.seek2.state_hash], [2, r.hashes[2]], 'seek(2)');
    assertEqual([r.seek5.steps, r.seek5.state_hash], [5, r.hashes[5]], 'seek(5)');
    assertEqual([r.back3.steps, r.back3.state_hash], [3, r.hashes[3]], 'back(2) from 5');
    const file = path.join(OUT_DIR, 'growing-pt.png');
    await page.waitForTimeout(300);
    const c = pngColours(await page.screenshot({ path: file }));
    assert(c.distinct >= 50 && c.dominantShare < 0.9, `${file}: ${c.distinct} colours, dominant share ${c.dominantShare}`);
  });
  assert(errors.length === 0, `page errors: ${errors.join('; ')}`);
} catch (e) {
  setupError = e;
}
await finish(setupError, { browser, server, watchdog });
exit();
