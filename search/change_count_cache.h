// The `changes` counts of GET /v1/clauses/{id}, cached per index revision
// and (platform, document, as_of): the clause route is the hot one, and all
// the clauses of a document share one answer. Measured
// (bench/run_changes_cost.sh, docs/benchmarks.md): three exact Xapian
// counts on every clause fetch left 39% of its throughput; cached by
// document, 73%; cached by clause too and read in the same database lease
// as the record (SearchService::clause_with_changes), 94%.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "search/history_results.h"

namespace clause::search {

// As RecordCache: the first lookup at another revision drops every entry, so
// an answer is never older than the database the request reopened; past
// kMaxEntries the cache is emptied and fills again. Thread-safe.
class ChangeCountCache {
 public:
  static constexpr std::size_t kMaxEntries = 50000;

  static std::string key(const ChangeCountRequest& r) {
    return r.platform + '\n' + (r.document ? *r.document : std::string("\x01")) + '\n' + r.as_of;
  }
  static std::string clause_key(const std::string& id, const std::string& as_of) {
    return "\x02" + id + '\n' + as_of;
  }
  std::optional<ChangeCounts> get(const std::string& revision, const std::string& key) {
    std::lock_guard lock(mu_);
    if (revision != revision_) return std::nullopt;
    const auto it = counts_.find(key);
    if (it == counts_.end()) return std::nullopt;
    return it->second;
  }
  void put(const std::string& revision, const std::string& key, const ChangeCounts& counts) {
    std::lock_guard lock(mu_);
    if (revision != revision_ || counts_.size() >= kMaxEntries) {
      counts_.clear();
      revision_ = revision;
    }
    counts_.emplace(key, counts);
  }

 private:
  std::mutex mu_;
  std::string revision_;
  std::unordered_map<std::string, ChangeCounts> counts_;
};

}  // namespace clause::search
