#include "similar/snapshot_cache.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "schema/index_open.h"
#include "schema/schema_version.h"

namespace clause::similar {

SnapshotCache::SnapshotCache(std::string path, std::size_t max_clauses, const Bm25Params& params,
                             std::size_t threads)
    : path_(std::move(path)),
      max_clauses_(max_clauses),
      params_(params),
      threads_(threads > 0 ? threads : std::max<std::size_t>(1, std::thread::hardware_concurrency() / 2)) {}

SnapshotCache::~SnapshotCache() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  idle_.notify_all();
  if (watcher_.joinable()) watcher_.join();
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

void SnapshotCache::watch(double seconds) {
  if (max_clauses_ == 0 || watcher_.joinable()) return;
  watcher_ = std::thread([this, seconds] {
    for (;;) {
      {
        std::unique_lock lock(mu_);
        if (idle_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return stopping_; })) return;
      }
      try {
        const layout::OpenedIndex index(path_);
        const layout::RevisionScope scope(index);
        if (layout::revision_key(index.db()).empty()) return;  // remote shards: never a snapshot
        get(index.db());  // starts the build of a new revision
      } catch (const Xapian::Error& e) {
        spdlog::debug("similar: snapshot watch: {}", e.get_description());  // the requests report it
      }
    }
  });
}

std::shared_ptr<const Snapshot> SnapshotCache::get(const Xapian::Database& db) {
  if (max_clauses_ == 0) return nullptr;
  const std::string key = layout::revision_key(db);
  if (key.empty()) return nullptr;
  std::lock_guard lock(mu_);
  if (current_ && current_->key() == key) return current_;
  // Another revision: the snapshot is no longer served, but the build
  // starts from it (its memory goes when that build ends).
  if (current_) base_ = std::move(current_);
  start_build(key);
  return nullptr;
}

void SnapshotCache::warm() {
  if (max_clauses_ == 0) return;
  std::lock_guard lock(mu_);
  start_build("");
}

bool SnapshotCache::wait_idle(double seconds) {
  std::unique_lock lock(mu_);
  return idle_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return building_.empty(); });
}

void SnapshotCache::start_build(const std::string& key) {
  if (!building_.empty() || (!key.empty() && key == failed_)) return;
  if (thread_.joinable()) thread_.join();  // the previous build has finished (building_ is empty)
  building_ = key.empty() ? std::string("(current)") : key;
  thread_ = std::thread([this, key] { run_build(key); });
}

SnapshotCache::Status SnapshotCache::status() {
  Status st;
  std::lock_guard lock(mu_);
  if (max_clauses_ == 0) {
    st.state = "off";
  } else if (current_) {
    st.state = "ready";
    st.revision = current_->key();
    st.clauses = current_->clauses();
    st.bytes = current_->memory_bytes();
  } else if (!building_.empty()) {
    st.state = "building";
  } else {
    st.state = "none";
    st.reason = reason_;
  }
  return st;
}

// Opens the index afresh (the requests' databases are not thread-safe) and
// reads its current revision, which may already be newer than `key`.
void SnapshotCache::run_build(std::string key) {
  std::shared_ptr<const Snapshot> built, base;
  std::string built_key = key, reason;
  {
    std::lock_guard lock(mu_);
    base = base_;
  }
  try {
    const layout::OpenedIndex index(path_);
    const layout::RevisionScope scope(index);
    const Xapian::Database& db = index.db();
    built_key = layout::revision_key(db);
    if (built_key.empty()) {
      reason = "the index has remote shards";
    } else if (db.get_doccount() > max_clauses_) {
      reason = std::to_string(db.get_doccount()) + " documents exceed --similar-snapshot-max " +
               std::to_string(max_clauses_);
    } else {
      const auto start = std::chrono::steady_clock::now();
      auto snapshot = Snapshot::build(db, built_key, params_, cancel_, threads_, base.get());
      if (snapshot) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        spdlog::info(
            "similar: snapshot of revision {} ready: {} clauses, {} documents in all ({} unchanged since the "
            "last), {:.1f} MiB, {:.1f} s on {} thread(s)",
            built_key, snapshot->clauses(), snapshot->doccount(), snapshot->reused(), snapshot->memory_bytes() / 1048576.0, secs,
            threads_);
      }
      built = std::move(snapshot);
    }
  } catch (const Xapian::Error& e) {
    reason = "the build failed: " + e.get_description();
  }
  if (!reason.empty()) spdlog::info("similar: no snapshot, similar requests read the index: {}", reason);
  base.reset();
  std::lock_guard lock(mu_);
  base_.reset();
  if (built) {
    current_ = std::move(built);
  } else if (!cancel_) {
    failed_ = built_key.empty() ? key : built_key;
    reason_ = reason;
  }
  building_.clear();
  idle_.notify_all();
}

}  // namespace clause::similar
