// ad-hoc screenshots (not committed)
import path from 'node:path';
import { startSite, openPage } from './harness.mjs';
const out = '/tmp/shots';
const { server, base, browser } = await startSite('/work/main/build/web/site', out);
for (const lang of ['pt', 'en']) {
  for (const [w, h, touch] of [[1440, 900, false], [390, 844, true]]) {
    const { page, context } = await openPage(browser, `${base}?lesson=dcgan-mnist&lang=${lang}`, { width: w, height: h, touch });
    await page.evaluate(async () => { ganstep.seek(45); await ganstep.idle(); });
    await page.waitForTimeout(800);
    const st = await page.evaluate(() => ({ s: ganstep.state().steps, b: ganstep.beats().shown }));
    console.log(lang, w, JSON.stringify(st));
    await page.screenshot({ path: path.join(out, `l8-${lang}-${w}x${h}.png`) });
    await context.close();
  }
}
await browser.close(); server.close();
