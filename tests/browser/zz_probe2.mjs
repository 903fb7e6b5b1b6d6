import { launch, serve } from './harness.mjs';
const server = await serve(process.argv[2]);
const browser = await launch();
for (const q of [process.argv[3]]) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html${q}`, { waitUntil: 'load' });
  await page.evaluate(() => window.ganstep.ready);
  const r = await page.evaluate(async () => {
    const long = [];
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push(Math.round(e.duration)); });
    obs.observe({ type: 'longtask' });
    ganstep.play();
    const samples = [];
    const t0 = performance.now();
    await new Promise((res) => { const tick = () => { const p = ganstep.perf(); samples.push([Math.round(p.frame_ms), Math.round(p.shell_render_ms), Math.round(p.shell_frame_ms)]); if (performance.now() - t0 < 8000) requestAnimationFrame(tick); else res(); }; requestAnimationFrame(tick); });
    ganstep.pause(); obs.disconnect();
    return { long, samples: samples.slice(0, 60), steps: ganstep.state().steps };
  });
  console.log(q, JSON.stringify(r));
  await context.close();
}
await browser.close(); server.close();
