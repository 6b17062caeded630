// A bounded worker pool for cpp-httplib connections, with a watchdog against
// slow clients. (With http_server.cpp, the only files in server/ that include
// httplib.)
//
// cpp-httplib 0.11 gives each connection to its task queue, whose stock
// ThreadPool queues without bound: under overload, connections pile up and
// wait for ever. And it only times out single reads, so a client that sends
// one byte a second ("slowloris") holds a worker as long as it likes.
//
// BoundedPool answers both:
//  - when every worker is busy and max_queue connections already wait, a new
//    connection is answered at once with `reject_response` (a canned 503; an
//    empty string just closes, as for TLS) and closed;
//  - a watchdog shuts down a connection that takes longer than
//    `request_timeout` from its start (or from its previous response) to a
//    complete request, headers and body: the worker is free again.
//
// The library never shows the accepted socket to the application, so
// server/accept_hook.cpp interposes accept() in the programs that serve: the
// listening thread's last accepted socket is handed to the next enqueue() on
// that same thread. A program without the hook still serves, unbounded and
// without the watchdog, and says so in its log.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace clause::server {

// Called by the interposed accept() (server/accept_hook.cpp) on the
// listening thread with the socket it returned.
void note_accepted_socket(int fd);

struct PoolLimits {
  int threads = 8;                 // workers, each serving one connection at a time
  std::size_t max_queue = 64;      // connections waiting for a worker, at most
  int request_timeout_seconds = 10;  // connection start or last response -> full request
};

class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(const PoolLimits& limits, std::string reject_response);
  ~BoundedPool() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // Called from the HTTP handlers on a worker thread (no-ops elsewhere):
  // a complete request has been read (stops the watchdog's clock and corks
  // the connection), and a response has been written (uncorks it, which
  // sends the response whole, and restarts the clock for the next
  // keep-alive request).
  static void request_started();
  static void response_sent();

  // Totals since start, for logs and tests.
  std::size_t rejected() const { return rejected_; }
  std::size_t timed_out() const { return timed_out_; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Job {
    std::function<void()> fn;
    int fd = -1;
    std::string peer;  // getpeername() bytes: tells a reused descriptor apart
  };
  struct Slot {
    int fd = -1;
    std::string peer;
    bool reading = false;  // waiting for a request: the watchdog's clock runs
    Clock::time_point since;
  };

  // The pool and slot of the worker running on this thread, if any.
  static thread_local BoundedPool* t_pool_;
  static thread_local Slot* t_slot_;

  void work(Slot& slot);
  void watch();
  void reject(int fd);
  static void mark(bool reading);

  const PoolLimits limits_;
  const std::string reject_response_;
  std::mutex mu_;
  std::condition_variable cv_;        // jobs or stopping, for workers
  std::condition_variable watch_cv_;  // stopping, for the watchdog
  std::deque<Job> jobs_;
  std::vector<Slot> slots_;
  // Workers serving a connection. Free workers are threads - busy_, counted
  // from construction: a worker thread that has not reached its first wait
  // yet (a busy machine at start) is free all the same, and takes the job
  // when it gets there.
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::atomic<std::size_t> rejected_{0};
  std::atomic<std::size_t> timed_out_{0};
  std::vector<std::thread> workers_;
  std::thread watchdog_;
};

}  // namespace clause::server
