// window.ganstepData: the page's data packages, fetched when a lesson needs them.
//
// The page starts with ganstep.data alone (the font). An image lesson's data
// set is a package of its own (web/CMakeLists.txt): images.data holds MNIST's
// training split and the quality classifier trained at build time;
// images.data.json lists its files ({files: [{filename, start, end}],
// remote_package_size}, Emscripten's file_packager metadata). fetch(name)
// downloads a package once, shows a progress bar, writes its files into the
// module's file system and resolves; a failed download rejects with a message
// naming the file (and a later fetch tries again).
//
//   ganstepData.fetch(Module, 'mnist', lang)  -> Promise (resolves when the files are in place;
//                                          lang 'pt' | 'en': the progress bar's words)
//   ganstepData.progress()              -> {data, loaded, total} while a download runs, else null
//   ganstepData.arrived()               -> the data sets downloaded so far
//   ganstepData.files(name)             -> [{dir, base, bytes}]: its files, for the training worker
(function () {
  'use strict';
  const PACKAGES = { mnist: { file: 'images.data', label: { en: 'MNIST digits', pt: 'dígitos do MNIST' } } };
  const started = new Map();   // data set -> Promise
  let current = null;          // {data, loaded, total}
  const done = new Map();      // data set -> its files [{dir, base, bytes}]

  // The progress bar: fixed at the top, over the canvas and the loading screen.
  function bar() {
    let el = document.getElementById('data-progress');
    if (el) return el;
    el = document.createElement('div');
    el.id = 'data-progress';
    el.setAttribute('role', 'status');
    el.style.cssText = 'position:fixed;top:0;left:50%;transform:translateX(-50%);z-index:3;padding:8px 14px;' +
      'background:#23324a;color:#e6e6ea;border-radius:0 0 6px 6px;font:14px/1.4 "DejaVu Sans",system-ui,sans-serif;' +
      'gap:10px;align-items:center;box-shadow:0 4px 16px rgba(0,0,0,.35)';
    const text = document.createElement('span');
    const meter = document.createElement('progress');
    meter.max = 1;
    meter.style.width = '180px';
    el.append(text, meter);
    document.body.appendChild(el);
    return el;
  }
  function show(lang, label, loaded, total) {
    const el = bar();
    const fraction = total > 0 ? Math.min(1, loaded / total) : 0;
    el.hidden = false;
    el.style.display = 'flex';   // inline, so hide() must set display too
    el.firstChild.textContent = (lang === 'pt' ? 'Baixando ' : 'Downloading ') + label + '… ' +
      Math.floor(100 * fraction) + '% (' + (total / 1048576).toFixed(1) + ' MB)';
    el.lastChild.value = fraction;
  }
  function hide() {
    const el = document.getElementById('data-progress');
    if (el) {
      el.hidden = true;
      el.style.display = 'none';
    }
  }

  async function download(Module, name, lang) {
    const pkg = PACKAGES[name];
    const label = pkg.label[lang === 'pt' ? 'pt' : 'en'];
    const get = async (file) => {
      const r = await fetch(file);
      if (!r.ok) throw new Error(`could not download ${file} (HTTP ${r.status})`);
      return r;
    };
    const meta = await (await get(pkg.file + '.json')).json();
    const total = meta.remote_package_size;
    current = { data: name, loaded: 0, total };
    show(lang, label, 0, total);
    const r = await get(pkg.file);
    const bytes = new Uint8Array(total);
    let loaded = 0;
    const reader = r.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.length > total) throw new Error(`${pkg.file} is larger than ${pkg.file}.json says (${total} bytes)`);
      bytes.set(value, loaded);
      loaded += value.length;
      current.loaded = loaded;
      show(lang, label, loaded, total);
    }
    if (loaded !== total) throw new Error(`${pkg.file}: ${loaded} of ${total} bytes arrived`);
    const files = [];
    for (const f of meta.files) {
      const slash = f.filename.lastIndexOf('/');
      const dir = f.filename.slice(0, slash), base = f.filename.slice(slash + 1);
      Module.FS_createPath('/', dir.replace(/^\//, ''), true, true);
      Module.FS_createDataFile(dir, base, bytes.subarray(f.start, f.end), true, true, true);
      files.push({ dir, base, bytes: bytes.subarray(f.start, f.end) });
    }
    done.set(name, files);
  }

  window.ganstepData = {
    fetch(Module, name, lang = 'en') {
      if (!PACKAGES[name]) return Promise.reject(new Error(`no data package for ${name}`));
      if (!started.has(name)) {
        const p = download(Module, name, lang).finally(() => { current = null; hide(); });
        started.set(name, p);
        p.catch(() => started.delete(name));   // a later fetch tries again
      }
      return started.get(name);
    },
    progress() {
      return current ? { ...current } : null;
    },
    arrived() {
      return [...done.keys()];
    },
    files(name) {
      return done.get(name) || [];
    },
  };
})();
