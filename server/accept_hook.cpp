// accept() and listen() interposed for Debian's cpp-httplib 0.11, which gives
// BoundedPool (server/worker_pool.h) neither the socket of a connection nor a
// listen backlog above 5. Linked as an object of its own (CMake target
// clause_accept_hook) into the programs that serve HTTP: clause-server and the
// tests and benchmarks that start a server in-process. A library that links
// it would change accept() for every program that links that library.
//
// When it can go: cpp-httplib 0.15 and later bound the queue themselves
// (ThreadPool's max_queued_requests; the library closes a connection whose
// task enqueue() refuses), and the listen backlog is CPPHTTPLIB_LISTEN_BACKLOG,
// a constant compiled into Debian's shared library. Once Debian ships 0.15 or
// later, BoundedPool's queue bound can be the library's and the backlog a
// build setting; the watchdog against slow clients is then the one user of
// the socket left, and must find it another way (or give way to the
// library's read timeouts) before this file is deleted.
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

#include "server/worker_pool.h"

// Interposes the C library's accept() for the whole process (the executable's
// definition wins over libc's for libcpp-httplib.so): same behaviour, plus a
// note of the socket for BoundedPool::enqueue(). accept4 with no flags is
// exactly accept.
extern "C" int accept(int fd, sockaddr* __restrict addr, socklen_t* __restrict len) {
  const int sock = ::accept4(fd, addr, len, 0);
  clause::server::note_accepted_socket(sock);
  return sock;
}

// Interposes listen() the same way. cpp-httplib 0.11 listens with a backlog
// of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into libcpp-httplib.so): when
// more clients connect at once (64 in bench/run_http.sh), the kernel drops
// the extra SYNs and those clients retry after 1 s, then 3 s: stalls and
// timeouts that no worker count can cure. The socket gets at least
// SOMAXCONN (the kernel caps it at net.core.somaxconn); the bounded pool,
// not the backlog, decides who waits.
extern "C" int listen(int fd, int backlog) {
  return static_cast<int>(::syscall(SYS_listen, fd, std::max(backlog, SOMAXCONN)));
}

