// window.ganstep: the page's scripting API over the WebAssembly player.
//
//   await ganstep.ready               resolves (with ganstep) once the player is drawn with the URL's lesson
//                                     (an image lesson: after its data arrived)
//   ganstep.lessons()                 ['two-players', ..., 'gauss-1d', ...]: library ids, then aliases
//   ganstep.library()                 [{id, title, summary, level, minutes, images?}] in course order, current language
//   ganstep.openLessonText(text, name)  open a lesson file's TOML text; throws with FILE:LINE:COL lines
//   ganstep.openLink(link)            a share link (URL, '#lesson=...' or the payload)
//   ganstep.shareLink()               the current lesson and settings as a link to this page
//   ganstep.beats()                   {shown, page, text, awaiting_answer, finished}: the lesson's script
//   ganstep.screenReader()            what the aria-live region shows (web/a11y.js): the narration page
//                                     as blocks of spans, its question and choices, the Algorithm 1 line
//   ganstep.answer(i)                 answers the waiting question (0-based choice)
//   ganstep.answer("0,1899")          answers a numeric or free-text question (a decimal comma or point)
//   ganstep.load(id)                  open a lesson at iteration 0; returns a Promise that resolves once it is
//                                     open (an image lesson first downloads its data, with a progress bar;
//                                     a lesson the page cannot run throws its native-only note)
//   ganstep.loading()                 {data, loaded, total} while a lesson's data downloads, else null
//   ganstep.fastForward()             {to, at} while a long ?step= runs on in the background (progress
//                                     window with Cancel), else null; ganstep.cancel() stops it where it is
//   ganstep.loadCheckpoint(bytes, name)  an image lesson continues from a checkpoint (Uint8Array or
//                                     ArrayBuffer, e.g. OUT/checkpoint.gsck of `ganstep run dcgan-mnist`); throws
//                                     with the reason on a bad one, and the run goes on unchanged
//   ganstep.step(size, n = 1)         size: 'phase' | 'dstep' | 'iteration'. An image lesson trains in
//                                     a Web Worker (web/worker.js): its steps, backs and seeks go on there
//                                     after the call returns, while the page stays live
//   ganstep.busy()                    true while such a move goes on; await ganstep.idle() for its end
//   ganstep.back(n = 1)               n iterations back (exact)
//   ganstep.backPhases(n = 1)         n phases back (exact)
//   ganstep.set(key, value)           a setting (lr_d, k, g_loss, ...; others restart the run)
//   ganstep.drawPoints([[x, y], ...]) drawn 2-D data, as the 2-D view's brush draws it: the points join
//                                     the run's data (or replace data that are not points) and the run
//                                     restarts, same seed; a share link carries them. Throws (nothing
//                                     changes) on a lesson that is not 2-D, locked data, a point that is
//                                     not two finite numbers in -1e6..1e6, or more than 10000 points
//   ganstep.setTargetPng(bytes, name = 'digit.png')  find-latent: a 28x28 PNG (Uint8Array, ArrayBuffer or
//                                     Blob; decoded by the browser, any bit depth, alpha over white paper, a
//                                     mostly light image inverted) becomes the target, as the panel's "Use
//                                     drawing" sets it; a Promise that rejects with the reason (not an image,
//                                     not 28x28, another lesson open) and nothing changes. A .png dropped on
//                                     the page does this, and shows the reason on the page. In detect-fakes
//                                     the digit is scored instead (in the worker) and placed on the
//                                     histogram: state().scoring while it is, then state().yours
//                                     {error, d, confidence} (or state().yours_error)
//   ganstep.clearData()               back to the lesson's own data (the run restarts)
//   ganstep.dataCsv()                 the run's data points as CSV ("x,y" rows); throws when they are not points
//   ganstep.saveDataCsv(name)         downloads dataCsv() as a file (as the view's "Save CSV…" button does)
//   ganstep.reset()                   back to iteration 0, same settings
//   ganstep.seek(iteration)           jump to an iteration
//   ganstep.state()                   {lesson, seed, steps, state_hash, metrics, phase, algorithm_line, dstep, k};
//                                     find-latent: {..., loss, pixel_mse, feature_mse, target, correlation (of
//                                     G(z)'s pixels with the target's), target_ink (0..1)};
//                                     detect-fakes: {..., scored (digits per group), auc [{fakes, resynthesis,
//                                     discriminator, classifier}], scored_ahead (batches the helper worker
//                                     scored), scoring, yours}
//   ganstep.setLang('pt' | 'en'), ganstep.lang()
//   ganstep.play(), ganstep.pause(), ganstep.playing()
//   ganstep.perf()                    {frame_ms, shell_frame_ms, shell_player_ms, shell_render_ms,
//                                      iterations_per_second, frames}   (CPU ms of the last frame drawn;
//                                     frames: how many were drawn: an idle page draws 4 a second),
//                                     reply_ms (the longest handling of a training worker's reply
//                                     since the last perf())
//   ganstep.pointer()                 {x, y}: the mouse as ImGui sees it, in device pixels
//   ganstep.opensCourse               true for the bare URL (no ?lesson=, no #lesson=): lesson 1, list open
//   ganstep.course.open(), .close(), .isOpen()   the list of lessons (web/course.js)
//   ganstep.layout()                  {compact, focus, window, controls, tabs, tab, panels, items, counters}:
//                                     where the last frame drew panels and controls (device pixels)
//   ganstep.readyMs                   navigation start to ready, in ms
//   ganstep.startMs                   the module's start (files loaded, wasm compiled) to ready, in ms:
//                                     main() opening the link's lesson at its step, and the first frame
//
// Bad arguments throw JS Errors; the WebAssembly module is never asked to do
// something it would crash on. URL: ?lesson=ID&seed=S&step=N&lang=pt|en[&worker=0][&helper=0]#lesson=LINK; the
// values are checked once, by web/main.cpp (seed with the CLI's parse_seed), and a bad one
// shows a warning. Without ?lesson= (and #lesson=) the page opens the course: its first
// lesson, with the list of lessons over it (web/course.js).
// The language chosen last is remembered in localStorage (?lang= wins; then the
// browser's language: pt for pt-*, else en). A
// lesson file (.toml) dropped on the page, or picked with "Open…", opens; a
// checkpoint (.gsck) dropped, or picked with "Checkpoint…", loads.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas');
  const STEP_SIZES = ['phase', 'dstep', 'iteration'];
  const MAX_STEPS = 100000000;
  const MAX_LESSON_BYTES = 1 << 20;
  const MAX_CHECKPOINT_BYTES = 256 << 20;
  const MAX_POINTS = 10000;   // a lesson's [data] points
  const MAX_COORDINATE = 1e6;

  function setStatus(text) {
    const s = $('status');
    if (s) s.textContent = text;
  }
  function showError(text) {
    const e = $('error');
    if (!e) return;
    e.textContent = text;
    e.hidden = false;
  }
  const warnings = [];
  function showWarning(text) {
    const w = $('warning');
    if (!w) return;
    warnings.push(text);
    w.textContent = warnings.join('\n');
    w.hidden = false;
    clearTimeout(showWarning.timer);
    showWarning.timer = setTimeout(() => { w.hidden = true; warnings.length = 0; }, 10000);
  }

  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});   // awaiting it still throws; no 'unhandled rejection' noise otherwise
  let isReady = false;
  let dead = null;   // why the module stopped, once it has
  let runtimeAt = null;   // performance.now() when the module's runtime started (before main)

  // ?lesson=ID&seed=S&step=N&lang=pt|en, handed to main.cpp, which checks them;
  // ?worker=0 trains image lessons on the page's own thread (the fallback, and
  // the long-task test's comparison); ?helper=0 scores every batch of
  // detect-fakes in the training worker (no second worker).
  const params = new URLSearchParams(location.search);
  const args = [];
  for (const key of ['lesson', 'seed', 'step', 'lang', 'worker', 'helper']) {
    const v = params.get(key);
    if (v !== null && v !== '') args.push('--' + key, v);
  }
  const LANG_KEY = 'ganstep.lang';
  function storage(f) { try { return f(window.localStorage); } catch (e) { return null; } }  // blocked storage
  if (!params.get('lang')) {
    const remembered = storage((s) => s.getItem(LANG_KEY));
    const browser = /^pt(-|$)/i.test(navigator.language || '') ? 'pt' : 'en';
    args.push('--lang', remembered === 'pt' || remembered === 'en' ? remembered : browser);
  }
  // <html lang> from the start (web/a11y.js keeps it in step with the player once ready).
  const startLang = args[args.lastIndexOf('--lang') + 1];
  if (startLang === 'pt' || startLang === 'pt-BR' || startLang === 'en') document.documentElement.lang = startLang === 'en' ? 'en' : 'pt-BR';
  args.push('--share-base', location.origin + location.pathname + location.search);
  if (location.hash.startsWith('#lesson=')) args.push('--link', location.hash);
  // The bare URL opens the course (web/course.js shows the list of lessons once ready).
  const opensCourse = !params.get('lesson') && !location.hash.startsWith('#lesson=');
  // A lesson opened through the API (ganstep.load, openLink, openLessonText): the page's
  // DOM parts (the course list, the screen-reader region) listen for 'ganstep:lesson'.
  function lessonOpened() { window.dispatchEvent(new CustomEvent('ganstep:lesson')); }

  function fail(why) {
    if (dead) return;
    dead = why;
    setStatus('');
    const loading = $('loading');
    if (loading) loading.hidden = true;
    showError('ganstep stopped: ' + why);
    rejectReady(new Error('ganstep: ' + why));
  }

  if (!canvas || !canvas.getContext) {
    fail('no canvas');
  } else {
    const probe = document.createElement('canvas');
    if (!probe.getContext('webgl2')) fail('this page needs WebGL2, which this browser does not provide');
  }
  if (canvas) {
    canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      showError('the WebGL context was lost; reload the page');
    });
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());
  }

  window.Module = {
    canvas,
    arguments: args,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    // Emscripten reports 'Downloading data... (loaded/total)', then ''.
    setStatus: (text) => {
      const m = /\((\d+)\/(\d+)\)/.exec(text || '');
      setStatus(!text ? 'Starting…' : m && +m[2] > 0 ? `Downloading… ${Math.floor(100 * m[1] / m[2])}%` : text);
    },
    onGanstepWarning: (text) => showWarning('ganstep: ' + text),
    // A C++ exception caught at the module's edge (web/main.cpp): shown, the page goes on.
    onGanstepError: (text) => showError(text),
    onGanstepLang: (lang) => storage((s) => s.setItem(LANG_KEY, lang)),
    onGanstepPickFile: () => picker.click(),
    onGanstepPickCheckpoint: () => checkpointPicker.click(),
    onGanstepSave: (name, text) => download(name, text, 'text/csv'),
    onGanstepCopy: (text) => {
      if (navigator.clipboard) navigator.clipboard.writeText(text).catch(() => showWarning('ganstep: the browser refused the clipboard; select the link and copy it'));
    },
    // An image lesson waits for its data package (web/data.js); the player opens it on arrival.
    onGanstepFetchData: (name) => fetchData(name),
    onGanstepReady: () => {
      if (dead) return;
      const waiting = Module.ccall('gs_pending_data', 'string', [], []);
      if (waiting) {   // the URL's lesson: ready once it is open
        fetchData(waiting).then(finishReady, finishReady);
        return;
      }
      finishReady();
    },
    onAbort: (what) => fail(String(what || 'aborted')),
    onRuntimeInitialized: () => { runtimeAt = performance.now(); },
    // A command of the image run for the training worker (web/main.cpp's WorkerExecutor).
    // which: 0 the training worker, 1 the helper (a detect lesson's batches scored ahead).
    ganstepWorkerPost: (buffer, which) => {
      const w = which === 1 ? helper() : trainer();
      if (w) w.postMessage(buffer, [buffer]);
    },
  };
  // The training worker: started with the first image lesson; it gets each
  // data package's files before any command (web/data.js keeps them). If it
  // cannot start or stops (its script or wasm did not load, its memory ran
  // out), image lessons train on this page's thread from then on
  // (gs_worker_failed: the open lesson starts over here at the same
  // iteration), and the page says so.
  let worker = null;
  let workerFailed = false;
  let replyMs = 0;   // the longest handling of a worker's reply since perf() last read it
  const sentData = new Set();
  function workerFailure(why) {
    if (workerFailed || dead) return;
    workerFailed = true;
    if (worker) worker.terminate();
    worker = null;
    const text = 'the training worker failed (' + String(why || 'could not start').slice(0, 200) +
                 '): image lessons now train on this page\'s thread (slower; the page may stutter while they play)';
    showWarning('ganstep: ' + text);
    setTimeout(() => Module.ccall('gs_worker_failed', 'number', ['string'], [text]), 0);   // not inside a call of the module
  }
  function trainer() {
    if (workerFailed) return null;
    if (!worker) worker = startWorker('gs_worker_reply', workerFailure, () => workerFailed);
    if (!worker) return null;
    sendData(worker, sentData);
    return worker;
  }
  // A worker.js whose replies go to the module's fn; failure(why) when it cannot
  // start or stops (failed(): said already, later messages are dropped). Null if it could not start.
  function startWorker(fn, failure, failed) {
    let w;
    try {
      w = new Worker('worker.js');
    } catch (e) {
      failure(String(e && e.message || e));
      return null;
    }
    w.onmessage = (e) => {
      if (dead || failed()) return;
      if (e.data instanceof ArrayBuffer) deliver(e.data, fn);
      else if (e.data && e.data.error) failure(e.data.error);
    };
    w.onerror = (e) => {
      e.preventDefault();
      failure(e.message || 'worker.js did not load');
    };
    w.onmessageerror = () => failure('a reply could not be read');
    return w;
  }
  // A reply of a worker, handed to the module (gs_worker_reply, gs_helper_reply).
  function deliver(buffer, fn) {
    const bytes = new Uint8Array(buffer);
    const ptr = Module._malloc(Math.max(1, bytes.length));
    if (!ptr) { showError('ganstep: out of memory for a reply of the training worker'); return; }
    const t0 = performance.now();
    try {
      Module.HEAPU8.set(bytes, ptr);
      Module.ccall(fn, 'number', ['number', 'number'], [ptr, bytes.length]);
    } finally {
      Module._free(ptr);
      replyMs = Math.max(replyMs, performance.now() - t0);
    }
  }
  // Every data package that arrived and was not sent to this worker yet (before any command).
  function sendData(w, sent) {
    for (const name of window.ganstepData.arrived()) {
      if (sent.has(name)) continue;
      sent.add(name);
      w.postMessage({ files: window.ganstepData.files(name) });
    }
  }
  // The helper: a second worker (the same worker.js) that scores a detect
  // lesson's batches from the last one down while the training worker scores
  // from the first (lessons/run/remote_run.h). Started with its first
  // command; on one core, or if it cannot start or stops, there is none and
  // the training worker scores every batch (the same numbers, later).
  let helperWorker = null;
  let helperFailed = false;
  const helperData = new Set();
  function helperFailure() {
    if (helperFailed || dead) return;
    helperFailed = true;
    if (helperWorker) helperWorker.terminate();
    helperWorker = null;
    setTimeout(() => Module.ccall('gs_helper_failed', 'number', [], []), 0);
  }
  function helper() {
    if (helperFailed || workerFailed) return null;
    if (!helperWorker) {
      if ((navigator.hardwareConcurrency || 2) < 2) {
        helperFailure();
        return null;
      }
      helperWorker = startWorker('gs_helper_reply', helperFailure, () => helperFailed);
      if (!helperWorker) return null;
    }
    sendData(helperWorker, helperData);
    return helperWorker;
  }
  // A file for the user (drawn data's CSV): a Blob behind a temporary link.
  function download(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  // Data sets: one download each (web/data.js), then the player opens the waiting lesson.
  const arrivals = new Map();
  function fetchData(name) {
    if (!arrivals.has(name)) {
      const done = window.ganstepData.fetch(Module, name, pageLang()).then(
        () => Module.ccall('gs_data_arrived', 'number', ['string', 'string'], [name, '']),
        (e) => {
          arrivals.delete(name);
          const why = `the ${name} data could not be loaded: ${e && e.message || e}`;
          Module.ccall('gs_data_arrived', 'number', ['string', 'string'], [name, why]);
          showWarning('ganstep: ' + why);
          throw new Error('ganstep: ' + why);
        });
      arrivals.set(name, done);
    }
    return arrivals.get(name);
  }
  // The player's language; before it exists (the URL's image lesson), the one it is opened with.
  function pageLang() {
    if (isReady) return api.lang();
    const i = args.lastIndexOf('--lang');
    return i >= 0 && args[i + 1] === 'pt' ? 'pt' : 'en';
  }
  function finishReady() {
    if (dead) return;
    isReady = true;
    api.readyMs = performance.now();   // since navigation start
    api.startMs = runtimeAt === null ? null : api.readyMs - runtimeAt;
    const loading = $('loading');
    if (loading) loading.hidden = true;
    canvas.focus();
    resolveReady(api);
  }
  window.addEventListener('error', (e) => {
    if (!isReady && e.message && /wasm|WebAssembly|ganstep/i.test(e.message)) fail(e.message);
  });

  // ---- calls into the module ----
  function call(name, ret, types, values) {
    if (dead) throw new Error('ganstep: the player stopped (' + dead + ')');
    if (!isReady) throw new Error('ganstep: not ready yet (await ganstep.ready)');
    try {
      return Module.ccall(name, ret, types, values);
    } catch (e) {
      fail(String(e && e.message || e));
      throw new Error('ganstep: ' + name + ' failed: ' + (e && e.message || e));
    }
  }
  function lastError(what) {
    const e = call('gs_last_error', 'string', [], []);
    return new Error('ganstep.' + what + ': ' + (e || 'failed'));
  }
  function check(what, ok) {
    if (!ok) throw lastError(what);
  }
  function count(what, n, name) {
    if (n === undefined) return 1;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_STEPS) {
      throw new Error(`ganstep.${what}: ${name} must be an integer from 0 to ${MAX_STEPS}, not ${JSON.stringify(n)}`);
    }
    return n;
  }
  function text(what, v, name) {
    if (typeof v !== 'string' || v === '') {
      throw new Error(`ganstep.${what}: ${name} must be a non-empty string, not ${JSON.stringify(v)}`);
    }
    return v;
  }

  const api = {
    ready,
    readyMs: null,
    startMs: null,
    opensCourse,   // the bare URL: lesson 1 with the list of lessons over it
    lessons() {
      return JSON.parse(call('gs_lessons_json', 'string', [], []));
    },
    library() {
      return JSON.parse(call('gs_library_json', 'string', [], []));
    },
    openLessonText(source, name = 'lesson.toml') {
      if (typeof source !== 'string') throw new Error('ganstep.openLessonText: the lesson must be a string of TOML');
      if (source.length > MAX_LESSON_BYTES) {
        throw new Error(`ganstep.openLessonText: ${name} is ${source.length} characters; lessons are at most ${MAX_LESSON_BYTES}`);
      }
      check('openLessonText', call('gs_open_text', 'number', ['string', 'string'], [source, String(name)]));
      lessonOpened();
    },
    openLink(link) {
      text('openLink', link, 'the link');
      check('openLink', call('gs_open_link', 'number', ['string'], [link]));
      lessonOpened();
    },
    shareLink() {
      const link = call('gs_share_link', 'string', [], []);
      if (!link) throw lastError('shareLink');
      return link;
    },
    beats() {
      return JSON.parse(call('gs_beats_json', 'string', [], []));
    },
    screenReader() {
      return JSON.parse(call('gs_screen_reader_json', 'string', [], []));
    },
    // Where the last frame put the panels and controls, in the player's pixels (Player::layout_json).
    layout() {
      return JSON.parse(call('gs_layout_json', 'string', [], []));
    },
    answer(choice) {
      if (typeof choice === 'string') {  // a numeric ("0,1899") or free-text question
        if (choice.length > 1000) throw new Error('ganstep.answer: the answer is too long (at most 200 bytes)');
        check('answer', call('gs_answer_text', 'number', ['string'], [choice]));
        return;
      }
      if (!Number.isInteger(choice) || choice < 0) throw new Error(`ganstep.answer: the choice must be an integer >= 0 or a text, not ${JSON.stringify(choice)}`);
      check('answer', call('gs_answer', 'number', ['number'], [choice]));
    },
    load(id) {
      text('load', id, 'the lesson id');
      const ids = api.lessons();
      if (!ids.includes(id)) {
        throw new Error(`ganstep.load: unknown lesson "${id}" (lessons: ${ids.join(', ')})`);
      }
      check('load', call('gs_load', 'number', ['string'], [id]));
      const waiting = call('gs_pending_data', 'string', [], []);
      if (!waiting) {
        lessonOpened();
        return Promise.resolve();
      }
      return fetchData(waiting).then(() => {
        if (api.state().lesson !== id) throw lastError('load');
        lessonOpened();
      });
    },
    drawPoints(points) {
      if (!Array.isArray(points) || points.length === 0) {
        throw new Error('ganstep.drawPoints: give a non-empty array of [x, y] points');
      }
      if (points.length > MAX_POINTS) {
        throw new Error(`ganstep.drawPoints: ${points.length} points; at most ${MAX_POINTS} can be drawn`);
      }
      const list = points.map((p, i) => {
        const ok = Array.isArray(p) && p.length === 2 &&
          p.every((v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE);
        if (!ok) {
          const shown = Array.isArray(p) ? '[' + p.map(String).join(', ') + ']' : String(p);
          throw new Error(`ganstep.drawPoints: point ${i + 1} must be [x, y], two finite numbers in -1e6..1e6, not ${shown.slice(0, 80)}`);
        }
        return p[0] + ',' + p[1];
      }).join(';');
      check('drawPoints', call('gs_draw_points', 'number', ['string'], [list]));
    },
    setTargetPng(bytes, name = 'digit.png') {
      const shown = String(name).slice(0, 80);
      const fail = (why) => Promise.reject(new Error('ganstep.setTargetPng: ' + why));
      let blob;
      if (bytes instanceof Blob) blob = bytes;
      else if (bytes instanceof ArrayBuffer || ArrayBuffer.isView(bytes)) blob = new Blob([bytes], { type: 'image/png' });
      else return fail('give the PNG as a Uint8Array, an ArrayBuffer or a Blob');
      if (blob.size > MAX_CHECKPOINT_BYTES) return fail(`${shown}: ${blob.size} bytes is too large for a digit`);
      return createImageBitmap(blob, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' }).then((image) => {
        const w = image.width, h = image.height;
        if (w > 4096 || h > 4096) { image.close(); throw new Error(`${shown}: ${w}x${h} pixels; a digit is 28x28 (as in MNIST): resize it first`); }
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        const g = c.getContext('2d');
        g.drawImage(image, 0, 0);
        image.close();
        const rgba = g.getImageData(0, 0, w, h).data;
        const ptr = Module._malloc(rgba.length);
        if (!ptr) throw new Error(`${shown}: out of memory for the image`);
        try {
          Module.HEAPU8.set(rgba, ptr);
          check('setTargetPng', call('gs_set_target_image', 'number', ['number', 'number', 'number', 'string'], [ptr, w, h, shown]));
        } finally {
          Module._free(ptr);
        }
      }, () => { throw new Error(`${shown}: not an image the browser can decode (a PNG of a 28x28 digit is expected)`); })
        .catch((e) => fail(String(e && e.message || e).replace(/^ganstep\.setTargetPng: /, '')));
    },
    clearData() {
      check('clearData', call('gs_clear_data', 'number', [], []));
    },
    dataCsv() {
      const csv = call('gs_data_csv', 'string', [], []);
      if (!csv) throw new Error('ganstep.dataCsv: the data are not drawn or inline points');
      return csv;
    },
    saveDataCsv(name = 'ganstep-data.csv') {
      text('saveDataCsv', name, 'the file name');
      download(name, api.dataCsv(), 'text/csv');
    },
    fastForward() {
      const j = call('gs_fast_forward_json', 'string', [], []);
      return j ? JSON.parse(j) : null;
    },
    cancel() {
      check('cancel', call('gs_cancel_fast_forward', 'number', [], []));
    },
    loading() {
      return window.ganstepData ? window.ganstepData.progress() : null;
    },
    loadCheckpoint(bytes, name = 'checkpoint.gsck') {
      if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
      else if (ArrayBuffer.isView(bytes)) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      else throw new Error('ganstep.loadCheckpoint: give the checkpoint as a Uint8Array or an ArrayBuffer');
      if (bytes.length > MAX_CHECKPOINT_BYTES) {
        throw new Error(`ganstep.loadCheckpoint: ${name} is ${bytes.length} bytes; checkpoints are at most ${MAX_CHECKPOINT_BYTES}`);
      }
      if (dead) throw new Error('ganstep: the player stopped (' + dead + ')');
      if (!isReady) throw new Error('ganstep: not ready yet (await ganstep.ready)');
      // Into the module's memory (too large for ccall's stack copy), then the C API reads it.
      const ptr = Module._malloc(Math.max(1, bytes.length));
      if (!ptr) throw new Error('ganstep.loadCheckpoint: out of memory for ' + bytes.length + ' bytes');
      try {
        Module.HEAPU8.set(bytes, ptr);
        check('loadCheckpoint', call('gs_load_checkpoint', 'number', ['number', 'number', 'string'], [ptr, bytes.length, String(name)]));
      } finally {
        Module._free(ptr);
      }
    },
    step(size, n) {
      if (!STEP_SIZES.includes(size)) {
        throw new Error(`ganstep.step: unknown step size ${JSON.stringify(size)} (use 'phase', 'dstep' or 'iteration')`);
      }
      check('step', call('gs_step', 'number', ['string', 'number'], [size, count('step', n, 'n')]));
    },
    back(n) {
      check('back', call('gs_back', 'number', ['number'], [count('back', n, 'n')]));
    },
    backPhases(n) {
      check('backPhases', call('gs_back_phases', 'number', ['number'], [count('backPhases', n, 'n')]));
    },
    set(key, value) {
      text('set', key, 'the key');
      if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
      text('set', value, 'the value');
      check('set', call('gs_set', 'number', ['string', 'string'], [key, value]));
    },
    reset() {
      check('reset', call('gs_reset', 'number', [], []));
    },
    seek(iteration) {
      if (iteration === undefined) throw new Error('ganstep.seek: give an iteration number');
      check('seek', call('gs_seek', 'number', ['number'], [count('seek', iteration, 'the iteration')]));
    },
    busy() {
      return call('gs_busy', 'number', [], []) !== 0;
    },
    idle(timeoutMs = 60000) {   // resolves once no move goes on in the worker
      const t0 = performance.now();
      return new Promise((resolve, reject) => {
        const poll = () => {
          if (!api.busy()) resolve(api);
          else if (performance.now() - t0 > timeoutMs) reject(new Error(`ganstep.idle: still busy after ${timeoutMs} ms`));
          else setTimeout(poll, 5);
        };
        poll();
      });
    },
    state() {
      const s = call('gs_state_json', 'string', [], []);
      if (!s) throw lastError('state');
      return JSON.parse(s);
    },
    setLang(lang) {
      if (lang !== 'pt' && lang !== 'en') {
        throw new Error(`ganstep.setLang: unknown language ${JSON.stringify(lang)} (use 'pt' or 'en')`);
      }
      check('setLang', call('gs_set_lang', 'number', ['string'], [lang]));
    },
    lang() {
      return call('gs_lang', 'string', [], []);
    },
    play() {
      check('play', call('gs_set_playing', 'number', ['number'], [1]));
    },
    pause() {
      check('pause', call('gs_set_playing', 'number', ['number'], [0]));
    },
    playing() {
      return call('gs_playing', 'number', [], []) !== 0;
    },
    perf() {
      return {
        frame_ms: call('gs_frame_ms', 'number', [], []),
        shell_frame_ms: call('gs_shell_frame_ms', 'number', [], []),
        shell_player_ms: call('gs_shell_player_ms', 'number', [], []),
        shell_render_ms: call('gs_shell_render_ms', 'number', [], []),
        reply_ms: (() => { const r = replyMs; replyMs = 0; return r; })(),
        iterations_per_second: call('gs_iterations_per_second', 'number', [], []),
        frames: call('gs_frames', 'number', [], []),
      };
    },
    pointer() {   // where ImGui sees the mouse, in canvas (device) pixels
      return { x: call('gs_mouse_x', 'number', [], []), y: call('gs_mouse_y', 'number', [], []) };
    },
  };
  window.ganstep = api;

  // Lesson files: "Open…" (a hidden file input) and drag-and-drop on the page.
  // Problems show in the player's problems window; the current lesson keeps running.
  function openFile(file) {
    if (!file) return;
    if (!isReady) { showWarning('ganstep: still loading; drop the lesson again in a moment'); return; }
    if (file.size > MAX_LESSON_BYTES) { showWarning(`ganstep: ${file.name} is too large for a lesson (${file.size} bytes)`); return; }
    file.text().then((t) => {
      try { api.openLessonText(t, file.name); } catch (e) { console.warn(e.message); }
    }, () => showWarning(`ganstep: cannot read ${file.name}`));
  }
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = '.toml,text/plain';
  picker.hidden = true;
  picker.id = 'lesson-file';
  picker.addEventListener('change', () => { openFile(picker.files[0]); picker.value = ''; });
  document.body.appendChild(picker);
  // Checkpoints (image lessons): "Checkpoint…" and .ckpt files dropped on the page.
  // A bad one shows its error in the player's status line; the run goes on.
  function openCheckpoint(file) {
    if (!file) return;
    if (!isReady) { showWarning('ganstep: still loading; drop the checkpoint again in a moment'); return; }
    if (file.size > MAX_CHECKPOINT_BYTES) { showWarning(`ganstep: ${file.name} is too large for a checkpoint (${file.size} bytes)`); return; }
    file.arrayBuffer().then((buf) => {
      try { api.loadCheckpoint(buf, file.name); } catch (e) { console.warn(e.message); }
    }, () => showWarning(`ganstep: cannot read ${file.name}`));
  }
  const checkpointPicker = document.createElement('input');
  checkpointPicker.type = 'file';
  checkpointPicker.accept = '.gsck,.ckpt,application/octet-stream';
  checkpointPicker.hidden = true;
  checkpointPicker.id = 'checkpoint-file';
  checkpointPicker.addEventListener('change', () => { openCheckpoint(checkpointPicker.files[0]); checkpointPicker.value = ''; });
  document.body.appendChild(checkpointPicker);
  // A digit (PNG) dropped on the page: find-latent's target, detect-fakes' digit to score; a bad one's reason shows on the page.
  function openDigit(file) {
    if (!isReady) { showWarning('ganstep: still loading; drop the digit again in a moment'); return; }
    api.setTargetPng(file, file.name).catch((e) => showWarning(e.message));
  }
  window.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file && /\.(gsck|ckpt)$/i.test(file.name)) openCheckpoint(file);
    else if (file && (/\.png$/i.test(file.name) || file.type === 'image/png')) openDigit(file);
    else openFile(file);
  });
  // A share link pasted into the address bar of an open page.
  window.addEventListener('hashchange', () => {
    if (!isReady || !location.hash.startsWith('#lesson=')) return;
    try { api.openLink(location.hash); } catch (e) { console.warn(e.message); }
  });

  // The Emscripten module itself (it reads window.Module).
  if (!dead) {
    const script = document.createElement('script');
    script.src = 'ganstep.js';
    script.async = true;
    script.onerror = () => fail('could not load ganstep.js');
    document.body.appendChild(script);
  }
})();
