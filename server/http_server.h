// The transport: serves an Api over HTTP/1.1 (or HTTPS) with Boost.Beast on
// Boost.Asio event loops, one per thread (http_server.cpp; one connection's
// work is in http_session.h). Errors the transport produces itself (a body
// past the limit, a malformed request) are JSON as well, made by the Api.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "schema/result.h"
#include "server/http_api.h"

namespace clause::server {

struct ServerLimits {
  int threads = 2;                        // threads serving connections, each an event loop
  std::size_t max_body_bytes = 1 << 20;   // larger bodies get 413
  int timeout_seconds = 10;               // time a client has to send a whole request (from
                                          // its connection or previous answer), and to take an answer
  std::size_t max_connections = 512;      // open connections; more are answered 503 at once
  int work_threads = 4;                   // threads answering what is not a lookup (searches, writes)
  std::size_t gzip_min_bytes = 1024;      // smallest text answer gzipped for clients that accept it; 0: never
};

// HTTPS instead of HTTP when both are set: PEM files of the certificate
// (chain) and its private key.
struct TlsFiles {
  std::string cert;
  std::string key;
  bool enabled() const { return !cert.empty() || !key.empty(); }
};

// A request line longer than kMaxTargetBytes gets 414; request heads larger
// than kMaxHeaderBytes in total, or with more header fields, get 431.
inline constexpr std::size_t kMaxTargetBytes = 8 * 1024;
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
  // Stops the server from any thread: no new connections; an answer being
  // made is finished and written, every connection then closes (idle ones at
  // once), and listen() returns (at once if it has not started).
  void stop();
  bool is_running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace clause::server
