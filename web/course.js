// The list of lessons over the player (#course, a modal dialog): the course in
// order (ganstep.library(): [meta] order, title, level, minutes, summary), in the
// player's language, with a language switch. The bare URL opens it over lesson 1
// (ganstep.opensCourse); ?lesson= skips it. The "Lesson" button of the page's
// control region (web/a11y.js) opens it again ('ganstep:course').
// Choosing a lesson loads it; Escape or Close keeps the open one.
(function () {
  'use strict';
  const dialog = document.getElementById('course');
  if (!dialog || !window.ganstep) return;
  const WORDS = {
    en: {
      title: 'Lessons', intro: 'Step through the training of a GAN, one phase of Algorithm 1 at a time. Pick a lesson:',
      levels: { beginner: 'beginner', intermediate: 'intermediate', advanced: 'advanced' },
      minutes: (n) => `${n} min`, close: 'Close', lang: 'Language',
    },
    pt: {
      title: 'Lições', intro: 'Acompanhe o treino de uma GAN, uma fase do Algoritmo 1 por vez. Escolha uma lição:',
      levels: { beginner: 'iniciante', intermediate: 'intermediário', advanced: 'avançado' },
      minutes: (n) => `${n} min`, close: 'Fechar', lang: 'Idioma',
    },
  };
  const el = (tag, props = {}, children = []) => {
    const n = document.createElement(tag);
    Object.assign(n, props);
    for (const c of children) n.append(c);
    return n;
  };
  let opener = null;   // where the focus goes back to on close

  function close() {
    if (dialog.hidden) return;
    dialog.hidden = true;
    const back = opener && document.contains(opener) ? opener : document.getElementById('canvas');
    opener = null;
    if (back) back.focus();
  }

  function render() {
    const lang = ganstep.lang();
    const w = WORDS[lang] || WORDS.en;
    const current = ganstep.state().lesson;
    const error = el('p', { className: 'course-error', role: 'alert' });
    const items = ganstep.library().map((l, i) => {
      const pick = el('button', { type: 'button', className: 'course-lesson' }, [
        el('span', { className: 'course-number', textContent: `${i + 1}.` }),
        el('span', { className: 'course-title', textContent: l.title }),
        el('span', { className: 'course-meta', textContent: `${w.levels[l.level] || l.level} · ${w.minutes(l.minutes)}` }),
        el('span', { className: 'course-summary', textContent: l.summary }),
      ]);
      pick.dataset.lesson = l.id;
      if (l.id === current) pick.setAttribute('aria-current', 'true');
      pick.addEventListener('click', () => {
        try {
          if (ganstep.state().lesson !== l.id) ganstep.load(l.id);
          close();
        } catch (e) {
          error.textContent = e.message;   // e.g. a lesson whose data the page does not have
        }
      });
      return el('li', {}, [pick]);
    });
    const langs = el('div', { className: 'course-langs', role: 'group', ariaLabel: w.lang }, [['pt', 'Português'], ['en', 'English']].map(([code, name]) => {
      const b = el('button', { type: 'button', textContent: name, lang: code === 'pt' ? 'pt-BR' : 'en' });
      b.setAttribute('aria-pressed', String(code === lang));
      b.addEventListener('click', () => {
        ganstep.setLang(code);
        render();
        dialog.querySelector(`.course-langs button[lang="${b.lang}"]`).focus();
      });
      return b;
    }));
    const closeButton = el('button', { type: 'button', className: 'course-close', textContent: w.close });
    closeButton.addEventListener('click', close);
    dialog.lang = lang === 'pt' ? 'pt-BR' : 'en';
    dialog.replaceChildren(el('div', { className: 'course-box' }, [
      el('div', { className: 'course-head' }, [el('h2', { id: 'course-title', textContent: w.title }), langs, closeButton]),
      el('p', { textContent: w.intro }),
      el('ol', { className: 'course-list' }, items),
      error,
    ]));
  }

  function open() {
    if (!dialog.hidden) return;
    opener = document.activeElement;
    render();
    dialog.hidden = false;
    const first = dialog.querySelector('.course-lesson[aria-current="true"]') || dialog.querySelector('.course-lesson');
    if (first) first.focus();
  }

  // On window, capture, registered before web/a11y.js's key routing (which stops keys
  // typed on DOM controls from going further).
  window.addEventListener('keydown', (e) => {
    if (dialog.hidden) return;
    if (e.key === 'Escape') { e.preventDefault(); close(); return; }
    if (e.key !== 'Tab') return;
    // Keep the focus inside the dialog while it is open.
    const f = [...dialog.querySelectorAll('button')];
    if (!f.length) return;
    if (e.shiftKey && document.activeElement === f[0]) { e.preventDefault(); f[f.length - 1].focus(); }
    else if (!e.shiftKey && document.activeElement === f[f.length - 1]) { e.preventDefault(); f[0].focus(); }
    else if (!dialog.contains(document.activeElement)) { e.preventDefault(); f[0].focus(); }
  }, true);
  dialog.addEventListener('click', (e) => { if (e.target === dialog) close(); });   // the backdrop
  window.addEventListener('ganstep:course', open);
  window.addEventListener('ganstep:lesson', close);
  ganstep.course = { open, close, isOpen: () => !dialog.hidden };
  ganstep.ready.then(() => { if (ganstep.opensCourse) open(); }, () => {});
})();
