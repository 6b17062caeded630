// SnapshotCache: keeps the similarity snapshot (similar/snapshot.h) of the
// index's current revision, building it in the background, so that requests
// never wait for a build. Kept apart from the snapshot itself, as LevelDB
// keeps its table cache apart from the table: the snapshot is an immutable
// data structure, this is the threads and locking that maintain one.
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "similar/bm25.h"
#include "similar/snapshot.h"

namespace clause::similar {

// The snapshot of a database's current revision, built in the background.
// get() answers at once: the snapshot when one of exactly the request's
// revision is ready, else nullptr (and a build of that revision starts when
// none runs). A build after a commit starts from the snapshot it replaces
// (Snapshot::build's base), which is kept until the build ends. A database
// is keyed by its revision (layout::revision_key: a single database, or
// local shards opened by the server's pool, which sets a RevisionScope); for
// remote databases get() is always nullptr.
// Builds run on a thread of their own, and watch() adds a thread that looks
// for new revisions; the destructor cancels and joins both.
// Thread-safe.
class SnapshotCache {
 public:
  // path: what to open for a build (the index the requests read).
  // max_clauses: a larger index gets no snapshot (memory), 0 disables.
  // params: the BM25 parameters the snapshots' postings are computed for.
  // threads: threads of a build (Snapshot::build); 0: half the cores, at
  // least one, so that a build leaves the other half to the requests.
  SnapshotCache(std::string path, std::size_t max_clauses, const Bm25Params& params, std::size_t threads = 0);
  ~SnapshotCache();  // cancels and joins a running build

  std::shared_ptr<const Snapshot> get(const Xapian::Database& db);
  // Starts a build of the index's current revision now (at server start).
  void warm();
  // From now on, looks at the index every `seconds` and starts the build of a
  // new revision at once, so that the first /similar requests after a commit
  // find the snapshot ready rather than starting its build. Stops for an
  // index without a revision (remote shards) or with the snapshot off.
  void watch(double seconds);

  // For the health check: "off" (max_clauses 0), "building", "ready" (a
  // snapshot is held: of `revision`), or "none" with the reason (shards, too
  // many clauses, a failed build; the index answers then).
  struct Status {
    std::string state;
    std::string reason;
    std::string revision;  // the snapshot's key
    std::size_t clauses = 0;
    std::size_t bytes = 0;
  };
  Status status();
  // Waits until no build runs (tests, benchmarks); false on timeout.
  bool wait_idle(double seconds);

 private:
  void start_build(const std::string& key);  // mu_ held
  void run_build(std::string key);

  const std::string path_;
  const std::size_t max_clauses_;
  const Bm25Params params_;
  const std::size_t threads_;
  std::mutex mu_;
  std::condition_variable idle_;
  std::shared_ptr<const Snapshot> current_;
  std::shared_ptr<const Snapshot> base_;  // the last snapshot, for the next build
  std::string building_;  // key of the running build; empty when none
  std::string failed_;    // key whose build failed or was refused (not retried)
  std::string reason_;    // why failed_ has no snapshot
  std::atomic<bool> cancel_{false};
  std::thread thread_;
  bool stopping_ = false;  // the destructor runs (guarded by mu_)
  std::thread watcher_;
};

}  // namespace clause::similar
