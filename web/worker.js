// The page's training worker (new Worker('worker.js'), started by api.js when an
// image lesson opens): loads ganstep-trainer.js (web/worker.cpp: the engine and
// lessons/run, no ImGui) and hands it the page's messages in order:
//   {files: [{dir, base, bytes}]}  a data package's files (web/data.js), written
//                                  into this module's file system
//   ArrayBuffer                    a command of the page's RemoteImageRun
//                                  (lessons/run/executor.h); replies come back
//                                  as transferred ArrayBuffers
// Messages that come before the module is ready wait for it.
'use strict';
let ready = false;
const waiting = [];

function handle(data) {
  if (data instanceof ArrayBuffer) {
    const n = data.byteLength;
    const p = Module._malloc(Math.max(1, n));
    Module.HEAPU8.set(new Uint8Array(data), p);
    Module._gw_handle(p, n);
    Module._free(p);
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
  },
  onAbort(what) {
    postMessage({ error: 'the training worker stopped: ' + String(what || 'aborted') });
  },
};
self.onmessage = (e) => {
  if (!ready) waiting.push(e.data);
  else handle(e.data);
};
importScripts('ganstep-trainer.js');
