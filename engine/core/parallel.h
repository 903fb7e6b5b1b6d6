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

}  // namespace ganstep
