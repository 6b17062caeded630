// The answers of the catalog views, cached per index revision: they read
// whole posting lists (every category's platforms, a platform's clauses)
// yet change only with a commit.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "search/results.h"

namespace clause::search {

// Answers by request key, kept for the index revision they were computed at
// (layout::revision_key: a single database or local shards; an index with a
// remote shard has no revision and is not cached). The first lookup at
// another revision drops every entry, so an answer is never older than the
// database the request reopened. Bounded: past kMaxBytes (an estimate of the
// answers' strings) the cache is emptied and fills again with what is asked.
// Thread-safe.
class CatalogCache {
 public:
  using Answer = std::variant<std::vector<NamedCount>, ClausePage, PlatformSummary, CompareResult,
                              std::vector<TypeCount>, TypePage>;
  static constexpr std::size_t kMaxBytes = 32u << 20;

  struct Stats {
    std::size_t answers = 0;  // cached at the current revision
    std::size_t bytes = 0;    // their estimated size
    std::size_t hits = 0;     // lookups answered from the cache, since start
    std::size_t misses = 0;   // lookups that computed the answer, since start
  };

  // The answer of `key` at `revision`, if cached (a copy: callers own their
  // results). Keys of different answer types must differ.
  template <class T>
  std::optional<T> get(const std::string& revision, const std::string& key) {
    const auto answer = find(revision, key);
    if (!answer) return std::nullopt;
    return std::get<T>(*answer);
  }
  void put(const std::string& revision, const std::string& key, Answer answer);
  Stats stats() const;

 private:
  std::shared_ptr<const Answer> find(const std::string& revision, const std::string& key);

  mutable std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, std::shared_ptr<const Answer>> answers_;
  Stats stats_;
};

// The estimated memory of an answer: its strings and records' strings plus a
// fixed cost per object (for the bound; not exact).
std::size_t estimated_bytes(const CatalogCache::Answer& answer);

}  // namespace clause::search
