#include "server/worker_pool.h"

#include <spdlog/spdlog.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <utility>

namespace clause::server {
namespace {

// The socket accept() last returned on this thread (server/accept_hook.cpp
// notes it). cpp-httplib's listening thread accepts a connection and
// enqueues its task right away, so enqueue() finds the task's socket here.
thread_local int t_accepted = -1;
std::atomic<bool> warned_without_hook{false};

// Not every socket is TCP (a test may hand the pool another kind): a
// refusal only means the writes are not held, as before.
void set_cork(int fd, bool on) {
  const int value = on ? 1 : 0;
  ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

std::string peer_of(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
  return std::string(reinterpret_cast<const char*>(&addr), len);
}

}  // namespace

void note_accepted_socket(int fd) { t_accepted = fd; }

thread_local BoundedPool* BoundedPool::t_pool_ = nullptr;
thread_local BoundedPool::Slot* BoundedPool::t_slot_ = nullptr;

BoundedPool::BoundedPool(const PoolLimits& limits, std::string reject_response)
    : limits_(limits), reject_response_(std::move(reject_response)),
      slots_(static_cast<std::size_t>(limits.threads)) {
  for (auto& slot : slots_) workers_.emplace_back([this, &slot] { work(slot); });
  watchdog_ = std::thread([this] { watch(); });
}

BoundedPool::~BoundedPool() { shutdown(); }

void BoundedPool::enqueue(std::function<void()> fn) {
  Job job{std::move(fn), std::exchange(t_accepted, -1), {}};
  if (job.fd >= 0) {
    job.peer = peer_of(job.fd);
  } else if (!warned_without_hook.exchange(true)) {
    spdlog::warn("the program does not link server/accept_hook.cpp: connections queue without bound "
                 "and slow clients are not timed out");
  }
  {
    std::lock_guard lock(mu_);
    const std::size_t free = static_cast<std::size_t>(limits_.threads) - busy_;
    if (job.fd < 0 || jobs_.size() < free + limits_.max_queue) {
      jobs_.push_back(std::move(job));
      cv_.notify_one();
      return;
    }
  }
  reject(job.fd);
  job.fn();  // the socket is shut down: the library reads EOF and closes it at once
}

// Reads what the client already sent (closing a socket with unread data
// would reset the connection and could destroy the answer), answers, and
// shuts the socket down. Never blocks: this runs on the listening thread.
void BoundedPool::reject(int fd) {
  ++rejected_;
  char buf[4096];
  for (int i = 0; i < 16 && ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0; ++i) {
  }
  if (!reject_response_.empty()) {
    [[maybe_unused]] const auto sent = ::send(fd, reject_response_.data(), reject_response_.size(),
                                              MSG_DONTWAIT | MSG_NOSIGNAL);
  }
  ::shutdown(fd, SHUT_RDWR);
  spdlog::debug("busy: rejected a connection ({} so far)", rejected_.load());
}

void BoundedPool::work(Slot& slot) {
  t_pool_ = this;
  t_slot_ = &slot;
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !jobs_.empty() || stopping_; });
      if (jobs_.empty()) return;  // stopping, and nothing left to serve
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++busy_;
      slot = {job.fd, std::move(job.peer), true, Clock::now()};
    }
    job.fn();
    std::lock_guard lock(mu_);
    --busy_;
    slot = {};
  }
}

void BoundedPool::mark(bool reading) {
  if (t_slot_ == nullptr) return;
  std::lock_guard lock(t_pool_->mu_);
  t_slot_->reading = reading;
  t_slot_->since = Clock::now();
}

// While a response is written its connection is corked, so that the status
// line, the headers and the body leave together. cpp-httplib 0.11 writes
// the headers and the body in two send()s, and with TCP_NODELAY (set so that
// keep-alive answers wait for no ACK) each left as a segment of its own and
// woke the client twice: corked, clause fetch answered 1.11x the requests a
// second (docs/benchmarks.md). Uncorking sends what is held at once.
void BoundedPool::request_started() {
  mark(false);
  if (t_slot_ != nullptr && t_slot_->fd >= 0) set_cork(t_slot_->fd, true);
}

void BoundedPool::response_sent() {
  mark(true);
  if (t_slot_ != nullptr && t_slot_->fd >= 0) set_cork(t_slot_->fd, false);
}

void BoundedPool::watch() {
  const auto limit = std::chrono::seconds(limits_.request_timeout_seconds);
  std::unique_lock lock(mu_);
  while (!stopping_) {
    watch_cv_.wait_for(lock, std::chrono::milliseconds(200));
    const auto now = Clock::now();
    for (auto& slot : slots_) {
      if (slot.fd < 0 || !slot.reading || now - slot.since < limit) continue;
      // The worker may have closed the socket and the number been reused by
      // a newer connection: only shut down the peer the slot was given.
      if (peer_of(slot.fd) == slot.peer) ::shutdown(slot.fd, SHUT_RDWR);
      slot.reading = false;
      ++timed_out_;
      spdlog::debug("slow client: closed a connection after {}s without a complete request",
                    limits_.request_timeout_seconds);
    }
  }
}

void BoundedPool::shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  watch_cv_.notify_all();
  for (auto& t : workers_) t.join();
  watchdog_.join();
}

}  // namespace clause::server
