// The real server for integration tests: serves an index on an ephemeral
// loopback port on its own thread; the destructor stops and joins it. Limits,
// TLS files, the CORS policy and the API keys are the test's to choose.
#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "server/cors.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "search/search_service.h"

namespace clause::testing {

class RunningServer {
 public:
  explicit RunningServer(const std::string& index_path,
                         const server::ServerLimits& limits = {2, 4096, 5},
                         const server::TlsFiles& tls = {}, server::CorsPolicy cors = {},
                         server::KeyStore* keys = nullptr) {
    auto opened = search::SearchService::open(index_path);
    if (!opened) throw std::runtime_error(opened.error().message);
    service_ = std::move(*opened);
    api_ = std::make_unique<server::Api>(*service_, metrics_, std::move(cors));
    api_->set_keys(keys);
    server_ = std::make_unique<server::HttpServer>(*api_, limits, tls);
    auto port = server_->bind("127.0.0.1", 0);
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { server_->listen(); });
    // stop() before listen() runs does nothing in cpp-httplib 0.11.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server_->is_running() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  int port() const { return port_; }

 private:
  std::unique_ptr<search::SearchService> service_;
  server::Metrics metrics_;
  std::unique_ptr<server::Api> api_;
  std::unique_ptr<server::HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace clause::testing
