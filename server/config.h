// Server configuration: built once from defaults, then environment
// variables, then command-line flags (later wins), validated once, and passed
// by const reference afterwards. No globals.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "schema/result.h"

namespace clause::server {

// Twice the cores, at least 4, for both pools of threads: enough to keep the
// cores busy while some wait (on the disk, on the index's writer), and few
// enough that answers are made first come, first served rather than all at
// once: at 64 connections the pool of work with 4 threads answered /similar
// with a p99 of 83 ms, with 64 threads 250 ms (docs/benchmarks.md).
inline int default_threads() {
  return static_cast<int>(std::max(4u, 2 * std::thread::hardware_concurrency()));
}

struct Config {
  std::string db_path;               // --db / CLAUSE_DB (required)
  std::string host = "127.0.0.1";    // --host / CLAUSE_HOST
  int port = 8080;                   // --port / CLAUSE_PORT (0 = any free port)
  int threads = default_threads();   // --threads / CLAUSE_THREADS: event-loop threads serving HTTP
  int work_threads = default_threads();  // --work-threads / CLAUSE_WORK_THREADS: searches, /similar, writes
  std::string log_level = "info";    // --log-level / CLAUSE_LOG_LEVEL
  std::size_t max_body_bytes = 1 << 20;  // --max-body-bytes / CLAUSE_MAX_BODY_BYTES
  std::size_t gzip_min_bytes = 1024;  // --gzip-min-bytes / CLAUSE_GZIP_MIN_BYTES (0: never)
  int timeout_seconds = 10;          // --timeout / CLAUSE_TIMEOUT: to send a request, to take an answer
  std::vector<std::string> cors_origins;  // --cors-origins / CLAUSE_CORS_ORIGINS (default none)
  std::size_t max_connections = 512;  // --max-connections / CLAUSE_MAX_CONNECTIONS: open at once
  std::string tls_cert;              // --tls-cert / CLAUSE_TLS_CERT: PEM certificate (HTTPS)
  std::string tls_key;               // --tls-key / CLAUSE_TLS_KEY: PEM private key
  // --similar-bar / CLAUSE_SIMILAR_BAR: the score in 0..1 from which another
  // platform's best clause counts as similar; unset keeps the calibrated
  // default of SimilarityOptions (docs/similarity.md).
  std::optional<double> similar_bar;
  // --similar-snapshot-max / CLAUSE_SIMILAR_SNAPSHOT_MAX: the largest index
  // (clauses) whose similarity snapshot is kept in memory; 0 turns it off.
  std::optional<std::size_t> similar_snapshot_max;
  // --similar-snapshot-threads / CLAUSE_SIMILAR_SNAPSHOT_THREADS: threads of
  // a snapshot build; 0 (default): half the cores.
  std::optional<std::size_t> similar_snapshot_threads;
  // --public-url / CLAUSE_PUBLIC_URL: the base URL users reach the server
  // at (behind a proxy, say), for links the server hands out such as the
  // OpenSearch template; unset: the address it listens on.
  std::optional<std::string> public_url;
  // --keys / CLAUSE_KEYS: the API keys file (docs/API.md, "API keys"),
  // reloaded on SIGHUP; unset: no keys, every route open, writes off.
  std::string keys_file;
  bool help = false;                 // --help: print usage and exit
};

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

// Parses args (without argv[0]). Errors name the flag or variable at fault.
// With --help the result has help = true and db_path may be empty.
Result<Config> load_config(const std::vector<std::string>& args, const EnvLookup& env);

// The --help text: every flag, its variable and its default.
std::string usage();

}  // namespace clause::server
