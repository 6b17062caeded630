// IdfCache: inverse document frequencies shared across similarity requests.
// The re-rank's cosine needs the idf of every term of every candidate (for
// the candidate's norm); looking each up in the index anew per request was
// most of the re-rank's cost. Owned by whoever outlives the requests (the
// SearchService), handed to each SimilarityEngine.
//
// Contract: idf(term) = ln((N + 1) / df) for the database passed to bind(),
// 0 for a term no document holds. Entries belong to one index state (its
// uuid, document count and total length); bind() with another state clears
// them. Two requests on different revisions at the same moment may leave an
// entry of the older one until the next change: a df drift of one commit.
// At most max_entries terms are kept (then the cache starts over).
// Thread-safe.
#pragma once

#include <xapian.h>

#include <cmath>
#include <cstddef>
#include <shared_mutex>
#include <string>
#include <unordered_map>

namespace clause::similar {

// The re-rank cosine's statistics, in one place so that the cosine, the
// snapshot and the cache compute them bit for bit alike: ln((N + 1) / df)
// for a term held by df of N clauses (0 when none holds it), and a term's
// weight (1 + ln tf) x idf in a clause's tf-idf vector.
inline double idf_of(double clauses, double df) { return df > 0 ? std::log((clauses + 1) / df) : 0.0; }
inline double tfidf(double tf, double idf) { return (1.0 + std::log(tf)) * idf; }

class IdfCache {
 public:
  explicit IdfCache(std::size_t max_entries = std::size_t{1} << 18) : max_entries_(max_entries) {}

  // Makes the cache answer for db's current state; call once per request.
  void bind(const Xapian::Database& db);
  double idf(const Xapian::Database& db, const std::string& term);

 private:
  std::shared_mutex mutex_;
  std::string state_;
  std::unordered_map<std::string, double> idf_;
  std::size_t max_entries_;
};

}  // namespace clause::similar
