// The in-process and thread executors (executor.h) around a RunHost.
#include <chrono>

#include "lessons/run/executor.h"

namespace ganstep::run {

bool InProcessExecutor::poll(Message& reply, double wait_ms) {
  (void)wait_ms;
  if (next_ >= replies_.size()) {
    replies_.clear();
    next_ = 0;
    return false;
  }
  reply = std::move(replies_[next_++]);
  return true;
}

#ifdef GANSTEP_THREAD_EXECUTOR
ThreadExecutor::ThreadExecutor() : thread_([this] { loop(); }) {}

ThreadExecutor::~ThreadExecutor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_.notify_all();
  thread_.join();
}

void ThreadExecutor::post(Message command) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    commands_.push_back(Item{std::move(command), "", nullptr});
  }
  work_.notify_one();
}

void ThreadExecutor::offer_data(const std::string& key, std::shared_ptr<const LabeledImages> data) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    commands_.push_back(Item{{}, key, std::move(data)});
  }
  work_.notify_one();
}

bool ThreadExecutor::poll(Message& reply, double wait_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  if (replies_.empty() && wait_ms > 0)
    done_.wait_for(lock, std::chrono::duration<double, std::milli>(wait_ms), [&] { return !replies_.empty(); });
  if (replies_.empty()) return false;
  reply = std::move(replies_.front());
  replies_.pop_front();
  return true;
}

// The commands that came, then one unit: a cancel or a save is read between two units.
void ThreadExecutor::loop() {
  RunHost host;
  std::vector<Message> out;
  std::deque<Item> items;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_.wait(lock, [&] { return stop_ || !commands_.empty() || host.has_work(); });
      if (stop_) return;
      items.swap(commands_);
    }
    out.clear();
    for (Item& item : items) {
      if (item.data) host.offer_data(item.data_key, std::move(item.data));
      else host.handle(item.command, out);
    }
    items.clear();
    host.work(out);
    if (out.empty()) continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (auto& m : out) replies_.push_back(std::move(m));
    }
    done_.notify_all();
  }
}

#endif  // GANSTEP_THREAD_EXECUTOR

}  // namespace ganstep::run
