// Writes under load (issue 20, docs/reliability.md), over loopback HTTP to
// a running clause-server with --keys: batches of records that share a
// marker word, so that a reader searching the marker sees a batch whole or
// not at all. Used by the bench command bench_write_load and, in short
// runs, by tests/write_reliability_test.cpp.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace clause::bench {

struct WriteTarget {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string admin_key;   // writes
  std::string search_key;  // reads
  std::string run_id;      // letters and digits: batches of two runs never mix
  std::size_t batch_size = 20;
};

// The marker word of batch k, and the body of that batch (JSON Lines,
// ids "<run>-<k>-<i>", platform "Loadbench", the marker in every text).
std::string batch_marker(const WriteTarget& target, std::size_t k);
std::string batch_body(const WriteTarget& target, std::size_t k);

// What a search for batch k's marker found: its total, or -1 when the
// request failed (no answer) and the HTTP status otherwise in `status`.
long marker_total(const WriteTarget& target, std::size_t k, int* status = nullptr);

struct LoadOptions {
  std::size_t readers = 64;
  std::size_t writers = 2;
  double seconds = 60;      // the run ends after this long...
  std::size_t max_batches = 0;  // ...or once the writers have sent this many (0: no bound)
};

struct LoadReport {
  std::size_t reads = 0, writes_sent = 0, writes_acked = 0, writes_busy = 0;  // busy: 503 + Retry-After
  std::size_t reads_partial = 0;   // a marker total other than 0 or batch_size
  std::size_t reads_stale = 0;     // 0 for a batch acknowledged before the read began
  std::size_t failed_requests = 0; // no answer at all (connection refused, reset)
  std::map<int, std::size_t> read_statuses, write_statuses;
  std::size_t acked_checked = 0, acked_missing = 0;  // after the run: acked batches not whole
  double seconds = 0;
  // True when nothing went wrong: no 5xx but write 503s with Retry-After,
  // no partial or stale read, every acknowledged batch whole afterwards.
  bool clean() const;
};

// Readers search random markers of started batches while writers send
// batches, for options.seconds; then every acknowledged batch is checked.
LoadReport run_load(const WriteTarget& target, const LoadOptions& options);

// Sends batches 0, 1, 2... one at a time until a request gets no answer
// (the server was killed) or `stop` is set; after each acknowledged batch
// k, appends "k\n" to acked_file (flushed) and bumps `acked`.
void write_until_failure(const WriteTarget& target, const std::string& acked_file,
                         std::atomic<std::size_t>& acked, const std::atomic<bool>& stop);

struct KillCheck {
  std::size_t acked = 0, acked_whole = 0, batch_size = 0;
  long unacked_total = 0;  // the batch after the last acknowledged one: 0, or batch_size when
                           // its commit landed before the kill cut off its answer
  bool ok() const;
};

// After a kill and a restart: every batch in 0..acked-1 whole, batch
// `acked` (the one in flight) all or nothing.
KillCheck check_after_kill(const WriteTarget& target, std::size_t acked);

}  // namespace clause::bench
