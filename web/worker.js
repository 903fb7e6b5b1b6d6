// The page's training worker (new Worker('worker.js'), started by api.js when an
// image or [latent] lesson opens): loads ganstep-trainer.js (web/worker.cpp: the engine and
// lessons/run, no ImGui) and hands it the page's messages in order:
//   {files: [{dir, base, bytes}]}  a data package's files (web/data.js), written
//                                  into this module's file system
//   ArrayBuffer                    a command of the page's RemoteRun
//                                  (lessons/run/executor.h); replies come back
//                                  as transferred ArrayBuffers
// Messages that come before the module is ready wait for it. The units a
// command asks for run one per task (a MessageChannel to itself), so the
// page's next commands (a cancel, a save, views) are read between two.
// A failure (the module or its wasm did not load, memory ran out) is posted
// as {error}; the page then trains on its own thread.
'use strict';
let ready = false;
const waiting = [];
const channel = new MessageChannel();
let scheduled = false;
function schedule() {
  if (scheduled || !ready || !Module._gw_has_work()) return;
  scheduled = true;
  channel.port2.postMessage(0);
}
channel.port1.onmessage = () => {
  scheduled = false;
  Module._gw_work();
  schedule();
};
function failed(what) {
  postMessage({ error: 'the training worker stopped: ' + String(what || 'aborted').slice(0, 300) });
}

function handle(data) {
  if (data instanceof ArrayBuffer) {
    const n = data.byteLength;
    const p = Module._malloc(Math.max(1, n));
    Module.HEAPU8.set(new Uint8Array(data), p);
    Module._gw_handle(p, n);
    Module._free(p);
    schedule();
    return;
  }
  if (data && data.files) {
    for (const f of data.files) {
      Module.FS_createPath('/', f.dir.replace(/^\//, ''), true, true);
      try {
        Module.FS_createDataFile(f.dir, f.base, f.bytes, true, true, true);
      } catch (e) {
        // already there (a second package listing the same file): keep the first
      }
    }
  }
}

self.Module = {
  print: (text) => console.log('ganstep worker: ' + text),
  printErr: (text) => console.warn('ganstep worker: ' + text),
  onRuntimeInitialized() {
    ready = true;
    for (const m of waiting.splice(0)) handle(m);
    schedule();
  },
  onAbort: failed,
};
self.onmessage = (e) => {
  if (!ready) waiting.push(e.data);
  else handle(e.data);
};
// An abort throws on after onAbort (e.g. the wasm did not compile): handled here, said once.
self.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  failed(e.reason && e.reason.message || e.reason);
});
self.addEventListener('error', (e) => {
  e.preventDefault();
  failed(e.message);
});
try {
  importScripts('ganstep-trainer.js');
} catch (e) {
  failed('ganstep-trainer.js did not load (' + String(e && e.message || e) + ')');
}
