// --pre-js of the node programs (ganstep-cli.js, the test runners): copies the
// shell's GANSTEP_* variables (GANSTEP_ASSETS, GANSTEP_CACHE_DIR) into the
// program's environment, which Emscripten otherwise starts empty.
Module['preRun'] = (Module['preRun'] || []).concat([function () {
  for (var k in process.env) {
    if (k.indexOf('GANSTEP_') === 0) ENV[k] = process.env[k];
  }
}]);
