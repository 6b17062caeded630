// The pool of per-request Xapian databases of the search layer, and the
// retries that make a request survive a commit, a dropped remote shard or a
// replica switch under it.
#pragma once

#include <xapian.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "schema/index_open.h"
#include "schema/result.h"
#include "schema/schema_version.h"

namespace clause::search {

// Xapian::Database objects are not thread-safe: the pool hands each request
// a database of its own, reopened to the index's latest commit, and takes it
// back afterwards. The pool grows to the number of concurrent requests.
class DbPool {
 public:
  // Opens one database to check that the path is usable; throws Xapian::Error.
  explicit DbPool(std::string path);

  // Runs fn(db) -> Result<T> on a reopened database. A DatabaseModifiedError
  // (the indexer committed mid-request) reopens and retries until
  // kModifiedBudget has passed. A NetworkError (a remote shard's xapian-tcpsrv
  // closed an idle connection) or a DatabaseOpeningError on
  // reopen (xapian-replicate switched a replica to a fresh copy) retries once
  // on a newly opened database. A database that cannot be opened, reached or
  // read (missing, corrupt) becomes Error::unavailable and is not reused; any
  // other Xapian error is rethrown as std::runtime_error with Xapian's
  // description, for the one handler that answers 500.
  template <class F>
  auto run(F&& fn) const -> decltype(fn(std::declval<Xapian::Database&>()));

  const std::string& path() const { return path_; }
  // Why a time budget and not a count: a request is overtaken only when a
  // commit lands while it reads, so how many retries it needs depends on how
  // long it takes against how often the writer commits, and on a loaded
  // machine five quick retries could all be overtaken (a flaky 503 seen in
  // FaultTest.AnswersStayConsistentWhileTheIndexerCommits).
  static constexpr std::chrono::milliseconds kModifiedBudget{3000};

 private:
  using Index = layout::OpenedIndex;
  std::unique_ptr<Index> take() const;
  void give(std::unique_ptr<Index> index) const;

  std::string path_;
  mutable std::mutex mu_;
  mutable std::vector<std::unique_ptr<Index>> free_;
};

template <class F>
auto DbPool::run(F&& fn) const -> decltype(fn(std::declval<Xapian::Database&>())) {
  std::unique_ptr<Index> index;
  try {
    bool reconnected = false, overtaken = false;
    const auto give_up_at = std::chrono::steady_clock::now() + kModifiedBudget;
    // A reader only keeps its revision until the writer's next commit but
    // one: under a stream of commits a retry can be overtaken again. Opening
    // the index can be overtaken too (a commit while a new database reads
    // its tables), so it is retried with the rest.
    for (;;) {
      try {
        if (!index) index = reconnected ? std::make_unique<Index>(path_) : take();
        index->reopen(overtaken);
        // revision_key(db) inside fn: also for a stub of local shards.
        const layout::RevisionScope scope(*index);
        auto result = fn(index->db());
        give(std::move(index));
        return result;
      } catch (const Xapian::DatabaseModifiedError&) {
        if (std::chrono::steady_clock::now() >= give_up_at) throw;
        overtaken = true;
      } catch (const Xapian::NetworkError&) {
        if (reconnected) throw;
        reconnected = true;
        index.reset();  // opened afresh at the top of the loop
      } catch (const Xapian::DatabaseOpeningError&) {
        if (reconnected) throw;
        reconnected = true;
        index.reset();
      }
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    // Not a broken index: keep the database for the next request.
    if (index) give(std::move(index));
    return Error::unavailable("the index was committed to faster than this request could read it; retry");
  } catch (const Xapian::DatabaseOpeningError& e) {
    return Error::unavailable("the index cannot be opened: " + e.get_msg());
  } catch (const Xapian::NetworkError& e) {
    return Error::unavailable("a shard of the index cannot be reached: " + e.get_msg());
  } catch (const Xapian::DatabaseError& e) {
    // Corrupt or vanished files: the index is broken, not the request. The
    // database is dropped, so the next request opens the index afresh.
    return Error::unavailable("the index cannot be read: " + e.get_description());
  } catch (const Xapian::Error& e) {
    throw std::runtime_error(e.get_description());
  }
}

}  // namespace clause::search
