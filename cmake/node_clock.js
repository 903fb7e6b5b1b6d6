// --js-library of the node programs (ganstep-cli.js, the test runners): the
// process's CPU time where C++ asks for it, from node's process.cpuUsage()
// (user + system, microseconds, every thread of node: the same measure as
// the native build's). Emscripten 3.1.6's own clock() is wall time in whole
// milliseconds and its clock_gettime() refuses the CPU-time clocks, so
// `ganstep bench` printed no CPU time and `--profile` wall time only.
mergeInto(LibraryManager.library, {
  $cpuMicros: function() {
    var u = process.cpuUsage();
    return u.user + u.system;
  },
  clock__sig: 'i',
  clock__deps: ['$cpuMicros'],
  clock: function() {  // CLOCKS_PER_SEC is 1000000: microseconds (wraps after 35 minutes of CPU)
    return cpuMicros() | 0;
  },
  clock_gettime__sig: 'iii',
  clock_gettime__deps: ['$cpuMicros', 'emscripten_get_now', 'emscripten_get_now_is_monotonic', '$setErrNo'],
  clock_gettime: function(clk_id, tp) {
    var now;  // milliseconds
    if (clk_id === {{{ cDefine('CLOCK_REALTIME') }}}) {
      now = Date.now();
    } else if ((clk_id === {{{ cDefine('CLOCK_MONOTONIC') }}} || clk_id === {{{ cDefine('CLOCK_MONOTONIC_RAW') }}}) && _emscripten_get_now_is_monotonic) {
      now = _emscripten_get_now();
    } else if (clk_id === 2 || clk_id === 3) {
      // CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID (musl's numbers)
      now = cpuMicros() / 1000;  // one thread runs the program: its CPU time is the process's
    } else {
      setErrNo({{{ cDefine('EINVAL') }}});
      return -1;
    }
    {{{ makeSetValue('tp', C_STRUCTS.timespec.tv_sec, '(now/1000)|0', 'i32') }}};
    {{{ makeSetValue('tp', C_STRUCTS.timespec.tv_nsec, '((now % 1000)*1000*1000)|0', 'i32') }}};
    return 0;
  },
});
