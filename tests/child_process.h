// Test helpers for the scale-out tests: external programs (xapian-tcpsrv,
// xapian-replicate-server, xapian-replicate) run as child processes that a
// guard stops and reaps, and free ports on the loopback interface.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clause::testing {

// The full path of a program found on PATH; empty when absent.
std::string find_program(const std::string& name);

// A port on 127.0.0.1 that was free a moment ago (bound to 0, then released).
// Another process may take it before we use it: callers retry on failure.
int free_loopback_port();

// True once something accepts TCP connections on 127.0.0.1:port.
bool port_accepts(int port);

// A child process in a process group of its own, its output sent to
// /dev/null. The destructor sends SIGTERM to that group and reaps the child.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  int pid() const { return pid_; }  // for signals of the test's own (SIGHUP)
  // True while the child has not exited (reaps it when it has).
  bool running();
  // Waits for the child to exit and returns its exit status (-1 if killed).
  int wait();

 private:
  int pid_ = -1;
  std::optional<int> status_;
};

// Runs a program to completion; its exit status (-1 when it could not run).
int run_program(const std::vector<std::string>& argv);

// Starts a server whose argv is made by make_argv(port) on a free loopback
// port, retrying with another port when the child dies before it listens
// (someone took the port). nullptr when it never came up.
std::unique_ptr<ChildProcess> start_server(
    const std::function<std::vector<std::string>(int port)>& make_argv, int& port);

}  // namespace clause::testing
