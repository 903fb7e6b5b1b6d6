#include "engine/core/parallel.h"

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define GANSTEP_NO_THREADS 1
#endif

#ifndef GANSTEP_NO_THREADS
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#endif

namespace ganstep {

#ifdef GANSTEP_NO_THREADS

void set_thread_count(int) {}
int thread_count() { return 1; }
void parallel_for(int n, TaskRef task) {
  for (int i = 0; i < n; ++i) task(i);
}
void side_by_side(int n, int, TaskRef task) { parallel_for(n, task); }

#else

namespace {

constexpr int kMaxThreads = 64;

int default_threads() {
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : (hc > kMaxThreads ? kMaxThreads : static_cast<int>(hc));
}

thread_local bool t_inside_task = false;

// Workers sleep on `wake` until `generation` changes, then take task indices
// from `next` until none are left; the last one out signals `done`.
class Pool {
 public:
  ~Pool() { resize(1); }

  int size() const { return threads_.load(); }  // no lock: also called inside tasks, while run() holds use_

  void resize(int n) {
    std::lock_guard<std::mutex> lock(use_);
    if (n == threads_) return;
    {
      std::lock_guard<std::mutex> l(m_);
      stop_ = true;
      ++generation_;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    stop_ = false;
    threads_ = n;
    unsigned long now;
    {
      std::lock_guard<std::mutex> l(m_);
      now = generation_;
    }
    for (int i = 1; i < n; ++i) workers_.emplace_back([this, now] { worker(now); });
  }

  void run(int n, TaskRef task) {
    std::unique_lock<std::mutex> use(use_, std::try_to_lock);
    if (!use.owns_lock() || threads_ <= 1 || n <= 1) {
      serial(n, task);
      return;
    }
    {
      std::lock_guard<std::mutex> l(m_);
      task_ = &task;
      count_ = n;
      next_.store(0);
      busy_ = static_cast<int>(workers_.size());
      ++generation_;
    }
    wake_.notify_all();
    work();
    std::unique_lock<std::mutex> l(m_);
    done_.wait(l, [this] { return busy_ == 0; });
    task_ = nullptr;
  }

 private:
  static void serial(int n, TaskRef task) {
    const bool was = t_inside_task;
    t_inside_task = true;
    for (int i = 0; i < n; ++i) task(i);
    t_inside_task = was;
  }

  void work() {
    t_inside_task = true;
    for (int i; (i = next_.fetch_add(1)) < count_;) (*task_)(i);
    t_inside_task = false;
  }

  void worker(unsigned long seen) {
    for (;;) {
      {
        std::unique_lock<std::mutex> l(m_);
        wake_.wait(l, [&] { return generation_ != seen; });
        seen = generation_;
        if (stop_) return;
      }
      work();
      std::lock_guard<std::mutex> l(m_);
      if (--busy_ == 0) done_.notify_one();
    }
  }

  std::mutex use_;  // one parallel_for (or resize) at a time
  std::mutex m_;    // guards the fields below
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  std::atomic<int> threads_{1};
  bool stop_ = false;
  unsigned long generation_ = 0;
  const TaskRef* task_ = nullptr;
  int count_ = 0;
  std::atomic<int> next_{0};
  int busy_ = 0;
};

Pool& pool() {
  static Pool* p = [] {
    auto* q = new Pool();  // never destroyed: workers may outlive static destructors' order
    q->resize(default_threads());
    return q;
  }();
  return *p;
}

}  // namespace

void set_thread_count(int n) {
  if (n <= 0) n = default_threads();
  if (n > kMaxThreads) n = kMaxThreads;
  pool().resize(n);
}

int thread_count() { return pool().size(); }

void parallel_for(int n, TaskRef task) {
  if (t_inside_task || n <= 1) {
    for (int i = 0; i < n; ++i) task(i);
    return;
  }
  pool().run(n, task);
}

void side_by_side(int n, int threads, TaskRef task) {
  if (threads > n) threads = n;
  std::atomic<int> next{0};
  auto work = [&] {
    const bool was = t_inside_task;
    t_inside_task = true;
    for (int i; (i = next.fetch_add(1)) < n;) task(i);
    t_inside_task = was;
  };
  std::vector<std::thread> others;
  for (int t = 1; t < threads; ++t) others.emplace_back(work);
  work();
  for (auto& t : others) t.join();
}

#endif

}  // namespace ganstep
