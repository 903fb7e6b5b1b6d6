// Browser test: lesson 8 (dcgan-mnist) trains in a Web Worker, so the page's
// UI thread never holds a task over 50 ms while it plays. Headless Debian
// chromium on the installed site, pt, 1440x900:
//   - the lesson plays for --seconds (CTest: 15; the figure is 60)
//     with the training worker, then with ?worker=0 (training on the page's
//     own thread, as before the worker), in the same sitting: long tasks
//     (PerformanceObserver 'longtask') counted from the moment it is ready,
//     iterations per second at the lesson's speed; with the worker at most a
//     quarter as many of the player's frames take over 50 ms as with training
//     on the UI thread; with --strict 1 (a quiet machine) none does, and no
//     long task comes at all; with --ips-ratio R (default 1) its iterations/s are
//     at least R x the UI thread's (all printed either way); the same page
//     paused first gives what drawing alone costs;
//   - where the main thread's time goes in the worst frames (the player's
//     panels, the WebGL render, handling a worker's reply) beside the long
//     tasks, to attribute them;
//   - the worker's run is the CLI's: state_hash after N iterations, back and
//     seek exact, also interrupted mid-batch (a seek and a setting while the
//     worker computes ahead);
//   - a worker that cannot start (worker.js answered 404, a broken
//     ganstep-trainer.wasm): the page says so and trains on its own thread,
//     the run still the CLI's;
//   - drawing a frame never calls a WebGL function that waits for the GPU
//     process (getParameter and the like: web/gl_state.h);
//   - a screenshot of lesson 8 playing (longtask-dcgan-mnist-pt.png).
// Prints the figures as JSON.
//
//   node tests/browser/longtask.test.mjs [--build-dir build/web/site] [--native build/native/ganstep]
//        [--out DIR] [--seconds 15] [--ips-ratio 1] [--strict 1]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assert, assertEqual, exit, finish, openPage, option, startSite, test, pngColours } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEB_DIR = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const NATIVE = path.resolve(option('--native', 'GANSTEP_NATIVE_CLI', path.join(ROOT, 'build', 'native', 'ganstep')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', WEB_DIR));
const SECONDS = Number(option('--seconds', 'GANSTEP_LONGTASK_SECONDS', '15'));
// Iterations/s with the worker at least this times the UI thread's (0: printed, not checked).
// A move's units go to the worker at once, so no unit waits for the page's frames.
const TOLERANCE = Number(option('--ips-ratio', 'GANSTEP_LONGTASK_IPS_RATIO', '1'));
// --strict 1: no player frame and no main-thread task over 50 ms with the worker (for a quiet machine).
const STRICT = option('--strict', 'GANSTEP_LONGTASK_STRICT', '0') === '1';
const watchdog = setTimeout(() => {
  console.error('long-task browser test: timed out');
  process.exit(2);
}, (4 * SECONDS + 240) * 1000);

let browser, server, setupError;
const measures = {};
try {
  let base;
  ({ server, base, browser } = await startSite(WEB_DIR, OUT_DIR, ['ganstep.wasm', 'ganstep-trainer.wasm']));
  const errors = [];
  const open = (query, route) => openPage(browser, base + 'index.html' + query, { errors, route });
  const cli = (steps) => {  // each run in a folder of its own (the CLI never overwrites a run)
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ganstep-longtask-'));
    try {
      return JSON.parse(execFileSync(NATIVE, ['run', 'dcgan-mnist', '--steps', String(steps), '--json', '--threads', '1',
                                              '--out', path.join(out, 'run')], { encoding: 'utf8' }));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  };

  // Plays the lesson (or, idle, leaves it paused) for SECONDS from ready; long
  // tasks, frames and the player's own CPU time per frame (ganstep.perf().frame_ms:
  // training and panels, not the WebGL render) over that time.
  async function play(page, idle = false) {
    return page.evaluate(async ([seconds, idle]) => {
      const long = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) long.push(Math.round(e.duration));
      });
      observer.observe({ type: 'longtask' });
      const it0 = ganstep.state().steps;
      const t0 = performance.now();
      if (!idle) ganstep.play();
      let frames = 0, worst = 0, last = t0, player = 0, slow = 0, panels = 0, render = 0, reply = 0;
      await new Promise((resolve) => {
        const tick = (now) => {
          ++frames;
          worst = Math.max(worst, now - last);
          const p = ganstep.perf();
          player = Math.max(player, p.frame_ms);
          if (p.frame_ms > 50) ++slow;
          panels = Math.max(panels, p.shell_player_ms);
          render = Math.max(render, p.shell_render_ms);
          reply = Math.max(reply, p.reply_ms);
          last = now;
          if (now - t0 < seconds * 1000) requestAnimationFrame(tick);
          else resolve();
        };
        requestAnimationFrame(tick);
      });
      const s = performance.now() - t0;
      const its = ganstep.state().steps - it0;
      ganstep.pause();
      await new Promise((r) => setTimeout(r, 50));   // the last entries
      observer.disconnect();
      return {
        seconds: +(s / 1000).toFixed(1), iterations: its, iterations_per_s: +(its / (s / 1000)).toFixed(2),
        long_tasks: long.length, long_task_max_ms: long.length ? Math.max(...long) : 0,
        frames_per_s: +(frames / (s / 1000)).toFixed(1), worst_frame_gap_ms: Math.round(worst),
        player_frame_max_ms: Math.round(player), player_frames_over_50_ms: slow, ready_ms: Math.round(ganstep.readyMs),
        // The longest of each part of the main thread's work: the player's frame
        // (panels, training on this thread), the WebGL render, a worker's reply handled.
        max_ms: { player: Math.round(panels), render: Math.round(render), worker_reply: Math.round(reply) },
      };
    }, [SECONDS, idle]);
  }

  await test(`lesson 8 plays ${SECONDS} s: no frame of the player over 50 ms with the worker; long tasks and iterations/s beside the UI thread's`, async () => {
    const w = await open('?lesson=dcgan-mnist&lang=pt');
    measures.idle = await play(w.page, true);   // the page drawing lesson 8, paused: what rendering alone costs
    measures.worker = await play(w.page);
    await w.page.evaluate(() => ganstep.idle());
    await w.page.screenshot({ path: path.join(OUT_DIR, 'longtask-dcgan-mnist-pt.png') });
    const c = pngColours(fs.readFileSync(path.join(OUT_DIR, 'longtask-dcgan-mnist-pt.png')));
    await w.context.close();
    const u = await open('?lesson=dcgan-mnist&lang=pt&worker=0');
    measures.ui_thread = await play(u.page);
    await u.context.close();
    console.log(JSON.stringify(measures));
    assert(c.distinct >= 50, `the screenshot has ${c.distinct} colours`);
    assert(measures.worker.iterations > 0, 'no iterations with the worker');
    // Training never runs on this thread with the worker. The check that always runs compares
    // the player's frames over 50 ms with the worker against the same lesson trained on the
    // UI thread, in the same sitting: a busy 2-core machine (CI) stalls any frame now and then
    // (one of 57 ms seen there), but training on this thread makes a slow frame of most
    // iterations. With --strict 1 (a quiet machine): no frame over 50 ms, no long task at all.
    const slow = measures.worker.player_frames_over_50_ms, slowUi = measures.ui_thread.player_frames_over_50_ms;
    assert(4 * slow <= slowUi || slow === 0,
           `${slow} frames of the player over 50 ms with the worker (longest ${measures.worker.player_frame_max_ms} ms), ` +
           `${slowUi} with training on the UI thread`);
    console.log(`long tasks: paused ${measures.idle.long_tasks} (longest ${measures.idle.long_task_max_ms} ms), ` +
                `worker ${measures.worker.long_tasks} (longest ${measures.worker.long_task_max_ms} ms), ` +
                `UI thread ${measures.ui_thread.long_tasks} (longest ${measures.ui_thread.long_task_max_ms} ms)`);
    if (STRICT) {
      assert(measures.worker.player_frame_max_ms <= 50, `a frame of the player took ${measures.worker.player_frame_max_ms} ms with the worker`);
      assertEqual(measures.worker.long_tasks, 0, `main-thread tasks over 50 ms with the worker (longest ${measures.worker.long_task_max_ms} ms)`);
    }
    console.log(`iterations/s: worker ${measures.worker.iterations_per_s}, UI thread ${measures.ui_thread.iterations_per_s}` +
                ` (ratio ${(measures.worker.iterations_per_s / Math.max(1e-9, measures.ui_thread.iterations_per_s)).toFixed(2)})`);
    console.log(`longest main-thread parts with the worker: ${JSON.stringify(measures.worker.max_ms)}, ` +
                `paused ${JSON.stringify(measures.idle.max_ms)}, UI thread ${JSON.stringify(measures.ui_thread.max_ms)}`);
    if (TOLERANCE > 0) {
      assert(measures.worker.iterations_per_s >= TOLERANCE * measures.ui_thread.iterations_per_s,
             `iterations/s with the worker ${measures.worker.iterations_per_s} < ${TOLERANCE} x the UI thread's ${measures.ui_thread.iterations_per_s}`);
    }
  });

  // WebGL calls that return state make Chromium's main thread wait for the GPU
  // process to finish everything queued before them (the whole previous frame:
  // 40-200 ms under SwiftShader). Drawing a frame makes none (web/gl_state.h).
  await test('a frame never waits for the GPU: no WebGL call that returns state while lesson 8 plays or sits paused', async () => {
    const countSyncCalls = (c) => c.addInitScript(() => {
      const P = WebGL2RenderingContext.prototype;
      window.__glSync = {};
      for (const name of ['getParameter', 'getError', 'getIndexedParameter', 'getVertexAttrib', 'getBufferSubData',
                          'readPixels', 'finish', 'clientWaitSync', 'getProgramParameter', 'getShaderParameter']) {
        const f = P[name];
        P[name] = function (...a) {
          // Emscripten's glBindVertexArray (FULL_ES3) reads the element array buffer's binding,
          // which WebGL answers from its own record of bound objects, without the GPU process.
          if (!(name === 'getParameter' && a[0] === this.ELEMENT_ARRAY_BUFFER_BINDING)) {
            const key = name === 'getParameter' ? `getParameter(0x${a[0].toString(16)})` : name;
            window.__glSync[key] = (window.__glSync[key] || 0) + 1;
          }
          return f.apply(this, a);
        };
      }
    });
    const { page, context } = await open('?lesson=dcgan-mnist&lang=pt', countSyncCalls);
    const r = await page.evaluate(async () => {
      const frames = async (ms) => {
        let n = 0;
        const t0 = performance.now();
        await new Promise((resolve) => {
          const tick = (now) => { ++n; if (now - t0 < ms) requestAnimationFrame(tick); else resolve(); };
          requestAnimationFrame(tick);
        });
        return n;
      };
      await frames(500);   // start-up (the backend's version and extension checks) is over
      for (const k in window.__glSync) delete window.__glSync[k];
      const paused = await frames(1500);
      ganstep.play();
      const playing = await frames(3000);
      ganstep.pause();
      await ganstep.idle();
      return { paused, playing, steps: ganstep.state().steps, calls: { ...window.__glSync } };
    });
    await context.close();
    assert(r.paused > 0 && r.playing > 0 && r.steps > 0, `frames ${r.paused} paused, ${r.playing} playing, ${r.steps} iterations`);
    assertEqual(r.calls, {}, `WebGL calls that wait for the GPU over ${r.paused + r.playing} frames`);
  });

  await test('the worker\'s run is the CLI\'s: state_hash after 6 iterations; back and seek exact', async () => {
    const native6 = cli(6);
    const { page, context } = await open('?lesson=dcgan-mnist');
    const r = await page.evaluate(async () => {
      const at = async (f) => { f(); await ganstep.idle(); return ganstep.state(); };
      const s4 = await at(() => ganstep.step('iteration', 4));
      const busy = (ganstep.step('iteration', 2), ganstep.busy());   // returns at once, goes on in the worker
      await ganstep.idle();
      const s6 = ganstep.state();
      const back = await at(() => ganstep.back(2));
      const seek = await at(() => ganstep.seek(6));
      // Interrupted mid-batch: playing (the worker computes ahead), then a seek and a pause half-way.
      ganstep.play();
      await new Promise((r) => setTimeout(r, 700));
      ganstep.seek(3);
      ganstep.pause();
      await ganstep.idle();
      const mid = await at(() => ganstep.seek(6));
      return { s4, busy, s6, back, seek, mid };
    });
    await context.close();
    assertEqual([r.mid.steps, r.mid.state_hash], [6, native6.state_hash], 'seek(6) after playing, seeking and pausing mid-batch');
    assert(r.busy, 'a step of an image lesson goes on in the worker');
    assertEqual([r.s6.steps, r.s6.state_hash, r.s6.metrics.loss_d, r.s6.metrics.loss_g],
                [6, native6.state_hash, native6.metrics.loss_d, native6.metrics.loss_g], 'after 6 iterations vs the CLI');
    assertEqual([r.back.steps, r.back.state_hash], [4, r.s4.state_hash], 'back(2)');
    assertEqual([r.seek.steps, r.seek.state_hash], [6, native6.state_hash], 'seek(6)');
  });

  // The worker cannot start: its script answered 404, or its wasm is broken.
  const failures = {
    'worker.js answered 404': (c) => c.route('**/worker.js', (r) => r.fulfill({ status: 404, body: 'not found' })),
    'a broken ganstep-trainer.wasm': (c) => c.route('**/ganstep-trainer.wasm',
                                                     (r) => r.fulfill({ status: 200, contentType: 'application/wasm', body: 'not wasm' })),
  };
  const native2 = cli(2);
  for (const [what, route] of Object.entries(failures)) {
    await test(`the worker cannot start (${what}): the page says so and trains on its own thread, the CLI's run`, async () => {
      const { page, context } = await open('?lesson=dcgan-mnist&lang=en', route);
      const r = await page.evaluate(async () => {
        const t0 = performance.now();
        const warning = () => document.getElementById('warning').textContent;
        while (!/training worker failed/.test(warning()) && performance.now() - t0 < 20000) {
          await new Promise((res) => setTimeout(res, 50));
        }
        const said = warning();
        await new Promise((res) => setTimeout(res, 100));   // the fallback (gs_worker_failed) runs after the note
        ganstep.step('iteration', 2);
        await ganstep.idle(30000);
        return { said, state: ganstep.state() };
      });
      await context.close();
      assert(/training worker failed/.test(r.said) && /this page's thread/.test(r.said), `the page said: ${JSON.stringify(r.said)}`);
      assertEqual([r.state.steps, r.state.state_hash], [2, native2.state_hash], 'two iterations on the page\'s thread vs the CLI');
    });
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
