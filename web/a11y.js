// The page's DOM beside the canvas, for keyboards and screen readers:
//
//   #a11y            a region after the canvas: the player's buttons as real <button>s
//                    (Play/Pause, steps, back, the list of lessons), the narration page
//                    shown (aria-live), its question with one <button> per choice, and
//                    the Algorithm 1 line about to run with the key metrics. Hidden
//                    from sight until a control in it has the focus (Tab from the canvas).
//   <html lang>      follows the player's language (pt-BR or en).
//   keyboard         Tab moves the browser's focus (Emscripten's GLFW would swallow it);
//                    keys typed on a DOM control stay there and never reach the player.
//
// Everything goes through window.ganstep: a choice answers with ganstep.answer(i),
// the path of the narration panel's Answer button. Texts come from
// ganstep.screenReader() (the player's own strings and the lesson's), polled a few
// times a second and written only when they change.
(function () {
  'use strict';
  const POLL_MS = 250;
  const canvas = document.getElementById('canvas');
  const region = document.getElementById('a11y');

  // ---- keyboard routing ----
  // Emscripten's GLFW listens on window (capture) and cancels Tab. These listeners are
  // registered before ganstep.js adds GLFW's, so they run first: a key typed on a DOM
  // control, and Tab anywhere, stop here (the browser still does its default: focus
  // moves, a button clicks) and never reach the player. A key released on a DOM control
  // after it was pressed on the canvas still reaches the player (no key stays held).
  // Page listeners that need these keys (web/course.js) register on window, capture,
  // before this file runs.
  function onDomControl(e) {
    const t = e.target;
    return t instanceof Element && t !== canvas && t !== document.body && t !== document.documentElement;
  }
  const keptFromPlayer = new Set();   // KeyboardEvent.code of the keys pressed on DOM controls
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' && !onDomControl(e)) return;
    keptFromPlayer.add(e.code);
    e.stopImmediatePropagation();
  }, true);
  window.addEventListener('keypress', (e) => {
    if (e.key === 'Tab' || onDomControl(e)) e.stopImmediatePropagation();
  }, true);
  window.addEventListener('keyup', (e) => {
    if (keptFromPlayer.delete(e.code)) e.stopImmediatePropagation();
  }, true);
  if (!region || !window.ganstep) return;

  const el = (tag, props = {}, children = []) => {
    const n = document.createElement(tag);
    Object.assign(n, props);
    for (const c of children) n.append(c);
    return n;
  };
  const REGION_LABEL = { en: 'Lesson text and controls', pt: 'Texto da lição e controles' };
  const RUN_WORDS = {
    en: { iteration: 'Iteration', line: 'Algorithm 1, line', metrics: 'Key metrics' },
    pt: { iteration: 'Iteração', line: 'Algoritmo 1, linha', metrics: 'Métricas principais' },
  };
  // The key metrics (state().metrics), named as the charts name them (screenReader().labels).
  const METRICS = ['d_real', 'd_fake', 'loss_d', 'loss_g'];
  const plain = (label) => label.replace(/[▶❚▸◂]/g, '').trim();

  const controls = el('div', { role: 'toolbar', id: 'a11y-controls' });
  const narration = el('div', { id: 'a11y-narration' });
  narration.setAttribute('aria-live', 'polite');
  const runText = el('div', { id: 'a11y-run' });
  runText.setAttribute('aria-live', 'polite');
  runText.setAttribute('aria-atomic', 'true');
  region.append(controls, narration, runText);

  function button(key, action) {
    const b = el('button', { type: 'button' });
    b.dataset.key = key;
    b.addEventListener('click', () => {
      try { action(); } catch (e) { console.warn(e.message); }
      update(true);
    });
    return b;
  }
  const buttons = [
    button('play', () => (ganstep.playing() ? ganstep.pause() : ganstep.play())),
    button('back_iteration', () => ganstep.back(1)),
    button('back_phase', () => ganstep.backPhases(1)),
    button('step_phase', () => ganstep.step('phase', 1)),
    button('step_iteration', () => ganstep.step('iteration', 1)),
    button('lesson', () => window.dispatchEvent(new CustomEvent('ganstep:course'))),
  ];
  controls.append(...buttons);

  // Markdown blocks (Player::screen_reader_json: {kind, level, spans:[{text, bold, italic}]};
  // list items with ordered/number, tables with rows of cells) as DOM, text only:
  // lists as <ul>/<ol>, tables as <table> with a <thead> of <th> cells.
  function spans(node, list) {
    for (const s of list || []) {
      let t = document.createTextNode(s.text);
      if (s.code) t = el('code', {}, [t]);
      if (s.italic) t = el('em', {}, [t]);
      if (s.bold) t = el('strong', {}, [t]);
      node.append(t);
    }
    return node;
  }
  function table(b) {
    const t = el('table');
    const head = el('thead'), body = el('tbody');
    (b.rows || []).forEach((row, r) => {
      const header = r < (b.header_rows || 0);
      const tr = el('tr');
      for (const cell of row) {
        const c = spans(el(header ? 'th' : 'td'), cell);
        if (header) c.setAttribute('scope', 'col');
        tr.append(c);
      }
      (header ? head : body).append(tr);
    });
    if (head.childNodes.length) t.append(head);
    t.append(body);
    return t;
  }
  function blocks(list) {
    const out = [];
    let listEl = null;
    for (const b of list || []) {
      if (b.kind === 'li') {
        const tag = b.ordered ? 'ol' : 'ul';
        if (!listEl || listEl.tagName.toLowerCase() !== tag || (b.ordered && b.number === 1 && listEl.childNodes.length)) {
          out.push(listEl = el(tag));
          if (b.ordered && b.number !== 1) listEl.setAttribute('start', String(b.number));
        }
        listEl.append(spans(el('li'), b.spans));
        continue;
      }
      listEl = null;
      if (b.kind === 'table') out.push(table(b));
      else out.push(spans(el(b.kind === 'h' ? 'h' + Math.min(6, 2 + b.level) : 'p'), b.spans));
    }
    return out;
  }

  let lastNarration = '', lastRun = '', lastLang = '';
  function update(force) {
    let r, s;
    try {
      r = ganstep.screenReader();
      s = ganstep.state();
    } catch (e) {
      return;   // the player stopped: the page's error box says why
    }
    if (r.lang !== lastLang) {
      lastLang = r.lang;
      document.documentElement.lang = r.lang === 'pt' ? 'pt-BR' : 'en';
      region.setAttribute('aria-label', REGION_LABEL[r.lang] || REGION_LABEL.en);
    }
    for (const b of buttons) {
      const key = b.dataset.key === 'play' && r.playing ? 'pause' : b.dataset.key;
      const label = r.labels[key] || key;
      if (b.textContent !== label) {
        b.textContent = label;
        b.setAttribute('aria-label', plain(label));
      }
    }
    // The narration: announced when the page, the question or the language changes.
    const n = JSON.stringify([r.lang, r.title, r.blocks, r.question, r.status, r.problems]);
    if (force || n !== lastNarration) {
      lastNarration = n;
      const parts = [el('h2', { textContent: r.title }), ...blocks(r.blocks)];
      const q = r.question;
      if (q) {
        parts.push(...blocks(q.prompt));
        const choices = el('div', { role: 'group', className: 'choices' });
        if (q.kind === 'number' || q.kind === 'text') {   // a field and the Answer button, in a form:
          // Enter in the field submits it (the browser's default action; key events stop above).
          const form = el('form', { className: 'answer' });
          const field = el('input', { type: 'text', value: q.open ? '' : q.given, disabled: !q.open,
                                      placeholder: q.placeholder || '' });
          if (q.kind === 'number') field.setAttribute('inputmode', 'decimal');
          field.setAttribute('aria-label', q.placeholder || '');
          const send = el('button', { type: 'submit', textContent: r.labels.answer || 'Answer', disabled: !q.open });
          form.addEventListener('submit', (ev) => {
            ev.preventDefault();
            try { ganstep.answer(field.value); } catch (e) { console.warn(e.message); }
            update(true);
          });
          form.append(field, send);
          choices.append(form);
        }
        q.choices.forEach((text, i) => {
          const b = el('button', { type: 'button', textContent: text, disabled: !q.open });
          if (i === q.given) b.setAttribute('aria-pressed', 'true');
          b.addEventListener('click', () => {
            try { ganstep.answer(i); } catch (e) { console.warn(e.message); }
            update(true);
          });
          choices.append(b);
        });
        parts.push(choices);
        if (q.your_answer) parts.push(el('p', { textContent: q.verdict ? `${q.your_answer} ${q.verdict}` : q.your_answer }));
        if (q.feedback) parts.push(...blocks(q.feedback));
      }
      parts.push(el('p', { className: 'status', textContent: r.status }));
      if (r.problems) {   // the problems window: a lesson that did not open, or warnings about its text
        const box = el('div', { role: r.problems.warnings_only ? 'note' : 'alert', className: 'problems' });
        box.append(el('h3', { textContent: `${r.problems.title}: ${r.problems.name}` }));
        r.problems.lines.forEach((line) => box.append(el('p', { textContent: line })));
        parts.push(box);
      }
      const hadFocus = narration.contains(document.activeElement);
      narration.replaceChildren(...parts);
      if (hadFocus) (narration.querySelector('input:not([disabled]), button:not([disabled])') || buttons[0]).focus();   // not lost to <body>
    }
    // Where the run is: quiet while playing (it changes every frame), announced when paused.
    const w = RUN_WORDS[r.lang] || RUN_WORDS.en;
    const m = s.metrics || {};
    const values = METRICS.filter((k) => typeof m[k] === 'number').map((k) => `${r.labels[k] || k} = ${m[k].toFixed(3)}`);
    const lines = [`${w.iteration} ${s.steps}`];
    if (r.algorithm_line) lines.push(`${w.line} ${r.algorithm_line}: ${r.algorithm_text}`);
    if (values.length && s.steps > 0) lines.push(`${w.metrics}: ${values.join(', ')}`);
    const text = lines.join('\n');
    runText.setAttribute('aria-live', r.playing ? 'off' : 'polite');
    if (text !== lastRun && (force || !r.playing || Date.now() - (update.runAt || 0) > 2000)) {
      lastRun = text;
      update.runAt = Date.now();
      runText.replaceChildren(...lines.map((t) => el('p', { textContent: t })));
    }
  }

  ganstep.ready.then(() => {
    update(true);
    setInterval(() => update(false), POLL_MS);
    window.addEventListener('ganstep:lesson', () => update(true));
  }, () => {});
})();
