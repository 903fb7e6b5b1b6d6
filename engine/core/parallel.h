// A small fixed thread pool for the engine's heavy loops (GEMM, im2col).
//
// parallel_for(n, task) runs task(0) ... task(n-1), each exactly once, spread
// over the pool's threads and the caller. Tasks must write disjoint outputs;
// then results never depend on the thread count (each output is computed by
// one task, in its own fixed order).
//
// The thread count defaults to std::thread::hardware_concurrency(). The web
// build (no -pthread) always runs on one thread. A parallel_for inside a task,
// or one started while another thread is using the pool, runs serially on the
// calling thread.
#pragma once

#include <type_traits>

namespace ganstep {

// A reference to the task callable, held by parallel_for while it runs (a
// std::function would allocate for most lambdas: the training loop allocates
// nothing).
class TaskRef {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, TaskRef>>>
  TaskRef(const F& f)  // NOLINT(runtime/explicit): lambdas convert at the call
      : obj_(&f), call_([](const void* o, int i) { (*static_cast<const F*>(o))(i); }) {}
  void operator()(int i) const { call_(obj_, i); }

 private:
  const void* obj_;
  void (*call_)(const void*, int);
};

// n <= 0 means hardware_concurrency(). Clamped to 1..64 (1 on the web).
void set_thread_count(int n);
int thread_count();

void parallel_for(int n, TaskRef task);

// Runs task(0) ... task(n-1) on `threads` threads of their own (not the
// pool's), each taking the next index as it comes free; inside a task the
// engine's loops run serially. For long independent jobs where one more
// job than there are cores keeps every core busy to the end (a pool of as
// many threads as cores leaves one idle while the last job runs). Serial on
// the web.
void side_by_side(int n, int threads, TaskRef task);

}  // namespace ganstep
