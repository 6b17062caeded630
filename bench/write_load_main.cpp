// bench_write_load: writes under load against a running clause-server with
// --keys (docs/reliability.md; bench/run_write_reliability.sh drives it).
//
//   bench_write_load load  --port P --admin-key K --search-key K [--readers 64]
//                          [--writers 2] [--seconds 60] [--batch 20] [--run-id ID]
//   bench_write_load write --port P --admin-key K --acked FILE [--batch 20] [--run-id ID] [--from N]
//   bench_write_load check --port P --search-key K --acked N [--batch 20] [--run-id ID]
//
// load: readers search batch markers while writers send batches; prints the
// figures and exits 1 unless the run was clean. write: sends batches until
// the server stops answering, appending each acknowledged batch to FILE.
// check: after a kill and restart, batches 0..N-1 whole, batch N all or nothing.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "bench/write_load.h"

namespace {

using namespace clause::bench;

int usage() {
  std::fprintf(stderr, "usage: bench_write_load load|write|check --port P [options] (see bench/write_load_main.cpp)\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string mode = argv[1];
  std::map<std::string, std::string> opt;
  for (int i = 2; i + 1 < argc; i += 2) opt[argv[i]] = argv[i + 1];
  const auto get = [&](const std::string& name, const std::string& fallback) {
    const auto it = opt.find(name);
    return it == opt.end() ? fallback : it->second;
  };
  WriteTarget target;
  target.port = std::atoi(get("--port", "0").c_str());
  target.admin_key = get("--admin-key", "");
  target.search_key = get("--search-key", "");
  target.run_id = get("--run-id", "r1");
  target.batch_size = std::strtoul(get("--batch", "20").c_str(), nullptr, 10);
  if (target.port <= 0 || target.batch_size == 0) return usage();

  if (mode == "load") {
    LoadOptions options;
    options.readers = std::strtoul(get("--readers", "64").c_str(), nullptr, 10);
    options.writers = std::strtoul(get("--writers", "2").c_str(), nullptr, 10);
    options.seconds = std::atof(get("--seconds", "60").c_str());
    const LoadReport r = run_load(target, options);
    std::printf("load: %zu readers, %zu writers, batches of %zu, %.1f s\n", options.readers, options.writers,
                target.batch_size, r.seconds);
    std::printf("reads: %zu (%.0f/s), partial batches seen: %zu, acknowledged batches not seen: %zu\n", r.reads,
                r.reads / r.seconds, r.reads_partial, r.reads_stale);
    std::printf("writes: %zu sent, %zu acknowledged (%.0f records/s), %zu busy (503 + Retry-After)\n",
                r.writes_sent, r.writes_acked, r.writes_acked * target.batch_size / r.seconds, r.writes_busy);
    std::printf("requests without an answer: %zu\n", r.failed_requests);
    for (const auto& [status, n] : r.read_statuses) std::printf("  read status %d: %zu\n", status, n);
    for (const auto& [status, n] : r.write_statuses) std::printf("  write status %d: %zu\n", status, n);
    std::printf("afterwards: %zu acknowledged batches checked, %zu not whole\n", r.acked_checked, r.acked_missing);
    std::printf("%s\n", r.clean() ? "CLEAN" : "FAILED");
    return r.clean() ? 0 : 1;
  }
  if (mode == "write") {
    std::atomic<std::size_t> acked{std::strtoul(get("--from", "0").c_str(), nullptr, 10)};
    const std::atomic<bool> stop{false};
    write_until_failure(target, get("--acked", ""), acked, stop);
    std::printf("acknowledged up to batch %zu\n", acked.load());
    return 0;
  }
  if (mode == "check") {
    const KillCheck c = check_after_kill(target, std::strtoul(get("--acked", "0").c_str(), nullptr, 10));
    std::printf("acknowledged %zu, whole %zu, unacknowledged batch found %ld of %zu: %s\n", c.acked,
                c.acked_whole, c.unacked_total, c.batch_size, c.ok() ? "OK" : "FAILED");
    return c.ok() ? 0 : 1;
  }
  return usage();
}
