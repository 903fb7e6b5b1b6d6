// Browser test of the installed site (cmake --install build/web --prefix build/web/site):
// what the folder holds, the bare URL (lesson 1 with the list of lessons), links with
// bad values (checked like the CLI, answered at once), the screen-reader region, Tab,
// and keys typed faster than the frames.
//
//   node tests/browser/site.test.mjs [--build-dir build/web/site] [--native build/native/ganstep] [--out DIR]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { assert, assertEqual, exit, finish, launch, option, pngColours, serve, served, test } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const SITE = path.resolve(option('--build-dir', 'GANSTEP_WEB_DIR', path.join(ROOT, 'build', 'web', 'site')));
const NATIVE = path.resolve(option('--native', 'GANSTEP_NATIVE_CLI', path.join(ROOT, 'build', 'native', 'ganstep')));
const OUT_DIR = path.resolve(option('--out', 'GANSTEP_SCREENSHOT_DIR', path.join(ROOT, 'build', 'web', 'screenshots')));
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
// The time a link may take from the module's start (files loaded, wasm compiled) to
// the first frame: main() checking the values and opening the lesson at its step.
// 2 s; on a machine so busy that a plain link takes more than 2/3 s (the same work,
// timed by the same clock), three times a plain link's.
const ANSWER_MS = 2000;
const answerLimit = (plainStart) => Math.max(ANSWER_MS, 3 * plainStart);

const watchdog = setTimeout(() => {
  console.error('site test: timed out after 300 s');
  process.exit(2);
}, 300_000);

// Markdown-lite's marks (lessons/format/markdown.h) off a beat's text, as the narration panel shows it.
function shownText(markdown) {
  return markdown.split(/\n\s*\n/).map((p) => p.replace(/^#+ |^- /gm, '').replace(/\\([*\\])|\*+/g, '$1').replace(/\s+/g, ' ').trim())
    .filter((p) => p).join(' ');
}
const squash = (s) => s.replace(/\s+/g, ' ').trim();

let browser, server, setupError = null;
const measures = {};
try {
  await test('the site folder holds the page and nothing else, each file with its .gz', async () => {
    const names = fs.readdirSync(SITE);
    for (const n of names) {
      assert(fs.statSync(path.join(SITE, n)).isFile(), `${n}: a folder in the site`);
      assert(/\.(html|m?js|wasm|data|json|svg)(\.gz)?$/.test(n), `${n}: not a file the page loads`);
      assert(!/test|cli|\.png/i.test(n), `${n}: a test program or screenshot in the site`);
    }
    const files = names.filter((n) => !n.endsWith('.gz'));
    for (const f of ['index.html', 'api.js', 'course.js', 'a11y.js', 'favicon.svg', 'ganstep.js', 'ganstep.wasm',
                     'worker.js', 'ganstep-trainer.js', 'ganstep-trainer.wasm']) {   // the training worker
      assert(files.includes(f), `${f} missing from ${SITE}`);
    }
    assert(files.some((f) => f.endsWith('.data')), `no data package in ${SITE}`);
    for (const f of files) {
      const gz = path.join(SITE, f + '.gz');
      assert(fs.existsSync(gz), `${f}.gz missing`);
      assert(zlib.gunzipSync(fs.readFileSync(gz)).equals(fs.readFileSync(path.join(SITE, f))), `${f}.gz is not ${f}`);
    }
    assertEqual(names.filter((n) => n.endsWith('.gz')).length, files.length, 'one .gz per file');
    // Every file index.html names is there.
    const html = fs.readFileSync(path.join(SITE, 'index.html'), 'utf8');
    for (const [, ref] of html.matchAll(/(?:src|href)="([^":#?]+)"/g)) assert(files.includes(ref), `index.html names ${ref}, not in the site`);
    measures.site_files = files.length;
  });

  await test('scripts/serve.mjs (what demo.sh runs) binds 127.0.0.1, serves gzip, and stops on Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), SITE, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    // 'close', not 'exit': its output may still be on the way when the process has exited.
    const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      // Both first lines (they may come in two chunks).
      for (let i = 0; i < 100 && !(/localhost:\d+/.test(out) && /Ctrl-C/.test(out)); ++i) await new Promise((r) => setTimeout(r, 50));
      const m = /http:\/\/localhost:(\d+)\/ \(bound to 127\.0\.0\.1\)/.exec(out);
      assert(m, `the server's first lines: ${JSON.stringify(out)}`);
      assert(/Ctrl-C/.test(out), `it says how to stop: ${JSON.stringify(out)}`);
      const r = await fetch(`http://127.0.0.1:${m[1]}/`, { headers: { 'Accept-Encoding': 'gzip' } });
      assertEqual([r.status, r.headers.get('content-encoding')], [200, 'gzip'], 'index.html, precompressed');
      assert((await r.text()).includes('ganstep'), 'the page');
      const outside = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal);
      if (outside) {
        const refused = await fetch(`http://${outside.address}:${m[1]}/`).then(() => false, () => true);
        assert(refused, `reachable on ${outside.address}: it must bind 127.0.0.1 only`);
      }
      child.kill('SIGINT');
      const end = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 3000))]);
      assertEqual(end, { code: 0, signal: null }, 'after Ctrl-C (SIGINT)');
      assert(/server stopped/.test(out), `its last line: ${JSON.stringify(out)}`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  server = await serve(SITE);
  const base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launch();
  const pageErrors = [];
  async function open(query = '', { viewport = DESKTOP, locale = 'en-US', storage = null } = {}) {
    const context = await browser.newContext({ viewport, locale });
    if (storage) await context.addInitScript((s) => { for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v); }, storage);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
    const t = Date.now();
    await page.goto(base + query, { waitUntil: 'load' });
    const startMs = await page.evaluate(() => window.ganstep.ready.then((g) => g.startMs));
    return { page, ms: Date.now() - t, startMs };
  }
  const shot = async (page, name) => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const file = path.join(OUT_DIR, name);
    const c = pngColours(await page.screenshot({ path: file }));
    assert(c.distinct >= 50, `only ${c.distinct} distinct colours in ${file}`);
  };

  served.bytes = 0;
  const { page: plain, ms: plainMs, startMs: plainStart } = await open('?lesson=two-players');
  // What a 1-D lesson costs before it is usable (gzip where the site has a .gz).
  Object.assign(measures, { ready_plain_ms: plainMs, start_plain_ms: Math.round(plainStart), bytes_until_ready_1d: served.bytes });
  await plain.context().close();
  // A link with bad values, timed beside a plain link opened just before (this
  // machine's load may change by the minute). Over the limit, the pair is timed
  // once more (a burst of other work); a link that hangs fails both times.
  async function openBeside(query) {
    let r = null;
    for (let attempt = 1; attempt <= 2; ++attempt) {
      if (r) await r.page.context().close();
      const plain = await open('?lesson=two-players');
      await plain.page.context().close();
      r = { ...(await open(query)), plainStart: plain.startMs, attempt };
      if (r.startMs < answerLimit(r.plainStart)) break;
    }
    return r;
  }

  await test('links with bad values answer at once, with the message the CLI gives', async () => {
    const bigSeed = '99999999999999999999999';
    let cliMessage = '';
    try {
      execFileSync(NATIVE, ['run', 'two-players', '--steps', '1', '--seed', bigSeed], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      cliMessage = String(e.stderr);
    }
    const reason = /--seed (.*is not a seed[^\n]*)/.exec(cliMessage);
    assert(reason, `the CLI refuses --seed ${bigSeed}: ${JSON.stringify(cliMessage)}`);
    const cases = [   // a link, and what its warning says
      [`?lesson=two-players&seed=${bigSeed}`, [reason[1]]],
      ['?lesson=two-players&seed=-1', ['"-1" is not a seed (an integer 0..2^53)']],
      ['?lesson=two-players&step=abc&lang=fr', ['step "abc" is not an iteration number', 'lang "fr" is not pt or en']],
      ['?lesson=no-such-lesson', ['no-such-lesson']],
      ['?lesson=two-players&seed=' + '7'.repeat(5000), ['is not a seed']],
      [`?lesson=two-players&step=${'x'.repeat(3000)}&lang=${'y'.repeat(3000)}`, ['is not an iteration number', 'is not pt or en']],
    ];
    const lessonSeed = JSON.parse(execFileSync(NATIVE, ['run', 'two-players', '--steps', '0', '--json'], { encoding: 'utf8' })).seed;
    for (const [query, messages] of cases) {
      const { page, ms, startMs, plainStart, attempt } = await openBeside(query);
      const r = await page.evaluate(() => {
        const w = document.getElementById('warning');
        return { warning: w.hidden ? '' : w.textContent, state: ganstep.state() };
      });
      await page.context().close();   // one page at a time: open pages keep drawing
      const what = query.slice(0, 60);
      for (const m of messages) assert(r.warning.includes(m), `${what}: the warning ${JSON.stringify(r.warning.slice(0, 300))} lacks ${JSON.stringify(m)}`);
      assert(r.warning.length < 400, `${what}: a ${r.warning.length}-character warning (input echoed at most 80 characters)`);
      assert(startMs < answerLimit(plainStart), `${what}: ${startMs} ms from the module's start to ready (a plain link: ${plainStart})`);
      assertEqual(r.state.lesson, 'two-players', `${what}: the lesson (the course's first for an unknown one)`);
      if (query.includes('seed=')) assertEqual(r.state.seed, lessonSeed, `${what}: the lesson's own seed`);
      measures[`ready_ms ${query.slice(1, 40)}`] = [ms, Math.round(startMs), Math.round(plainStart), attempt];
    }
    // A huge step stops at the lesson's end (the control bar says so).
    const { page, ms, startMs, plainStart, attempt } = await openBeside(`?lesson=two-players&step=${bigSeed}`);
    // The page answers at once; the rest of the fast-forward goes on frame by frame.
    await page.waitForFunction(() => ganstep.fastForward() === null, null, { timeout: 120000 });
    assertEqual(await page.evaluate(() => ganstep.state().steps), 3000, 'a huge ?step= stops at the lesson\'s end');
    assert(startMs < answerLimit(plainStart), `huge step: ${startMs} ms from the module's start to ready (a plain link: ${plainStart})`);
    measures['ready_ms huge step'] = [ms, Math.round(startMs), Math.round(plainStart), attempt];
    await page.context().close();
  });

  await test('the bare URL opens lesson 1 with the list of lessons over it; ?lesson= skips the list', async () => {
    const { page } = await open('');
    const r = await page.evaluate(() => ({
      lesson: ganstep.state().lesson, library: ganstep.library(), open: ganstep.course.isOpen(),
      lang: document.documentElement.lang, focused: document.activeElement.dataset.lesson,
      rows: [...document.querySelectorAll('#course .course-lesson')].map((b) => b.textContent),
      title: document.getElementById('course-title').textContent,
    }));
    assertEqual(r.lesson, 'two-players', 'lesson 1');
    assertEqual(r.library.map((l) => l.order), [...r.library.map((l) => l.order)].sort((a, b) => a - b), 'course order');
    assert(r.open, 'the list of lessons is open');
    assertEqual([r.lang, r.title], ['en', 'Lessons'], 'in English (the browser\'s language)');
    assertEqual(r.rows.length, r.library.length, 'one row per lesson');
    r.library.forEach((l, i) => {
      for (const part of [`${i + 1}.`, l.title, l.level, `${l.minutes} min`]) assert(r.rows[i].includes(part), `row ${i + 1} lacks ${part}: ${r.rows[i]}`);
    });
    assertEqual(r.focused, 'two-players', 'the focus is on lesson 1');
    await shot(page, 'screenshot-course-en.png');
    // Escape keeps lesson 1; the canvas gets the keys again.
    await page.keyboard.press('Tab');   // the focus stays in the list
    assert(await page.evaluate(() => !!document.activeElement.closest('#course')), 'Tab stays in the open list');
    await page.keyboard.press('Escape');
    assertEqual(await page.evaluate(() => [ganstep.course.isOpen(), document.activeElement.id, ganstep.state().lesson]),
                [false, 'canvas', 'two-players'], 'after Escape');
    // The "Lesson" button opens it again; picking a lesson loads it.
    await page.evaluate(() => document.querySelector('#a11y button[data-key=lesson]').focus());
    await page.keyboard.press('Enter');
    assert(await page.evaluate(() => ganstep.course.isOpen()), 'the Lesson button opens the list');
    await page.click('#course .course-lesson[data-lesson=log-loss]');
    assertEqual(await page.evaluate(() => [ganstep.course.isOpen(), ganstep.state().lesson]), [false, 'log-loss'], 'a picked lesson');
    await page.context().close();

    const { page: phone } = await open('', { viewport: PHONE });
    await shot(phone, 'screenshot-course-en-phone.png');
    await phone.context().close();

    const { page: lesson } = await open('?lesson=ring-2d');
    assertEqual(await lesson.evaluate(() => [ganstep.course.isOpen(), ganstep.state().lesson]), [false, 'ring-2d'], '?lesson= skips the list');
    await lesson.context().close();
  });

  await test('the list speaks the remembered language, else the browser\'s: pt for pt-*', async () => {
    const { page } = await open('', { locale: 'pt-BR' });
    const r = await page.evaluate(() => ({
      lang: ganstep.lang(), html: document.documentElement.lang, title: document.getElementById('course-title').textContent,
      first: document.querySelector('#course .course-lesson').textContent, lib: ganstep.library()[0].title,
    }));
    assertEqual([r.lang, r.html, r.title], ['pt', 'pt-BR', 'Lições'], 'a pt-BR browser');
    assert(r.first.includes(r.lib) && r.first.includes('iniciante'), `lesson 1 in pt: ${r.first}`);
    await shot(page, 'screenshot-course-pt.png');
    await page.context().close();
    const { page: remembered } = await open('', { locale: 'pt-BR', storage: { 'ganstep.lang': 'en' } });
    assertEqual(await remembered.evaluate(() => [ganstep.lang(), document.documentElement.lang]), ['en', 'en'], 'remembered en wins over the browser');
    await remembered.context().close();
    const { page: phone } = await open('', { viewport: PHONE, locale: 'pt-BR' });
    await shot(phone, 'screenshot-course-pt-phone.png');
    await phone.context().close();
  });

  await test('the aria-live region mirrors the narration, its question and Algorithm 1; a DOM choice answers', async () => {
    const { page } = await open('?lesson=two-players&lang=pt&step=20');
    const r = await page.evaluate(() => ({
      html: document.documentElement.lang, beats: ganstep.beats(), reader: ganstep.screenReader(), state: ganstep.state(),
      live: document.getElementById('a11y-narration').getAttribute('aria-live'),
      narration: document.getElementById('a11y-narration').innerText,
      run: document.getElementById('a11y-run').textContent,
    }));
    assertEqual(r.html, 'pt-BR', '<html lang> in pt');
    assertEqual(r.live, 'polite', 'the narration region is aria-live');
    assert(r.beats.text, 'lesson 1 shows a beat at load');
    assert(squash(r.narration).includes(shownText(r.beats.text)),
           `the region ${JSON.stringify(squash(r.narration).slice(0, 300))} lacks the narration ${JSON.stringify(shownText(r.beats.text).slice(0, 300))}`);
    assert(r.run.includes(`${r.state.algorithm_line}: ${r.reader.algorithm_text}`), `the Algorithm 1 line: ${r.run}`);
    assert(r.run.includes(`Iteração 20`) && r.run.includes(`média D(x) = ${r.state.metrics.d_real.toFixed(3)}`), `iteration and key metrics: ${r.run}`);

    // A question: its choices are buttons; one answers through ganstep.answer's path.
    const scripted = fs.readFileSync(path.join(ROOT, 'tests', 'player', 'test_player_lessons.cpp'), 'utf8');
    const toml = /R"TOML\(([\s\S]*?)\)TOML"/.exec(scripted)[1];
    await page.evaluate((t) => { ganstep.openLessonText(t, 'scripted.toml'); ganstep.step('iteration', 5); }, toml);
    await page.waitForFunction(() => document.querySelectorAll('#a11y-narration .choices button:not([disabled])').length === 2, null, { timeout: 5000 });
    const q = await page.evaluate(() => ({
      beats: ganstep.beats(), text: document.getElementById('a11y-narration').innerText,
      choices: [...document.querySelectorAll('#a11y-narration .choices button')].map((b) => b.textContent),
    }));
    assert(q.beats.awaiting_answer, 'a question waits');
    assert(squash(q.text).includes('Uma pergunta.') && squash(q.text).includes('Qual?'), `question text: ${q.text}`);
    assertEqual(q.choices, ['a', 'b'], 'the choices as buttons');
    await page.focus('#a11y-narration .choices button:nth-child(2)');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !ganstep.beats().awaiting_answer, null, { timeout: 5000 });
    const after = await page.evaluate(() => ({ beats: ganstep.beats(), text: document.getElementById('a11y-narration').innerText }));
    assertEqual(after.beats.answers, [-1, -1, 1, -1], 'the DOM choice answered 1');
    assert(after.text.includes('Sua resposta: b Certo!'), `the answer and its verdict, as the panel says them: ${after.text}`);
    await page.waitForFunction((t) => document.getElementById('a11y-narration').textContent.includes(t), after.beats.text, { timeout: 5000 });
    await shot(page, 'screenshot-a11y-pt.png');

    // A numeric question: a field and the Answer button; a decimal comma is read in pt.
    const worked = fs.readFileSync(path.join(ROOT, 'tests', 'player', 'test_player_worked.cpp'), 'utf8');
    const wtoml = /R"toml\(([\s\S]*?)\)toml"/.exec(worked)[1];
    await page.evaluate((t) => { ganstep.openLessonText(t, 'worked.toml'); ganstep.step('iteration', 5); }, wtoml);
    await page.waitForFunction(() => !!document.querySelector('#a11y-narration .choices input:not([disabled])'), null, { timeout: 5000 });
    const field = await page.evaluate(() => document.querySelector('#a11y-narration .choices input').placeholder);
    assertEqual(field, 'um número, p. ex. 0,25', 'the field says what to type');
    await page.fill('#a11y-narration .choices input', '0,0717');
    await page.press('#a11y-narration .choices input', 'Enter');
    await page.waitForFunction(() => !ganstep.beats().awaiting_answer, null, { timeout: 5000 });
    const typed = await page.evaluate(() => ({ beats: ganstep.beats(), text: document.getElementById('a11y-narration').innerText }));
    assertEqual(typed.beats.answers, [-1, -1, '0,0717'], 'the typed answer, recorded as given');
    assert(typed.text.includes('Sua resposta: 0,0717 Certo!'), `the typed answer and its verdict: ${typed.text}`);
    const refused = await page.evaluate(() => { try { ganstep.answer('1'); return ''; } catch (e) { return e.message; } });
    assert(/no question is waiting/.test(refused), `answering with nothing waiting: ${refused}`);
    await page.context().close();
  });

  await test('Tab reaches the DOM controls; keys there stay out of the player; quick taps are not lost', async () => {
    const { page } = await open('?lesson=two-players');
    await page.evaluate(() => document.getElementById('canvas').focus());
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({ tag: document.activeElement.tagName, inRegion: !!document.activeElement.closest('#a11y') }));
    assertEqual(focused, { tag: 'BUTTON', inRegion: true }, 'Tab from the canvas');
    await shot(page, 'screenshot-a11y-focus.png');
    // Space on the focused Play button: the button plays; the player's own Space shortcut does not undo it.
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    assert(await page.evaluate(() => ganstep.playing()), 'Space on the DOM Play button plays (once)');
    await page.evaluate(() => ganstep.pause());
    // Three taps of Space on the canvas within one task (before any frame): play, pause, play.
    const playing = await page.evaluate(async () => {
      const canvas = document.getElementById('canvas');
      canvas.focus();
      const key = (type) => {
        const e = new KeyboardEvent(type, { key: ' ', code: 'Space', bubbles: true, cancelable: true });
        Object.defineProperty(e, 'keyCode', { get: () => 32 });
        Object.defineProperty(e, 'which', { get: () => 32 });
        canvas.dispatchEvent(e);
      };
      for (let i = 0; i < 3; ++i) { key('keydown'); key('keyup'); }
      const seen = [];
      for (let f = 0; f < 10; ++f) {
        await new Promise((r) => requestAnimationFrame(r));
        seen.push(ganstep.playing());
      }
      return seen;
    });
    assertEqual(playing.filter((p, i) => i === 0 || p !== playing[i - 1]).length >= 3 ? playing[playing.length - 1] : 'lost', true,
                `three quick taps of Space (playing per frame: ${playing})`);
    await page.context().close();
  });

  await test('no page errors', async () => {
    assert(pageErrors.length === 0, `page errors:\n${pageErrors.join('\n')}`);
  });
} catch (e) {
  setupError = e;
}
await finish(setupError, { browser, server, watchdog });
console.log('measures ' + JSON.stringify(measures));
exit();
