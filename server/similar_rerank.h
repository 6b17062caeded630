// Re-ranking of the similarity engine's candidates by the cosine of tf-idf
// vectors: a symmetric measure (a long clause that happens to hold the query's
// words scores lower than a clause of the same length and wording), in [0, 1].
// Internal to server/similarity.cpp. Not thread-safe (caches per query).
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "server/similar_terms.h"

namespace clause::similar {

class CosineScorer {
 public:
  CosineScorer(const Xapian::Database& db, const std::vector<QueryTerm>& query_terms);

  // Cosine between the query and the document's matchable terms.
  double score(Xapian::docid doc);

 private:
  double weight(const std::string& term, Xapian::termcount wdf);

  const Xapian::Database& db_;
  double total_;
  std::unordered_map<std::string, double> idf_;
  std::unordered_map<std::string, double> query_;
  double query_norm_ = 0;
};

}  // namespace clause::similar
