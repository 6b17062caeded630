// The answers of the catalog views, cached per index revision: they read
// whole posting lists (every category's platforms, a platform's clauses)
// yet change only with a commit.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "schema/result.h"
#include "search/results.h"

namespace clause::search {

using CatalogAnswer = std::variant<std::vector<NamedCount>, ClausePage, PlatformSummary, CompareResult,
                                   std::vector<TypeCount>, TypePage>;

// The estimated memory of an answer: its strings and records' strings plus a
// fixed cost per object (for the bound; not exact).
std::size_t estimated_bytes(const CatalogAnswer& answer);

// Answers by request key, kept for the index revision they were computed at
// (layout::revision_key: a single database or local shards; an index with a
// remote shard has no revision and is not cached). Storing an answer of
// another revision drops every entry, so an answer is never older than the
// database the request reopened: readers see a commit on their next request.
//
// Computed once: while one caller computes the answer of a key at a
// revision, the others asking for it wait for that answer instead of
// reading the same posting lists beside it (a burst of first requests after
// a commit would otherwise all compute, each slower for the others). If the
// computation fails (an error result or an exception), each waiter computes
// its own.
//
// Bounded: at most `max_answers` answers and `max_bytes` of them (an
// estimate of their strings); past either bound the least recently used
// answers go. An answer alone over `max_bytes` is returned, not kept.
// Errors (unknown slugs) are never kept: they are cheap to find again.
// Thread-safe.
class CatalogCache {
 public:
  using Answer = CatalogAnswer;
  static constexpr std::size_t kMaxBytes = 32u << 20;
  // Per-slug and per-page answers are many (a platform's summary, each page
  // of a category, a compare of chosen platforms); the lists are a few.
  static constexpr std::size_t kMaxAnswers = 4096;

  struct Stats {
    std::size_t answers = 0;    // cached at the current revision
    std::size_t bytes = 0;      // their estimated size
    std::size_t hits = 0;       // answered from the cache (or another's computation), since start
    std::size_t misses = 0;     // computed the answer, since start
    std::size_t waits = 0;      // of the hits, those that waited for another's computation
    std::size_t evictions = 0;  // answers dropped for a bound (not for a commit), since start
  };

  explicit CatalogCache(std::size_t max_answers = kMaxAnswers, std::size_t max_bytes = kMaxBytes)
      : max_answers_(max_answers), max_bytes_(max_bytes) {}

  // The answer of `key` at `revision`: the cached one, another caller's
  // computation of it, or compute() -> Result<T>. Keys of different answer
  // types must differ. Callers get a copy (they own their results).
  template <class T, class Compute>
  Result<T> answer(const std::string& revision, const std::string& key, Compute compute);

  Stats stats() const;

 private:
  struct Flight;  // one computation in progress
  struct Entry {
    std::shared_ptr<const Answer> answer;
    std::size_t bytes = 0;
    std::list<std::string>::iterator recent;  // its place in recent_
  };
  // What begin() found: a cached or waited-for answer, or else a flight of
  // one's own to compute and land() (null when another's failed: computed
  // alone, without waiters).
  struct Lookup {
    std::shared_ptr<const Answer> answer;
    std::shared_ptr<Flight> flight;
  };
  // Lands a computation when it goes out of scope: kept with the answer if
  // given, else failed (an error result, an exception) so that waiters go on.
  class Landing {
   public:
    Landing(CatalogCache& cache, const std::string& revision, const std::string& key,
            std::shared_ptr<Flight> flight)
        : cache_(cache), revision_(revision), key_(key), flight_(std::move(flight)) {}
    Landing(const Landing&) = delete;
    Landing& operator=(const Landing&) = delete;
    ~Landing() { cache_.land(revision_, key_, flight_.get(), std::move(answer_), bytes_); }
    // Its size is estimated here, outside the cache's lock.
    void set(Answer answer) {
      bytes_ = key_.size() + estimated_bytes(answer);
      answer_ = std::make_shared<const Answer>(std::move(answer));
    }

   private:
    CatalogCache& cache_;
    const std::string& revision_;
    const std::string& key_;
    std::shared_ptr<Flight> flight_;
    std::shared_ptr<const Answer> answer_;
    std::size_t bytes_ = 0;
  };

  Lookup begin(const std::string& revision, const std::string& key);
  void land(const std::string& revision, const std::string& key, Flight* flight,
            std::shared_ptr<const Answer> answer, std::size_t bytes);
  void store(const std::string& revision, const std::string& key, std::shared_ptr<const Answer> answer,
             std::size_t bytes);
  void evict_to_bounds();

  const std::size_t max_answers_;
  const std::size_t max_bytes_;
  mutable std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, Entry> answers_;
  std::list<std::string> recent_;  // keys of answers_, most recently used first
  // Computations in progress, by revision and key.
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
  Stats stats_;
};

struct CatalogCache::Flight {
  std::condition_variable landed_cv;  // waits on mu_
  bool landed = false;
  std::shared_ptr<const Answer> answer;  // null when the computation failed
};

template <class T, class Compute>
Result<T> CatalogCache::answer(const std::string& revision, const std::string& key, Compute compute) {
  const Lookup found = begin(revision, key);
  if (found.answer) return std::get<T>(*found.answer);
  Landing landing(*this, revision, key, found.flight);
  Result<T> computed = compute();
  if (computed) landing.set(*computed);
  return computed;
}


}  // namespace clause::search
