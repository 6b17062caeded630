#include "common/signal_waiter.h"

#include <csignal>
#include <ctime>

namespace clause {

SignalWaiter::SignalWaiter(std::function<void(int)> on_signal, std::function<void()> on_hangup) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if (on_hangup) sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this, set, on_signal = std::move(on_signal), on_hangup = std::move(on_hangup)] {
    // Poll with a timeout so the destructor can stop the wait.
    const timespec timeout{0, 200'000'000};
    while (!done_) {
      const int sig = sigtimedwait(&set, nullptr, &timeout);
      if (sig == SIGHUP) {
        on_hangup();
      } else if (sig > 0) {
        on_signal(sig);
        return;
      }
    }
  });
}

SignalWaiter::~SignalWaiter() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace clause
