// clause-server: wires configuration, the search service, the API and the
// HTTP transport together, and shuts down cleanly on SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <thread>

#include "server/config.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/search_service.h"

using namespace clause::server;

int main(int argc, char** argv) {
  auto config = load_config(std::vector<std::string>(argv + 1, argv + argc), process_env());
  if (!config) {
    std::fprintf(stderr, "clause-server: %s\n", config.error().message.c_str());
    return 2;
  }
  if (config->help) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  spdlog::set_level(spdlog::level::from_str(config->log_level));

  // Block the signals in every thread; one thread waits for them with
  // sigwait, so shutdown runs as ordinary code, not in a signal handler.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto service = SearchService::open(config->db_path);
  if (!service) {
    spdlog::critical("{}", service.error().message);
    return 1;
  }
  auto info = (*service)->info();
  if (!info) {
    spdlog::critical("{}", info.error().message);
    return 1;
  }
  Metrics metrics;
  Api api(**service, metrics);
  HttpServer server(api, {config->threads, config->max_body_bytes, config->timeout_seconds});
  auto port = server.bind(config->host, config->port);
  if (!port) {
    spdlog::critical("{}", port.error().message);
    return 1;
  }
  spdlog::info("serving index {} (schema {}, {} clauses, {} platforms, {} categories) on http://{}:{} "
               "with {} threads",
               info->path, info->schema_version, info->clauses, info->platforms, info->categories,
               config->host, *port, config->threads);

  std::thread waiter([&server, &signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
  });
  const bool served = server.listen();
  // If listen() ended on its own, wake the waiter so it can be joined.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  spdlog::info("stopped");
  return served ? 0 : 1;
}
