// Waits for SIGINT/SIGTERM on a thread of its own, so that shutdown work
// never runs inside a signal handler (CONVENTIONS.md).
//
// Construct it in main() before starting any other thread: it blocks the
// two signals for the calling thread and every thread created after it.
// The callback runs once, on the waiter's thread, at the first signal.
// With on_hangup, SIGHUP is waited for too: on_hangup runs on the waiter's
// thread at each one and the wait goes on (a reload, not a shutdown).
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace clause {

class SignalWaiter {
 public:
  explicit SignalWaiter(std::function<void(int signal)> on_signal,
                        std::function<void()> on_hangup = {});
  ~SignalWaiter();  // stops waiting and joins
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace clause
