// The transport: serves an Api over HTTP with cpp-httplib (its .cpp and
// worker_pool.h are the only files that include httplib). Errors the transport produces itself (a
// body past the limit, a malformed request line) are JSON as well.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "schema/result.h"
#include "server/http_api.h"

namespace clause::server {

struct ServerLimits {
  int threads = 64;                       // worker threads: one per open connection
  std::size_t max_body_bytes = 1 << 20;   // larger bodies get 413
  int timeout_seconds = 10;               // socket read/write timeouts, and the time a
                                          // client has to send a whole request
  std::size_t max_queue = 64;             // connections waiting for a worker; more get 503
};

// HTTPS instead of HTTP when both are set: PEM files of the certificate
// (chain) and its private key.
struct TlsFiles {
  std::string cert;
  std::string key;
  bool enabled() const { return !cert.empty() || !key.empty(); }
};

// Request heads larger than this in total, or with more header fields, get
// 431. (A single header line over 8 KiB is refused by cpp-httplib itself
// with 400, and a request line over 8 KiB with 414.)
inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;
inline constexpr std::size_t kMaxHeaderFields = 100;

class HttpServer {
 public:
  // The api must outlive the server.
  HttpServer(const Api& api, const ServerLimits& limits, const TlsFiles& tls = {});
  ~HttpServer();

  // Binds host:port (port 0: any free port) and returns the bound port. An
  // unusable TLS certificate or key is reported here.
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
