// clause-server: wires configuration, the search service, the API and the
// HTTP transport together, and shuts down cleanly on SIGINT or SIGTERM.
#include <signal.h>
#include <sys/resource.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>

#include "common/signal_waiter.h"
#include "server/config.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "server/keys_cli.h"
#include "indexer/record_writes.h"
#include "schema/taxonomy.h"
#include "server/metrics.h"
#include "server/opensearch.h"
#include "search/search_service.h"

using namespace clause::server;

namespace {

// --keys FILE: the keys in use (nullptr without the flag), or false when
// the file cannot be used.
bool open_keys(const std::string& path, std::unique_ptr<KeyStore>& store) {
  if (path.empty()) return true;
  auto keys = load_keys_file(path);
  if (!keys) {
    spdlog::critical("{}", keys.error().message);
    return false;
  }
  spdlog::info("API keys on: {} key(s) from {}; reloaded on SIGHUP", keys->size(), path);
  store = std::make_unique<KeyStore>(std::move(*keys));
  return true;
}

// SIGHUP: a keys file that does not parse leaves the keys in use as they are.
void reload_keys(KeyStore& store, const std::string& path) {
  auto keys = load_keys_file(path);
  if (!keys) {
    spdlog::error("SIGHUP: keeping the {} key(s) in use: {}", store.size(), keys.error().message);
    return;
  }
  store.replace(std::move(*keys));
  spdlog::info("SIGHUP: reloaded {} key(s) from {}", store.size(), path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "keys") {
    return run_keys_command(std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  }
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
  // Blocked before any thread starts (the similarity snapshot's, the HTTP
  // server's pool of work), so that every thread inherits the mask: a signal
  // delivered to one of them would end the process at once instead of
  // reaching the waiter below (a clean stop, or the keys' reload on SIGHUP).
  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGINT);
  sigaddset(&handled, SIGTERM);
  if (!config->keys_file.empty()) sigaddset(&handled, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &handled, nullptr);

  clause::SimilarityOptions similarity;
  if (config->similar_bar) similarity.bar = *config->similar_bar;
  if (config->similar_snapshot_max) similarity.snapshot_max_clauses = *config->similar_snapshot_max;
  if (config->similar_snapshot_threads) similarity.snapshot_threads = *config->similar_snapshot_threads;
  auto service = clause::search::SearchService::open(config->db_path, similarity);
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
  Api api(**service, metrics, CorsPolicy(config->cors_origins));
  std::unique_ptr<KeyStore> keys;
  if (!open_keys(config->keys_file, keys)) return 1;
  api.set_keys(keys.get());
  // Writes over HTTP need keys (admin scope) and a single index.
  const clause::Classifier classifier(clause::default_taxonomy());
  std::unique_ptr<clause::RecordWriter> writer;
  if (keys) {
    const std::string off = clause::writes_unsupported_reason(config->db_path);
    if (off.empty()) writer = std::make_unique<clause::RecordWriter>(config->db_path, classifier);
    api.set_writer(writer.get(), off);
    spdlog::info("writes over HTTP: {}", off.empty() ? "on, for admin keys" : "off: " + off);
    if (writer) {
      if (const auto warning = writer->type_models_warning(); !warning.empty()) spdlog::warn("{}", warning);
    }
  }
  // Each connection takes a descriptor, and the index takes some: say so
  // before the limit is met under load (accept then pauses, see http_server.cpp).
  if (rlimit files{}; ::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY &&
                      config->max_connections + 64 > files.rlim_cur) {
    spdlog::warn("--max-connections {} is near this process's descriptor limit ({}, ulimit -n): "
                 "connections past it wait to be accepted",
                 config->max_connections, static_cast<unsigned long>(files.rlim_cur));
  }
  HttpServer server(api,
                    {config->threads, config->max_body_bytes, config->timeout_seconds,
                     config->max_connections, config->work_threads, config->gzip_min_bytes},
                    {config->tls_cert, config->tls_key});
  auto port = server.bind(config->host, config->port);
  if (!port) {
    spdlog::critical("{}", port.error().message);
    return 1;
  }
  const char* scheme = config->tls_cert.empty() ? "http" : "https";
  const std::string public_url =
      config->public_url.value_or(listen_url(!config->tls_cert.empty(), config->host, *port));
  api.set_public_url(public_url);
  spdlog::info("serving index {} (schema {}, {} clauses, {} platforms, {} categories) on {}://{}:{} "
               "with {} threads; search page at {}://{}:{}/",
               info->path, info->schema_version, info->clauses, info->platforms, info->categories,
               scheme, config->host, *port, config->threads, scheme, config->host, *port);
  spdlog::info("public URL {} (in /opensearch.xml; set with --public-url)", public_url);
  if (!config->cors_origins.empty()) {
    std::string list;
    for (const auto& o : config->cors_origins) list += (list.empty() ? "" : ", ") + o;
    spdlog::info("CORS: allowing {} origin(s): {}", config->cors_origins.size(), list);
  }

  // The signals were blocked at the start; shutdown runs on the waiter's
  // thread, not in a handler.
  const clause::SignalWaiter waiter(
      [&server](int sig) {
        spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
        server.stop();
      },
      keys ? std::function<void()>([&keys, &config] { reload_keys(*keys, config->keys_file); })
           : std::function<void()>());
  const bool served = server.listen();
  spdlog::info("stopped");
  return served ? 0 : 1;
}
