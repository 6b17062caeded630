// The `changes` counts of GET /v1/clauses/{id}, cached per index revision
// and (platform, document, as_of): the clause route is the hot one, and all
// the clauses of a document share one answer. Measured
// (bench/run_changes_cost.sh, docs/benchmarks.md): three exact Xapian
// counts on every clause fetch left 39% of its throughput; cached by
// document, 73%; cached by clause too and read in the same database lease
// as the record (SearchService::clause_with_changes), 94%.
#pragma once

#include <cstddef>
#include <string>

#include "search/history_results.h"
#include "search/record_cache.h"

namespace clause::search {

// Per revision (search/record_cache.h), at most kMaxEntries of them.
class ChangeCountCache : public RevisionCache<ChangeCounts> {
 public:
  static constexpr std::size_t kMaxEntries = 50000;
  ChangeCountCache() : RevisionCache(kMaxEntries) {}

  static std::string key(const ChangeCountRequest& r) {
    return r.platform + '\n' + (r.document ? *r.document : std::string("\x01")) + '\n' + r.as_of;
  }
  static std::string clause_key(const std::string& id, const std::string& as_of) {
    return "\x02" + id + '\n' + as_of;
  }
  void put(const std::string& revision, const std::string& key, const ChangeCounts& counts) {
    RevisionCache::put(revision, key, counts, 1);
  }
};

}  // namespace clause::search
