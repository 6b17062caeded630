// The transport: serves an Api over HTTP with cpp-httplib (the only file in
// server/ that includes httplib). Errors the transport produces itself (a
// body past the limit, a malformed request line) are JSON as well.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "schema/result.h"
#include "server/http_api.h"

namespace clause::server {

struct ServerLimits {
  int threads = 8;                        // worker threads
  std::size_t max_body_bytes = 1 << 20;   // larger bodies get 413
  int timeout_seconds = 10;               // socket read and write timeouts
};

class HttpServer {
 public:
  // The api must outlive the server.
  HttpServer(const Api& api, const ServerLimits& limits);
  ~HttpServer();

  // Binds host:port (port 0: any free port) and returns the bound port.
  Result<int> bind(const std::string& host, int port);
  // Serves until stop(); returns false when serving failed. Blocks.
  bool listen();
  // Stops a running server from any thread; listen() then returns. Before
  // listen() has started this does nothing (cpp-httplib 0.11): wait for
  // is_running() first.
  void stop();
  bool is_running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clause::server
